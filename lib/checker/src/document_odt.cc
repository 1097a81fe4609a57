// The .odt reader. Formatting is resolved in LibreOffice's order: the default paragraph style,
// then the paragraph style's parent chain (root first; automatic styles in content.xml have
// common styles of styles.xml as parents), then each span's text style chain. Font names go
// through the font-face declarations to their family.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include "khaothi/checker/limits.h"

#include "document_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

struct Layer {
  std::optional<std::string> font;
  std::optional<double> size_pt;
  std::optional<double> size_percent;  // fo:font-size="120%": relative to the inherited size
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<bool> underline;
  std::optional<Alignment> alignment;

  void Over(const Layer& top) {
    if (top.font) font = top.font;
    if (top.size_pt) size_pt = top.size_pt;
    if (top.size_percent && size_pt) size_pt = *size_pt * *top.size_percent / 100;
    if (top.bold) bold = top.bold;
    if (top.italic) italic = top.italic;
    if (top.underline) underline = top.underline;
    if (top.alignment) alignment = top.alignment;
  }
  RunFormat Format() const {
    return {font.value_or(""), size_pt.value_or(12), bold.value_or(false), italic.value_or(false),
            underline.value_or(false)};
  }
};

// "12pt", "0.5in", "1cm", "4.2333mm" → points.
std::optional<double> Points(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return std::nullopt;
  const std::string_view unit(end);
  if (unit == "pt") return v;
  if (unit == "in") return v * 72;
  if (unit == "cm") return v * 72 / 2.54;
  if (unit == "mm") return v * 72 / 25.4;
  if (unit == "pc") return v * 12;
  return std::nullopt;
}

std::string Unquote(std::string_view family) {
  if (family.size() >= 2 && (family.front() == '\'' || family.front() == '"') &&
      family.back() == family.front()) {
    family = family.substr(1, family.size() - 2);
  }
  return std::string(family);
}

struct Styles {
  std::map<std::string, std::string, std::less<>> font_faces;  // style:name → family
  std::map<std::string, pugi::xml_node, std::less<>> paragraph;
  std::map<std::string, pugi::xml_node, std::less<>> text;
  Layer defaults;

  void CollectFaces(pugi::xml_node decls) {
    for (pugi::xml_node f = decls.first_child(); f; f = f.next_sibling()) {
      font_faces[Attr(f, "name").value()] = Unquote(Attr(f, "font-family").value());
    }
  }

  void Collect(pugi::xml_node container) {
    for (pugi::xml_node n = container.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      const std::string_view family = Attr(n, "family").value();
      if (name == "style" && family == "paragraph") paragraph[Attr(n, "name").value()] = n;
      if (name == "style" && family == "text") text[Attr(n, "name").value()] = n;
      if (name == "default-style" && family == "paragraph") Own(n, defaults);
    }
  }

  void Own(pugi::xml_node style, Layer& layer) const {
    if (const pugi::xml_node pp = Child(style, "paragraph-properties"); pp) {
      const std::string_view a = Attr(pp, "text-align").value();
      if (a == "center")
        layer.alignment = Alignment::kCenter;
      else if (a == "end" || a == "right")
        layer.alignment = Alignment::kEnd;
      else if (a == "justify")
        layer.alignment = Alignment::kJustify;
      else if (a == "start" || a == "left")
        layer.alignment = Alignment::kStart;
    }
    const pugi::xml_node tp = Child(style, "text-properties");
    if (!tp) return;
    // style:font-name names a font-face declaration; fo:font-family is the family itself.
    for (pugi::xml_attribute a = tp.first_attribute(); a; a = a.next_attribute()) {
      const std::string_view name = a.name();
      if (name == "style:font-name") {
        const auto it = font_faces.find(std::string_view(a.value()));
        layer.font = it != font_faces.end() ? it->second : std::string(a.value());
      } else if (name == "fo:font-family") {
        layer.font = Unquote(a.value());
      } else if (name == "fo:font-size") {
        const std::string_view v = a.value();
        if (v.ends_with('%')) {
          layer.size_percent = std::strtod(std::string(v).c_str(), nullptr);
        } else if (const std::optional<double> pt = Points(v); pt) {
          layer.size_pt = pt;
        }
      } else if (name == "fo:font-weight") {
        const std::string_view v = a.value();
        layer.bold = v == "bold" || v == "600" || v == "700" || v == "800" || v == "900";
      } else if (name == "fo:font-style") {
        layer.italic =
            std::string_view(a.value()) == "italic" || std::string_view(a.value()) == "oblique";
      } else if (name == "style:text-underline-style") {
        layer.underline = std::string_view(a.value()) != "none";
      }
    }
  }

  Layer Resolve(const std::map<std::string, pugi::xml_node, std::less<>>& family,
                std::string_view name, Layer base, int depth = 0) const {
    const auto it = family.find(name);
    if (it == family.end() || depth > 16) return base;
    if (const char* parent = Attr(it->second, "parent-style-name").value(); *parent != '\0') {
      base = Resolve(family, parent, base, depth + 1);
    }
    Layer own;
    Own(it->second, own);
    base.Over(own);
    return base;
  }
};

struct Reader {
  const Styles& styles;
  Document doc;

  void Pieces(pugi::xml_node node, const Layer& layer, Paragraph& out, int depth) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
      if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
        AddPiece(out, n.value(), layer.Format());
        continue;
      }
      if (n.type() != pugi::node_element) continue;
      const std::string_view name = LocalName(n.name());
      if (name == "span" || name == "a") {
        const Layer inner = styles.Resolve(styles.text, Attr(n, "style-name").value(), layer);
        Pieces(n, inner, out, depth + 1);
      } else if (name == "s") {
        AddPiece(out,
                 std::string(static_cast<size_t>(std::clamp(Attr(n, "c").as_int(1), 1, 1000)), ' '),
                 layer.Format());
      } else if (name == "tab") {
        AddPiece(out, "\t", layer.Format());
      } else if (name == "line-break") {
        AddPiece(out, "\n", layer.Format());
      }
      // Notes, annotations, bookmarks and frames hold no body text of this paragraph.
    }
  }

  void Block(pugi::xml_node node, int depth) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      if (name == "p" || name == "h") {
        const Layer layer =
            styles.Resolve(styles.paragraph, Attr(n, "style-name").value(), styles.defaults);
        Paragraph out;
        out.alignment = layer.alignment.value_or(Alignment::kStart);
        Pieces(n, layer, out, 0);
        Finish(out);
        doc.paragraphs.push_back(std::move(out));
      } else if (name == "list" || name == "list-item" || name == "list-header" ||
                 name == "section" || name == "table" || name == "table-row" ||
                 name == "table-cell" || name == "table-header-rows" || name == "table-rows" ||
                 name == "table-row-group") {
        Block(n, depth + 1);
      }
    }
  }
};

}  // namespace

Result<Document> ReadOdt(const OfficeFile& file) {
  pugi::xml_document content;
  if (Status s = ParsePart(file, "content.xml", content); !s.ok()) return s;
  Styles styles;
  pugi::xml_document styles_doc;
  if (file.Part("styles.xml") != nullptr) {
    if (Status s = ParsePart(file, "styles.xml", styles_doc); !s.ok()) return s;
    const pugi::xml_node root = Child(styles_doc, "document-styles");
    styles.CollectFaces(Child(root, "font-face-decls"));
  }
  const pugi::xml_node root = Child(content, "document-content");
  styles.CollectFaces(Child(root, "font-face-decls"));
  if (styles_doc) {
    const pugi::xml_node sroot = Child(styles_doc, "document-styles");
    styles.Collect(Child(sroot, "styles"));
    styles.Collect(Child(sroot, "automatic-styles"));
  }
  styles.Collect(Child(root, "automatic-styles"));

  Reader reader{styles};
  reader.Block(Child(Child(root, "body"), "text"), 0);
  return std::move(reader.doc);
}

}  // namespace khaothi::checker::internal
