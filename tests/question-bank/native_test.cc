#include "khaothi/bank/native.h"

#include <random>

#include <catch2/catch.hpp>

#include "khaothi/bank/text.h"
#include "khaothi/bank/validate.h"
#include "khaothi/engine/outline.h"

namespace khaothi::bank {
namespace {

using engine::Item;

const char* const kSample = R"(# A comment
[IU04-0107]
module: IU04
topic: IU04.5.1
difficulty: hard
group: IU04-G01
stem:
  Ô C2 chứa công thức =A2*$B$1. Sao chép C2 xuống ô C3.

  Công thức trong C3 là gì?
A. =A3*$B$1
B. =A3*$B$2
C. =A2*$B$1
D. Không phương án nào ở trên
key: A
fixed: D
feedback.B: $B$1 là địa chỉ tuyệt đối nên không đổi.
explanation: Địa chỉ tương đối A2 đổi thành A3, còn $B$1 giữ nguyên.
)";

TEST_CASE("the documented example parses into the item it describes") {
  ParsedBank parsed = ParseNative(kSample, "IU04.bank");
  REQUIRE(parsed.diagnostics.empty());
  REQUIRE(parsed.items.size() == 1);
  const SourceItem& s = parsed.items[0];
  CHECK(s.line == 2);
  CHECK(s.file == "IU04.bank");
  const Item& item = s.item;
  CHECK(item.id == "IU04-0107");
  CHECK(item.module == "IU04");
  CHECK(item.topic == "IU04.5.1");
  CHECK(item.difficulty == engine::Difficulty::kHard);
  CHECK(item.status == engine::ItemStatus::kActive);
  CHECK(item.exclusion_group == "IU04-G01");
  CHECK(item.stem ==
        "Ô C2 chứa công thức =A2*$B$1. Sao chép C2 xuống ô C3.\n\nCông thức trong C3 là gì?");
  REQUIRE(item.options.size() == 4);
  CHECK(item.options[0].correct);
  CHECK_FALSE(item.options[1].correct);
  CHECK(item.options[3].fixed);
  CHECK(item.options[1].feedback == "$B$1 là địa chỉ tuyệt đối nên không đổi.");
  CHECK(item.mode == engine::ResponseMode::kSingle);
  CHECK(ValidateBank(parsed.items, engine::Outline::Default()).empty());
}

TEST_CASE("the software field is read, written only when set, and kept by a round trip") {
  const std::string base = "[X-1]\nmodule: IU05\ntopic: IU05.1.1\ndifficulty: easy\n";
  const std::string rest = "stem: s\nA. a\nB. b\nkey: A\n";
  ParsedBank lo = ParseNative(base + "software: libreoffice\n" + rest, "f");
  REQUIRE(lo.diagnostics.empty());
  CHECK(lo.items.at(0).item.software == engine::Software::kLibreOffice);
  ParsedBank ms = ParseNative(base + rest + "software: microsoft\n", "f");
  REQUIRE(ms.diagnostics.empty());
  CHECK(ms.items.at(0).item.software == engine::Software::kMicrosoft);
  // Written after status, in the order of the table in docs/bank-format.md.
  CHECK(SerializeNative({lo.items[0].item}) == base + "software: libreoffice\n" + rest);
  // An item without the field holds for any software and its text has no software line, so the
  // canonical text (and content hash) of every existing item stays what it was.
  ParsedBank any = ParseNative(base + rest, "f");
  REQUIRE(any.diagnostics.empty());
  CHECK(any.items.at(0).item.software == engine::Software::kAny);
  CHECK(SerializeNative({any.items[0].item}) == base + rest);
}

TEST_CASE("multiple keys make a multiple-answer item: weights are read exactly") {
  ParsedBank parsed = ParseNative(
      "[X-1]\nmodule: IU01\ntopic: IU01.1.1\ndifficulty: easy\nstem: s\nA. a\nB. b\nC. c\n"
      "key: A, C\nweights: A=50, C=50, B=-33.333\n",
      "f");
  REQUIRE(parsed.diagnostics.empty());
  const Item& item = parsed.items.at(0).item;
  CHECK(item.mode == engine::ResponseMode::kMultiple);
  CHECK(item.options[1].weight == -33.333);
  CHECK(item.weighted());
}

TEST_CASE("decomposed Vietnamese in a file is stored composed (NFC)") {
  const std::string decomposed = "Tie\xCC\x82\xCC\x81ng Vie\xCC\xA3\xCC\x82t";
  ParsedBank parsed = ParseNative("[X-1]\nstem: " + decomposed + "\nA. a\nB. b\nkey: A\n", "f");
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].item.stem == "Tiếng Việt");
}

// Every syntax error names its line and keeps the other items readable.
TEST_CASE("syntax errors name their file and line") {
  struct Case {
    const char* text;
    int line;
    const char* fragment;
  };
  const Case cases[] = {
      {"stem: x\n", 1, "outside an item"},
      {"[X-1]\nstem: x\nA. a\nC. c\nkey: A\n", 4, "out of order"},
      {"[X-1]\nstem: x\nstem: y\nA. a\nB. b\nkey: A\n", 3, "repeated"},
      {"[X-1]\nanswer: x\n", 2, "unknown field"},
      {"[X 1]\nstem: x\nA. a\nB. b\nkey: A\n", 1, "invalid item id"},
      {"[X-1]\nstem: x\nA. a\nB. b\nkey: E\n", 5, "does not name"},
      {"[X-1]\nstem: x\nA. a\nB. b\nkey: A\ndifficulty: hrad\n", 6, "difficulty"},
      {"[X-1]\nstem: x\nA. a\nB. b\nkey: A\nweights: A=150\n", 6, "percent"},
      {"[X-1]\nstem: x\nA. a\nB. b\n", 1, "missing key"},
      {"[X-1]\nstem: x\n A. a\n", 3, "two spaces"},
      {"[X-1]\n  orphan\n", 2, "does not continue"},
      {"[X-1]\nstem: ok\nA. a\nB. b\nkey: A\nversion: zero\n", 6, "version"},
      {"[X-1]\nstem: ok\nsoftware: openoffice\nA. a\nB. b\nkey: A\n", 3, "software must be"},
      {"[X-1]\nstem: ok\nA. a\nB. b\nkey: A\nsoftware: Microsoft\n", 6, "'Microsoft'"},
      {"[X-1]\nstem: ok\nA. a\nB. b\nkey: A\nsoftware: any\n", 6, "leave the field out"},
      {"[X-1]\nstem: ok\nA. a\nB. b\nkey: A\nsoftware:\n", 6, "software must be"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    ParsedBank parsed = ParseNative(c.text, "bad.bank");
    REQUIRE(parsed.has_errors());
    const Diagnostic& d = parsed.diagnostics.front();
    CHECK(d.file == "bad.bank");
    CHECK(d.line == c.line);
    CHECK_THAT(d.message, Catch::Contains(c.fragment));
  }
}

TEST_CASE("empty, binary and non-UTF-8 files are refused with a clear message") {
  CHECK_THAT(ParseNative("", "e").diagnostics.at(0).message, Catch::Contains("empty"));
  CHECK_THAT(ParseNative("\n\n  \n", "e").diagnostics.at(0).message, Catch::Contains("empty"));
  CHECK_THAT(ParseNative(std::string("\x7f"
                                     "ELF\0\0\0",
                                     7),
                         "b")
                 .diagnostics.at(0)
                 .message,
             Catch::Contains("binary"));
  ParsedBank latin1 = ParseNative("[X-1]\nstem: Vi\xEA.t\n", "l");
  CHECK(latin1.diagnostics.at(0).line == 2);
  CHECK_THAT(latin1.diagnostics.at(0).message, Catch::Contains("UTF-8"));
  CHECK_THAT(ParseNative("# only a comment\n", "c").diagnostics.at(0).message,
             Catch::Contains("no item"));
}

TEST_CASE("a byte-order mark and CRLF line ends are accepted") {
  ParsedBank parsed =
      ParseNative("\xEF\xBB\xBF[X-1]\r\nstem: s\r\nA. a\r\nB. b\r\nkey: B\r\n", "w");
  REQUIRE(parsed.diagnostics.empty());
  CHECK(parsed.items.at(0).item.options[1].correct);
}

// ---- The round-trip property over generated banks ----

// Text already in normal form, mixing Vietnamese, the format's own punctuation and line breaks.
std::string RandomText(std::mt19937_64& rng, bool allow_newlines) {
  static const char* const kWords[] = {"Tiếng",  "Việt", "bảng",        "tính",    "#",    "[X-1]",
                                       "A.",     "key:", "=SUM(A1:A3)", "$B$1",    "ổ",    "đĩa",
                                       "Ctrl+C", "{",    "}",           "~",       "%50%", "100%",
                                       "\\n",    "ươ",   "ữ",           "“ngoặc”", "…"};
  std::uniform_int_distribution<int> words(1, 12);
  std::uniform_int_distribution<size_t> pick(0, std::size(kWords) - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  std::string out;
  const int n = words(rng);
  for (int i = 0; i < n; ++i) {
    if (i > 0) {
      const int p = percent(rng);
      out += allow_newlines && p < 8 ? "\n" : allow_newlines && p < 10 ? "\n\n  " : " ";
    }
    out += kWords[pick(rng)];
  }
  return NormalizeText(out);
}

Item RandomItem(std::mt19937_64& rng, int index) {
  std::uniform_int_distribution<int> percent(0, 99);
  Item item;
  item.id = "GEN-" + std::to_string(index);
  item.version = percent(rng) < 30 ? percent(rng) + 1 : 0;
  item.name = percent(rng) < 20 ? RandomText(rng, false) : "";
  item.module = "IU0" + std::to_string(1 + percent(rng) % 6);
  const auto leaves = engine::Outline::Default().LeavesOf(item.module);
  item.topic = leaves[static_cast<size_t>(percent(rng)) % leaves.size()]->code;
  item.difficulty = static_cast<engine::Difficulty>(percent(rng) % 3);
  item.status = static_cast<engine::ItemStatus>(percent(rng) % 3);
  item.exclusion_group = percent(rng) < 30 ? "G" + std::to_string(percent(rng) % 5) : "";
  item.stem = RandomText(rng, true);
  const int n = 2 + percent(rng) % 5;
  for (int i = 0; i < n; ++i) {
    engine::Option o;
    o.text = RandomText(rng, percent(rng) < 10) + " " + std::to_string(i);
    o.fixed = percent(rng) < 15;
    o.feedback = percent(rng) < 20 ? RandomText(rng, true) : "";
    item.options.push_back(std::move(o));
  }
  item.options[static_cast<size_t>(percent(rng) % n)].correct = true;
  if (percent(rng) < 40) {
    item.mode = engine::ResponseMode::kMultiple;
    for (engine::Option& o : item.options) {
      o.correct = o.correct || percent(rng) < 30;
      if (percent(rng) < 50) {
        o.weight = (percent(rng) - 50) * 2 + percent(rng) / 97.0;
      }
    }
  }
  item.explanation = percent(rng) < 80 ? RandomText(rng, true) : "";
  item.software = static_cast<engine::Software>(percent(rng) % 3);
  return item;
}

TEST_CASE("Parse(Serialize(bank)) == bank for generated banks") {
  const auto seed = GENERATE(take(200, random(uint64_t{1}, uint64_t{1} << 60)));
  std::mt19937_64 rng(seed);
  std::vector<Item> bank;
  const int n = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < n; ++i) {
    bank.push_back(RandomItem(rng, i));
  }
  const std::string text = SerializeNative(bank);
  ParsedBank parsed = ParseNative(text, "gen.bank");
  INFO("seed " << seed << "\n" << text);
  REQUIRE(parsed.diagnostics.empty());
  std::vector<Item> back;
  for (SourceItem& s : parsed.items) {
    back.push_back(std::move(s.item));
  }
  CHECK(back == bank);
  CHECK(SerializeNative(back) == text);
}

}  // namespace
}  // namespace khaothi::bank
