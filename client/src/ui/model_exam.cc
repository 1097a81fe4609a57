// The candidate's keys on the exam and review screens: moving between questions, choosing and
// removing an answer, flags, going to a question, and confirming the submission.

#include <algorithm>

#include "khaothi/client/ui/model.h"
#include "khaothi/client/ui/text.h"

#include "model_layout.h"

namespace khaothi::client::ui {

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

}  // namespace khaothi::client::ui
