// A spreadsheet read from an .xlsx or an .ods, in one model: the same workbook saved in either
// format gives the same sheets, cells, cached values, formulas (one spelling, see formula.h),
// merged ranges, number format codes, each cell's look as resolved through its styles (font,
// alignment, fill, borders), autofilters, conditional formats, charts and print setup.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khaothi/checker/office_file.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker {

// Zero-based row and column.
struct CellRef {
  int row = 0;
  int column = 0;
  friend auto operator<=>(const CellRef&, const CellRef&) = default;
};

// "F12", "$F$12" → {11, 5}. Refuses anything else.
[[nodiscard]] Result<CellRef> ParseCellRef(std::string_view text);
std::string CellName(CellRef ref);

struct CellRange {
  CellRef first;
  CellRef last;
  friend bool operator==(const CellRange&, const CellRange&) = default;
};
[[nodiscard]] Result<CellRange> ParseCellRange(std::string_view text);  // "A1:H1" or "A1"
std::string RangeName(const CellRange& range);

// A range on a named sheet, as charts and filters name their data: "BanHang!C18:C22".
struct SheetRange {
  std::string sheet;
  CellRange range;
  friend bool operator==(const SheetRange&, const SheetRange&) = default;
};
// "BanHang!$C$18:$C$22", "'Bảng giá'!A1:C6" (OOXML) or "BanHang.C18:BanHang.C22",
// "$'Bảng giá'.$A$1:.$C$6" (ODF); nullopt for anything else.
std::optional<SheetRange> ParseSheetRange(std::string_view text);
std::string SheetRangeName(
    const SheetRange& range);  // "BanHang!C18:C22"; "C18:C22" without a sheet

enum class ValueType { kEmpty, kNumber, kText, kBoolean, kError };

// How a cell looks, resolved the way the application shows it: xlsx cellXfs with their font,
// fill and border records (theme colours and tints applied); ods automatic style → parent styles
// → the document's default cell style.
struct CellStyle {
  std::string font;  // family name: "Times New Roman"
  double size = 0;   // points
  bool bold = false;
  bool italic = false;
  std::string align;  // "" (general: by value type), "left", "center", "right", "justify"
  std::string fill;   // "D9E2F3" (upper case), empty for no fill
  bool border_left = false;
  bool border_right = false;
  bool border_top = false;
  bool border_bottom = false;
  friend bool operator==(const CellStyle&, const CellStyle&) = default;
};

// What a number format code shows, as a marker reads it: "#,##0" groups thousands with no
// decimals; "#,##0 \"₫\"" is a currency; "0.00%" a percentage with 2 decimals; "dd/mm/yyyy" a
// date. Only the first section (positive numbers) counts.
struct NumberFormatInfo {
  bool general = false;  // "General" / "Standard": the application decides
  bool thousands = false;
  int decimals = 0;
  bool currency = false;
  bool percent = false;
  bool date = false;  // dates and times
  bool text = false;  // "@"
};
NumberFormatInfo ClassifyNumberFormat(std::string_view code);

struct Cell {
  ValueType type = ValueType::kEmpty;
  double number = 0;          // kNumber (dates as serial days from 1899-12-30), kBoolean as 0/1
  std::string text;           // kText: the string; kError: "#DIV/0!", …
  std::string formula;        // normalised, without '=' (empty when the cell holds a constant)
  std::string number_format;  // "General", "#,##0", "0.00%", …
  CellStyle style;
};

struct ConditionalFormat {
  std::vector<CellRange> ranges;
  // One per rule, in OOXML's names: "cellIs", "expression", "colorScale", "dataBar", "iconSet",
  // "other".
  std::vector<std::string> types;
};

struct Chart {
  // "column" (vertical bars), "bar" (horizontal bars), "line", "pie" (and doughnut), "area",
  // "scatter", or "other".
  std::string type;
  std::string title;               // empty: no title shown
  std::vector<SheetRange> series;  // each series' values, in order
  std::optional<SheetRange> categories;
  std::string x_axis_title;  // the category axis
  std::string y_axis_title;  // the value axis
  bool legend = false;
};

struct PrintSetup {
  std::string orientation = "portrait";  // or "landscape"
  std::string paper;                     // "A4", "A3", "A5", "Letter", "Legal", or empty
  int fit_width = 0;                     // fit to this many pages wide; 0 when not fitted to width
};

struct Sheet {
  std::string name;
  std::map<CellRef, Cell> cells;  // cells with a value or a formula only
  // Cells without content that still look different from the default (a bordered blank, the
  // covered cells of a merged range), and the look of every other cell.
  std::map<CellRef, CellStyle> blank_styles;
  CellStyle default_style;
  std::vector<CellRange> merged;
  std::vector<CellRange> autofilters;  // ranges with filter buttons
  std::vector<ConditionalFormat> conditional_formats;
  std::vector<Chart> charts;  // the charts drawn on the sheet
  PrintSetup print;

  // nullptr for an empty cell.
  const Cell* Find(CellRef ref) const;
  // How any cell looks, with or without content.
  const CellStyle& LookAt(CellRef ref) const;
};

struct Workbook {
  std::vector<Sheet> sheets;  // in tab order

  const Sheet* FindSheet(std::string_view name) const;
};

// The workbook of an .xlsx or .ods; refuses (CannotCheck) a file of another kind.
[[nodiscard]] Result<Workbook> ReadWorkbook(const OfficeFile& file);

// How a cached value reads in evidence: numbers with Vietnamese digit grouping "54.300.000",
// "1,5"; text as is; TRUE/FALSE; errors as saved.
std::string DisplayValue(const Cell& cell);

}  // namespace khaothi::checker
