// The .docx reader: the body, its tables and sections. Formatting is resolved in Word's order
// (document_docx_styles.cc): document defaults, then the paragraph style's basedOn chain (root
// first), then the run's character style chain, then the run's own properties.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/checker/limits.h"

#include "document_docx_internal.h"
#include "document_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

// A border element names a visible line unless its value says none.
bool Visible(pugi::xml_node border) {
  if (!border) return false;
  const std::string_view v = Attr(border, "val").value();
  return !(v.empty() || v == "nil" || v == "none");
}

pugi::xml_node Side(pugi::xml_node borders, std::string_view side, std::string_view alias) {
  const pugi::xml_node n = Child(borders, side);
  return n ? n : Child(borders, alias);
}

// The next sibling element of local name `name`, or an empty node.
pugi::xml_node NextNamed(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node n = node.next_sibling(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_element && LocalName(n.name()) == name) return n;
  }
  return {};
}

// What a field instruction is: " PAGE \* MERGEFORMAT " → "PAGE".
std::string FieldName(std::string_view instr) {
  size_t i = instr.find_first_not_of(' ');
  if (i == std::string_view::npos) return "";
  size_t end = instr.find_first_of(" \\", i);
  std::string name(instr.substr(i, end == std::string_view::npos ? instr.npos : end - i));
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

// Counts the pictures under `node`: DrawingML drawings holding a blip and VML pictures holding
// image data; the fallback branch of mc:AlternateContent repeats the choice and is skipped.
int CountImages(pugi::xml_node node, int depth) {
  if (depth > kMaxXmlDepth) return 0;
  int count = 0;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(n.name());
    if (name == "Fallback") continue;
    if (name == "drawing" || name == "pict") {
      const std::string_view inner = name == "drawing" ? "blip" : "imagedata";
      const bool image = n.find_node([&](pugi::xml_node d) {
        return d.type() == pugi::node_element && LocalName(d.name()) == inner;
      });
      count += image ? 1 : 0;
      continue;
    }
    count += CountImages(n, depth + 1);
  }
  return count;
}

struct Reader {
  const DocxStyles& styles;
  const OfficeFile& file;
  const std::string& main;
  std::map<std::string, std::string, std::less<>> rels;  // r:id → part
  Document doc;
  std::vector<Paragraph>* out = &doc.paragraphs;
  int table_depth = 0;
  std::vector<DocxLayer> table_layers;  // the innermost table's style, for the current row
  // Footnote references in body order: (id, index of the paragraph).
  std::vector<std::pair<std::string, size_t>> note_refs;
  // Open fields (fldChar begin … separate … end). A paragraph read while a TOC field is open is
  // one of its entries; a PAGE field's result is left out of the text, as the page number is
  // not text the candidate typed (and differs from page to page).
  struct OpenField {
    bool toc = false;
    bool page = false;
    bool separated = false;
  };
  std::vector<OpenField> fields;
  bool paragraph_in_toc = false;
  bool paragraph_page_number = false;
  int sdt_toc_depth = 0;
  // The paragraphs of the current section start here; the previous section's header and footer
  // carry over to a section that names none.
  size_t section_begin = 0;
  std::string header_part;
  std::string footer_part;

  void Field(std::string_view instr) {
    const std::string name = FieldName(instr);
    if (name == "PAGE") {
      paragraph_page_number = true;
      if (!fields.empty()) fields.back().page = true;
    }
    if (name == "TOC") {
      doc.toc = true;
      paragraph_in_toc = true;
      if (!fields.empty()) fields.back().toc = true;
    }
  }

  bool InPageNumber() const {
    return std::any_of(fields.begin(), fields.end(),
                       [](const OpenField& f) { return f.page && f.separated; });
  }

  void Pieces(pugi::xml_node node, const DocxLayer& paragraph_layer, Paragraph& para,
              std::vector<std::string>& notes, int depth) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      if (name == "r") {
        DocxLayer layer = paragraph_layer;
        const pugi::xml_node rpr = Child(n, "rPr");
        if (const char* rstyle = Attr(Child(rpr, "rStyle"), "val").value(); *rstyle != '\0') {
          layer.Over(styles.Resolve(rstyle));
        }
        DocxLayer own;
        styles.ReadRunProps(rpr, own);
        layer.Over(own);
        std::string text;
        for (pugi::xml_node t = n.first_child(); t; t = t.next_sibling()) {
          const std::string_view tn = LocalName(t.name());
          if (tn == "t") {
            if (!InPageNumber()) text += t.text().get();
          } else if (tn == "tab") {
            text += '\t';
          } else if (tn == "br" || tn == "cr") {
            text += '\n';
          } else if (tn == "noBreakHyphen") {
            text += "\u2011";
          } else if (tn == "fldChar") {
            const std::string_view type = Attr(t, "fldCharType").value();
            if (type == "begin") {
              fields.emplace_back();
            } else if (type == "separate" && !fields.empty()) {
              fields.back().separated = true;
            } else if (type == "end" && !fields.empty()) {
              fields.pop_back();
            }
          } else if (tn == "instrText") {
            Field(t.text().get());
          } else if (tn == "footnoteReference") {
            notes.emplace_back(Attr(t, "id").value());
          }
        }
        AddPiece(para, std::move(text), layer.Format());
      } else if (name == "fldSimple") {
        Field(Attr(n, "instr").value());
        if (FieldName(Attr(n, "instr").value()) != "PAGE") {
          Pieces(n, paragraph_layer, para, notes, depth + 1);
        }
      } else if (name == "hyperlink" || name == "smartTag" || name == "ins" || name == "sdt" ||
                 name == "sdtContent" || name == "customXml") {
        Pieces(n, paragraph_layer, para, notes, depth + 1);
      }
    }
  }

  void ReadParagraph(pugi::xml_node p) {
    const pugi::xml_node ppr = Child(p, "pPr");
    std::string_view style = Attr(Child(ppr, "pStyle"), "val").value();
    if (style.empty()) style = styles.default_paragraph;
    DocxLayer layer = styles.defaults;
    // Word applies a table style's formatting between the document defaults and the paragraph
    // style.
    if (!table_layers.empty()) layer.Over(table_layers.back());
    layer.Over(styles.Resolve(style));
    DocxLayer own;
    styles.ReadParaProps(ppr, own);
    layer.Over(own);
    Paragraph para;
    para.in_table = table_depth > 0;
    styles.Apply(layer, style, para);
    paragraph_in_toc = sdt_toc_depth > 0 || std::any_of(fields.begin(), fields.end(),
                                                        [](const OpenField& f) { return f.toc; });
    paragraph_page_number = false;
    std::vector<std::string> notes;
    Pieces(p, layer, para, notes, 0);
    Finish(para);
    para.page_number = paragraph_page_number;
    const pugi::xml_node sect = Child(ppr, "sectPr");
    // An empty paragraph that only carries a section break (w:sectPr) is the break itself, not a
    // line of text; LibreOffice writes one for each ODF section, Word for each section break.
    if (!(para.runs.empty() && sect)) {
      if (paragraph_in_toc && out == &doc.paragraphs) {
        doc.toc_entries.push_back(para.text);
      } else {
        if (out == &doc.paragraphs) {
          for (std::string& id : notes) note_refs.emplace_back(std::move(id), out->size());
        }
        out->push_back(std::move(para));
      }
    }
    if (sect) EndSection(sect);
  }

  void ReadTable(pugi::xml_node tbl, int depth) {
    const size_t slot = doc.tables.size();
    doc.tables.emplace_back();
    const pugi::xml_node tblpr = Child(tbl, "tblPr");
    const pugi::xml_node table_borders = styles.TableBorders(tblpr);
    TableGrid grid;
    std::vector<int> vmerge_open;  // per grid column: a vertical merge runs on
    ++table_depth;
    int r = 0;
    for (pugi::xml_node tr = tbl.first_child(); tr; tr = tr.next_sibling()) {
      if (LocalName(tr.name()) != "tr") continue;
      grid.cells.emplace_back();
      grid.sides.emplace_back();
      grid.fills.emplace_back();
      if (r == 0) grid.first_row_begin = out->size();
      std::string style_fill;
      table_layers.push_back(styles.TableLayer(tblpr, r == 0, style_fill));
      for (pugi::xml_node tc = tr.first_child(); tc; tc = tc.next_sibling()) {
        if (LocalName(tc.name()) != "tc") continue;
        const pugi::xml_node tcpr = Child(tc, "tcPr");
        const int span = std::clamp(Attr(Child(tcpr, "gridSpan"), "val").as_int(1), 1, 64);
        const pugi::xml_node vmerge = Child(tcpr, "vMerge");
        const bool continues = vmerge && std::string_view(Attr(vmerge, "val").value()) != "restart";
        if (span > 1 || vmerge) grid.merged = true;
        const size_t first = out->size();
        Block(tc, depth + 1);
        std::string text;
        for (size_t i = first; i < out->size(); ++i) {
          text += (i == first ? "" : "\n") + (*out)[i].text;
        }
        if (continues) text.clear();
        const pugi::xml_node own = Child(tcpr, "tcBorders");
        const int column = static_cast<int>(grid.cells.back().size());
        const bool last = !NextNamed(tc, "tc");
        auto side = [&](std::string_view name, std::string_view alias, std::string_view outer,
                        std::string_view outer_alias, std::string_view inside, bool is_outer) {
          if (const pugi::xml_node b = Side(own, name, alias); b) return Visible(b);
          return is_outer ? Visible(Side(table_borders, outer, outer_alias))
                          : Visible(Child(table_borders, inside));
        };
        CellSides sides;
        sides.top = side("top", "top", "top", "top", "insideH", r == 0);
        sides.bottom =
            side("bottom", "bottom", "bottom", "bottom", "insideH", !NextNamed(tr, "tr"));
        sides.left = side("left", "start", "left", "start", "insideV", column == 0);
        sides.right = side("right", "end", "right", "end", "insideV", last);
        const pugi::xml_node shd = Child(tcpr, "shd");
        const std::string fill = shd ? HexColor(Attr(shd, "fill").value()) : style_fill;
        for (int s = 0; s < span; ++s) {
          grid.cells.back().push_back(s == 0 ? text : "");
          grid.sides.back().push_back(sides);
          grid.fills.back().push_back(fill);
        }
      }
      table_layers.pop_back();
      if (r == 0) grid.first_row_end = out->size();
      ++r;
    }
    --table_depth;
    doc.tables[slot] = MakeTable(grid, *out);
  }

  void Block(pugi::xml_node node, int depth) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      if (name == "p") {
        ReadParagraph(n);
      } else if (name == "tbl") {
        ReadTable(n, depth + 1);
      } else if (name == "sdt") {
        // Word's table of contents is a content control of the gallery "Table of Contents".
        const pugi::xml_node gallery =
            Child(Child(Child(n, "sdtPr"), "docPartObj"), "docPartGallery");
        const bool toc = std::string_view(Attr(gallery, "val").value()) == "Table of Contents";
        if (toc) {
          doc.toc = true;
          ++sdt_toc_depth;
        }
        Block(Child(n, "sdtContent"), depth + 1);
        if (toc) --sdt_toc_depth;
      } else if (name == "customXml" || name == "sdtContent") {
        Block(n, depth + 1);
      }
    }
  }

  // A header or footer part's paragraphs (and pictures).
  std::vector<Paragraph> ReadHeaderFooter(const std::string& part) {
    std::vector<Paragraph> paragraphs;
    pugi::xml_document xml;
    if (part.empty() || !ParsePart(file, part, xml).ok()) return paragraphs;
    const pugi::xml_node root = xml.document_element();
    doc.header_images += CountImages(root, 0);
    std::vector<Paragraph>* body = out;
    out = &paragraphs;
    const int saved_tables = static_cast<int>(doc.tables.size());
    Block(root, 0);
    doc.tables.resize(static_cast<size_t>(saved_tables));  // header tables are not body tables
    out = body;
    return paragraphs;
  }

  void EndSection(pugi::xml_node sect) {
    if (out != &doc.paragraphs) return;
    const pugi::xml_node cols = Child(sect, "cols");
    const int columns = std::clamp(Attr(cols, "num").as_int(1), 1, 45);
    const bool line = AttrTrue(Attr(cols, "sep"));
    for (size_t i = section_begin; i < doc.paragraphs.size(); ++i) {
      doc.paragraphs[i].columns = columns;
      doc.paragraphs[i].column_line = columns > 1 && line;
    }
    section_begin = doc.paragraphs.size();

    for (pugi::xml_node ref = sect.first_child(); ref; ref = ref.next_sibling()) {
      const std::string_view name = LocalName(ref.name());
      if ((name == "headerReference" || name == "footerReference") &&
          std::string_view(Attr(ref, "type").value()) == "default") {
        const auto it = rels.find(std::string_view(Attr(ref, "id").value()));
        (name == "headerReference" ? header_part : footer_part) =
            it == rels.end() ? "" : it->second;
      }
    }
    PageSetup page;
    const pugi::xml_node size = Child(sect, "pgSz");
    const pugi::xml_node margins = Child(sect, "pgMar");
    // Word's defaults when a sectPr says nothing: Letter, 1 inch margins.
    page.width_cm = TwipsToCm(Attr(size, "w").as_double(12240));
    page.height_cm = TwipsToCm(Attr(size, "h").as_double(15840));
    page.margin_top_cm = TwipsToCm(std::fabs(Attr(margins, "top").as_double(1440)));
    page.margin_bottom_cm = TwipsToCm(std::fabs(Attr(margins, "bottom").as_double(1440)));
    page.margin_left_cm = TwipsToCm(Attr(margins, "left").as_double(1440));
    page.margin_right_cm = TwipsToCm(Attr(margins, "right").as_double(1440));
    page.header = ReadHeaderFooter(header_part);
    page.footer = ReadHeaderFooter(footer_part);
    if (!header_part.empty()) page.header_cm = TwipsToCm(Attr(margins, "header").as_double(720));
    if (!footer_part.empty()) page.footer_cm = TwipsToCm(Attr(margins, "footer").as_double(720));
    AddPage(doc.pages, std::move(page));
  }
};

}  // namespace

Result<Document> ReadDocx(const OfficeFile& file) {
  const std::string& main = file.main_part();
  pugi::xml_document document;
  if (Status s = ParsePart(file, main, document); !s.ok()) return s;
  DocxStyles styles;
  pugi::xml_document styles_doc;
  pugi::xml_document theme_doc;
  pugi::xml_document numbering_doc;
  pugi::xml_document footnotes_doc;
  std::map<std::string, std::string, std::less<>> rels;
  if (file.Part(RelsPath(main)) != nullptr) {
    pugi::xml_document rels_doc;
    if (Status s = ParsePart(file, RelsPath(main), rels_doc); !s.ok()) return s;
    for (pugi::xml_node r = Child(rels_doc, "Relationships").first_child(); r;
         r = r.next_sibling()) {
      const std::string_view type = Attr(r, "Type").value();
      const std::string target = ResolveTarget(DirOf(main), Attr(r, "Target").value());
      if (file.Part(target) == nullptr) continue;
      rels[Attr(r, "Id").value()] = target;
      pugi::xml_document* into = type.ends_with("/styles")      ? &styles_doc
                                 : type.ends_with("/theme")     ? &theme_doc
                                 : type.ends_with("/numbering") ? &numbering_doc
                                 : type.ends_with("/footnotes") ? &footnotes_doc
                                                                : nullptr;
      if (into != nullptr) {
        if (Status s = ParsePart(file, target, *into); !s.ok()) return s;
      }
    }
  }
  styles.Load(styles_doc, theme_doc, numbering_doc);

  Reader reader{styles, file, main, std::move(rels), {}};
  const pugi::xml_node body = Child(Child(document, "document"), "body");
  reader.Block(body, 0);
  // The last section's properties are the body's own sectPr; a body without one is one section
  // with Word's defaults.
  const pugi::xml_node last = Child(body, "sectPr");
  pugi::xml_document empty;
  reader.EndSection(last ? last : empty.append_child("w:sectPr"));
  Document& doc = reader.doc;
  doc.body_images = CountImages(body, 0);

  // Footnotes in the order the body refers to them; separators are not notes.
  std::map<std::string, pugi::xml_node, std::less<>> notes;
  for (pugi::xml_node n = Child(footnotes_doc, "footnotes").first_child(); n;
       n = n.next_sibling()) {
    if (LocalName(n.name()) == "footnote" && *Attr(n, "type").value() == '\0') {
      notes[Attr(n, "id").value()] = n;
    }
  }
  for (const auto& [id, index] : reader.note_refs) {
    const auto it = notes.find(id);
    if (it == notes.end()) continue;
    std::vector<Paragraph> paragraphs;
    const size_t tables = doc.tables.size();
    reader.out = &paragraphs;
    reader.Block(it->second, 0);
    reader.out = &doc.paragraphs;
    doc.tables.resize(tables);
    doc.footnotes.push_back({JoinNoteText(paragraphs), doc.paragraphs[index].text});
  }
  return std::move(reader.doc);
}

}  // namespace khaothi::checker::internal
