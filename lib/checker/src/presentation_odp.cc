// The .odp reader. Pages come in the order of content.xml; a page's layout is the placeholders of
// its presentation-page-layout (or, without one, the placeholder frames on the page); sizes come
// from a span's style, its paragraph's, then the frame's presentation style and its parents (the
// master page's title and outline styles), then the default style; a page's footer, slide
// number and date are switched on by its drawing-page style and say what the master shows.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "khaothi/checker/limits.h"

#include "document_internal.h"
#include "presentation_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

// "28cm", "11in", "280mm" → centimetres; 0 for anything else.
double Centimetres(std::string_view text) {
  const std::optional<double> pt = OdfLengthPt(text);
  return pt ? *pt * 2.54 / 72 : 0;
}

struct Styles {
  // (family, name) → style:style; automatic styles of content.xml and styles.xml, common styles.
  std::map<std::pair<std::string, std::string>, pugi::xml_node> by_name;
  std::map<std::string, pugi::xml_node, std::less<>> defaults;      // family → default style
  std::map<std::string, pugi::xml_node, std::less<>> list_styles;   // text:list-style
  std::map<std::string, pugi::xml_node, std::less<>> page_layouts;  // presentation-page-layout
  std::map<std::string, pugi::xml_node, std::less<>> master_pages;  // style:master-page
  std::map<std::string, pugi::xml_node, std::less<>> page_sizes;    // style:page-layout
  std::map<std::string, std::string, std::less<>> footers;          // footer-decl
  std::map<std::string, std::string, std::less<>> dates;            // date-time-decl

  void Add(pugi::xml_node container) {
    for (pugi::xml_node s = container.first_child(); s; s = s.next_sibling()) {
      const std::string_view name = LocalName(s.name());
      if (name == "style") {
        by_name[{Attr(s, "family").value(), Attr(s, "name").value()}] = s;
      } else if (name == "default-style") {
        defaults[Attr(s, "family").value()] = s;
      } else if (name == "list-style") {
        list_styles[Attr(s, "name").value()] = s;
      } else if (name == "presentation-page-layout") {
        page_layouts[Attr(s, "name").value()] = s;
      } else if (name == "master-page") {
        master_pages[Attr(s, "name").value()] = s;
      } else if (name == "page-layout") {
        page_sizes[Attr(s, "name").value()] = s;
      }
    }
  }

  pugi::xml_node Find(std::string_view family, std::string_view name) const {
    const auto it = by_name.find({std::string(family), std::string(name)});
    return it == by_name.end() ? pugi::xml_node() : it->second;
  }

  // The font size a style states through its parent chain, or nullopt.
  std::optional<double> Size(std::string_view family, std::string_view name) const {
    pugi::xml_node style = Find(family, name);
    for (int depth = 0; style && depth < 16; ++depth) {
      if (std::optional<double> pt =
              OdfLengthPt(Attr(Child(style, "text-properties"), "font-size").value())) {
        return pt;
      }
      style = Find(family, Attr(style, "parent-style-name").value());
    }
    return std::nullopt;
  }

  // A drawing-page property of a page style, or "".
  std::string PageProperty(std::string_view style, std::string_view property) const {
    return Attr(Child(Find("drawing-page", style), "drawing-page-properties"), property).value();
  }
};

bool IsContentClass(std::string_view cls) {
  return cls == "outline" || cls == "object" || cls == "graphic" || cls == "table" ||
         cls == "chart" || cls == "orgchart" || cls == "text";
}

struct PageReader {
  const Styles& styles;
  std::string master;  // the page's master page name
  Slide& out;

  void AddText(pugi::xml_node node, std::optional<double> inherited, std::string& text,
               std::optional<double>& smallest, int depth) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata) {
        text += c.value();
        if (!LooseTextEmpty(c.value()) && inherited) {
          smallest = smallest ? std::min(*smallest, *inherited) : *inherited;
        }
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = LocalName(c.name());
      if (name == "span" || name == "a") {
        std::optional<double> size = styles.Size("text", Attr(c, "style-name").value());
        AddText(c, size ? size : inherited, text, smallest, depth + 1);
      } else if (name == "s") {
        text.append(static_cast<size_t>(std::clamp(Attr(c, "c").as_int(1), 1, 1000)), ' ');
      } else if (name == "tab") {
        text += '\t';
      } else if (name == "line-break") {
        text += '\n';
      } else if (name == "page-number") {
        // The number is a field, not text the candidate wrote.
        out.slide_number = true;
      } else if (name == "date" || name == "time") {
        out.date = true;
        text += c.text().get();
      } else if (name != "annotation" && name != "note") {
        AddText(c, inherited, text, smallest, depth + 1);
      }
    }
  }

  struct Para {
    std::string text;
    double size_pt = 0;
    int level = 0;
    bool bullet = false;
    bool numbered = false;
  };

  // The list level style a list item shows: the list's own style or the frame's outline style.
  std::pair<bool, bool> ListBullet(const std::string& list_style, int level) const {
    const auto it = styles.list_styles.find(list_style);
    if (it == styles.list_styles.end()) return {true, false};  // the outline's bullets
    for (pugi::xml_node l = it->second.first_child(); l; l = l.next_sibling()) {
      if (Attr(l, "level").as_int(0) != level + 1) continue;
      const std::string_view name = LocalName(l.name());
      if (name == "list-level-style-bullet") {
        return {!LooseTextEmpty(Attr(l, "bullet-char").value()), false};
      }
      if (name == "list-level-style-number") {
        const bool shown = !std::string_view(Attr(l, "num-format").value()).empty();
        return {shown, shown};
      }
      if (name == "list-level-style-image") return {true, false};
    }
    return {false, false};
  }

  void Paragraphs(pugi::xml_node node, std::optional<double> frame_size, std::string_view cls,
                  std::string list_style, int level, bool in_item, std::vector<Para>& paras,
                  int depth) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = LocalName(c.name());
      if (name == "p" || name == "h") {
        std::optional<double> size = styles.Size("paragraph", Attr(c, "style-name").value());
        if (!size && cls == "outline" && level > 0) {
          size = styles.Size("presentation", master + "-outline" + std::to_string(level + 1));
        }
        Para para;
        std::optional<double> smallest;
        AddText(c, size ? size : frame_size, para.text, smallest, depth + 1);
        para.text = Nfc(para.text);
        para.size_pt = smallest.value_or(0);
        para.level = level;
        if (in_item) std::tie(para.bullet, para.numbered) = ListBullet(list_style, level);
        paras.push_back(std::move(para));
      } else if (name == "list") {
        std::string style = Attr(c, "style-name").value();
        if (style.empty()) style = list_style;
        // A list inside a list item is one outline level deeper.
        Paragraphs(c, frame_size, cls, style, in_item ? level + 1 : level, false, paras, depth + 1);
      } else if (name == "list-item") {
        Paragraphs(c, frame_size, cls, list_style, level, true, paras, depth + 1);
      } else if (name == "list-header") {
        Paragraphs(c, frame_size, cls, list_style, level, false, paras, depth + 1);
      } else if (name == "text-box") {
        Paragraphs(c, frame_size, cls, list_style, level, in_item, paras, depth + 1);
      }
    }
  }

  std::optional<double> FrameSize(pugi::xml_node frame, std::string_view cls) const {
    // By qualified name: draw:style-name and presentation:style-name share their local name.
    std::optional<double> size;
    if (const pugi::xml_attribute p = frame.attribute("presentation:style-name"); p) {
      size = styles.Size("presentation", p.value());
    }
    if (!size && !cls.empty()) {
      const std::string base = cls == "title"      ? "-title"
                               : cls == "subtitle" ? "-subtitle"
                                                   : "-outline1";
      size = styles.Size("presentation", master + base);
    }
    if (!size) {
      if (const pugi::xml_attribute g = frame.attribute("draw:style-name"); g) {
        size = styles.Size("graphic", g.value());
      }
    }
    if (!size) {
      for (const std::string_view family : {"presentation", "graphic"}) {
        const auto it = styles.defaults.find(family);
        if (it == styles.defaults.end()) continue;
        size = OdfLengthPt(Attr(Child(it->second, "text-properties"), "font-size").value());
        if (size) break;
      }
    }
    return size.value_or(18);
  }

  std::string Joined(const std::vector<Para>& paras) {
    std::string out_text;
    for (const Para& p : paras) {
      if (!LooseTextEmpty(p.text)) out_text += (out_text.empty() ? "" : "\n") + p.text;
    }
    return out_text;
  }

  void Table(pugi::xml_node table) {
    SlideTable t;
    for (pugi::xml_node c = table.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = LocalName(c.name());
      if (name == "table-column") {
        t.columns += std::clamp(Attr(c, "number-columns-repeated").as_int(1), 1, 1000);
      } else if (name == "table-row" || name == "table-header-rows" || name == "table-rows") {
        const bool group = name != "table-row";
        for (pugi::xml_node row = group ? c.first_child() : c; row;
             row = group ? row.next_sibling() : pugi::xml_node()) {
          if (LocalName(row.name()) != "table-row") continue;
          ++t.rows;
          for (pugi::xml_node cell = row.first_child(); cell; cell = cell.next_sibling()) {
            if (LocalName(cell.name()) != "table-cell") continue;
            std::vector<Para> paras;
            Paragraphs(cell, std::nullopt, "", "", 0, false, paras, 0);
            if (std::string text = Joined(paras); !text.empty()) out.other_texts.push_back(text);
          }
        }
      }
    }
    out.tables.push_back(t);
  }

  void Shapes(pugi::xml_node page, int depth) {
    if (depth > 32) return;
    for (pugi::xml_node n = page.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      if (name == "g") {
        Shapes(n, depth + 1);
      } else if (name == "frame") {
        Frame(n);
      } else if (name == "custom-shape" || name == "rect" || name == "ellipse" ||
                 name == "circle" || name == "polygon" || name == "regular-polygon" ||
                 name == "path" || name == "polyline") {
        ++out.shapes;
        if (name == "custom-shape") {
          std::string type = Attr(Child(n, "enhanced-geometry"), "type").value();
          for (char& ch : type)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          if (type.find("arrow") != std::string::npos ||
              type.find("chevron") != std::string::npos) {
            ++out.connectors;
          }
        }
        std::vector<Para> paras;
        Paragraphs(n, std::nullopt, "", "", 0, false, paras, 0);
        if (std::string text = Joined(paras); !text.empty()) out.other_texts.push_back(text);
      } else if (name == "line" || name == "connector" || name == "measure") {
        ++out.shapes;
        ++out.connectors;
      }
    }
  }

  void Frame(pugi::xml_node frame) {
    const std::string cls = frame.attribute("presentation:class").value();
    // A table frame carries a picture of the table for other readers: the table first.
    if (const pugi::xml_node table = Child(frame, "table"); table) {
      Table(table);
      return;
    }
    if (Child(frame, "image") && !Child(frame, "object")) {
      ++out.images;
      return;
    }
    const pugi::xml_node box = Child(frame, "text-box");
    if (!box) return;
    if (cls == "page-number") {
      out.slide_number = true;
      return;
    }
    if (cls == "date-time") {
      out.date = true;
      return;
    }
    std::vector<Para> paras;
    Paragraphs(box, FrameSize(frame, cls), cls, "", 0, false, paras, 0);
    if (cls == "title") {
      for (const Para& p : paras) {
        if (LooseTextEmpty(p.text)) continue;
        out.title += (out.title.empty() ? "" : " ") + Trimmed(p.text);
        if (p.size_pt > 0) {
          out.title_size_pt =
              out.title_size_pt == 0 ? p.size_pt : std::min(out.title_size_pt, p.size_pt);
        }
      }
    } else if (cls == "subtitle" || IsContentClass(cls)) {
      for (const Para& p : paras) {
        if (LooseTextEmpty(p.text)) continue;
        out.body.push_back({p.text, p.level, p.bullet, p.numbered, p.size_pt});
      }
    } else if (cls == "footer") {
      out.footer = Joined(paras);
    } else if (cls != "header" && cls != "notes") {
      if (std::string text = Joined(paras); !text.empty()) out.other_texts.push_back(text);
    }
  }
};

Placeholders PlaceholdersOf(pugi::xml_node layout) {
  Placeholders p;
  for (pugi::xml_node n = layout.first_child(); n; n = n.next_sibling()) {
    const std::string_view object = Attr(n, "object").value();
    if (object == "title") p.title = true;
    if (object == "subtitle") p.subtitle = true;
    if (IsContentClass(object)) ++p.content;
  }
  return p;
}

Placeholders PlaceholdersOnPage(pugi::xml_node page) {
  Placeholders p;
  for (pugi::xml_node n = page.first_child(); n; n = n.next_sibling()) {
    const std::string_view cls = n.attribute("presentation:class").value();
    if (cls == "title") p.title = true;
    if (cls == "subtitle") p.subtitle = true;
    if (IsContentClass(cls)) ++p.content;
  }
  return p;
}

// The fill a drawing-page style states, or nullopt when it states none (the master's shows).
std::optional<Background> FillOf(const Styles& styles, std::string_view style) {
  const std::string fill = styles.PageProperty(style, "fill");
  Background out;
  if (fill == "solid") {
    out.kind = BackgroundKind::kSolid;
    out.colour = styles.PageProperty(style, "fill-color");
    for (char& c : out.colour) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  if (fill == "gradient") out.kind = BackgroundKind::kGradient;
  if (fill == "bitmap") out.kind = BackgroundKind::kImage;
  if (fill == "hatch") out.kind = BackgroundKind::kPattern;
  if (out.kind == BackgroundKind::kDefault) return std::nullopt;
  return out;
}

// The effects of a page's animations: each anim:par with a preset class.
int Animations(pugi::xml_node node, int depth) {
  if (depth > kMaxXmlDepth) return 0;
  int count = 0;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view preset = Attr(n, "preset-class").value();
    if (preset == "entrance" || preset == "exit" || preset == "emphasis" ||
        preset == "motion-path") {
      ++count;
    }
    count += Animations(n, depth + 1);
  }
  return count;
}

// The effect of a transitionFilter in the page's timing, or "".
std::string TransitionFilter(pugi::xml_node node, int depth) {
  if (depth > kMaxXmlDepth) return "";
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    if (LocalName(n.name()) == "transitionFilter") return Attr(n, "type").value();
    if (std::string found = TransitionFilter(n, depth + 1); !found.empty()) return found;
  }
  return "";
}

}  // namespace

Result<Presentation> ReadOdp(const OfficeFile& file) {
  pugi::xml_document content;
  if (Status s = ParsePart(file, "content.xml", content); !s.ok()) return s;
  pugi::xml_document styles_doc;
  Styles styles;
  if (file.Part("styles.xml") != nullptr) {
    if (Status s = ParsePart(file, "styles.xml", styles_doc); !s.ok()) return s;
    const pugi::xml_node root = Child(styles_doc, "document-styles");
    styles.Add(Child(root, "styles"));
    styles.Add(Child(root, "automatic-styles"));
    styles.Add(Child(root, "master-styles"));
  }
  const pugi::xml_node root = Child(content, "document-content");
  styles.Add(Child(root, "automatic-styles"));
  const pugi::xml_node body = Child(Child(root, "body"), "presentation");
  for (pugi::xml_node n = body.first_child(); n; n = n.next_sibling()) {
    const std::string_view name = LocalName(n.name());
    if (name == "footer-decl") styles.footers[Attr(n, "name").value()] = n.text().get();
    if (name == "date-time-decl") styles.dates[Attr(n, "name").value()] = n.text().get();
  }

  Presentation presentation;
  int count = 0;
  for (pugi::xml_node page = body.first_child(); page; page = page.next_sibling()) {
    if (LocalName(page.name()) != "page") continue;
    if (++count > kMaxSlides) return OverLimit("quá nhiều trang chiếu", "too many slides");
    Slide out;
    const std::string style = page.attribute("draw:style-name").value();
    const std::string master = page.attribute("draw:master-page-name").value();
    out.hidden = styles.PageProperty(style, "visibility") == "hidden";
    const std::string layout_name =
        page.attribute("presentation:presentation-page-layout-name").value();
    const auto layout = styles.page_layouts.find(layout_name);
    out.layout = LayoutOf(layout != styles.page_layouts.end() ? PlaceholdersOf(layout->second)
                                                              : PlaceholdersOnPage(page));
    PageReader reader{styles, master, out};
    reader.Shapes(page, 0);

    // Footer, number and date: the page style switches on what the master page shows.
    const auto master_page = styles.master_pages.find(master);
    auto master_has = [&](std::string_view cls) {
      if (master_page == styles.master_pages.end()) return false;
      for (pugi::xml_node n = master_page->second.first_child(); n; n = n.next_sibling()) {
        if (cls == n.attribute("presentation:class").value()) return true;
      }
      return false;
    };
    if (styles.PageProperty(style, "display-footer") != "false" && master_has("footer")) {
      const auto it = styles.footers.find(page.attribute("presentation:use-footer-name").value());
      if (it != styles.footers.end() && !LooseTextEmpty(it->second)) out.footer = Nfc(it->second);
    }
    if (styles.PageProperty(style, "display-page-number") == "true" && master_has("page-number")) {
      out.slide_number = true;
    }
    if (styles.PageProperty(style, "display-date-time") == "true" && master_has("date-time")) {
      out.date = true;
    }

    out.transition = styles.PageProperty(style, "type");  // smil:type
    if (out.transition.empty()) out.transition = TransitionFilter(page, 0);
    out.animations = Animations(page, 0);
    if (std::optional<Background> bg = FillOf(styles, style)) {
      out.background = *bg;
    } else if (master_page != styles.master_pages.end()) {
      if (std::optional<Background> from_master =
              FillOf(styles, master_page->second.attribute("draw:style-name").value())) {
        out.background = *from_master;
      }
    }
    if (const pugi::xml_node notes = Child(page, "notes"); notes) {
      for (pugi::xml_node f = notes.first_child(); f; f = f.next_sibling()) {
        if (std::string_view(f.attribute("presentation:class").value()) != "notes") continue;
        Slide scratch;
        PageReader notes_reader{styles, master, scratch};
        std::vector<PageReader::Para> paras;
        notes_reader.Paragraphs(Child(f, "text-box"), std::nullopt, "", "", 0, false, paras, 0);
        out.notes = notes_reader.Joined(paras);
      }
    }
    if (presentation.slides.empty() && master_page != styles.master_pages.end()) {
      const auto layout_style =
          styles.page_sizes.find(master_page->second.attribute("style:page-layout-name").value());
      if (layout_style != styles.page_sizes.end()) {
        const pugi::xml_node props = Child(layout_style->second, "page-layout-properties");
        presentation.width_cm = Centimetres(Attr(props, "page-width").value());
        presentation.height_cm = Centimetres(Attr(props, "page-height").value());
      }
    }
    presentation.slides.push_back(std::move(out));
  }
  return presentation;
}

}  // namespace khaothi::checker::internal
