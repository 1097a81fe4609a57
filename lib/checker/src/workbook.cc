#include "khaothi/checker/workbook.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>

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

std::optional<SheetRange> ParseSheetRange(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  // The first of a space-separated list (ODF charts name several ranges so).
  bool quoted = false;
  size_t bang = std::string_view::npos;
  size_t end = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\'') quoted = !quoted;
    if (quoted) continue;
    if (text[i] == ' ') {
      end = i;
      break;
    }
    if (text[i] == '!') bang = i;
  }
  text = text.substr(0, end);
  std::string excel;
  if (bang == std::string_view::npos) {
    excel = NormaliseOdfFormula("[" + std::string(text) + "]");
    quoted = false;
    for (size_t i = 0; i < excel.size(); ++i) {
      if (excel[i] == '\'') quoted = !quoted;
      if (!quoted && excel[i] == '!') {
        bang = i;
        break;
      }
    }
  } else {
    excel = std::string(text);
  }
  if (bang == std::string_view::npos || bang == 0) return std::nullopt;
  std::string sheet = excel.substr(0, bang);
  if (sheet.size() >= 2 && sheet.front() == '\'' && sheet.back() == '\'') {
    sheet = sheet.substr(1, sheet.size() - 2);
    for (size_t at = sheet.find("''"); at != std::string::npos; at = sheet.find("''", at + 1)) {
      sheet.erase(at, 1);
    }
  }
  std::string cells = excel.substr(bang + 1);
  std::erase(cells, '$');
  Result<CellRange> range = ParseCellRange(cells);
  if (!range.ok()) return std::nullopt;
  return SheetRange{std::move(sheet), *range};
}

std::string SheetRangeName(const SheetRange& range) {
  if (range.sheet.empty()) return RangeName(range.range);
  const bool plain = std::all_of(range.sheet.begin(), range.sheet.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
  return (plain ? range.sheet : "'" + range.sheet + "'") + "!" + RangeName(range.range);
}

NumberFormatInfo ClassifyNumberFormat(std::string_view code) {
  NumberFormatInfo info;
  std::string lower;
  for (const char c : code) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty() || lower == "general" || lower == "standard") {
    info.general = true;
    return info;
  }
  if (lower == "@") {
    info.text = true;
    return info;
  }
  bool in_fraction = false;
  bool seen_digit = false;
  for (size_t i = 0; i < lower.size(); ++i) {
    const char c = lower[i];
    if (c == ';') break;  // the first section only
    if (c == '"') {
      const size_t close = lower.find('"', i + 1);
      const std::string_view literal = std::string_view(lower).substr(
          i + 1, (close == std::string::npos ? lower.size() : close) - i - 1);
      for (const std::string_view symbol : {"₫", "đ", "vnd", "$", "€", "£", "¥", "usd"}) {
        if (literal.find(symbol) != std::string_view::npos) info.currency = true;
      }
      if (close == std::string::npos) break;
      i = close;
      continue;
    }
    if (c == '[') {
      const size_t close = lower.find(']', i);
      if (close == std::string::npos) break;
      if (lower[i + 1] == '$') info.currency = true;  // [$₫-42A], [$$-409]
      if (lower.compare(i + 1, 2, "h]") == 0 || lower.compare(i + 1, 2, "m]") == 0 ||
          lower.compare(i + 1, 2, "s]") == 0 || lower.compare(i + 1, 3, "hh]") == 0 ||
          lower.compare(i + 1, 3, "mm]") == 0 || lower.compare(i + 1, 3, "ss]") == 0) {
        info.date = true;  // elapsed time
      }
      i = close;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped character, a space as wide as one, a fill character
      continue;
    }
    if (c == '$' || lower.compare(i, 3, "₫") == 0 || lower.compare(i, 3, "€") == 0) {
      info.currency = true;
    } else if (c == 'd' || c == 'm' || c == 'y' || c == 'h' || c == 's') {
      info.date = true;
    } else if (c == '%') {
      info.percent = true;
    } else if (c == '.') {
      in_fraction =
          seen_digit || (i + 1 < lower.size() && (lower[i + 1] == '0' || lower[i + 1] == '#'));
    } else if (c == '0' || c == '#' || c == '?') {
      if (in_fraction) ++info.decimals;
      seen_digit = true;
    } else if (c == ',' && seen_digit && !in_fraction && i + 1 < lower.size() &&
               (lower[i + 1] == '0' || lower[i + 1] == '#' || lower[i + 1] == '?')) {
      info.thousands = true;  // a comma between digits groups; a trailing one scales
    } else if (c == 'e' && i + 1 < lower.size() && (lower[i + 1] == '+' || lower[i + 1] == '-')) {
      in_fraction = false;  // the exponent's digits are not decimals
      i += 1;
      while (i + 1 < lower.size() && (lower[i + 1] == '0' || lower[i + 1] == '#')) ++i;
    }
  }
  if (info.date) {
    info.decimals = 0;
    info.thousands = false;
  }
  return info;
}

const Cell* Sheet::Find(CellRef ref) const {
  const auto it = cells.find(ref);
  return it == cells.end() ? nullptr : &it->second;
}

const CellStyle& Sheet::LookAt(CellRef ref) const {
  // A merged area shows as one cell: its first cell's look (LibreOffice saves the covered cells
  // with the default style, Excel with the first cell's).
  for (const CellRange& m : merged) {
    if (ref.row >= m.first.row && ref.row <= m.last.row && ref.column >= m.first.column &&
        ref.column <= m.last.column) {
      ref = m.first;
      break;
    }
  }
  if (const Cell* cell = Find(ref); cell != nullptr) return cell->style;
  const auto it = blank_styles.find(ref);
  return it == blank_styles.end() ? default_style : it->second;
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
  Result<Workbook> book =
      file.family() == Family::kOoxml ? internal::ReadXlsx(file) : internal::ReadOds(file);
  if (!book.ok()) return book;
  for (Sheet& sheet : book->sheets) {
    for (const CellRange& m : sheet.merged) {
      if (m.last < m.first) continue;  // a backwards range ("B2:A1") in a hostile file
      const auto first = sheet.blank_styles.lower_bound(m.first);
      const auto last = sheet.blank_styles.upper_bound(m.last);
      for (auto it = first; it != last;) {
        const CellRef ref = it->first;
        const bool covered =
            ref.column >= m.first.column && ref.column <= m.last.column && ref != m.first;
        it = covered ? sheet.blank_styles.erase(it) : std::next(it);
      }
    }
  }
  return book;
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
