// Drawing the exam and review screens: the question with its options, the navigator of
// questions (answered, flagged, pending, by symbol and not by colour alone) and the review list.

#include <algorithm>

#include "khaothi/client/ui/model.h"
#include "khaothi/client/ui/text.h"

#include "model_layout.h"

namespace khaothi::client::ui {

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

}  // namespace khaothi::client::ui
