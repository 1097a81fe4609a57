// The checks on a spreadsheet (docs/practical.md, "Checks on spreadsheets").
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "khaothi/checker/check.h"
#include "khaothi/checker/formula.h"
#include "khaothi/checker/formula_eval.h"

#include "workbook_checks_internal.h"

namespace khaothi::checker {
namespace workbook_checks {
std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::optional<Place> ParsePlace(Args& args, std::string_view key, std::string_view text) {
  Place place;
  std::string_view cells = text;
  if (const size_t bang = text.rfind('!'); bang != std::string_view::npos) {
    std::string_view sheet = text.substr(0, bang);
    if (sheet.size() >= 2 && sheet.front() == '\'' && sheet.back() == '\'') {
      sheet = sheet.substr(1, sheet.size() - 2);
    }
    place.sheet = std::string(sheet);
    cells = text.substr(bang + 1);
  }
  Result<CellRange> range = ParseCellRange(cells);
  if (!range.ok() || place.sheet.empty() != (text.find('!') == std::string_view::npos)) {
    args.Fail(std::string(key) + "=" + std::string(text) +
              ": expected a cell or range such as BanHang!C4:C23");
    return std::nullopt;
  }
  place.range = *range;
  return place;
}

const Sheet* SheetOf(const Workbook& book, const Place& place) {
  if (place.sheet.empty()) return book.sheets.empty() ? nullptr : &book.sheets.front();
  return book.FindSheet(place.sheet);
}

Outcome NoSheet(const Place& place) {
  return MakeOutcome(0, "Không có trang tính \"" + place.sheet + "\"",
                     "No sheet named \"" + place.sheet + "\"");
}

std::string Where(const Place& place, CellRef ref) {
  return place.sheet.empty() ? CellName(ref) : place.sheet + "!" + CellName(ref);
}

// "Ô F12: công thức =SUM(F2:F11), giá trị 54.300.000" and its English twin.
void DescribeCell(const std::string& where, const Cell* cell, std::string& vi, std::string& en) {
  vi = "Ô " + where + ": ";
  en = "Cell " + where + ": ";
  if (cell == nullptr) {
    vi += "trống";
    en += "empty";
    return;
  }
  if (!cell->formula.empty()) {
    vi += "công thức =" + cell->formula + ", ";
    en += "formula =" + cell->formula + ", ";
  }
  vi += "giá trị " + DisplayValue(*cell);
  en += "value " + DisplayValue(*cell);
}

int CellCount(const CellRange& range) {
  return (range.last.row - range.first.row + 1) * (range.last.column - range.first.column + 1);
}

std::string Fraction(int good, int all) { return std::to_string(good) + "/" + std::to_string(all); }

std::string RangeWhere(const Place& place) {
  return place.sheet.empty() ? RangeName(place.range) : place.sheet + "!" + RangeName(place.range);
}

// A range as a check names it: required, one sheet at most.
std::optional<Place> RequiredPlace(Args& args, std::string_view key) {
  const std::string text = args.RequiredText(key);
  if (text.empty()) return std::nullopt;
  std::optional<Place> place = ParsePlace(args, key, text);
  if (place && CellCount(place->range) > 100000) {
    args.Fail(std::string(key) + "=" + text + ": at most 100000 cells");
    return std::nullopt;
  }
  if (place && (place->range.last.row < place->range.first.row ||
                place->range.last.column < place->range.first.column)) {
    args.Fail(std::string(key) + "=" + text + ": the first cell must come before the last");
    return std::nullopt;
  }
  return place;
}

// "H" for column 7.
std::string ColumnName(int column) {
  std::string name = CellName({0, column});
  name.pop_back();  // the row "1"
  return name;
}

int ColumnIndex(Args& args, std::string_view key, const std::string& text) {
  Result<CellRef> ref = ParseCellRef(text + "1");
  if (!ref.ok()) {
    args.Fail(std::string(key) + "=" + text + ": expected a column letter such as H");
    return -1;
  }
  return ref->column;
}

bool Covered(const Sheet& sheet, CellRef ref) {
  for (const CellRange& m : sheet.merged) {
    if (ref != m.first && ref.row >= m.first.row && ref.row <= m.last.row &&
        ref.column >= m.first.column && ref.column <= m.last.column) {
      return true;
    }
  }
  return false;
}

const CellRange* MergedAt(const Sheet& sheet, CellRef ref) {
  for (const CellRange& m : sheet.merged) {
    if (ref.row >= m.first.row && ref.row <= m.last.row && ref.column >= m.first.column &&
        ref.column <= m.last.column) {
      return &m;
    }
  }
  return nullptr;
}

}  // namespace workbook_checks

namespace {

using namespace workbook_checks;

// cell_value cell=Sheet!F12 (number=54300000 [tolerance=0.5] | text="...") — the value the
// application saved in the cell.
WorkbookCheck CompileCellValue(Args& args) {
  const std::string cell_text = args.RequiredText("cell");
  std::optional<Place> place = ParsePlace(args, "cell", cell_text);
  const std::optional<double> number = args.Number("number");
  const std::optional<std::string> text = args.Text("text");
  const double tolerance = args.Number("tolerance").value_or(0);
  if (number.has_value() == text.has_value()) args.Fail("give exactly one of number= and text=");
  if (place && place->range.first != place->range.last) args.Fail("cell= must be one cell");
  if (!place || number.has_value() == text.has_value()) return {};
  return [place = *place, number, text, tolerance](const Workbook& book) {
    const Sheet* sheet = SheetOf(book, place);
    if (sheet == nullptr) return NoSheet(place);
    const Cell* cell = sheet->Find(place.range.first);
    std::string vi;
    std::string en;
    DescribeCell(Where(place, place.range.first), cell, vi, en);
    bool ok = false;
    std::string wanted;
    if (number) {
      wanted = VietnameseNumber(*number, 6);
      ok = cell != nullptr && cell->type == ValueType::kNumber &&
           std::fabs(cell->number - *number) <= std::max(tolerance, 1e-9 * std::fabs(*number));
    } else {
      wanted = *text;
      ok = cell != nullptr && (cell->type == ValueType::kText || cell->type == ValueType::kError) &&
           LooseText(cell->text) == LooseText(*text);
    }
    if (!ok) {
      vi += "; yêu cầu " + wanted;
      en += "; expected " + wanted;
    }
    return MakeOutcome(ok ? 1 : 0, std::move(vi), std::move(en));
  };
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string WithoutSheet(const std::string& ref) {
  const size_t bang = ref.rfind('!');
  return bang == std::string::npos ? ref : ref.substr(bang + 1);
}

// formula cells=Sheet!C4:C23 [uses=VLOOKUP,IF] [absolute=$A$2:$C$6,...] [relative=D4,...] —
// every cell of the range holds a formula calling each function of `uses` (one of several
// written RANK|RANK.EQ) and writing each
// reference of `absolute` as given and each of `relative` as given for the range's first cell,
// moved with the cell (as when the formula is copied down); with recompute=yes, its result
// recomputed from the data (formula_eval.h) is the one saved. The score is the share of cells.
WorkbookCheck CompileFormula(Args& args) {
  const std::string cells_text = args.RequiredText("cells");
  std::optional<Place> place = ParsePlace(args, "cells", cells_text);
  std::vector<std::string> uses = args.List("uses");
  std::vector<std::string> absolute = args.List("absolute");
  std::vector<std::string> relative = args.List("relative");
  for (std::string& f : uses) f = Upper(f);
  for (std::string& r : absolute) r = WithoutSheet(r);
  for (std::string& r : relative) r = WithoutSheet(r);
  const bool recompute = args.Flag("recompute").value_or(false);
  if (!place) return {};
  return [place = *place, uses, absolute, relative, recompute](const Workbook& book) {
    const Sheet* sheet = SheetOf(book, place);
    if (sheet == nullptr) return NoSheet(place);
    int cells = 0;
    int good = 0;
    std::string first_bad_vi;
    std::string first_bad_en;
    std::string first_good_vi;
    std::string first_good_en;
    for (int row = place.range.first.row; row <= place.range.last.row; ++row) {
      for (int col = place.range.first.column; col <= place.range.last.column; ++col) {
        ++cells;
        const CellRef ref{row, col};
        const Cell* cell = sheet->Find(ref);
        std::string vi;
        std::string en;
        DescribeCell(Where(place, ref), cell, vi, en);
        std::vector<std::string> missing;
        if (cell == nullptr || cell->formula.empty()) {
          vi += "; không có công thức";
          en += "; no formula";
        } else {
          const FormulaParts parts = SplitFormula(cell->formula);
          for (const std::string& f : uses) {
            // "RANK|RANK.EQ": any one of the alternatives.
            bool found = false;
            for (size_t start = 0; start <= f.size() && !found;) {
              size_t bar = f.find('|', start);
              if (bar == std::string::npos) bar = f.size();
              found = std::find(parts.functions.begin(), parts.functions.end(),
                                f.substr(start, bar - start)) != parts.functions.end();
              start = bar + 1;
            }
            if (!found) missing.push_back(f);
          }
          auto has = [&](const std::string& r) {
            return std::find(parts.references.begin(), parts.references.end(), r) !=
                   parts.references.end();
          };
          for (const std::string& r : absolute) {
            if (!has(r)) missing.push_back(r);
          }
          for (const std::string& r : relative) {
            const std::string moved =
                ShiftFormula(r, row - place.range.first.row, col - place.range.first.column);
            if (!has(moved)) missing.push_back(moved);
          }
          if (!missing.empty()) {
            vi += "; thiếu " + Join(missing);
            en += "; missing " + Join(missing);
          }
        }
        bool stale = false;
        if (recompute && cell != nullptr && !cell->formula.empty()) {
          const std::optional<Cell> value = RecomputeFormula(cell->formula, book, *sheet);
          if (value && !SameValue(*value, *cell)) {
            stale = true;
            vi += "; tính lại được " + DisplayValue(*value) + ", khác giá trị đã lưu";
            en += "; recomputes to " + DisplayValue(*value) + ", not the value saved";
          }
        }
        const bool ok = cell != nullptr && !cell->formula.empty() && missing.empty() && !stale;
        if (ok) {
          ++good;
          if (first_good_vi.empty()) {
            first_good_vi = vi;
            first_good_en = en;
          }
        } else if (first_bad_vi.empty()) {
          first_bad_vi = vi;
          first_bad_en = en;
        }
      }
    }
    std::string vi = good == cells ? first_good_vi : first_bad_vi;
    std::string en = good == cells ? first_good_en : first_bad_en;
    if (cells > 1) {
      vi += " (" + std::to_string(good) + "/" + std::to_string(cells) + " ô đúng)";
      en += " (" + std::to_string(good) + " of " + std::to_string(cells) + " cells right)";
    }
    return MakeOutcome(static_cast<double>(good) / cells, std::move(vi), std::move(en));
  };
}

// text_present text="..." — some cell of the workbook holds the text.
WorkbookCheck CompileTextPresent(Args& args) {
  const std::string text = args.RequiredText("text");
  return [text, wanted = LooseText(text)](const Workbook& book) {
    for (const Sheet& sheet : book.sheets) {
      for (const auto& [ref, cell] : sheet.cells) {
        if (cell.type == ValueType::kText &&
            LooseText(cell.text).find(wanted) != std::string::npos) {
          return MakeOutcome(1, "Có \"" + text + "\" ở " + sheet.name + "!" + CellName(ref),
                             "\"" + text + "\" found at " + sheet.name + "!" + CellName(ref));
        }
      }
    }
    return MakeOutcome(0, "Không thấy \"" + text + "\"", "\"" + text + "\" not found");
  };
}

// values cells=Sheet!F4:F11 (numbers=1,2.5,3 [tolerance=0.5] | texts="Giỏi,Khá") [by=A
// keys=1,2,3] — the cached values are the given numbers (written with '.' for decimals) or texts
// (compared as a person reads them): cell by cell in rows, or, with
// `by` and `keys`, each number in the row of the range whose cell in column `by` shows that key
// (so the check holds whatever order the rows were sorted into; `cells` is then one column).
// The score is the share of numbers right.
WorkbookCheck CompileValues(Args& args) {
  std::optional<Place> place = RequiredPlace(args, "cells");
  std::vector<double> numbers;
  for (const std::string& item : args.List("numbers")) {
    char* end = nullptr;
    const double d = std::strtod(item.c_str(), &end);
    if (end != item.c_str() + item.size() || !std::isfinite(d)) {
      args.Fail("numbers=: " + item + " is not a number (use '.' for decimals)");
      return {};
    }
    numbers.push_back(d);
  }
  const std::vector<std::string> texts = args.List("texts");
  if (!numbers.empty() && !texts.empty()) args.Fail("give numbers= or texts=, not both");
  const bool textual = !texts.empty();
  if (textual) numbers.assign(texts.size(), 0);
  const std::optional<std::string> by_text = args.Text("by");
  std::vector<std::string> keys = args.List("keys");
  for (std::string& key : keys) key = LooseText(key);
  const int by = by_text ? ColumnIndex(args, "by", *by_text) : -1;
  const double tolerance = args.Number("tolerance").value_or(0);
  if (numbers.empty()) args.Fail("numbers= or texts= is required");
  if (by_text.has_value() != !keys.empty()) args.Fail("give by= and keys= together");
  if (!place || numbers.empty() || by_text.has_value() != !keys.empty()) return {};
  if (by_text) {
    if (keys.size() != numbers.size()) {
      args.Fail("keys= has " + std::to_string(keys.size()) +
                " values but numbers= " + std::to_string(numbers.size()));
      return {};
    }
    if (place->range.first.column != place->range.last.column) {
      args.Fail("cells= must be one column when by= is given");
      return {};
    }
  } else if (static_cast<size_t>(CellCount(place->range)) != numbers.size()) {
    args.Fail("cells= has " + std::to_string(CellCount(place->range)) +
              " cells but numbers= " + std::to_string(numbers.size()) + " values");
    return {};
  }
  return [place = *place, numbers, texts, textual, by, keys, tolerance](const Workbook& book) {
    const Sheet* sheet = SheetOf(book, place);
    if (sheet == nullptr) return NoSheet(place);
    // The cells in the order of `numbers`; nullopt where no row has the key.
    std::vector<std::optional<CellRef>> cells;
    if (by < 0) {
      ForEachCell(place.range, [&](CellRef ref) { cells.emplace_back(ref); });
    } else {
      for (const std::string& key : keys) {
        std::optional<CellRef> found;
        for (int row = place.range.first.row; row <= place.range.last.row && !found; ++row) {
          const Cell* k = sheet->Find({row, by});
          if (k != nullptr &&
              LooseText(k->type == ValueType::kText ? k->text : DisplayValue(*k)) == key) {
            found = CellRef{row, place.range.first.column};
          }
        }
        cells.push_back(found);
      }
    }
    int good = 0;
    std::string vi;
    std::string en;
    for (size_t i = 0; i < numbers.size(); ++i) {
      const double wanted = numbers[i];
      const Cell* cell = cells[i] ? sheet->Find(*cells[i]) : nullptr;
      const bool ok =
          cell != nullptr &&
          (textual ? cell->type == ValueType::kText && LooseText(cell->text) == LooseText(texts[i])
                   : cell->type == ValueType::kNumber &&
                         std::fabs(cell->number - wanted) <=
                             std::max(tolerance, 1e-9 * std::fabs(wanted)));
      if (ok) {
        ++good;
      } else if (vi.empty() && !cells[i]) {
        vi = "Không có dòng nào có " + ColumnName(by) + " = " + keys[i];
        en = "No row has " + ColumnName(by) + " = " + keys[i];
      } else if (vi.empty()) {
        DescribeCell(Where(place, *cells[i]), cell, vi, en);
        const std::string shown = textual ? texts[i] : VietnameseNumber(wanted, 6);
        vi += "; yêu cầu " + shown;
        en += "; expected " + shown;
      }
    }
    const int all = static_cast<int>(numbers.size());
    if (vi.empty()) {
      vi = "Vùng " + RangeWhere(place) + ": đúng cả " + std::to_string(all) + " giá trị";
      en = "Range " + RangeWhere(place) + ": all " + std::to_string(all) + " values right";
    } else {
      vi += " (" + Fraction(good, all) + " ô đúng)";
      en += " (" + std::to_string(good) + " of " + std::to_string(all) + " cells right)";
    }
    return MakeOutcome(static_cast<double>(good) / all, std::move(vi), std::move(en));
  };
}

constexpr WorkbookKind kWorkbookKinds[] = {
    {"cell_value", CompileCellValue},
    {"formula", CompileFormula},
    {"text_present", CompileTextPresent},
    {"values", CompileValues},
    {"number_format", CompileNumberFormat},
    {"cell_format", CompileCellFormat},
    {"merged", CompileMerged},
    {"sorted", CompileSorted},
    {"filter", CompileFilter},
    {"conditional_format", CompileConditionalFormat},
    {"chart", CompileChart},
    {"sheet_names", CompileSheetNames},
    {"print_setup", CompilePrintSetup},
};

}  // namespace

std::span<const WorkbookKind> WorkbookKinds() { return kWorkbookKinds; }

}  // namespace khaothi::checker
