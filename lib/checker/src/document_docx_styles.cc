// The .docx reader's styles: document defaults, the style table with its basedOn chains, theme
// fonts and colours, and the numbering definitions that make a paragraph a bullet or a number.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "document_docx_internal.h"
#include "document_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

void DocxLayer::Over(const DocxLayer& top) {
  auto take = [](auto& mine, const auto& theirs) {
    if (theirs) mine = theirs;
  };
  take(font, top.font);
  take(size_pt, top.size_pt);
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
  take(num_id, top.num_id);
  take(list_level, top.list_level);
}

RunFormat DocxLayer::Format() const {
  // Word's own defaults when nothing says otherwise: 10 pt, no font named.
  return {font.value_or(""),      size_pt.value_or(10),      bold.value_or(false),
          italic.value_or(false), underline.value_or(false), color.value_or("")};
}

bool OnOff(pugi::xml_node n) {
  const pugi::xml_attribute v = Attr(n, "val");
  if (!v) return true;
  const std::string_view s = v.value();
  return !(s == "false" || s == "0" || s == "off" || s == "none");
}

bool AttrTrue(pugi::xml_attribute a) {
  const std::string_view s = a.value();
  return s == "1" || s == "true" || s == "on";
}

namespace {

// w:themeColor names → the theme's colour scheme elements.
std::string_view SchemeName(std::string_view theme_color) {
  if (theme_color == "text1" || theme_color == "dark1") return "dk1";
  if (theme_color == "background1" || theme_color == "light1") return "lt1";
  if (theme_color == "text2" || theme_color == "dark2") return "dk2";
  if (theme_color == "background2" || theme_color == "light2") return "lt2";
  if (theme_color == "hyperlink") return "hlink";
  if (theme_color == "followedHyperlink") return "folHlink";
  return theme_color;  // accent1 … accent6
}

// "heading 3" (any case) → 3; otherwise 0.
int HeadingOfName(std::string_view name) {
  constexpr std::string_view kHeading = "heading ";
  if (name.size() != kHeading.size() + 1) return 0;
  for (size_t i = 0; i < kHeading.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(name[i])) != kHeading[i]) return 0;
  }
  const char digit = name.back();
  return digit >= '1' && digit <= '9' ? digit - '0' : 0;
}

}  // namespace

void DocxStyles::Load(const pugi::xml_document& styles, const pugi::xml_document& theme,
                      const pugi::xml_document& numbering) {
  const pugi::xml_node elements = Child(Child(theme, "theme"), "themeElements");
  const pugi::xml_node font_scheme = Child(elements, "fontScheme");
  major_font = Attr(Child(Child(font_scheme, "majorFont"), "latin"), "typeface").value();
  minor_font = Attr(Child(Child(font_scheme, "minorFont"), "latin"), "typeface").value();
  for (pugi::xml_node c = Child(elements, "clrScheme").first_child(); c; c = c.next_sibling()) {
    const pugi::xml_node srgb = Child(c, "srgbClr");
    const pugi::xml_node sys = Child(c, "sysClr");
    theme_colors[std::string(LocalName(c.name()))] =
        HexColor(srgb ? Attr(srgb, "val").value() : Attr(sys, "lastClr").value());
  }

  const pugi::xml_node root = Child(styles, "styles");
  const pugi::xml_node doc_defaults = Child(root, "docDefaults");
  ReadRunProps(Child(Child(doc_defaults, "rPrDefault"), "rPr"), defaults);
  ReadParaProps(Child(Child(doc_defaults, "pPrDefault"), "pPr"), defaults);
  for (pugi::xml_node s = Child(root, "style"); s; s = s.next_sibling()) {
    if (LocalName(s.name()) != "style") continue;
    const std::string id = Attr(s, "styleId").value();
    by_id[id] = s;
    const std::string_view type = Attr(s, "type").value();
    if (type == "paragraph" && AttrTrue(Attr(s, "default"))) default_paragraph = id;
  }

  std::map<std::string, std::map<int, ListType>, std::less<>> abstract;
  auto level_type = [](pugi::xml_node lvl) {
    const std::string_view format = Attr(Child(lvl, "numFmt"), "val").value();
    if (format == "bullet") return ListType::kBullet;
    if (format.empty() || format == "none") return ListType::kNone;
    return ListType::kNumber;
  };
  const pugi::xml_node numbering_root = Child(numbering, "numbering");
  for (pugi::xml_node a = numbering_root.first_child(); a; a = a.next_sibling()) {
    if (LocalName(a.name()) != "abstractNum") continue;
    auto& levels = abstract[Attr(a, "abstractNumId").value()];
    for (pugi::xml_node lvl = a.first_child(); lvl; lvl = lvl.next_sibling()) {
      if (LocalName(lvl.name()) == "lvl") levels[Attr(lvl, "ilvl").as_int()] = level_type(lvl);
    }
  }
  for (pugi::xml_node n = numbering_root.first_child(); n; n = n.next_sibling()) {
    if (LocalName(n.name()) != "num") continue;
    const auto it = abstract.find(std::string_view(Attr(Child(n, "abstractNumId"), "val").value()));
    auto& levels = lists[Attr(n, "numId").value()];
    if (it != abstract.end()) levels = it->second;
    for (pugi::xml_node o = n.first_child(); o; o = o.next_sibling()) {
      const pugi::xml_node lvl = Child(o, "lvl");
      if (LocalName(o.name()) == "lvlOverride" && Child(lvl, "numFmt")) {
        levels[Attr(o, "ilvl").as_int()] = level_type(lvl);
      }
    }
  }
}

void DocxStyles::ReadRunProps(pugi::xml_node rpr, DocxLayer& layer) const {
  if (!rpr) return;
  if (const pugi::xml_node fonts = Child(rpr, "rFonts"); fonts) {
    std::string_view theme_font = Attr(fonts, "asciiTheme").value();
    if (theme_font.empty()) theme_font = Attr(fonts, "hAnsiTheme").value();
    if (theme_font.starts_with("major")) {
      layer.font = major_font;
    } else if (theme_font.starts_with("minor")) {
      layer.font = minor_font;
    } else if (const char* ascii = Attr(fonts, "ascii").value(); *ascii != '\0') {
      layer.font = ascii;
    } else if (const char* hansi = Attr(fonts, "hAnsi").value(); *hansi != '\0') {
      layer.font = hansi;
    }
  }
  if (const pugi::xml_node sz = Child(rpr, "sz"); sz) {
    layer.size_pt = Attr(sz, "val").as_double(20) / 2;
  }
  if (const pugi::xml_node b = Child(rpr, "b"); b) layer.bold = OnOff(b);
  if (const pugi::xml_node i = Child(rpr, "i"); i) layer.italic = OnOff(i);
  if (const pugi::xml_node u = Child(rpr, "u"); u) layer.underline = OnOff(u);
  if (const pugi::xml_node c = Child(rpr, "color"); c) {
    // Word writes the colour it computed next to the theme colour it came from; a theme colour
    // alone is looked up in the theme.
    const std::string_view value = Attr(c, "val").value();
    std::string color = HexColor(value);
    if (color.empty() && value != "auto") {
      const auto it = theme_colors.find(SchemeName(Attr(c, "themeColor").value()));
      if (it != theme_colors.end()) color = it->second;
    }
    // Black is how "automatic" shows on white paper.
    layer.color = color == "000000" ? "" : color;
  }
}

void DocxStyles::ReadParaProps(pugi::xml_node ppr, DocxLayer& layer) const {
  if (!ppr) return;
  if (const pugi::xml_node jc = Child(ppr, "jc"); jc) {
    const std::string_view v = Attr(jc, "val").value();
    if (v == "center") {
      layer.alignment = Alignment::kCenter;
    } else if (v == "right" || v == "end") {
      layer.alignment = Alignment::kEnd;
    } else if (v == "both" || v == "distribute") {
      layer.alignment = Alignment::kJustify;
    } else {
      layer.alignment = Alignment::kStart;
    }
  }
  if (const pugi::xml_node sp = Child(ppr, "spacing"); sp) {
    if (const pugi::xml_attribute a = Attr(sp, "before"); a)
      layer.space_before_pt = a.as_double() / 20;
    if (const pugi::xml_attribute a = Attr(sp, "after"); a)
      layer.space_after_pt = a.as_double() / 20;
    if (const pugi::xml_attribute a = Attr(sp, "line"); a) {
      const std::string_view rule = Attr(sp, "lineRule").value();
      if (rule == "exact") {
        layer.line_rule = LineRule::kExact;
        layer.line_spacing = a.as_double() / 20;
      } else if (rule == "atLeast") {
        layer.line_rule = LineRule::kAtLeast;
        layer.line_spacing = a.as_double() / 20;
      } else {
        layer.line_rule = LineRule::kMultiple;
        layer.line_spacing = a.as_double() / 240;
      }
    }
  }
  if (const pugi::xml_node ind = Child(ppr, "ind"); ind) {
    pugi::xml_attribute left = Attr(ind, "left");
    if (!left) left = Attr(ind, "start");
    pugi::xml_attribute right = Attr(ind, "right");
    if (!right) right = Attr(ind, "end");
    if (left) layer.indent_left_cm = TwipsToCm(left.as_double());
    if (right) layer.indent_right_cm = TwipsToCm(right.as_double());
    if (const pugi::xml_attribute a = Attr(ind, "firstLine"); a) {
      layer.indent_first_cm = TwipsToCm(a.as_double());
    }
    if (const pugi::xml_attribute a = Attr(ind, "hanging"); a) {
      layer.indent_first_cm = -TwipsToCm(a.as_double());
    }
  }
  if (const pugi::xml_node borders = Child(ppr, "pBdr"); borders) {
    bool any = false;
    for (pugi::xml_node b = borders.first_child(); b; b = b.next_sibling()) {
      const std::string_view v = Attr(b, "val").value();
      any = any || !(v.empty() || v == "nil" || v == "none");
    }
    layer.border = any;
  }
  if (const pugi::xml_node shd = Child(ppr, "shd"); shd) {
    layer.fill = HexColor(Attr(shd, "fill").value());
  }
  if (const pugi::xml_node o = Child(ppr, "outlineLvl"); o) {
    layer.outline_level = Attr(o, "val").as_int(9);
  }
  if (const pugi::xml_node num = Child(ppr, "numPr"); num) {
    if (const pugi::xml_node id = Child(num, "numId"); id) layer.num_id = Attr(id, "val").value();
    if (const pugi::xml_node lvl = Child(num, "ilvl"); lvl) {
      layer.list_level = Attr(lvl, "val").as_int();
    }
  }
}

DocxLayer DocxStyles::Resolve(std::string_view id, int depth) const {
  DocxLayer layer;
  const auto it = by_id.find(id);
  if (it == by_id.end() || depth > 16) return layer;
  if (const char* base = Attr(Child(it->second, "basedOn"), "val").value(); *base != '\0') {
    layer = Resolve(base, depth + 1);
  }
  DocxLayer own;
  ReadParaProps(Child(it->second, "pPr"), own);
  ReadRunProps(Child(it->second, "rPr"), own);
  layer.Over(own);
  return layer;
}

void DocxStyles::Apply(const DocxLayer& layer, std::string_view style_id,
                       Paragraph& paragraph) const {
  paragraph.alignment = layer.alignment.value_or(Alignment::kStart);
  paragraph.space_before_pt = layer.space_before_pt.value_or(0);
  paragraph.space_after_pt = layer.space_after_pt.value_or(0);
  paragraph.line_rule = layer.line_rule.value_or(LineRule::kMultiple);
  paragraph.line_spacing = layer.line_spacing.value_or(1);
  paragraph.indent_left_cm = layer.indent_left_cm.value_or(0);
  paragraph.indent_right_cm = layer.indent_right_cm.value_or(0);
  paragraph.indent_first_cm = layer.indent_first_cm.value_or(0);
  paragraph.border = layer.border.value_or(false);
  paragraph.fill = layer.fill.value_or("");
  const auto it = by_id.find(style_id);
  if (it != by_id.end() && style_id != default_paragraph) {
    // Word stores its built-in names in lower case ("heading 1") and shows them capitalised.
    paragraph.style = Attr(Child(it->second, "name"), "val").value();
    if (!paragraph.style.empty() && paragraph.style[0] >= 'a' && paragraph.style[0] <= 'z') {
      paragraph.style[0] = static_cast<char>(paragraph.style[0] - 'a' + 'A');
    }
    // Normal is the default paragraph style even where a producer (LibreOffice) does not mark
    // it w:default.
    if (paragraph.style == "Normal") paragraph.style.clear();
  }
  const int outline = layer.outline_level.value_or(9);
  paragraph.heading_level = outline >= 0 && outline <= 8 ? outline + 1 : 0;
  if (paragraph.heading_level == 0) paragraph.heading_level = HeadingOfName(paragraph.style);
  if (layer.num_id && *layer.num_id != "0") {
    const int level = std::clamp(layer.list_level.value_or(0), 0, 9);
    const auto list = lists.find(*layer.num_id);
    if (list != lists.end()) {
      const auto type = list->second.find(level);
      if (type != list->second.end()) {
        paragraph.list = type->second;
        paragraph.list_level = paragraph.list == ListType::kNone ? 0 : level;
      }
    }
  }
}

DocxLayer DocxStyles::TableLayer(pugi::xml_node tblpr, bool first_row, std::string& fill) const {
  std::vector<pugi::xml_node> chain;  // the table's style first, its bases after
  std::string id = Attr(Child(tblpr, "tblStyle"), "val").value();
  for (int depth = 0; depth < 16 && !id.empty(); ++depth) {
    const auto it = by_id.find(id);
    if (it == by_id.end()) break;
    chain.push_back(it->second);
    id = Attr(Child(it->second, "basedOn"), "val").value();
  }
  // tblLook: w:firstRow="1" (Word 2010 on) or bit 0x0020 of the older w:val.
  const pugi::xml_node look = Child(tblpr, "tblLook");
  const bool header_look = AttrTrue(Attr(look, "firstRow")) ||
                           (!Attr(look, "firstRow") &&
                            (std::strtol(Attr(look, "val").value(), nullptr, 16) & 0x20) != 0);
  DocxLayer layer;
  fill.clear();
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    DocxLayer own;
    ReadParaProps(Child(*it, "pPr"), own);
    ReadRunProps(Child(*it, "rPr"), own);
    if (first_row && header_look) {
      for (pugi::xml_node c = it->first_child(); c; c = c.next_sibling()) {
        if (LocalName(c.name()) != "tblStylePr" ||
            std::string_view(Attr(c, "type").value()) != "firstRow") {
          continue;
        }
        ReadParaProps(Child(c, "pPr"), own);
        ReadRunProps(Child(c, "rPr"), own);
        if (const pugi::xml_node shd = Child(Child(c, "tcPr"), "shd"); shd) {
          fill = HexColor(Attr(shd, "fill").value());
        }
      }
    }
    layer.Over(own);
  }
  return layer;
}

pugi::xml_node DocxStyles::TableBorders(pugi::xml_node tblpr) const {
  if (const pugi::xml_node own = Child(tblpr, "tblBorders"); own) return own;
  std::string id = Attr(Child(tblpr, "tblStyle"), "val").value();
  if (id.empty()) {
    for (const auto& [style_id, style] : by_id) {
      if (std::string_view(Attr(style, "type").value()) == "table" &&
          AttrTrue(Attr(style, "default"))) {
        id = style_id;
      }
    }
  }
  for (int depth = 0; depth < 16 && !id.empty(); ++depth) {
    const auto it = by_id.find(id);
    if (it == by_id.end()) break;
    if (const pugi::xml_node b = Child(Child(it->second, "tblPr"), "tblBorders"); b) return b;
    id = Attr(Child(it->second, "basedOn"), "val").value();
  }
  return {};
}

}  // namespace khaothi::checker::internal
