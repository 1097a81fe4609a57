// A presentation read from a .pptx or an .odp, in one model: slides in show order with their
// title and body text, so the same presentation saved in either format gives the same answers.
// (The first slice: titles and text. Layouts, images, transitions, animations, footers,
// backgrounds and notes come with the presentation checks.)
#pragma once

#include <string>
#include <vector>

#include "khaothi/checker/office_file.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker {

struct Slide {
  std::string title;               // NFC; empty when the slide has no title placeholder
  std::vector<std::string> texts;  // the other text frames' paragraphs, in reading order
};

struct Presentation {
  std::vector<Slide> slides;  // in show order, hidden ones included
};

// The presentation of a .pptx or .odp; refuses (CannotCheck) a file of another kind.
[[nodiscard]] Result<Presentation> ReadPresentation(const OfficeFile& file);

}  // namespace khaothi::checker
