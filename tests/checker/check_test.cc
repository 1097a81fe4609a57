// The check language (Args, CompileCheck) and the workbook checks on the IU04-A model solution
// (must pass) and the starter file (must fail), in both formats.
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

Outcome Run(std::string_view check, const Workbook& book) {
  auto compiled = CompileCheck(check, Kind::kWorkbook);
  INFO(compiled.status().message());
  REQUIRE(compiled.ok());
  return compiled->workbook(book);
}

// Points 1 and 6 of IU04-A, as checks.
const std::vector<std::string> kIu04a = {
    "formula cells=BanHang!C4:C11 uses=VLOOKUP absolute=BangGia!$A$2:$C$6 relative=B4",
    "formula cells=BanHang!F12 uses=sum",
    "cell_value cell=BanHang!F12 number=931000000",
    "cell_value cell=BanHang!C4 text=\"điều hòa 12000 btu\"",
};

TEST_CASE("workbook checks pass on the model solution in both formats", "[checker][check]") {
  for (const char* path : {"question-bank/data/practical/IU04-A/loi-giai.xlsx",
                           "question-bank/data/practical/IU04-A/loi-giai.ods"}) {
    INFO(path);
    const Workbook book = Load(path);
    for (const std::string& check : kIu04a) {
      const Outcome outcome = Run(check, book);
      INFO(check << ": " << outcome.evidence_en);
      CHECK(outcome.verdict == Verdict::kPass);
    }
    const Outcome outcome = Run("formula cells=BanHang!F12 uses=SUM", book);
    CHECK(outcome.evidence_vi == "Ô BanHang!F12: công thức =SUM(F4:F11), giá trị 931.000.000");
    CHECK(outcome.evidence_en == "Cell BanHang!F12: formula =SUM(F4:F11), value 931.000.000");
  }
}

TEST_CASE("workbook checks fail on the starter file", "[checker][check]") {
  const Workbook book = Load("question-bank/data/practical/IU04-A/ban-hang.xlsx");
  for (const std::string& check : kIu04a) {
    const Outcome outcome = Run(check, book);
    INFO(check << ": " << outcome.evidence_en);
    CHECK(outcome.verdict == Verdict::kFail);
    CHECK(outcome.score == 0);
  }
  CHECK(Run("cell_value cell=BanHang!F12 number=931000000", book).evidence_vi ==
        "Ô BanHang!F12: trống; yêu cầu 931.000.000");
}

TEST_CASE("a formula range scores the share of its right cells", "[checker][check]") {
  Workbook book;
  book.sheets.push_back({.name = "BanHang"});
  for (int row = 3; row < 7; ++row) {
    Cell cell{.type = ValueType::kNumber, .number = 1};
    const std::string r = std::to_string(row + 1);
    cell.formula = "VLOOKUP(B" + r + ",BangGia!$A$2:$C$6,2,0)";
    book.sheets[0].cells[{row, 2}] = cell;
  }
  const std::string check =
      "formula cells=BanHang!C4:C7 uses=VLOOKUP absolute=$A$2:$C$6 relative=B4";
  CHECK(Run(check, book).verdict == Verdict::kPass);
  // One cell copied without '$': its lookup range moved with it.
  book.sheets[0].cells[{5, 2}].formula = "VLOOKUP(B6,BangGia!A4:C8,2,0)";
  // One cell typed as a value.
  book.sheets[0].cells[{6, 2}].formula.clear();
  const Outcome partial = Run(check, book);
  CHECK(partial.verdict == Verdict::kPartial);
  CHECK(partial.score == Approx(0.5));
  CHECK(partial.evidence_vi ==
        "Ô BanHang!C6: công thức =VLOOKUP(B6,BangGia!A4:C8,2,0), giá trị 1; thiếu $A$2:$C$6 "
        "(2/4 ô đúng)");
  CHECK(partial.evidence_en.ends_with("(2 of 4 cells right)"));
}

TEST_CASE("cell_value compares numbers within the tolerance", "[checker][check]") {
  Workbook book;
  book.sheets.push_back({.name = "S"});
  book.sheets[0].cells[{0, 0}] = Cell{.type = ValueType::kNumber, .number = 112175625.4};
  CHECK(Run("cell_value cell=A1 number=112175625", book).verdict == Verdict::kFail);
  CHECK(Run("cell_value cell=A1 number=112175625 tolerance=0,5", book).verdict == Verdict::kPass);
  book.sheets[0].cells[{0, 0}] = Cell{.type = ValueType::kText, .text = "112175625"};
  CHECK(Run("cell_value cell=A1 number=112175625 tolerance=0.5", book).verdict == Verdict::kFail);
}

TEST_CASE("text_present tolerates case, spacing and Unicode normal form", "[checker][check]") {
  const Workbook book = Load("question-bank/data/practical/IU04-A/loi-giai.ods");
  Outcome outcome = Run("text_present text=\"  bảng   kê bán HÀNG \"", book);
  CHECK(outcome.verdict == Verdict::kPass);
  CHECK(outcome.evidence_vi.ends_with("ở BanHang!A1"));
  // "á" written as a + U+0301 (NFD).
  CHECK(Run("text_present text=\"Thanh toa\xcc\x81n cao nh\xe1\xba\xa5t\"", book).verdict ==
        Verdict::kPass);
  outcome = Run("text_present text=\"Bảng lương\"", book);
  CHECK(outcome.verdict == Verdict::kFail);
  CHECK(outcome.evidence_vi == "Không thấy \"Bảng lương\"");
}

TEST_CASE("a check that cannot be asked is refused with its reason", "[checker][check]") {
  auto message = [](std::string_view text) {
    return CompileCheck(text, Kind::kWorkbook).status().message();
  };
  CHECK(message("cell_value cell=F0 number=1") ==
        "cell_value: cell=F0: expected a cell or range such as BanHang!C4:C23");
  CHECK(message("cell_value cell=F12") == "cell_value: give exactly one of number= and text=");
  CHECK(message("cell_value cell=F12 number=abc") == "cell_value: number=abc: not a number");
  CHECK(message("formula uses=SUM") == "formula: cells= is required");
  CHECK(message("text_present text=\"abc") == "text_present: text= has no closing quote");
  CHECK(message("text_present text=a text=b") == "text_present: text appears twice");
  CHECK(message("Cell_Value cell=A1") ==
        "a check starts with its kind in lower case (cell_value, paragraph_format, ...), got "
        "'Cell_Value cell=A1'");
  CHECK(message("sum cells=A1") ==
        "sum: no such check for a workbook (there are: cell_value, formula, text_present, values, "
        "number_format, cell_format, merged, sorted, filter, conditional_format, chart, "
        "sheet_names, print_setup)");
  CHECK(message("formula cells=A1 uses=SUM,,IF") ==
        "formula: uses=SUM,,IF: an empty item in the list");
}

TEST_CASE("a missing sheet is a fail with evidence, not an error", "[checker][check]") {
  const Workbook book = Load("question-bank/data/practical/IU04-A/loi-giai.xlsx");
  const Outcome outcome = Run("cell_value cell=Khong!A1 number=1", book);
  CHECK(outcome.verdict == Verdict::kFail);
  CHECK(outcome.evidence_vi == "Không có trang tính \"Khong\"");
}

TEST_CASE("quoted values keep spaces and escapes", "[checker][check]") {
  auto args = Args::Parse(R"(text_present text="a \"b\" \\ c"  file=ban-hang)");
  REQUIRE(args.ok());
  CHECK(args->kind() == "text_present");
  CHECK(args->Text("text") == std::optional<std::string>(R"(a "b" \ c)"));
  CHECK(args->Text("file") == std::optional<std::string>("ban-hang"));
  CHECK(args->Finish().ok());
}

TEST_CASE("LooseText folds case, spaces and normal form", "[checker][check]") {
  CHECK(LooseText("  Điều\u00a0 HÒA\n12000 ") == "điều hòa 12000");
  CHECK(LooseText("ho\xcc\x80\x61") == LooseText("hòa"));
  CHECK(LooseText("") == "");
}

}  // namespace
}  // namespace khaothi::checker
