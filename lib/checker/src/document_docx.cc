// The .docx reader. Formatting is resolved in Word's order: document defaults, then the
// paragraph style's basedOn chain (root first), then the run's character style chain, then the
// run's own properties. Theme fonts (w:asciiTheme="minorHAnsi") are looked up in the theme.
#include <map>
#include <optional>
#include <string>

#include "khaothi/checker/limits.h"

#include "document_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

// Properties as optional layers, so a later layer only overrides what it states.
struct Layer {
  std::optional<std::string> font;
  std::optional<double> size_pt;
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<bool> underline;
  std::optional<Alignment> alignment;

  void Over(const Layer& top) {
    if (top.font) font = top.font;
    if (top.size_pt) size_pt = top.size_pt;
    if (top.bold) bold = top.bold;
    if (top.italic) italic = top.italic;
    if (top.underline) underline = top.underline;
    if (top.alignment) alignment = top.alignment;
  }
  RunFormat Format() const {
    return {font.value_or(""), size_pt.value_or(10), bold.value_or(false), italic.value_or(false),
            underline.value_or(false)};
  }
};

// w:b, w:b w:val="true|1|on" are on; "false|0|off" off.
bool OnOff(pugi::xml_node n) {
  const pugi::xml_attribute v = Attr(n, "val");
  if (!v) return true;
  const std::string_view s = v.value();
  return !(s == "false" || s == "0" || s == "off" || s == "none");
}

struct Theme {
  std::string major;
  std::string minor;
};

void ReadRunProps(pugi::xml_node rpr, const Theme& theme, Layer& layer) {
  if (!rpr) return;
  if (const pugi::xml_node fonts = Child(rpr, "rFonts"); fonts) {
    std::string_view theme_font = Attr(fonts, "asciiTheme").value();
    if (theme_font.empty()) theme_font = Attr(fonts, "hAnsiTheme").value();
    if (theme_font.starts_with("major")) {
      layer.font = theme.major;
    } else if (theme_font.starts_with("minor")) {
      layer.font = theme.minor;
    } else if (const char* ascii = Attr(fonts, "ascii").value(); *ascii != '\0') {
      layer.font = ascii;
    } else if (const char* hansi = Attr(fonts, "hAnsi").value(); *hansi != '\0') {
      layer.font = hansi;
    }
  }
  if (const pugi::xml_node sz = Child(rpr, "sz"); sz)
    layer.size_pt = Attr(sz, "val").as_double(20) / 2;
  if (const pugi::xml_node b = Child(rpr, "b"); b) layer.bold = OnOff(b);
  if (const pugi::xml_node i = Child(rpr, "i"); i) layer.italic = OnOff(i);
  if (const pugi::xml_node u = Child(rpr, "u"); u) layer.underline = OnOff(u);
}

void ReadParaProps(pugi::xml_node ppr, Layer& layer) {
  if (!ppr) return;
  if (const pugi::xml_node jc = Child(ppr, "jc"); jc) {
    const std::string_view v = Attr(jc, "val").value();
    if (v == "center")
      layer.alignment = Alignment::kCenter;
    else if (v == "right" || v == "end")
      layer.alignment = Alignment::kEnd;
    else if (v == "both" || v == "distribute")
      layer.alignment = Alignment::kJustify;
    else
      layer.alignment = Alignment::kStart;
  }
}

struct Styles {
  std::map<std::string, pugi::xml_node, std::less<>> by_id;
  std::string default_paragraph;
  Layer defaults;
  Theme theme;

  // The style's own layer over its basedOn chain (bounded: a loop or a long chain stops).
  Layer Resolve(std::string_view id, int depth = 0) const {
    Layer layer;
    const auto it = by_id.find(id);
    if (it == by_id.end() || depth > 16) return layer;
    if (const char* base = Attr(Child(it->second, "basedOn"), "val").value(); *base != '\0') {
      layer = Resolve(base, depth + 1);
    }
    Layer own;
    ReadParaProps(Child(it->second, "pPr"), own);
    ReadRunProps(Child(it->second, "rPr"), theme, own);
    layer.Over(own);
    return layer;
  }
};

struct Reader {
  const Styles& styles;
  Document doc;

  void Pieces(pugi::xml_node node, const Layer& paragraph_layer, Paragraph& out, int depth) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      if (name == "r") {
        Layer layer = paragraph_layer;
        const pugi::xml_node rpr = Child(n, "rPr");
        if (const char* rstyle = Attr(Child(rpr, "rStyle"), "val").value(); *rstyle != '\0') {
          layer.Over(styles.Resolve(rstyle));
        }
        Layer own;
        ReadRunProps(rpr, styles.theme, own);
        layer.Over(own);
        std::string text;
        for (pugi::xml_node t = n.first_child(); t; t = t.next_sibling()) {
          const std::string_view tn = LocalName(t.name());
          if (tn == "t")
            text += t.text().get();
          else if (tn == "tab")
            text += '\t';
          else if (tn == "br" || tn == "cr")
            text += '\n';
          else if (tn == "noBreakHyphen")
            text += "\u2011";
        }
        AddPiece(out, std::move(text), layer.Format());
      } else if (name == "hyperlink" || name == "smartTag" || name == "ins" ||
                 name == "fldSimple" || name == "sdt" || name == "sdtContent" ||
                 name == "customXml") {
        Pieces(n, paragraph_layer, out, depth + 1);
      }
    }
  }

  void Paragraph(pugi::xml_node p) {
    const pugi::xml_node ppr = Child(p, "pPr");
    Layer layer = styles.defaults;
    std::string_view style = Attr(Child(ppr, "pStyle"), "val").value();
    if (style.empty()) style = styles.default_paragraph;
    layer.Over(styles.Resolve(style));
    Layer own;
    ReadParaProps(ppr, own);
    layer.Over(own);
    checker::Paragraph out;
    out.alignment = layer.alignment.value_or(Alignment::kStart);
    Pieces(p, layer, out, 0);
    Finish(out);
    // An empty paragraph that only carries a section break (w:sectPr) is the break itself, not a
    // line of text; LibreOffice writes one for each ODF section, Word for each section break.
    if (out.runs.empty() && Child(ppr, "sectPr")) return;
    doc.paragraphs.push_back(std::move(out));
  }

  void Block(pugi::xml_node node, int depth) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      if (name == "p") {
        Paragraph(n);
      } else if (name == "tbl" || name == "tr" || name == "tc" || name == "sdt" ||
                 name == "sdtContent" || name == "customXml") {
        Block(n, depth + 1);
      }
    }
  }
};

std::string ThemeFont(pugi::xml_node scheme, std::string_view which) {
  return Attr(Child(Child(scheme, which), "latin"), "typeface").value();
}

}  // namespace

Result<Document> ReadDocx(const OfficeFile& file) {
  const std::string& main = file.main_part();
  pugi::xml_document document;
  if (Status s = ParsePart(file, main, document); !s.ok()) return s;
  Styles styles;
  pugi::xml_document styles_doc;
  pugi::xml_document theme_doc;
  if (file.Part(RelsPath(main)) != nullptr) {
    pugi::xml_document rels;
    if (Status s = ParsePart(file, RelsPath(main), rels); !s.ok()) return s;
    for (pugi::xml_node r = Child(rels, "Relationships").first_child(); r; r = r.next_sibling()) {
      const std::string_view type = Attr(r, "Type").value();
      const std::string target = ResolveTarget(DirOf(main), Attr(r, "Target").value());
      if (file.Part(target) == nullptr) continue;
      if (type.ends_with("/styles")) {
        if (Status s = ParsePart(file, target, styles_doc); !s.ok()) return s;
      } else if (type.ends_with("/theme")) {
        if (Status s = ParsePart(file, target, theme_doc); !s.ok()) return s;
      }
    }
  }
  const pugi::xml_node font_scheme =
      Child(Child(Child(theme_doc, "theme"), "themeElements"), "fontScheme");
  styles.theme = {ThemeFont(font_scheme, "majorFont"), ThemeFont(font_scheme, "minorFont")};

  const pugi::xml_node root = Child(styles_doc, "styles");
  const pugi::xml_node defaults = Child(root, "docDefaults");
  ReadRunProps(Child(Child(defaults, "rPrDefault"), "rPr"), styles.theme, styles.defaults);
  ReadParaProps(Child(Child(defaults, "pPrDefault"), "pPr"), styles.defaults);
  for (pugi::xml_node s = Child(root, "style"); s; s = s.next_sibling()) {
    if (LocalName(s.name()) != "style") continue;
    const std::string id = Attr(s, "styleId").value();
    styles.by_id[id] = s;
    const std::string_view type = Attr(s, "type").value();
    const std::string_view is_default = Attr(s, "default").value();
    if (type == "paragraph" && (is_default == "1" || is_default == "true")) {
      styles.default_paragraph = id;
    }
  }

  Reader reader{styles};
  reader.Block(Child(Child(document, "document"), "body"), 0);
  return std::move(reader.doc);
}

}  // namespace khaothi::checker::internal
