// The first checks on the IU04-A model solution (must pass) and the starter file (must fail),
// in both formats, and the partial verdict of a formula with the wrong kind of references.
#include "khaothi/checker/check.h"

#include <string>

#include <catch2/catch.hpp>

#include "khaothi/checker/office_file.h"
#include "khaothi/checker/workbook.h"

#include "test_util.h"

namespace khaothi::checker {
namespace {

Workbook Load(const std::string& relative) {
  auto file = OfficeFile::Open(testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative));
  REQUIRE(file.ok());
  auto book = ReadWorkbook(*file);
  REQUIRE(book.ok());
  return std::move(book).value();
}

Outcome Run(const Check& check, const Workbook& book) {
  auto outcome = Evaluate(check, book);
  INFO(outcome.status().message());
  REQUIRE(outcome.ok());
  return std::move(outcome).value();
}

// Point 1, 6 and the heading of the IU04-A points table, as checks.
std::vector<Check> Iu04aChecks() {
  Check lookup{.type = CheckType::kCellFormulaUses, .sheet = "BanHang", .cell = "C4"};
  lookup.function = "VLOOKUP";
  lookup.absolute_refs = {"$A$2:$C$6"};
  lookup.relative_refs = {"B4"};
  Check total{.type = CheckType::kCellFormulaUses, .sheet = "BanHang", .cell = "F12"};
  total.function = "sum";
  Check total_value{.type = CheckType::kCellValue, .sheet = "BanHang", .cell = "F12"};
  total_value.expected_number = 931000000;
  Check name{.type = CheckType::kCellValue, .sheet = "BanHang", .cell = "C4"};
  name.expected_text = "điều hòa 12000 btu";
  return {lookup, total, total_value, name};
}

TEST_CASE("the first checks pass on the model solution in both formats", "[checker][check]") {
  for (const char* path : {"question-bank/data/practical/IU04-A/loi-giai.xlsx",
                           "question-bank/data/practical/IU04-A/loi-giai.ods"}) {
    INFO(path);
    const Workbook book = Load(path);
    for (const Check& check : Iu04aChecks()) {
      const Outcome outcome = Run(check, book);
      INFO(outcome.evidence_en);
      CHECK(outcome.verdict == Verdict::kPass);
    }
    Check total{.type = CheckType::kCellFormulaUses, .sheet = "BanHang", .cell = "F12"};
    total.function = "SUM";
    const Outcome outcome = Run(total, book);
    CHECK(outcome.evidence_vi == "Ô BanHang!F12: công thức =SUM(F4:F11), giá trị 931.000.000");
    CHECK(outcome.evidence_en == "Cell BanHang!F12: formula =SUM(F4:F11), value 931.000.000");
  }
}

TEST_CASE("the first checks fail on the starter file", "[checker][check]") {
  const Workbook book = Load("question-bank/data/practical/IU04-A/ban-hang.xlsx");
  for (const Check& check : Iu04aChecks()) {
    const Outcome outcome = Run(check, book);
    INFO(outcome.evidence_en);
    CHECK(outcome.verdict == Verdict::kFail);
  }
  Check total{.type = CheckType::kCellValue, .sheet = "BanHang", .cell = "F12"};
  total.expected_number = 931000000;
  const Outcome outcome = Run(total, book);
  CHECK(outcome.evidence_vi == "Ô BanHang!F12: trống; yêu cầu 931.000.000");
}

TEST_CASE("a formula with the right function but relative ranges is partial", "[checker][check]") {
  Workbook book;
  book.sheets.push_back({.name = "BanHang"});
  Cell cell{.type = ValueType::kNumber, .number = 268125000};
  cell.formula = "SUMIF(B4:B11,A18,H4:H11)";
  book.sheets[0].cells[{17, 2}] = cell;
  Check check{.type = CheckType::kCellFormulaUses, .sheet = "BanHang", .cell = "C18"};
  check.function = "SUMIF";
  check.absolute_refs = {"$B$4:$B$11", "$H$4:$H$11"};
  const Outcome partial = Run(check, book);
  CHECK(partial.verdict == Verdict::kPartial);
  CHECK(
      partial.evidence_vi.ends_with("có hàm SUMIF nhưng thiếu tham chiếu $B$4:$B$11, $H$4:$H$11"));
  check.function = "VLOOKUP";
  CHECK(Run(check, book).verdict == Verdict::kFail);
  book.sheets[0].cells[{17, 2}].formula = "SUMIF($B$4:$B$11,A18,$H$4:$H$11)";
  check.function = "SUMIF";
  CHECK(Run(check, book).verdict == Verdict::kPass);
}

TEST_CASE("cell_value compares numbers within the tolerance", "[checker][check]") {
  Workbook book;
  book.sheets.push_back({.name = "S"});
  book.sheets[0].cells[{0, 0}] = Cell{.type = ValueType::kNumber, .number = 112175625.4};
  Check check{.type = CheckType::kCellValue, .cell = "A1"};
  check.expected_number = 112175625;
  CHECK(Run(check, book).verdict == Verdict::kFail);
  check.tolerance = 0.5;
  CHECK(Run(check, book).verdict == Verdict::kPass);
  book.sheets[0].cells[{0, 0}] = Cell{.type = ValueType::kText, .text = "112175625"};
  CHECK(Run(check, book).verdict == Verdict::kFail);
}

TEST_CASE("text_present tolerates case, spacing and Unicode normal form", "[checker][check]") {
  const Workbook book = Load("question-bank/data/practical/IU04-A/loi-giai.ods");
  Check check{.type = CheckType::kTextPresent};
  check.text = "  bảng   kê bán HÀNG ";
  Outcome outcome = Run(check, book);
  CHECK(outcome.verdict == Verdict::kPass);
  CHECK(outcome.evidence_vi.ends_with("ở BanHang!A1"));
  check.text = "Thanh toa\xcc\x81n cao nh\xe1\xba\xa5t";  // "á" written as a + U+0301 (NFD)
  CHECK(Run(check, book).verdict == Verdict::kPass);
  check.text = "Bảng lương";
  outcome = Run(check, book);
  CHECK(outcome.verdict == Verdict::kFail);
  CHECK(outcome.evidence_vi == "Không thấy \"Bảng lương\"");
}

TEST_CASE("a check that cannot be asked is an error, a missing sheet is a fail",
          "[checker][check]") {
  const Workbook book = Load("question-bank/data/practical/IU04-A/loi-giai.xlsx");
  Check bad{.type = CheckType::kCellValue, .cell = "F0"};
  bad.expected_number = 1;
  CHECK(Evaluate(bad, book).status().IsInvalidArgument());
  Check no_expectation{.type = CheckType::kCellValue, .cell = "F12"};
  CHECK(Evaluate(no_expectation, book).status().IsInvalidArgument());
  Check no_function{.type = CheckType::kCellFormulaUses, .cell = "F12"};
  CHECK(Evaluate(no_function, book).status().IsInvalidArgument());
  Check empty_text{.type = CheckType::kTextPresent};
  empty_text.text = " \t";
  CHECK(Evaluate(empty_text, book).status().IsInvalidArgument());
  Check missing{.type = CheckType::kCellValue, .sheet = "Khong", .cell = "A1"};
  missing.expected_number = 1;
  const Outcome outcome = Run(missing, book);
  CHECK(outcome.verdict == Verdict::kFail);
  CHECK(outcome.evidence_vi == "Không có trang tính \"Khong\"");
}

TEST_CASE("LooseText folds case, spaces and normal form", "[checker][check]") {
  CHECK(LooseText("  Điều\u00a0 HÒA\n12000 ") == "điều hòa 12000");
  CHECK(LooseText("ho\xcc\x80\x61") == LooseText("hòa"));
  CHECK(LooseText("") == "");
}

}  // namespace
}  // namespace khaothi::checker
