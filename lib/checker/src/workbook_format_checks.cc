// The spreadsheet checks on how cells look: number_format, cell_format, merged
// (docs/practical.md, "Checks on spreadsheets").
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "khaothi/checker/check.h"

#include "workbook_checks_internal.h"

namespace khaothi::checker::workbook_checks {
namespace {

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

}  // namespace

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

}  // namespace khaothi::checker::workbook_checks
