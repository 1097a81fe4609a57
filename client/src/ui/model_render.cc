// Drawing the candidate's screens from the model's state onto a Grid: the header and footer,
// connecting, login, personal data, rules, result. The exam and review screens are
// model_render_exam.cc; what keys do is model.cc and model_exam.cc.

#include <algorithm>

#include "khaothi/client/ui/model.h"
#include "khaothi/client/ui/text.h"

#include "model_layout.h"

namespace khaothi::client::ui {

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
  if (screen_ == Screen::kPractical && view_.practical) {
    if (PracticalEnded()) {
      clock = T(Msg::kPracticalClockEnded);
    } else if (view_.practical->state == "suspended") {
      clock = F(Msg::kClockPaused, {PracticalClock()});
      cattr = kBold | kReverse | kWarn;
    } else {
      clock = F(Msg::kClock, {PracticalClock()});
      if (view_.practical_remaining && view_.practical_remaining->count() <= 5 * 60'000) {
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
  if (PracticalToCome()) {
    row += Paragraph(g, row, left, width, T(Msg::kResultPractical), kBold);
    row += 1;
    g.Put(row, left, T(Msg::kResultContinue));
    DrawFooter(g, T(Msg::kKeysResultPractical));
    return;
  }
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
    case Screen::kPractical:
      DrawPractical(g);
      break;
    case Screen::kFinal:
      DrawFinal(g);
      break;
  }
  return g;
}

}  // namespace khaothi::client::ui
