// The spreadsheet checks on the workbook's arrangement: sorted, filter, conditional_format,
// chart, sheet_names, print_setup (docs/practical.md, "Checks on spreadsheets").
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <unicode/coll.h>
#include <unicode/locid.h>

#include "khaothi/checker/check.h"

#include "workbook_checks_internal.h"

namespace khaothi::checker::workbook_checks {
namespace {

std::string ChartTypeVi(std::string_view type) {
  if (type == "column") return "cột";
  if (type == "bar") return "thanh ngang";
  if (type == "line") return "đường";
  if (type == "pie") return "hình tròn";
  if (type == "area") return "vùng";
  if (type == "scatter") return "phân tán";
  return "khác";
}

}  // namespace

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
    // -1, 0, 1 as a comes before, with, after b in ascending order (both cells hold a value).
    auto compare = [&](const Cell* a, const Cell* b) {
      const int rank_a = a->type == ValueType::kNumber ? 0 : 1;
      const int rank_b = b->type == ValueType::kNumber ? 0 : 1;
      if (rank_a != rank_b) return rank_a < rank_b ? -1 : 1;
      if (rank_a == 0) return a->number < b->number ? -1 : a->number > b->number ? 1 : 0;
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
      const int c = compare(sheet->Find({row - 1, column}), cell);
      if (descending ? c < 0 : c > 0) {
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

}  // namespace khaothi::checker::workbook_checks
