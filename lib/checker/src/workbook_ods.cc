// The .ods reader: content.xml's tables in order, rows and cells with their repeats and spans,
// cached values (office:value, date-value, boolean-value, string text), formulas in the one
// spelling of formula.h, and each cell's data style turned into an Excel format code.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include "khaothi/checker/formula.h"
#include "khaothi/checker/limits.h"

#include "workbook_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// "2026-10-05" or "2026-10-05T08:30:00" → the spreadsheet serial number Excel saves.
bool DateSerial(std::string_view text, double& serial) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  int hh = 0;
  int mm = 0;
  double ss = 0;
  const std::string s(text.substr(0, 40));
  const int n = std::sscanf(s.c_str(), "%d-%u-%uT%d:%d:%lf", &y, &m, &d, &hh, &mm, &ss);
  if (n < 3 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  serial = static_cast<double>(DaysFromCivil(y, m, d) - DaysFromCivil(1899, 12, 30)) +
           (hh * 3600 + mm * 60 + ss) / 86400.0;
  return true;
}

// "PT12H30M00S" → a fraction of a day.
bool TimeSerial(std::string_view text, double& serial) {
  if (!text.starts_with("PT")) return false;
  double total = 0;
  double number = 0;
  std::string digits;
  for (const char c : text.substr(2)) {
    if ((c >= '0' && c <= '9') || c == '.') {
      digits += c;
      continue;
    }
    if (digits.empty()) return false;
    number = std::atof(digits.c_str());
    digits.clear();
    if (c == 'H')
      total += number * 3600;
    else if (c == 'M')
      total += number * 60;
    else if (c == 'S')
      total += number;
    else
      return false;
  }
  serial = total / 86400.0;
  return true;
}

bool ParseDouble(std::string_view text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// "0.5pt solid #000000" draws a line; "none", "hidden" and zero widths do not.
bool DrawsLine(std::string_view border) {
  if (border.empty() || border == "none" || border.starts_with("hidden")) return false;
  return !(border.starts_with("0pt") || border.starts_with("0cm") || border.starts_with("0in") ||
           border.starts_with("0mm"));
}

double LengthInCm(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc()) return 0;
  const std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
  if (unit == "cm") return value;
  if (unit == "mm") return value / 10;
  if (unit == "in") return value * 2.54;
  if (unit == "pt") return value * 2.54 / 72;
  return 0;
}

// Cell styles, data styles, table styles, page layouts and fonts of content.xml and styles.xml,
// by name.
struct Styles {
  std::map<std::string, pugi::xml_node, std::less<>> cell_styles;
  std::map<std::string, pugi::xml_node, std::less<>> data_styles;
  std::map<std::string, pugi::xml_node, std::less<>> table_styles;
  std::map<std::string, pugi::xml_node, std::less<>> page_layouts;
  std::map<std::string, pugi::xml_node, std::less<>> master_pages;
  std::map<std::string, std::string, std::less<>> font_families;  // font-face name → family
  pugi::xml_node default_cell_style;
  mutable std::map<std::string, CellStyle, std::less<>> looks;  // resolved, by cell style name

  void Collect(pugi::xml_node container) {
    for (pugi::xml_node n = container.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      const std::string key = Attr(n, "name").value();
      const std::string_view family = Attr(n, "family").value();
      if (name == "style" && family == "table-cell") {
        cell_styles[key] = n;
      } else if (name == "style" && family == "table") {
        table_styles[key] = n;
      } else if (name == "default-style" && family == "table-cell") {
        default_cell_style = n;
      } else if (name == "page-layout") {
        page_layouts[key] = n;
      } else if (name == "master-page") {
        master_pages[key] = n;
      } else if (name == "font-face") {
        std::string family_name = Attr(n, "font-family").value();
        if (family_name.size() >= 2 &&
            (family_name.front() == '\'' || family_name.front() == '"')) {
          family_name = family_name.substr(1, family_name.size() - 2);
        }
        font_families[key] = family_name.empty() ? key : family_name;
      } else if (name.ends_with("-style") && std::string_view(n.name()).starts_with("number:")) {
        data_styles[key] = n;
      }
    }
  }

  // The look of a cell style: each property from the nearest style of the chain that sets it
  // (the style, its parents, the document's default cell style).
  const CellStyle& LookOf(std::string_view style_name) const {
    if (style_name.empty()) style_name = "Default";  // a cell without a style has the default one
    const auto cached = looks.find(style_name);
    if (cached != looks.end()) return cached->second;
    std::vector<pugi::xml_node> chain;
    std::string_view name = style_name;
    for (int hops = 0; hops < 16 && !name.empty(); ++hops) {
      const auto it = cell_styles.find(name);
      if (it == cell_styles.end()) break;
      chain.push_back(it->second);
      name = Attr(it->second, "parent-style-name").value();
    }
    if (default_cell_style) chain.push_back(default_cell_style);
    auto first = [&](std::string_view properties, std::string_view attribute) -> std::string_view {
      for (const pugi::xml_node style : chain) {
        const pugi::xml_attribute a = Attr(Child(style, properties), attribute);
        if (a) return a.value();
      }
      return "";
    };
    CellStyle look;
    std::string_view font = first("text-properties", "font-name");
    if (!font.empty()) {
      const auto f = font_families.find(font);
      look.font = f == font_families.end() ? std::string(font) : f->second;
    } else {
      look.font = std::string(first("text-properties", "font-family"));
      if (look.font.size() >= 2 && look.font.front() == '\'') {
        look.font = look.font.substr(1, look.font.size() - 2);
      }
    }
    const std::string_view size = first("text-properties", "font-size");
    if (size.ends_with("pt")) {
      std::from_chars(size.data(), size.data() + size.size() - 2, look.size);
    }
    const std::string_view weight = first("text-properties", "font-weight");
    look.bold = weight == "bold" || (weight.size() == 3 && weight >= "600");
    const std::string_view slant = first("text-properties", "font-style");
    look.italic = slant == "italic" || slant == "oblique";
    if (first("table-cell-properties", "text-align-source") != "value-type") {
      const std::string_view align = first("paragraph-properties", "text-align");
      if (align == "start" || align == "left") look.align = "left";
      if (align == "end" || align == "right") look.align = "right";
      if (align == "center") look.align = "center";
      if (align == "justify") look.align = "justify";
    }
    const std::string_view fill = first("table-cell-properties", "background-color");
    if (fill.size() == 7 && fill.front() == '#') {
      look.fill = std::string(fill.substr(1));
      for (char& c : look.fill) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    // fo:border sets all four sides; a side of its own overrides it, style by style.
    auto side = [&](std::string_view own) {
      for (const pugi::xml_node style : chain) {
        const pugi::xml_node properties = Child(style, "table-cell-properties");
        if (const pugi::xml_attribute a = Attr(properties, own); a) return DrawsLine(a.value());
        if (const pugi::xml_attribute a = Attr(properties, "border"); a)
          return DrawsLine(a.value());
      }
      return false;
    };
    look.border_left = side("border-left");
    look.border_right = side("border-right");
    look.border_top = side("border-top");
    look.border_bottom = side("border-bottom");
    return looks.emplace(std::string(style_name), std::move(look)).first->second;
  }

  // The print setup of a table style's master page.
  PrintSetup PrintOf(std::string_view table_style) const {
    PrintSetup print;
    std::string_view master = "Default";
    if (const auto t = table_styles.find(table_style); t != table_styles.end()) {
      if (const char* m = Attr(t->second, "master-page-name").value(); *m != '\0') master = m;
    }
    const auto m = master_pages.find(master);
    if (m == master_pages.end()) return print;
    const auto l = page_layouts.find(std::string_view(Attr(m->second, "page-layout-name").value()));
    if (l == page_layouts.end()) return print;
    const pugi::xml_node properties = Child(l->second, "page-layout-properties");
    if (std::string_view(Attr(properties, "print-orientation").value()) == "landscape") {
      print.orientation = "landscape";
    }
    double width = LengthInCm(Attr(properties, "page-width").value());
    double height = LengthInCm(Attr(properties, "page-height").value());
    if (width > height) std::swap(width, height);
    struct Paper {
      const char* name;
      double width;
      double height;
    };
    for (const Paper& paper :
         {Paper{"A4", 21.0, 29.7}, Paper{"A3", 29.7, 42.0}, Paper{"A5", 14.8, 21.0},
          Paper{"Letter", 21.59, 27.94}, Paper{"Legal", 21.59, 35.56}}) {
      if (std::fabs(width - paper.width) < 0.2 && std::fabs(height - paper.height) < 0.2) {
        print.paper = paper.name;
      }
    }
    if (const pugi::xml_attribute x = Attr(properties, "scale-to-X"); x) {
      print.fit_width = x.as_int(0);
    } else if (const pugi::xml_attribute pages = Attr(properties, "scale-to-pages"); pages) {
      print.fit_width = pages.as_int(0);
    }
    return print;
  }

  // The format code of a cell style, following parent styles (bounded: no loops).
  std::string FormatOf(std::string_view style_name) const {
    for (int hops = 0; hops < 16 && !style_name.empty(); ++hops) {
      const auto it = cell_styles.find(style_name);
      if (it == cell_styles.end()) break;
      if (const char* data = Attr(it->second, "data-style-name").value(); *data != '\0') {
        const auto d = data_styles.find(std::string_view(data));
        return d == data_styles.end() ? "General" : FormatCode(d->second);
      }
      style_name = Attr(it->second, "parent-style-name").value();
    }
    return "General";
  }

  static std::string NumberPart(pugi::xml_node number) {
    const bool grouping = std::string_view(Attr(number, "grouping").value()) == "true";
    const pugi::xml_attribute decimals = Attr(number, "decimal-places");
    const int min_integer = Attr(number, "min-integer-digits").as_int(1);
    std::string out =
        grouping ? (min_integer > 0 ? "#,##0" : "#,###") : (min_integer > 0 ? "0" : "#");
    const int places = std::clamp(decimals.as_int(0), 0, 30);
    const int min_places = std::clamp(Attr(number, "min-decimal-places").as_int(places), 0, places);
    if (places > 0)
      out += "." + std::string(static_cast<size_t>(min_places), '0') +
             std::string(static_cast<size_t>(places - min_places), '#');
    return out;
  }

  // ODF number styles (ODF 1.3 part 3, 16.29) as the Excel format code the same style is saved
  // as in .xlsx. Only the parts the tasks use: numbers, percentages, currency, dates, text.
  static std::string FormatCode(pugi::xml_node style) {
    const std::string_view kind = LocalName(style.name());
    if (kind == "text-style") return "@";
    if (kind == "boolean-style") return "BOOLEAN";
    std::string out;
    for (pugi::xml_node n = style.first_child(); n; n = n.next_sibling()) {
      const std::string_view part = LocalName(n.name());
      const bool long_style = std::string_view(Attr(n, "style").value()) == "long";
      if (part == "number") {
        if (kind == "number-style" && !Attr(n, "decimal-places") &&
            std::string_view(Attr(n, "grouping").value()) != "true") {
          out += "General";
        } else {
          out += NumberPart(n);
        }
      } else if (part == "text") {
        const std::string text = n.text().get();
        out += text == "%" ? "%"
                           : (text.empty()
                                  ? ""
                                  : (text.size() == 1 && std::string_view("-/:., ").find(text[0]) !=
                                                             std::string_view::npos
                                         ? text
                                         : "\"" + text + "\""));
      } else if (part == "currency-symbol") {
        out += "\"" + std::string(n.text().get()) + "\"";
      } else if (part == "day") {
        out += long_style ? "dd" : "d";
      } else if (part == "month") {
        const bool textual = std::string_view(Attr(n, "textual").value()) == "true";
        out += textual ? (long_style ? "mmmm" : "mmm") : (long_style ? "mm" : "m");
      } else if (part == "year") {
        out += long_style ? "yyyy" : "yy";
      } else if (part == "hours") {
        out += long_style ? "hh" : "h";
      } else if (part == "minutes") {
        out += long_style ? "mm" : "m";
      } else if (part == "seconds") {
        out += long_style ? "ss" : "s";
      } else if (part == "scientific-number") {
        out += "0.00E+00";
      }
    }
    return out.empty() ? "General" : out;
  }
};

struct Reader {
  const Styles& styles;
  int64_t cell_count = 0;
  Sheet* sheet = nullptr;
  std::vector<std::string> column_styles;  // default cell style of each column
  int row = 0;

  Status Cells(pugi::xml_node table_row, std::string_view row_style, int rows_repeated) {
    int column = 0;
    for (pugi::xml_node c = table_row.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = LocalName(c.name());
      if (name != "table-cell" && name != "covered-table-cell") continue;
      const int repeat = std::max(1, Attr(c, "number-columns-repeated").as_int(1));
      if (name == "covered-table-cell") {
        if (Status s = Blank(c, row_style, rows_repeated, repeat, column); !s.ok()) return s;
      } else {
        Cell cell;
        if (Status s = ReadCell(c, cell); !s.ok()) return s;
        const int span_columns = Attr(c, "number-columns-spanned").as_int(1);
        const int span_rows = Attr(c, "number-rows-spanned").as_int(1);
        if ((span_columns > 1 || span_rows > 1) && column < kMaxColumns && row < kMaxRows) {
          sheet->merged.push_back({{row, column},
                                   {std::min(row + span_rows, kMaxRows) - 1,
                                    std::min(column + span_columns, kMaxColumns) - 1}});
        }
        if (cell.type == ValueType::kEmpty && cell.formula.empty()) {
          if (Status s = Blank(c, row_style, rows_repeated, repeat, column); !s.ok()) return s;
        } else {
          std::string_view style = Attr(c, "style-name").value();
          if (style.empty()) style = row_style;
          if (style.empty() && static_cast<size_t>(column) < column_styles.size())
            style = column_styles[static_cast<size_t>(column)];
          cell.number_format = styles.FormatOf(style);
          cell.style = styles.LookOf(style);
          // Counted before any is stored, so a cell repeated over the whole grid costs nothing.
          const int64_t copies = int64_t{std::min(rows_repeated, kMaxRows - row)} *
                                 std::min(repeat, kMaxColumns - column);
          if (cell_count + copies > kMaxCells) {
            return OverLimit("bảng tính quá nhiều ô", "too many cells in the workbook");
          }
          for (int r = 0; r < rows_repeated; ++r) {
            for (int k = 0; k < repeat; ++k) {
              if (row + r >= kMaxRows || column + k >= kMaxColumns) break;
              if (++cell_count > kMaxCells)
                return OverLimit("bảng tính quá nhiều ô", "too many cells in the workbook");
              sheet->cells[{row + r, column + k}] = cell;
            }
          }
        }
      }
      column += std::min(repeat, kMaxColumns);
      if (column >= kMaxColumns) break;
    }
    return Status::Ok();
  }

  // A cell without content: kept when it looks different from the default and is repeated over
  // a small area only (a style repeated down a whole column is a column style, not a table).
  Status Blank(pugi::xml_node c, std::string_view row_style, int rows_repeated, int repeat,
               int column) {
    std::string_view style = Attr(c, "style-name").value();
    if (style.empty()) style = row_style;
    if (style.empty() && static_cast<size_t>(column) < column_styles.size())
      style = column_styles[static_cast<size_t>(column)];
    if (style.empty() || int64_t{rows_repeated} * repeat > 1024) return Status::Ok();
    const CellStyle& look = styles.LookOf(style);
    if (look == sheet->default_style) return Status::Ok();
    for (int r = 0; r < rows_repeated && row + r < kMaxRows; ++r) {
      for (int k = 0; k < repeat && column + k < kMaxColumns; ++k) {
        if (++cell_count > kMaxCells)
          return OverLimit("bảng tính quá nhiều ô", "too many cells in the workbook");
        sheet->blank_styles[{row + r, column + k}] = look;
      }
    }
    return Status::Ok();
  }

  Status ReadCell(pugi::xml_node c, Cell& cell) const {
    if (const char* formula = Attr(c, "formula").value(); *formula != '\0') {
      cell.formula = NormaliseOdfFormula(formula);
    }
    const std::string_view type = Attr(c, "value-type").value();
    // LibreOffice marks an error result in its own namespace (calcext:value-type="error").
    for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
      if (std::string_view(a.name()) == "calcext:value-type" &&
          std::string_view(a.value()) == "error") {
        cell.type = ValueType::kError;
        cell.text = OdfText(Child(c, "p"));
        return Status::Ok();
      }
    }
    if (type == "float" || type == "percentage" || type == "currency") {
      cell.type = ValueType::kNumber;
      if (!ParseDouble(Attr(c, "value").value(), cell.number)) {
        return CannotCheck("giá trị số sai trong content.xml", "a bad number in content.xml");
      }
    } else if (type == "date") {
      cell.type = ValueType::kNumber;
      if (!DateSerial(Attr(c, "date-value").value(), cell.number)) {
        return CannotCheck("ngày sai trong content.xml", "a bad date in content.xml");
      }
    } else if (type == "time") {
      cell.type = ValueType::kNumber;
      if (!TimeSerial(Attr(c, "time-value").value(), cell.number)) {
        return CannotCheck("giờ sai trong content.xml", "a bad time in content.xml");
      }
    } else if (type == "boolean") {
      cell.type = ValueType::kBoolean;
      cell.number = std::string_view(Attr(c, "boolean-value").value()) == "true" ? 1 : 0;
    } else if (type == "string") {
      cell.type = ValueType::kText;
      if (const pugi::xml_attribute s = Attr(c, "string-value"); s) {
        cell.text = s.value();
      } else {
        for (pugi::xml_node p = c.first_child(); p; p = p.next_sibling()) {
          if (LocalName(p.name()) != "p") continue;
          if (!cell.text.empty()) cell.text += '\n';
          cell.text += OdfText(p);
        }
      }
    }
    return Status::Ok();
  }

  Status Walk(pugi::xml_node container, int depth) {
    if (depth > 8) return Status::Ok();
    for (pugi::xml_node n = container.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      if (name == "table-column") {
        const int repeat = std::clamp(Attr(n, "number-columns-repeated").as_int(1), 1, kMaxColumns);
        const std::string style = Attr(n, "default-cell-style-name").value();
        for (int k = 0; k < repeat && column_styles.size() < static_cast<size_t>(kMaxColumns);
             ++k) {
          column_styles.push_back(style);
        }
      } else if (name == "table-row") {
        const int repeat = std::clamp(Attr(n, "number-rows-repeated").as_int(1), 1, kMaxRows);
        if (row >= kMaxRows) break;
        if (Status s = Cells(n, Attr(n, "default-cell-style-name").value(),
                             std::min(repeat, kMaxRows - row));
            !s.ok()) {
          return s;
        }
        row += std::min(repeat, kMaxRows - row);
      } else if (name == "table-header-rows" || name == "table-rows" || name == "table-row-group" ||
                 name == "table-header-columns" || name == "table-columns" ||
                 name == "table-column-group") {
        if (Status s = Walk(n, depth + 1); !s.ok()) return s;
      }
    }
    return Status::Ok();
  }
};

// "BanHang.H4:BanHang.H11 BanHang.J4:BanHang.J11" → the ranges on that sheet.
std::vector<CellRange> RangesOn(std::string_view list) {
  std::vector<CellRange> out;
  while (!list.empty()) {
    if (std::optional<SheetRange> r = ParseSheetRange(list); r) out.push_back(r->range);
    bool quoted = false;
    size_t i = 0;
    for (; i < list.size(); ++i) {
      if (list[i] == '\'') quoted = !quoted;
      if (!quoted && list[i] == ' ') break;
    }
    list = i < list.size() ? list.substr(i + 1) : std::string_view();
  }
  return out;
}

void ReadConditionalFormats(pugi::xml_node table, Sheet& sheet) {
  for (pugi::xml_node formats = Child(table, "conditional-formats"); formats;
       formats = formats.next_sibling()) {
    if (LocalName(formats.name()) != "conditional-formats") continue;
    for (pugi::xml_node f = formats.first_child(); f; f = f.next_sibling()) {
      ConditionalFormat format;
      format.ranges = RangesOn(Attr(f, "target-range-address").value());
      for (pugi::xml_node rule = f.first_child(); rule; rule = rule.next_sibling()) {
        const std::string_view name = LocalName(rule.name());
        if (name == "condition") {
          format.types.emplace_back(
              std::string_view(Attr(rule, "value").value()).starts_with("formula-is(")
                  ? "expression"
                  : "cellIs");
        } else if (name == "color-scale") {
          format.types.emplace_back("colorScale");
        } else if (name == "data-bar") {
          format.types.emplace_back("dataBar");
        } else if (name == "icon-set") {
          format.types.emplace_back("iconSet");
        } else {
          format.types.emplace_back("other");
        }
      }
      if (!format.ranges.empty()) sheet.conditional_formats.push_back(std::move(format));
    }
  }
}

}  // namespace

Result<Workbook> ReadOds(const OfficeFile& file) {
  pugi::xml_document content;
  if (Status s = ParseXml(*file.Part("content.xml"), "content.xml", content); !s.ok()) return s;
  pugi::xml_document styles_doc;
  Styles styles;
  if (const std::string* text = file.Part("styles.xml"); text != nullptr) {
    if (Status s = ParseXml(*text, "styles.xml", styles_doc); !s.ok()) return s;
    const pugi::xml_node root = Child(styles_doc, "document-styles");
    styles.Collect(Child(root, "font-face-decls"));
    styles.Collect(Child(root, "styles"));
    styles.Collect(Child(root, "font-face-decls"));
    styles.Collect(Child(root, "automatic-styles"));
    styles.Collect(Child(root, "master-styles"));
  }
  const pugi::xml_node root = Child(content, "document-content");
  styles.Collect(Child(root, "automatic-styles"));

  Workbook book;
  Reader reader{styles};
  const pugi::xml_node spreadsheet = Child(Child(root, "body"), "spreadsheet");
  for (pugi::xml_node t = spreadsheet.first_child(); t; t = t.next_sibling()) {
    if (LocalName(t.name()) != "table") continue;
    Sheet sheet;
    sheet.name = Attr(t, "name").value();
    sheet.default_style = styles.LookOf("Default");
    reader.sheet = &sheet;
    reader.column_styles.clear();
    reader.row = 0;
    if (Status s = reader.Walk(t, 0); !s.ok()) return s;
    ReadConditionalFormats(t, sheet);
    ReadOdsCharts(file, t, sheet);
    sheet.print = styles.PrintOf(Attr(t, "style-name").value());
    book.sheets.push_back(std::move(sheet));
  }
  for (pugi::xml_node r = Child(Child(spreadsheet, "database-ranges"), "database-range"); r;
       r = r.next_sibling()) {
    if (std::string_view(Attr(r, "display-filter-buttons").value()) != "true") continue;
    const std::optional<SheetRange> range =
        ParseSheetRange(Attr(r, "target-range-address").value());
    if (!range) continue;
    for (Sheet& sheet : book.sheets) {
      if (sheet.name == range->sheet) sheet.autofilters.push_back(range->range);
    }
  }
  return book;
}

}  // namespace khaothi::checker::internal
