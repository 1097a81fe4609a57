#include "khaothi/client/ui/grid.h"

#include "khaothi/client/ui/text.h"

namespace khaothi::client::ui {

Grid::Grid(int width, int height)
    : width_(width < 0 ? 0 : width),
      height_(height < 0 ? 0 : height),
      cells_(static_cast<size_t>(width_) * static_cast<size_t>(height_)) {}

const Cell& Grid::at(int row, int col) const {
  return cells_[static_cast<size_t>(row) * static_cast<size_t>(width_) + static_cast<size_t>(col)];
}

int Grid::Put(int row, int col, std::string_view utf8, int attr, int max_width) {
  if (row < 0 || row >= height_ || col < 0 || col >= width_) {
    return 0;
  }
  int limit = width_ - col;
  if (max_width >= 0 && max_width < limit) {
    limit = max_width;
  }
  int used = 0;
  for (Cluster& c : Clusters(utf8)) {
    if (used + c.width > limit) {
      break;
    }
    const size_t base =
        static_cast<size_t>(row) * static_cast<size_t>(width_) + static_cast<size_t>(col + used);
    cells_[base] = Cell{std::move(c.bytes), attr};
    if (c.width == 2) {
      cells_[base + 1] = Cell{"", attr};
    }
    used += c.width;
  }
  return used;
}

void Grid::Fill(int row, int col, int width, int attr) {
  if (row < 0 || row >= height_) {
    return;
  }
  for (int c = col < 0 ? 0 : col; c < col + width && c < width_; ++c) {
    cells_[static_cast<size_t>(row) * static_cast<size_t>(width_) + static_cast<size_t>(c)].attr =
        attr;
  }
}

std::string Grid::Line(int row) const {
  std::string out;
  for (int c = 0; c < width_; ++c) {
    out += at(row, c).glyph;
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::string Grid::Text() const {
  std::string out;
  for (int r = 0; r < height_; ++r) {
    out += Line(r);
    out += '\n';
  }
  return out;
}

}  // namespace khaothi::client::ui
