#include "khaothi/engine/practical.h"

#include <map>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "khaothi/engine/form.h"
#include "khaothi/engine/practical_limits.h"
#include "khaothi/engine/random.h"

#include "test_bank.h"

namespace khaothi::engine {
namespace {

constexpr std::string_view kBlueprint = R"(id = with-practical
[part theory]
kind = multiple-choice
cell = IU01 easy 1

[part practical]
kind = entered
floor = 40%
subpart = van-ban module=IU03 pool=IU03-van-ban
subpart = bang-tinh module=IU04
subpart = trinh-chieu
)";

PracticalFile File(std::string name) { return {std::move(name), 100, std::string(64, 'a')}; }

PracticalTask Task(std::string id, std::string module, std::string pool) {
  PracticalTask t;
  t.id = std::move(id);
  t.version = 1;
  t.module = std::move(module);
  t.title = "Một đề";
  t.minutes = 30;
  t.pool = std::move(pool);
  t.total = Points::Whole(10);
  t.instructions = File("de-bai.md");
  t.starters = {File("bai.docx")};
  t.solutions = {File("loi-giai.docx")};
  t.points = {{"1", Points::Whole(4), "Định dạng tiêu đề"}, {"2", Points::Whole(6), "Bảng"}};
  return t;
}

std::vector<PracticalTask> Pools() {
  return {Task("IU03-A", "IU03", "IU03-van-ban"), Task("IU03-B", "IU03", "IU03-van-ban"),
          Task("IU04-A", "IU04", "IU04"), Task("IU04-B", "IU04", "IU04"),
          Task("IU04-C", "IU04", "IU04")};
}

TEST_CASE("blueprint: sub-parts name the module and pool they draw a task from") {
  Result<Blueprint> b = ParseBlueprint(kBlueprint);
  REQUIRE(b.ok());
  const Part& p = b->parts[1];
  REQUIRE(p.subparts.size() == 3);
  REQUIRE(p.tasks.size() == 2);
  CHECK(p.tasks[0] == SubpartTask{"van-ban", "IU03", "IU03-van-ban"});
  CHECK(p.tasks[1] == SubpartTask{"bang-tinh", "IU04", "IU04"});  // the pool defaults to the module
  // Parse(Serialize(b)) == b, and the text says the pool even when it was left to its default.
  const std::string text = SerializeBlueprint(*b);
  CHECK_THAT(text, Catch::Contains("subpart = bang-tinh module=IU04 pool=IU04"));
  CHECK_THAT(text, Catch::Contains("subpart = trinh-chieu\n"));
  Result<Blueprint> again = ParseBlueprint(text);
  REQUIRE(again.ok());
  CHECK(*again == *b);
}

TEST_CASE("blueprint: a bad practical sub-part names its line") {
  const std::string base(kBlueprint);
  auto with = [&](const std::string& line) {
    return base.substr(0, base.find("subpart = trinh-chieu")) + line + "\n";
  };
  auto error = [](const std::string& text) {
    Result<Blueprint> b = ParseBlueprint(text);
    REQUIRE_FALSE(b.ok());
    return b.status().message();
  };
  CHECK(error(with("subpart = x module=IU4")) ==
        "line 11: invalid module 'IU4' (expected IU01..IU15)");
  CHECK(error(with("subpart = x module=IU05 pool=a/b")) ==
        "line 11: invalid pool 'a/b' (letters, digits, '-', '_')");
  CHECK(error(with("subpart = x pool=p")) ==
        "line 11: a sub-part that draws a task needs module=IUxx");
  CHECK(error(with("subpart = x module=IU05 colour=red")) ==
        "line 11: a sub-part is 'NAME [module=IUxx [pool=POOL]]', got 'colour=red'");
  CHECK(error(with("subpart = x module=IU04")) ==
        "line 11: module IU04 already has sub-part 'bang-tinh'");
  // A multiple-choice part has no sub-parts, with or without tasks.
  CHECK_THAT(error("id = x\n[part theory]\nkind = multiple-choice\ncell = IU01 easy 1\n"
                   "subpart = a module=IU03\n"),
             Catch::StartsWith("line 5: floor and subpart belong to an entered part"));
}

TEST_CASE("blueprint: the centre's blueprints without practical tasks read as before") {
  Result<Blueprint> b = ParseBlueprint(
      "id = paper\n[part theory]\nkind = multiple-choice\ncell = IU01 easy 1\n"
      "[part practical]\nkind = entered\nsubpart = van-ban\nsubpart = bang-tinh\n");
  REQUIRE(b.ok());
  CHECK(b->parts[1].tasks.empty());
  CHECK(b->parts[1].subparts.size() == 2);
  Result<std::vector<DrawnTask>> drawn = DrawPracticalTasks(*b, {}, 7);
  REQUIRE(drawn.ok());
  CHECK(drawn->empty());
}

TEST_CASE("practical: a blueprint built in code with bad tasks is refused") {
  Blueprint b = *ParseBlueprint(kBlueprint);
  Blueprint unknown = b;
  unknown.parts[1].tasks[0].subpart = "nope";
  CHECK_THAT(ValidateBlueprint(unknown).message(), Catch::Contains("names no sub-part 'nope'"));
  Blueprint reversed = b;
  std::swap(reversed.parts[1].tasks[0], reversed.parts[1].tasks[1]);
  CHECK_THAT(ValidateBlueprint(reversed).message(), Catch::Contains("order of the sub-parts"));
  Blueprint on_mcq = b;
  on_mcq.parts[0].tasks = {{"x", "IU03", "p"}};
  CHECK_THAT(ValidateBlueprint(on_mcq).message(), Catch::Contains("only an entered part"));
}

TEST_CASE("practical: the draw is a pure function of the seed and the pools") {
  const Blueprint b = *ParseBlueprint(kBlueprint);
  const std::vector<PracticalTask> tasks = Pools();
  for (uint64_t seed : {0ULL, 1ULL, 42ULL, 0xFFFFFFFFFFFFFFFFULL}) {
    Result<std::vector<DrawnTask>> a = DrawPracticalTasks(b, tasks, seed);
    REQUIRE(a.ok());
    REQUIRE(a->size() == 2);
    CHECK((*a)[0].part == "practical");
    CHECK((*a)[0].subpart == "van-ban");
    CHECK((*a)[0].task_id.starts_with("IU03-"));
    CHECK((*a)[1].task_id.starts_with("IU04-"));
    CHECK((*a)[1].task_version == 1);
    // The order in which the bank lists its tasks does not matter.
    std::vector<PracticalTask> reversed(tasks.rbegin(), tasks.rend());
    Result<std::vector<DrawnTask>> b2 = DrawPracticalTasks(b, reversed, seed);
    REQUIRE(b2.ok());
    CHECK(*a == *b2);
  }
}

TEST_CASE("practical: the draw follows its specification (test vector)") {
  // docs/practical.md: one xoshiro256** stream seeded with seed ^ kPracticalSeedSalt, one
  // BoundedDraw per sub-part with a task, over the pool ordered by id.
  const Blueprint b = *ParseBlueprint(kBlueprint);
  for (uint64_t seed : {3ULL, 2026ULL}) {
    Xoshiro256 rng(seed ^ kPracticalSeedSalt);
    const uint64_t first = BoundedDraw(rng, 2);
    const uint64_t second = BoundedDraw(rng, 3);
    Result<std::vector<DrawnTask>> drawn = DrawPracticalTasks(b, Pools(), seed);
    REQUIRE(drawn.ok());
    CHECK((*drawn)[0].task_id == std::string("IU03-") + static_cast<char>('A' + first));
    CHECK((*drawn)[1].task_id == std::string("IU04-") + static_cast<char>('A' + second));
  }
}

TEST_CASE("practical: neighbours get different tasks: 30 seeds cover every task of each pool") {
  const Blueprint b = *ParseBlueprint(kBlueprint);
  std::map<std::string, int> seen;
  int same_as_neighbour = 0;
  std::string previous;
  for (uint64_t seat = 0; seat < 30; ++seat) {
    // Seeds as a session makes them: distinct 64-bit values, here consecutive ones, the hardest
    // case.
    Result<std::vector<DrawnTask>> drawn = DrawPracticalTasks(b, Pools(), 1000 + seat);
    REQUIRE(drawn.ok());
    for (const DrawnTask& d : *drawn) {
      ++seen[d.task_id];
    }
    same_as_neighbour += (*drawn)[1].task_id == previous ? 1 : 0;
    previous = (*drawn)[1].task_id;
  }
  CHECK(seen.size() == 5);
  for (const auto& [id, n] : seen) {
    INFO(id);
    CHECK(n >= 3);  // no task is starved: each pool is drawn uniformly
  }
  CHECK(same_as_neighbour < 20);
}

TEST_CASE("practical: drawing tasks leaves the multiple-choice form of a seed unchanged") {
  const std::vector<Item> bank = testing::SyntheticBank(120);
  Blueprint with = *ParseBlueprint(kBlueprint);
  Blueprint without = with;
  without.parts[1].tasks.clear();
  Result<FormGenerator> a = FormGenerator::Create(bank, with);
  Result<FormGenerator> b = FormGenerator::Create(bank, without);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  for (uint64_t seed = 0; seed < 20; ++seed) {
    Result<Form> fa = a->Generate(seed);
    Result<Form> fb = b->Generate(seed);
    REQUIRE(fa.ok());
    REQUIRE(fb.ok());
    CHECK(fa->slots == fb->slots);
  }
}

TEST_CASE("practical: a pool that cannot give a task is reported, not skipped") {
  const Blueprint b = *ParseBlueprint(kBlueprint);
  SECTION("an empty pool") {
    std::vector<PracticalTask> tasks = {Task("IU04-A", "IU04", "IU04")};
    const std::vector<std::string> problems = CheckPracticalPools(b, tasks);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "sub-part van-ban: pool IU03-van-ban has no IU03 task");
    Result<std::vector<DrawnTask>> drawn = DrawPracticalTasks(b, tasks, 1);
    REQUIRE(drawn.status().IsResourceExhausted());
    CHECK(drawn.status().message() == problems[0]);
  }
  SECTION("points that do not add up to the scale") {
    std::vector<PracticalTask> tasks = Pools();
    tasks[1].total = Points::Whole(8);
    const std::vector<std::string> problems = CheckPracticalPools(b, tasks);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] ==
          "sub-part van-ban: the points of task IU03-B add up to 8, not the scale 10");
    CHECK_FALSE(DrawPracticalTasks(b, tasks, 1).ok());
  }
  SECTION("a task of another module in the pool") {
    std::vector<PracticalTask> tasks = Pools();
    tasks.push_back(Task("IU05-A", "IU05", "IU04"));
    const std::vector<std::string> problems = CheckPracticalPools(b, tasks);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "sub-part bang-tinh: task IU05-A of pool IU04 is for IU05, not IU04");
  }
  SECTION("two tasks with one id") {
    std::vector<PracticalTask> tasks = Pools();
    tasks.push_back(tasks.front());
    CHECK(DrawPracticalTasks(b, tasks, 1).status().IsInvalidArgument());
  }
}

TEST_CASE("practical: a task's manifest rules") {
  PracticalTask t = Task("IU04-A", "IU04", "IU04");
  REQUIRE(ValidatePracticalTask(t).ok());
  auto error = [](const PracticalTask& bad) { return ValidatePracticalTask(bad).message(); };
  SECTION("the points table must add up to the total") {
    t.points[1].points = Points::Whole(5);
    CHECK(error(t) == "the points table adds up to 9, not the total 10");
  }
  SECTION("an unknown module") {
    t.module = "IU4";
    CHECK(error(t) == "invalid module 'IU4' (expected IU01..IU15)");
  }
  SECTION("a model solution is required") {
    t.solutions.clear();
    CHECK_THAT(error(t), Catch::Contains("no solution file"));
  }
  SECTION("a file listed twice") {
    t.solutions.push_back(t.starters[0]);
    CHECK(error(t) == "file 'bai.docx' is listed twice");
  }
  SECTION("a forbidden type") {
    t.starters[0].name = "macro.xlsm";
    CHECK(error(t) == "starter 'macro.xlsm': type .xlsm is not allowed");
    t.starters[0].name = "de-bai.docx";
    t.instructions.name = "de-bai.pdf";
    CHECK(error(t) == "instructions 'de-bai.pdf': type .pdf is not allowed");
  }
  SECTION("a name that could leave the folder") {
    t.starters[0].name = "../bai.docx";
    CHECK_THAT(error(t), Catch::StartsWith("starter '../bai.docx': a file name is"));
  }
  SECTION("a points code twice") {
    t.points[1].code = "1";
    CHECK(error(t) == "points code '1' appears twice");
  }
}

TEST_CASE("practical: every limit, and one more") {
  PracticalTask t = Task("IU04-A", "IU04", "IU04");
  SECTION("file size") {
    t.starters[0].size = kMaxPracticalFileBytes;
    CHECK(ValidatePracticalTask(t).ok());
    t.starters[0].size = kMaxPracticalFileBytes + 1;
    CHECK_THAT(ValidatePracticalTask(t).message(), Catch::Contains("over the limit of 10485760"));
  }
  SECTION("instructions size") {
    t.instructions.size = kMaxInstructionsBytes;
    CHECK(ValidatePracticalTask(t).ok());
    t.instructions.size = kMaxInstructionsBytes + 1;
    CHECK_THAT(ValidatePracticalTask(t).message(), Catch::Contains("over the limit of 262144"));
  }
  SECTION("starter and solution files") {
    t.starters.clear();
    t.solutions.clear();
    for (int i = 0; i < kMaxStarterFiles; ++i) {
      t.starters.push_back(File("s" + std::to_string(i) + ".xlsx"));
      t.solutions.push_back(File("g" + std::to_string(i) + ".xlsx"));
    }
    CHECK(ValidatePracticalTask(t).ok());
    PracticalTask more_starters = t;
    more_starters.starters.push_back(File("s9.xlsx"));
    CHECK_THAT(ValidatePracticalTask(more_starters).message(),
               Catch::Contains("at most 8 starter files"));
    t.solutions.push_back(File("g9.xlsx"));
    CHECK_THAT(ValidatePracticalTask(t).message(), Catch::Contains("at most 8 solution files"));
  }
  SECTION("package bytes") {
    // Four files at the size limit, and the rest: exactly at the package limit, then one over.
    t.starters = {File("a.xlsx"), File("b.xlsx")};
    t.solutions = {File("c.xlsx"), File("d.xlsx"), File("e.xlsx")};
    for (PracticalFile* f : {&t.starters[0], &t.starters[1], &t.solutions[0], &t.solutions[1]}) {
      f->size = kMaxPracticalFileBytes;
    }
    t.solutions[2].size = kMaxPackageBytes - 4 * kMaxPracticalFileBytes - t.instructions.size;
    CHECK(ValidatePracticalTask(t).ok());
    ++t.solutions[2].size;
    CHECK_THAT(ValidatePracticalTask(t).message(), Catch::Contains("over the limit of 50331648"));
  }
  SECTION("points lines") {
    t.points.clear();
    for (int i = 0; i < kMaxPointsLines; ++i) {
      t.points.push_back({std::to_string(i), Points{2000}, "Một ý"});
    }
    CHECK(ValidatePracticalTask(t).ok());
    t.points.push_back({"x", Points{1}, "Một ý nữa"});
    t.total.ten_thousandths += 1;
    CHECK_THAT(ValidatePracticalTask(t).message(), Catch::Contains("51 lines"));
  }
  SECTION("file name length") {
    t.starters[0].name = std::string(kMaxFileNameBytes - 5, 'a') + ".docx";
    CHECK(ValidatePracticalTask(t).ok());
    t.starters[0].name = std::string(kMaxFileNameBytes - 4, 'a') + ".docx";
    CHECK_THAT(ValidatePracticalTask(t).message(), Catch::Contains("a file name is"));
  }
  SECTION("points description length") {
    t.points[0].description = std::string(kMaxPointsDescriptionBytes, 'a');
    CHECK(ValidatePracticalTask(t).ok());
    t.points[0].description += "a";
    CHECK_THAT(ValidatePracticalTask(t).message(),
               Catch::Contains("the description of '1' must be one line of 1..500 bytes"));
  }
  SECTION("title length and minutes") {
    t.title = std::string(kMaxTitleBytes, 'a');
    t.minutes = kMaxTaskMinutes;
    CHECK(ValidatePracticalTask(t).ok());
    t.minutes = kMaxTaskMinutes + 1;
    CHECK_THAT(ValidatePracticalTask(t).message(), Catch::Contains("minutes must be 1..180"));
    t.minutes = 30;
    t.title += "a";
    CHECK_THAT(ValidatePracticalTask(t).message(), Catch::Contains("title must be one line"));
  }
}

}  // namespace
}  // namespace khaothi::engine
