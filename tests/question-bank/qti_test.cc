#include "khaothi/bank/qti.h"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/bank/text.h"

#include "question-bank/import_helpers.h"
#include "zip_writer.h"

namespace khaothi::bank {
namespace {

using namespace testing;

// The one error of `bank`, which must come back without any item.
Diagnostic OnlyError(const ParsedBank& bank) {
  CHECK(bank.items.empty());
  return testing::OnlyError(bank);
}

ParsedBank ParseXml(std::string_view xml, const ImportDefaults& defaults = {}) {
  return ParseQtiItem(xml, "t.xml", defaults);
}

// A zip with the given entries, written with libzip directly, for packages our writer would
// never produce.
std::string MakeZip(const khaothi::testing::ZipEntries& files) {
  std::string zip = khaothi::testing::MakeZip(files);
  REQUIRE(!zip.empty());
  return zip;
}

std::string Manifest(const std::string& resources) {
  return "<?xml version=\"1.0\"?>\n"
         "<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" identifier=\"M\">\n"
         "<organizations/>\n<resources>\n" +
         resources + "</resources>\n</manifest>\n";
}

std::string Resource(const std::string& href, const std::string& metadata = "") {
  return "<resource identifier=\"R-" + href + "\" type=\"imsqti_item_xmlv2p1\" href=\"" + href +
         "\">" + metadata + "<file href=\"" + href + "\"/></resource>\n";
}

TEST_CASE("QTI: the single-answer example of the implementation guide") {
  const ParsedBank bank = ParseQtiItem(ReadData("qti/single.xml"), "single.xml", {});
  const Item item = OnlyItem(bank);
  CHECK(bank.items[0].file == "single.xml");
  CHECK(item.id == "Q0001");
  CHECK(item.name == "Spreadsheet extension");
  CHECK(item.stem == "Which extension does an Excel workbook usually have?");
  CHECK(item.mode == ResponseMode::kSingle);
  CHECK(item.options == std::vector<Option>{{.text = ".docx"},
                                            {.text = ".xlsx", .correct = true},
                                            {.text = ".pptx"},
                                            {.text = "None of these", .fixed = true}});
  CHECK(item.status == ItemStatus::kDraft);
  CHECK(item.module.empty());

  SECTION("without the namespace, and with a prefix, it reads the same") {
    CHECK(OnlyItem(ParseXml(ReadData("qti/no-namespace.xml"))) == item);
    const Item prefixed = OnlyItem(ParseXml(ReadData("qti/prefixed.xml")));
    CHECK(prefixed.id == "IU02-0007");
    CHECK(prefixed.stem == "Phím nào dán nội dung & định dạng từ bộ nhớ tạm?");
    CHECK(prefixed.options[1] == Option{.text = "Ctrl + V", .correct = true});
  }
  SECTION("defaults fill module, topic and difficulty") {
    const Item filled = OnlyItem(
        ParseXml(ReadData("qti/single.xml"),
                 {.module = "IU04", .topic = "IU04.1.1", .difficulty = Difficulty::kEasy}));
    CHECK(filled.module == "IU04");
    CHECK(filled.topic == "IU04.1.1");
    CHECK(filled.difficulty == Difficulty::kEasy);
    CHECK(filled.status == ItemStatus::kActive);
  }
}

TEST_CASE("QTI: a TAO-style multiple-response item with a mapping in points") {
  const Item item = OnlyItem(ParseXml(ReadData("qti/multiple-tao.xml")));
  CHECK(item.id == "i16771234");
  CHECK(item.mode == ResponseMode::kMultiple);
  // The text before the interaction joins the prompt; pretty-printing breaks are spaces.
  CHECK(item.stem ==
        "Trong bảng tính, những hàm nào tính tổng có điều kiện?\nChọn tất cả đáp án đúng.");
  REQUIRE(item.options.size() == 4);
  // MAXSCORE is 2, so 1 point is 50 % and -2 points is -100 %; shuffle="false" fixes all.
  CHECK(item.options[0] == Option{.text = "SUMIF", .correct = true, .weight = 50.0, .fixed = true});
  CHECK(item.options[1] == Option{.text = "SUMIFS",
                                  .correct = true,
                                  .weight = 50.0,
                                  .fixed = true,
                                  .feedback = "Cho phép nhiều điều kiện."});
  CHECK(item.options[2] == Option{.text = "COUNTIF", .weight = -100.0, .fixed = true});
  CHECK(item.options[3] == Option{.text = "VLOOKUP", .fixed = true});
  CHECK(item.explanation == "SUMIF và SUMIFS cộng theo điều kiện;\nCOUNTIF chỉ đếm.");
}

TEST_CASE("QTI: the maximum score for mapped values") {
  auto item_with = [](const std::string& mapping, const std::string& outcome) {
    return "<assessmentItem identifier=\"X1\" title=\"t\">"
           "<responseDeclaration identifier=\"R\" cardinality=\"multiple\" "
           "baseType=\"identifier\">" +
           mapping + "</responseDeclaration>" + outcome +
           "<itemBody><choiceInteraction responseIdentifier=\"R\" shuffle=\"true\" "
           "maxChoices=\"0\">"
           "<simpleChoice identifier=\"a\">a</simpleChoice>"
           "<simpleChoice identifier=\"b\">b</simpleChoice>"
           "<simpleChoice identifier=\"c\">c</simpleChoice>"
           "</choiceInteraction></itemBody></assessmentItem>";
  };
  const std::string entries =
      "<mapEntry mapKey=\"a\" mappedValue=\"3\"/><mapEntry mapKey=\"b\" mappedValue=\"1\"/>"
      "<mapEntry mapKey=\"c\" mappedValue=\"-0.5\"/>";
  SECTION("upperBound") {
    const Item item =
        OnlyItem(ParseXml(item_with("<mapping upperBound=\"4\">" + entries + "</mapping>", "")));
    CHECK(item.options[0].weight == 75.0);
    CHECK(item.options[2].weight == -12.5);
    // No correctResponse: the positive weights are the key.
    CHECK(item.options[0].correct);
    CHECK(item.options[1].correct);
    CHECK_FALSE(item.options[2].correct);
  }
  SECTION("the sum of positive values when nothing says otherwise") {
    const Item item = OnlyItem(ParseXml(item_with("<mapping>" + entries + "</mapping>", "")));
    CHECK(item.options[0].weight == 75.0);
    CHECK(item.options[1].weight == 25.0);
  }
  SECTION("fractions of 1 are read exactly") {
    const Item item = OnlyItem(ParseXml(
        item_with("<mapping upperBound=\"1\"><mapEntry mapKey=\"a\" mappedValue=\"0.333\"/>"
                  "<mapEntry mapKey=\"b\" mappedValue=\"0.001\"/></mapping>",
                  "")));
    CHECK(item.options[0].weight == 33.3);
    CHECK(item.options[1].weight == 0.1);
  }
  SECTION("a mapped value that is not a number is an error") {
    CHECK(OnlyError(ParseXml(item_with(
                        "<mapping><mapEntry mapKey=\"a\" mappedValue=\"lots\"/></mapping>", "")))
              .message.find("lots") != std::string::npos);
  }
}

TEST_CASE("QTI: items that are not one choiceInteraction are refused") {
  const Diagnostic text_entry =
      OnlyError(ParseQtiItem(ReadData("qti/text-entry.xml"), "te.xml", {}));
  CHECK(text_entry.file == "te.xml");
  CHECK(text_entry.line == 8);
  CHECK(text_entry.message.find("textEntryInteraction") != std::string::npos);

  const std::string two =
      "<assessmentItem identifier=\"X\"><itemBody>"
      "<choiceInteraction responseIdentifier=\"R\"/><choiceInteraction responseIdentifier=\"R\"/>"
      "</itemBody></assessmentItem>";
  CHECK(OnlyError(ParseXml(two)).message.find("2 choiceInteractions") != std::string::npos);
  CHECK(OnlyError(ParseXml("<assessmentItem><itemBody/></assessmentItem>"))
            .message.find("0 choiceInteractions") != std::string::npos);
  CHECK(OnlyError(ParseXml("<assessmentTest/>")).message.find("assessmentItem") !=
        std::string::npos);
  CHECK(OnlyError(ParseXml("<assessmentItem/>")).message.find("itemBody") != std::string::npos);

  const std::string base = ReadData("qti/single.xml");
  auto with = [&base](const std::string& from, const std::string& to) {
    std::string s = base;
    const size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  CHECK(OnlyError(ParseXml(with("cardinality=\"single\"", "cardinality=\"ordered\"")))
            .message.find("ordered") != std::string::npos);
  CHECK(OnlyError(ParseXml(with("<value>B</value>", "<value>Z</value>")))
            .message.find("'Z' names no simpleChoice") != std::string::npos);
  CHECK(OnlyError(
            ParseXml(with("identifier=\"RESPONSE\" cardinality", "identifier=\"R2\" cardinality")))
            .message.find("no responseDeclaration") != std::string::npos);
  CHECK(OnlyError(ParseXml(with("identifier=\"C\"", "identifier=\"A\"")))
            .message.find("two choices") != std::string::npos);
}

TEST_CASE("QTI: malformed, empty, binary and non-UTF-8 input is an error") {
  const Diagnostic malformed = OnlyError(ParseXml("<assessmentItem>\n<itemBody>\n</assessment>"));
  CHECK(malformed.line == 3);
  CHECK(malformed.message.find("malformed XML") != std::string::npos);
  OnlyError(ParseXml(""));
  OnlyError(
      ParseXml(std::string("\x7F"
                           "ELF\0\0\0\0",
                           8)));
  CHECK(OnlyError(ParseXml("<assessmentItem>\n\xC3\x28</assessmentItem>")).line == 2);
}

TEST_CASE("QTI text is NFC: decomposed input reads as composed") {
  std::string xml = ReadData("qti/prefixed.xml");
  const std::string composed = "Phím";
  const std::string decomposed = "Phi\xCC\x81m";
  xml.replace(xml.find(composed), composed.size(), decomposed);
  CHECK(OnlyItem(ParseXml(xml)).stem == "Phím nào dán nội dung & định dạng từ bộ nhớ tạm?");
}

Item SampleItem() {
  Item item;
  item.id = "IU04-0107";
  item.version = 2;
  item.name = "Địa chỉ \"tuyệt đối\"";
  item.module = "IU04";
  item.topic = "IU04.5.1";
  item.difficulty = Difficulty::kHard;
  item.status = ItemStatus::kActive;
  item.exclusion_group = "IU04-G-ABSREF";
  item.stem = "Ô C2 chứa =A2*$B$1 & <b>C3</b>?\nCông thức trong C3 là gì?";
  item.options = {Option{.text = "=A3*$B$1", .correct = true, .feedback = "Đúng & đủ"},
                  Option{.text = "=A3*$B$2"}, Option{.text = "]]> <!-- x -->"},
                  Option{.text = "Tất cả đều sai", .fixed = true}};
  item.explanation = "A2 → A3; $B$1 giữ nguyên.";
  return item;
}

TEST_CASE("QTI writer produces the QTI 2.1 shape") {
  const std::string xml = WriteQtiItem(SampleItem());
  INFO(xml);
  CHECK(xml.find("<assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\"") !=
        std::string::npos);
  CHECK(xml.find("xml:lang=\"vi\"") != std::string::npos);
  CHECK(xml.find("identifier=\"IU04-0107\"") != std::string::npos);
  CHECK(xml.find("cardinality=\"single\"") != std::string::npos);
  CHECK(xml.find("rptemplates/match_correct\"") != std::string::npos);
  CHECK(xml.find("maxChoices=\"1\"") != std::string::npos);
  CHECK(xml.find("<simpleChoice identifier=\"D\" fixed=\"true\">") != std::string::npos);
  CHECK(xml.find("&amp; &lt;b&gt;C3&lt;/b&gt;?<br />") != std::string::npos);
  CHECK(xml.find("]]&gt;") != std::string::npos);
  CHECK(xml.find("<mapping") == std::string::npos);

  const Item back = OnlyItem(ParseXml(xml));
  const Item item = SampleItem();
  CHECK(back.stem == item.stem);
  CHECK(back.options == item.options);
  CHECK(back.explanation == item.explanation);
  CHECK(back.id == item.id);

  SECTION("weighted and multiple-answer items use map_response") {
    Item weighted = item;
    weighted.mode = ResponseMode::kMultiple;
    weighted.options[0].weight = 50;
    weighted.options[1].correct = true;
    weighted.options[1].weight = 50;
    weighted.options[2].weight = -100.0 / 3;
    const std::string w = WriteQtiItem(weighted);
    INFO(w);
    CHECK(w.find("cardinality=\"multiple\"") != std::string::npos);
    CHECK(w.find("maxChoices=\"0\"") != std::string::npos);
    CHECK(w.find("<mapping lowerBound=\"0\" upperBound=\"1\" defaultValue=\"0\">") !=
          std::string::npos);
    CHECK(w.find("<mapEntry mapKey=\"A\" mappedValue=\"0.5\" />") != std::string::npos);
    CHECK(w.find("rptemplates/map_response\"") != std::string::npos);
    CHECK(OnlyItem(ParseXml(w)).options == weighted.options);
  }
  SECTION("an id that is not an NCName gets a prefix in the item; the manifest keeps it") {
    Item digits = item;
    digits.id = "2024.17";
    CHECK(WriteQtiItem(digits).find("identifier=\"I_2024.17\"") != std::string::npos);
    const Result<std::string> zip = WriteQtiPackage({digits});
    REQUIRE(zip.ok());
    CHECK(OnlyItem(ParseQtiPackage(*zip, "p.zip", {})).id == "2024.17");
  }
}

TEST_CASE("QTI package: manifest, metadata and item files") {
  const Result<std::string> zip = WriteQtiPackage({SampleItem()});
  REQUIRE(zip.ok());
  const ParsedBank bank = ParseQtiPackage(*zip, "bank.zip", {});
  CHECK(OnlyItem(bank) == SampleItem());
  CHECK(bank.items[0].file == "bank.zip!/items/Q0001.xml");
  // The same items give the same bytes.
  CHECK(*WriteQtiPackage({SampleItem()}) == *zip);

  SECTION("a hand-made package with khaothi metadata and percent-encoded hrefs") {
    const std::string meta =
        "<metadata><kt:item xmlns:kt=\"https://khaothi.vn/ns/bank/1\" module=\"IU05\" "
        "topic=\"IU05.2.1\" difficulty=\"medium\" group=\"G\" version=\"4\"/>"
        "<lom:item xmlns:lom=\"http://ltsc.ieee.org/xsd/LOM\" module=\"IU09\"/></metadata>";
    const ParsedBank p = ParseQtiPackage(
        MakeZip({{"imsmanifest.xml", Manifest(Resource("items/c%C3%A2u%201.xml", meta))},
                 {"items/câu 1.xml", ReadData("qti/single.xml")}}),
        "p.zip", {.difficulty = Difficulty::kEasy});
    const Item item = OnlyItem(p);
    CHECK(item.module == "IU05");
    CHECK(item.topic == "IU05.2.1");
    CHECK(item.difficulty == Difficulty::kMedium);
    CHECK(item.status == ItemStatus::kActive);
    CHECK(item.exclusion_group == "G");
    CHECK(item.version == 4);
    CHECK(item.id == "Q0001");
    CHECK(item.name.empty());  // our metadata names no name
  }
  SECTION("the software tag travels in the metadata, and a bad one is an error") {
    Item lo = SampleItem();
    lo.software = engine::Software::kLibreOffice;
    const Result<std::string> tagged = WriteQtiPackage({lo});
    REQUIRE(tagged.ok());
    CHECK(OnlyItem(ParseQtiPackage(*tagged, "lo.zip", {})).software ==
          engine::Software::kLibreOffice);
    // Left out for an item that holds for any software, as in the native format.
    CHECK(tagged->size() != zip->size());
    const std::string meta =
        "<metadata><kt:item xmlns:kt=\"https://khaothi.vn/ns/bank/1\" module=\"IU05\" "
        "software=\"openoffice\"/></metadata>";
    const ParsedBank bad =
        ParseQtiPackage(MakeZip({{"imsmanifest.xml", Manifest(Resource("q.xml", meta))},
                                 {"q.xml", ReadData("qti/single.xml")}}),
                        "p.zip", {});
    REQUIRE(bad.has_errors());
    CHECK_THAT(bad.diagnostics.at(0).message, Catch::Contains("invalid software 'openoffice'"));
    CHECK(bad.items.empty());
  }
  SECTION("without metadata, defaults apply") {
    const Item item =
        OnlyItem(ParseQtiPackage(MakeZip({{"imsmanifest.xml", Manifest(Resource("q.xml"))},
                                          {"q.xml", ReadData("qti/single.xml")}}),
                                 "p.zip", {.module = "IU01"}));
    CHECK(item.module == "IU01");
    CHECK(item.status == ItemStatus::kDraft);
    CHECK(item.name == "Spreadsheet extension");
  }
}

TEST_CASE("QTI package: unsafe entry paths are refused before anything is read") {
  for (const char* evil :
       {"../evil.xml", "/etc/passwd", "items/../../x.xml", "C:\\x.xml", "..\\x.xml", "a/b/.."}) {
    INFO(evil);
    const std::string zip = MakeZip({{"imsmanifest.xml", Manifest(Resource("q.xml"))},
                                     {"q.xml", ReadData("qti/single.xml")},
                                     {evil, "boom"}});
    const Diagnostic d = OnlyError(ParseQtiPackage(zip, "evil.zip", {}));
    CHECK(d.file == "evil.zip");
    CHECK(d.message.find("refusing") != std::string::npos);
  }
  SECTION("and so are manifest hrefs that leave the package") {
    const ParsedBank bank = ParseQtiPackage(
        MakeZip({{"imsmanifest.xml", Manifest(Resource("../q.xml") + Resource("q.xml"))},
                 {"q.xml", ReadData("qti/single.xml")}}),
        "p.zip", {});
    REQUIRE(bank.diagnostics.size() == 1);
    CHECK(bank.diagnostics[0].file == "p.zip!/imsmanifest.xml");
    CHECK(bank.diagnostics[0].message.find("'..'") != std::string::npos);
    CHECK(bank.items.size() == 1);
  }
}

TEST_CASE("QTI package: broken packages are errors, never crashes") {
  SECTION("no manifest") {
    CHECK(OnlyError(ParseQtiPackage(MakeZip({{"q.xml", ReadData("qti/single.xml")}}), "p.zip", {}))
              .message.find("imsmanifest.xml") != std::string::npos);
  }
  SECTION("a manifest without items, or naming a missing file, or malformed") {
    CHECK(OnlyError(ParseQtiPackage(MakeZip({{"imsmanifest.xml", Manifest("")}}), "p.zip", {}))
              .message.find("no resource") != std::string::npos);
    CHECK(OnlyError(ParseQtiPackage(MakeZip({{"imsmanifest.xml", Manifest(Resource("x.xml"))}}),
                                    "p.zip", {}))
              .message.find("not in the package") != std::string::npos);
    CHECK(OnlyError(ParseQtiPackage(MakeZip({{"imsmanifest.xml", "<manifest>"}}), "p.zip", {}))
              .message.find("malformed XML") != std::string::npos);
  }
  SECTION("an item that does not parse is reported under its own name") {
    const ParsedBank bank = ParseQtiPackage(
        MakeZip({{"imsmanifest.xml", Manifest(Resource("a.xml") + Resource("b.xml"))},
                 {"a.xml", ReadData("qti/text-entry.xml")},
                 {"b.xml", ReadData("qti/single.xml")}}),
        "p.zip", {});
    REQUIRE(bank.diagnostics.size() == 1);
    CHECK(bank.diagnostics[0].file == "p.zip!/a.xml");
    CHECK(bank.diagnostics[0].line == 8);
    CHECK(bank.items.size() == 1);
  }
  SECTION("empty, not a zip, truncated at every length, bytes flipped") {
    OnlyError(ParseQtiPackage("", "p.zip", {}));
    OnlyError(ParseQtiPackage("not a zip at all, just text", "p.zip", {}));
    const std::string zip = *WriteQtiPackage({SampleItem(), SampleItem()});
    for (size_t cut = 0; cut < zip.size(); cut += 7) {
      const ParsedBank bank = ParseQtiPackage(zip.substr(0, cut), "p.zip", {});
      CHECK(bank.has_errors());
    }
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
      std::string bad = zip;
      bad[std::uniform_int_distribution<size_t>(0, bad.size() - 1)(rng)] ^=
          static_cast<char>(1 << std::uniform_int_distribution<int>(0, 7)(rng));
      const ParsedBank bank = ParseQtiPackage(bad, "p.zip", {});
      // A flip in a name or in slack bytes may leave a readable package; anything else is an
      // error. Either way nothing crashes and no item comes back half-read without a complaint.
      CHECK((bank.has_errors() || bank.items.size() == 2));
    }
  }
}

// Random text in normal form with what XML has to escape, Vietnamese and line structure.
std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "Câu hỏi", " ",     "Tiếng Việt", "ổ đĩa", "&",  "<", ">",        "\"", "'", "]]>",
      "<!--",    "&amp;", "\n",         "  ",    "\t", "x", "=A2*$B$1", "—",  "😀", "%",
  };
  std::string text;
  const int n = std::uniform_int_distribution<int>(1, 8)(rng);
  for (int i = 0; i < n; ++i) {
    text += kPieces[std::uniform_int_distribution<size_t>(0, kPieces.size() - 1)(rng)];
  }
  text = NormalizeText(text);
  return text.empty() ? "x" : text;
}

TEST_CASE("QTI round trip: ParseQtiPackage(WriteQtiPackage(items)) == items") {
  const auto seed = GENERATE(take(30, random(0u, 1u << 30)));
  std::mt19937 rng(seed);
  auto chance = [&rng](int percent) {
    return std::uniform_int_distribution<int>(0, 99)(rng) < percent;
  };
  const std::vector<double> weights = {100, 50, -100, 33.3, 12.5, -0.5, 100.0 / 3, 0, 1e-7};
  std::vector<Item> items;
  const int count = std::uniform_int_distribution<int>(1, 10)(rng);
  for (int i = 0; i < count; ++i) {
    Item item;
    item.id = (chance(80) ? "IU01-" : "7.") + std::to_string(i);
    item.version = std::uniform_int_distribution<int>(0, 4)(rng);
    item.name = chance(50) ? RandomText(rng) : "";
    item.module = chance(70) ? "IU0" + std::to_string(i % 6 + 1) : "";
    item.topic = chance(60) ? item.module + ".1.1" : "";
    if (chance(70)) {
      item.difficulty = static_cast<Difficulty>(std::uniform_int_distribution<int>(0, 2)(rng));
    }
    item.status = static_cast<ItemStatus>(std::uniform_int_distribution<int>(0, 2)(rng));
    item.mode = chance(50) ? ResponseMode::kSingle : ResponseMode::kMultiple;
    item.stem = RandomText(rng);
    const bool weighted = chance(40);
    const int n = std::uniform_int_distribution<int>(2, 6)(rng);
    for (int k = 0; k < n; ++k) {
      Option o;
      o.text = RandomText(rng) + " " + std::to_string(k);
      o.fixed = chance(20);
      o.feedback = chance(30) ? RandomText(rng) : "";
      if (weighted && chance(70)) {
        o.weight = weights[std::uniform_int_distribution<size_t>(0, weights.size() - 1)(rng)];
      }
      o.correct = item.mode == ResponseMode::kMultiple && chance(40);
      item.options.push_back(std::move(o));
    }
    item.options[std::uniform_int_distribution<size_t>(0, item.options.size() - 1)(rng)].correct =
        true;
    item.exclusion_group = chance(30) ? "G-" + std::to_string(i % 3) : "";
    item.explanation = chance(50) ? RandomText(rng) : "";
    item.software = static_cast<engine::Software>(std::uniform_int_distribution<int>(0, 2)(rng));
    items.push_back(std::move(item));
  }
  const Result<std::string> zip = WriteQtiPackage(items);
  REQUIRE(zip.ok());
  const ParsedBank bank = ParseQtiPackage(*zip, "round.zip", {});
  INFO("seed " << seed << "\n" << Describe(bank));
  REQUIRE(bank.diagnostics.empty());
  REQUIRE(bank.items.size() == items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    INFO(WriteQtiItem(items[i]));
    CHECK(bank.items[i].item == items[i]);
  }
}

}  // namespace
}  // namespace khaothi::bank
