#include "khaothi/engine/blueprint.h"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

namespace khaothi::engine {
namespace {

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr std::string_view kSmall = R"(# a comment
id = small
name = Small test
duration = 20
order = shuffled
shuffle_options = no
show_score = no
software = libreoffice

[scoring]
scale = 10
decimals = 2
rounding = half-up
carry_over_months = 12

[part theory]
kind = multiple-choice
pass = 5.00
cell = IU01 easy 2
cell = IU04.5 hard 1 points=1.5

[part practical]
kind = entered
pass = 5
floor = 40%
subpart = excel
)";

Item MakeItem(std::string module, std::string topic, Difficulty d) {
  Item item;
  item.id = "X-1";
  item.module = std::move(module);
  item.topic = std::move(topic);
  item.difficulty = d;
  item.status = ItemStatus::kActive;
  return item;
}

TEST_CASE("a blueprint file parses into its fields") {
  Result<Blueprint> b = ParseBlueprint(kSmall);
  REQUIRE(b.ok());
  CHECK(b->id == "small");
  CHECK(b->name == "Small test");
  CHECK(b->duration == std::chrono::minutes(20));
  CHECK(b->order == QuestionOrder::kShuffled);
  CHECK_FALSE(b->shuffle_options);
  CHECK_FALSE(b->show_score);
  CHECK(b->software == SoftwareChoice::kLibreOffice);
  REQUIRE(b->parts.size() == 2);
  CHECK(b->parts[0].kind == PartKind::kMultipleChoice);
  CHECK(b->parts[0].pass == Points::Whole(5));
  CHECK(b->parts[1].kind == PartKind::kEntered);
  CHECK(b->parts[1].floor_basis_points == 4000);
  CHECK(b->parts[1].subparts == std::vector<std::string>{"excel"});
  REQUIRE(b->cells.size() == 2);
  CHECK(b->cells[1].module == "IU04");
  CHECK(b->cells[1].topic_prefix == "IU04.5");
  CHECK(b->cells[1].difficulty == Difficulty::kHard);
  CHECK(b->cells[1].points == Points{15000});
  CHECK(b->ItemCount() == 3);
  CHECK(b->MultipleChoicePart().name == "theory");
}

TEST_CASE("omitted settings take the centre's defaults") {
  Result<Blueprint> b =
      ParseBlueprint("id = d\n[part theory]\nkind = multiple-choice\ncell = IU01 easy 1\n");
  REQUIRE(b.ok());
  CHECK(b->duration == std::chrono::minutes(30));
  CHECK(b->order == QuestionOrder::kGroupedByModule);
  CHECK(b->shuffle_options);
  CHECK(b->show_score);
  CHECK(b->software == SoftwareChoice::kBoth);
  CHECK(b->scoring == ScoringPolicy{});
  CHECK(b->scoring.scale == Points::Whole(10));
  CHECK(b->scoring.decimals == 2);
  CHECK(b->scoring.rounding == RoundingMode::kHalfUp);
  CHECK(b->scoring.carry_over_months == 12);
  CHECK(b->parts[0].pass == Points::Whole(5));
}

TEST_CASE("serializing a blueprint and parsing it back gives the same blueprint") {
  auto text = GENERATE(std::string(kSmall),
                       ReadSourceFile("question-bank/data/blueprints/basic-30.blueprint"),
                       ReadSourceFile("question-bank/data/blueprints/basic-40.blueprint"));
  Result<Blueprint> b = ParseBlueprint(text);
  REQUIRE(b.ok());
  const std::string once = SerializeBlueprint(*b);
  Result<Blueprint> again = ParseBlueprint(once);
  REQUIRE(again.ok());
  CHECK(*again == *b);
  CHECK(SerializeBlueprint(*again) == once);
}

TEST_CASE("the default blueprints parse and have the documented shape") {
  SECTION("basic-30") {
    Result<Blueprint> b =
        ParseBlueprint(ReadSourceFile("question-bank/data/blueprints/basic-30.blueprint"));
    REQUIRE(b.ok());
    CHECK(b->id == "basic-30");
    CHECK(b->ItemCount() == 30);
    CHECK(b->duration == std::chrono::minutes(30));
    CHECK(b->shuffle_options);
    CHECK(b->order == QuestionOrder::kGroupedByModule);
    for (const char* m : {"IU01", "IU02", "IU03", "IU04", "IU05", "IU06"}) {
      int easy = 0, medium = 0, hard = 0;
      for (const Cell& c : b->cells) {
        if (c.module == m) {
          (c.difficulty == Difficulty::kEasy     ? easy
           : c.difficulty == Difficulty::kMedium ? medium
                                                 : hard) += c.count;
        }
      }
      CHECK((easy == 2 && medium == 2 && hard == 1));
    }
    REQUIRE(b->parts.size() == 2);
    CHECK(b->parts[0].pass == Points::Whole(5));
    CHECK(b->parts[1].kind == PartKind::kEntered);
    CHECK(b->parts[1].pass == Points::Whole(5));
    CHECK(b->parts[1].floor_basis_points == 4000);
  }
  SECTION("basic-40") {
    Result<Blueprint> b =
        ParseBlueprint(ReadSourceFile("question-bank/data/blueprints/basic-40.blueprint"));
    REQUIRE(b.ok());
    CHECK(b->id == "basic-40");
    CHECK(b->ItemCount() == 40);
    CHECK(b->duration == std::chrono::minutes(45));
    int per_module[7] = {};
    for (const Cell& c : b->cells) {
      per_module[c.module[3] - '0'] += c.count;
    }
    CHECK(per_module[1] == 7);
    CHECK(per_module[4] == 7);
    CHECK(per_module[5] == 6);
    CHECK(per_module[6] == 6);
  }
}

TEST_CASE("blueprint errors name the line") {
  auto error_of = [](std::string text) {
    Result<Blueprint> b = ParseBlueprint(text);
    REQUIRE_FALSE(b.ok());
    CHECK(b.status().IsInvalidArgument());
    return b.status().message();
  };
  const std::string head = "id = x\n[part theory]\nkind = multiple-choice\n";
  SECTION("unknown difficulty") {
    CHECK(error_of(head + "cell = IU01 hrad 2\n") ==
          "line 4: unknown difficulty 'hrad' (easy, medium or hard)");
  }
  SECTION("bad count") { CHECK(error_of(head + "cell = IU01 easy 0\n").starts_with("line 4: ")); }
  SECTION("bad module") { CHECK(error_of(head + "cell = XX01 easy 1\n").starts_with("line 4: ")); }
  SECTION("duplicate cell") {
    CHECK(error_of(head + "cell = IU01 easy 1\ncell = IU01 easy 2\n") ==
          "line 5: cell IU01 easy appears twice");
  }
  SECTION("unknown key") {
    CHECK(error_of(head + "cell = IU01 easy 1\ncolour = red\n").starts_with("line 5: unknown key"));
  }
  SECTION("unknown software") {
    CHECK(error_of("id = x\nsoftware = Microsoft\n" + head.substr(7) + "cell = IU01 easy 1\n") ==
          "line 2: invalid software 'Microsoft' (expected microsoft, libreoffice or both)");
    CHECK(error_of("id = x\nsoftware = any\n").starts_with("line 2: invalid software 'any'"));
    CHECK(error_of("id = x\nsoftware =\n").starts_with("line 2: invalid software ''"));
    CHECK(error_of("id = x\nsoftware = both\nsoftware = microsoft\n") ==
          "line 3: 'software' appears twice");
  }
  SECTION("repeated key") { CHECK(error_of("id = x\nid = y\n") == "line 2: 'id' appears twice"); }
  SECTION("pass above the scale") {
    CHECK(error_of(head + "pass = 11\ncell = IU01 easy 1\n").starts_with("line 4: pass 11"));
  }
  SECTION("pass with more decimals than scores") {
    CHECK(error_of(head + "pass = 5.005\ncell = IU01 easy 1\n").starts_with("line 4: "));
  }
  SECTION("cells in an entered part") {
    CHECK(error_of(head + "cell = IU01 easy 1\n[part p]\nkind = entered\ncell = IU02 easy 1\n")
              .starts_with("line 7: cells belong"));
  }
  SECTION("no multiple-choice part") {
    CHECK(error_of("id = x\n[part p]\nkind = entered\n").find("no multiple-choice part") !=
          std::string::npos);
  }
  SECTION("part without kind") {
    CHECK(error_of("id = x\n[part p]\ncell = IU01 easy 1\n").starts_with("line 2: "));
  }
  SECTION("two multiple-choice parts") {
    CHECK(error_of(head + "cell = IU01 easy 1\n[part b]\nkind = multiple-choice\ncell = IU02 "
                          "easy 1\n")
              .starts_with("line 5: "));
  }
  SECTION("missing id") {
    CHECK(error_of("[part theory]\nkind = multiple-choice\ncell = IU01 easy 1\n") ==
          "line 3: missing id");
  }
  SECTION("bad section") { CHECK(error_of("id = x\n[parts]\n").starts_with("line 2: ")); }
  SECTION("empty file") { CHECK(error_of("# nothing\n\n").starts_with("line 1: ")); }
  SECTION("topic prefix outside its module is not a topic") {
    CHECK(error_of(head + "cell = IU04.x easy 1\n").starts_with("line 4: "));
  }
}

TEST_CASE("points are exact decimals with at most four places") {
  CHECK(ParsePoints("5") == Points{50000});
  CHECK(ParsePoints("5.25") == Points{52500});
  CHECK(ParsePoints("0.0001") == Points{1});
  CHECK_FALSE(ParsePoints("0.00001"));
  CHECK_FALSE(ParsePoints("-1"));
  CHECK_FALSE(ParsePoints("1e3"));
  CHECK_FALSE(ParsePoints("5."));
  CHECK_FALSE(ParsePoints(".5"));
  CHECK(FormatPoints(Points{52500}) == "5.25");
  CHECK(FormatPoints(Points{50000}) == "5");
  CHECK(FormatPoints(Points{50000}, 2) == "5.00");
  CHECK(FormatPoints(Points{1}, 4) == "0.0001");
}

TEST_CASE("an item matches a cell by module, topic prefix and difficulty") {
  Cell module_cell{"IU04", "", Difficulty::kHard, 1};
  Cell topic_cell{"IU04", "IU04.5", Difficulty::kHard, 1};
  CHECK(CellMatches(module_cell, MakeItem("IU04", "IU04.5.1", Difficulty::kHard)));
  CHECK_FALSE(CellMatches(module_cell, MakeItem("IU04", "IU04.5.1", Difficulty::kEasy)));
  CHECK_FALSE(CellMatches(module_cell, MakeItem("IU05", "IU05.5.1", Difficulty::kHard)));
  CHECK(CellMatches(topic_cell, MakeItem("IU04", "IU04.5.1", Difficulty::kHard)));
  CHECK(CellMatches(topic_cell, MakeItem("IU04", "IU04.5", Difficulty::kHard)));
  CHECK_FALSE(CellMatches(topic_cell, MakeItem("IU04", "IU04.50.1", Difficulty::kHard)));
  CHECK_FALSE(CellMatches(topic_cell, MakeItem("IU04", "IU04.6.1", Difficulty::kHard)));
  CHECK(CellLabel(topic_cell) == "IU04.5 hard");
}

TEST_CASE("the software option reads each of its values") {
  const std::string rest = "[part theory]\nkind = multiple-choice\ncell = IU01 easy 1\n";
  for (SoftwareChoice choice :
       {SoftwareChoice::kBoth, SoftwareChoice::kMicrosoft, SoftwareChoice::kLibreOffice}) {
    const std::string text = "id = s\nsoftware = " + std::string(ToString(choice)) + "\n" + rest;
    INFO(text);
    Result<Blueprint> b = ParseBlueprint(text);
    REQUIRE(b.ok());
    CHECK(b->software == choice);
    CHECK(ParseBlueprint(SerializeBlueprint(*b))->software == choice);
  }
  CHECK(ParseSoftwareChoice("both") == SoftwareChoice::kBoth);
  CHECK_FALSE(ParseSoftwareChoice("Both"));
  CHECK_FALSE(ParseSoftwareChoice("any"));
}

TEST_CASE("a blueprint draws an item by its cell and its software") {
  Item any = MakeItem("IU05", "IU05.1.1", Difficulty::kEasy);
  Item ms = any;
  ms.software = Software::kMicrosoft;
  Item lo = any;
  lo.software = Software::kLibreOffice;
  CHECK(SoftwareMatches(SoftwareChoice::kBoth, any));
  CHECK(SoftwareMatches(SoftwareChoice::kBoth, ms));
  CHECK(SoftwareMatches(SoftwareChoice::kBoth, lo));
  CHECK(SoftwareMatches(SoftwareChoice::kMicrosoft, any));
  CHECK(SoftwareMatches(SoftwareChoice::kMicrosoft, ms));
  CHECK_FALSE(SoftwareMatches(SoftwareChoice::kMicrosoft, lo));
  CHECK(SoftwareMatches(SoftwareChoice::kLibreOffice, any));
  CHECK_FALSE(SoftwareMatches(SoftwareChoice::kLibreOffice, ms));
  CHECK(SoftwareMatches(SoftwareChoice::kLibreOffice, lo));

  Blueprint b;
  b.software = SoftwareChoice::kMicrosoft;
  const Cell cell{"IU05", "", Difficulty::kEasy, 1};
  CHECK(b.Draws(cell, ms));
  CHECK_FALSE(b.Draws(cell, lo));
  Item other_cell = ms;
  other_cell.difficulty = Difficulty::kHard;
  CHECK_FALSE(b.Draws(cell, other_cell));
}

}  // namespace
}  // namespace khaothi::engine
