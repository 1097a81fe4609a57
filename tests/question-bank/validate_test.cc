#include "khaothi/bank/validate.h"

#include <catch2/catch.hpp>

#include "khaothi/bank/native.h"
#include "khaothi/engine/outline.h"

namespace khaothi::bank {
namespace {

std::string ItemText(const std::string& id, const std::string& stem,
                     const std::string& extra = "") {
  return "[" + id + "]\nmodule: IU06\ntopic: IU06.6.1\ndifficulty: medium\nstem: " + stem +
         "\nA. một\nB. hai\nC. ba\nD. bốn\nkey: C\n" + extra + "\n";
}

std::vector<Diagnostic> Validate(const std::string& text) {
  ParsedBank parsed = ParseNative(text, "v.bank");
  REQUIRE_FALSE(parsed.has_errors());
  return ValidateBank(parsed.items, engine::Outline::Default());
}

TEST_CASE("item rules are reported with the item's file and line") {
  const std::string text =
      ItemText("IU06-0001", "Thư lừa đảo thường có dấu hiệu nào?") +
      "[IU06-0002]\nmodule: IU06\ntopic: IU06.9.9\ndifficulty: easy\nstem: Câu hỏi\nA. a\nB. a\n"
      "key: A, B\nmode: single\n";
  std::vector<Diagnostic> ds = Validate(text);
  REQUIRE(ds.size() == 3);  // unknown topic, repeated option, two keys
  for (const Diagnostic& d : ds) {
    CHECK(d.line == 12);
    CHECK(d.severity == Severity::kError);
    CHECK_THAT(d.message, Catch::StartsWith("item IU06-0002: "));
  }
}

TEST_CASE("a duplicate id names where the first one is") {
  std::vector<Diagnostic> ds = Validate(ItemText("IU06-0001", "Câu một về mật khẩu mạnh?") +
                                        ItemText("IU06-0001", "Câu hai?"));
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].line == 12);
  CHECK_THAT(ds[0].message, Catch::Contains("duplicate id IU06-0001 (first at v.bank:1)"));
}

TEST_CASE("near-duplicate stems are warnings, different stems are not") {
  const std::string a = "Khi nhận được thư yêu cầu cung cấp mật khẩu ngân hàng, bạn nên làm gì?";
  const std::string b = "Khi nhận được thư yêu cầu cung cấp mật khẩu ngân hàng, em nên làm gì?";
  const std::string c = "Phím tắt nào dùng để sao chép đối tượng đang chọn trong Windows?";
  CHECK(StemSimilarity(a, b) >= kNearDuplicateThreshold);
  CHECK(StemSimilarity(a, c) < 0.5);
  CHECK(StemSimilarity("Mật KHẨU mạnh?", "mật khẩu, mạnh") == 1.0);
  std::vector<Diagnostic> ds =
      Validate(ItemText("IU06-0001", a) + ItemText("IU06-0002", b) + ItemText("IU06-0003", c));
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].severity == Severity::kWarning);
  CHECK_THAT(ds[0].message, Catch::Contains("IU06-0002") && Catch::Contains("IU06-0001"));
}

}  // namespace
}  // namespace khaothi::bank
