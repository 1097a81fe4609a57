// The .xlsx reader: workbook.xml (sheets in tab order) → relationships → worksheets; shared
// strings; cellXfs number formats; shared formulas expanded to each cell's own formula.
#include <charconv>
#include <map>
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

struct SharedFormula {
  CellRef origin;
  std::string formula;
};

Status ReadSheet(const OfficeFile& file, const std::string& part,
                 const std::vector<std::string>& strings, const std::vector<std::string>& formats,
                 int64_t& cell_count, Sheet& sheet) {
  pugi::xml_document doc;
  if (Status s = ParsePart(file, part, doc); !s.ok()) return s;
  const pugi::xml_node root = Child(doc, "worksheet");
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
      if (cell.type == ValueType::kEmpty && cell.formula.empty()) continue;
      const int style = Attr(c, "s").as_int(0);
      cell.number_format = style >= 0 && static_cast<size_t>(style) < formats.size()
                               ? formats[static_cast<size_t>(style)]
                               : "General";
      if (++cell_count > kMaxCells)
        return OverLimit("bảng tính quá nhiều ô", "too many cells in the workbook");
      sheet.cells[*ref] = std::move(cell);
    }
  }
  for (pugi::xml_node m = Child(Child(root, "mergeCells"), "mergeCell"); m; m = m.next_sibling()) {
    Result<CellRange> range = ParseCellRange(Attr(m, "ref").value());
    if (range.ok()) sheet.merged.push_back(*range);
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
  for (pugi::xml_node r = Child(rels_doc, "Relationships").first_child(); r; r = r.next_sibling()) {
    const std::string target = ResolveTarget(dir, Attr(r, "Target").value());
    const std::string_view type = Attr(r, "Type").value();
    target_of[Attr(r, "Id").value()] = target;
    if (type.ends_with("/sharedStrings")) shared_strings_part = target;
    if (type.ends_with("/styles")) styles_part = target;
  }

  std::vector<std::string> strings;
  if (!shared_strings_part.empty() && file.Part(shared_strings_part) != nullptr) {
    pugi::xml_document doc;
    if (Status s = ParsePart(file, shared_strings_part, doc); !s.ok()) return s;
    for (pugi::xml_node si = Child(doc, "sst").first_child(); si; si = si.next_sibling()) {
      if (LocalName(si.name()) == "si") strings.push_back(StringItemText(si));
    }
  }

  std::vector<std::string> formats;  // by cellXfs index
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
  }

  Workbook book;
  int64_t cell_count = 0;
  for (pugi::xml_node s = Child(Child(Child(workbook_doc, "workbook"), "sheets"), "sheet"); s;
       s = s.next_sibling()) {
    if (LocalName(s.name()) != "sheet") continue;
    Sheet sheet;
    sheet.name = Attr(s, "name").value();
    const auto it = target_of.find(Attr(s, "id").value());
    if (it == target_of.end()) {
      return CannotCheck("trang tính " + sheet.name + " không có phần dữ liệu",
                         "sheet " + sheet.name + " has no part");
    }
    if (Status st = ReadSheet(file, it->second, strings, formats, cell_count, sheet); !st.ok())
      return st;
    book.sheets.push_back(std::move(sheet));
  }
  return book;
}

}  // namespace khaothi::checker::internal
