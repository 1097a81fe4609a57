// Recomputing formulas from the cached data (formula_eval.h): every formula of the centre's
// spreadsheet models, in both formats, recomputes to the result the application saved; a result
// typed over or left stale does not; what cannot be recomputed says so.
#include "khaothi/checker/formula_eval.h"

#include <string>

#include <catch2/catch.hpp>

#include "khaothi/checker/office_file.h"

#include "test_util.h"

namespace khaothi::checker {
namespace {

Workbook Load(const std::string& relative) {
  const std::string bytes = testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative);
  auto file = OfficeFile::Open(bytes);
  REQUIRE(file.ok());
  auto book = ReadWorkbook(*file);
  REQUIRE(book.ok());
  return std::move(book).value();
}

TEST_CASE("every formula of the IU04 models recomputes to its saved result",
          "[checker][formula_eval]") {
  for (const char* task : {"IU04-A", "IU04-B", "IU04-C"}) {
    for (const char* ext : {"xlsx", "ods"}) {
      const std::string path =
          std::string("question-bank/data/practical/") + task + "/loi-giai." + ext;
      const Workbook book = Load(path);
      int formulas = 0;
      for (const Sheet& sheet : book.sheets) {
        for (const auto& [ref, cell] : sheet.cells) {
          if (cell.formula.empty()) continue;
          ++formulas;
          INFO(path << " " << sheet.name << "!" << CellName(ref) << " =" << cell.formula);
          const std::optional<Cell> value = RecomputeFormula(cell.formula, book, sheet);
          REQUIRE(value.has_value());
          INFO("recomputed " << DisplayValue(*value) << ", saved " << DisplayValue(cell));
          CHECK(SameValue(*value, cell));
        }
      }
      CHECK(formulas > 40);
    }
  }
}

Workbook Grid() {
  Workbook book;
  book.sheets.resize(2);
  Sheet& s = book.sheets[0];
  s.name = "Data";
  auto number = [&](const char* ref, double n) {
    Cell c;
    c.type = ValueType::kNumber;
    c.number = n;
    s.cells[*ParseCellRef(ref)] = c;
  };
  auto text = [&](const char* ref, const char* t) {
    Cell c;
    c.type = ValueType::kText;
    c.text = t;
    s.cells[*ParseCellRef(ref)] = c;
  };
  number("A1", 20);
  number("A2", 8.165);
  number("A3", 5);
  text("B1", "TV");
  text("B2", "tl");
  text("B3", "TV");
  text("D1", "TL");
  number("E1", 8200000);
  text("D2", "TV");
  number("E2", 7500000);
  book.sheets[1].name = "Bảng giá";
  book.sheets[1].cells[{0, 0}] = s.cells.at({0, 1});
  return book;
}

std::string Eval(std::string_view formula) {
  static const Workbook book = Grid();
  const std::optional<Cell> v = RecomputeFormula(formula, book, book.sheets[0]);
  return v ? DisplayValue(*v) : "cannot";
}

TEST_CASE("the functions and operators of the tasks", "[checker][formula_eval]") {
  CHECK(Eval("SUM(A1:A3)*2") == "66,33");
  CHECK(Eval("ROUND(A2,2)") == "8,17");  // half away from zero on 8.165 as written
  CHECK(Eval("ROUND(AVERAGE(A1:A3),1)") == "11,1");
  CHECK(Eval("IF(A1>=20,A1*5%,0)") == "1");
  CHECK(Eval("IF(A1>20,A1*5%,0)") == "0");
  CHECK(Eval("IF(A3<5,\"Yếu\",IF(A3<6.5,\"Trung bình\",\"Khá\"))") == "Trung bình");
  CHECK(Eval("COUNTIF(B1:B3,\"TV\")") == "2");
  CHECK(Eval("COUNTIF(A1:A3,\">=8\")") == "2");
  CHECK(Eval("SUMIF(B1:B3,\"tv\",A1:A3)") == "25");  // criteria ignore case
  CHECK(Eval("VLOOKUP(B2,$D$1:$E$2,2,0)") == "8.200.000");
  CHECK(Eval("VLOOKUP(\"MG\",D1:E2,2,FALSE)") == "#N/A");
  CHECK(Eval("RANK(A3,$A$1:$A$3)") == "3");
  CHECK(Eval("RANK.EQ(A3,$A$1:$A$3,1)") == "1");
  CHECK(Eval("MAX(A1:A3)-MIN(A1:A3)") == "15");
  CHECK(Eval("COUNT(A1:B3)") == "3");
  CHECK(Eval("COUNTA(A1:B3)") == "6");
  CHECK(Eval("A1/(A3-5)") == "#DIV/0!");
  CHECK(Eval("B1&\"-\"&A3") == "TV-5");
  CHECK(Eval("AND(A1>1,NOT(A3>9))") == "TRUE");
  CHECK(Eval("'Bảng giá'!A1") == "TV");
  CHECK(Eval("Data!A1+1") == "21");
  CHECK(Eval("-A3^2") == "25");
  // What it does not recompute: another function, a bad reference, an unknown sheet, bad text.
  CHECK(Eval("INDEX(A1:A3,2)") == "cannot");
  CHECK(Eval("SUM(A1:") == "cannot");
  CHECK(Eval("Khac!A1") == "cannot");
  CHECK(Eval("SUM(A1,)+") == "cannot");
  CHECK(Eval("\"open") == "cannot");
}

}  // namespace
}  // namespace khaothi::checker
