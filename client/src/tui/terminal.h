// The thin ncurses layer: puts a ui::Grid on the terminal and turns key presses, mouse clicks and
// resizes into ui::Input. Everything the candidate sees is decided by ui::Model; this file only
// copies it out. Wide characters and combining marks go through ncursesw (UTF-8 locale).
//
// Thread safety: one thread (the UI thread) owns the terminal.
#pragma once

#include <optional>

#include "khaothi/client/ui/grid.h"
#include "khaothi/client/ui/model.h"

namespace khaothi::client::tui {

class Terminal {
 public:
  // Starts curses on the controlling terminal. `wait_ms` bounds each Read().
  explicit Terminal(int wait_ms);
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;
  ~Terminal();

  int width() const;
  int height() const;
  void Draw(const ui::Grid& grid);
  // The next key press or click, or nullopt when none came within wait_ms (or the window was
  // resized: the caller redraws either way).
  std::optional<ui::Input> Read();
};

}  // namespace khaothi::client::tui
