// The candidate's input model: what each event and key does to the screen state, and the
// actions it asks of the connection. Drawing the state is model_render.cc.

#include "khaothi/client/ui/model.h"

#include <algorithm>

#include "khaothi/client/ui/text.h"

#include "model_layout.h"

namespace khaothi::client::ui {

namespace {

constexpr int64_t kBannerMs = 20'000;
constexpr int64_t kNoticeMs = 120'000;

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
    case EventType::kPractical:
      if (practical_requested_ && screen_ == Screen::kResult) {
        Go(Screen::kPractical);
      }
      break;
    case EventType::kPracticalSaved:
      break;
    case EventType::kPracticalError: {
      const size_t slash = e.text.find('/');
      const size_t colon = e.text.find(':');
      const bool about_file = slash != std::string::npos && colon != std::string::npos &&
                              slash < colon && e.code != "no_work_folder";
      if (e.code == "no_practical") {
        practical_requested_ = false;
        Go(Screen::kResult);
        SetBanner(T(Msg::kNoPractical), true, kBannerMs);
      } else if (e.code == "practical_not_open") {
        practical_requested_ = false;
        Go(Screen::kResult);
        SetBanner(T(Msg::kPracticalNotOpen), true, kBannerMs);
      } else if (e.code == "no_work_folder" || e.code == "work_folder") {
        SetBanner(T(Msg::kPracticalFolderError), true, 0);
      } else if (about_file) {
        // "task/name: reason": the file's name and the refusal in the candidate's words.
        const std::string name = e.text.substr(slash + 1, colon - slash - 1);
        SetBanner(F(Msg::kPracticalSaveRefused, {name, RefusalText(e.code)}), true, kNoticeMs);
      } else if (e.code == "room_paused") {
        SetBanner(T(Msg::kRoomPausedStart), true, kBannerMs);
      } else if (e.code == "session_closed") {
        SetBanner(T(Msg::kSessionClosed), true, kBannerMs);
      }
      break;
    }
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
      if (PracticalRunning() && !practical_requested_) {
        // Back at a station while the practical runs: straight back to it (its clock runs on
        // the server whatever the station does).
        practical_requested_ = true;
        out.push_back(Action{Action::Kind::kStartPractical});
      }
      // The practical's screen follows when its message arrives (kPractical).
      if (screen_ != Screen::kFinal && screen_ != Screen::kPractical) {
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
      } else if (in.kind == K::kChar && Lower(in.ch) == U't' && PracticalToCome()) {
        practical_requested_ = true;
        out.push_back(Action{Action::Kind::kStartPractical});
        if (view_.practical) {
          Go(Screen::kPractical);
        }
      }
      break;
    case Screen::kPractical:
      return PracticalKey(in);
    case Screen::kFinal:
      if (in.kind == K::kChar && Lower(in.ch) == U'q') {
        out.push_back(Action{Action::Kind::kQuit});
      }
      break;
  }
  return out;
}

}  // namespace khaothi::client::ui
