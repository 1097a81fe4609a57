// The .xlsx reader: workbook.xml (sheets in tab order) → relationships → worksheets; shared
// strings; cellXfs number formats, fonts, fills, borders and alignment (theme colours resolved);
// shared formulas expanded to each cell's own formula; autofilters, conditional formats, page
// setup; charts through the sheet's drawing part.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/checker/formula.h"
#include "khaothi/checker/limits.h"

#include "workbook_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

// ECMA-376 Part 1, 18.8.30: the built-in number formats a file may use without declaring them.
std::string BuiltinFormat(int id) {
  static const std::map<int, std::string> kBuiltin = {{0, "General"},
                                                      {1, "0"},
                                                      {2, "0.00"},
                                                      {3, "#,##0"},
                                                      {4, "#,##0.00"},
                                                      {9, "0%"},
                                                      {10, "0.00%"},
                                                      {11, "0.00E+00"},
                                                      {12, "# ?/?"},
                                                      {13, "# ?\?/?\?"},
                                                      {14, "mm-dd-yy"},
                                                      {15, "d-mmm-yy"},
                                                      {16, "d-mmm"},
                                                      {17, "mmm-yy"},
                                                      {18, "h:mm AM/PM"},
                                                      {19, "h:mm:ss AM/PM"},
                                                      {20, "h:mm"},
                                                      {21, "h:mm:ss"},
                                                      {22, "m/d/yy h:mm"},
                                                      {37, "#,##0 ;(#,##0)"},
                                                      {38, "#,##0 ;[Red](#,##0)"},
                                                      {39, "#,##0.00;(#,##0.00)"},
                                                      {40, "#,##0.00;[Red](#,##0.00)"},
                                                      {45, "mm:ss"},
                                                      {46, "[h]:mm:ss"},
                                                      {47, "mmss.0"},
                                                      {48, "##0.0E+0"},
                                                      {49, "@"}};
  const auto it = kBuiltin.find(id);
  return it == kBuiltin.end() ? "General" : it->second;
}

// The visible text of a shared or inline string: every <t> except phonetic runs (<rPh>).
std::string StringItemText(pugi::xml_node si) {
  std::string out;
  for (pugi::xml_node n = si.first_child(); n; n = n.next_sibling()) {
    const std::string_view name = LocalName(n.name());
    if (name == "t") {
      out += n.text().get();
    } else if (name == "r") {
      out += Child(n, "t").text().get();
    }
  }
  return out;
}

// ---- Colours ----

// The theme's colour scheme in the order SpreadsheetML's theme="N" indexes it: lt1, dk1, lt2,
// dk2, accent1..6, hlink, folHlink (the first two pairs swapped against the scheme's own order).
std::vector<std::string> ThemeColours(const OfficeFile& file, const std::string& theme_part) {
  std::vector<std::string> out;
  if (theme_part.empty() || file.Part(theme_part) == nullptr) return out;
  pugi::xml_document doc;
  if (!ParsePart(file, theme_part, doc).ok()) return out;
  const pugi::xml_node scheme = Child(Child(Child(doc, "theme"), "themeElements"), "clrScheme");
  std::map<std::string, std::string, std::less<>> by_name;
  for (pugi::xml_node n = scheme.first_child(); n; n = n.next_sibling()) {
    const pugi::xml_node colour = n.first_child();
    std::string rgb = Attr(colour, "val").value();
    if (LocalName(colour.name()) == "sysClr") rgb = Attr(colour, "lastClr").value();
    by_name[std::string(LocalName(n.name()))] = rgb;
  }
  for (const char* name : {"lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                           "accent5", "accent6", "hlink", "folHlink"}) {
    out.push_back(by_name[name]);
  }
  return out;
}

// ECMA-376 18.8.19 tint: lightens (tint > 0) or darkens (tint < 0) the colour's luminance in HSL.
std::string ApplyTint(const std::string& rgb, double tint) {
  if (rgb.size() != 6 || tint == 0) return rgb;
  unsigned value = 0;
  std::from_chars(rgb.data(), rgb.data() + 6, value, 16);
  const double r = ((value >> 16) & 0xFF) / 255.0;
  const double g = ((value >> 8) & 0xFF) / 255.0;
  const double b = (value & 0xFF) / 255.0;
  const double max = std::max({r, g, b});
  const double min = std::min({r, g, b});
  double h = 0;
  double sat = 0;
  double l = (max + min) / 2;
  if (max != min) {
    const double d = max - min;
    sat = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    h = max == r ? (g - b) / d + (g < b ? 6 : 0) : max == g ? (b - r) / d + 2 : (r - g) / d + 4;
    h /= 6;
  }
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  auto hue = [](double p, double q, double t) {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1.0 / 6) return p + (q - p) * 6 * t;
    if (t < 1.0 / 2) return q;
    if (t < 2.0 / 3) return p + (q - p) * (2.0 / 3 - t) * 6;
    return p;
  };
  double rr = l;
  double gg = l;
  double bb = l;
  if (sat != 0) {
    const double q = l < 0.5 ? l * (1 + sat) : l + sat - l * sat;
    const double p = 2 * l - q;
    rr = hue(p, q, h + 1.0 / 3);
    gg = hue(p, q, h);
    bb = hue(p, q, h - 1.0 / 3);
  }
  char out[8];
  std::snprintf(out, sizeof out, "%02X%02X%02X", static_cast<int>(std::lround(rr * 255)),
                static_cast<int>(std::lround(gg * 255)), static_cast<int>(std::lround(bb * 255)));
  return out;
}

// A <fgColor>/<color> element as RRGGBB: rgb="FFD9E2F3", theme="4" tint="0.6", indexed="47"
// (the legacy palette); empty when it names no colour.
std::string ColourOf(pugi::xml_node colour, const std::vector<std::string>& theme) {
  if (!colour) return "";
  std::string rgb;
  if (const pugi::xml_attribute a = Attr(colour, "rgb"); a) {
    rgb = a.value();
    if (rgb.size() == 8) rgb = rgb.substr(2);
  } else if (const pugi::xml_attribute t = Attr(colour, "theme"); t) {
    const size_t index = t.as_uint(99);
    if (index < theme.size()) rgb = theme[index];
  } else if (const pugi::xml_attribute x = Attr(colour, "indexed"); x) {
    // ECMA-376 18.8.27: the legacy palette; 64 and 65 are the system's text and background.
    static const char* const kPalette[] = {
        "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF", "000000",
        "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF", "800000", "008000",
        "000080", "808000", "800080", "008080", "C0C0C0", "808080", "9999FF", "993366", "FFFFCC",
        "CCFFFF", "660066", "FF8080", "0066CC", "CCCCFF", "000080", "FF00FF", "FFFF00", "00FFFF",
        "800080", "800000", "008080", "0000FF", "00CCFF", "CCFFFF", "CCFFCC", "FFFF99", "99CCFF",
        "FF99CC", "CC99FF", "FFCC99", "3366FF", "33CCCC", "99CC00", "FFCC00", "FF9900", "FF6600",
        "666699", "969696", "003366", "339966", "003300", "333300", "993300", "993366", "333399",
        "333333", "000000", "FFFFFF"};
    const size_t index = x.as_uint(999);
    if (index < std::size(kPalette)) rgb = kPalette[index];
  }
  for (char& c : rgb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (rgb.size() != 6) return "";
  return ApplyTint(rgb, Attr(colour, "tint").as_double(0));
}

bool OnOff(pugi::xml_node n) {
  if (!n) return false;
  const std::string_view v = Attr(n, "val").value();
  return v.empty() || v == "1" || v == "true" || v == "on";
}

// The look of every cellXfs entry, by index.
std::vector<CellStyle> ReadCellStyles(pugi::xml_node style_sheet,
                                      const std::vector<std::string>& theme) {
  std::vector<CellStyle> fonts;
  for (pugi::xml_node f = Child(Child(style_sheet, "fonts"), "font"); f; f = f.next_sibling()) {
    CellStyle font;
    font.font = Attr(Child(f, "name"), "val").value();
    font.size = Attr(Child(f, "sz"), "val").as_double(0);
    font.bold = OnOff(Child(f, "b"));
    font.italic = OnOff(Child(f, "i"));
    fonts.push_back(std::move(font));
  }
  std::vector<std::string> fills;
  for (pugi::xml_node f = Child(Child(style_sheet, "fills"), "fill"); f; f = f.next_sibling()) {
    const pugi::xml_node pattern = Child(f, "patternFill");
    const std::string_view type = Attr(pattern, "patternType").value();
    if (pattern && !type.empty() && type != "none") {
      // A solid fill shows its foreground colour; a pattern without one shows black dots.
      std::string colour = ColourOf(Child(pattern, "fgColor"), theme);
      fills.push_back(colour.empty() ? "000000" : colour);
    } else if (const pugi::xml_node gradient = Child(f, "gradientFill"); gradient) {
      fills.push_back(ColourOf(Child(Child(gradient, "stop"), "color"), theme));
    } else {
      fills.emplace_back();
    }
  }
  std::vector<std::array<bool, 4>> borders;
  for (pugi::xml_node b = Child(Child(style_sheet, "borders"), "border"); b; b = b.next_sibling()) {
    auto side = [&](std::string_view name) {
      const std::string_view style = Attr(Child(b, name), "style").value();
      return !style.empty() && style != "none";
    };
    borders.push_back({side("left"), side("right"), side("top"), side("bottom")});
  }
  std::vector<CellStyle> out;
  for (pugi::xml_node xf = Child(Child(style_sheet, "cellXfs"), "xf"); xf; xf = xf.next_sibling()) {
    CellStyle style;
    const size_t font = Attr(xf, "fontId").as_uint(0);
    if (font < fonts.size()) style = fonts[font];
    const size_t fill = Attr(xf, "fillId").as_uint(0);
    if (fill < fills.size()) style.fill = fills[fill];
    const size_t border = Attr(xf, "borderId").as_uint(0);
    if (border < borders.size()) {
      style.border_left = borders[border][0];
      style.border_right = borders[border][1];
      style.border_top = borders[border][2];
      style.border_bottom = borders[border][3];
    }
    const std::string_view align = Attr(Child(xf, "alignment"), "horizontal").value();
    if (align == "left" || align == "right" || align == "center" || align == "justify") {
      style.align = std::string(align);
    } else if (align == "centerContinuous") {
      style.align = "center";
    } else if (align == "distributed") {
      style.align = "justify";
    }
    out.push_back(std::move(style));
  }
  return out;
}

std::string PaperName(int size) {
  switch (size) {
    case 1:
      return "Letter";
    case 5:
      return "Legal";
    case 8:
      return "A3";
    case 9:
      return "A4";
    case 11:
      return "A5";
    default:
      return "";
  }
}

struct SharedFormula {
  CellRef origin;
  std::string formula;
};

struct StyleTables {
  std::vector<std::string> formats;  // by cellXfs index
  std::vector<CellStyle> looks;      // by cellXfs index
};

Status ReadSheet(const OfficeFile& file, const std::string& part,
                 const std::vector<std::string>& strings, const StyleTables& styles,
                 int64_t& cell_count, Sheet& sheet) {
  const std::vector<std::string>& formats = styles.formats;
  pugi::xml_document doc;
  if (Status s = ParsePart(file, part, doc); !s.ok()) return s;
  // A chart sheet (<chartsheet>) has no cells, only the drawing of its chart.
  pugi::xml_node root = Child(doc, "worksheet");
  if (!root) root = Child(doc, "chartsheet");
  std::map<int, SharedFormula> shared;
  for (pugi::xml_node row = Child(Child(root, "sheetData"), "row"); row; row = row.next_sibling()) {
    if (LocalName(row.name()) != "row") continue;
    for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
      if (LocalName(c.name()) != "c") continue;
      Result<CellRef> ref = ParseCellRef(Attr(c, "r").value());
      if (!ref.ok()) {
        return CannotCheck("ô không có địa chỉ hợp lệ trong " + part,
                           "a cell without a valid address in " + part);
      }
      Cell cell;
      const std::string_view type = Attr(c, "t").value();
      const pugi::xml_node v = Child(c, "v");
      const pugi::xml_node f = Child(c, "f");
      if (f) {
        const std::string_view f_type = Attr(f, "t").value();
        if (f_type == "shared") {
          const int si = Attr(f, "si").as_int(-1);
          if (Attr(f, "ref") || shared.find(si) == shared.end()) {
            shared[si] = {*ref, NormaliseOoxmlFormula(f.text().get())};
            cell.formula = shared[si].formula;
          } else {
            const SharedFormula& master = shared[si];
            cell.formula = ShiftFormula(master.formula, ref->row - master.origin.row,
                                        ref->column - master.origin.column);
          }
        } else {
          cell.formula = NormaliseOoxmlFormula(f.text().get());
        }
      }
      if (type == "inlineStr") {
        cell.type = ValueType::kText;
        cell.text = StringItemText(Child(c, "is"));
      } else if (v) {
        const std::string_view value = v.text().get();
        if (type == "s") {
          size_t index = 0;
          const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
          if (ec != std::errc() || index >= strings.size()) {
            return CannotCheck("chỉ số chuỗi dùng chung sai trong " + part,
                               "a bad shared string index in " + part);
          }
          cell.type = ValueType::kText;
          cell.text = strings[index];
        } else if (type == "str" || type == "d") {
          cell.type = ValueType::kText;
          cell.text = std::string(value);
        } else if (type == "b") {
          cell.type = ValueType::kBoolean;
          cell.number = value == "1" ? 1 : 0;
        } else if (type == "e") {
          cell.type = ValueType::kError;
          cell.text = std::string(value);
        } else {
          cell.type = ValueType::kNumber;
          const auto [end, ec] =
              std::from_chars(value.data(), value.data() + value.size(), cell.number);
          if (ec != std::errc()) {
            return CannotCheck("giá trị số sai ở ô " + CellName(*ref),
                               "a bad number in cell " + CellName(*ref));
          }
        }
      }
      const int style = Attr(c, "s").as_int(0);
      if (cell.type == ValueType::kEmpty && cell.formula.empty()) {
        if (style > 0 && static_cast<size_t>(style) < styles.looks.size() &&
            styles.looks[static_cast<size_t>(style)] != sheet.default_style) {
          if (++cell_count > kMaxCells)
            return OverLimit("bảng tính quá nhiều ô", "too many cells in the workbook");
          sheet.blank_styles[*ref] = styles.looks[static_cast<size_t>(style)];
        }
        continue;
      }
      cell.number_format = style >= 0 && static_cast<size_t>(style) < formats.size()
                               ? formats[static_cast<size_t>(style)]
                               : "General";
      if (style >= 0 && static_cast<size_t>(style) < styles.looks.size()) {
        cell.style = styles.looks[static_cast<size_t>(style)];
      }
      if (++cell_count > kMaxCells)
        return OverLimit("bảng tính quá nhiều ô", "too many cells in the workbook");
      sheet.cells[*ref] = std::move(cell);
    }
  }
  for (pugi::xml_node m = Child(Child(root, "mergeCells"), "mergeCell"); m; m = m.next_sibling()) {
    Result<CellRange> range = ParseCellRange(Attr(m, "ref").value());
    if (range.ok()) sheet.merged.push_back(*range);
  }
  if (const pugi::xml_node filter = Child(root, "autoFilter"); filter) {
    Result<CellRange> range = ParseCellRange(Attr(filter, "ref").value());
    if (range.ok()) sheet.autofilters.push_back(*range);
  }
  for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
    if (LocalName(n.name()) != "conditionalFormatting") continue;
    ConditionalFormat format;
    const std::string_view sqref = Attr(n, "sqref").value();
    for (size_t start = 0; start < sqref.size();) {
      size_t space = sqref.find(' ', start);
      if (space == std::string_view::npos) space = sqref.size();
      Result<CellRange> range = ParseCellRange(sqref.substr(start, space - start));
      if (range.ok()) format.ranges.push_back(*range);
      start = space + 1;
    }
    for (pugi::xml_node rule = Child(n, "cfRule"); rule; rule = rule.next_sibling()) {
      const std::string type = Attr(rule, "type").value();
      format.types.push_back(type == "cellIs" || type == "expression" || type == "colorScale" ||
                                     type == "dataBar" || type == "iconSet"
                                 ? type
                                 : "other");
    }
    if (!format.ranges.empty()) sheet.conditional_formats.push_back(std::move(format));
  }
  if (const pugi::xml_node setup = Child(root, "pageSetup"); setup) {
    if (std::string_view(Attr(setup, "orientation").value()) == "landscape") {
      sheet.print.orientation = "landscape";
    }
    sheet.print.paper = PaperName(Attr(setup, "paperSize").as_int(1));
    const pugi::xml_node fit = Child(Child(root, "sheetPr"), "pageSetUpPr");
    const std::string_view fit_to_page = Attr(fit, "fitToPage").value();
    if (fit_to_page == "1" || fit_to_page == "true") {
      sheet.print.fit_width = Attr(setup, "fitToWidth").as_int(1);
    }
  } else {
    sheet.print.paper = "Letter";  // ECMA-376 18.3.1.63: paperSize defaults to 1
  }
  if (const pugi::xml_node drawing = Child(root, "drawing"); drawing) {
    const std::string rels_part = RelsPath(part);
    if (file.Part(rels_part) != nullptr) {
      pugi::xml_document rels;
      if (Status s = ParsePart(file, rels_part, rels); !s.ok()) return s;
      const std::string_view id = Attr(drawing, "id").value();
      for (pugi::xml_node r = Child(rels, "Relationships").first_child(); r; r = r.next_sibling()) {
        if (std::string_view(Attr(r, "Id").value()) != id) continue;
        const std::string target = ResolveTarget(DirOf(part), Attr(r, "Target").value());
        if (file.Part(target) == nullptr) break;
        if (Status s = ReadXlsxDrawing(file, target, sheet); !s.ok()) return s;
        break;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Workbook> ReadXlsx(const OfficeFile& file) {
  const std::string& main = file.main_part();
  const std::string dir = DirOf(main);
  pugi::xml_document workbook_doc;
  if (Status s = ParsePart(file, main, workbook_doc); !s.ok()) return s;
  pugi::xml_document rels_doc;
  if (Status s = ParsePart(file, RelsPath(main), rels_doc); !s.ok()) return s;

  std::map<std::string, std::string> target_of;
  std::string shared_strings_part;
  std::string styles_part;
  std::string theme_part;
  for (pugi::xml_node r = Child(rels_doc, "Relationships").first_child(); r; r = r.next_sibling()) {
    const std::string target = ResolveTarget(dir, Attr(r, "Target").value());
    const std::string_view type = Attr(r, "Type").value();
    target_of[Attr(r, "Id").value()] = target;
    if (type.ends_with("/sharedStrings")) shared_strings_part = target;
    if (type.ends_with("/styles")) styles_part = target;
    if (type.ends_with("/theme")) theme_part = target;
  }

  std::vector<std::string> strings;
  if (!shared_strings_part.empty() && file.Part(shared_strings_part) != nullptr) {
    pugi::xml_document doc;
    if (Status s = ParsePart(file, shared_strings_part, doc); !s.ok()) return s;
    for (pugi::xml_node si = Child(doc, "sst").first_child(); si; si = si.next_sibling()) {
      if (LocalName(si.name()) == "si") strings.push_back(StringItemText(si));
    }
  }

  StyleTables styles;
  std::vector<std::string>& formats = styles.formats;
  if (!styles_part.empty() && file.Part(styles_part) != nullptr) {
    pugi::xml_document doc;
    if (Status s = ParsePart(file, styles_part, doc); !s.ok()) return s;
    const pugi::xml_node style_sheet = Child(doc, "styleSheet");
    std::map<int, std::string> custom;
    for (pugi::xml_node n = Child(Child(style_sheet, "numFmts"), "numFmt"); n;
         n = n.next_sibling()) {
      custom[Attr(n, "numFmtId").as_int()] = Attr(n, "formatCode").value();
    }
    for (pugi::xml_node xf = Child(Child(style_sheet, "cellXfs"), "xf"); xf;
         xf = xf.next_sibling()) {
      const int id = Attr(xf, "numFmtId").as_int(0);
      const auto it = custom.find(id);
      formats.push_back(it != custom.end() ? it->second : BuiltinFormat(id));
    }
    styles.looks = ReadCellStyles(style_sheet, ThemeColours(file, theme_part));
  }

  Workbook book;
  int64_t cell_count = 0;
  for (pugi::xml_node s = Child(Child(Child(workbook_doc, "workbook"), "sheets"), "sheet"); s;
       s = s.next_sibling()) {
    if (LocalName(s.name()) != "sheet") continue;
    Sheet sheet;
    sheet.name = Attr(s, "name").value();
    if (!styles.looks.empty()) sheet.default_style = styles.looks.front();
    const auto it = target_of.find(Attr(s, "id").value());
    if (it == target_of.end()) {
      return CannotCheck("trang tính " + sheet.name + " không có phần dữ liệu",
                         "sheet " + sheet.name + " has no part");
    }
    if (Status st = ReadSheet(file, it->second, strings, styles, cell_count, sheet); !st.ok())
      return st;
    book.sheets.push_back(std::move(sheet));
  }
  return book;
}

}  // namespace khaothi::checker::internal
