// A spreadsheet read from an .xlsx or an .ods, in one model: the same workbook saved in either
// format gives the same sheets, cells, cached values, formulas (one spelling, see formula.h),
// merged ranges and number format codes.
#pragma once

#include <map>
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

enum class ValueType { kEmpty, kNumber, kText, kBoolean, kError };

struct Cell {
  ValueType type = ValueType::kEmpty;
  double number = 0;          // kNumber (dates as serial days from 1899-12-30), kBoolean as 0/1
  std::string text;           // kText: the string; kError: "#DIV/0!", …
  std::string formula;        // normalised, without '=' (empty when the cell holds a constant)
  std::string number_format;  // "General", "#,##0", "0.00%", …
};

struct Sheet {
  std::string name;
  std::map<CellRef, Cell> cells;  // cells with a value or a formula only
  std::vector<CellRange> merged;

  // nullptr for an empty cell.
  const Cell* Find(CellRef ref) const;
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
