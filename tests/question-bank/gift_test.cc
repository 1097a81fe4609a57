#include "khaothi/bank/gift.h"

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/bank/text.h"

#include "question-bank/import_helpers.h"

namespace khaothi::bank {
namespace {

using namespace testing;

ParsedBank Parse(std::string_view text, const ImportDefaults& defaults = {}) {
  return ParseGift(text, "t.gift", defaults);
}

// The single item of a text that must parse without diagnostics.
Item One(std::string_view text, const ImportDefaults& defaults = {}) {
  return OnlyItem(Parse(text, defaults));
}

TEST_CASE("GIFT single-answer question: '=' is the key, '~' the distractors") {
  const Item item = One("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}");
  CHECK(item.stem == "Who's buried in Grant's tomb?");
  CHECK(item.mode == ResponseMode::kSingle);
  REQUIRE(item.options.size() == 3);
  CHECK(item.options[0] == Option{.text = "Grant"});
  CHECK(item.options[1] == Option{.text = "Jefferson"});
  CHECK(item.options[2] == Option{.text = "no one", .correct = true});
  CHECK(item.id == DerivedItemId("GIFT", item));
  CHECK(item.id.starts_with("GIFT-"));
  CHECK(item.status == ItemStatus::kDraft);  // no module, topic or difficulty
  CHECK(item.name.empty());
}

TEST_CASE("GIFT names, formats, per-answer and general feedback") {
  const Item item =
      One("::Màu::[markdown]Màu nào?{\n"
          "  =Đỏ # đúng rồi\n"
          "  ~[html]<i>Xanh</i>#[plain]sai\n"
          "  ####[html]Giải thích chung.\n"
          "}\n");
  CHECK(item.name == "Màu");
  CHECK(item.stem == "Màu nào?");
  CHECK(item.options[0].feedback == "đúng rồi");
  CHECK(item.options[1].text == "<i>Xanh</i>");
  CHECK(item.options[1].feedback == "sai");
  CHECK(item.explanation == "Giải thích chung.");
  // An unknown marker is text.
  CHECK(One("[latex]x{=a ~b}").stem == "[latex]x");
}

TEST_CASE("GIFT weights: partial credit in single-answer, multiple-answer without '='") {
  SECTION("single answer keeps the distractors' weights") {
    const Item item = One("Q{=a ~%50%b ~%-25.5%c ~d}");
    CHECK(item.mode == ResponseMode::kSingle);
    CHECK(item.options[0] == Option{.text = "a", .correct = true});
    CHECK(item.options[1] == Option{.text = "b", .weight = 50.0});
    CHECK(item.options[2] == Option{.text = "c", .weight = -25.5});
    CHECK(item.options[3] == Option{.text = "d"});
  }
  SECTION("no '=' makes a multiple-answer item; positive weights are the key") {
    const Item item = One("Q{~%50%a ~%50%b ~%-100%c ~%0%d ~%5.%e}");
    CHECK(item.mode == ResponseMode::kMultiple);
    CHECK(item.options[0] == Option{.text = "a", .correct = true, .weight = 50.0});
    CHECK(item.options[1] == Option{.text = "b", .correct = true, .weight = 50.0});
    CHECK(item.options[2] == Option{.text = "c", .weight = -100.0});
    CHECK(item.options[3] == Option{.text = "d", .weight = 0.0});
    CHECK(item.options[4] == Option{.text = "e", .correct = true, .weight = 5.0});
  }
  SECTION("a malformed weight is text, as in Moodle") {
    const Item item = One("Q{=a ~%x%b}");
    CHECK(item.options[1] == Option{.text = "%x%b"});
  }
}

TEST_CASE("GIFT true/false becomes Đúng/Sai: first '#' goes to the wrong option") {
  SECTION("true") {
    const Item item = One("Trời xanh.{T#sai rồi#đúng rồi####chung}");
    CHECK(item.mode == ResponseMode::kSingle);
    REQUIRE(item.options.size() == 2);
    CHECK(item.options[0] == Option{.text = "Đúng", .correct = true, .feedback = "đúng rồi"});
    CHECK(item.options[1] == Option{.text = "Sai", .feedback = "sai rồi"});
    CHECK(item.explanation == "chung");
  }
  SECTION("false") {
    const Item item = One("Trời đỏ.{FALSE#sai rồi#đúng rồi}");
    CHECK(item.options[0] == Option{.text = "Đúng", .feedback = "sai rồi"});
    CHECK(item.options[1] == Option{.text = "Sai", .correct = true, .feedback = "đúng rồi"});
  }
  SECTION("without feedback") {
    const Item item = One("Trời xanh.{TRUE}");
    CHECK(item.options[0] == Option{.text = "Đúng", .correct = true});
    CHECK(item.options[1] == Option{.text = "Sai"});
  }
}

TEST_CASE("GIFT escapes") {
  const Item item = One(R"(a\~b\=c\#d\{e\}f\:g\\h\ni\x{=\=1 ~\\n ~2\#3#fb\: \{\}})");
  CHECK(item.stem == "a~b=c#d{e}f:g\\h\ni\\x");
  CHECK(item.options[0].text == "=1");
  CHECK(item.options[1].text == "\\n");  // an escaped backslash, then n
  CHECK(item.options[2].text == "2#3");
  CHECK(item.options[2].feedback == "fb: {}");
}

TEST_CASE("GIFT comments, blank-line separation and line numbers") {
  const ParsedBank bank = Parse(
      "// đầu tệp\n"
      "\n"
      "Câu 1{=a ~b}\n"
      "   \t \n"
      "// chú thích của câu 2\n"
      "Câu 2\n"
      "// giữa câu\n"
      "{=a\n"
      "~b}\n");
  INFO(Describe(bank));
  REQUIRE(bank.diagnostics.empty());
  REQUIRE(bank.items.size() == 2);
  CHECK(bank.items[0].line == 3);
  CHECK(bank.items[1].line == 6);
  CHECK(bank.items[1].item.stem == "Câu 2");
  CHECK(bank.items[1].file == "t.gift");
}

TEST_CASE("GIFT line endings: CRLF, CR and a BOM") {
  const Item lf = One("Q\n{=a\n~b}\n");
  CHECK(One("\xEF\xBB\xBFQ\r\n{=a\r\n~b}\r\n") == lf);
  CHECK(One("Q\r{=a\r~b}\r") == lf);
}

TEST_CASE("GIFT $CATEGORY sets module, topic and difficulty") {
  const ParsedBank bank = Parse(
      "$CATEGORY: $course$/Tin học/IU04/IU04.5.1/Khó\n"
      "\n"
      "Q1{=a ~b}\n"
      "\n"
      "$CATEGORY: IU03.2.1/trung bình\n"
      "Q2{=a ~b}\n"
      "\n"
      "$CATEGORY: IU06\n"
      "\n"
      "Q3{=a ~b}\n"
      "\n"
      "$CATEGORY: Medium\n"
      "\n"
      "Q4{=a ~b}\n");
  INFO(Describe(bank));
  REQUIRE(bank.diagnostics.empty());
  REQUIRE(bank.items.size() == 4);
  const Item& q1 = bank.items[0].item;
  CHECK(q1.module == "IU04");
  CHECK(q1.topic == "IU04.5.1");
  CHECK(q1.difficulty == Difficulty::kHard);
  CHECK(q1.status == ItemStatus::kActive);
  const Item& q2 = bank.items[1].item;
  CHECK(q2.module == "IU03");  // from the topic
  CHECK(q2.topic == "IU03.2.1");
  CHECK(q2.difficulty == Difficulty::kMedium);
  CHECK(bank.items[1].line == 6);  // a question right under the category line
  const Item& q3 = bank.items[2].item;
  CHECK(q3.module == "IU06");
  CHECK(q3.topic.empty());
  CHECK(q3.difficulty == std::nullopt);
  CHECK(q3.status == ItemStatus::kDraft);
  CHECK(bank.items[3].item.difficulty == Difficulty::kMedium);
  CHECK(bank.items[3].item.module.empty());

  SECTION("a category whose module and topic disagree is an error") {
    const Diagnostic d = OnlyError(Parse("\n$CATEGORY: IU03/IU04.5.1\n"));
    CHECK(d.line == 2);
    CHECK(d.message.find("IU03") != std::string::npos);
  }
}

TEST_CASE("GIFT defaults fill what the file does not say") {
  const ImportDefaults defaults{.module = "IU02", .topic = "", .difficulty = Difficulty::kEasy};
  const ParsedBank bank = Parse("$CATEGORY: IU02.1.1\n\nQ{=a ~b}\n", defaults);
  REQUIRE(bank.items.size() == 1);
  const Item& item = bank.items[0].item;
  CHECK(item.module == "IU02");
  CHECK(item.topic == "IU02.1.1");
  CHECK(item.difficulty == Difficulty::kEasy);
  CHECK(item.status == ItemStatus::kActive);
  CHECK(One("Q{=a ~b}", {.topic = "IU05.1.2"}).module == "IU05");
}

TEST_CASE("GIFT metadata comment restores what GIFT cannot carry") {
  const Item item =
      One("$CATEGORY: IU01/IU01.1.1/easy\n"
          "\n"
          "// Moodle's own comment\n"
          "// khaothi: id=IU04-0107 version=7 module=IU04 topic=IU04.5.1 difficulty=hard "
          "status=retired group=G%201%2Fb software=libreoffice fixed=A,C mode=multiple key=A,B "
          "weights=none\n"
          "Q{=a ~%50%b ~c}\n");
  CHECK(item.id == "IU04-0107");
  CHECK(item.version == 7);
  CHECK(item.module == "IU04");
  CHECK(item.topic == "IU04.5.1");
  CHECK(item.difficulty == Difficulty::kHard);
  CHECK(item.status == ItemStatus::kRetired);
  CHECK(item.exclusion_group == "G 1/b");
  CHECK(item.software == engine::Software::kLibreOffice);
  CHECK(item.mode == ResponseMode::kMultiple);
  CHECK(item.options[0] == Option{.text = "a", .correct = true, .fixed = true});
  CHECK(item.options[1] == Option{.text = "b", .correct = true});
  CHECK(item.options[2] == Option{.text = "c", .fixed = true});

  SECTION("a metadata comment separated by a blank line does not apply") {
    const Item other = One("// khaothi: id=X-1\n\nQ{=a ~b}\n");
    CHECK(other.id == DerivedItemId("GIFT", other));
  }
  SECTION("empty values clear the category's fields") {
    const Item draft =
        One("$CATEGORY: IU01/IU01.1.1/easy\n\n"
            "// khaothi: id=X-1 module= topic= difficulty= status=draft\nQ{=a ~b}\n");
    CHECK(draft.module.empty());
    CHECK(draft.topic.empty());
    CHECK(draft.difficulty == std::nullopt);
  }
  SECTION("malformed metadata is an error on the comment's line") {
    for (const char* bad : {"id=bad%ZZ", "id=a/b", "version=x", "difficulty=trivial", "status=open",
                            "mode=any", "software=any", "software=Writer", "fixed=A,,B",
                            "colour=red", "key=E", "weights=some", "idX"}) {
      INFO(bad);
      const Diagnostic d = OnlyError(Parse(std::string("\n// khaothi: ") + bad + "\nQ{=a ~b}\n"));
      CHECK(d.line == 2);
      CHECK(d.file == "t.gift");
    }
  }
}

TEST_CASE("GIFT refuses other question types with the question's line") {
  struct Case {
    const char* text;
    const char* kind;
  };
  for (const Case& c : {
           Case{"\n\n// c\n::N::Two plus {=two =2} equals four.", "short-answer"},
           Case{"\n\n// c\n::N::Who? {=no one =nobody}", "short-answer"},
           Case{"\n\n// c\n::N::Year? {#1822:5}", "numerical"},
           Case{"\n\n// c\n::N::Match {=a -> b =c -> d}", "matching"},
           Case{"\n\n// c\n::N::How are you? {}", "essay"},
           Case{"\n\n// c\n::N::How are you? {####only general feedback}", "essay"},
           Case{"\n\n// c\n::N::Just some text.", "description"},
           Case{"\n\n// c\n::N::Grant is {~buried =entombed} in Grant's tomb.", "missing-word"},
       }) {
    INFO(c.text);
    const Diagnostic d = OnlyError(Parse(c.text));
    CHECK(d.line == 4);
    CHECK(d.file == "t.gift");
    CHECK(d.message.find(c.kind) != std::string::npos);
  }
}

TEST_CASE("GIFT malformed multiple-choice questions are errors") {
  CHECK(OnlyError(Parse("Q{=a ~b")).message.find("brace") != std::string::npos);
  CHECK(OnlyError(Parse("Q}=a ~b{")).message.find("brace") != std::string::npos);
  CHECK(OnlyError(Parse("Q{~a}")).message.find("at least 2") != std::string::npos);
  CHECK(OnlyError(Parse("Q{stray ~a =b}")).message.find("stray") != std::string::npos);
  SECTION("one bad question does not hide the others") {
    const ParsedBank bank = Parse("Q1{=a ~b}\n\nQ2{#1}\n\nQ3{=a ~b}\n\nQ4{}\n");
    CHECK(bank.items.size() == 2);
    REQUIRE(bank.diagnostics.size() == 2);
    CHECK(bank.diagnostics[0].line == 3);
    CHECK(bank.diagnostics[1].line == 7);
  }
}

TEST_CASE("GIFT empty, binary and invalid UTF-8 input is an error") {
  CHECK(OnlyError(Parse("")).line == 0);
  CHECK(OnlyError(Parse(" \n\t\n")).message.find("empty") != std::string::npos);
  CHECK(OnlyError(Parse(std::string("PK\x03\x04\0\0\x14\0", 8))).message.find("binary") !=
        std::string::npos);
  const Diagnostic d = OnlyError(Parse("Q1{=a ~b}\n\nQ2{=a ~\xC3(}\n"));
  CHECK(d.line == 3);
  CHECK(d.message.find("UTF-8") != std::string::npos);
}

TEST_CASE("GIFT text is NFC: decomposed input reads as composed") {
  const std::string composed = "::Tiếng Việt::Tiếng Việt?{=Việt ~Tiếng#Tiếng####Việt}";
  const std::string decomposed =
      "::Tie\xCC\x82\xCC\x81ng Vie\xCC\xA3\xCC\x82t::Tie\xCC\x82\xCC\x81ng Vie\xCC\xA3\xCC\x82t?"
      "{=Vie\xCC\xA3\xCC\x82t ~Tie\xCC\x82\xCC\x81ng#Tie\xCC\x82\xCC\x81ng####"
      "Vie\xCC\xA3\xCC\x82t}";
  REQUIRE(composed != decomposed);
  const Item a = One(composed);
  const Item b = One(decomposed);
  CHECK(a == b);
  CHECK(b.stem == "Tiếng Việt?");
}

TEST_CASE("GIFT: Moodle's documentation examples") {
  const ParsedBank bank =
      ParseGift(ReadData("gift/moodle-examples.gift"), "moodle-examples.gift", {});
  INFO(Describe(bank));
  std::vector<int> item_lines;
  for (const SourceItem& s : bank.items) {
    item_lines.push_back(s.line);
  }
  CHECK(item_lines == std::vector<int>{6, 9, 34, 38, 51, 58, 62, 64});
  const std::vector<std::pair<int, std::string>> expected = {
      {13, "short-answer"}, {16, "matching"}, {19, "numerical"},    {22, "numerical"},
      {26, "numerical"},    {32, "essay"},    {36, "missing-word"}, {40, "short-answer"},
      {42, "numerical"},    {44, "matching"}, {60, "description"},
  };
  REQUIRE(bank.diagnostics.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Diagnostic& d = bank.diagnostics[i];
    CHECK(d.severity == Severity::kError);
    CHECK(d.file == "moodle-examples.gift");
    CHECK(d.line == expected[i].first);
    CHECK(d.message.find(expected[i].second) != std::string::npos);
  }
  REQUIRE(bank.items.size() == 8);

  const Item& q1 = bank.items[0].item;
  CHECK(q1.name == "Q1");
  CHECK(q1.stem == "1+1=2");
  CHECK(q1.options[0].correct);

  const Item& q2 = bank.items[1].item;
  CHECK(q2.stem == "What's between orange and green in the spectrum?");
  CHECK(q2.options[0] == Option{.text = "yellow", .correct = true, .feedback = "right; good!"});
  CHECK(q2.options[2] == Option{.text = "blue", .feedback = "wrong, it's yellow"});

  const Item& multi = bank.items[4].item;
  CHECK(multi.mode == ResponseMode::kMultiple);
  CHECK(multi.correct_count() == 2);
  CHECK(multi.options[3] == Option{.text = "Grant's father", .weight = -100.0});

  const Item& tf = bank.items[5].item;
  CHECK(tf.options[0].feedback == "Yes, he was.");
  CHECK(tf.options[1].feedback == "No, he was buried in New York City.");

  const Item& escaped = bank.items[6].item;
  CHECK(escaped.options[0].text == "= 2 + 2");
  CHECK(escaped.options[1] == Option{.text = "= 2 + 3", .correct = true});

  const Item& colors = bank.items[7].item;
  CHECK(colors.name == "Colors");
  CHECK(colors.stem == "Which of these is a <b>primary</b> colour?");
  CHECK(colors.explanation == "Red, blue and yellow are the primary colours.");
  CHECK(colors.options[2].feedback == "No, green is a secondary colour.");
}

TEST_CASE("GIFT: a Vietnamese bank with categories, feedback, escapes and weights") {
  const ParsedBank bank = ParseGift(ReadData("gift/vietnamese.gift"), "vietnamese.gift", {});
  INFO(Describe(bank));
  REQUIRE(bank.diagnostics.empty());
  REQUIRE(bank.items.size() == 8);

  const Item& cpu = bank.items[0].item;
  CHECK(bank.items[0].line == 6);
  CHECK(cpu.name == "Đơn vị xung nhịp");
  CHECK(cpu.module == "IU01");
  CHECK(cpu.topic == "IU01.1.1");
  CHECK(cpu.difficulty == Difficulty::kEasy);
  CHECK(cpu.status == ItemStatus::kActive);
  CHECK(cpu.options[0] == Option{.text = "GHz",
                                 .correct = true,
                                 .feedback = "Đúng: CPU ngày nay chạy ở mức gigahertz."});
  CHECK(cpu.explanation == "Tốc độ xung nhịp của CPU được đo bằng hertz.");

  const Item& formula = bank.items[2].item;
  CHECK(formula.module == "IU04");
  CHECK(formula.topic == "IU04.5.1");
  CHECK(formula.difficulty == Difficulty::kHard);
  CHECK(formula.stem ==
        "Ô C2 chứa công thức =A2*$B$1. Sao chép C2 xuống ô C3.\nCông thức trong C3 là gì?");
  CHECK(formula.options[0] == Option{.text = "=A3*$B$1", .correct = true});

  const Item& sum = bank.items[3].item;
  CHECK(sum.mode == ResponseMode::kMultiple);
  CHECK(sum.options[1] == Option{.text = "SUMIFS",
                                 .correct = true,
                                 .weight = 50.0,
                                 .feedback = "Hàm này cho phép nhiều điều kiện."});
  CHECK(sum.options[2].weight == -100.0);

  const Item& odd = bank.items[4].item;
  CHECK(odd.stem == "Một ô chứa {~} thì hiển thị gì khi định dạng là văn bản?");
  CHECK(odd.options[1] == Option{.text = "Báo lỗi #VALUE!",
                                 .weight = 33.3,
                                 .feedback = "Gần đúng: chỉ khi là công thức."});
  CHECK(odd.options[2].weight == -12.5);

  const Item& off = bank.items[5].item;
  CHECK(off.module == "IU02");
  CHECK(off.topic.empty());
  CHECK(off.difficulty == Difficulty::kMedium);
  CHECK(off.status == ItemStatus::kDraft);
  CHECK(off.options[1] ==
        Option{.text = "Sai", .correct = true, .feedback = "Đúng vậy, hãy dùng lệnh Shut down."});

  const Item& save = bank.items[6].item;
  CHECK(save.stem == "Phím tắt <b>Ctrl + S</b> dùng để lưu tệp đang mở.");
  CHECK(save.explanation == "Ctrl + S là Save.");

  const Item& folder = bank.items[7].item;
  CHECK(folder.id == "IU02-0042");
  CHECK(folder.version == 3);
  CHECK(folder.topic == "IU02.2.1");
  CHECK(folder.status == ItemStatus::kRetired);
  CHECK(folder.exclusion_group == "IU02-G thư mục");
  CHECK(folder.options[3].fixed);
  CHECK(folder.options[0] == Option{.text = "Ctrl + Shift + N", .correct = true});

  SECTION("and it survives a round trip") {
    const std::vector<Item> items = Items(bank);
    const ParsedBank again = ParseGift(SerializeGift(items), "again.gift", {});
    INFO(Describe(again));
    CHECK(again.diagnostics.empty());
    CHECK(Items(again) == items);
  }
}

// Random text that is already in normal form and full of what GIFT has to escape.
std::string RandomText(std::mt19937& rng, bool allow_empty = false) {
  static const std::vector<std::string> kPieces = {
      "Câu hỏi", " về ", "Tiếng Việt", "ổ đĩa", "~",   "=",    "#",          "####",   "{",
      "}",       ":",    "::",         "\\",    "\\n", "%50%", "%",          "[html]", "[x]",
      "//",      "->",   "\n",         "  ",    "\t",  "T",    "$CATEGORY:", "A)",     "ANSWER: B",
      "&lt;",    "<b>",  "100",        "-",     "'",   "\"",
  };
  std::uniform_int_distribution<size_t> count(allow_empty ? 0 : 1, 7);
  std::uniform_int_distribution<size_t> pick(0, kPieces.size() - 1);
  std::string text;
  const size_t n = count(rng);
  for (size_t i = 0; i < n; ++i) {
    text += kPieces[pick(rng)];
  }
  text = NormalizeText(text);
  if (text.empty() && !allow_empty) {
    text = "x";
  }
  return text;
}

Item RandomItem(std::mt19937& rng, int serial) {
  auto chance = [&rng](int percent) {
    return std::uniform_int_distribution<int>(0, 99)(rng) < percent;
  };
  auto pick = [&rng](const std::vector<std::string>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  Item item;
  item.id = "IU0" + std::to_string(serial % 9 + 1) + "-" + std::to_string(1000 + serial);
  item.version = std::uniform_int_distribution<int>(0, 5)(rng);
  item.name = chance(40) ? RandomText(rng) : "";
  item.module = pick({"", "IU01", "IU04", "IU15", "iu weird/module"});
  item.topic = pick({"", "IU01.1.1", "IU04.5.1", "IU02.3"});
  const int d = std::uniform_int_distribution<int>(0, 3)(rng);
  item.difficulty = d == 3 ? std::nullopt : std::optional(static_cast<Difficulty>(d));
  item.mode = chance(50) ? ResponseMode::kSingle : ResponseMode::kMultiple;
  item.stem = RandomText(rng);
  const int n = std::uniform_int_distribution<int>(2, 6)(rng);
  const bool weighted = chance(50);
  const std::vector<double> weights = {100, 50, -100, 33.3, 12.5, -0.5, 100.0 / 3, 0, 25};
  for (int i = 0; i < n; ++i) {
    Option o;
    o.text = RandomText(rng) + " " + std::to_string(i);  // distinct
    if (weighted && chance(70)) {
      o.weight = weights[std::uniform_int_distribution<size_t>(0, weights.size() - 1)(rng)];
    }
    o.fixed = chance(20);
    o.feedback = chance(40) ? RandomText(rng) : "";
    item.options.push_back(std::move(o));
  }
  if (item.mode == ResponseMode::kSingle) {
    item.options[std::uniform_int_distribution<size_t>(0, item.options.size() - 1)(rng)].correct =
        true;
  } else {
    for (Option& o : item.options) {
      o.correct = chance(50);
    }
    item.options[0].correct = true;
  }
  item.exclusion_group = chance(30) ? pick({"G1", "IU04-G-ABSREF", "nhóm 2/b"}) : "";
  item.explanation = chance(60) ? RandomText(rng) : "";
  item.status = static_cast<ItemStatus>(std::uniform_int_distribution<int>(0, 2)(rng));
  item.software = static_cast<engine::Software>(std::uniform_int_distribution<int>(0, 2)(rng));
  return item;
}

TEST_CASE("GIFT round trip: ParseGift(SerializeGift(items)) == items") {
  const auto seed = GENERATE(take(40, random(0u, 1u << 30)));
  std::mt19937 rng(seed);
  std::vector<Item> items;
  const int n = std::uniform_int_distribution<int>(1, 12)(rng);
  for (int i = 0; i < n; ++i) {
    items.push_back(RandomItem(rng, i));
  }
  const std::string gift = SerializeGift(items);
  INFO("seed " << seed << "\n" << gift);
  const ParsedBank bank = ParseGift(gift, "round.gift", {});
  INFO(Describe(bank));
  REQUIRE(bank.diagnostics.empty());
  const std::vector<Item> back = Items(bank);
  REQUIRE(back.size() == items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    CHECK(back[i] == items[i]);
  }
}

TEST_CASE("GIFT writer output is what Moodle expects") {
  Item item;
  item.id = "IU01-0001";
  item.module = "IU01";
  item.topic = "IU01.1.1";
  item.difficulty = Difficulty::kEasy;
  item.status = ItemStatus::kActive;
  item.name = "CPU";
  item.stem = "Tốc độ CPU: đo bằng gì?\nChọn một.";
  item.options = {Option{.text = "GHz", .correct = true, .feedback = "Đúng"},
                  Option{.text = "{GB}"}, Option{.text = "[b]", .weight = -50.0}};
  item.explanation = "Hertz #1";
  CHECK(SerializeGift({item}) ==
        "$CATEGORY: khaothi/IU01/IU01.1.1/easy\n"
        "\n"
        "// khaothi: id=IU01-0001 module=IU01 topic=IU01.1.1 difficulty=easy status=active\n"
        "::CPU::Tốc độ CPU\\: đo bằng gì?\\nChọn một.{\n"
        "\t=GHz#Đúng\n"
        "\t~\\{GB\\}\n"
        "\t~%-50%[moodle][b]\n"
        "\t####Hertz \\#1\n"
        "}\n"
        "\n");
}

}  // namespace
}  // namespace khaothi::bank
