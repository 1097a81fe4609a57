// The .odt reader: the body, its lists, sections, tables, notes and table of contents, and the
// master page's layout, header and footer. Formatting is resolved in LibreOffice's order
// (document_odt_styles.cc): the default paragraph style, then the paragraph style's parent chain
// (automatic styles in content.xml have common styles of styles.xml as parents), then each
// span's text style chain.
#include <algorithm>
#include <string>
#include <vector>

#include "khaothi/checker/limits.h"

#include "document_internal.h"
#include "document_odt_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

// Counts draw:frame elements holding an image (a frame may hold the same picture twice, SVG and
// a bitmap fallback: it is one picture).
int CountFrames(pugi::xml_node node, int depth) {
  if (depth > kMaxXmlDepth) return 0;
  int count = 0;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    if (LocalName(n.name()) == "frame" && Child(n, "image")) {
      ++count;
      continue;
    }
    count += CountFrames(n, depth + 1);
  }
  return count;
}

// Elements whose content is text a person sees in the paragraph: spans, links and fields (a
// field shows its last value, as a docx field shows its result).
bool ShowsContent(std::string_view name) {
  return name == "span" || name == "a" || name == "meta" || name == "page-number" ||
         name == "page-count" || name == "date" || name == "time" || name == "chapter" ||
         name == "title" || name == "subject" || name == "file-name" || name == "author-name" ||
         name == "initial-creator" || name == "sequence" || name == "reference-ref" ||
         name == "bookmark-ref";
}

struct ListContext {
  std::string style;    // the list style of the innermost text:list
  int level = -1;       // -1 outside any list
  bool header = false;  // in a text:list-header: no label
};

struct Reader {
  const OdtStyles& styles;
  Document doc;
  std::vector<Paragraph>* out = &doc.paragraphs;
  int table_depth = 0;

  void Pieces(pugi::xml_node node, const OdtLayer& layer, Paragraph& para,
              std::vector<std::string>& notes, int depth) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
      if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
        AddPiece(para, n.value(), layer.Format());
        continue;
      }
      if (n.type() != pugi::node_element) continue;
      const std::string_view name = LocalName(n.name());
      if (ShowsContent(name)) {
        if (name == "page-number") {
          // The number shown differs from page to page; it is not text the candidate typed.
          para.page_number = true;
          continue;
        }
        const OdtLayer inner = styles.Resolve(styles.text, Attr(n, "style-name").value(), layer);
        Pieces(n, inner, para, notes, depth + 1);
      } else if (name == "s") {
        AddPiece(para,
                 std::string(static_cast<size_t>(std::clamp(Attr(n, "c").as_int(1), 1, 1000)), ' '),
                 layer.Format());
      } else if (name == "tab") {
        AddPiece(para, "\t", layer.Format());
      } else if (name == "line-break") {
        AddPiece(para, "\n", layer.Format());
      } else if (name == "note" && std::string_view(Attr(n, "note-class").value()) != "endnote") {
        std::vector<Paragraph> body;
        std::vector<Paragraph>* saved = out;
        out = &body;
        Block(Child(n, "note-body"), {}, 1, depth + 1);
        out = saved;
        notes.push_back(JoinNoteText(body));
      }
      // Annotations, bookmarks and frames hold no text of this paragraph.
    }
  }

  void ReadParagraph(pugi::xml_node n, const ListContext& list, int columns, bool column_line) {
    const std::string_view style_name = Attr(n, "style-name").value();
    const OdtLayer layer = styles.Resolve(styles.paragraph, style_name, styles.defaults);
    Paragraph para;
    para.in_table = table_depth > 0;
    styles.Apply(layer, style_name, para);
    if (LocalName(n.name()) == "h") {
      para.heading_level = std::clamp(Attr(n, "outline-level").as_int(1), 1, 9);
    }
    if (list.level >= 0 && !list.header) {
      const std::string& list_style = layer.list_style ? *layer.list_style : list.style;
      para.list = styles.ListLevel(list_style, list.level);
      para.list_level = para.list == ListType::kNone ? 0 : list.level;
    }
    para.columns = columns;
    para.column_line = column_line;
    std::vector<std::string> notes;
    Pieces(n, layer, para, notes, 0);
    Finish(para);
    if (out == &doc.paragraphs) {
      for (std::string& text : notes) doc.footnotes.push_back({std::move(text), para.text});
      if (layer.master_page && !layer.master_page->empty()) {
        masters.emplace_back(*layer.master_page, out->size());
      }
    }
    out->push_back(std::move(para));
  }

  void ReadTable(pugi::xml_node table, const ListContext& list, int depth) {
    const size_t slot = doc.tables.size();
    doc.tables.emplace_back();
    TableGrid grid;
    ++table_depth;
    bool first_row = true;
    auto rows = [&](auto&& self, pugi::xml_node parent, int d) -> void {
      if (d > kMaxXmlDepth) return;
      for (pugi::xml_node row = parent.first_child(); row; row = row.next_sibling()) {
        const std::string_view name = LocalName(row.name());
        if (name == "table-header-rows" || name == "table-rows" || name == "table-row-group") {
          self(self, row, d + 1);
          continue;
        }
        if (name != "table-row") continue;
        if (first_row) grid.first_row_begin = out->size();
        std::vector<std::string> cells;
        std::vector<CellSides> sides;
        std::vector<std::string> fills;
        for (pugi::xml_node cell = row.first_child(); cell; cell = cell.next_sibling()) {
          const std::string_view cname = LocalName(cell.name());
          if (cname != "table-cell" && cname != "covered-table-cell") continue;
          if (cname == "covered-table-cell" || Attr(cell, "number-columns-spanned").as_int(1) > 1 ||
              Attr(cell, "number-rows-spanned").as_int(1) > 1) {
            grid.merged = true;
          }
          const size_t first = out->size();
          Block(cell, list, 1, depth + 1);
          std::string text;
          for (size_t i = first; i < out->size(); ++i) {
            text += (i == first ? "" : "\n") + (*out)[i].text;
          }
          const OdtCell look = styles.Cell(Attr(cell, "style-name").value());
          const int repeat = std::clamp(Attr(cell, "number-columns-repeated").as_int(1), 1, 64);
          for (int r = 0; r < repeat; ++r) {
            cells.push_back(r == 0 ? text : "");
            sides.push_back(look.sides);
            fills.push_back(look.fill);
          }
        }
        const int repeat = std::clamp(Attr(row, "number-rows-repeated").as_int(1), 1, 100);
        for (int r = 0; r < repeat; ++r) {
          grid.cells.push_back(cells);
          grid.sides.push_back(sides);
          grid.fills.push_back(fills);
        }
        if (first_row) grid.first_row_end = out->size();
        first_row = false;
      }
    };
    rows(rows, table, depth + 1);
    --table_depth;
    doc.tables[slot] = MakeTable(grid, *out);
  }

  void Block(pugi::xml_node node, const ListContext& list, int columns, int depth,
             bool column_line = false) {
    if (depth > kMaxXmlDepth) return;
    for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = LocalName(n.name());
      if (name == "p" || name == "h") {
        ReadParagraph(n, list, columns, column_line);
      } else if (name == "list") {
        ListContext inner = list;
        if (const char* style = Attr(n, "style-name").value(); *style != '\0') inner.style = style;
        inner.level = list.level + 1;
        inner.header = false;
        Block(n, inner, columns, depth + 1, column_line);
      } else if (name == "list-item" || name == "list-header") {
        ListContext inner = list;
        inner.header = name == "list-header";
        Block(n, inner, columns, depth + 1, column_line);
      } else if (name == "section") {
        const OdtColumns section = styles.SectionColumns(Attr(n, "style-name").value());
        if (section.count > 1) {
          Block(n, list, section.count, depth + 1, section.line);
        } else {
          Block(n, list, columns, depth + 1, column_line);
        }
      } else if (name == "table") {
        ReadTable(n, list, depth + 1);
      } else if (name == "table-of-content") {
        doc.toc = true;
        std::vector<Paragraph> entries;
        std::vector<Paragraph>* saved = out;
        const size_t tables = doc.tables.size();
        out = &entries;
        const pugi::xml_node index = Child(n, "index-body");
        for (pugi::xml_node e = index.first_child(); e; e = e.next_sibling()) {
          if (LocalName(e.name()) == "index-title") {
            Block(e, list, columns, depth + 1);
          } else if (LocalName(e.name()) == "p") {
            ReadParagraph(e, list, columns, column_line);
          }
        }
        out = saved;
        doc.tables.resize(tables);
        for (const Paragraph& p : entries) doc.toc_entries.push_back(p.text);
      }
    }
  }

  // The master pages the body's paragraphs start, in order, with the paragraph's index.
  std::vector<std::pair<std::string, size_t>> masters;
};

}  // namespace

Result<Document> ReadOdt(const OfficeFile& file) {
  pugi::xml_document content;
  if (Status s = ParsePart(file, "content.xml", content); !s.ok()) return s;
  pugi::xml_document styles_doc;
  if (file.Part("styles.xml") != nullptr) {
    if (Status s = ParsePart(file, "styles.xml", styles_doc); !s.ok()) return s;
  }
  OdtStyles styles;
  styles.Load(Child(styles_doc, "document-styles"), Child(content, "document-content"));

  Reader reader{styles, {}};
  const pugi::xml_node body = Child(Child(Child(content, "document-content"), "body"), "text");
  const OdtColumns page_columns = styles.PageColumns(styles.FirstMaster());
  reader.Block(body, {}, page_columns.count, 0, page_columns.line);
  Document& doc = reader.doc;
  doc.body_images = CountFrames(body, 0);

  // The first page's master page is the first paragraph's (or Standard); later ones follow
  // the paragraphs that start them.
  std::vector<std::string> masters;
  if (reader.masters.empty() || reader.masters.front().second != 0) {
    masters.push_back(styles.FirstMaster());
  }
  for (const auto& [name, index] : reader.masters) masters.push_back(name);
  for (const std::string& name : masters) {
    const pugi::xml_node master = styles.Master(name);
    PageSetup page = styles.Page(master);
    for (const bool header : {true, false}) {
      const pugi::xml_node part = Child(master, header ? "header" : "footer");
      if (!part || std::string_view(Attr(part, "display").value()) == "false") continue;
      std::vector<Paragraph> paragraphs;
      const size_t tables = doc.tables.size();
      reader.out = &paragraphs;
      reader.Block(part, {}, 1, 0);
      reader.out = &doc.paragraphs;
      doc.tables.resize(tables);
      doc.header_images += CountFrames(part, 0);
      (header ? page.header : page.footer) = std::move(paragraphs);
    }
    AddPage(doc.pages, std::move(page));
  }
  return std::move(reader.doc);
}

}  // namespace khaothi::checker::internal
