// The same workbook saved as .xlsx and .ods reads the same: sheets, values, formulas, merged
// cells and number formats (question-bank/data/practical, made by LibreOffice with make-files.sh).
#include "khaothi/checker/workbook.h"

#include <string>

#include <catch2/catch.hpp>

#include "khaothi/checker/formula.h"
#include "khaothi/checker/office_file.h"

#include "test_util.h"
#include "zip_writer.h"

namespace khaothi::checker {
namespace {

Workbook Load(const std::string& relative) {
  const std::string bytes = testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative);
  auto file = OfficeFile::Open(bytes);
  REQUIRE(file.ok());
  auto book = ReadWorkbook(*file);
  INFO(book.status().message());
  REQUIRE(book.ok());
  return std::move(book).value();
}

void RequireSameWorkbook(const Workbook& a, const Workbook& b) {
  REQUIRE(a.sheets.size() == b.sheets.size());
  for (size_t i = 0; i < a.sheets.size(); ++i) {
    const Sheet& x = a.sheets[i];
    const Sheet& y = b.sheets[i];
    CHECK(x.name == y.name);
    CHECK(x.merged == y.merged);
    REQUIRE(x.cells.size() == y.cells.size());
    for (const auto& [ref, cell] : x.cells) {
      INFO(x.name + "!" + CellName(ref));
      const Cell* other = y.Find(ref);
      REQUIRE(other != nullptr);
      CHECK(cell.type == other->type);
      CHECK(cell.number == Approx(other->number));
      CHECK(cell.text == other->text);
      CHECK(cell.formula == other->formula);
      CHECK(cell.number_format == other->number_format);
      CHECK(cell.style.font == other->style.font);
      CHECK(cell.style.size == other->style.size);
      CHECK(cell.style.bold == other->style.bold);
      CHECK(cell.style.italic == other->style.italic);
      CHECK(cell.style.align == other->style.align);
      CHECK(cell.style.fill == other->style.fill);
      CHECK(cell.style.border_left == other->style.border_left);
      CHECK(cell.style.border_right == other->style.border_right);
      CHECK(cell.style.border_top == other->style.border_top);
      CHECK(cell.style.border_bottom == other->style.border_bottom);
    }
    CHECK(x.default_style == y.default_style);
    CHECK(x.blank_styles.size() == y.blank_styles.size());
    for (const auto& [ref, look] : x.blank_styles) {
      INFO(x.name + "!" + CellName(ref) + " (blank)");
      CHECK(look == y.LookAt(ref));
    }
    CHECK(x.autofilters == y.autofilters);
    REQUIRE(x.conditional_formats.size() == y.conditional_formats.size());
    for (size_t k = 0; k < x.conditional_formats.size(); ++k) {
      CHECK(x.conditional_formats[k].ranges == y.conditional_formats[k].ranges);
      CHECK(x.conditional_formats[k].types == y.conditional_formats[k].types);
    }
    REQUIRE(x.charts.size() == y.charts.size());
    for (size_t k = 0; k < x.charts.size(); ++k) {
      const Chart& p = x.charts[k];
      const Chart& q = y.charts[k];
      CHECK(p.type == q.type);
      CHECK(p.title == q.title);
      CHECK(p.series == q.series);
      CHECK(p.categories == q.categories);
      CHECK(p.x_axis_title == q.x_axis_title);
      CHECK(p.y_axis_title == q.y_axis_title);
      CHECK(p.legend == q.legend);
    }
    CHECK(x.print.orientation == y.print.orientation);
    if (!y.print.paper.empty()) CHECK(x.print.paper == y.print.paper);
    CHECK(x.print.fit_width == y.print.fit_width);
  }
}

TEST_CASE("xlsx and ods of the IU04-A model solution read the same", "[checker][workbook]") {
  const Workbook xlsx = Load("question-bank/data/practical/IU04-A/loi-giai.xlsx");
  const Workbook ods = Load("question-bank/data/practical/IU04-A/loi-giai.ods");
  REQUIRE(xlsx.sheets.size() == 2);
  CHECK(xlsx.sheets[0].name == "BanHang");
  CHECK(xlsx.sheets[1].name == "BangGia");
  RequireSameWorkbook(xlsx, ods);
  // Spot checks against what a person sees in the application.
  const Sheet& sales = xlsx.sheets[0];
  const Cell* c4 = sales.Find(*ParseCellRef("C4"));
  REQUIRE(c4 != nullptr);
  CHECK(c4->formula == "VLOOKUP(B4,BangGia!$A$2:$C$6,2,0)");
  CHECK(c4->text == "Điều hòa 12000 BTU");
  const Cell* e4 = sales.Find(*ParseCellRef("E4"));
  REQUIRE(e4 != nullptr);
  CHECK(e4->number == 9500000);
  CHECK(e4->number_format == "#,##0");
  CHECK(DisplayValue(*e4) == "9.500.000");
  CHECK(sales.merged.front() == *ParseCellRange("A1:H1"));
  // Looks resolved through the styles: the title, a column head, a money cell.
  const Cell* a1 = sales.Find(*ParseCellRef("A1"));
  REQUIRE(a1 != nullptr);
  CHECK(a1->style.font == "Times New Roman");
  CHECK(a1->style.size == 14);
  CHECK(a1->style.bold);
  CHECK_FALSE(a1->style.italic);
  CHECK(a1->style.align == "center");
  CHECK(a1->style.fill.empty());
  CHECK_FALSE(a1->style.border_left);
  const Cell* a2 = sales.Find(*ParseCellRef("A2"));
  REQUIRE(a2 != nullptr);
  CHECK(a2->style.italic);
  CHECK(a2->style.size == 12);
  const Cell* f3 = sales.Find(*ParseCellRef("F3"));
  REQUIRE(f3 != nullptr);
  CHECK(f3->style.fill == "D9E2F3");
  CHECK(f3->style.border_left);
  CHECK(f3->style.border_bottom);
  CHECK(e4->style.align.empty());
  CHECK_FALSE(e4->style.bold);
  const NumberFormatInfo money = ClassifyNumberFormat(e4->number_format);
  CHECK(money.thousands);
  CHECK(money.decimals == 0);
  // The chart under the statistics table.
  REQUIRE(sales.charts.size() == 1);
  const Chart& chart = sales.charts.front();
  CHECK(chart.type == "column");
  CHECK(chart.title == "Tổng thanh toán theo mặt hàng");
  REQUIRE(chart.series.size() == 1);
  CHECK(SheetRangeName(chart.series.front()) == "BanHang!C18:C22");
  REQUIRE(chart.categories.has_value());
  CHECK(SheetRangeName(*chart.categories) == "BanHang!B18:B22");
  CHECK_FALSE(chart.legend);
  CHECK(sales.print.orientation == "portrait");
  CHECK(xlsx.sheets[1].charts.empty());
}

TEST_CASE("xlsx and ods of the IU04-B model solution read the same", "[checker][workbook]") {
  RequireSameWorkbook(Load("question-bank/data/practical/IU04-B/loi-giai.xlsx"),
                      Load("question-bank/data/practical/IU04-B/loi-giai.ods"));
}

TEST_CASE("xlsx and ods of the IU04-C model solution read the same", "[checker][workbook]") {
  const Workbook xlsx = Load("question-bank/data/practical/IU04-C/loi-giai.xlsx");
  RequireSameWorkbook(xlsx, Load("question-bank/data/practical/IU04-C/loi-giai.ods"));
  // The parts IU04-A lacks: an autofilter, conditional formatting, axis titles, print setup.
  const Sheet& pay = xlsx.sheets.front();
  CHECK(pay.autofilters == std::vector<CellRange>{*ParseCellRange("A3:K13")});
  REQUIRE(pay.conditional_formats.size() == 1);
  CHECK(pay.conditional_formats[0].ranges == std::vector<CellRange>{*ParseCellRange("J4:J13")});
  CHECK(pay.conditional_formats[0].types == std::vector<std::string>{"cellIs"});
  REQUIRE(pay.charts.size() == 1);
  CHECK(pay.charts[0].x_axis_title == "Chức vụ");
  CHECK(pay.charts[0].y_axis_title == "Đồng");
  CHECK(pay.print.orientation == "landscape");
  CHECK(pay.print.paper == "A4");
  CHECK(pay.print.fit_width == 1);
  CHECK(xlsx.sheets[1].print.fit_width == 0);
}

TEST_CASE("a backwards merged range in a hostile file is read without harm",
          "[checker][workbook]") {
  const std::string bytes = testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) +
                                              "/question-bank/data/practical/IU04-A/loi-giai.xlsx");
  auto model = OfficeFile::Open(bytes);
  REQUIRE(model.ok());
  testing::ZipEntries entries;
  for (const std::string& name : model->entry_names()) {
    REQUIRE(model->Part(name) != nullptr);  // an xlsx of LibreOffice's is XML throughout
    std::string text = *model->Part(name);
    if (name == "xl/worksheets/sheet1.xml") {
      const size_t at = text.find("<mergeCell ");
      REQUIRE(at != std::string::npos);
      text.insert(at, "<mergeCell ref=\"H20:C2\"/>");
    }
    entries.emplace_back(name, text);
  }
  auto file = OfficeFile::Open(testing::MakeZip(entries));
  REQUIRE(file.ok());
  auto book = ReadWorkbook(*file);
  REQUIRE(book.ok());
  const Sheet& sales = book->sheets.front();
  CHECK(sales.merged.front() == CellRange{*ParseCellRef("H20"), *ParseCellRef("C2")});
  CHECK(sales.LookAt(*ParseCellRef("B1")).bold);  // still the title's merged area
  CHECK(sales.Find(*ParseCellRef("H12"))->number == 897405000);
}

TEST_CASE("ODF formulas take Excel's spelling", "[checker][formula]") {
  CHECK(NormaliseOdfFormula("of:=SUM([.F2:.F11])") == "SUM(F2:F11)");
  CHECK(NormaliseOdfFormula("of:=VLOOKUP([.B4];[$BangGia.$A$2:.$C$6];2;0)") ==
        "VLOOKUP(B4,BangGia!$A$2:$C$6,2,0)");
  CHECK(NormaliseOdfFormula("of:=IF([.D4]>=20;\"a;[.b]\";0)") == "IF(D4>=20,\"a;[.b]\",0)");
  CHECK(NormaliseOdfFormula("of:=COM.MICROSOFT.RANK.EQ([.H4];[.$H$4:.$H$11])") ==
        "RANK.EQ(H4,$H$4:$H$11)");
  CHECK(NormaliseOdfFormula("of:=SUM(['Bảng 1'.A1:.A3])") == "SUM('Bảng 1'!A1:A3)");
  CHECK(NormaliseOoxmlFormula("_xlfn.RANK.EQ(H4,$H$4:$H$11)") == "RANK.EQ(H4,$H$4:$H$11)");
}

TEST_CASE("a shared formula moves its relative parts only", "[checker][formula]") {
  CHECK(ShiftFormula("D4*E4", 3, 0) == "D7*E7");
  CHECK(ShiftFormula("RANK(H4,$H$4:$H$11)", 2, 0) == "RANK(H6,$H$4:$H$11)");
  CHECK(ShiftFormula("A$1+$B2", 1, 1) == "B$1+$B3");
  CHECK(ShiftFormula("VLOOKUP(B4,BangGia!$A$2:$C$6,2,0)", 1, 0) ==
        "VLOOKUP(B5,BangGia!$A$2:$C$6,2,0)");
  CHECK(ShiftFormula("IF(A1>0,\"A1\",LOG10(A1))", 1, 0) == "IF(A2>0,\"A1\",LOG10(A2))");
  CHECK(ShiftFormula("A1", -1, 0) == "#REF!");
}

TEST_CASE("formula parts name functions and references as written", "[checker][formula]") {
  const FormulaParts parts = SplitFormula("IF(D4>=20,SUM(F2:F11)*5%,RANK.EQ(H4,$H$4:$H$11))");
  CHECK(parts.functions == std::vector<std::string>{"IF", "SUM", "RANK.EQ"});
  CHECK(parts.references == std::vector<std::string>{"D4", "F2:F11", "H4", "$H$4:$H$11"});
}

TEST_CASE("number format codes say what a marker sees", "[checker][workbook]") {
  CHECK(ClassifyNumberFormat("General").general);
  CHECK(ClassifyNumberFormat("@").text);
  const NumberFormatInfo grouped = ClassifyNumberFormat("#,##0");
  CHECK(grouped.thousands);
  CHECK(grouped.decimals == 0);
  CHECK_FALSE(grouped.currency);
  const NumberFormatInfo two = ClassifyNumberFormat("0.00");
  CHECK_FALSE(two.thousands);
  CHECK(two.decimals == 2);
  CHECK(ClassifyNumberFormat("#,##0.00;[Red]-#,##0.00").decimals == 2);
  const NumberFormatInfo dong = ClassifyNumberFormat("#,##0 \"₫\"");
  CHECK(dong.currency);
  CHECK(dong.thousands);
  CHECK(ClassifyNumberFormat("[$₫-42A]#,##0").currency);
  CHECK(ClassifyNumberFormat("#,##0\\ [$VND]").currency);
  const NumberFormatInfo percent = ClassifyNumberFormat("0.0%");
  CHECK(percent.percent);
  CHECK(percent.decimals == 1);
  CHECK(ClassifyNumberFormat("dd/mm/yyyy").date);
  CHECK(ClassifyNumberFormat("[h]:mm:ss").date);
  CHECK_FALSE(ClassifyNumberFormat("\"ngày\" 0").date);
  CHECK_FALSE(ClassifyNumberFormat("0,").thousands);  // a trailing comma scales
  CHECK(ClassifyNumberFormat("0.00E+00").decimals == 2);
}

TEST_CASE("sheet ranges read in both spellings", "[checker][workbook]") {
  CHECK(SheetRangeName(*ParseSheetRange("BanHang!$C$18:$C$22")) == "BanHang!C18:C22");
  CHECK(SheetRangeName(*ParseSheetRange("BanHang.C18:BanHang.C22")) == "BanHang!C18:C22");
  CHECK(SheetRangeName(*ParseSheetRange("$BanHang.$C$18:.$C$22 BanHang.D1")) == "BanHang!C18:C22");
  const std::optional<SheetRange> quoted = ParseSheetRange("'Bảng lương'!A1:B2");
  REQUIRE(quoted.has_value());
  CHECK(quoted->sheet == "Bảng lương");
  CHECK(SheetRangeName(*quoted) == "'Bảng lương'!A1:B2");
  CHECK(ParseSheetRange("'Bảng lương'.A1:'Bảng lương'.B2") == quoted);
  CHECK_FALSE(ParseSheetRange("C18:C22").has_value());
  CHECK_FALSE(ParseSheetRange("BanHang!C0").has_value());
}

TEST_CASE("cell addresses parse and print", "[checker][workbook]") {
  CHECK(*ParseCellRef("A1") == CellRef{0, 0});
  CHECK(*ParseCellRef("$AB$12") == CellRef{11, 27});
  CHECK(CellName({11, 27}) == "AB12");
  CHECK_FALSE(ParseCellRef("A0").ok());
  CHECK_FALSE(ParseCellRef("1A").ok());
  CHECK_FALSE(ParseCellRef("A1x").ok());
  CHECK_FALSE(ParseCellRef("XFE1").ok());
  CHECK(RangeName(*ParseCellRange("A1:H1")) == "A1:H1");
}

}  // namespace
}  // namespace khaothi::checker
