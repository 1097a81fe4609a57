// The corpus of candidates' work (tests/checker/corpus, made by LibreOffice with make-corpus.py):
// every file gets exactly the marks its entry in a *.mistakes file says, line by line, in both
// formats. A difference anywhere is a failure: the proposal is what the markers start from.
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/bank/practical.h"
#include "khaothi/checker/points.h"

#include "test_util.h"

namespace khaothi::checker {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(KHAOTHI_SOURCE_DIR) / "tests/checker/corpus";
const fs::path kPractical = fs::path(KHAOTHI_SOURCE_DIR) / "question-bank/data/practical";

struct Entry {
  std::string where;  // "IU04.mistakes:12"
  std::string task;
  std::string name;
  std::string marks;  // "1:0.5 11:0.5", "all:0" or empty
  std::string total;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}

std::vector<Entry> ReadEntries() {
  std::vector<Entry> out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    if (e.path().extension() == ".mistakes") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    std::istringstream in(testing::ReadFile(path.string()));
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      line = Trim(line);
      if (line.empty() || line[0] == '#') continue;
      if (line.front() == '[' && line.back() == ']') {
        const std::string inside = line.substr(1, line.size() - 2);
        const size_t space = inside.find(' ');
        out.push_back({path.filename().string() + ":" + std::to_string(number),
                       inside.substr(0, space), inside.substr(space + 1), "", ""});
        continue;
      }
      const size_t eq = line.find('=');
      REQUIRE(eq != std::string::npos);
      REQUIRE(!out.empty());
      const std::string key = Trim(line.substr(0, eq));
      const std::string value = Trim(line.substr(eq + 1));
      if (key == "marks") out.back().marks = value;
      if (key == "total") out.back().total = value;
    }
  }
  return out;
}

engine::PracticalTask LoadTask(const std::string& id) {
  const std::string text = testing::ReadFile((kPractical / id / "task.txt").string());
  auto parsed = bank::ParsePracticalManifest(text, id + "/task.txt");
  INFO(parsed.status().message());
  REQUIRE(parsed.ok());
  return parsed->task;
}

TEST_CASE("every corpus file is proposed the marks its entry expects", "[checker][corpus]") {
  const std::vector<Entry> entries = ReadEntries();
  std::map<std::string, TaskChecks> tasks;
  int files = 0;
  for (const Entry& entry : entries) {
    INFO(entry.where << " [" << entry.task << " " << entry.name << "]");
    if (tasks.count(entry.task) == 0) {
      auto compiled = CompileTaskChecks(LoadTask(entry.task));
      INFO(compiled.status().message());
      REQUIRE(compiled.ok());
      tasks.emplace(entry.task, std::move(compiled).value());
    }
    const TaskChecks& checks = tasks.at(entry.task);
    // The expected mark of every line: full unless `marks` says otherwise.
    std::map<std::string, engine::Points> expected;
    for (const LineChecks& line : checks.lines) expected[line.code] = line.points;
    std::istringstream marks(entry.marks);
    std::string item;
    while (marks >> item) {
      const size_t colon = item.find(':');
      REQUIRE(colon != std::string::npos);
      const std::string code = item.substr(0, colon);
      const std::optional<engine::Points> mark = engine::ParsePoints(item.substr(colon + 1));
      REQUIRE(mark);
      if (code == "all") {
        for (auto& [c, p] : expected) p = *mark;
      } else {
        REQUIRE(expected.count(code) == 1);
        expected[code] = *mark;
      }
    }
    engine::Points sum;
    for (const auto& [c, p] : expected) sum.ten_thousandths += p.ten_thousandths;
    const std::optional<engine::Points> total = engine::ParsePoints(entry.total);
    REQUIRE(total);
    REQUIRE(sum == *total);  // the entry adds up

    int found = 0;
    for (const auto& e : fs::directory_iterator(kCorpus / entry.task)) {
      if (e.path().stem() != entry.name) continue;
      ++found;
      ++files;
      const std::string bytes = testing::ReadFile(e.path().string());
      const Proposal proposal =
          ProposeMarks(checks, {WorkFile{e.path().filename().string(), bytes}});
      INFO(e.path().filename().string());
      for (const LineProposal& line : proposal.lines) {
        std::string evidence;
        for (const CheckResult& r : line.results) {
          evidence += "\n  " + r.check + " → " + std::string(VerdictName(r.outcome.verdict)) +
                      ": " + r.outcome.evidence_en;
        }
        INFO("line " << line.code << ": " << line.reason_en << evidence);
        REQUIRE(line.proposed.has_value());
        CHECK(engine::FormatPoints(*line.proposed) == engine::FormatPoints(expected[line.code]));
      }
      CHECK(engine::FormatPoints(proposal.proposed_total) == engine::FormatPoints(*total));
    }
    CHECK(found == 2);  // the Microsoft format and OpenDocument
  }
  INFO(files << " files");
  CHECK(files == 2 * static_cast<int>(entries.size()));
}

TEST_CASE(
    "every task of the centre has its model, its empty work and typical mistakes in the corpus",
    "[checker][corpus]") {
  std::map<std::string, std::vector<Entry>> by_task;
  for (const Entry& e : ReadEntries()) by_task[e.task].push_back(e);
  int tasks = 0;
  for (const auto& dir : fs::directory_iterator(kPractical)) {
    if (!fs::exists(dir.path() / "task.txt")) continue;
    ++tasks;
    const std::string id = dir.path().filename().string();
    INFO(id);
    const engine::PracticalTask task = LoadTask(id);
    const std::vector<Entry>& entries = by_task[id];
    int full = 0;
    int empty = 0;
    for (const Entry& e : entries) {
      const std::optional<engine::Points> total = engine::ParsePoints(e.total);
      REQUIRE(total);
      full += *total == task.total ? 1 : 0;
      empty += *total == engine::Points{} ? 1 : 0;
    }
    CHECK(full >= 1);
    CHECK(empty >= 1);
    CHECK(entries.size() >= 6);  // the model, the empty work and at least four mistakes
    // Every points line has checks: the centre's tasks are proposed whole.
    for (const engine::PointsLine& line : task.points) {
      INFO("line " << line.code);
      CHECK_FALSE(line.checks.empty());
    }
  }
  CHECK(tasks == 9);  // three for each of IU03, IU04, IU05
}

}  // namespace
}  // namespace khaothi::checker
