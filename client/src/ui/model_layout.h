// What the candidate's input model (model.cc) and its drawing (model_render.cc) share: the
// navigator's geometry, which must agree between the keys that move in it and the cells drawn,
// and a few small text helpers. Private to khaothi_client_ui.
#pragma once

#include <string>

#include "khaothi/client/ui/model.h"
#include "khaothi/client/ui/text.h"

namespace khaothi::client::ui {

// The question navigator: kNavColumns cells of kNavCell columns, plus a border.
inline constexpr int kNavCell = 6;
inline constexpr int kNavColumns = 4;
inline constexpr int kNavWidth = kNavCell * kNavColumns + 2;

// "A", "B", ... for option i.
inline std::string Letter(int i) { return std::string(1, static_cast<char>('A' + i)); }

// ASCII lower case, for the y/n and letter keys.
inline char32_t Lower(char32_t c) { return (c >= U'A' && c <= U'Z') ? c - U'A' + U'a' : c; }

inline bool Answered(const SlotState& s) { return !s.choice.empty(); }

// "2000-01-31" as Vietnamese write it, "31/01/2000"; anything else as it is.
inline std::string DayMonthYear(const std::string& iso) {
  if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-') {
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
  }
  return iso;
}

// `s` padded with spaces to `width` display columns.
inline std::string Pad(std::string s, int width) {
  const int w = DisplayWidth(s);
  if (w < width) {
    s.append(static_cast<size_t>(width - w), ' ');
  }
  return s;
}

}  // namespace khaothi::client::ui
