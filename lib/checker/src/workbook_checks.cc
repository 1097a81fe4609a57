// The checks on a spreadsheet (docs/practical.md, "Checks on spreadsheets").
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <unicode/coll.h>
#include <unicode/locid.h>

#include "khaothi/checker/check.h"
#include "khaothi/checker/formula.h"

namespace khaothi::checker {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// A place in the workbook as a check names it: "BanHang!C4:C23", "F12" (the first sheet),
// "'Bảng giá'!A1".
struct Place {
  std::string sheet;  // empty: the first sheet
  CellRange range;
};

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
// moved with the cell (as when the formula is copied down). The score is the share of cells.
WorkbookCheck CompileFormula(Args& args) {
  const std::string cells_text = args.RequiredText("cells");
  std::optional<Place> place = ParsePlace(args, "cells", cells_text);
  std::vector<std::string> uses = args.List("uses");
  std::vector<std::string> absolute = args.List("absolute");
  std::vector<std::string> relative = args.List("relative");
  for (std::string& f : uses) f = Upper(f);
  for (std::string& r : absolute) r = WithoutSheet(r);
  for (std::string& r : relative) r = WithoutSheet(r);
  if (!place) return {};
  return [place = *place, uses, absolute, relative](const Workbook& book) {
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
        const bool ok = cell != nullptr && !cell->formula.empty() && missing.empty();
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

// Every cell of a place, row by row.
template <typename F>
void ForEachCell(const CellRange& range, F&& f) {
  for (int row = range.first.row; row <= range.last.row; ++row) {
    for (int col = range.first.column; col <= range.last.column; ++col) f(CellRef{row, col});
  }
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

std::string DescribeFormat(const NumberFormatInfo& f, std::string_view code, bool vi) {
  std::string out = vi ? "định dạng \"" : "format \"";
  out += std::string(code) + "\" (";
  std::vector<std::string> parts;
  if (f.general) parts.emplace_back(vi ? "chung" : "general");
  if (f.text) parts.emplace_back(vi ? "văn bản" : "text");
  if (f.date) parts.emplace_back(vi ? "ngày giờ" : "date/time");
  if (f.currency) parts.emplace_back(vi ? "tiền tệ" : "currency");
  if (f.percent) parts.emplace_back(vi ? "phần trăm" : "percent");
  if (f.thousands) parts.emplace_back(vi ? "phân cách hàng nghìn" : "thousands separator");
  if (!f.general && !f.text && !f.date) {
    parts.push_back(std::to_string(f.decimals) + (vi ? " chữ số thập phân" : " decimals"));
  }
  return out + Join(parts) + ")";
}

// number_format cells=Sheet!E4:H11 kind=thousands|currency|percent|date|decimal|general
// [decimals=N] — every cell with content shows its numbers so: thousands groups digits,
// currency shows a currency symbol, decimal is a plain number; decimals= asks that many digits
// after the point. The score is the share of cells with content that are right.
WorkbookCheck CompileNumberFormat(Args& args) {
  std::optional<Place> place = RequiredPlace(args, "cells");
  const std::optional<std::string> kind =
      args.OneOf("kind", {"thousands", "currency", "percent", "date", "decimal", "general"});
  const std::optional<int> decimals = args.Whole("decimals", 0, 15);
  if (!kind && !decimals) args.Fail("give kind= or decimals=");
  if (!place) return {};
  return [place = *place, kind, decimals](const Workbook& book) {
    const Sheet* sheet = SheetOf(book, place);
    if (sheet == nullptr) return NoSheet(place);
    int all = 0;
    int good = 0;
    std::string vi;
    std::string en;
    ForEachCell(place.range, [&](CellRef ref) {
      const Cell* cell = sheet->Find(ref);
      if (cell == nullptr || cell->type == ValueType::kText) return;
      ++all;
      const NumberFormatInfo f = ClassifyNumberFormat(cell->number_format);
      bool ok = true;
      if (kind == "thousands") ok = f.thousands && !f.percent && !f.date;
      if (kind == "currency") ok = f.currency;
      if (kind == "percent") ok = f.percent;
      if (kind == "date") ok = f.date;
      if (kind == "decimal") ok = !f.general && !f.text && !f.date && !f.percent && !f.currency;
      if (kind == "general") ok = f.general;
      if (decimals) ok = ok && !f.general && !f.date && f.decimals == *decimals;
      if (ok) {
        ++good;
      } else if (vi.empty()) {
        vi = "Ô " + Where(place, ref) + ": " + DescribeFormat(f, cell->number_format, true);
        en = "Cell " + Where(place, ref) + ": " + DescribeFormat(f, cell->number_format, false);
      }
    });
    std::string wanted_vi = kind ? *kind : "";
    if (kind == "thousands") wanted_vi = "phân cách hàng nghìn";
    if (kind == "currency") wanted_vi = "tiền tệ";
    if (kind == "percent") wanted_vi = "phần trăm";
    if (kind == "date") wanted_vi = "ngày";
    if (kind == "decimal") wanted_vi = "số";
    if (kind == "general") wanted_vi = "chung";
    std::string wanted_en = kind.value_or("");
    if (decimals) {
      wanted_vi +=
          (wanted_vi.empty() ? "" : ", ") + std::to_string(*decimals) + " chữ số thập phân";
      wanted_en += (wanted_en.empty() ? "" : ", ") + std::to_string(*decimals) + " decimals";
    }
    if (all == 0) {
      return MakeOutcome(0, "Vùng " + RangeWhere(place) + ": không có số nào",
                         "Range " + RangeWhere(place) + ": no numbers");
    }
    if (good == all) {
      const Cell* first = nullptr;
      ForEachCell(place.range, [&](CellRef ref) {
        if (first == nullptr) first = sheet->Find(ref);
      });
      vi = "Vùng " + RangeWhere(place) + ": " +
           DescribeFormat(ClassifyNumberFormat(first->number_format), first->number_format, true);
      en = "Range " + RangeWhere(place) + ": " +
           DescribeFormat(ClassifyNumberFormat(first->number_format), first->number_format, false);
    } else {
      vi += "; yêu cầu " + wanted_vi + " (" + Fraction(good, all) + " ô đúng)";
      en += "; expected " + wanted_en + " (" + std::to_string(good) + " of " + std::to_string(all) +
            " cells right)";
    }
    return MakeOutcome(static_cast<double>(good) / all, std::move(vi), std::move(en));
  };
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

// The grid lines of a range a person sees drawn: each edge of each cell, drawn when either
// cell beside it has that side (a merged area's inner lines are not edges). Counts the outer
// edges and the inner ones, and how many of each are drawn.
struct BorderCount {
  int outer = 0;
  int outer_drawn = 0;
  int inner = 0;
  int inner_drawn = 0;
};

BorderCount CountBorders(const Sheet& sheet, const CellRange& range) {
  BorderCount count;
  auto edge = [&](CellRef a, CellRef b, bool horizontal, bool outer) {
    // a above/left of b; either may lie outside the sheet (row/column -1).
    const CellRange* ma = a.row >= 0 && a.column >= 0 ? MergedAt(sheet, a) : nullptr;
    const CellRange* mb = MergedAt(sheet, b);
    if (ma != nullptr && ma == mb) return;  // inside one merged area
    bool drawn = false;
    if (a.row >= 0 && a.column >= 0) {
      const CellStyle& s = sheet.LookAt(a);
      drawn = horizontal ? s.border_bottom : s.border_right;
    }
    const CellStyle& t = sheet.LookAt(b);
    drawn = drawn || (horizontal ? t.border_top : t.border_left);
    (outer ? count.outer : count.inner) += 1;
    if (drawn) (outer ? count.outer_drawn : count.inner_drawn) += 1;
  };
  for (int row = range.first.row; row <= range.last.row + 1; ++row) {
    for (int col = range.first.column; col <= range.last.column; ++col) {
      const bool outer = row == range.first.row || row == range.last.row + 1;
      edge({row - 1, col}, {row, col}, true, outer);
    }
  }
  for (int row = range.first.row; row <= range.last.row; ++row) {
    for (int col = range.first.column; col <= range.last.column + 1; ++col) {
      const bool outer = col == range.first.column || col == range.last.column + 1;
      edge({row, col - 1}, {row, col}, false, outer);
    }
  }
  return count;
}

std::string AlignName(std::string_view align, bool vi) {
  if (align == "left") return vi ? "căn trái" : "left";
  if (align == "center") return vi ? "căn giữa" : "centred";
  if (align == "right") return vi ? "căn phải" : "right";
  if (align == "justify") return vi ? "căn đều" : "justified";
  return vi ? "căn mặc định" : "general alignment";
}

// cell_format cells=Sheet!A3:H3 [font="Times New Roman"] [size=14] [bold=yes] [italic=no]
// [align=left|center|right|justify] [fill=yes|no|RRGGBB] [borders=all|outline|none] — how the
// cells look. Each property counts alike: its share of the range's cells right (borders: of
// the range's grid lines); the score is their mean. Covered cells of a merged area count as
// their area.
WorkbookCheck CompileCellFormat(Args& args) {
  std::optional<Place> place = RequiredPlace(args, "cells");
  const std::optional<std::string> font = args.Text("font");
  const std::optional<double> size = args.Number("size");
  const std::optional<bool> bold = args.Flag("bold");
  const std::optional<bool> italic = args.Flag("italic");
  const std::optional<std::string> align =
      args.OneOf("align", {"left", "center", "right", "justify", "general"});
  std::optional<std::string> fill = args.Text("fill");
  const std::optional<std::string> borders = args.OneOf("borders", {"all", "outline", "none"});
  if (fill) {
    std::string f = *fill;
    if (f.starts_with('#')) f.erase(f.begin());
    for (char& c : f) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const bool colour = f.size() == 6 && std::all_of(f.begin(), f.end(), [](char c) {
                          return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                        });
    if (f == "YES" || f == "CÓ") f = "yes";
    if (f == "NO" || f == "KHÔNG") f = "no";
    if (!colour && f != "yes" && f != "no")
      args.Fail("fill=" + *fill + ": expected yes, no or RRGGBB");
    fill = f;
  }
  if (!font && !size && !bold && !italic && !align && !fill && !borders) {
    args.Fail("give at least one of font, size, bold, italic, align, fill, borders");
  }
  if (!place) return {};
  return [place = *place, font, size, bold, italic, align, fill, borders](const Workbook& book) {
    const Sheet* sheet = SheetOf(book, place);
    if (sheet == nullptr) return NoSheet(place);
    std::vector<CellRef> cells;
    ForEachCell(place.range, [&](CellRef ref) {
      if (!Covered(*sheet, ref)) cells.push_back(ref);
    });
    double total = 0;
    int properties = 0;
    std::vector<std::string> wrong_vi;
    std::vector<std::string> wrong_en;
    std::vector<std::string> right_vi;
    std::vector<std::string> right_en;
    // One property: `ok` says whether a cell's look has it, `seen` how it reads.
    auto property = [&](auto ok, auto seen_vi, auto seen_en, const std::string& wanted_vi,
                        const std::string& wanted_en) {
      ++properties;
      int good = 0;
      std::optional<CellRef> bad;
      for (const CellRef ref : cells) {
        if (ok(sheet->LookAt(ref))) {
          ++good;
        } else if (!bad) {
          bad = ref;
        }
      }
      total += cells.empty() ? 0 : static_cast<double>(good) / static_cast<double>(cells.size());
      if (bad) {
        const CellStyle& s = sheet->LookAt(*bad);
        wrong_vi.push_back("ô " + Where(place, *bad) + " " + seen_vi(s) + ", yêu cầu " + wanted_vi);
        wrong_en.push_back("cell " + Where(place, *bad) + " " + seen_en(s) + ", expected " +
                           wanted_en);
      } else {
        right_vi.push_back(wanted_vi);
        right_en.push_back(wanted_en);
      }
    };
    if (font) {
      const std::string wanted = LooseText(*font);
      property([&](const CellStyle& s) { return LooseText(s.font) == wanted; },
               [](const CellStyle& s) { return "phông " + s.font; },
               [](const CellStyle& s) { return "font " + s.font; }, "phông " + *font,
               "font " + *font);
    }
    if (size) {
      property([&](const CellStyle& s) { return std::fabs(s.size - *size) <= 0.25; },
               [](const CellStyle& s) { return "cỡ " + VietnameseNumber(s.size, 1); },
               [](const CellStyle& s) { return "size " + VietnameseNumber(s.size, 1); },
               "cỡ " + VietnameseNumber(*size, 1), "size " + VietnameseNumber(*size, 1));
    }
    if (bold) {
      property([&](const CellStyle& s) { return s.bold == *bold; },
               [](const CellStyle& s) { return std::string(s.bold ? "in đậm" : "không đậm"); },
               [](const CellStyle& s) { return std::string(s.bold ? "bold" : "not bold"); },
               *bold ? "in đậm" : "không đậm", *bold ? "bold" : "not bold");
    }
    if (italic) {
      property(
          [&](const CellStyle& s) { return s.italic == *italic; },
          [](const CellStyle& s) { return std::string(s.italic ? "in nghiêng" : "không nghiêng"); },
          [](const CellStyle& s) { return std::string(s.italic ? "italic" : "not italic"); },
          *italic ? "in nghiêng" : "không nghiêng", *italic ? "italic" : "not italic");
    }
    if (align) {
      const std::string wanted = *align == "general" ? "" : *align;
      property([&](const CellStyle& s) { return s.align == wanted; },
               [](const CellStyle& s) { return AlignName(s.align, true); },
               [](const CellStyle& s) { return AlignName(s.align, false); },
               AlignName(wanted, true), AlignName(wanted, false));
    }
    if (fill) {
      auto fill_vi = [](const CellStyle& s) {
        return s.fill.empty() ? std::string("không tô nền") : "tô nền #" + s.fill;
      };
      auto fill_en = [](const CellStyle& s) {
        return s.fill.empty() ? std::string("no fill") : "fill #" + s.fill;
      };
      if (*fill == "yes") {
        property([](const CellStyle& s) { return !s.fill.empty() && s.fill != "FFFFFF"; }, fill_vi,
                 fill_en, "có tô nền", "a fill");
      } else if (*fill == "no") {
        property([](const CellStyle& s) { return s.fill.empty(); }, fill_vi, fill_en,
                 "không tô nền", "no fill");
      } else {
        property([&](const CellStyle& s) { return s.fill == *fill; }, fill_vi, fill_en,
                 "tô nền #" + *fill, "fill #" + *fill);
      }
    }
    if (borders) {
      ++properties;
      const BorderCount count = CountBorders(*sheet, place.range);
      int lines = 0;
      int good = 0;
      if (*borders == "all") {
        lines = count.outer + count.inner;
        good = count.outer_drawn + count.inner_drawn;
      } else if (*borders == "outline") {
        lines = count.outer;
        good = count.outer_drawn;
      } else {
        lines = count.outer + count.inner;
        good = lines - count.outer_drawn - count.inner_drawn;
      }
      total += lines == 0 ? 1 : static_cast<double>(good) / lines;
      const std::string wanted_vi = *borders == "all"       ? "kẻ khung tất cả các ô"
                                    : *borders == "outline" ? "kẻ khung viền ngoài"
                                                            : "không kẻ khung";
      const std::string wanted_en = *borders == "all"       ? "all borders"
                                    : *borders == "outline" ? "an outline border"
                                                            : "no borders";
      if (good < lines) {
        wrong_vi.push_back(
            "kẻ " + Fraction(count.outer_drawn + count.inner_drawn, count.outer + count.inner) +
            " đường kẻ, yêu cầu " + wanted_vi);
        wrong_en.push_back(std::to_string(count.outer_drawn + count.inner_drawn) + " of " +
                           std::to_string(count.outer + count.inner) + " lines drawn, expected " +
                           wanted_en);
      } else {
        right_vi.push_back(wanted_vi);
        right_en.push_back(wanted_en);
      }
    }
    std::string vi = "Vùng " + RangeWhere(place) + ": ";
    std::string en = "Range " + RangeWhere(place) + ": ";
    if (wrong_vi.empty()) {
      vi += Join(right_vi);
      en += Join(right_en);
    } else {
      vi += Join(wrong_vi);
      en += Join(wrong_en);
    }
    return MakeOutcome(total / properties, std::move(vi), std::move(en));
  };
}

// merged range=A1:H1[,A2:H2,...] — each range is one merged area. The score is the share of ranges.
WorkbookCheck CompileMerged(Args& args) {
  std::vector<Place> places;
  for (const std::string& text : args.List("range")) {
    if (std::optional<Place> p = ParsePlace(args, "range", text); p) places.push_back(*p);
  }
  if (places.empty()) args.Fail("range= is required");
  return [places](const Workbook& book) {
    int good = 0;
    std::vector<std::string> vi;
    std::vector<std::string> en;
    for (const Place& place : places) {
      const Sheet* sheet = SheetOf(book, place);
      const bool ok = sheet != nullptr && std::find(sheet->merged.begin(), sheet->merged.end(),
                                                    place.range) != sheet->merged.end();
      if (ok) {
        ++good;
        vi.push_back(RangeWhere(place) + " đã gộp");
        en.push_back(RangeWhere(place) + " merged");
      } else {
        const CellRange* near = sheet == nullptr ? nullptr : MergedAt(*sheet, place.range.first);
        vi.push_back(RangeWhere(place) + (near ? " gộp thành " + RangeName(*near) : " chưa gộp"));
        en.push_back(RangeWhere(place) + (near ? " merged as " + RangeName(*near) : " not merged"));
      }
    }
    return MakeOutcome(static_cast<double>(good) / static_cast<double>(places.size()),
                       "Gộp ô: " + Join(vi), "Merged cells: " + Join(en));
  };
}

// sorted range=Sheet!A4:H11 column=H order=ascending|descending — the rows of the range are in
// that order of the column's values (numbers before text, text by Vietnamese collation).
WorkbookCheck CompileSorted(Args& args) {
  std::optional<Place> place = RequiredPlace(args, "range");
  const std::string column_text = args.RequiredText("column");
  const int column = column_text.empty() ? -1 : ColumnIndex(args, "column", column_text);
  const std::string order = args.OneOf("order", {"ascending", "descending"}).value_or("ascending");
  if (place && column >= 0 &&
      (column < place->range.first.column || column > place->range.last.column)) {
    args.Fail("column=" + column_text + " is outside range=");
  }
  if (!place || column < 0) return {};
  return [place = *place, column, order](const Workbook& book) {
    const Sheet* sheet = SheetOf(book, place);
    if (sheet == nullptr) return NoSheet(place);
    const bool descending = order == "descending";
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> collator(
        icu::Collator::createInstance(icu::Locale("vi"), status));
    // -1, 0, 1 as a comes before, with, after b in ascending order; empty cells last.
    auto compare = [&](const Cell* a, const Cell* b) {
      const int rank_a = a == nullptr ? 2 : a->type == ValueType::kNumber ? 0 : 1;
      const int rank_b = b == nullptr ? 2 : b->type == ValueType::kNumber ? 0 : 1;
      if (rank_a != rank_b) return rank_a < rank_b ? -1 : 1;
      if (rank_a == 0) return a->number < b->number ? -1 : a->number > b->number ? 1 : 0;
      if (rank_a == 2) return 0;
      if (collator == nullptr || U_FAILURE(status)) {
        return a->text < b->text ? -1 : a->text > b->text ? 1 : 0;
      }
      UErrorCode s = U_ZERO_ERROR;
      const UCollationResult r = collator->compareUTF8(a->text, b->text, s);
      return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
    };
    std::string values;
    for (int row = place.range.first.row; row <= place.range.last.row; ++row) {
      const Cell* cell = sheet->Find({row, column});
      if (cell == nullptr) {
        return MakeOutcome(0, "Ô " + Where(place, {row, column}) + " trống: chưa có gì để sắp xếp",
                           "Cell " + Where(place, {row, column}) + " is empty: nothing to sort");
      }
      if (row - place.range.first.row < 6) {
        values += (values.empty() ? "" : "; ") + (cell ? DisplayValue(*cell) : "(trống)");
      } else if (row - place.range.first.row == 6) {
        values += "; …";
      }
      if (row == place.range.first.row) continue;
      int c = compare(sheet->Find({row - 1, column}), cell);
      if (descending && (c != 0)) {
        // Descending order still puts empty cells last.
        const bool empty_involved = sheet->Find({row - 1, column}) == nullptr || cell == nullptr;
        if (!empty_involved) c = -c;
      }
      if (c > 0) {
        const std::string where = Where(place, {row, column});
        return MakeOutcome(0,
                           "Vùng " + RangeWhere(place) + " chưa sắp xếp " +
                               (descending ? "giảm dần" : "tăng dần") + " theo cột " +
                               ColumnName(column) + ": ô " + where + " đứng sau " +
                               Where(place, {row - 1, column}) + " sai thứ tự (" + values + ")",
                           "Range " + RangeWhere(place) + " not sorted " + order + " by column " +
                               ColumnName(column) + ": cell " + where + " out of order after " +
                               Where(place, {row - 1, column}) + " (" + values + ")");
      }
    }
    const std::string letter = ColumnName(column);
    return MakeOutcome(1,
                       "Vùng " + RangeWhere(place) + " đã sắp xếp " +
                           (descending ? "giảm dần" : "tăng dần") + " theo cột " + letter + " (" +
                           values + ")",
                       "Range " + RangeWhere(place) + " sorted " + order + " by column " + letter +
                           " (" + values + ")");
  };
}

// filter range=Sheet!A3:H11 — an autofilter (filter buttons) on the range: its header row is
// the range's first row and it spans the range's columns.
WorkbookCheck CompileFilter(Args& args) {
  std::optional<Place> place = RequiredPlace(args, "range");
  if (!place) return {};
  return [place = *place](const Workbook& book) {
    const Sheet* sheet = SheetOf(book, place);
    if (sheet == nullptr) return NoSheet(place);
    for (const CellRange& f : sheet->autofilters) {
      if (f.first.row == place.range.first.row && f.first.column <= place.range.first.column &&
          f.last.column >= place.range.last.column) {
        return MakeOutcome(1, "Có lọc dữ liệu (AutoFilter) trên vùng " + RangeName(f),
                           "An autofilter on " + RangeName(f));
      }
    }
    if (!sheet->autofilters.empty()) {
      const std::string at = RangeName(sheet->autofilters.front());
      return MakeOutcome(0, "Lọc dữ liệu đặt trên vùng " + at + ", yêu cầu " + RangeWhere(place),
                         "The autofilter is on " + at + ", expected " + RangeWhere(place));
    }
    return MakeOutcome(0, "Trang tính " + sheet->name + " không có lọc dữ liệu (AutoFilter)",
                       "Sheet " + sheet->name + " has no autofilter");
  };
}

// conditional_format range=Sheet!H4:H11 [type=cellIs|expression|colorScale|dataBar|iconSet] —
// conditional formatting (of that type) covers the range. The score is the share of its cells
// covered.
WorkbookCheck CompileConditionalFormat(Args& args) {
  std::optional<Place> place = RequiredPlace(args, "range");
  const std::optional<std::string> type =
      args.OneOf("type", {"cellIs", "expression", "colorScale", "dataBar", "iconSet"});
  if (!place) return {};
  return [place = *place, type](const Workbook& book) {
    const Sheet* sheet = SheetOf(book, place);
    if (sheet == nullptr) return NoSheet(place);
    int covered = 0;
    const int all = CellCount(place.range);
    ForEachCell(place.range, [&](CellRef ref) {
      for (const ConditionalFormat& f : sheet->conditional_formats) {
        if (type && std::find(f.types.begin(), f.types.end(), *type) == f.types.end()) continue;
        const bool in = std::any_of(f.ranges.begin(), f.ranges.end(), [&](const CellRange& r) {
          return ref.row >= r.first.row && ref.row <= r.last.row && ref.column >= r.first.column &&
                 ref.column <= r.last.column;
        });
        if (in) {
          ++covered;
          return;
        }
      }
    });
    std::vector<std::string> found;
    for (const ConditionalFormat& f : sheet->conditional_formats) {
      std::vector<std::string> names;
      for (const CellRange& r : f.ranges) names.push_back(RangeName(r));
      found.push_back(Join(names) + " (" + Join(f.types) + ")");
    }
    const std::string what = found.empty() ? "" : ": " + Join(found);
    const std::string kind = type ? " " + *type : "";
    return MakeOutcome(
        static_cast<double>(covered) / all,
        "Định dạng có điều kiện" + kind + " phủ " + Fraction(covered, all) + " ô của " +
            RangeWhere(place) +
            (found.empty() ? "; trang tính không có định dạng có điều kiện" : "; có" + what),
        "Conditional formatting" + kind + " covers " + std::to_string(covered) + " of " +
            std::to_string(all) + " cells of " + RangeWhere(place) +
            (found.empty() ? "; the sheet has none" : "; found" + what));
  };
}

std::string ChartTypeVi(std::string_view type) {
  if (type == "column") return "cột";
  if (type == "bar") return "thanh ngang";
  if (type == "line") return "đường";
  if (type == "pie") return "hình tròn";
  if (type == "area") return "vùng";
  if (type == "scatter") return "phân tán";
  return "khác";
}

// chart [sheet=NAME] [type=column|bar|line|pie|area|scatter] [title="..."|title=yes]
// [data=Sheet!C18:C22] [categories=Sheet!B18:B22] [axis_titles=yes|no] [legend=yes|no] — a
// chart on the sheet (any sheet when none is named) with these properties. The chart that
// matches best is scored: the share of the properties asked that it has.
WorkbookCheck CompileChart(Args& args) {
  const std::optional<std::string> sheet_name = args.Text("sheet");
  const std::optional<std::string> type =
      args.OneOf("type", {"column", "bar", "line", "pie", "area", "scatter"});
  const std::optional<std::string> title = args.Text("title");
  std::optional<SheetRange> data;
  std::optional<SheetRange> categories;
  for (const auto& [key, target] :
       {std::pair{"data", &data}, std::pair{"categories", &categories}}) {
    if (const std::optional<std::string> text = args.Text(key); text) {
      // Without a sheet ("C19:C22"): that range on whatever sheet, renamed or not.
      if (Result<CellRange> bare = ParseCellRange(*text); bare.ok()) {
        *target = SheetRange{"", *bare};
        continue;
      }
      *target = ParseSheetRange(*text);
      if (!*target)
        args.Fail(std::string(key) + "=" + *text + ": expected a range such as BanHang!C18:C22");
    }
  }
  const std::optional<bool> axis_titles = args.Flag("axis_titles");
  const std::optional<bool> legend = args.Flag("legend");
  return [=](const Workbook& book) {
    double best = -1;
    Outcome best_outcome = MakeOutcome(
        0,
        sheet_name ? "Trang tính " + *sheet_name + " không có biểu đồ"
                   : "Bảng tính không có biểu đồ",
        sheet_name ? "Sheet " + *sheet_name + " has no chart" : "The workbook has no chart");
    if (sheet_name && book.FindSheet(*sheet_name) == nullptr) {
      return MakeOutcome(0, "Không có trang tính \"" + *sheet_name + "\"",
                         "No sheet named \"" + *sheet_name + "\"");
    }
    for (const Sheet& sheet : book.sheets) {
      if (sheet_name && sheet.name != *sheet_name) continue;
      for (const Chart& chart : sheet.charts) {
        int asked = 0;
        int good = 0;
        std::vector<std::string> vi;
        std::vector<std::string> en;
        auto note = [&](bool ok, std::string seen_vi, std::string seen_en,
                        const std::string& want_vi, const std::string& want_en) {
          ++asked;
          if (ok) ++good;
          vi.push_back(ok ? seen_vi : seen_vi + " (yêu cầu " + want_vi + ")");
          en.push_back(ok ? seen_en : seen_en + " (expected " + want_en + ")");
        };
        if (type) {
          note(chart.type == *type, "biểu đồ " + ChartTypeVi(chart.type), chart.type + " chart",
               ChartTypeVi(*type), *type);
        }
        if (title) {
          const std::string t = LooseText(*title);
          const bool wanted_any = t == "yes" || t == "có";
          const bool ok = wanted_any ? !chart.title.empty() : LooseText(chart.title) == t;
          note(ok, chart.title.empty() ? "không có tiêu đề" : "tiêu đề \"" + chart.title + "\"",
               chart.title.empty() ? "no title" : "title \"" + chart.title + "\"",
               wanted_any ? "có tiêu đề" : "\"" + *title + "\"",
               wanted_any ? "a title" : "\"" + *title + "\"");
        }
        if (data) {
          std::vector<std::string> names;
          bool ok = false;
          for (const SheetRange& s : chart.series) {
            names.push_back(SheetRangeName(s));
            ok = ok || (data->sheet.empty() ? s.range == data->range : s == *data);
          }
          const std::string seen = names.empty() ? "-" : Join(names);
          note(ok, "dữ liệu " + seen, "data " + seen, SheetRangeName(*data), SheetRangeName(*data));
        }
        if (categories) {
          const std::string seen = chart.categories ? SheetRangeName(*chart.categories) : "-";
          const bool ok = chart.categories &&
                          (categories->sheet.empty() ? chart.categories->range == categories->range
                                                     : *chart.categories == *categories);
          note(ok, "nhãn " + seen, "categories " + seen, SheetRangeName(*categories),
               SheetRangeName(*categories));
        }
        if (axis_titles) {
          const bool has = !chart.x_axis_title.empty() && !chart.y_axis_title.empty();
          const std::string seen_vi =
              "tiêu đề trục \"" + chart.x_axis_title + "\", \"" + chart.y_axis_title + "\"";
          const std::string seen_en =
              "axis titles \"" + chart.x_axis_title + "\", \"" + chart.y_axis_title + "\"";
          note(has == *axis_titles, seen_vi, seen_en,
               *axis_titles ? "có tiêu đề hai trục" : "không có tiêu đề trục",
               *axis_titles ? "both axis titles" : "no axis titles");
        }
        if (legend) {
          note(chart.legend == *legend, chart.legend ? "có chú giải" : "không có chú giải",
               chart.legend ? "a legend" : "no legend", *legend ? "có chú giải" : "không chú giải",
               *legend ? "a legend" : "no legend");
        }
        const double score = asked == 0 ? 1 : static_cast<double>(good) / asked;
        if (score > best) {
          best = score;
          std::string head_vi = "Biểu đồ trên trang " + sheet.name;
          std::string head_en = "Chart on sheet " + sheet.name;
          if (asked == 0) {
            vi.push_back("biểu đồ " + ChartTypeVi(chart.type));
            en.push_back(chart.type + " chart");
          }
          best_outcome = MakeOutcome(score, head_vi + ": " + Join(vi), head_en + ": " + Join(en));
        }
      }
    }
    return best_outcome;
  };
}

// sheet_names names=DiemHK1,ThongKe — the first sheets are named so, in this order (names
// compared exactly, as a formula would refer to them). The score is the share of names right.
WorkbookCheck CompileSheetNames(Args& args) {
  const std::vector<std::string> names = args.List("names");
  if (names.empty()) args.Fail("names= is required");
  return [names](const Workbook& book) {
    int good = 0;
    std::vector<std::string> seen;
    for (const Sheet& sheet : book.sheets) seen.push_back(sheet.name);
    for (size_t i = 0; i < names.size(); ++i) {
      if (i < seen.size() && seen[i] == names[i]) ++good;
    }
    const int all = static_cast<int>(names.size());
    std::string vi = "Các trang tính: " + Join(seen);
    std::string en = "Sheets: " + Join(seen);
    if (good < all) {
      vi += "; yêu cầu " + Join(names);
      en += "; expected " + Join(names);
    }
    return MakeOutcome(static_cast<double>(good) / all, std::move(vi), std::move(en));
  };
}

// print_setup [sheet=NAME] [orientation=portrait|landscape] [paper=A4|A3|A5|Letter|Legal]
// [fit_width=N] — the sheet's page setup (the first sheet when none is named). The score is the
// share of the properties asked that are right.
WorkbookCheck CompilePrintSetup(Args& args) {
  const std::optional<std::string> sheet_name = args.Text("sheet");
  const std::optional<std::string> orientation =
      args.OneOf("orientation", {"portrait", "landscape"});
  const std::optional<std::string> paper =
      args.OneOf("paper", {"A4", "A3", "A5", "Letter", "Legal"});
  const std::optional<int> fit_width = args.Whole("fit_width", 1, 100);
  if (!orientation && !paper && !fit_width) args.Fail("give orientation=, paper= or fit_width=");
  return [=](const Workbook& book) {
    const Sheet* sheet = sheet_name ? book.FindSheet(*sheet_name)
                                    : (book.sheets.empty() ? nullptr : &book.sheets.front());
    if (sheet == nullptr) {
      return MakeOutcome(0, "Không có trang tính \"" + sheet_name.value_or("") + "\"",
                         "No sheet named \"" + sheet_name.value_or("") + "\"");
    }
    int asked = 0;
    int good = 0;
    std::vector<std::string> vi;
    std::vector<std::string> en;
    auto note = [&](bool ok, const std::string& seen_vi, const std::string& seen_en,
                    const std::string& want_vi, const std::string& want_en) {
      ++asked;
      if (ok) ++good;
      vi.push_back(ok ? seen_vi : seen_vi + " (yêu cầu " + want_vi + ")");
      en.push_back(ok ? seen_en : seen_en + " (expected " + want_en + ")");
    };
    auto orientation_vi = [](const std::string& o) {
      return o == "landscape" ? std::string("trang ngang") : std::string("trang dọc");
    };
    if (orientation) {
      note(sheet->print.orientation == *orientation, orientation_vi(sheet->print.orientation),
           sheet->print.orientation, orientation_vi(*orientation), *orientation);
    }
    if (paper) {
      const std::string seen = sheet->print.paper.empty() ? "?" : sheet->print.paper;
      note(sheet->print.paper == *paper, "khổ giấy " + seen, "paper " + seen, *paper, *paper);
    }
    if (fit_width) {
      const int seen = sheet->print.fit_width;
      note(
          seen == *fit_width,
          seen == 0 ? "không co vừa chiều ngang"
                    : "co vừa " + std::to_string(seen) + " trang chiều ngang",
          seen == 0 ? "not fitted to width" : "fitted to " + std::to_string(seen) + " page(s) wide",
          "vừa " + std::to_string(*fit_width) + " trang ngang",
          std::to_string(*fit_width) + " page(s) wide");
    }
    return MakeOutcome(static_cast<double>(good) / asked,
                       "In trang " + sheet->name + ": " + Join(vi),
                       "Printing sheet " + sheet->name + ": " + Join(en));
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
