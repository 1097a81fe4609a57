#include "khaothi/checker/workbook.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "khaothi/checker/check.h"
#include "khaothi/checker/formula.h"
#include "khaothi/checker/limits.h"

#include "workbook_internal.h"

namespace khaothi::checker {

Result<CellRef> ParseCellRef(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '$') ++i;
  int column = 0;
  const size_t letters = i;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) != 0 &&
         i - letters < 3) {
    column = column * 26 + (std::toupper(static_cast<unsigned char>(text[i])) - 'A' + 1);
    ++i;
  }
  if (i == letters) return Status::InvalidArgument("not a cell reference: " + std::string(text));
  if (i < text.size() && text[i] == '$') ++i;
  int row = 0;
  const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), row);
  if (ec != std::errc() || end != text.data() + text.size() || row < 1 || row > kMaxRows ||
      column > kMaxColumns) {
    return Status::InvalidArgument("not a cell reference: " + std::string(text));
  }
  return CellRef{row - 1, column - 1};
}

std::string CellName(CellRef ref) {
  std::string letters;
  for (int n = ref.column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters + std::to_string(ref.row + 1);
}

Result<CellRange> ParseCellRange(std::string_view text) {
  const size_t colon = text.find(':');
  Result<CellRef> first = ParseCellRef(text.substr(0, colon));
  if (!first.ok()) return first.status();
  if (colon == std::string_view::npos) return CellRange{*first, *first};
  Result<CellRef> last = ParseCellRef(text.substr(colon + 1));
  if (!last.ok()) return last.status();
  return CellRange{*first, *last};
}

std::string RangeName(const CellRange& range) {
  return range.first == range.last ? CellName(range.first)
                                   : CellName(range.first) + ":" + CellName(range.last);
}

const Cell* Sheet::Find(CellRef ref) const {
  const auto it = cells.find(ref);
  return it == cells.end() ? nullptr : &it->second;
}

const Sheet* Workbook::FindSheet(std::string_view name) const {
  for (const Sheet& sheet : sheets) {
    if (sheet.name == name) return &sheet;
  }
  return nullptr;
}

Result<Workbook> ReadWorkbook(const OfficeFile& file) {
  if (file.kind() != Kind::kWorkbook) {
    return CannotCheck("tệp không phải bảng tính", "the file is not a spreadsheet");
  }
  return file.family() == Family::kOoxml ? internal::ReadXlsx(file) : internal::ReadOds(file);
}

std::string DisplayValue(const Cell& cell) {
  switch (cell.type) {
    case ValueType::kEmpty:
      return "(trống)";
    case ValueType::kText:
    case ValueType::kError:
      return cell.text;
    case ValueType::kBoolean:
      return cell.number != 0 ? "TRUE" : "FALSE";
    case ValueType::kNumber:
      break;
  }
  return VietnameseNumber(cell.number, 6);
}

}  // namespace khaothi::checker
