// A presentation read from a .pptx or an .odp, in one model: slides in show order with what a
// person sees on each — its layout, title, body text with bullets and levels, the sizes of its
// text resolved through the inheritance chain, images, shapes, tables, transition, animations,
// footer, slide number, date, background and speaker notes — so the same presentation saved in
// either format gives the same answers.
//
//   pptx: a run's size from the run, then its paragraph, then the shape's list style, then the
//         layout's and the master's placeholder of the same type, then the master's text styles
//         (title, body, other); the background from the slide, then its layout, then its master;
//   odp:  a span's automatic style, then the paragraph's, then the frame's presentation style
//         and its parents (the master's title/outline styles), then the default style; the
//         background from the page's drawing-page style, then its master page's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khaothi/checker/office_file.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker {

// Layouts in one vocabulary. pptx names its layouts and ODF numbers them, and neither name is
// reliable (LibreOffice writes type="tx" for a Title Slide layout), so a layout is known by its
// placeholders: a title and a subtitle make a title slide, a title and one content area title
// and content, and so on; pptx's type="secHead" makes a section header.
enum class Layout { kTitle, kTitleAndContent, kTwoContent, kTitleOnly, kBlank, kSection, kOther };
// "title", "title_and_content", "two_content", "title_only", "blank", "section", "other"
std::string_view LayoutName(Layout layout);
// The name PowerPoint shows: "Title Slide", "Title and Content", ...
std::string_view LayoutDisplayName(Layout layout);

struct SlideParagraph {
  std::string text;       // NFC; line breaks as '\n'
  int level = 0;          // 0 for the first outline level
  bool bullet = false;    // shows a bullet or a number
  bool numbered = false;  // shows a number (1. 2. 3. / a) b) ...)
  double size_pt = 0;     // the smallest size of its visible text, 0 when it has none
};

struct SlideTable {
  int rows = 0;
  int columns = 0;
};

enum class BackgroundKind { kDefault, kSolid, kGradient, kImage, kPattern };
std::string_view BackgroundKindName(BackgroundKind kind);  // "default", "solid", ...

struct Background {
  BackgroundKind kind = BackgroundKind::kDefault;  // kDefault: the application's plain white
  std::string colour;                              // "#1f4e79" (lower case) for a solid fill
  friend bool operator==(const Background&, const Background&) = default;
};

struct Slide {
  bool hidden = false;
  Layout layout = Layout::kBlank;
  std::string title;         // NFC, lines joined by a space; empty when there is none
  double title_size_pt = 0;  // the smallest size of the title's visible text
  // The paragraphs of the content placeholders (subtitle, body, outline, object), in order.
  std::vector<SlideParagraph> body;
  // Every other text on the slide: text boxes, shapes, table cells (not the footer, date or
  // slide number).
  std::vector<std::string> other_texts;
  int images = 0;  // pictures, placeholders filled with a picture included
  // Drawn shapes: rectangles, ellipses, block arrows, lines, connectors (not text boxes,
  // placeholders, pictures or tables); a group counts its members.
  int shapes = 0;
  int connectors = 0;  // lines and connectors (with or without a head) and block arrows
  std::vector<SlideTable> tables;
  std::string transition;  // the effect as the file names it ("fade", "barWipe"); empty: none
  int animations = 0;      // entrance, emphasis, exit and motion-path effects
  std::string footer;      // the footer text shown on the slide; empty when none is shown
  bool slide_number = false;
  bool date = false;
  Background background;
  std::string notes;  // the speaker notes, paragraphs joined by '\n'
};

struct Presentation {
  std::vector<Slide> slides;  // in show order, hidden ones included
  // The slide size in centimetres (pptx: EMU / 360000; odp: the master's page layout), 0 when
  // the file does not say: 25,4 × 19,05 is 4:3, 33,867 × 19,05 (PowerPoint) or 28 × 15,75
  // (LibreOffice) 16:9.
  double width_cm = 0;
  double height_cm = 0;
};

// The presentation of a .pptx or .odp; refuses (CannotCheck) a file of another kind.
[[nodiscard]] Result<Presentation> ReadPresentation(const OfficeFile& file);

}  // namespace khaothi::checker
