// What the spreadsheet checks share (private): places as checks name them, evidence in both
// languages, and the kinds defined outside workbook_checks.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/checker/check.h"

namespace khaothi::checker::workbook_checks {

std::string Join(const std::vector<std::string>& items);

// A place in the workbook as a check names it: "BanHang!C4:C23", "F12" (the first sheet),
// "'Bảng giá'!A1".
struct Place {
  std::string sheet;  // empty: the first sheet
  CellRange range;
};
std::optional<Place> ParsePlace(Args& args, std::string_view key, std::string_view text);
// A range as a check names it: required, one sheet at most, at most 100000 cells.
std::optional<Place> RequiredPlace(Args& args, std::string_view key);
const Sheet* SheetOf(const Workbook& book, const Place& place);
Outcome NoSheet(const Place& place);
std::string Where(const Place& place, CellRef ref);  // "BanHang!F12", or "F12"
std::string RangeWhere(const Place& place);          // "BanHang!A4:H11"
// "Ô F12: công thức =SUM(F2:F11), giá trị 54.300.000" and its English twin.
void DescribeCell(const std::string& where, const Cell* cell, std::string& vi, std::string& en);

// Every cell of a place, row by row.
template <typename F>
void ForEachCell(const CellRange& range, F&& f) {
  for (int row = range.first.row; row <= range.last.row; ++row) {
    for (int col = range.first.column; col <= range.last.column; ++col) f(CellRef{row, col});
  }
}

int CellCount(const CellRange& range);
std::string Fraction(int good, int all);  // "14/20"
std::string ColumnName(int column);       // "H" for 7
// A column given by its letters ("H"); records a problem in `args` and returns -1 otherwise.
int ColumnIndex(Args& args, std::string_view key, const std::string& text);
// The merged area holding the cell, or nullptr; Covered: in one, but not its first cell.
const CellRange* MergedAt(const Sheet& sheet, CellRef ref);
bool Covered(const Sheet& sheet, CellRef ref);

// The kinds of workbook_format_checks.cc and workbook_layout_checks.cc.
WorkbookCheck CompileNumberFormat(Args& args);
WorkbookCheck CompileCellFormat(Args& args);
WorkbookCheck CompileMerged(Args& args);
WorkbookCheck CompileSorted(Args& args);
WorkbookCheck CompileFilter(Args& args);
WorkbookCheck CompileConditionalFormat(Args& args);
WorkbookCheck CompileChart(Args& args);
WorkbookCheck CompileSheetNames(Args& args);
WorkbookCheck CompilePrintSetup(Args& args);

}  // namespace khaothi::checker::workbook_checks
