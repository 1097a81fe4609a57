// The candidate's terminal UI as a pure state machine: it takes the protocol client's events, a
// snapshot of what the client knows, key presses and mouse clicks, and the time; it returns the
// actions to perform on the client and renders each screen into a Grid. It does no I/O and knows
// nothing of ncurses, so that every screen and every transition is unit-tested.
//
// Screens: connect → login → confirm personal data → (waiting for the unlock) → rules → exam ⇄
// review → result → (the practical, when the session has one on the computer) → final. Logging in
// to an attempt already in progress goes straight back to the exam; to an attempt already
// submitted, to the result.
//
// Thread safety: none; the UI thread owns the model.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/client/exam_client.h"
#include "khaothi/client/ui/catalogue.h"
#include "khaothi/client/ui/grid.h"

namespace khaothi::client::ui {

enum class Screen {
  kConnect,
  kLogin,
  kConfirm,
  kWaitUnlock,
  kRules,
  kExam,
  kReview,
  kResult,
  kPractical,
  kFinal,
};

// What the protocol client knows, copied from its thread-safe snapshots.
struct ClientView {
  bool connected = false;
  CandidateInfo info;
  std::vector<Question> questions;
  std::vector<SlotState> answers;
  std::optional<std::chrono::milliseconds> remaining;
  std::string attempt_state;
  std::optional<Result> result;
  int pending = 0;
  // The practical test (protocol 1.1); nullopt until the server sent it.
  std::optional<PracticalView> practical;
  std::optional<std::chrono::milliseconds> practical_remaining;
};

// One key press or mouse click.
struct Input {
  enum class Kind {
    kChar,  // `ch` is a Unicode code point
    kUp,
    kDown,
    kLeft,
    kRight,
    kEnter,
    kBackspace,
    kTab,
    kEscape,
    kPageUp,
    kPageDown,
    kHome,
    kEnd,
    kClick,  // `row`, `col`
  };
  Kind kind = Kind::kChar;
  char32_t ch = 0;
  int row = 0;
  int col = 0;

  static Input Char(char32_t c) { return Input{Kind::kChar, c}; }
  static Input Key(Kind k) { return Input{k}; }
  static Input Click(int r, int c) { return Input{Kind::kClick, 0, r, c}; }
};

// Something the UI asks the protocol client (or the program) to do.
struct Action {
  enum class Kind {
    kLogin,
    kStart,
    kAnswer,
    kFlag,
    kSubmit,
    kReport,
    kStartPractical,
    kSubmitPractical,
    kQuit
  };
  Kind kind = Kind::kStart;
  std::string sbd;
  std::string password;
  std::string text;  // kReport
  int slot = -1;
  std::vector<int> choice;
  bool flagged = false;
};

struct ModelOptions {
  Lang lang = Lang::kVi;
  std::string server;   // "host:port", shown while connecting
  std::string machine;  // this PC's name, shown at login
};

class Model {
 public:
  explicit Model(ModelOptions options);

  // The client's latest snapshot and the time now (a monotonic clock, for banners only; the time
  // left always comes from `view.remaining`). Call before every Render and after every action.
  std::vector<Action> Sync(const ClientView& view, int64_t now_ms);
  std::vector<Action> OnEvent(const Event& event);
  // A key press or click. Nothing acts (it is only counted) while the last Render was too small
  // to show the screen: the candidate cannot see what it would do.
  std::vector<Action> OnInput(const Input& input);

  // Draws the current screen. Remembers where options and questions were drawn, for clicks.
  Grid Render(int width, int height);

  Screen screen() const { return screen_; }
  int current() const { return current_; }
  // A configuration problem that stops the client connecting (shown on the connect screen, with
  // the technical `detail` in English only).
  void SetFatal(std::string message, std::string detail = "") {
    fatal_ = std::move(message);
    setup_fault_ = true;
    detail_ = std::move(detail);
  }
  // The technical reason of the last set-up fault (English, for the technician; the program
  // prints it when it closes); empty when there was none.
  std::string SetupFaultDetail() const {
    const bool fault = setup_fault_ || connect_code_ == "certificate" || connect_code_ == "resolve";
    return fault ? detail_ : std::string();
  }

  static constexpr int kMinWidth = 80;
  static constexpr int kMinHeight = 24;

 private:
  struct Hit {
    int row, col, width;
    enum class Kind { kOption, kQuestion, kButton } kind;
    int value;
  };
  struct Banner {
    std::string text;
    int64_t until_ms;  // 0: until replaced
    bool warn;
  };

  std::string T(Msg m) const { return std::string(Text(options_.lang, m)); }
  std::string F(Msg m, const std::vector<std::string>& args) const;
  void Go(Screen s);
  void AfterLogin(std::vector<Action>& out);
  std::vector<Action> ExamKey(const Input& in);
  std::vector<Action> ReviewKey(const Input& in);
  // Chooses `option` for the current question; a multiple-answer question toggles it, unless
  // `may_remove` is false (Enter), which only adds.
  std::vector<Action> Choose(int option, bool may_remove = true);
  std::vector<Action> ConfirmSubmit();
  void OpenQuestion(int q);
  int ChosenOption(int q) const;
  std::string Number(const std::string& decimal) const;
  std::string PartName(const std::string& part) const;
  std::string DurationText(int64_t ms) const;
  bool Offline() const;
  bool CanAnswer() const;
  bool Paused() const { return view_.attempt_state == "suspended"; }
  int Unanswered() const;
  std::string Clock() const;
  void SetBanner(std::string text, bool warn, int64_t for_ms);

  // Draws the title, the candidate and clock row, and the banner rows; returns the first free row.
  int DrawHeader(Grid& g);
  void DrawFooter(Grid& g, const std::string& keys);
  void DrawConnect(Grid& g);
  void DrawLogin(Grid& g);
  void DrawConfirm(Grid& g);
  void DrawWaitUnlock(Grid& g);
  void DrawRules(Grid& g);
  void DrawExam(Grid& g);
  void DrawNavigator(Grid& g, int top, int left, int width, int height);
  void DrawReview(Grid& g);
  void DrawResult(Grid& g);
  void DrawPractical(Grid& g);
  std::vector<Action> PracticalKey(const Input& in);
  // Whether the result says the practical is still to come (so it may be sat on this station).
  bool PracticalToCome() const;
  // The result says the practical has started (a restarted program, another PC): it resumes.
  bool PracticalRunning() const;
  bool PracticalEnded() const;
  std::string PracticalClock() const;
  std::string RefusalText(const std::string& code) const;
  std::string SavedTime(int64_t server_ms) const;
  void DrawFinal(Grid& g);
  int Paragraph(Grid& g, int row, int col, int width, const std::string& text, int attr = kNormal,
                int max_rows = 1000);

  const ModelOptions options_;
  Screen screen_ = Screen::kConnect;
  ClientView view_;
  int64_t now_ms_ = 0;
  std::string fatal_;
  bool setup_fault_ = false;  // a wrong configuration, CA or host: the technician must act
  bool ever_connected_ = false;
  std::string connect_code_;  // the last kDisconnected code while connecting
  std::string detail_;        // its technical reason (English)
  std::string final_reason_;  // the `closed` reason after which the client stopped for good
  int header_rows_ = 3;       // rows taken by the header and banners at the last Render
  bool too_small_ = false;    // the last Render showed only "window too small"
  int ignored_keys_ = 0;      // keys ignored since, counted on that screen

  // Login
  std::string sbd_, password_;
  int login_field_ = 0;
  std::string login_error_;
  bool login_sent_ = false;

  // Confirm
  bool reported_ = false;

  // Exam
  bool start_sent_ = false;
  bool form_ready_ = false;
  int current_ = 0;
  int cursor_ = 0;  // option under the cursor
  int scroll_ = 0;  // question pane scroll, in rows
  bool goto_open_ = false;
  std::string goto_text_;
  bool warned5_ = false;
  bool warned1_ = false;
  std::optional<int64_t> last_left_ms_;  // the time left at the previous Sync, for the warnings
  bool was_offline_ = false;             // the connection dropped since the last form
  std::optional<Banner> banner_;
  std::vector<std::string> notices_;  // the proctor's messages, newest last

  // Review and submit
  int review_cursor_ = 0;
  bool confirm_open_ = false;
  bool submit_requested_ = false;
  std::string closed_reason_;

  // The practical
  bool practical_requested_ = false;
  int practical_task_ = 0;    // the task shown
  int practical_scroll_ = 0;  // its instructions' scroll, in rows
  bool practical_confirm_ = false;
  bool practical_submit_sent_ = false;

  std::vector<Hit> hits_;
};

}  // namespace khaothi::client::ui
