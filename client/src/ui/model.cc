// Over 800 lines for now: the candidate's input model and its drawing share this file. Issue 14
// (structure) splits them into an input model and a renderer; it stayed whole while issue 13's
// screen fixes landed.

#include "model.h"

#include <algorithm>

#include "text.h"

namespace khaothi::client::ui {
namespace {

constexpr int64_t kBannerMs = 20'000;
constexpr int64_t kNoticeMs = 120'000;
constexpr int kNavCell = 6;
constexpr int kNavColumns = 4;
constexpr int kNavWidth = kNavCell * kNavColumns + 2;

std::string Letter(int i) { return std::string(1, static_cast<char>('A' + i)); }

bool Answered(const SlotState& s) { return !s.choice.empty(); }

char32_t Lower(char32_t c) { return (c >= U'A' && c <= U'Z') ? c - U'A' + U'a' : c; }

// "2000-01-31" as Vietnamese write it, "31/01/2000"; anything else as it is.
std::string DayMonthYear(const std::string& iso) {
  if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-') {
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
  }
  return iso;
}

std::string Pad(std::string s, int width) {
  const int w = DisplayWidth(s);
  if (w < width) {
    s.append(static_cast<size_t>(width - w), ' ');
  }
  return s;
}

}  // namespace

Model::Model(ModelOptions options) : options_(std::move(options)) {}

std::string Model::F(Msg m, const std::vector<std::string>& args) const {
  return Format(Text(options_.lang, m), args);
}

void Model::Go(Screen s) {
  screen_ = s;
  confirm_open_ = false;
  goto_open_ = false;
}

void Model::SetBanner(std::string text, bool warn, int64_t for_ms) {
  banner_ = Banner{std::move(text), for_ms == 0 ? 0 : now_ms_ + for_ms, warn};
}

int Model::Unanswered() const {
  int n = 0;
  for (const SlotState& s : view_.answers) {
    n += Answered(s) ? 0 : 1;
  }
  return n;
}

bool Model::CanAnswer() const {
  return form_ready_ && !view_.questions.empty() && !Paused() && !view_.result &&
         !submit_requested_ && !(view_.remaining && view_.remaining->count() <= 0);
}

std::string Model::Clock() const {
  if (!view_.remaining) {
    return "--:--";
  }
  const int64_t total_s = (view_.remaining->count() + 999) / 1000;
  const int64_t h = total_s / 3600;
  const int64_t m = (total_s / 60) % 60;
  const int64_t s = total_s % 60;
  char buf[32];
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(h),
                  static_cast<long long>(m), static_cast<long long>(s));
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(m),
                  static_cast<long long>(s));
  }
  return buf;
}

bool Model::Offline() const {
  return ever_connected_ && !view_.connected && final_reason_.empty() && form_ready_ &&
         !view_.result;
}

// "8.33" as the language writes it: Vietnamese uses a decimal comma (8,33). Anything that is not
// a plain decimal number is shown as it is.
std::string Model::Number(const std::string& decimal) const {
  if (options_.lang != Lang::kVi) {
    return decimal;
  }
  const size_t dot = decimal.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == decimal.size() ||
      decimal.find_first_not_of("0123456789.") != std::string::npos ||
      decimal.find('.', dot + 1) != std::string::npos) {
    return decimal;
  }
  std::string out = decimal;
  out[dot] = ',';
  return out;
}

std::string Model::PartName(const std::string& part) const {
  if (part == "theory") {
    return T(Msg::kPartTheory);
  }
  if (part == "practical") {
    return T(Msg::kPartPractical);
  }
  return part;
}

std::string Model::DurationText(int64_t ms) const {
  const int64_t s = (ms + 500) / 1000;
  return F(Msg::kDuration, {std::to_string(s / 60), std::to_string(s % 60)});
}

// ---- Inputs ----

std::vector<Action> Model::Sync(const ClientView& view, int64_t now_ms) {
  std::vector<Action> out;
  view_ = view;
  now_ms_ = now_ms;
  const bool in_exam = (screen_ == Screen::kExam || screen_ == Screen::kReview) && form_ready_;
  if (!view_.connected && in_exam) {
    was_offline_ = true;
  }
  if (view_.connected) {
    ever_connected_ = true;
    if (screen_ == Screen::kConnect && fatal_.empty()) {
      Go(Screen::kLogin);
    }
  }
  if (banner_ && banner_->until_ms != 0 && now_ms_ > banner_->until_ms) {
    banner_.reset();
  }
  if (screen_ == Screen::kWaitUnlock && view_.attempt_state == "unlocked") {
    Go(Screen::kRules);
  }
  if (!view_.questions.empty()) {
    current_ = std::clamp(current_, 0, static_cast<int>(view_.questions.size()) - 1);
    review_cursor_ = std::clamp(review_cursor_, 0, static_cast<int>(view_.questions.size()) - 1);
  }
  const bool sitting = in_exam && !view_.result && !Paused();
  if (sitting && view_.remaining) {
    const int64_t left = view_.remaining->count();
    // The warnings mark the moment the clock crosses 5 and 1 minutes. A candidate who starts or
    // comes back (a new PC, a restarted program) with less left was not there at the crossing
    // and is not told again: the clock itself turns red.
    const auto crossed = [&](int64_t mark) {
      return last_left_ms_ && *last_left_ms_ > mark && left <= mark;
    };
    if (was_offline_ && view_.connected && last_left_ms_ && left > *last_left_ms_ + 2'000) {
      // Back after an outage with more time than the PC counted down: the server credited the
      // time it was down (docs/protocol.md, "Shutdown and restarts"). Say why the clock went back.
      SetBanner(F(Msg::kDowntimeCredited, {DurationText(left - *last_left_ms_)}), false, kBannerMs);
      was_offline_ = false;
    } else if (left <= 0) {
      SetBanner(T(Msg::kTimeUpWaiting), true, 0);
    } else if (crossed(60'000) && !warned1_) {
      warned1_ = warned5_ = true;
      SetBanner(T(Msg::kOneMinuteLeft), true, kBannerMs);
    } else if (crossed(5 * 60'000) && !warned5_) {
      warned5_ = true;
      SetBanner(T(Msg::kFiveMinutesLeft), true, kBannerMs);
    }
  }
  if (form_ready_ && view_.remaining && !Paused()) {
    last_left_ms_ = view_.remaining->count();
  }
  return out;
}

void Model::AfterLogin(std::vector<Action>& out) {
  const std::string& state = view_.info.state.empty() ? view_.attempt_state : view_.info.state;
  if (state == "in_progress" || state == "suspended") {
    start_sent_ = true;  // the client library resumes by itself
    Go(Screen::kExam);
  } else if (state == "submitted" || state == "graded") {
    out.push_back(Action{Action::Kind::kStart});
    start_sent_ = true;
    Go(Screen::kResult);
  } else {
    Go(Screen::kConfirm);
  }
}

std::vector<Action> Model::OnEvent(const Event& e) {
  std::vector<Action> out;
  switch (e.type) {
    case EventType::kConnected:
      ever_connected_ = true;
      connect_code_.clear();
      if (fatal_.empty()) {
        detail_.clear();
      }
      if (screen_ == Screen::kConnect && fatal_.empty()) {
        Go(Screen::kLogin);
      }
      break;
    case EventType::kDisconnected:
      if (e.code == "no_ca") {
        SetFatal(T(Msg::kBadCa), e.text);
      } else if (e.code != "final") {
        connect_code_ = e.code;
        detail_ = e.text;
      }
      break;
    case EventType::kLoggedIn:
      if (screen_ == Screen::kLogin || screen_ == Screen::kConnect) {
        login_sent_ = false;
        login_error_.clear();
        AfterLogin(out);
      }
      break;
    case EventType::kLoginFailed:
      login_sent_ = false;
      password_.clear();
      login_field_ = 1;
      if (e.code == "bad_credentials") {
        login_error_ = T(Msg::kBadCredentials);
      } else if (e.code == "locked") {
        login_error_ = T(Msg::kLocked);
      } else if (e.code == "move_not_allowed") {
        login_error_ = T(Msg::kMoveNotAllowed);
      } else if (e.code == "rate_limited") {
        login_error_ = T(Msg::kRateLimited);
      } else if (e.code == "session_closed") {
        login_error_ = T(Msg::kSessionClosed);
      } else {
        login_error_ = T(Msg::kLoginOther);
      }
      if (screen_ != Screen::kLogin && screen_ != Screen::kConnect) {
        Go(Screen::kLogin);
      }
      break;
    case EventType::kUnlocked:
      if (screen_ == Screen::kWaitUnlock) {
        Go(Screen::kRules);
      }
      break;
    case EventType::kForm:
      if (!form_ready_) {
        cursor_ = ChosenOption(current_);
      }
      form_ready_ = true;
      if (was_offline_) {
        // Back without a credit (the server kept running): the clock did not move.
        was_offline_ = false;
        SetBanner(T(Msg::kReconnected), false, kBannerMs);
      }
      if (screen_ == Screen::kRules || screen_ == Screen::kWaitUnlock ||
          screen_ == Screen::kConfirm) {
        Go(Screen::kExam);
      }
      if (submit_requested_ && !view_.result) {
        out.push_back(Action{Action::Kind::kSubmit});
      }
      break;
    case EventType::kAck:
      break;
    case EventType::kTime:
      if (e.code == "extension") {
        SetBanner(F(Msg::kExtended, {e.text}), false, kBannerMs);
        warned5_ = warned1_ = false;
      } else if (e.code == "pause") {
        SetBanner(F(Msg::kPaused, {e.text}), true, 0);
      } else if (e.code == "resume") {
        SetBanner(T(Msg::kResumed), false, kBannerMs);
      }
      break;
    case EventType::kNotice:
      notices_.push_back(e.text);
      SetBanner(F(Msg::kNotice, {e.text}), false, kNoticeMs);
      break;
    case EventType::kResult:
      banner_.reset();
      if (screen_ != Screen::kFinal) {
        Go(Screen::kResult);
      }
      break;
    case EventType::kClosed:
      closed_reason_ = e.code;
      if (e.code == "time_up" || e.code == "ended_by_proctor" || e.code == "taken_over" ||
          e.code == "too_large" || e.code == "session_closed") {
        final_reason_ = e.code;  // the client library does not reconnect after these
      }
      if (e.code == "taken_over") {
        fatal_ = T(Msg::kTakenOver);
        banner_.reset();
        Go(Screen::kConnect);
      } else if (e.code == "server_restarting") {
        SetBanner(T(Msg::kServerRestarting), true, kBannerMs);
      } else if (e.code == "session_closed" && !view_.result) {
        SetBanner(T(Msg::kSessionClosed), true, kBannerMs);
      }
      break;
    case EventType::kError:
      if (e.code == "not_unlocked") {
        start_sent_ = false;
        Go(Screen::kWaitUnlock);
      } else if (e.code == "too_late") {
        SetBanner(T(Msg::kTooLate), true, kBannerMs);
      } else if (e.code == "not_in_progress" && Paused()) {
        SetBanner(T(Msg::kPausedShort), true, kBannerMs);
      } else if (e.code == "room_paused") {
        // The start was refused (docs/protocol.md): back to the rules, to press Enter again.
        start_sent_ = false;
        Go(Screen::kRules);
        SetBanner(T(Msg::kRoomPausedStart), true, kBannerMs);
      } else if (e.code == "session_closed") {
        SetBanner(T(Msg::kSessionClosed), true, kBannerMs);
      }
      break;
  }
  return out;
}

std::vector<Action> Model::OnInput(const Input& in) {
  using K = Input::Kind;
  std::vector<Action> out;
  if (too_small_) {
    // The candidate cannot see what a key would do: no key acts until the window is big enough.
    ++ignored_keys_;
    return out;
  }
  const bool setup_fault =
      !fatal_.empty() || connect_code_ == "certificate" || connect_code_ == "resolve";
  switch (screen_) {
    case Screen::kConnect:
      if (setup_fault && in.kind == K::kChar && Lower(in.ch) == U'q') {
        out.push_back(Action{Action::Kind::kQuit});
      }
      break;
    case Screen::kLogin: {
      if (login_sent_) {
        break;
      }
      std::string& field = login_field_ == 0 ? sbd_ : password_;
      if (in.kind == K::kClick) {
        for (const Hit& h : hits_) {
          if (h.kind == Hit::Kind::kButton && in.row == h.row && in.col >= h.col &&
              in.col < h.col + h.width) {
            login_field_ = h.value;
          }
        }
      } else if (in.kind == K::kTab || in.kind == K::kDown || in.kind == K::kUp) {
        login_field_ = 1 - login_field_;
      } else if (in.kind == K::kBackspace) {
        if (!field.empty()) {
          field.pop_back();
        }
      } else if (in.kind == K::kEnter) {
        if (login_field_ == 0 && !sbd_.empty()) {
          login_field_ = 1;
        } else if (!sbd_.empty() && !password_.empty()) {
          login_sent_ = true;
          login_error_.clear();
          out.push_back(Action{Action::Kind::kLogin, sbd_, password_});
        }
      } else if (in.kind == K::kChar && in.ch > U' ' && in.ch < 0x7F && field.size() < 32) {
        char c = static_cast<char>(in.ch);
        if (login_field_ == 0 && c >= 'a' && c <= 'z') {
          c = static_cast<char>(c - 'a' + 'A');
        }
        field += c;
      }
      break;
    }
    case Screen::kConfirm:
      if (in.kind == K::kEnter) {
        if (view_.info.unlock_required && view_.attempt_state == "created") {
          Go(Screen::kWaitUnlock);
        } else {
          Go(Screen::kRules);
        }
      } else if (in.kind == K::kChar && Lower(in.ch) == U'r' && !reported_) {
        reported_ = true;
        out.push_back(Action{Action::Kind::kReport, "", "", "personal data"});
      }
      break;
    case Screen::kWaitUnlock:
      break;
    case Screen::kRules:
      if (in.kind == K::kEnter && !start_sent_) {
        start_sent_ = true;
        out.push_back(Action{Action::Kind::kStart});
        Go(Screen::kExam);
      }
      break;
    case Screen::kExam:
      return ExamKey(in);
    case Screen::kReview:
      return ReviewKey(in);
    case Screen::kResult:
      if (in.kind == K::kEnter && view_.result) {
        Go(Screen::kFinal);
      }
      break;
    case Screen::kFinal:
      if (in.kind == K::kChar && Lower(in.ch) == U'q') {
        out.push_back(Action{Action::Kind::kQuit});
      }
      break;
  }
  return out;
}

int Model::ChosenOption(int q) const {
  if (q < 0 || static_cast<size_t>(q) >= view_.answers.size() ||
      view_.answers[static_cast<size_t>(q)].choice.empty()) {
    return 0;
  }
  return view_.answers[static_cast<size_t>(q)].choice.front();
}

// Opening a question puts the option cursor on the answer already chosen, so that Enter there
// keeps it (it once started on A, and Enter replaced a saved B with A).
void Model::OpenQuestion(int q) {
  current_ = q;
  cursor_ = ChosenOption(q);
  scroll_ = 0;
}

std::vector<Action> Model::Choose(int option, bool may_remove) {
  std::vector<Action> out;
  if (!CanAnswer()) {
    return out;
  }
  const Question& q = view_.questions[static_cast<size_t>(current_)];
  if (option < 0 || static_cast<size_t>(option) >= q.options.size()) {
    return out;
  }
  cursor_ = option;
  std::vector<int> choice = view_.answers[static_cast<size_t>(current_)].choice;
  if (q.multiple) {
    auto it = std::find(choice.begin(), choice.end(), option);
    if (it == choice.end()) {
      choice.push_back(option);
      std::sort(choice.begin(), choice.end());
    } else if (may_remove) {
      choice.erase(it);
    } else {
      return out;  // Enter adds the option under the cursor; it never takes one away
    }
  } else {
    if (choice == std::vector<int>{option}) {
      return out;  // already chosen: pressing again changes nothing
    }
    choice = {option};
  }
  Action a{Action::Kind::kAnswer};
  a.slot = q.slot;
  a.choice = std::move(choice);
  out.push_back(std::move(a));
  return out;
}

std::vector<Action> Model::ExamKey(const Input& in) {
  using K = Input::Kind;
  std::vector<Action> out;
  if (!form_ready_ || view_.questions.empty()) {
    return out;
  }
  const int n = static_cast<int>(view_.questions.size());
  auto go_to = [&](int q) {
    const int target = std::clamp(q, 0, n - 1);
    if (target != current_) {
      OpenQuestion(target);
    }
  };
  if (goto_open_) {
    if (in.kind == K::kChar && in.ch >= U'0' && in.ch <= U'9' && goto_text_.size() < 4) {
      goto_text_ += static_cast<char>(in.ch);
    } else if (in.kind == K::kBackspace && !goto_text_.empty()) {
      goto_text_.pop_back();
    } else if (in.kind == K::kEnter) {
      if (!goto_text_.empty()) {
        go_to(std::stoi(goto_text_) - 1);
      }
      goto_open_ = false;
    } else if (in.kind == K::kEscape) {
      goto_open_ = false;
    }
    return out;
  }
  const Question& q = view_.questions[static_cast<size_t>(current_)];
  const int options = static_cast<int>(q.options.size());
  switch (in.kind) {
    case K::kUp:
      cursor_ = std::max(0, cursor_ - 1);
      break;
    case K::kDown:
      cursor_ = std::min(options - 1, cursor_ + 1);
      break;
    case K::kLeft:
      go_to(current_ - 1);
      break;
    case K::kRight:
      go_to(current_ + 1);
      break;
    case K::kHome:
      go_to(0);
      break;
    case K::kEnd:
      go_to(n - 1);
      break;
    case K::kPageUp:
      scroll_ = std::max(0, scroll_ - 5);
      break;
    case K::kPageDown:
      scroll_ += 5;
      break;
    case K::kEnter:
      return Choose(cursor_, false);
    case K::kBackspace:
      if (CanAnswer() && Answered(view_.answers[static_cast<size_t>(current_)])) {
        Action a{Action::Kind::kAnswer};
        a.slot = q.slot;
        out.push_back(std::move(a));
      }
      break;
    case K::kClick:
      for (const Hit& h : hits_) {
        if (in.row == h.row && in.col >= h.col && in.col < h.col + h.width) {
          if (h.kind == Hit::Kind::kOption) {
            return Choose(h.value);
          }
          if (h.kind == Hit::Kind::kQuestion) {
            go_to(h.value);
          }
        }
      }
      break;
    case K::kChar: {
      const char32_t c = Lower(in.ch);
      if (c == U' ') {
        return Choose(cursor_);
      }
      if (c >= U'a' && c <= U'd') {
        return Choose(static_cast<int>(c - U'a'));
      }
      if (c >= U'1' && c <= U'9') {
        return Choose(static_cast<int>(c - U'1'));
      }
      if (c == U'n') {
        go_to(current_ + 1);
      } else if (c == U'p') {
        go_to(current_ - 1);
      } else if (c == U'f' && CanAnswer()) {
        Action a{Action::Kind::kFlag};
        a.slot = q.slot;
        a.flagged = !view_.answers[static_cast<size_t>(current_)].flagged;
        out.push_back(std::move(a));
      } else if (c == U'g') {
        goto_open_ = true;
        goto_text_.clear();
      } else if (c == U's') {
        review_cursor_ = current_;
        Go(Screen::kReview);
      }
      break;
    }
    default:
      break;
  }
  return out;
}

std::vector<Action> Model::ConfirmSubmit() {
  std::vector<Action> out;
  confirm_open_ = false;
  if (view_.result || submit_requested_) {
    return out;
  }
  submit_requested_ = true;
  SetBanner(T(Msg::kSubmitting), false, 0);
  out.push_back(Action{Action::Kind::kSubmit});
  return out;
}

std::vector<Action> Model::ReviewKey(const Input& in) {
  using K = Input::Kind;
  std::vector<Action> out;
  const int n = static_cast<int>(view_.questions.size());
  if (confirm_open_) {
    const char32_t yes = static_cast<char32_t>(T(Msg::kYesKey)[0]);
    const char32_t no = static_cast<char32_t>(T(Msg::kNoKey)[0]);
    if (in.kind == K::kChar && Lower(in.ch) == yes) {
      return ConfirmSubmit();
    }
    if ((in.kind == K::kChar && Lower(in.ch) == no) || in.kind == K::kEscape) {
      confirm_open_ = false;
    }
    if (in.kind == K::kClick) {
      for (const Hit& h : hits_) {
        if (h.kind == Hit::Kind::kButton && in.row == h.row && in.col >= h.col &&
            in.col < h.col + h.width) {
          if (h.value == 1) {
            return ConfirmSubmit();
          }
          confirm_open_ = false;
        }
      }
    }
    return out;
  }
  if (n == 0) {
    return out;
  }
  switch (in.kind) {
    case K::kUp:
    case K::kLeft:
      review_cursor_ = std::max(0, review_cursor_ - 1);
      break;
    case K::kDown:
    case K::kRight:
      review_cursor_ = std::min(n - 1, review_cursor_ + 1);
      break;
    case K::kEnter:
      OpenQuestion(review_cursor_);
      Go(Screen::kExam);
      break;
    case K::kEscape:
      Go(Screen::kExam);
      break;
    case K::kClick:
      for (const Hit& h : hits_) {
        if (h.kind == Hit::Kind::kQuestion && in.row == h.row && in.col >= h.col &&
            in.col < h.col + h.width) {
          OpenQuestion(h.value);
          Go(Screen::kExam);
          break;
        }
        if (h.kind == Hit::Kind::kButton && in.row == h.row && in.col >= h.col &&
            in.col < h.col + h.width && !submit_requested_ && !view_.result) {
          confirm_open_ = true;
        }
      }
      break;
    case K::kChar: {
      const char32_t c = Lower(in.ch);
      if (c == U's' && !submit_requested_ && !view_.result) {
        confirm_open_ = true;
      } else if (c == U'b') {
        Go(Screen::kExam);
      } else if (c == U'g') {
        Go(Screen::kExam);
        goto_open_ = true;
        goto_text_.clear();
      }
      break;
    }
    default:
      break;
  }
  return out;
}

// ---- Rendering ----

int Model::Paragraph(Grid& g, int row, int col, int width, const std::string& text, int attr,
                     int max_rows) {
  int rows = 0;
  const std::vector<std::string> lines = Wrap(text, width);
  for (const std::string& line : lines) {
    if (rows >= max_rows) {
      break;
    }
    const bool cut = rows + 1 == max_rows && lines.size() > static_cast<size_t>(max_rows);
    g.Put(row + rows, col, cut ? Truncate(line, width - 1, false) + "…" : line, attr, width);
    ++rows;
  }
  return rows;
}

int Model::DrawHeader(Grid& g) {
  const int w = g.width();
  g.Fill(0, 0, w, kReverse);
  g.Put(0, 1, T(Msg::kTitle), kReverse | kBold);
  std::string conn;
  int attr = kReverse;
  if (final_reason_ == "taken_over") {
    conn = T(Msg::kMovedHeader);
    attr = kReverse | kBold;
  } else if (!final_reason_.empty() && !view_.connected) {
    conn = T(Msg::kDisconnectedFinal);
  } else if (!view_.connected) {
    conn = ever_connected_ ? T(Msg::kReconnecting) : T(Msg::kNotConnected);
    attr = kReverse | kBold | kWarn;
  } else {
    conn = T(Msg::kConnected);
    attr = kReverse | kGood;
  }
  const int cw = DisplayWidth(conn);
  g.Put(0, w - cw - 1, conn, attr);

  const bool exam = screen_ == Screen::kExam || screen_ == Screen::kReview;
  std::string clock;
  int cattr = kBold;
  if (exam && form_ready_) {
    if (view_.result) {
      clock = T(Msg::kClockSubmitted);
    } else if (Paused()) {
      clock = F(Msg::kClockPaused, {Clock()});
      cattr = kBold | kReverse | kWarn;
    } else {
      clock = F(Msg::kClock, {Clock()});
      if (view_.remaining && view_.remaining->count() <= 5 * 60'000) {
        cattr = kBold | kReverse | kWarn;
      }
    }
  }
  const int clw = DisplayWidth(clock);
  if (!view_.info.sbd.empty() && screen_ != Screen::kLogin && screen_ != Screen::kConnect) {
    // A long name is cut with "…" before the clock, never silently.
    const int room = w - 2 - (clw > 0 ? clw + 3 : 0);
    g.Put(1, 1, Truncate(F(Msg::kWho, {view_.info.sbd, view_.info.full_name}), room), kBold);
  }
  if (clw > 0) {
    g.Put(1, w - clw - 1, clock, cattr);
  }

  // Banner rows: being offline, then the latest message, each wrapped (a proctor's notice is read
  // whole), at most three rows on the exam screens and two elsewhere.
  struct BannerLine {
    std::string text;
    int attr;
  };
  std::vector<BannerLine> lines;
  auto add = [&](const std::string& prefix, const std::string& text, int line_attr) {
    const int indent = DisplayWidth(prefix);
    const auto wrapped = Wrap(text, std::max(1, w - 2 - indent));
    for (size_t k = 0; k < wrapped.size(); ++k) {
      lines.push_back(
          {(k == 0 ? prefix : std::string(static_cast<size_t>(indent), ' ')) + wrapped[k],
           line_attr});
    }
  };
  if (exam && Offline()) {
    add("!! ", T(Msg::kOfflineGoOn), kBold | kReverse | kWarn);
  }
  if (banner_) {
    add(banner_->warn ? "!! " : "» ", banner_->text,
        banner_->warn ? (kBold | kReverse | kWarn) : kBold);
  }
  const size_t max_rows = exam ? 3 : 2;
  if (lines.size() > max_rows) {
    lines.resize(max_rows);
    lines.back().text = Truncate(lines.back().text, w - 3, false) + "…";
  }
  int row = 2;
  for (const BannerLine& l : lines) {
    g.Fill(row, 0, w, l.attr);
    g.Put(row, 1, l.text, l.attr, w - 2);
    ++row;
  }
  return std::max(3, row);
}

void Model::DrawFooter(Grid& g, const std::string& keys) {
  const int row = g.height() - 1;
  g.Fill(row, 0, g.width(), kReverse);
  g.Put(row, 1, keys, kReverse, g.width() - 2);
}

void Model::DrawConnect(Grid& g) {
  const int width = g.width() - 8;
  int row = 5;
  // The technical reason is English (from OpenSSL or the OS): shown on the English screen only,
  // and printed for the technician when the program closes.
  auto detail = [&] {
    if (options_.lang == Lang::kEn && !detail_.empty()) {
      row += 1;
      row += Paragraph(g, row, 4, width, F(Msg::kTechnicalDetail, {detail_}), kDim);
    }
  };
  if (!fatal_.empty()) {
    row += Paragraph(g, row, 4, width, fatal_, kBold);
    if (setup_fault_) {
      detail();
    }
    Paragraph(g, row + 1, 4, width, T(setup_fault_ ? Msg::kSetupFault : Msg::kCallProctor));
    DrawFooter(g, T(Msg::kKeysQuit));
    return;
  }
  row += Paragraph(g, row, 4, width, F(Msg::kConnecting, {options_.server}), kBold);
  if (connect_code_ == "certificate" || connect_code_ == "resolve") {
    // A wrong CA or server-host: retrying goes on, but only the technician can cure it.
    row += 1;
    row += Paragraph(g, row, 4, width,
                     F(connect_code_ == "certificate" ? Msg::kSetupCertificate : Msg::kSetupHost,
                       {options_.server}),
                     kBold | kWarn);
    detail();
    Paragraph(g, row + 1, 4, width, T(Msg::kSetupFault));
    DrawFooter(g, T(Msg::kKeysQuit));
    return;
  }
  if (!connect_code_.empty()) {
    row += 1;
    row += Paragraph(g, row, 4, width, F(Msg::kConnectRetry, {detail_}));
  }
  Paragraph(g, row + 1, 4, width, T(Msg::kConnectHelp), kDim);
}

void Model::DrawLogin(Grid& g) {
  const int left = 6;
  int row = 4;
  g.Put(row, left, T(Msg::kLoginTitle), kBold | kUnderline);
  row += 2;
  row += Paragraph(g, row, left, g.width() - 2 * left, T(Msg::kLoginHelp));
  row += 1;
  const int label_w = 20;
  auto field = [&](int index, Msg label, const std::string& value) {
    const bool focus = login_field_ == index;
    g.Put(row, left - 2, focus ? ">" : " ", kBold);
    g.Put(row, left, T(label), focus ? kBold : kNormal);
    g.Put(row, left + label_w, "[", kNormal);
    g.Fill(row, left + label_w + 1, 24, focus ? kUnderline | kBold : kUnderline);
    g.Put(row, left + label_w + 1, value + (focus ? "_" : ""),
          focus ? kUnderline | kBold : kUnderline, 24);
    g.Put(row, left + label_w + 25, "]", kNormal);
    hits_.push_back(Hit{row, left, label_w + 26, Hit::Kind::kButton, index});
    row += 2;
  };
  field(0, Msg::kSbd, sbd_);
  field(1, Msg::kPassword, std::string(password_.size(), '*'));
  g.Put(row, left, F(Msg::kMachine, {options_.machine}), kDim);
  row += 2;
  if (login_sent_) {
    g.Put(row, left, T(Msg::kLoggingIn), kBold);
  } else if (!login_error_.empty()) {
    Paragraph(g, row, left, g.width() - 2 * left, "!! " + login_error_, kBold | kWarn);
  }
  DrawFooter(g, T(Msg::kKeysLogin));
}

void Model::DrawConfirm(Grid& g) {
  const int left = 6;
  int row = 4;
  g.Put(row, left, T(Msg::kConfirmTitle), kBold | kUnderline);
  row += 2;
  const CandidateInfo& i = view_.info;
  const std::vector<std::pair<Msg, std::string>> fields = {
      {Msg::kSbd, i.sbd},
      {Msg::kFullName, i.full_name},
      {Msg::kDateOfBirth, DayMonthYear(i.date_of_birth)},
      {Msg::kSex, i.sex},
      {Msg::kPlaceOfBirth, i.place_of_birth},
      {Msg::kIdNumber, i.id_number},
      {Msg::kRoom, i.room},
      {Msg::kSession, i.session_name + " (" + DayMonthYear(i.session_date) + ")"},
  };
  for (const auto& [label, value] : fields) {
    g.Put(row, left, T(label));
    g.Put(row, left + 20, Truncate(value, g.width() - left - 22), kBold);
    ++row;
  }
  row += 1;
  if (reported_) {
    Paragraph(g, row, left, g.width() - 2 * left, "» " + T(Msg::kReported), kBold | kReverse);
  } else {
    Paragraph(g, row, left, g.width() - 2 * left, T(Msg::kConfirmQuestion), kBold);
  }
  DrawFooter(g, T(Msg::kKeysConfirm));
}

void Model::DrawWaitUnlock(Grid& g) {
  int row = 6;
  row += Paragraph(g, row, 6, g.width() - 12, T(Msg::kWaitUnlockTitle), kBold);
  row += 1;
  Paragraph(g, row, 6, g.width() - 12, T(Msg::kWaitUnlockHelp));
  DrawFooter(g, T(Msg::kKeysWait));
}

void Model::DrawRules(Grid& g) {
  const int left = 4;
  int row = 4;
  g.Put(row, left, T(Msg::kRulesTitle), kBold | kUnderline);
  row += 2;
  const int minutes = static_cast<int>(view_.info.duration_ms / 60'000);
  const std::vector<std::string> rules = {
      F(Msg::kRule1, {std::to_string(view_.info.item_count), std::to_string(minutes)}),
      T(Msg::kRule2),
      T(Msg::kRule3),
      T(Msg::kRule4),
      T(Msg::kRule5),
      T(Msg::kRule6)};
  for (size_t k = 0; k < rules.size(); ++k) {
    const std::string bullet = std::to_string(k + 1) + ". ";
    g.Put(row, left, bullet);
    row += Paragraph(g, row, left + 3, g.width() - 2 * left - 3, rules[k], kNormal,
                     g.height() - 4 - row);
  }
  row += 1;
  if (start_sent_) {
    g.Put(row, left, T(Msg::kLoadingForm), kBold);
  } else {
    g.Put(row, left, T(Msg::kRulesStart), kBold | kReverse);
  }
  DrawFooter(g, T(Msg::kKeysRules));
}

void Model::DrawNavigator(Grid& g, int top, int left, int width, int height) {
  g.Put(top, left, T(Msg::kNavigator), kBold, width);
  const int n = static_cast<int>(view_.questions.size());
  const int rows = (n + kNavColumns - 1) / kNavColumns;
  const int legend_rows = 4;
  const int space = height - 2 - legend_rows;
  // Scroll the grid so the current question's row is visible.
  int first_row = 0;
  const int cur_row = current_ / kNavColumns;
  if (rows > space && space > 0) {
    first_row = std::clamp(cur_row - space / 2, 0, rows - space);
  }
  int r = top + 1;
  for (int nr = first_row; nr < rows && r < top + 1 + space; ++nr, ++r) {
    for (int c = 0; c < kNavColumns; ++c) {
      const int q = nr * kNavColumns + c;
      if (q >= n) {
        break;
      }
      const SlotState& s = view_.answers[static_cast<size_t>(q)];
      std::string mark = s.pending ? "~" : (Answered(s) ? "✓" : "·");
      char num[16];
      std::snprintf(num, sizeof num, "%2d", q + 1);
      const bool cur = q == current_;
      std::string cell =
          std::string(cur ? "[" : " ") + num + mark + (s.flagged ? "?" : " ") + (cur ? "]" : " ");
      const int col = left + c * kNavCell;
      g.Put(r, col, cell, cur ? (kReverse | kBold) : (Answered(s) ? kBold : kNormal));
      hits_.push_back(Hit{r, col, kNavCell, Hit::Kind::kQuestion, q});
    }
  }
  int lr = top + height - legend_rows;
  g.Put(lr++, left, T(Msg::kLegendAnswered), kDim, width);
  g.Put(lr++, left, T(Msg::kLegendUnanswered), kDim, width);
  g.Put(lr++, left, T(Msg::kLegendFlagged), kDim, width);
  g.Put(lr++, left, T(Msg::kLegendPending), kDim, width);
}

void Model::DrawExam(Grid& g) {
  const int w = g.width();
  const int h = g.height();
  if (!form_ready_ || view_.questions.empty()) {
    Paragraph(g, 6, 6, w - 12, T(Msg::kLoadingForm), kBold);
    if (!view_.connected) {
      Paragraph(g, 8, 6, w - 12, T(Msg::kOfflineKept));
    }
    DrawFooter(g, T(Msg::kKeysWait));
    return;
  }
  const int top = header_rows_;
  const int bottom = h - 3;  // last content row
  const int nav_left = w - kNavWidth;
  for (int r = top; r <= bottom; ++r) {
    g.Put(r, nav_left - 2, "│", kDim);
  }
  DrawNavigator(g, top, nav_left, kNavWidth - 1, bottom - top + 1);

  // The question pane: heading, stem, options; scrolled so the option under the cursor shows.
  const int pane_left = 2;
  const int pane_w = nav_left - 3 - pane_left;
  const Question& q = view_.questions[static_cast<size_t>(current_)];
  const SlotState& s = view_.answers[static_cast<size_t>(current_)];
  struct Line {
    std::string text;
    int attr;
    int option;  // -1: not an option
    int indent;
  };
  std::vector<Line> lines;
  for (const std::string& l : Wrap(q.stem, pane_w)) {
    lines.push_back({l, kBold, -1, 0});
  }
  lines.push_back({"", kNormal, -1, 0});
  lines.push_back({T(q.multiple ? Msg::kChooseMany : Msg::kChooseOne), kDim, -1, 0});
  int cursor_line = 0;
  for (size_t o = 0; o < q.options.size(); ++o) {
    const bool chosen =
        std::find(s.choice.begin(), s.choice.end(), static_cast<int>(o)) != s.choice.end();
    const std::string box = q.multiple ? (chosen ? "[X]" : "[ ]") : (chosen ? "(●)" : "( )");
    const std::string prefix = box + " " + Letter(static_cast<int>(o)) + ". ";
    const int indent = 2 + DisplayWidth(prefix);
    const auto wrapped = Wrap(q.options[o], pane_w - indent);
    if (static_cast<int>(o) == cursor_) {
      cursor_line = static_cast<int>(lines.size());
    }
    for (size_t k = 0; k < wrapped.size(); ++k) {
      const bool first = k == 0;
      std::string text = first ? prefix + wrapped[k] : wrapped[k];
      lines.push_back(
          {text, chosen ? kBold | kReverse : kNormal, static_cast<int>(o), first ? 2 : indent});
    }
  }
  // Heading row.
  std::string heading =
      F(Msg::kQuestionOf, {std::to_string(current_ + 1), std::to_string(view_.questions.size())});
  g.Put(top, pane_left, heading, kBold | kUnderline, pane_w);
  // The question's marks follow the heading; one that does not fit there goes on the row below
  // (kept free for it), so that none runs into the navigator.
  std::vector<std::pair<std::string, int>> tags;
  if (s.flagged) {
    tags.emplace_back(T(Msg::kFlaggedTag), kBold | kReverse);
  }
  if (s.pending) {
    tags.emplace_back(view_.connected ? T(Msg::kSaving) : T(Msg::kNotSavedYet),
                      view_.connected ? kNormal : (kBold | kWarn));
  } else if (Answered(s)) {
    tags.emplace_back(T(Msg::kSaved), kGood);
  }
  const int pane_right = pane_left + pane_w;
  int tag_row = top;
  int tag_col = pane_left + DisplayWidth(heading) + 2;
  for (const auto& [tag, tag_attr] : tags) {
    if (tag_row == top && tag_col + DisplayWidth(tag) > pane_right) {
      tag_row = top + 1;
      tag_col = pane_left;
    }
    tag_col += g.Put(tag_row, tag_col, Truncate(tag, pane_right - tag_col), tag_attr) + 2;
  }
  const int area_top = top + 2;
  const int area_rows = bottom - area_top + 1 - (goto_open_ ? 1 : 0);
  const int total = static_cast<int>(lines.size());
  scroll_ = std::clamp(scroll_, 0, std::max(0, total - area_rows));
  if (cursor_line < scroll_) {
    scroll_ = cursor_line;
  }
  if (cursor_line >= scroll_ + area_rows) {
    scroll_ = cursor_line - area_rows + 1;
  }
  for (int i = 0; i < area_rows && scroll_ + i < total; ++i) {
    const Line& l = lines[static_cast<size_t>(scroll_ + i)];
    const int row = area_top + i;
    if (l.option >= 0 && l.indent == 2 && l.option == cursor_) {
      g.Put(row, pane_left, ">", kBold);
    }
    g.Put(row, pane_left + (l.option >= 0 ? l.indent : 0), l.text, l.attr,
          pane_w - (l.option >= 0 ? l.indent : 0));
    if (l.option >= 0) {
      hits_.push_back(Hit{row, pane_left, pane_w, Hit::Kind::kOption, l.option});
    }
  }
  if (scroll_ > 0) {
    g.Put(area_top - 1, pane_left + pane_w - 12, T(Msg::kMoreAbove), kDim);
  }
  if (scroll_ + area_rows < total) {
    g.Put(bottom - (goto_open_ ? 1 : 0), pane_left + pane_w - 12, T(Msg::kMoreBelow),
          kDim | kReverse);
  }
  if (goto_open_) {
    g.Put(bottom, pane_left,
          F(Msg::kGotoPrompt, {goto_text_ + "_", std::to_string(view_.questions.size())}),
          kBold | kReverse);
  }

  // Status row.
  const int n = static_cast<int>(view_.questions.size());
  int flagged = 0;
  for (const SlotState& a : view_.answers) {
    flagged += a.flagged ? 1 : 0;
  }
  std::string status = F(
      Msg::kStatus, {std::to_string(n - Unanswered()), std::to_string(n), std::to_string(flagged)});
  if (view_.pending > 0) {
    status += "  ·  " + F(view_.connected ? Msg::kPendingCount : Msg::kPendingOffline,
                          {std::to_string(view_.pending)});
  }
  g.Put(h - 2, 1, Truncate(status, w - 2), view_.connected ? kNormal : (kBold | kWarn));
  DrawFooter(g, T(Msg::kKeysExam));
}

void Model::DrawReview(Grid& g) {
  const int w = g.width();
  const int h = g.height();
  int row = header_rows_;
  g.Put(row, 2, T(Msg::kReviewTitle), kBold | kUnderline);
  row += 1;
  const int n = static_cast<int>(view_.questions.size());
  std::string unanswered, flagged;
  int nflag = 0;
  for (int q = 0; q < n; ++q) {
    const SlotState& s = view_.answers[static_cast<size_t>(q)];
    if (!Answered(s)) {
      unanswered += (unanswered.empty() ? "" : ", ") + std::to_string(q + 1);
    }
    if (s.flagged) {
      flagged += (flagged.empty() ? "" : ", ") + std::to_string(q + 1);
      ++nflag;
    }
  }
  const int un = Unanswered();
  row += Paragraph(
      g, row, 2, w - 4,
      un == 0 ? T(Msg::kAllAnswered) : F(Msg::kUnansweredList, {std::to_string(un), unanswered}),
      un == 0 ? kNormal : kBold, 2);
  if (nflag > 0) {
    row += Paragraph(g, row, 2, w - 4, F(Msg::kFlaggedList, {std::to_string(nflag), flagged}),
                     kNormal, 2);
  }
  row += 1;
  const int list_top = row;
  const int list_rows = std::max(1, h - 3 - list_top);
  const int columns = std::max(1, (n + list_rows - 1) / list_rows);
  const int col_w = std::max(12, (w - 4) / columns);
  // Each entry: ">Câu  5: " + the answer, padded + " ?~" (flagged, saving). The marks always show:
  // the answer gives way (with "…") when a column is narrow (three columns at 80×24).
  std::vector<std::string> answers(static_cast<size_t>(n));
  int answer_w = 0;
  for (int q = 0; q < n; ++q) {
    const SlotState& s = view_.answers[static_cast<size_t>(q)];
    std::string& answer = answers[static_cast<size_t>(q)];
    for (int x : s.choice) {
      answer += (answer.empty() ? "" : ",") + Letter(x);
    }
    if (!Answered(s)) {
      answer = T(Msg::kNoAnswer);
    }
    answer_w = std::max(answer_w, DisplayWidth(answer));
  }
  const int prefix_w = 1 + DisplayWidth(T(Msg::kQuestionShort)) + 1 + 2 + 2;
  answer_w = std::max(1, std::min(answer_w, col_w - 1 - prefix_w - 3));
  for (int q = 0; q < n && !confirm_open_; ++q) {
    const SlotState& s = view_.answers[static_cast<size_t>(q)];
    const int r = list_top + q % list_rows;
    const int c = 2 + (q / list_rows) * col_w;
    char num[16];
    std::snprintf(num, sizeof num, "%2d", q + 1);
    std::string text = std::string(q == review_cursor_ ? ">" : " ") + T(Msg::kQuestionShort) + " " +
                       num + ": " +
                       Pad(Truncate(answers[static_cast<size_t>(q)], answer_w), answer_w) + " " +
                       (s.flagged ? "?" : " ") + (s.pending ? "~" : "");
    g.Put(r, c, text, q == review_cursor_ ? (kReverse | kBold) : (Answered(s) ? kNormal : kBold),
          col_w - 1);
    hits_.push_back(Hit{r, c, col_w - 1, Hit::Kind::kQuestion, q});
  }
  if (confirm_open_) {
    const int bw = std::min(w - 8, 64);
    const int bx = (w - bw) / 2;
    const int by = std::max(4, h / 2 - 5);
    std::vector<std::string> body;
    for (const std::string& l : Wrap(T(Msg::kSubmitQuestion), bw - 4)) {
      body.push_back(l);
    }
    body.push_back("");
    for (const std::string& l : Wrap(
             un == 0 ? T(Msg::kSubmitAllAnswered) : F(Msg::kSubmitUnanswered, {std::to_string(un)}),
             bw - 4)) {
      body.push_back(l);
    }
    for (const std::string& l : Wrap(T(Msg::kSubmitFinal), bw - 4)) {
      body.push_back(l);
    }
    if (view_.pending > 0) {
      for (const std::string& l :
           Wrap(F(Msg::kSubmitPending, {std::to_string(view_.pending)}), bw - 4)) {
        body.push_back(l);
      }
    }
    const int bh = static_cast<int>(body.size()) + 4;
    for (int r = by; r < by + bh; ++r) {
      g.Put(r, bx, std::string(static_cast<size_t>(bw), ' '), kNormal);
    }
    g.Put(
        by, bx, "┌" + [&] {
          std::string s;
          for (int i = 0; i < bw - 2; ++i) s += "─";
          return s;
        }() + "┐");
    for (int r = by + 1; r < by + bh - 1; ++r) {
      g.Put(r, bx, "│");
      g.Put(r, bx + bw - 1, "│");
    }
    g.Put(
        by + bh - 1, bx, "└" + [&] {
          std::string s;
          for (int i = 0; i < bw - 2; ++i) s += "─";
          return s;
        }() + "┘");
    for (size_t k = 0; k < body.size(); ++k) {
      g.Put(by + 1 + static_cast<int>(k), bx + 2, body[k], k == 0 ? kBold : kNormal, bw - 4);
    }
    const int br = by + bh - 2;
    const std::string yes = T(Msg::kSubmitYes);
    const std::string no = T(Msg::kSubmitNo);
    const int yw = g.Put(br, bx + 2, yes, kBold | kReverse);
    hits_.push_back(Hit{br, bx + 2, yw, Hit::Kind::kButton, 1});
    const int nc = bx + 2 + yw + 4;
    const int nw = g.Put(br, nc, no, kBold | kReverse);
    hits_.push_back(Hit{br, nc, nw, Hit::Kind::kButton, 0});
  } else if (!submit_requested_ && !view_.result) {
    const std::string submit = T(Msg::kSubmitButton);
    const int sw = DisplayWidth(submit);
    g.Put(h - 2, w - sw - 2, submit, kBold | kReverse);
    hits_.push_back(Hit{h - 2, w - sw - 2, sw, Hit::Kind::kButton, 2});
  }
  DrawFooter(g, T(Msg::kKeysReview));
}

void Model::DrawResult(Grid& g) {
  const int left = 6;
  const int width = g.width() - 2 * left;
  int row = 4;
  if (!view_.result) {
    Paragraph(g, row, left, width, T(Msg::kLoadingResult), kBold);
    return;
  }
  const Result& r = *view_.result;
  Msg title = Msg::kResultTitle;
  if (r.submitted_by == "clock") {
    title = Msg::kResultTimeUp;
  } else if (r.submitted_by == "proctor") {
    title = Msg::kResultByProctor;
  }
  row += Paragraph(g, row, left, width, T(title), kBold | kReverse);
  row += 1;
  g.Put(row++, left,
        F(Msg::kResultAnswered, {std::to_string(r.answered), std::to_string(r.total)}));
  if (r.score && !r.outcome.empty()) {
    // The part just sat, whether it reached its own pass mark, and the overall outcome only
    // once every part is marked: never "ĐẠT" while the practical is still to be marked.
    const std::string scale = Number(r.scale.value_or(""));
    if (r.part.empty()) {
      g.Put(row++, left, F(Msg::kResultScore, {Number(*r.score), scale}), kBold);
    } else {
      g.Put(row++, left, F(Msg::kPartScore, {PartName(r.part), Number(*r.score), scale}), kBold);
      if (r.part_passed) {
        row += Paragraph(
            g, row, left, width,
            F(*r.part_passed ? Msg::kPartPassed : Msg::kPartFailed, {PartName(r.part)}), kBold);
      }
    }
    if (r.outcome == "pending") {
      std::string parts;
      for (const std::string& p : r.pending_parts) {
        parts += (parts.empty() ? "" : ", ") + PartName(p);
      }
      row += Paragraph(g, row, left, width,
                       F(Msg::kPartsPending, {parts.empty() ? PartName("practical") : parts}));
    } else if (r.outcome == "passed" || r.outcome == "failed") {
      g.Put(row++, left, T(r.outcome == "passed" ? Msg::kResultPassed : Msg::kResultFailed), kBold);
    } else {
      g.Put(row++, left, T(Msg::kOverallLater));
    }
  } else if (r.score) {
    // A server from before the result had parts sends `passed` for the test just sat only; it
    // cannot say whether another part is still to be marked, so it is not shown as the result.
    g.Put(row++, left, F(Msg::kResultScore, {Number(*r.score), Number(r.scale.value_or(""))}),
          kBold);
    if (r.passed) {
      g.Put(row++, left, T(*r.passed ? Msg::kThisTestPassed : Msg::kThisTestFailed), kBold);
      g.Put(row++, left, T(Msg::kOverallLater));
    }
  } else {
    g.Put(row++, left, T(Msg::kResultLater));
  }
  row += 1;
  row += Paragraph(g, row, left, width, T(Msg::kResultReceipt));
  row += 1;
  g.Put(row, left, T(Msg::kResultContinue), kBold);
  DrawFooter(g, T(Msg::kKeysResult));
}

void Model::DrawFinal(Grid& g) {
  const int w = g.width();
  int row = g.height() / 2 - 4;
  auto center = [&](const std::string& text, int attr) {
    for (const std::string& l : Wrap(text, w - 8)) {
      g.Put(row++, std::max(0, (w - DisplayWidth(l)) / 2), l, attr);
    }
  };
  center(T(Msg::kFinalSaved), kBold | kReverse);
  row += 1;
  center(T(Msg::kFinalLeave), kBold);
  row += 1;
  center(F(Msg::kWho, {view_.info.sbd, view_.info.full_name}), kNormal);
  center(T(Msg::kFinalThanks), kNormal);
  DrawFooter(g, T(Msg::kKeysFinal));
}

Grid Model::Render(int width, int height) {
  Grid g(width, height);
  hits_.clear();
  too_small_ = width < kMinWidth || height < kMinHeight;
  if (!too_small_) {
    ignored_keys_ = 0;
  }
  if (too_small_) {
    std::string text = F(Msg::kTooSmall, {std::to_string(kMinWidth), std::to_string(kMinHeight),
                                          std::to_string(width), std::to_string(height)});
    if (ignored_keys_ > 0) {
      text += "\n\n" + F(Msg::kTooSmallIgnored, {std::to_string(ignored_keys_)});
    }
    const auto lines = Wrap(text, std::max(1, width));
    for (size_t i = 0; i < lines.size() && static_cast<int>(i) < height; ++i) {
      g.Put(static_cast<int>(i), 0, lines[i], kBold);
    }
    return g;
  }
  header_rows_ = DrawHeader(g);
  switch (screen_) {
    case Screen::kConnect:
      DrawConnect(g);
      break;
    case Screen::kLogin:
      DrawLogin(g);
      break;
    case Screen::kConfirm:
      DrawConfirm(g);
      break;
    case Screen::kWaitUnlock:
      DrawWaitUnlock(g);
      break;
    case Screen::kRules:
      DrawRules(g);
      break;
    case Screen::kExam:
      DrawExam(g);
      break;
    case Screen::kReview:
      DrawReview(g);
      break;
    case Screen::kResult:
      DrawResult(g);
      break;
    case Screen::kFinal:
      DrawFinal(g);
      break;
  }
  return g;
}

}  // namespace khaothi::client::ui
