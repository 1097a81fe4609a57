// The spreadsheet checks of workbook_checks.cc (docs/practical.md, "Checks on spreadsheets"):
// each passes on the IU04-A model solution in both formats, and fails or scores partly on a
// workbook changed the way a candidate would get it wrong.
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "khaothi/checker/check.h"
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

Outcome Run(std::string_view check, const Workbook& book) {
  auto compiled = CompileCheck(check, Kind::kWorkbook);
  INFO(check);
  INFO(compiled.status().message());
  REQUIRE(compiled.ok());
  const Outcome outcome = compiled->workbook(book);
  UNSCOPED_INFO(outcome.evidence_en);
  return outcome;
}

std::string Refusal(std::string_view check) {
  auto compiled = CompileCheck(check, Kind::kWorkbook);
  return compiled.ok() ? "" : std::string(compiled.status().message());
}

Sheet& Sales(Workbook& book) { return book.sheets.front(); }
Cell& At(Workbook& book, std::string_view ref) { return Sales(book).cells.at(*ParseCellRef(ref)); }

constexpr const char* kModels[] = {"question-bank/data/practical/IU04-A/loi-giai.xlsx",
                                   "question-bank/data/practical/IU04-A/loi-giai.ods"};

TEST_CASE("values compares cached numbers cell by cell", "[checker][workbook_checks]") {
  for (const char* path : kModels) {
    Workbook book = Load(path);
    const char* check =
        "values cells=BanHang!C18:C22 numbers=268125000,236980000,103500000,"
        "180500000,108300000";
    CHECK(Run(check, book).verdict == Verdict::kPass);
    At(book, "C19").number = 1;
    const Outcome partial = Run(check, book);
    CHECK(partial.score == Approx(0.8));
    CHECK(partial.evidence_vi ==
          "Ô BanHang!C19: công thức =SUMIF($B$4:$B$11,A19,$H$4:$H$11), "
          "giá trị 1; yêu cầu 236.980.000 (4/5 ô đúng)");
  }
  // Keyed by STT, whatever the order of the rows.
  for (const char* path : kModels) {
    Workbook book = Load(path);
    const char* check =
        "values cells=BanHang!G4:G11 by=A keys=1,2,3,4,5,6,7,8 "
        "numbers=0,3600000,0,0,9500000,2100000,9375000,9020000";
    CHECK(Run(check, book).verdict == Verdict::kPass);
    At(book, "G4").number = 0;  // STT 5 bought exactly 20: the discount is due
    const Outcome partial = Run(check, book);
    CHECK(partial.score == Approx(7.0 / 8));
    CHECK(partial.evidence_vi ==
          "Ô BanHang!G4: công thức =IF(D4>=20,F4*5%,0), giá trị 0; yêu cầu 9.500.000 (7/8 ô đúng)");
    CHECK(Run("values cells=BanHang!G4:G11 by=A keys=9 numbers=0", book).evidence_vi ==
          "Không có dòng nào có A = 9 (0/1 ô đúng)");
  }
  for (const char* path : kModels) {
    Workbook book = Load(path);
    CHECK(Run("values cells=BanHang!C4:C5 texts=\"điều hòa 12000 BTU, Ti vi 43 inch\"", book)
              .verdict == Verdict::kPass);
    CHECK(Run("values cells=BanHang!C4:C5 texts=\"Ti vi 43 inch,Điều hòa 12000 BTU\"", book)
              .evidence_vi ==
          "Ô BanHang!C4: công thức =VLOOKUP(B4,BangGia!$A$2:$C$6,2,0), giá "
          "trị Điều hòa 12000 BTU; yêu cầu Ti vi 43 inch (0/2 ô đúng)");
  }
  CHECK(Refusal("values cells=A1 numbers=1 texts=a") ==
        "values: give numbers= or texts=, not both");
  CHECK(Refusal("values cells=A1:A3 by=A numbers=1,2") == "values: give by= and keys= together");
  CHECK(Refusal("values cells=A1:B3 by=A keys=1 numbers=1") ==
        "values: cells= must be one column when by= is given");
  CHECK(Refusal("values cells=A1:A3 numbers=1,2") ==
        "values: cells= has 3 cells but numbers= 2 values");
  CHECK(Refusal("values cells=A1 numbers=1,5x") ==
        "values: numbers=: 5x is not a number (use '.' for decimals)");
}

TEST_CASE("formula accepts one of several functions", "[checker][workbook_checks]") {
  Workbook book = Load(kModels[0]);
  CHECK(Run("formula cells=BanHang!H13 uses=MEDIAN|AVERAGE", book).verdict == Verdict::kPass);
  CHECK(Run("formula cells=BanHang!H13 uses=MEDIAN|MODE", book).evidence_vi ==
        "Ô BanHang!H13: công thức =AVERAGE(H4:H11), giá trị 112.175.625; thiếu MEDIAN|MODE");
}

TEST_CASE("formula recompute=yes wants the saved result to be the formula's",
          "[checker][workbook_checks]") {
  for (const char* path : kModels) {
    Workbook book = Load(path);
    const char* check = "formula cells=BanHang!G4:G11 uses=IF relative=D4,F4 recompute=yes";
    CHECK(Run(check, book).verdict == Verdict::kPass);
    At(book, "G4").number = 0;  // typed over, or calculation left on manual
    const Outcome stale = Run(check, book);
    CHECK(stale.score == Approx(7.0 / 8));
    CHECK(stale.evidence_vi ==
          "Ô BanHang!G4: công thức =IF(D4>=20,F4*5%,0), giá trị 0; tính lại "
          "được 9.500.000, khác giá trị đã lưu (7/8 ô đúng)");
  }
}

TEST_CASE("number_format reads what the format code shows", "[checker][workbook_checks]") {
  for (const char* path : kModels) {
    Workbook book = Load(path);
    const Outcome pass = Run("number_format cells=BanHang!E4:H11 kind=thousands decimals=0", book);
    CHECK(pass.verdict == Verdict::kPass);
    CHECK(pass.evidence_vi ==
          "Vùng BanHang!E4:H11: định dạng \"#,##0\" (phân cách hàng nghìn, 0 chữ số thập phân)");
    for (int row = 3; row < 11; ++row) Sales(book).cells.at({row, 7}).number_format = "General";
    const Outcome partial = Run("number_format cells=BanHang!E4:H11 kind=thousands", book);
    CHECK(partial.score == Approx(0.75));
    CHECK(partial.evidence_vi ==
          "Ô BanHang!H4: định dạng \"General\" (chung); yêu cầu phân "
          "cách hàng nghìn (24/32 ô đúng)");
    CHECK(Run("number_format cells=BanHang!E4:E11 kind=currency", book).verdict == Verdict::kFail);
    CHECK(Run("number_format cells=BanHang!A4:A11 decimals=2", book).verdict == Verdict::kFail);
    // Text cells are not numbers to format.
    CHECK(Run("number_format cells=BanHang!B4:B11 kind=thousands", book).evidence_en ==
          "Range BanHang!B4:B11: no numbers");
  }
  CHECK(Refusal("number_format cells=A1") == "number_format: give kind= or decimals=");
  CHECK(Refusal("number_format cells=A1 kind=money") ==
        "number_format: kind=money: expected one of thousands, currency, percent, date, decimal, "
        "general");
}

TEST_CASE("cell_format scores each property over the range", "[checker][workbook_checks]") {
  for (const char* path : kModels) {
    Workbook book = Load(path);
    const Outcome title = Run(
        "cell_format cells=BanHang!A1:H1 font=\"Times New Roman\" size=14 bold=yes align=center",
        book);
    CHECK(title.verdict == Verdict::kPass);
    CHECK(title.evidence_vi ==
          "Vùng BanHang!A1:H1: phông Times New Roman, cỡ 14, in đậm, căn giữa");
    const Outcome head =
        Run("cell_format cells=BanHang!A3:H3 bold=yes fill=D9E2F3 borders=all", book);
    CHECK(head.verdict == Verdict::kPass);
    CHECK(Run("cell_format cells=BanHang!A3:H14 borders=all", book).verdict == Verdict::kPass);
    CHECK(Run("cell_format cells=BanHang!A3:H14 borders=outline", book).verdict == Verdict::kPass);
    CHECK(Run("cell_format cells=BanHang!A3:H14 borders=none", book).verdict == Verdict::kFail);
    CHECK(Run("cell_format cells=BanHang!A4:H4 fill=yes", book).verdict == Verdict::kFail);

    // The title at 12 pt, not bold: two of four properties right.
    At(book, "A1").style.size = 12;
    At(book, "A1").style.bold = false;
    const Outcome half = Run(
        "cell_format cells=BanHang!A1:H1 font=\"Times New Roman\" size=14 bold=yes align=center",
        book);
    CHECK(half.score == Approx(0.5));
    CHECK(half.evidence_vi ==
          "Vùng BanHang!A1:H1: ô BanHang!A1 cỡ 12, yêu cầu cỡ 14, ô "
          "BanHang!A1 không đậm, yêu cầu in đậm");
    // The head row without borders: the lines between it and row 4 are still drawn by row 4.
    for (int col = 0; col < 8; ++col) {
      CellStyle& s = Sales(book).cells.at({2, col}).style;
      s.border_left = s.border_right = s.border_top = s.border_bottom = false;
    }
    const Outcome lines = Run("cell_format cells=BanHang!A3:H3 borders=all", book);
    // 8 top lines and 9 uprights gone; the 8 bottom lines drawn by row 4 remain.
    CHECK(lines.score == Approx(8.0 / 25));
    CHECK(lines.evidence_vi ==
          "Vùng BanHang!A3:H3: kẻ 8/25 đường kẻ, yêu cầu kẻ khung tất cả "
          "các ô");
  }
  CHECK(Refusal("cell_format cells=A1") ==
        "cell_format: give at least one of font, size, bold, italic, align, fill, borders");
  CHECK(Refusal("cell_format cells=A1 fill=blue") ==
        "cell_format: fill=blue: expected yes, no or RRGGBB");
}

TEST_CASE("merged wants each range as one merged area", "[checker][workbook_checks]") {
  for (const char* path : kModels) {
    Workbook book = Load(path);
    CHECK(Run("merged range=BanHang!A1:H1,BanHang!A2:H2", book).verdict == Verdict::kPass);
    const Outcome half = Run("merged range=BanHang!A1:H1,BanHang!A3:B3", book);
    CHECK(half.score == Approx(0.5));
    CHECK(half.evidence_vi == "Gộp ô: BanHang!A1:H1 đã gộp, BanHang!A3:B3 chưa gộp");
    CHECK(Run("merged range=BanHang!A1:G1", book).evidence_vi ==
          "Gộp ô: BanHang!A1:G1 gộp thành A1:H1");
  }
}

TEST_CASE("sorted follows the column's order", "[checker][workbook_checks]") {
  for (const char* path : kModels) {
    Workbook book = Load(path);
    CHECK(Run("sorted range=BanHang!A4:H11 column=H order=descending", book).verdict ==
          Verdict::kPass);
    CHECK(Run("sorted range=BanHang!A12:H14 column=G", book).evidence_vi ==
          "Ô BanHang!G13 trống: chưa có gì để sắp xếp");
    const Outcome up = Run("sorted range=BanHang!A4:H11 column=H order=ascending", book);
    CHECK(up.verdict == Verdict::kFail);
    CHECK(
        up.evidence_vi.starts_with("Vùng BanHang!A4:H11 chưa sắp xếp tăng dần theo cột H: ô "
                                   "BanHang!H5 đứng sau BanHang!H4 sai thứ tự"));
    // Text in Vietnamese order, not by bytes: Đ comes after D and before M.
    CHECK(Run("sorted range=BangGia!B2:B3 column=B order=ascending", book).verdict ==
          Verdict::kPass);  // Ti vi 43 inch, Tủ lạnh 250 lít
    CHECK(Run("sorted range=BangGia!B4:B5 column=B order=descending", book).verdict ==
          Verdict::kPass);  // Máy giặt 9 kg, Điều hòa 12000 BTU
    CHECK(Run("sorted range=BangGia!B4:B5 column=B order=ascending", book).verdict ==
          Verdict::kFail);
  }
  CHECK(Refusal("sorted range=A4:H11 column=K") == "sorted: column=K is outside range=");
  CHECK(Refusal("sorted range=A4:H11 column=4") ==
        "sorted: column=4: expected a column letter such as H");
}

TEST_CASE("filter, conditional_format and print_setup read the sheet",
          "[checker][workbook_checks]") {
  Workbook book = Load(kModels[0]);
  CHECK(Run("filter range=BanHang!A3:H11", book).evidence_vi ==
        "Trang tính BanHang không có lọc dữ liệu (AutoFilter)");
  Sales(book).autofilters.push_back(*ParseCellRange("A3:H11"));
  CHECK(Run("filter range=BanHang!A3:H11", book).verdict == Verdict::kPass);
  CHECK(Run("filter range=BanHang!A2:H11", book).evidence_vi ==
        "Lọc dữ liệu đặt trên vùng A3:H11, yêu cầu BanHang!A2:H11");

  CHECK(Run("conditional_format range=BanHang!H4:H11", book).verdict == Verdict::kFail);
  Sales(book).conditional_formats.push_back({{*ParseCellRange("H4:H7")}, {"cellIs"}});
  const Outcome half = Run("conditional_format range=BanHang!H4:H11 type=cellIs", book);
  CHECK(half.score == Approx(0.5));
  CHECK(half.evidence_vi ==
        "Định dạng có điều kiện cellIs phủ 4/8 ô của BanHang!H4:H11; có: H4:H7 (cellIs)");
  CHECK(Run("conditional_format range=BanHang!H4:H7 type=dataBar", book).verdict == Verdict::kFail);

  const Outcome print =
      Run("print_setup sheet=BanHang orientation=landscape paper=A4 fit_width=1", book);
  CHECK(print.score == Approx(1.0 / 3));
  CHECK(print.evidence_vi ==
        "In trang BanHang: trang dọc (yêu cầu trang ngang), khổ giấy A4, "
        "không co vừa chiều ngang (yêu cầu vừa 1 trang ngang)");
  Sales(book).print = {"landscape", "A4", 1};
  CHECK(Run("print_setup sheet=BanHang orientation=landscape paper=A4 fit_width=1", book).verdict ==
        Verdict::kPass);
  CHECK(Refusal("print_setup sheet=A") == "print_setup: give orientation=, paper= or fit_width=");
}

TEST_CASE("chart scores the best chart on the properties asked", "[checker][workbook_checks]") {
  for (const char* path : kModels) {
    Workbook book = Load(path);
    const char* check =
        "chart sheet=BanHang type=column title=\"Tổng thanh toán theo mặt hàng\" "
        "data=BanHang!C18:C22 categories=BanHang!B18:B22";
    const Outcome pass = Run(check, book);
    CHECK(pass.verdict == Verdict::kPass);
    CHECK(pass.evidence_vi ==
          "Biểu đồ trên trang BanHang: biểu đồ cột, tiêu đề \"Tổng thanh toán theo mặt hàng\", "
          "dữ liệu BanHang!C18:C22, nhãn BanHang!B18:B22");
    CHECK(Run("chart type=pie legend=yes axis_titles=yes", book).verdict == Verdict::kFail);
    Sales(book).charts.front().title.clear();
    const Outcome untitled = Run(check, book);
    CHECK(untitled.score == Approx(0.75));
    CHECK(untitled.evidence_vi ==
          "Biểu đồ trên trang BanHang: biểu đồ cột, không có tiêu đề (yêu cầu \"Tổng thanh toán "
          "theo mặt hàng\"), dữ liệu BanHang!C18:C22, nhãn BanHang!B18:B22");
    CHECK(Run("chart sheet=BangGia type=column", book).evidence_vi ==
          "Trang tính BangGia không có biểu đồ");
    CHECK(Run("chart sheet=Khac", book).evidence_vi == "Không có trang tính \"Khac\"");
  }
  CHECK(Refusal("chart data=BanHang!C18:") ==
        "chart: data=BanHang!C18:: expected a range such as BanHang!C18:C22");
  // A range without a sheet matches that range on any sheet (a sheet renamed or not).
  Workbook book = Load(kModels[0]);
  CHECK(Run("chart data=C18:C22 categories=B18:B22", book).verdict == Verdict::kPass);
  CHECK(Run("chart data=C17:C22", book).evidence_vi ==
        "Biểu đồ trên trang BanHang: dữ liệu BanHang!C18:C22 (yêu cầu C17:C22)");
}

TEST_CASE("sheet_names wants the names in order", "[checker][workbook_checks]") {
  Workbook book = Load(kModels[1]);
  CHECK(Run("sheet_names names=BanHang,BangGia", book).verdict == Verdict::kPass);
  const Outcome half = Run("sheet_names names=BangGia,BanHang", book);
  CHECK(half.verdict == Verdict::kFail);
  CHECK(half.evidence_vi == "Các trang tính: BanHang, BangGia; yêu cầu BangGia, BanHang");
  CHECK(Run("sheet_names names=BanHang,ThongKe", book).score == Approx(0.5));
}

}  // namespace
}  // namespace khaothi::checker
