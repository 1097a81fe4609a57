// A text document read from a .docx or an .odt, in one model: paragraphs in reading order with
// their text (NFC) and the formatting a person sees, resolved through the inheritance chain —
//   docx: docDefaults → paragraph style (basedOn chain) → run style → direct formatting, with
//         theme fonts (minorHAnsi, …) and theme colours looked up in the theme;
//   odt:  default paragraph style → parent styles → the paragraph's (automatic) style → spans;
// its tables, page setup with headers and footers, footnotes, images and table of contents.
// The same document saved in either format gives the same model; lengths are in centimetres
// and sizes in points whatever unit the file used (twips, half-points, EMU, "0.5in").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khaothi/checker/office_file.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker {

enum class Alignment { kStart, kCenter, kEnd, kJustify };
std::string_view AlignmentName(Alignment alignment);  // "start", "center", "end", "justify"

struct RunFormat {
  std::string font;    // "Times New Roman"
  double size_pt = 0;  // 13
  bool bold = false;
  bool italic = false;
  bool underline = false;
  std::string color;  // "C00000" (upper-case hex); empty for automatic (black on white)
  friend bool operator==(const RunFormat&, const RunFormat&) = default;
};

struct Run {
  std::string text;
  RunFormat format;
};

enum class ListType { kNone, kBullet, kNumber };
std::string_view ListTypeName(ListType type);  // "none", "bullet", "number"

// How line spacing is given: a multiple of single spacing (1.15), or a height in points, exact
// or at least.
enum class LineRule { kMultiple, kExact, kAtLeast };

struct Paragraph {
  std::string text;  // NFC; tabs as '\t', line breaks as '\n'
  Alignment alignment = Alignment::kStart;
  // Adjacent pieces of the same format are merged into one run; empty pieces are dropped, so two
  // producers that split a paragraph differently give the same runs.
  std::vector<Run> runs;

  // The named style as the application shows it ("Heading 1", "Title"); empty for the default
  // paragraph style (Word's Normal, LibreOffice's Default Paragraph Style) and for none.
  std::string style;
  int heading_level = 0;  // 1..9 for a heading (outline level), 0 for body text
  ListType list = ListType::kNone;
  int list_level = 0;  // 0 for the outermost level of a list
  double space_before_pt = 0;
  double space_after_pt = 0;
  LineRule line_rule = LineRule::kMultiple;
  double line_spacing = 1;  // the multiple, or points for kExact and kAtLeast
  // The paragraph's own indents (a list's label indent not included); a negative first-line
  // indent is a hanging indent.
  double indent_left_cm = 0;
  double indent_right_cm = 0;
  double indent_first_cm = 0;
  bool border = false;       // a border on at least one side
  std::string fill;          // background "FFF2CC"; empty for none
  int columns = 1;           // the text columns of the section the paragraph is in
  bool column_line = false;  // a line between those columns
  bool in_table = false;
  // Holds a page-number field (headers and footers); the number it shows is not in `text`.
  bool page_number = false;
};

struct Table {
  // Row by row, one string per grid column: a merged cell's text in its first grid cell, the
  // cells it covers empty. A cell's paragraphs are joined by '\n'.
  std::vector<std::vector<std::string>> cells;
  int rows = 0;
  int columns = 0;           // the widest row
  bool merged = false;       // some cell spans columns or rows
  bool borders = false;      // every edge of every cell has a visible border
  bool header_bold = false;  // all the visible text of the first row is bold
  std::string header_fill;   // the first row's background when all its cells share one, or ""
};

// A page style (docx: a section's sectPr; odt: a master page and its page layout).
struct PageSetup {
  double width_cm = 0;
  double height_cm = 0;
  // From the page's edge to the body text, as Word's Page Setup shows it. LibreOffice's margin
  // is to the header (footer) when there is one: that is header_cm (footer_cm).
  double margin_top_cm = 0;
  double margin_bottom_cm = 0;
  double margin_left_cm = 0;
  double margin_right_cm = 0;
  double header_cm = 0;           // from the top edge to the header; 0 without a header
  double footer_cm = 0;           // from the bottom edge to the footer; 0 without a footer
  std::vector<Paragraph> header;  // the default (odd-page) header's paragraphs
  std::vector<Paragraph> footer;
};

struct Footnote {
  std::string text;    // NFC, leading white space trimmed
  std::string anchor;  // the text of the body paragraph that refers to it
};

struct Document {
  // Body paragraphs in reading order, those in tables and lists included; headers, footers,
  // notes and the table of contents' entries not.
  std::vector<Paragraph> paragraphs;
  std::vector<Table> tables;  // body tables in reading order (a nested table after its parent)
  // The page styles the body uses, in order, each once (consecutive sections with the same
  // page setup, header and footer are one).
  std::vector<PageSetup> pages;
  std::vector<Footnote> footnotes;  // in the order the body refers to them
  int body_images = 0;
  int header_images = 0;  // in headers and footers
  bool toc = false;
  std::vector<std::string> toc_entries;  // the entries' text as last updated (may be empty)
};

// The document of a .docx or .odt; refuses (CannotCheck) a file of another kind.
[[nodiscard]] Result<Document> ReadDocument(const OfficeFile& file);

}  // namespace khaothi::checker
