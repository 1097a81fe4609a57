// The .pptx reader. Slides come in the order of presentation.xml's sldIdLst; each slide names its
// layout, each layout its master, through the parts' relationships. What a person sees on a
// placeholder is inherited from the layout's placeholder of the same idx (or type), then the
// master's of the same type, then the master's text styles; the background from the slide, its
// layout, then its master.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/checker/limits.h"

#include "document_internal.h"
#include "presentation_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

constexpr double kEmuPerCm = 360000;  // English Metric Units: 914400 an inch

// A part parsed once and kept with its relationships (Id → resolved target, Type).
struct Part {
  std::string name;
  pugi::xml_document xml;
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> rels;

  // The target of the first relationship whose type ends with `/type`, or "".
  std::string TargetOfType(std::string_view type) const {
    for (const auto& [id, rel] : rels) {
      if (rel.second.ends_with("/" + std::string(type))) return rel.first;
    }
    return "";
  }
};

// Placeholder roles, from <p:ph type="...">; no type means an object (content) placeholder.
enum class Role { kNone, kTitle, kSubtitle, kContent, kFooter, kSlideNumber, kDate, kOther };

Role RoleOf(pugi::xml_node ph) {
  if (!ph) return Role::kNone;
  const std::string_view type = Attr(ph, "type").value();
  if (type == "title" || type == "ctrTitle") return Role::kTitle;
  if (type == "subTitle") return Role::kSubtitle;
  if (type.empty() || type == "obj" || type == "body" || type == "tbl" || type == "chart" ||
      type == "pic" || type == "dgm" || type == "clipArt" || type == "media") {
    return Role::kContent;
  }
  if (type == "ftr") return Role::kFooter;
  if (type == "sldNum") return Role::kSlideNumber;
  if (type == "dt") return Role::kDate;
  return Role::kOther;
}

// The <p:ph> of a shape (p:sp, p:pic, p:graphicFrame), or an empty node.
pugi::xml_node PhOf(pugi::xml_node shape) {
  for (pugi::xml_node nv = shape.first_child(); nv; nv = nv.next_sibling()) {
    if (LocalName(nv.name()).starts_with("nv")) return Child(Child(nv, "nvPr"), "ph");
  }
  return {};
}

// "ff0000" → "#ff0000"
std::string Hex(std::string_view value) {
  std::string out = "#";
  for (const char c : value) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Theme {
  std::map<std::string, std::string, std::less<>> colours;  // "accent1" → "#4f81bd"
  pugi::xml_node background_fills;                          // a:bgFillStyleLst
};

struct Reader {
  const OfficeFile& file;
  std::map<std::string, std::unique_ptr<Part>, std::less<>> parts;
  std::map<std::string, Theme, std::less<>> themes;  // by master part

  // The part `name`, parsed once; nullptr when the container lacks it.
  Result<const Part*> Load(const std::string& name) {
    if (const auto it = parts.find(name); it != parts.end()) return it->second.get();
    if (file.Part(name) == nullptr) return static_cast<const Part*>(nullptr);
    auto part = std::make_unique<Part>();
    part->name = name;
    if (Status s = ParsePart(file, name, part->xml); !s.ok()) return s;
    if (file.Part(RelsPath(name)) != nullptr) {
      pugi::xml_document rels;
      if (Status s = ParsePart(file, RelsPath(name), rels); !s.ok()) return s;
      for (pugi::xml_node r = Child(rels, "Relationships").first_child(); r; r = r.next_sibling()) {
        const std::string_view mode = Attr(r, "TargetMode").value();
        const std::string target =
            mode == "External" ? "" : ResolveTarget(DirOf(name), Attr(r, "Target").value());
        part->rels[Attr(r, "Id").value()] = {target, Attr(r, "Type").value()};
      }
    }
    const Part* out = part.get();
    parts.emplace(name, std::move(part));
    return out;
  }
};

pugi::xml_node Root(const Part* part) {
  return part == nullptr ? pugi::xml_node() : part->xml.document_element();
}

pugi::xml_node SpTree(const Part* part) { return Child(Child(Root(part), "cSld"), "spTree"); }

// The placeholder shape of `tree` matching `ph`: the same idx first, then the same role.
pugi::xml_node MatchingPlaceholder(pugi::xml_node tree, pugi::xml_node ph, int depth = 0) {
  if (!tree || !ph || depth > 8) return {};
  const pugi::xml_attribute idx = Attr(ph, "idx");
  const std::string_view type = Attr(ph, "type").value();
  const Role role = RoleOf(ph);
  pugi::xml_node by_role;
  for (pugi::xml_node n = tree.first_child(); n; n = n.next_sibling()) {
    const pugi::xml_node other = PhOf(n);
    if (!other) continue;
    if (idx && Attr(other, "idx") && std::string_view(Attr(other, "idx").value()) == idx.value() &&
        (type.empty() || RoleOf(other) == role)) {
      return n;
    }
    if (!by_role && RoleOf(other) == role) by_role = n;
  }
  return by_role;
}

// The levels' paragraph properties a paragraph inherits, most specific first.
struct Chain {
  std::vector<pugi::xml_node> levels;  // a:lvlNpPr (or the paragraph's own a:pPr)

  std::optional<double> Size(pugi::xml_node rpr) const {
    if (const pugi::xml_attribute sz = Attr(rpr, "sz"); sz) return sz.as_double() / 100;
    for (const pugi::xml_node level : levels) {
      if (const pugi::xml_attribute sz = Attr(Child(level, "defRPr"), "sz"); sz) {
        return sz.as_double() / 100;
      }
    }
    return std::nullopt;
  }
  // Bullet shown: the nearest buNone/buChar/buAutoNum/buBlip decides.
  std::pair<bool, bool> Bullet() const {
    for (const pugi::xml_node level : levels) {
      for (pugi::xml_node n = level.first_child(); n; n = n.next_sibling()) {
        const std::string_view name = LocalName(n.name());
        if (name == "buNone") return {false, false};
        if (name == "buChar" || name == "buBlip") return {true, false};
        if (name == "buAutoNum") return {true, true};
      }
    }
    return {false, false};
  }
};

pugi::xml_node Level(pugi::xml_node list_style, int level) {
  return Child(list_style, "lvl" + std::to_string(level + 1) + "pPr");
}

struct SlideContext {
  const Part* slide = nullptr;
  const Part* layout = nullptr;
  const Part* master = nullptr;
  const Theme* theme = nullptr;
  pugi::xml_node default_text_style;  // presentation.xml p:defaultTextStyle
};

// Text and the smallest size of its visible characters, for one a:p.
struct ParagraphText {
  std::string text;
  double size_pt = 0;
  bool slide_number = false;  // holds a slide-number field
  bool date = false;          // holds a date field
};

ParagraphText ReadParagraph(pugi::xml_node p, const Chain& chain) {
  ParagraphText out;
  std::optional<double> smallest;
  for (pugi::xml_node r = p.first_child(); r; r = r.next_sibling()) {
    const std::string_view name = LocalName(r.name());
    if (name == "br") {
      out.text += '\n';
      continue;
    }
    if (name != "r" && name != "fld") continue;
    if (name == "fld") {
      const std::string_view type = Attr(r, "type").value();
      if (type == "slidenum") out.slide_number = true;
      if (type.starts_with("datetime")) out.date = true;
      // The number is a field, not text the candidate wrote ("‹#›", "<number>").
      if (type == "slidenum") continue;
    }
    const std::string text = Child(r, "t").text().get();
    out.text += text;
    if (LooseTextEmpty(text)) continue;
    const double size = chain.Size(Child(r, "rPr")).value_or(18);
    smallest = smallest ? std::min(*smallest, size) : size;
  }
  out.text = Nfc(out.text);
  out.size_pt = smallest.value_or(0);
  return out;
}

// The chain of list-style levels for a paragraph of level `level` in a shape of `role`.
Chain ChainFor(const SlideContext& ctx, pugi::xml_node shape, pugi::xml_node ph, Role role,
               pugi::xml_node ppr, int level) {
  Chain chain;
  if (ppr) chain.levels.push_back(ppr);
  chain.levels.push_back(Level(Child(Child(shape, "txBody"), "lstStyle"), level));
  if (ph) {
    const pugi::xml_node in_layout = MatchingPlaceholder(SpTree(ctx.layout), ph);
    chain.levels.push_back(Level(Child(Child(in_layout, "txBody"), "lstStyle"), level));
    const pugi::xml_node layout_ph = in_layout ? PhOf(in_layout) : ph;
    const pugi::xml_node in_master = MatchingPlaceholder(SpTree(ctx.master), layout_ph);
    chain.levels.push_back(Level(Child(Child(in_master, "txBody"), "lstStyle"), level));
  }
  const pugi::xml_node styles = Child(Root(ctx.master), "txStyles");
  if (role == Role::kTitle) {
    chain.levels.push_back(Level(Child(styles, "titleStyle"), level));
  } else if (role == Role::kSubtitle || role == Role::kContent) {
    chain.levels.push_back(Level(Child(styles, "bodyStyle"), level));
  } else {
    chain.levels.push_back(Level(Child(styles, "otherStyle"), level));
    chain.levels.push_back(Level(ctx.default_text_style, level));
  }
  std::erase_if(chain.levels, [](pugi::xml_node n) { return !n; });
  return chain;
}

// A colour element (a:srgbClr, a:schemeClr, a:sysClr) inside `fill` as "#rrggbb", or "".
std::string ColourOf(pugi::xml_node fill, const SlideContext& ctx) {
  for (pugi::xml_node c = fill.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = LocalName(c.name());
    if (name == "srgbClr") return Hex(Attr(c, "val").value());
    if (name == "sysClr") return Hex(Attr(c, "lastClr").value());
    if (name == "schemeClr" && ctx.theme != nullptr) {
      std::string key = Attr(c, "val").value();
      // The master's colour map says which theme colour bg1/tx1/bg2/tx2 are.
      if (const pugi::xml_attribute mapped = Attr(Child(Root(ctx.master), "clrMap"), key); mapped) {
        key = mapped.value();
      }
      const auto it = ctx.theme->colours.find(key);
      return it == ctx.theme->colours.end() ? "" : it->second;
    }
  }
  return "";
}

// The background a p:bg states, or nullopt when the part has none.
std::optional<Background> BackgroundOf(pugi::xml_node bg, const SlideContext& ctx) {
  if (!bg) return std::nullopt;
  Background out;
  pugi::xml_node fill;
  std::string colour_from_ref;
  if (const pugi::xml_node pr = Child(bg, "bgPr"); pr) {
    fill = pr.first_child();
  } else if (const pugi::xml_node ref = Child(bg, "bgRef"); ref) {
    // idx 1001.. names the theme's background fills; the fill's placeholder colour is the ref's.
    colour_from_ref = ColourOf(ref, ctx);
    const int idx = Attr(ref, "idx").as_int(0);
    if (ctx.theme != nullptr && idx > 1000) {
      int i = 1001;
      for (pugi::xml_node f = ctx.theme->background_fills.first_child(); f;
           f = f.next_sibling(), ++i) {
        if (i == idx) fill = f;
      }
    }
    if (!fill) {
      out.kind = BackgroundKind::kSolid;
      out.colour = colour_from_ref;
      return out;
    }
  }
  const std::string_view name = fill ? LocalName(fill.name()) : "";
  if (name == "solidFill") {
    out.kind = BackgroundKind::kSolid;
    out.colour = ColourOf(fill, ctx);
    if (out.colour.empty()) out.colour = colour_from_ref;
  } else if (name == "gradFill") {
    out.kind = BackgroundKind::kGradient;
  } else if (name == "blipFill") {
    out.kind = BackgroundKind::kImage;
  } else if (name == "pattFill") {
    out.kind = BackgroundKind::kPattern;
  }
  return out;
}

// Lines, connectors and the block arrows of PowerPoint's gallery (arrows, chevron, pentagon).
bool IsArrowOrLine(std::string_view preset) {
  std::string lower;
  for (const char c : preset)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("arrow") != std::string::npos || lower.find("connector") != std::string::npos ||
         lower == "line" || lower == "lineinv" || lower.find("chevron") != std::string::npos ||
         lower == "homeplate";  // PowerPoint's "Arrow: Pentagon"
}

struct SlideReader {
  const SlideContext& ctx;
  Slide& out;

  void Text(pugi::xml_node shape, pugi::xml_node ph, Role role) {
    const pugi::xml_node body = Child(shape, "txBody");
    std::vector<std::string> lines;
    for (pugi::xml_node p = body.first_child(); p; p = p.next_sibling()) {
      if (LocalName(p.name()) != "p") continue;
      const pugi::xml_node ppr = Child(p, "pPr");
      const int level = std::clamp(Attr(ppr, "lvl").as_int(0), 0, 8);
      const Chain chain = ChainFor(ctx, shape, ph, role, ppr, level);
      const ParagraphText text = ReadParagraph(p, chain);
      if (text.slide_number) out.slide_number = true;
      if (text.date) out.date = true;
      if (role == Role::kTitle) {
        if (LooseTextEmpty(text.text)) continue;
        out.title += (out.title.empty() ? "" : " ") + Trimmed(text.text);
        if (text.size_pt > 0) {
          out.title_size_pt =
              out.title_size_pt == 0 ? text.size_pt : std::min(out.title_size_pt, text.size_pt);
        }
      } else if (role == Role::kSubtitle || role == Role::kContent) {
        if (LooseTextEmpty(text.text)) continue;
        const auto [bullet, numbered] = chain.Bullet();
        out.body.push_back({text.text, level, bullet, numbered, text.size_pt});
      } else {
        lines.push_back(text.text);
      }
    }
    std::string joined;
    for (const std::string& line : lines) {
      if (!LooseTextEmpty(line)) joined += (joined.empty() ? "" : "\n") + line;
    }
    if (role == Role::kFooter) {
      out.footer = joined;
    } else if (role == Role::kNone && !joined.empty()) {
      out.other_texts.push_back(joined);
    }
  }

  void Table(pugi::xml_node table) {
    SlideTable t;
    for (pugi::xml_node c = Child(table, "tblGrid").first_child(); c; c = c.next_sibling()) {
      if (LocalName(c.name()) == "gridCol") ++t.columns;
    }
    for (pugi::xml_node row = table.first_child(); row; row = row.next_sibling()) {
      if (LocalName(row.name()) != "tr") continue;
      ++t.rows;
      for (pugi::xml_node cell = row.first_child(); cell; cell = cell.next_sibling()) {
        if (LocalName(cell.name()) == "tc") Text(cell, {}, Role::kNone);
      }
    }
    out.tables.push_back(t);
  }

  void Shapes(pugi::xml_node tree, int depth) {
    if (depth > 32) return;
    for (pugi::xml_node n = tree.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      if (name == "AlternateContent") {
        // The newer markup is in mc:Choice; mc:Fallback repeats it for older readers.
        Shapes(Child(n, "Choice"), depth + 1);
      } else if (name == "grpSp") {
        Shapes(n, depth + 1);
      } else if (name == "sp") {
        const pugi::xml_node ph = PhOf(n);
        Role role = RoleOf(ph);
        if (role == Role::kSlideNumber) out.slide_number = true;
        if (role == Role::kDate) out.date = true;
        if (role == Role::kOther) continue;
        if (role == Role::kNone) {
          const bool text_box = Attr(Child(Child(n, "nvSpPr"), "cNvSpPr"), "txBox").as_bool();
          if (!text_box) {
            ++out.shapes;
            if (IsArrowOrLine(Attr(Child(Child(n, "spPr"), "prstGeom"), "prst").value())) {
              ++out.connectors;
            }
          }
        }
        if (role == Role::kContent && Child(Child(n, "spPr"), "blipFill")) ++out.images;
        Text(n, ph, role);
      } else if (name == "cxnSp") {
        ++out.shapes;
        ++out.connectors;
      } else if (name == "pic") {
        ++out.images;
      } else if (name == "graphicFrame") {
        const pugi::xml_node data = Child(Child(n, "graphic"), "graphicData");
        if (const pugi::xml_node table = Child(data, "tbl"); table) Table(table);
      }
    }
  }
};

// Counts the effects of p:timing: each effect is a p:cTn with a presetClass.
int Animations(pugi::xml_node node, int depth) {
  if (depth > kMaxXmlDepth) return 0;
  int count = 0;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    if (LocalName(n.name()) == "cTn") {
      const std::string_view preset = Attr(n, "presetClass").value();
      if (preset == "entr" || preset == "exit" || preset == "emph" || preset == "path") ++count;
    }
    count += Animations(n, depth + 1);
  }
  return count;
}

std::string TransitionOf(pugi::xml_node slide) {
  pugi::xml_node transition = Child(slide, "transition");
  for (pugi::xml_node n = slide.first_child(); n && !transition; n = n.next_sibling()) {
    if (LocalName(n.name()) == "AlternateContent") {
      transition = Child(Child(n, "Choice"), "transition");
    }
  }
  for (pugi::xml_node e = transition.first_child(); e; e = e.next_sibling()) {
    if (e.type() == pugi::node_element && LocalName(e.name()) != "extLst") {
      return std::string(LocalName(e.name()));
    }
  }
  return "";
}

// A layout by what PowerPoint shows in its gallery: an English name PowerPoint or LibreOffice
// gives its own layouts, then the type PowerPoint writes (LibreOffice writes "tx" for a Title
// Slide and "blank" for a Title, 6 Content, so a type that names none of the six is only
// trusted when it says "other"), then the placeholders.
Layout LayoutOfPart(const Part* layout) {
  if (layout == nullptr) return Layout::kBlank;
  static constexpr std::pair<std::string_view, Layout> kNames[] = {
      {"Title Slide", Layout::kTitle},
      {"Title and Content", Layout::kTitleAndContent},
      {"Title, Content", Layout::kTitleAndContent},
      {"Section Header", Layout::kSection},
      {"Two Content", Layout::kTwoContent},
      {"Title, 2 Content", Layout::kTwoContent},
      {"Title Only", Layout::kTitleOnly},
      {"Blank", Layout::kBlank},
      {"Blank Slide", Layout::kBlank},
  };
  const std::string_view name = Attr(Child(Root(layout), "cSld"), "name").value();
  for (const auto& [known, value] : kNames) {
    if (name == known) return value;
  }
  const std::string_view type = Attr(Root(layout), "type").value();
  if (type == "secHead") return Layout::kSection;
  if (!type.empty() && type != "title" && type != "obj" && type != "twoObj" &&
      type != "titleOnly" && type != "blank" && type != "tx" && type != "cust") {
    return Layout::kOther;
  }
  Placeholders p;
  for (pugi::xml_node n = SpTree(layout).first_child(); n; n = n.next_sibling()) {
    switch (RoleOf(PhOf(n))) {
      case Role::kTitle:
        p.title = true;
        break;
      case Role::kSubtitle:
        p.subtitle = true;
        break;
      case Role::kContent:
        ++p.content;
        break;
      default:
        break;
    }
  }
  return LayoutOf(p);
}

Theme ReadTheme(const Part* theme) {
  Theme out;
  const pugi::xml_node elements = Child(Root(theme), "themeElements");
  for (pugi::xml_node c = Child(elements, "clrScheme").first_child(); c; c = c.next_sibling()) {
    const pugi::xml_node value = c.first_child();
    const std::string_view kind = LocalName(value.name());
    if (kind == "srgbClr")
      out.colours[std::string(LocalName(c.name()))] = Hex(Attr(value, "val").value());
    if (kind == "sysClr") {
      out.colours[std::string(LocalName(c.name()))] = Hex(Attr(value, "lastClr").value());
    }
  }
  out.background_fills = Child(Child(elements, "fmtScheme"), "bgFillStyleLst");
  return out;
}

std::string NotesOf(const Part* notes) {
  std::string out;
  for (pugi::xml_node n = SpTree(notes).first_child(); n; n = n.next_sibling()) {
    const pugi::xml_node ph = PhOf(n);
    if (std::string_view(Attr(ph, "type").value()) != "body") continue;
    for (pugi::xml_node p = Child(n, "txBody").first_child(); p; p = p.next_sibling()) {
      if (LocalName(p.name()) != "p") continue;
      std::string line;
      for (pugi::xml_node r = p.first_child(); r; r = r.next_sibling()) {
        const std::string_view name = LocalName(r.name());
        if (name == "r" || name == "fld") line += Child(r, "t").text().get();
        if (name == "br") line += '\n';
      }
      if (!LooseTextEmpty(line)) out += (out.empty() ? "" : "\n") + Nfc(line);
    }
  }
  return out;
}

}  // namespace

Result<Presentation> ReadPptx(const OfficeFile& file) {
  Reader reader{file, {}, {}};
  Result<const Part*> main = reader.Load(file.main_part());
  if (!main.ok()) return main.status();
  const pugi::xml_node root = Root(*main);
  Presentation presentation;
  const pugi::xml_node size = Child(root, "sldSz");
  presentation.width_cm = Attr(size, "cx").as_double(0) / kEmuPerCm;
  presentation.height_cm = Attr(size, "cy").as_double(0) / kEmuPerCm;
  int count = 0;
  for (pugi::xml_node id = Child(root, "sldIdLst").first_child(); id; id = id.next_sibling()) {
    if (LocalName(id.name()) != "sldId") continue;
    if (++count > kMaxSlides) {
      return OverLimit("quá nhiều trang chiếu", "too many slides");
    }
    // r:id, not the slide's own numeric id: both have the local name "id".
    std::string_view rid;
    for (pugi::xml_attribute a = id.first_attribute(); a; a = a.next_attribute()) {
      if (std::string_view(a.name()).find(':') != std::string_view::npos &&
          LocalName(a.name()) == "id") {
        rid = a.value();
      }
    }
    const auto rel = (*main)->rels.find(rid);
    if (rel == (*main)->rels.end()) {
      return CannotCheck("trang chiếu không có quan hệ trong presentation.xml",
                         "a slide without its relationship in presentation.xml");
    }
    SlideContext ctx;
    ctx.default_text_style = Child(root, "defaultTextStyle");
    Result<const Part*> slide = reader.Load(rel->second.first);
    if (!slide.ok()) return slide.status();
    if (*slide == nullptr) {
      return CannotCheck("thiếu trang chiếu " + rel->second.first,
                         "the slide " + rel->second.first + " is missing");
    }
    ctx.slide = *slide;
    Result<const Part*> layout = reader.Load(ctx.slide->TargetOfType("slideLayout"));
    if (!layout.ok()) return layout.status();
    ctx.layout = *layout;
    if (ctx.layout != nullptr) {
      Result<const Part*> master = reader.Load(ctx.layout->TargetOfType("slideMaster"));
      if (!master.ok()) return master.status();
      ctx.master = *master;
    }
    if (ctx.master != nullptr) {
      const std::string theme_name = ctx.master->TargetOfType("theme");
      auto it = reader.themes.find(theme_name);
      if (it == reader.themes.end()) {
        Result<const Part*> theme = reader.Load(theme_name);
        if (!theme.ok()) return theme.status();
        it = reader.themes.emplace(theme_name, ReadTheme(*theme)).first;
      }
      ctx.theme = &it->second;
    }

    Slide out;
    const pugi::xml_node sld = Root(ctx.slide);
    out.hidden = std::string_view(Attr(sld, "show").value()) == "0" ||
                 std::string_view(Attr(sld, "show").value()) == "false";
    out.layout = LayoutOfPart(ctx.layout);
    SlideReader shapes{ctx, out};
    shapes.Shapes(SpTree(ctx.slide), 0);
    // A SmartArt diagram's shapes are in the drawing PowerPoint saves beside its data.
    for (const auto& [rel_id, target] : ctx.slide->rels) {
      if (!target.second.ends_with("/diagramDrawing")) continue;
      Result<const Part*> drawing = reader.Load(target.first);
      if (!drawing.ok()) return drawing.status();
      shapes.Shapes(Child(Root(*drawing), "spTree"), 0);
    }
    out.transition = TransitionOf(sld);
    out.animations = Animations(Child(sld, "timing"), 0);
    for (const Part* part : {ctx.slide, ctx.layout, ctx.master}) {
      if (std::optional<Background> bg =
              BackgroundOf(Child(Child(Root(part), "cSld"), "bg"), ctx)) {
        out.background = *bg;
        break;
      }
    }
    Result<const Part*> notes = reader.Load(ctx.slide->TargetOfType("notesSlide"));
    if (!notes.ok()) return notes.status();
    out.notes = NotesOf(*notes);
    presentation.slides.push_back(std::move(out));
  }
  return presentation;
}

}  // namespace khaothi::checker::internal
