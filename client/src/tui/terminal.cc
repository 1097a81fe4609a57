#include "terminal.h"

#include <curses.h>

namespace khaothi::client::tui {
namespace {

constexpr short kPairWarn = 1;
constexpr short kPairGood = 2;

attr_t CursesAttr(int a) {
  attr_t out = A_NORMAL;
  if ((a & ui::kBold) != 0) {
    out |= A_BOLD;
  }
  if ((a & ui::kReverse) != 0) {
    out |= A_REVERSE;
  }
  if ((a & ui::kUnderline) != 0) {
    out |= A_UNDERLINE;
  }
  if ((a & ui::kDim) != 0) {
    out |= A_DIM;
  }
  return out;
}

}  // namespace

Terminal::Terminal(int wait_ms) {
  set_escdelay(25);
  initscr();
  raw();  // Ctrl-C and Ctrl-Z do not end the exam by accident
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  curs_set(0);
  timeout(wait_ms);
  mouseinterval(0);
  mousemask(BUTTON1_PRESSED, nullptr);
  if (has_colors()) {
    start_color();
    use_default_colors();
    init_pair(kPairWarn, COLOR_RED, -1);
    init_pair(kPairGood, COLOR_GREEN, -1);
  }
}

Terminal::~Terminal() { endwin(); }

int Terminal::width() const { return COLS; }
int Terminal::height() const { return LINES; }

void Terminal::Draw(const ui::Grid& grid) {
  erase();
  const bool colors = has_colors();
  for (int r = 0; r < grid.height() && r < LINES; ++r) {
    move(r, 0);
    for (int c = 0; c < grid.width() && c < COLS; ++c) {
      const ui::Cell& cell = grid.at(r, c);
      if (cell.glyph.empty()) {
        continue;  // the right half of a wide character
      }
      short pair = 0;
      if (colors && (cell.attr & ui::kWarn) != 0) {
        pair = kPairWarn;
      } else if (colors && (cell.attr & ui::kGood) != 0) {
        pair = kPairGood;
      }
      // The function, not the macro of the same name (whose casts trip -Wconversion).
      (wattr_set)(stdscr, CursesAttr(cell.attr), pair, nullptr);
      mvaddstr(r, c, cell.glyph.c_str());
    }
  }
  (wattr_set)(stdscr, A_NORMAL, 0, nullptr);
  refresh();
}

std::optional<ui::Input> Terminal::Read() {
  using K = ui::Input::Kind;
  wint_t ch = 0;
  const int r = get_wch(&ch);
  if (r == ERR) {
    return std::nullopt;
  }
  if (r == KEY_CODE_YES) {
    switch (ch) {
      case KEY_UP:
        return ui::Input::Key(K::kUp);
      case KEY_DOWN:
        return ui::Input::Key(K::kDown);
      case KEY_LEFT:
        return ui::Input::Key(K::kLeft);
      case KEY_RIGHT:
        return ui::Input::Key(K::kRight);
      case KEY_ENTER:
        return ui::Input::Key(K::kEnter);
      case KEY_BACKSPACE:
      case KEY_DC:
        return ui::Input::Key(K::kBackspace);
      case KEY_PPAGE:
        return ui::Input::Key(K::kPageUp);
      case KEY_NPAGE:
        return ui::Input::Key(K::kPageDown);
      case KEY_HOME:
        return ui::Input::Key(K::kHome);
      case KEY_END:
        return ui::Input::Key(K::kEnd);
      case KEY_BTAB:
        return ui::Input::Key(K::kTab);
      case KEY_MOUSE: {
        MEVENT ev{};
        if (getmouse(&ev) == OK && (ev.bstate & BUTTON1_PRESSED) != 0) {
          return ui::Input::Click(ev.y, ev.x);
        }
        return std::nullopt;
      }
      default:
        return std::nullopt;  // KEY_RESIZE and the rest: the caller redraws
    }
  }
  switch (ch) {
    case L'\r':
    case L'\n':
      return ui::Input::Key(K::kEnter);
    case L'\t':
      return ui::Input::Key(K::kTab);
    case 27:
      return ui::Input::Key(K::kEscape);
    case 127:
    case 8:
      return ui::Input::Key(K::kBackspace);
    default:
      if (ch < 0x20) {
        return std::nullopt;
      }
      return ui::Input::Char(static_cast<char32_t>(ch));
  }
}

}  // namespace khaothi::client::tui
