// The two document readers behind ReadDocument and what they share (private).
#pragma once

#include <string>
#include <vector>

#include "khaothi/checker/document.h"
#include "khaothi/checker/office_file.h"

namespace khaothi::checker::internal {

[[nodiscard]] Result<Document> ReadDocx(const OfficeFile& file);
[[nodiscard]] Result<Document> ReadOdt(const OfficeFile& file);

std::string Nfc(const std::string& text);
// Appends a piece of text to the paragraph, merging it into the last run when the format is the
// same.
void AddPiece(Paragraph& paragraph, std::string text, const RunFormat& format);
// NFC-normalises the runs and sets the paragraph's text.
void Finish(Paragraph& paragraph);

// "c00000", "#C00000" → "C00000"; anything not six hex digits ("auto", "transparent") → "".
std::string HexColor(std::string_view text);

// The borders one table cell's own properties give it, side by side.
struct CellSides {
  bool top = false;
  bool bottom = false;
  bool left = false;
  bool right = false;
};

// A table as a reader collects it, grid cell by grid cell (a cell spanning columns repeats its
// sides in each grid cell it covers).
struct TableGrid {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::vector<CellSides>> sides;
  std::vector<std::vector<std::string>> fills;  // per grid cell; "" for none
  bool merged = false;
  // The body paragraphs of the first row, [first_row_begin, first_row_end) of the document's.
  size_t first_row_begin = 0;
  size_t first_row_end = 0;
};

// The table a person sees: an edge is bordered when either cell sharing it draws a border there
// (producers write a shared border once, on either side), and `borders` holds when every edge of
// every cell is.
Table MakeTable(const TableGrid& grid, const std::vector<Paragraph>& paragraphs);

// Sets `page_number` and the sections' columns are the readers' own; this removes consecutive
// repeats of one page setup (same size, margins, header and footer text).
void AddPage(std::vector<PageSetup>& pages, PageSetup page);

// A note's text: its paragraphs joined by '\n', leading white space (Word's tab after the
// reference mark) trimmed.
std::string JoinNoteText(const std::vector<Paragraph>& paragraphs);

// Lengths.
inline double TwipsToCm(double twips) { return twips * 2.54 / 1440; }
inline double PointsToCm(double points) { return points * 2.54 / 72; }

}  // namespace khaothi::checker::internal
