// A text document read from a .docx or an .odt, in one model: paragraphs in reading order with
// their text (NFC) and the formatting a person sees, resolved through the inheritance chain —
//   docx: docDefaults → paragraph style (basedOn chain) → run style → direct formatting, with
//         theme fonts (minorHAnsi, …) looked up in the theme;
//   odt:  default paragraph style → parent styles → the paragraph's (automatic) style → spans.
// The same document saved in either format gives the same paragraphs, runs and formats.
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
  friend bool operator==(const RunFormat&, const RunFormat&) = default;
};

struct Run {
  std::string text;
  RunFormat format;
};

struct Paragraph {
  std::string text;  // NFC; tabs as '\t', line breaks as '\n'
  Alignment alignment = Alignment::kStart;
  // Adjacent pieces of the same format are merged into one run; empty pieces are dropped, so two
  // producers that split a paragraph differently give the same runs.
  std::vector<Run> runs;
};

struct Document {
  // Body paragraphs in reading order, those in tables and lists included; headers, footers,
  // notes and comments not (they come with the checks that need them).
  std::vector<Paragraph> paragraphs;
};

// The document of a .docx or .odt; refuses (CannotCheck) a file of another kind.
[[nodiscard]] Result<Document> ReadDocument(const OfficeFile& file);

}  // namespace khaothi::checker
