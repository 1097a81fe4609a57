// A screen as a grid of cells, independent of ncurses: the UI model draws into it, the ncurses
// layer copies it to the terminal, and tests read it back as lines of text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khaothi::client::ui {

// Cell attributes. None of them is the only carrier of a meaning (the text always says it too);
// kWarn and kGood may add colour where the terminal has it.
enum Attr : uint8_t {
  kNormal = 0,
  kBold = 1,
  kReverse = 2,
  kUnderline = 4,
  kDim = 8,
  kWarn = 16,
  kGood = 32,
};

struct Cell {
  std::string glyph = " ";  // one cluster; empty for the right half of a wide character
  int attr = kNormal;       // Attr bits
};

class Grid {
 public:
  Grid(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  const Cell& at(int row, int col) const;

  // Writes `utf8` at (row, col), clipped to `max_width` columns (and the grid). Returns the
  // columns used. A wide character that does not fit is left out.
  int Put(int row, int col, std::string_view utf8, int attr = kNormal, int max_width = -1);
  // Sets `attr` on `width` cells of `row` from `col`, filling with spaces where empty.
  void Fill(int row, int col, int width, int attr);

  // Row `row` as text (trailing spaces removed).
  std::string Line(int row) const;
  // Every row joined with '\n'.
  std::string Text() const;

 private:
  int width_;
  int height_;
  std::vector<Cell> cells_;
};

}  // namespace khaothi::client::ui
