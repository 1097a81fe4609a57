// Text measuring for the terminal: UTF-8 decoding, display widths (wide characters take two
// columns, combining marks none), grapheme-ish clusters, and word wrapping by columns.
//
// Widths come from ICU's character properties, not from the C library's wcwidth(), so that they
// do not depend on the process's locale and the UI model renders the same everywhere.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace khaothi::client::ui {

// One displayed unit: a base character with the combining marks that follow it.
struct Cluster {
  std::string bytes;  // UTF-8
  int width = 1;      // 0, 1 or 2 columns
};

// Splits UTF-8 text into clusters. Invalid bytes become U+FFFD; control characters are dropped
// (tabs become one space).
std::vector<Cluster> Clusters(std::string_view utf8);

// Display width of `utf8` in columns.
int DisplayWidth(std::string_view utf8);

// `utf8` cut to at most `width` columns; "…" marks a cut when `ellipsis` is set.
std::string Truncate(std::string_view utf8, int width, bool ellipsis = true);

// `utf8` word-wrapped to lines of at most `width` columns (width >= 1). Newlines start new lines;
// a word longer than a line is broken.
std::vector<std::string> Wrap(std::string_view utf8, int width);

// Replaces {0}, {1}, ... in `pattern` with `args`.
std::string Format(std::string_view pattern, const std::vector<std::string>& args);

}  // namespace khaothi::client::ui
