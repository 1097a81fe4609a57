// The practical test's screen (docs/client.md, "The practical"): the drawn tasks, one shown at a
// time with its instructions and work folder, and every work file with what the server holds of
// it — the time it was saved, a short hash and the version — or why a save was refused. The
// candidate works in the office suite; this screen only shows and hands in.

#include <algorithm>
#include <cstdio>

#include "khaothi/client/ui/model.h"
#include "khaothi/client/ui/text.h"

#include "model_layout.h"

namespace khaothi::client::ui {

namespace {

// Vietnam keeps UTC+7 all year; the centre and its candidates read the time there.
constexpr int64_t kVietnamOffsetMs = 7 * 3600 * 1000;

}  // namespace

bool Model::PracticalToCome() const {
  // Whatever the theory's outcome: a practical passed is kept for a retake (shared/DOMAIN.md).
  return view_.result &&
         (view_.result->practical == "created" || view_.result->practical == "unlocked");
}

bool Model::PracticalRunning() const {
  return view_.result &&
         (view_.result->practical == "in_progress" || view_.result->practical == "suspended");
}

bool Model::PracticalEnded() const {
  return view_.practical &&
         (view_.practical->state == "submitted" || view_.practical->state == "graded");
}

std::string Model::PracticalClock() const {
  if (!view_.practical_remaining) {
    return "--:--";
  }
  const int64_t total_s = (view_.practical_remaining->count() + 999) / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(total_s / 3600),
                static_cast<long long>((total_s / 60) % 60), static_cast<long long>(total_s % 60));
  return buf;
}

std::string Model::SavedTime(int64_t server_ms) const {
  const int64_t s = ((server_ms + kVietnamOffsetMs) / 1000) % 86400;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>((s / 60) % 60), static_cast<long long>(s % 60));
  return buf;
}

std::string Model::RefusalText(const std::string& code) const {
  if (code == "file_too_large") {
    return T(Msg::kRefusedTooLarge);
  }
  if (code == "bad_file_type" || code == "bad_file_name") {
    return T(Msg::kRefusedType);
  }
  if (code == "too_many_files") {
    return T(Msg::kRefusedTooMany);
  }
  if (code == "quota_exceeded") {
    return T(Msg::kRefusedQuota);
  }
  if (code == "too_late" || code == "not_in_progress") {
    return T(Msg::kRefusedTooLate);
  }
  return F(Msg::kRefusedOther, {code});
}

std::vector<Action> Model::PracticalKey(const Input& in) {
  using K = Input::Kind;
  std::vector<Action> out;
  if (!view_.practical) {
    return out;
  }
  const PracticalView& p = *view_.practical;
  const int tasks = static_cast<int>(p.tasks.size());
  if (PracticalEnded()) {
    if (in.kind == K::kEnter) {
      Go(Screen::kFinal);
    }
    return out;
  }
  if (practical_confirm_) {
    if (in.kind == K::kChar && (Lower(in.ch) == U'c' || Lower(in.ch) == U'y')) {
      practical_confirm_ = false;
      practical_submit_sent_ = true;
      out.push_back(Action{Action::Kind::kSubmitPractical});
    } else if ((in.kind == K::kChar && (Lower(in.ch) == U'k' || Lower(in.ch) == U'n')) ||
               in.kind == K::kEscape) {
      practical_confirm_ = false;
    }
    return out;
  }
  if (in.kind == K::kChar && in.ch >= U'1' && in.ch <= U'9') {
    const int t = static_cast<int>(in.ch - U'1');
    if (t < tasks && t != practical_task_) {
      practical_task_ = t;
      practical_scroll_ = 0;
    }
  } else if (in.kind == K::kTab || in.kind == K::kRight) {
    if (tasks > 0) {
      practical_task_ = (practical_task_ + 1) % tasks;
      practical_scroll_ = 0;
    }
  } else if (in.kind == K::kLeft) {
    if (tasks > 0) {
      practical_task_ = (practical_task_ + tasks - 1) % tasks;
      practical_scroll_ = 0;
    }
  } else if (in.kind == K::kDown) {
    ++practical_scroll_;
  } else if (in.kind == K::kUp) {
    practical_scroll_ = std::max(0, practical_scroll_ - 1);
  } else if (in.kind == K::kPageDown) {
    practical_scroll_ += 8;
  } else if (in.kind == K::kPageUp) {
    practical_scroll_ = std::max(0, practical_scroll_ - 8);
  } else if (in.kind == K::kChar && Lower(in.ch) == U'n' && !practical_submit_sent_) {
    practical_confirm_ = true;
  }
  return out;
}

void Model::DrawPractical(Grid& g) {
  const int left = 2;
  const int width = g.width() - 2 * left;
  int row = header_rows_ + 1;
  row += Paragraph(g, row, left, width, T(Msg::kPracticalTitle), kBold | kReverse);
  if (!view_.practical || !view_.practical->ready) {
    row += 1;
    Paragraph(g, row, left, width, T(Msg::kPracticalLoading), kBold);
    DrawFooter(g, "");
    return;
  }
  const PracticalView& p = *view_.practical;
  const auto file_line = [&](const PracticalFileView& f) {
    std::string status;
    int attr = kNormal;
    if (!f.refused.empty()) {
      status = F(Msg::kPracticalFileRefused, {RefusalText(f.refused)});
      attr = kBold | kWarn;
    } else if (f.sending) {
      status = T(Msg::kPracticalFileSending);
      attr = kBold;
    }
    if (f.version > 0) {
      const std::string saved =
          F(Msg::kPracticalFileSaved,
            {SavedTime(f.saved_ms), f.sha256.substr(0, 8), std::to_string(f.version)});
      status = status.empty() ? saved : saved + " · " + status;
      if (attr == kNormal) {
        attr = kGood;
      }
    }
    return std::make_pair(Pad(Truncate(f.name, 28, false), 30) + status, attr);
  };

  if (PracticalEnded()) {
    row += 1;
    Msg title = Msg::kPracticalSubmitted;
    if (p.submitted_by == "clock") {
      title = Msg::kPracticalTimeUp;
    } else if (p.submitted_by == "proctor") {
      title = Msg::kPracticalByProctor;
    }
    row += Paragraph(g, row, left, width, T(title), kBold);
    for (const PracticalFileView& f : p.files) {
      if (f.version == 0 || row >= g.height() - 3) {
        continue;
      }
      auto [line, attr] = file_line(f);
      g.Put(row++, left + 2, f.task + "/" + line, attr, width - 2);
    }
    row += 1;
    g.Put(std::min(row, g.height() - 2), left, T(Msg::kPracticalContinue), kBold);
    DrawFooter(g, T(Msg::kKeysPracticalEnded));
    return;
  }

  const int tasks = static_cast<int>(p.tasks.size());
  practical_task_ = std::clamp(practical_task_, 0, std::max(0, tasks - 1));
  // The tabs: one per task, the shown one reversed.
  int col = left;
  for (int i = 0; i < tasks; ++i) {
    const std::string tab = " " + std::to_string(i + 1) + ". " +
                            p.tasks[static_cast<size_t>(i)].module + " " +
                            p.tasks[static_cast<size_t>(i)].task + " ";
    g.Put(row, col, tab, i == practical_task_ ? kReverse | kBold : kNormal);
    col += DisplayWidth(tab) + 1;
  }
  row += 1;
  if (tasks == 0) {
    DrawFooter(g, "");
    return;
  }
  const PracticalTaskView& t = p.tasks[static_cast<size_t>(practical_task_)];
  row += Paragraph(g, row, left, width,
                   F(Msg::kPracticalTask, {t.task, t.title, std::to_string(t.minutes)}), kBold);
  row += Paragraph(g, row, left, width, F(Msg::kPracticalFolder, {t.folder}), kBold);

  // The files of this task, at the bottom; the instructions fill what is between.
  std::vector<const PracticalFileView*> files;
  for (const PracticalFileView& f : p.files) {
    if (f.task == t.task) {
      files.push_back(&f);
    }
  }
  const int files_rows = 1 + std::max<int>(1, static_cast<int>(files.size()));
  const int footer_row = g.height() - 1;
  const int confirm_rows = practical_confirm_ ? 3 : 0;
  const int files_top = footer_row - files_rows - confirm_rows - 1;
  const int text_rows = std::max(1, files_top - row - 1);
  std::vector<std::string> lines;
  for (const std::string& para : Wrap(t.instructions, width)) {
    lines.push_back(para);
  }
  practical_scroll_ =
      std::clamp(practical_scroll_, 0, std::max(0, static_cast<int>(lines.size()) - text_rows));
  g.Fill(row, left, width, kDim);
  row += 1;
  for (int i = 0; i < text_rows && practical_scroll_ + i < static_cast<int>(lines.size()); ++i) {
    g.Put(row + i, left, lines[static_cast<size_t>(practical_scroll_ + i)], kNormal, width);
  }
  row = files_top;
  g.Put(row++, left, T(Msg::kPracticalFilesTitle), kBold, width);
  if (files.empty()) {
    g.Put(row++, left + 2, T(Msg::kPracticalNoFiles), kDim, width - 2);
  }
  for (const PracticalFileView* f : files) {
    auto [line, attr] = file_line(*f);
    g.Put(row++, left + 2, line, attr, width - 2);
  }
  if (practical_confirm_) {
    int sending = 0;
    for (const PracticalFileView& f : p.files) {
      sending += f.sending ? 1 : 0;
    }
    row += Paragraph(g, row, left, width,
                     sending > 0 ? F(Msg::kPracticalSending, {std::to_string(sending)})
                                 : T(Msg::kPracticalConfirm),
                     kBold | kReverse, 3);
  }
  DrawFooter(g, F(Msg::kKeysPractical, {std::to_string(tasks)}));
}

}  // namespace khaothi::client::ui
