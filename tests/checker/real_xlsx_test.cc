// Files Microsoft Excel wrote (tests/checker/real/xlsx, from Apache POI's test data; origins in
// tests/checker/real/README.md) read with the answers a person sees in Excel: values from shared
// strings and cached formula results, formulas (shared ones expanded cell by cell), fonts and
// fills resolved through the style sheet (the legacy colour palette too), number formats,
// conditional formatting, charts on a sheet and on a chart sheet (an automatic title), page
// setup. The expected answers were read off each file's XML by hand.
#include <string>

#include <catch2/catch.hpp>

#include "khaothi/checker/check.h"
#include "khaothi/checker/office_file.h"
#include "khaothi/checker/workbook.h"

#include "test_util.h"

namespace khaothi::checker {
namespace {

Workbook Load(const std::string& name) {
  const std::string bytes =
      testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/tests/checker/real/xlsx/" + name);
  auto file = OfficeFile::Open(bytes);
  INFO(name << ": " << file.status().message());
  REQUIRE(file.ok());
  REQUIRE(file->Part("docProps/app.xml") != nullptr);
  CHECK(file->Part("docProps/app.xml")->find("Microsoft") != std::string::npos);
  auto book = ReadWorkbook(*file);
  INFO(book.status().message());
  REQUIRE(book.ok());
  return std::move(book).value();
}

const Cell& At(const Sheet& sheet, std::string_view ref) {
  const Cell* cell = sheet.Find(*ParseCellRef(ref));
  INFO(sheet.name << "!" << ref);
  REQUIRE(cell != nullptr);
  return *cell;
}

Outcome Run(std::string_view check, const Workbook& book) {
  auto compiled = CompileCheck(check, Kind::kWorkbook);
  INFO(check << ": " << compiled.status().message());
  REQUIRE(compiled.ok());
  return compiled->workbook(book);
}

TEST_CASE("Excel 2007: shared strings, a SUM, bold on a yellow fill", "[checker][real][xlsx]") {
  const Workbook book = Load("SampleSS.xlsx");
  REQUIRE(book.sheets.size() == 3);
  CHECK(book.sheets[0].name == "First Sheet");
  CHECK(book.sheets[1].name == "Sheet Number 2");
  CHECK(book.sheets[2].name == "Sheet3");
  CHECK(At(book.sheets[0], "A1").text == "Test spreadsheet");
  CHECK(At(book.sheets[0], "B2").text == "2nd row 2nd column");
  const Sheet& second = book.sheets[1];
  const Cell& sum = At(second, "D7");
  CHECK(sum.formula == "SUM(A7:C7)");
  CHECK(sum.number == 13);
  // "I'm in bold blue, on a yellow background": font 1 is bold Calibri 11, fill 2 solid FFFF00.
  const Cell& yellow = At(second, "A4");
  CHECK(yellow.text == "I'm in bold blue, on a yellow background");
  CHECK(yellow.style.bold);
  CHECK(yellow.style.font == "Calibri");
  CHECK(yellow.style.size == 11);
  CHECK(yellow.style.fill == "FFFF00");
  CHECK_FALSE(At(second, "A1").style.bold);
  CHECK(At(second, "A1").style.fill.empty());
  CHECK(Run("cell_format cells=\"'Sheet Number 2'!A4\" bold=yes fill=FFFF00", book).verdict ==
        Verdict::kPass);
  CHECK(Run("sheet_names names=\"First Sheet,Sheet Number 2,Sheet3\"", book).verdict ==
        Verdict::kPass);
}

TEST_CASE("Excel 2013: shared formulas expand to each cell's own", "[checker][real][xlsx]") {
  const Workbook book = Load("TestShiftRowSharedFormula.xlsx");
  const Sheet& sheet = book.sheets.at(0);
  // D5 is the master of the shared formula D5:E5; E5 carries only its index.
  CHECK(At(sheet, "C5").formula == "SUM(C2:C4)");
  CHECK(At(sheet, "D5").formula == "SUM(D2:D4)");
  CHECK(At(sheet, "E5").formula == "SUM(E2:E4)");
  CHECK(At(sheet, "E5").number == 18);
  CHECK(At(sheet, "E6").formula == "SUM(E3:E5)");
  CHECK(At(sheet, "E6").number == 33);
  CHECK(At(sheet, "B5").text == "Total");
  CHECK(Run("formula cells=C5:E5 uses=SUM relative=C2:C4", book).verdict == Verdict::kPass);
  CHECK(Run("values cells=C5:E6 numbers=12,15,18,23,28,33", book).verdict == Verdict::kPass);
}

TEST_CASE("Mac Excel 2016: number formats, a shared TEXT formula, palette fills",
          "[checker][real][xlsx]") {
  const Workbook book = Load("NumberFormatTests.xlsx");
  REQUIRE(book.sheets.size() == 2);
  const Sheet& tests = book.sheets[1];
  CHECK(tests.name == "Tests");
  // A3 is the master of the shared formula A3:A152; A4 and A100 are moved copies, and their
  // cached results are the text TEXT() made.
  CHECK(At(tests, "A4").formula == "TEXT(C4, B4)");
  CHECK(At(tests, "A4").text == "012.30");
  CHECK(At(tests, "A100").formula == "TEXT(C100, B100)");
  CHECK(At(tests, "A100").text == "12,345.00%");
  CHECK(At(tests, "B4").text == "000.00");
  CHECK(At(tests, "C2").number == Approx(12.344));
  CHECK(At(tests, "C50").number == 12345);
  // The formula column is text-formatted (numFmtId 49 "@") in Lucida Sans Typewriter 10.
  CHECK(At(tests, "A4").number_format == "@");
  CHECK(ClassifyNumberFormat(At(tests, "A4").number_format).text);
  CHECK(At(tests, "A4").style.font == "Lucida Sans Typewriter");
  CHECK(At(tests, "C50").number_format == "General");
  // The head row: italic Verdana 10 on the legacy palette's colour 47, tan FFCC99.
  const Cell& head = At(tests, "A1");
  CHECK(head.text == "Result (expected)");
  CHECK(head.style.italic);
  CHECK(head.style.font == "Verdana");
  CHECK(head.style.fill == "FFCC99");
}

TEST_CASE("Excel 2013: a scatter chart on a sheet and on a chart sheet", "[checker][real][xlsx]") {
  const Workbook book = Load("SimpleScatterChart.xlsx");
  REQUIRE(book.sheets.size() == 2);
  CHECK(book.sheets[1].name == "Chart1");
  CHECK(book.sheets[1].cells.empty());
  for (const Sheet& sheet : book.sheets) {
    INFO(sheet.name);
    REQUIRE(sheet.charts.size() == 1);
    const Chart& chart = sheet.charts[0];
    CHECK(chart.type == "scatter");
    // <c:title> without text: Excel shows the lone series' name, the text of B1.
    CHECK(chart.title == "Y");
    CHECK(chart.legend);
    REQUIRE(chart.series.size() == 1);
    CHECK(SheetRangeName(chart.series[0]) == "Sheet1!B2:B3");
    REQUIRE(chart.categories.has_value());
    CHECK(SheetRangeName(*chart.categories) == "Sheet1!A2:A3");
  }
  CHECK(At(book.sheets[0], "B3").number == 1.5);
  CHECK(Run("chart sheet=Chart1 type=scatter title=Y legend=yes data=Sheet1!B2:B3", book).verdict ==
        Verdict::kPass);
  CHECK(Run("chart type=line", book).verdict == Verdict::kFail);
}

TEST_CASE("Excel 2013: conditional formatting, a hidden sheet's #REF!, A4 paper",
          "[checker][real][xlsx]") {
  const Workbook book = Load("conditional_formatting_cell_is.xlsx");
  REQUIRE(book.sheets.size() == 2);
  const Cell& broken = At(book.sheets[0], "B3");
  CHECK(broken.type == ValueType::kError);
  CHECK(broken.text == "#REF!");
  const Sheet& sheet = book.sheets[1];
  CHECK(sheet.name == "Sheet1");
  REQUIRE(sheet.conditional_formats.size() == 4);
  CHECK(sheet.conditional_formats[0].ranges == std::vector<CellRange>{*ParseCellRange("B3")});
  CHECK(sheet.conditional_formats[0].types == std::vector<std::string>{"cellIs"});
  CHECK(sheet.conditional_formats[3].ranges == std::vector<CellRange>{*ParseCellRange("F3")});
  CHECK(At(sheet, "F2").type == ValueType::kBoolean);
  CHECK(At(sheet, "B2").style.font == "Tahoma");
  CHECK(At(sheet, "B2").style.size == 8);
  CHECK(At(sheet, "B2").style.align == "left");
  CHECK(At(sheet, "B2").style.border_bottom);
  CHECK_FALSE(At(sheet, "B2").style.border_top);
  CHECK(sheet.print.paper == "A4");
  CHECK(sheet.print.orientation == "portrait");
  CHECK(Run("conditional_format range=Sheet1!B3:B4 type=cellIs", book).verdict == Verdict::kPass);
  CHECK(Run("conditional_format range=Sheet1!B2:B4", book).score == Approx(2.0 / 3));
}

}  // namespace
}  // namespace khaothi::checker
