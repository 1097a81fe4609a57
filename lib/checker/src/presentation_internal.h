// The two presentation readers behind ReadPresentation and what they share (private).
#pragma once

#include <string>
#include <string_view>

#include "khaothi/checker/office_file.h"
#include "khaothi/checker/presentation.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker::internal {

[[nodiscard]] Result<Presentation> ReadPptx(const OfficeFile& file);
[[nodiscard]] Result<Presentation> ReadOdp(const OfficeFile& file);

// What a layout's (or a page's) placeholders are, counted to name the layout.
struct Placeholders {
  bool title = false;
  bool subtitle = false;
  int content = 0;  // body, outline, object, picture, table, chart placeholders
};
Layout LayoutOf(const Placeholders& placeholders);

// True when `text` has nothing a person sees: empty, or only spaces, tabs, line breaks and
// no-break spaces.
bool LooseTextEmpty(std::string_view text);
// `text` without the spaces, tabs and line breaks around it (a title ending in a line break).
std::string Trimmed(const std::string& text);

// Slides above this many are not read: a real presentation has tens, and the bound keeps a
// crafted file from costing more than its parts.
inline constexpr int kMaxSlides = 1000;

}  // namespace khaothi::checker::internal
