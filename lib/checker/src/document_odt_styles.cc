// The .odt reader's styles. Lengths come as "12pt", "0.5in", "1cm", "4.2333mm"; font names go
// through the font-face declarations to their family; LibreOffice's programmatic style names
// ("Heading_20_1", "Text_20_body") are shown as Word shows the same styles after a conversion.
#include <algorithm>
#include <cstdlib>

#include "document_odt_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

std::optional<double> Cm(std::string_view text) {
  const std::optional<double> pt = OdfLengthPt(text);
  if (!pt) return std::nullopt;
  return PointsToCm(*pt);
}

std::string Unquote(std::string_view family) {
  if (family.size() >= 2 && (family.front() == '\'' || family.front() == '"') &&
      family.back() == family.front()) {
    family = family.substr(1, family.size() - 2);
  }
  return std::string(family);
}

// A border attribute ("0.5pt solid #000000", "none") draws a line.
bool BorderLine(std::string_view value) { return !value.empty() && value != "none"; }

// "Heading_20_1" → "Heading 1": ODF escapes characters of a name as _XX_ (hex).
std::string Unescape(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '_') {
      const size_t close = name.find('_', i + 1);
      if (close != std::string_view::npos && close > i + 1 && close - i <= 3) {
        const std::string hex(name.substr(i + 1, close - i - 1));
        char* end = nullptr;
        const long code = std::strtol(hex.c_str(), &end, 16);
        if (*end == '\0' && code >= 0x20 && code < 0x7f) {
          out += static_cast<char>(code);
          i = close;
          continue;
        }
      }
    }
    out += name[i];
  }
  return out;
}

// The name Word gives a LibreOffice style when LibreOffice saves a .docx.
std::string WordName(std::string name) {
  if (name == "Standard" || name == "Default Paragraph Style") return "";
  if (name == "Text body" || name == "Body Text") return "Body Text";
  if (name == "Footnote") return "Footnote Text";
  return name;
}

}  // namespace

void OdtLayer::Over(const OdtLayer& top) {
  auto take = [](auto& mine, const auto& theirs) {
    if (theirs) mine = theirs;
  };
  take(font, top.font);
  take(size_pt, top.size_pt);
  if (top.size_percent && size_pt) size_pt = *size_pt * *top.size_percent / 100;
  take(bold, top.bold);
  take(italic, top.italic);
  take(underline, top.underline);
  take(color, top.color);
  take(alignment, top.alignment);
  take(space_before_pt, top.space_before_pt);
  take(space_after_pt, top.space_after_pt);
  take(line_rule, top.line_rule);
  take(line_spacing, top.line_spacing);
  take(indent_left_cm, top.indent_left_cm);
  take(indent_right_cm, top.indent_right_cm);
  take(indent_first_cm, top.indent_first_cm);
  take(border, top.border);
  take(fill, top.fill);
  take(outline_level, top.outline_level);
  take(list_style, top.list_style);
  // A master page starts where the paragraph with it stands; it is not inherited by the
  // paragraph's children styles' users further on, but a parent style may carry it.
  take(master_page, top.master_page);
}

RunFormat OdtLayer::Format() const {
  // LibreOffice's default size is 12 pt.
  return {font.value_or(""),      size_pt.value_or(12),      bold.value_or(false),
          italic.value_or(false), underline.value_or(false), color.value_or("")};
}

void OdtStyles::CollectFaces(pugi::xml_node decls) {
  for (pugi::xml_node f = decls.first_child(); f; f = f.next_sibling()) {
    font_faces[Attr(f, "name").value()] = Unquote(Attr(f, "font-family").value());
  }
}

void OdtStyles::Collect(pugi::xml_node container, bool is_automatic) {
  for (pugi::xml_node n = container.first_child(); n; n = n.next_sibling()) {
    const std::string_view name = LocalName(n.name());
    const std::string style_name = Attr(n, "name").value();
    if (name == "style") {
      const std::string_view family = Attr(n, "family").value();
      if (family == "paragraph") {
        paragraph[style_name] = n;
        automatic[style_name] = is_automatic;
      } else if (family == "text") {
        text[style_name] = n;
      } else if (family == "table-cell") {
        cell[style_name] = n;
      } else if (family == "section") {
        section[style_name] = n;
      }
    } else if (name == "default-style" &&
               std::string_view(Attr(n, "family").value()) == "paragraph") {
      Own(n, defaults);
    } else if (name == "list-style") {
      list[style_name] = n;
    } else if (name == "page-layout") {
      page_layout[style_name] = n;
    } else if (name == "master-page") {
      master[style_name] = n;
      if (first_master.empty() || style_name == "Standard") first_master = style_name;
    }
  }
}

void OdtStyles::Load(pugi::xml_node styles_root, pugi::xml_node content_root) {
  CollectFaces(Child(styles_root, "font-face-decls"));
  CollectFaces(Child(content_root, "font-face-decls"));
  // The defaults first: a style's text properties use the font faces.
  Collect(Child(styles_root, "styles"), false);
  Collect(Child(styles_root, "automatic-styles"), true);
  Collect(Child(styles_root, "master-styles"), false);
  Collect(Child(content_root, "styles"), false);
  Collect(Child(content_root, "automatic-styles"), true);
  Collect(Child(content_root, "master-styles"), false);
}

void OdtStyles::Own(pugi::xml_node style, OdtLayer& layer) const {
  if (const char* level = Attr(style, "default-outline-level").value(); *level != '\0') {
    layer.outline_level = std::atoi(level);
  }
  if (const pugi::xml_attribute a = Attr(style, "list-style-name"); a) layer.list_style = a.value();
  if (const pugi::xml_attribute a = Attr(style, "master-page-name"); a) {
    layer.master_page = a.value();
  }
  if (const pugi::xml_node pp = Child(style, "paragraph-properties"); pp) {
    for (pugi::xml_attribute a = pp.first_attribute(); a; a = a.next_attribute()) {
      const std::string_view name = LocalName(a.name());
      const std::string_view v = a.value();
      if (name == "text-align") {
        if (v == "center") {
          layer.alignment = Alignment::kCenter;
        } else if (v == "end" || v == "right") {
          layer.alignment = Alignment::kEnd;
        } else if (v == "justify") {
          layer.alignment = Alignment::kJustify;
        } else {
          layer.alignment = Alignment::kStart;
        }
      } else if (name == "margin-top") {
        if (const auto pt = OdfLengthPt(v); pt) layer.space_before_pt = pt;
      } else if (name == "margin-bottom") {
        if (const auto pt = OdfLengthPt(v); pt) layer.space_after_pt = pt;
      } else if (name == "margin-left") {
        if (const auto cm = Cm(v); cm) layer.indent_left_cm = cm;
      } else if (name == "margin-right") {
        if (const auto cm = Cm(v); cm) layer.indent_right_cm = cm;
      } else if (name == "text-indent") {
        if (const auto cm = Cm(v); cm) layer.indent_first_cm = cm;
      } else if (name == "line-height") {
        if (v == "normal") {
          layer.line_rule = LineRule::kMultiple;
          layer.line_spacing = 1;
        } else if (v.ends_with('%')) {
          layer.line_rule = LineRule::kMultiple;
          layer.line_spacing = std::strtod(std::string(v).c_str(), nullptr) / 100;
        } else if (const auto pt = OdfLengthPt(v); pt) {
          layer.line_rule = LineRule::kExact;
          layer.line_spacing = pt;
        }
      } else if (name == "line-height-at-least") {
        if (const auto pt = OdfLengthPt(v); pt) {
          layer.line_rule = LineRule::kAtLeast;
          layer.line_spacing = pt;
        }
      } else if (name == "border" || name == "border-top" || name == "border-bottom" ||
                 name == "border-left" || name == "border-right") {
        layer.border = layer.border.value_or(false) || BorderLine(v);
        if (name == "border" && !BorderLine(v)) layer.border = false;
      } else if (name == "background-color") {
        layer.fill = HexColor(v);
      }
    }
  }
  const pugi::xml_node tp = Child(style, "text-properties");
  if (!tp) return;
  // style:font-name names a font-face declaration; fo:font-family is the family itself.
  for (pugi::xml_attribute a = tp.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    const std::string_view v = a.value();
    if (name == "style:font-name") {
      const auto it = font_faces.find(v);
      layer.font = it != font_faces.end() ? it->second : std::string(v);
    } else if (name == "fo:font-family") {
      layer.font = Unquote(v);
    } else if (name == "fo:font-size") {
      if (v.ends_with('%')) {
        layer.size_percent = std::strtod(std::string(v).c_str(), nullptr);
      } else if (const std::optional<double> pt = OdfLengthPt(v); pt) {
        layer.size_pt = pt;
      }
    } else if (name == "fo:font-weight") {
      layer.bold = v == "bold" || v == "600" || v == "700" || v == "800" || v == "900";
    } else if (name == "fo:font-style") {
      layer.italic = v == "italic" || v == "oblique";
    } else if (name == "style:text-underline-style") {
      layer.underline = v != "none";
    } else if (name == "fo:color") {
      const std::string color = HexColor(v);
      layer.color = color == "000000" ? "" : color;
    } else if (name == "style:use-window-font-color" && v == "true") {
      layer.color = "";
    }
  }
}

OdtLayer OdtStyles::Resolve(const StyleMap& family, std::string_view name, OdtLayer base,
                            int depth) const {
  const auto it = family.find(name);
  if (it == family.end() || depth > 16) return base;
  if (const char* parent = Attr(it->second, "parent-style-name").value(); *parent != '\0') {
    base = Resolve(family, parent, base, depth + 1);
  }
  OdtLayer own;
  Own(it->second, own);
  base.Over(own);
  return base;
}

void OdtStyles::Apply(const OdtLayer& layer, std::string_view style_name, Paragraph& out) const {
  out.alignment = layer.alignment.value_or(Alignment::kStart);
  out.space_before_pt = layer.space_before_pt.value_or(0);
  out.space_after_pt = layer.space_after_pt.value_or(0);
  out.line_rule = layer.line_rule.value_or(LineRule::kMultiple);
  out.line_spacing = layer.line_spacing.value_or(1);
  out.indent_left_cm = layer.indent_left_cm.value_or(0);
  out.indent_right_cm = layer.indent_right_cm.value_or(0);
  out.indent_first_cm = layer.indent_first_cm.value_or(0);
  out.border = layer.border.value_or(false);
  out.fill = layer.fill.value_or("");
  const int outline = layer.outline_level.value_or(0);
  out.heading_level = outline >= 1 && outline <= 9 ? outline : 0;
  // The style a person picked is the first common (not automatic) style up the chain.
  std::string name(style_name);
  for (int depth = 0; depth < 16 && !name.empty(); ++depth) {
    const auto it = paragraph.find(name);
    if (it == paragraph.end()) return;
    if (!automatic.at(name)) {
      const std::string_view display = Attr(it->second, "display-name").value();
      out.style = WordName(display.empty() ? Unescape(name) : std::string(display));
      return;
    }
    name = Attr(it->second, "parent-style-name").value();
  }
}

ListType OdtStyles::ListLevel(std::string_view name, int level) const {
  const auto it = list.find(name);
  if (it == list.end()) return ListType::kNone;
  for (pugi::xml_node l = it->second.first_child(); l; l = l.next_sibling()) {
    if (Attr(l, "level").as_int(1) != level + 1) continue;
    const std::string_view kind = LocalName(l.name());
    if (kind == "list-level-style-bullet" || kind == "list-level-style-image") {
      return ListType::kBullet;
    }
    if (kind == "list-level-style-number") {
      return *Attr(l, "num-format").value() == '\0' ? ListType::kNone : ListType::kNumber;
    }
  }
  return ListType::kNone;
}

namespace {

OdtColumns ColumnsOf(pugi::xml_node properties) {
  OdtColumns out;
  const pugi::xml_node columns = Child(properties, "columns");
  out.count = std::clamp(Attr(columns, "column-count").as_int(1), 1, 45);
  const pugi::xml_node sep = Child(columns, "column-sep");
  out.line = out.count > 1 && sep && std::string_view(Attr(sep, "style").value()) != "none";
  return out;
}

}  // namespace

OdtColumns OdtStyles::SectionColumns(std::string_view name) const {
  const auto it = section.find(name);
  if (it == section.end()) return {};
  return ColumnsOf(Child(it->second, "section-properties"));
}

pugi::xml_node OdtStyles::Master(std::string_view name) const {
  const auto it = master.find(name);
  return it == master.end() ? pugi::xml_node() : it->second;
}

namespace {

pugi::xml_node LayoutProperties(const StyleMap& layouts, pugi::xml_node master) {
  const auto it = layouts.find(std::string_view(Attr(master, "page-layout-name").value()));
  return it == layouts.end() ? pugi::xml_node() : Child(it->second, "page-layout-properties");
}

}  // namespace

OdtColumns OdtStyles::PageColumns(std::string_view master_name) const {
  return ColumnsOf(LayoutProperties(page_layout, Master(master_name)));
}

OdtCell OdtStyles::Cell(std::string_view name) const {
  OdtCell out;
  std::string current(name);
  // Own properties first, then the parents' for what they leave unsaid.
  std::optional<bool> top, bottom, left, right;
  std::optional<std::string> fill;
  for (int depth = 0; depth < 16 && !current.empty(); ++depth) {
    const auto it = cell.find(current);
    if (it == cell.end()) break;
    const pugi::xml_node p = Child(it->second, "table-cell-properties");
    auto side = [&](std::optional<bool>& slot, std::string_view attr) {
      if (slot) return;
      if (const pugi::xml_attribute a = Attr(p, attr); a) {
        slot = BorderLine(a.value());
      } else if (const pugi::xml_attribute all = Attr(p, "border"); all) {
        slot = BorderLine(all.value());
      }
    };
    side(top, "border-top");
    side(bottom, "border-bottom");
    side(left, "border-left");
    side(right, "border-right");
    if (!fill) {
      if (const pugi::xml_attribute a = Attr(p, "background-color"); a) fill = HexColor(a.value());
    }
    current = Attr(it->second, "parent-style-name").value();
  }
  out.sides = {top.value_or(false), bottom.value_or(false), left.value_or(false),
               right.value_or(false)};
  out.fill = fill.value_or("");
  return out;
}

PageSetup OdtStyles::Page(pugi::xml_node master_page) const {
  PageSetup page;
  const pugi::xml_node props = LayoutProperties(page_layout, master_page);
  // LibreOffice's defaults for a layout that says nothing: A4, 2 cm margins.
  auto cm = [&](std::string_view attr, double fallback) {
    return Cm(Attr(props, attr).value()).value_or(fallback);
  };
  page.width_cm = cm("page-width", 21.0);
  page.height_cm = cm("page-height", 29.7);
  page.margin_top_cm = cm("margin-top", 2);
  page.margin_bottom_cm = cm("margin-bottom", 2);
  page.margin_left_cm = cm("margin-left", 2);
  page.margin_right_cm = cm("margin-right", 2);
  const auto it = page_layout.find(std::string_view(Attr(master_page, "page-layout-name").value()));
  // With a header, LibreOffice's top margin is where the header starts and the body text begins
  // the header's height (its spacing included) further down; Word's top margin is to the body.
  for (const bool header : {true, false}) {
    const pugi::xml_node part = Child(master_page, header ? "header" : "footer");
    if (!part || std::string_view(Attr(part, "display").value()) == "false") continue;
    double height = 0;
    if (it != page_layout.end()) {
      const pugi::xml_node hf = Child(Child(it->second, header ? "header-style" : "footer-style"),
                                      "header-footer-properties");
      height =
          Cm(Attr(hf, "min-height").value()).value_or(Cm(Attr(hf, "height").value()).value_or(0));
    }
    if (header) {
      page.header_cm = page.margin_top_cm;
      page.margin_top_cm += height;
    } else {
      page.footer_cm = page.margin_bottom_cm;
      page.margin_bottom_cm += height;
    }
  }
  return page;
}

}  // namespace khaothi::checker::internal
