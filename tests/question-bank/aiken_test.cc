#include "khaothi/bank/aiken.h"

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/bank/gift.h"
#include "khaothi/bank/text.h"

#include "question-bank/import_helpers.h"

namespace khaothi::bank {
namespace {

using namespace testing;

ParsedBank Parse(std::string_view text, const ImportDefaults& defaults = {}) {
  return ParseAiken(text, "t.txt", defaults);
}

TEST_CASE("Aiken: Moodle's example file") {
  const ParsedBank bank = ParseAiken(ReadData("aiken/moodle-example.txt"), "m.txt", {});
  INFO(Describe(bank));
  REQUIRE(bank.diagnostics.empty());
  REQUIRE(bank.items.size() == 3);
  CHECK(bank.items[0].line == 1);
  CHECK(bank.items[1].line == 6);
  CHECK(bank.items[2].line == 13);
  const Item& first = bank.items[0].item;
  CHECK(first.stem == "Is this an Aiken question?");
  CHECK(first.mode == ResponseMode::kSingle);
  CHECK(first.options == std::vector<Option>{{.text = "Yes", .correct = true}, {.text = "No"}});
  CHECK(first.id == DerivedItemId("AIKEN", first));
  CHECK(first.status == ItemStatus::kDraft);
  CHECK(bank.items[1].item.options[3] == Option{.text = "Must be this one!", .correct = true});
  CHECK(bank.items[2].item.options.size() == 6);
}

TEST_CASE("Aiken: Vietnamese, tabs after labels, labels without a space, padded lines") {
  const ParsedBank bank = ParseAiken(ReadData("aiken/vietnamese.txt"), "vi.txt", {});
  INFO(Describe(bank));
  REQUIRE(bank.diagnostics.empty());
  REQUIRE(bank.items.size() == 3);
  CHECK(bank.items[1].item.options[1] == Option{.text = "Ctrl + V", .correct = true});
  CHECK(bank.items[1].item.options[3].text == "Tất cả các phương án trên");
  const Item& max = bank.items[2].item;
  CHECK(max.stem == "Trong Excel, hàm nào trả về giá trị lớn nhất của một vùng ô?");
  CHECK(max.options[1] == Option{.text = "MAX", .correct = true});  // "B (hàm MAX)": first char
}

TEST_CASE("Aiken: CR-only and CRLF line ends read like LF, with the same line numbers") {
  const ParsedBank cr = ParseAiken(ReadData("aiken/cr-only.txt"), "cr.txt", {});
  const ParsedBank crlf = ParseAiken(ReadData("aiken/crlf.txt"), "crlf.txt", {});
  INFO(Describe(cr) << Describe(crlf));
  REQUIRE(cr.diagnostics.empty());
  REQUIRE(crlf.diagnostics.empty());
  REQUIRE(cr.items.size() == 2);
  REQUIRE(crlf.items.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(cr.items[i].item == crlf.items[i].item);
    CHECK(cr.items[i].line == crlf.items[i].line);
  }
  CHECK(cr.items[1].line == 7);
  CHECK(cr.items[0].item.options[2].text == "Esc");
}

TEST_CASE("Aiken: metadata comes from the defaults") {
  const std::string text = "Câu hỏi?\nA) x\nB) y\nANSWER: B\n";
  const Item draft = Parse(text).items.at(0).item;
  CHECK(draft.module.empty());
  CHECK(draft.status == ItemStatus::kDraft);
  const Item partial = Parse(text, {.module = "IU03"}).items.at(0).item;
  CHECK(partial.module == "IU03");
  CHECK(partial.status == ItemStatus::kDraft);
  const Item active =
      Parse(text, {.module = "", .topic = "IU03.1.2", .difficulty = Difficulty::kHard})
          .items.at(0)
          .item;
  CHECK(active.module == "IU03");
  CHECK(active.topic == "IU03.1.2");
  CHECK(active.difficulty == Difficulty::kHard);
  CHECK(active.status == ItemStatus::kActive);
  CHECK(active.id == draft.id);  // the id depends on the text only
}

TEST_CASE("Aiken: errors carry their line") {
  struct Case {
    const char* text;
    int line;
    const char* message;
  };
  for (const Case& c : {
           Case{"\nA) x\nB) y\nANSWER: A\n", 2, "question not started"},
           Case{"Q?\nA) x\nB) y\nANSWER: A\nANSWER: B\n", 5, "outside a question"},
           Case{"\n\nQ?\nA) x\nANSWER: A\n", 3, "at least 2 choices"},
           Case{"Q?\nA) x\nB) y\nANSWER: C\n", 4, "names no choice"},
           Case{"Q?\nA) x\nB) y\nANSWER: b\n", 4, "names no choice"},
           Case{"Q?\nA) x\nB) y\nANSWER:\n", 4, "names no choice"},
           Case{"Q one\nand a second line\nA) x\nB) y\nANSWER: A\n", 1, "line 2"},
           Case{"Q?\nA) x\nB) y\nR2?\nA) x\nB) y\nANSWER: A", 1, "no 'ANSWER:'"},
           Case{"Q?\nA) x\nB) y\n", 1, "no 'ANSWER:'"},
       }) {
    INFO(c.text);
    const ParsedBank bank = Parse(c.text);
    INFO(Describe(bank));
    const std::vector<Diagnostic> errors = Errors(bank);
    REQUIRE_FALSE(errors.empty());  // the first error is the one that matters
    CHECK(errors[0].line == c.line);
    CHECK(errors[0].file == "t.txt");
    CHECK(errors[0].message.find(c.message) != std::string::npos);
  }
}

TEST_CASE("Aiken: short lines are skipped: out-of-order labels count by position") {
  const ParsedBank bank = Parse("Q?\n.\nA) x\n \nC) y\nANSWER: B\n");
  REQUIRE(bank.items.size() == 1);
  CHECK(bank.items[0].item.options[1] == Option{.text = "y", .correct = true});
  REQUIRE(bank.diagnostics.size() == 1);
  CHECK(bank.diagnostics[0].severity == Severity::kWarning);
  CHECK(bank.diagnostics[0].line == 5);
}

TEST_CASE("Aiken: empty, binary and invalid UTF-8 input is an error") {
  for (const std::string& bad :
       {std::string(""), std::string("\n \r\n"), std::string("MZ\x90\0\x03\0\0\0", 8),
        std::string("Q?\nA) \xFFx\nB) y\nANSWER: A\n")}) {
    const ParsedBank bank = Parse(bad);
    REQUIRE(bank.diagnostics.size() == 1);
    CHECK(bank.diagnostics[0].severity == Severity::kError);
    CHECK(bank.items.empty());
  }
  CHECK(Parse("Q?\nA) \xFFx\nB) y\nANSWER: A\n").diagnostics[0].line == 2);
}

TEST_CASE("Aiken text is NFC: decomposed input reads as composed") {
  const ParsedBank composed = Parse("Tiếng Việt?\nA) Việt\nB) Tiếng\nANSWER: A\n");
  const ParsedBank decomposed = Parse(
      "Tie\xCC\x82\xCC\x81ng Vie\xCC\xA3\xCC\x82t?\nA) Vie\xCC\xA3\xCC\x82t\n"
      "B) Tie\xCC\x82\xCC\x81ng\nANSWER: A\n");
  REQUIRE(composed.items.size() == 1);
  REQUIRE(decomposed.items.size() == 1);
  CHECK(composed.items[0].item == decomposed.items[0].item);
}

TEST_CASE("Aiken writer refuses what Aiken cannot carry") {
  Item item;
  item.id = "IU01-0001";
  item.stem = "Câu hỏi?";
  item.options = {Option{.text = "a", .correct = true}, Option{.text = "b"}};
  REQUIRE(SerializeAiken({item}).ok());
  CHECK(*SerializeAiken({item}) == "Câu hỏi?\nA) a\nB) b\nANSWER: A\n\n");

  Item multiple = item;
  multiple.mode = ResponseMode::kMultiple;
  Item weighted = item;
  weighted.options[1].weight = 50;
  Item two_keys = item;
  two_keys.options[1].correct = true;
  Item long_stem = item;
  long_stem.stem = "dòng một\ndòng hai";
  Item long_option = item;
  long_option.options[1].text = "b\nc";
  Item choice_like = item;
  choice_like.stem = "A) trông như phương án";
  Item answer_like = item;
  answer_like.stem = "ANSWER: A";
  for (const Item& bad :
       {multiple, weighted, two_keys, long_stem, long_option, choice_like, answer_like}) {
    const Result<std::string> out = SerializeAiken({item, bad});
    REQUIRE_FALSE(out.ok());
    CHECK(out.status().IsInvalidArgument());
    CHECK(out.status().message().find("IU01-0001") != std::string::npos);
  }
}

TEST_CASE("Aiken round trip keeps stem, options and key") {
  const auto seed = GENERATE(take(30, random(0u, 1u << 30)));
  std::mt19937 rng(seed);
  static const std::vector<std::string> kWords = {
      "Câu", "hỏi", "Tiếng", "Việt", "ổ",  "đĩa", "ANSWER:", "A)",
      "B.",  "~",   "=",     "#",    "{}", "%",   "?",       "x",
  };
  auto text = [&rng](bool stem) {
    std::string out = stem ? "Câu" : "";
    const int n = std::uniform_int_distribution<int>(1, 6)(rng);
    for (int i = 0; i < n; ++i) {
      out += (out.empty() ? "" : " ") +
             kWords[std::uniform_int_distribution<size_t>(0, kWords.size() - 1)(rng)];
    }
    return out;
  };
  std::vector<Item> items;
  const int count = std::uniform_int_distribution<int>(1, 8)(rng);
  for (int i = 0; i < count; ++i) {
    Item item;
    item.stem = text(true);
    const int n = std::uniform_int_distribution<int>(2, 6)(rng);
    for (int k = 0; k < n; ++k) {
      item.options.push_back(Option{.text = text(false) + " " + std::to_string(k)});
    }
    item.options[std::uniform_int_distribution<size_t>(0, item.options.size() - 1)(rng)].correct =
        true;
    item.id = DerivedItemId("AIKEN", item);
    items.push_back(std::move(item));
  }
  const Result<std::string> aiken = SerializeAiken(items);
  REQUIRE(aiken.ok());
  INFO("seed " << seed << "\n" << *aiken);
  const ParsedBank bank = Parse(*aiken);
  INFO(Describe(bank));
  REQUIRE(bank.diagnostics.empty());
  REQUIRE(bank.items.size() == items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    CHECK(bank.items[i].item == items[i]);
  }
}

TEST_CASE("GIFT -> Aiken -> items keeps stem, options and key of single-answer items") {
  const ParsedBank gift = ParseGift(ReadData("gift/vietnamese.gift"), "vietnamese.gift", {});
  std::vector<Item> single;
  for (const SourceItem& s : gift.items) {
    if (s.item.mode == ResponseMode::kSingle && !s.item.weighted() &&
        s.item.stem.find('\n') == std::string::npos) {
      single.push_back(s.item);
    }
  }
  REQUIRE(single.size() == 5);
  const Result<std::string> aiken = SerializeAiken(single);
  REQUIRE(aiken.ok());
  const ParsedBank back = ParseAiken(*aiken, "x.txt", {});
  INFO(Describe(back));
  REQUIRE(back.diagnostics.empty());
  REQUIRE(back.items.size() == single.size());
  for (size_t i = 0; i < single.size(); ++i) {
    const Item& a = single[i];
    const Item& b = back.items[i].item;
    CHECK(a.stem == b.stem);
    REQUIRE(a.options.size() == b.options.size());
    for (size_t k = 0; k < a.options.size(); ++k) {
      CHECK(a.options[k].text == b.options[k].text);
      CHECK(a.options[k].correct == b.options[k].correct);
    }
  }
}

}  // namespace
}  // namespace khaothi::bank
