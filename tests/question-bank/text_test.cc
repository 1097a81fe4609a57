#include "khaothi/bank/text.h"

#include <catch2/catch.hpp>

namespace khaothi::bank {
namespace {

TEST_CASE("decomposed and composed Vietnamese normalise to the same text") {
  // "Tiếng Việt": composed (U+1EBF, U+1EC7) versus e + circumflex + acute etc.
  const std::string composed = "Ti\xE1\xBA\xBFng Vi\xE1\xBB\x87t";
  const std::string decomposed = "Tie\xCC\x82\xCC\x81ng Vie\xCC\xA3\xCC\x82t";
  CHECK(composed != decomposed);
  CHECK(ToNfc(decomposed) == composed);
  CHECK(NormalizeText(decomposed) == NormalizeText(composed));
  // IsNfc says whether ToNfc would change the text.
  CHECK(IsNfc(composed));
  CHECK_FALSE(IsNfc(decomposed));
  CHECK(IsNfc("ASCII only"));
  CHECK(IsNfc(""));
}

TEST_CASE("NormalizeText trims lines and blank edges and is idempotent") {
  const std::string raw = "\r\n  \n  Câu hỏi  \r\n  dòng hai\t \n\n";
  const std::string norm = NormalizeText(raw);
  CHECK(norm == "Câu hỏi\n  dòng hai");
  CHECK(NormalizeText(norm) == norm);
}

TEST_CASE("invalid UTF-8 is found at its offset") {
  CHECK(FindInvalidUtf8("abc") == std::string_view::npos);
  CHECK(FindInvalidUtf8("Việt") == std::string_view::npos);
  CHECK(FindInvalidUtf8("ab\xC3") == 2);             // truncated sequence
  CHECK(FindInvalidUtf8("a\xC0\xAF") == 1);          // overlong '/'
  CHECK(FindInvalidUtf8("\xED\xA0\x80") == 0);       // surrogate
  CHECK(FindInvalidUtf8("x\xF4\x90\x80\x80") == 1);  // above U+10FFFF
  CHECK(LineOfOffset("a\nb\nc", 4) == 3);
}

TEST_CASE("binary data is recognised") {
  CHECK(LooksBinary(std::string("PK\x03\x04\0\0", 6)));
  CHECK_FALSE(LooksBinary("plain text\nwith lines\n"));
}

}  // namespace
}  // namespace khaothi::bank
