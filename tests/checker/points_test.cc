// Proposed marks (points.h): the rules and their rounding, which file a check reads, and lines
// that get no proposal — by hand, or because their file cannot be read — on real files.
#include "khaothi/checker/points.h"

#include <string>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace khaothi::checker {
namespace {

std::string Package(const std::string& relative) {
  return testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/question-bank/data/practical/" +
                           relative);
}

engine::PointsLine Line(std::string code, const char* points, std::vector<std::string> checks,
                        engine::PartialRule rule = engine::PartialRule::kProportional) {
  engine::PointsLine line;
  line.code = std::move(code);
  line.points = *engine::ParsePoints(points);
  line.description = "dòng " + line.code;
  line.checks = std::move(checks);
  line.rule = rule;
  return line;
}

// A task on the IU04-A workbook whose lines exercise the rules.
engine::PracticalTask Task() {
  engine::PracticalTask task;
  task.id = "T";
  task.starters = {{"ban-hang.xlsx", 1, std::string(64, 'a')}};
  task.solutions = {{"loi-giai.xlsx", 1, std::string(64, 'b')}};
  const std::string total = "formula cells=BanHang!F12 uses=SUM";    // the model passes
  const std::string wrong = "cell_value cell=BanHang!F12 number=1";  // nobody passes
  task.points = {
      Line("1", "1", {total, total, wrong}),  // 2/3 of 1 → 0.5 (rounded down to 0.25)
      Line("2", "0.5", {total, wrong}),       // 1/2 of 0.5 → 0.25
      Line("3", "2", {total, wrong}, engine::PartialRule::kAll),  // not all → 0
      Line("4", "1", {total}),                                    // full
      Line("5", "0.1", {total, wrong}),  // under 0.25: steps of the line's own points → 0
      Line("6", "1", {}),                // by hand
  };
  return task;
}

TEST_CASE("a line's mark follows its rule, rounded down to a quarter point", "[checker][points]") {
  auto checks = CompileTaskChecks(Task());
  INFO(checks.status().message());
  REQUIRE(checks.ok());
  const std::string model = Package("IU04-A/loi-giai.xlsx");
  const Proposal p = ProposeMarks(*checks, {WorkFile{"bai-lam.xlsx", model}});
  REQUIRE(p.lines.size() == 6);
  auto mark = [&](size_t i) { return engine::FormatPoints(p.lines[i].proposed.value()); };
  CHECK(mark(0) == "0.5");
  CHECK(p.lines[0].verdict == Verdict::kPartial);
  CHECK(mark(1) == "0.25");
  CHECK(mark(2) == "0");
  CHECK(p.lines[2].verdict == Verdict::kFail);
  CHECK(mark(3) == "1");
  CHECK(p.lines[3].verdict == Verdict::kPass);
  CHECK(mark(4) == "0");
  CHECK_FALSE(p.lines[5].proposed.has_value());
  CHECK(p.lines[5].reason_vi == "chấm tay: dòng này không có kiểm tra tự động");
  CHECK(engine::FormatPoints(p.proposed_total) == "1.75");  // 0.5 + 0.25 + 0 + 1 + 0
  CHECK_FALSE(p.complete);
  // Every check's evidence and the file it read are kept, in order.
  REQUIRE(p.lines[0].results.size() == 3);
  CHECK(p.lines[0].results[0].file == "bai-lam.xlsx");
  CHECK(p.lines[0].results[2].outcome.evidence_en ==
        "Cell BanHang!F12: formula =SUM(F4:F11), value 931.000.000; expected 1");
}

TEST_CASE("a check reads the file its stem names, else the only file of its kind",
          "[checker][points]") {
  engine::PracticalTask task = Task();
  task.points = {Line("1", "1", {"formula cells=BanHang!F12 uses=SUM file=ban-hang"}),
                 Line("2", "1", {"formula cells=BanHang!F12 uses=SUM"})};
  auto checks = CompileTaskChecks(task);
  REQUIRE(checks.ok());
  const std::string model = Package("IU04-A/loi-giai.xlsx");
  const std::string starter = Package("IU04-A/ban-hang.xlsx");
  const std::string letter = Package("IU03-A/loi-giai.docx");

  // Two workbooks: line 1 reads ban-hang (case-insensitive), line 2 cannot tell which.
  Proposal p =
      ProposeMarks(*checks, {WorkFile{"BAN-HANG.ods", model}, WorkFile{"khac.xlsx", starter}});
  REQUIRE(p.lines[0].proposed.has_value());
  CHECK(p.lines[0].results[0].file == "BAN-HANG.ods");
  CHECK_FALSE(p.lines[1].proposed.has_value());
  CHECK(p.lines[1].reason_en ==
        "cannot be checked automatically: which file is meant is unclear (BAN-HANG.ods, "
        "khac.xlsx)");

  // A document and a picture are not workbooks: nothing to read.
  p = ProposeMarks(*checks, {WorkFile{"thu.docx", letter}, WorkFile{"anh.png", "\x89PNG"}});
  CHECK_FALSE(p.lines[0].proposed.has_value());
  CHECK(p.lines[0].reason_vi == "không chấm tự động được: không có tệp bảng tính (.xlsx, .ods)");

  // A document renamed .xlsx is read for what it is, and refused.
  p = ProposeMarks(*checks, {WorkFile{"ban-hang.xlsx", letter}});
  CHECK(p.lines[0].reason_en ==
        "cannot be checked automatically: the file ban-hang.xlsx is not what its extension says");
}

TEST_CASE("a file that cannot be read leaves its lines to the markers, with the reason",
          "[checker][points]") {
  engine::PracticalTask task = Task();
  task.solutions.push_back({"loi-giai.docx", 1, std::string(64, 'c')});
  task.points = {Line("1", "1", {"formula cells=BanHang!F12 uses=SUM file=loi-giai"}),
                 Line("2", "1", {"text_present text=\"THƯ MỜI\" file=thu-moi"})};
  task.starters.push_back({"thu-moi.docx", 1, std::string(64, 'd')});
  // Mixed kinds: a check without file= cannot know what it reads.
  engine::PracticalTask unclear = task;
  unclear.points.push_back(Line("3", "1", {"text_present text=x"}));
  auto refused = CompileTaskChecks(unclear);
  CHECK(refused.status().message() ==
        "points line 3, check 1: the task's solutions are of several kinds; name the file the "
        "check reads with file=");
  auto checks = CompileTaskChecks(task);
  INFO(checks.status().message());
  REQUIRE(checks.ok());
  const std::string letter = Package("IU03-A/loi-giai.docx");
  const std::string truncated = Package("IU04-A/loi-giai.xlsx").substr(0, 3000);
  const Proposal p = ProposeMarks(
      *checks, {WorkFile{"loi-giai.xlsx", truncated}, WorkFile{"thu-moi.docx", letter}});
  CHECK_FALSE(p.lines[0].proposed.has_value());
  CHECK(p.lines[0].reason_vi.starts_with("không chấm tự động được: "));
  CHECK(p.lines[0].results.size() == 1);
  CHECK(p.lines[0].results[0].file.empty());
  REQUIRE(p.lines[1].proposed.has_value());
  CHECK(engine::FormatPoints(*p.lines[1].proposed) == "1");
  CHECK_FALSE(p.complete);
  CHECK(engine::FormatPoints(p.proposed_total) == "1");
}

TEST_CASE("checks that name a missing file or cannot compile are refused", "[checker][points]") {
  engine::PracticalTask task = Task();
  task.points = {Line("1", "1", {"formula cells=A1 file=khong-co"})};
  CheckPlace place;
  auto c = CompileTaskChecks(task, &place);
  CHECK(c.status().message() ==
        "points line 1, check 1: file=khong-co names no office file of "
        "the task");
  CHECK(place.code == "1");
  task.points = {Line("7", "1", {"formula cells=A1", "paragraph_format text=x size=12"})};
  c = CompileTaskChecks(task, &place);
  CHECK(c.status().message() ==
        "points line 7, check 2: paragraph_format: no such check for a workbook (there are: "
        "cell_value, formula, text_present, values, number_format, cell_format, merged, sorted, "
        "filter, conditional_format, chart, sheet_names, print_setup)");
  CHECK(place.index == 1);
  task.solutions = {{"loi-giai.txt", 1, std::string(64, 'b')}};
  task.starters.clear();
  task.points = {Line("1", "1", {"formula cells=A1"})};
  CHECK(CompileTaskChecks(task).status().message() ==
        "points line 1, check 1: the task has no .docx/.xlsx/.pptx/.odt/.ods/.odp solution for "
        "the check to read");
}

TEST_CASE("KindOfExtension knows the six office formats and nothing else", "[checker][points]") {
  CHECK(KindOfExtension("a.DOCX") == Kind::kDocument);
  CHECK(KindOfExtension("b.ods") == Kind::kWorkbook);
  CHECK(KindOfExtension("c.odp") == Kind::kPresentation);
  CHECK_FALSE(KindOfExtension("d.xlsm"));
  CHECK_FALSE(KindOfExtension("xlsx"));
  CHECK_FALSE(KindOfExtension("e.doc"));
}

}  // namespace
}  // namespace khaothi::checker
