#include "practical_session.h"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/limits.h"
#include "khaothi/protocol/protocol.h"

namespace khaothi::client {
namespace {

namespace net = boost::asio;
namespace error = protocol::error;

bool Ended(const std::string& state) { return state == "submitted" || state == "graded"; }

// Refusals of one save: the file stays as the candidate saved it, the station says why, and the
// next save of it is offered again.
bool RefusesTheFile(std::string_view code) {
  return code == error::kBadTask || code == error::kBadFileName || code == error::kBadFileType ||
         code == error::kFileTooLarge || code == error::kTooManyFiles ||
         code == error::kQuotaExceeded;
}

}  // namespace

PracticalSession::PracticalSession(net::strand<net::any_io_executor> strand, std::string work_root,
                                   std::chrono::milliseconds settle, Hooks hooks)
    : strand_(std::move(strand)),
      work_root_(std::move(work_root)),
      settle_(settle),
      hooks_(std::move(hooks)),
      retry_timer_(strand_) {}

PracticalSession::~PracticalSession() {
  if (watcher_) {
    watcher_->Stop();
  }
}

void PracticalSession::Want(bool logged_in) {
  if (work_root_.empty()) {
    hooks_.emit({EventType::kPracticalError, "no_work_folder",
                 "this station has no work folder for the practical (--work-dir)"});
    return;
  }
  want_ = true;
  logged_in_ = logged_in;
  if (logged_in_) {
    hooks_.send(protocol::EncodePracticalStart());
  }
}

void PracticalSession::Submit(bool logged_in) {
  want_submit_ = true;
  logged_in_ = logged_in;
  // Saves still on their way go first; NextUpload sends the submit when none is left.
  if (logged_in_ && !current_ && upload_order_.empty()) {
    hooks_.send(protocol::EncodePracticalSubmit());
  }
}

void PracticalSession::OnLoggedIn() {
  logged_in_ = true;
  if (want_) {
    hooks_.send(protocol::EncodePracticalStart());
  }
}

void PracticalSession::OnDisconnected() {
  logged_in_ = false;
  downloads_.clear();
  downloading_.reset();
  download_bytes_.clear();
  if (current_) {
    current_->begun = false;  // begun again (and resumed) after the next practical message
  }
  retry_timer_.cancel();
}

void PracticalSession::Stop() {
  stopped_ = true;
  if (watcher_) {
    watcher_->Stop();
  }
  retry_timer_.cancel();
}

bool PracticalSession::Running() const {
  std::lock_guard lock(mu_);
  return view_ && !Ended(view_->state);
}

void PracticalSession::On(const protocol::Practical& m) {
  bool ended = false;
  bool ready = false;
  {
    std::lock_guard lock(mu_);
    PracticalView v;
    v.state = m.state;
    v.submitted_by = m.submitted_by;
    v.ready = view_ && view_->ready;
    for (const protocol::PracticalTaskInfo& t : m.tasks) {
      PracticalTaskView tv{.task = t.task,
                           .module = t.module,
                           .subpart = t.subpart,
                           .title = t.title,
                           .minutes = t.minutes,
                           .folder = work_root_ + "/" + t.task};
      for (const protocol::FileRef& f : t.starters) {
        tv.files.push_back(f.name);
      }
      if (view_) {
        for (const PracticalTaskView& old : view_->tasks) {
          if (old.task == t.task) {
            tv.instructions = old.instructions;
          }
        }
      }
      v.tasks.push_back(std::move(tv));
      for (const protocol::WorkFile& w : t.work) {
        v.files.push_back(PracticalFileView{.task = t.task,
                                            .name = w.name,
                                            .version = w.version,
                                            .sha256 = w.sha256,
                                            .size = static_cast<int64_t>(w.size),
                                            .saved_ms = w.received_ms});
        known_[Key(t.task, w.name)] = w.sha256;
        if (watcher_) {
          watcher_->Known(t.task, w.name, w.sha256);
        }
      }
    }
    // What this station is still sending, or was refused, stays shown as such.
    if (view_) {
      for (const PracticalFileView& old : view_->files) {
        auto it = std::find_if(v.files.begin(), v.files.end(), [&](const PracticalFileView& f) {
          return f.task == old.task && f.name == old.name;
        });
        if (it == v.files.end() && (old.sending || !old.refused.empty())) {
          PracticalFileView kept = old;
          kept.version = 0;
          v.files.push_back(std::move(kept));
        } else if (it != v.files.end()) {
          it->sending = old.sending;
          it->refused = old.refused;
        }
      }
    }
    std::sort(v.files.begin(), v.files.end(), [](const auto& a, const auto& b) {
      return std::tie(a.task, a.name) < std::tie(b.task, b.name);
    });
    view_ = std::move(v);
    remaining_ = std::chrono::milliseconds(m.remaining_ms);
    remaining_at_ = Clock::now();
    ended = Ended(view_->state);
    ready = view_->ready;
  }
  if (ended) {
    want_ = false;
    want_submit_ = false;
    if (watcher_) {
      watcher_->Stop();  // a save after the end is not the candidate's work any more
    }
    Changed();
    return;
  }
  if (!ready && !downloading_) {
    // Everything the station needs that is not in its work folder yet: the instructions, the
    // starter files (unless the candidate has a saved version of that name), and after a move
    // to another PC the latest saved versions.
    downloads_.clear();
    for (const protocol::PracticalTaskInfo& t : m.tasks) {
      downloads_.push_back(
          {t.instructions.sha256, t.instructions.size, t.task, t.instructions.name, true});
      for (const protocol::WorkFile& w : t.work) {
        downloads_.push_back({w.sha256, w.size, t.task, w.name, false});
      }
      for (const protocol::FileRef& f : t.starters) {
        const bool saved =
            std::any_of(t.work.begin(), t.work.end(),
                        [&](const protocol::WorkFile& w) { return w.name == f.name; });
        if (!saved) {
          downloads_.push_back({f.sha256, f.size, t.task, f.name, false});
          // The starter as given is not a save: the watcher sends it only once it changed.
          known_.emplace(Key(t.task, f.name), f.sha256);
        }
      }
    }
    NextDownload();
  }
  Changed();
  NextUpload();
}

void PracticalSession::NextDownload() {
  downloading_.reset();
  download_bytes_.clear();
  if (downloads_.empty()) {
    DownloadsDone();
    return;
  }
  downloading_ = downloads_.front();
  downloads_.pop_front();
  RequestDownload();
}

void PracticalSession::RequestDownload() {
  if (logged_in_ && downloading_) {
    hooks_.send(protocol::EncodeDownload(downloading_->sha256, download_bytes_.size()));
  }
}

void PracticalSession::On(const protocol::FileChunk& m) {
  if (!downloading_ || m.sha256 != downloading_->sha256 || m.offset != download_bytes_.size() ||
      download_bytes_.size() + m.data.size() > downloading_->size) {
    hooks_.log("skipped a file_chunk that is not the one asked for");
    return;
  }
  download_bytes_ += m.data;
  if (download_bytes_.size() < downloading_->size) {
    if (m.data.empty()) {
      hooks_.log("an empty file_chunk before the end of " + downloading_->name);
      return;
    }
    RequestDownload();
    return;
  }
  const Download d = *downloading_;
  if (crypto::Sha256Hex(download_bytes_) != d.sha256) {
    hooks_.emit({EventType::kPracticalError, "download",
                 d.task + "/" + d.name + ": the file received does not match its SHA-256"});
    NextDownload();
    return;
  }
  if (d.instructions) {
    std::lock_guard lock(mu_);
    if (view_) {
      for (PracticalTaskView& t : view_->tasks) {
        if (t.task == d.task) {
          t.instructions = download_bytes_;
        }
      }
    }
  } else {
    khaothi::Result<PlaceOutcome> placed =
        PlaceWorkFile(work_root_, d.task, d.name, download_bytes_, d.sha256);
    if (!placed.ok()) {
      hooks_.emit({EventType::kPracticalError, "work_folder", placed.status().message()});
    }
  }
  Changed();
  NextDownload();
}

void PracticalSession::DownloadsDone() {
  {
    std::lock_guard lock(mu_);
    if (!view_) {
      return;
    }
    view_->ready = true;
  }
  if (!watcher_ && Running() && !stopped_) {
    std::vector<std::string> tasks;
    {
      std::lock_guard lock(mu_);
      for (const PracticalTaskView& t : view_->tasks) {
        tasks.push_back(t.task);
      }
    }
    khaothi::Result<std::shared_ptr<WorkWatcher>> w =
        WorkWatcher::Create(strand_, work_root_, tasks, known_, settle_,
                            [this, post = hooks_.post](const LocalWorkFile& f) {
                              // The watcher runs on its own strand of the same executor; the
                              // session's state is the client strand's, reached through the client,
                              // which runs it only while it lives.
                              post([this, f] { OnSaved(f); });
                            });
    if (!w.ok()) {
      hooks_.emit({EventType::kPracticalError, "work_folder", w.status().message()});
    } else {
      watcher_ = *w;
    }
  }
  Changed();
}

void PracticalSession::OnSaved(const LocalWorkFile& f) {
  if (stopped_ || !Running()) {
    return;
  }
  const std::string key = Key(f.task_id, f.name);
  if (f.sha256.empty()) {
    Refuse(key, std::string(error::kFileTooLarge), f.name + " is over the size limit");
    return;
  }
  queued_[key] = f;
  if (std::find(upload_order_.begin(), upload_order_.end(), key) == upload_order_.end()) {
    upload_order_.push_back(key);
  }
  {
    std::lock_guard lock(mu_);
    PracticalFileView& v = FileView(f.task_id, f.name);
    v.sending = true;
    v.refused.clear();
  }
  Changed();
  NextUpload();
}

void PracticalSession::NextUpload() {
  if (!logged_in_ || stopped_) {
    return;
  }
  if (current_) {
    if (!current_->begun) {
      current_->begun = true;
      current_->id.clear();
      const LocalWorkFile& f = current_->file;
      hooks_.send(protocol::EncodeUploadBegin(f.task_id, f.name, f.bytes.size(), f.sha256));
    }
    return;
  }
  if (upload_order_.empty()) {
    if (want_submit_ && Running()) {
      want_submit_ = false;
      hooks_.send(protocol::EncodePracticalSubmit());
    }
    return;
  }
  const std::string key = upload_order_.front();
  upload_order_.pop_front();
  current_ = Upload{.file = std::move(queued_.at(key))};
  queued_.erase(key);
  NextUpload();
}

void PracticalSession::SendChunks(uint64_t from) {
  const std::string& bytes = current_->file.bytes;
  for (uint64_t off = from; off < bytes.size(); off += protocol::kMaxUploadChunkBytes) {
    const size_t n = std::min<size_t>(protocol::kMaxUploadChunkBytes, bytes.size() - off);
    hooks_.send(
        protocol::EncodeUploadChunk(current_->id, off, std::string_view(bytes).substr(off, n)));
  }
}

void PracticalSession::On(const protocol::UploadReady& m) {
  if (!current_ || !current_->begun || !current_->id.empty()) {
    hooks_.log("skipped an upload_ready for no upload in progress");
    return;
  }
  if (m.offset > current_->file.bytes.size()) {
    hooks_.log("upload_ready past the end of the file; beginning again");
    current_->begun = false;
    RetryUploadLater();
    return;
  }
  current_->id = m.upload;
  SendChunks(m.offset);
}

void PracticalSession::On(const protocol::UploadAck& m) {
  const std::string key = Key(m.task, m.name);
  if (current_ && Key(current_->file.task_id, current_->file.name) == key &&
      current_->file.sha256 == m.sha256) {
    current_.reset();
  }
  known_[key] = m.sha256;
  if (watcher_) {
    watcher_->Known(m.task, m.name, m.sha256);
  }
  {
    std::lock_guard lock(mu_);
    PracticalFileView& v = FileView(m.task, m.name);
    if (m.version >= v.version) {
      v.version = m.version;
      v.sha256 = m.sha256;
      v.size = static_cast<int64_t>(m.size);
      v.saved_ms = m.received_ms;
    }
    v.sending = queued_.count(key) != 0 ||
                (current_ && Key(current_->file.task_id, current_->file.name) == key);
    v.refused.clear();
    remaining_ = std::chrono::milliseconds(m.remaining_ms);
    remaining_at_ = Clock::now();
  }
  hooks_.emit({EventType::kPracticalSaved, m.outcome, key, -1, static_cast<uint64_t>(m.version)});
  Changed();
  NextUpload();
}

void PracticalSession::OnTime(const protocol::TimeChange& m) {
  {
    std::lock_guard lock(mu_);
    remaining_ = std::chrono::milliseconds(m.remaining_ms);
    remaining_at_ = Clock::now();
    if (view_ && !Ended(view_->state)) {
      view_->state = m.event == "pause" ? "suspended" : "in_progress";
    }
  }
  Changed();
}

void PracticalSession::OnError(const protocol::Error& m) {
  const std::string code = m.code;
  if (code == error::kBadOffset || code == error::kUnknownUpload || code == error::kBadHash) {
    // The server's copy is not where this station thought (a restart, a lost chunk): begin
    // again, and the server says where to go on. Errors of chunks already in flight for the
    // same upload are ignored until then.
    if (current_ && !current_->id.empty()) {
      hooks_.log("upload of " + current_->file.name + ": " + code + "; beginning again");
      current_->begun = false;
      NextUpload();
    }
    return;
  }
  if (code == error::kNotSaved || code == error::kBusy) {
    if (current_) {
      current_->begun = false;
      RetryUploadLater();
    }
    return;
  }
  if (code == error::kUnknownFile) {
    hooks_.emit({EventType::kPracticalError, code, m.message});
    NextDownload();
    return;
  }
  if (RefusesTheFile(code) && current_) {
    const std::string key = Key(current_->file.task_id, current_->file.name);
    current_.reset();
    Refuse(key, code, m.message);
    NextUpload();
    return;
  }
  if ((code == error::kTooLate || code == error::kNotInProgress) && current_) {
    // The practical is over (or paused): nothing more is taken. What was not acknowledged stays
    // in the work folder and is shown as not saved.
    std::vector<std::string> keys = {Key(current_->file.task_id, current_->file.name)};
    current_.reset();
    if (code == error::kTooLate) {
      keys.insert(keys.end(), upload_order_.begin(), upload_order_.end());
      upload_order_.clear();
      queued_.clear();
    } else {
      // Paused: offered again when the practical runs again (the next practical message).
      upload_order_.push_front(keys.front());
      return;
    }
    for (const std::string& key : keys) {
      Refuse(key, code, m.message);
    }
    return;
  }
  hooks_.emit({EventType::kPracticalError, code, m.message});
}

void PracticalSession::RetryUploadLater() {
  retry_timer_.expires_after(std::chrono::seconds(1));
  retry_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec && !stopped_) {
      NextUpload();
    }
  });
}

void PracticalSession::Refuse(const std::string& key, const std::string& code,
                              const std::string& text) {
  const size_t slash = key.find('/');
  {
    std::lock_guard lock(mu_);
    PracticalFileView& v = FileView(key.substr(0, slash), key.substr(slash + 1));
    v.sending = queued_.count(key) != 0;
    v.refused = code;
  }
  hooks_.emit({EventType::kPracticalError, code, key + ": " + text});
  Changed();
}

PracticalFileView& PracticalSession::FileView(const std::string& task, const std::string& name) {
  if (!view_) {
    view_.emplace();
  }
  std::vector<PracticalFileView>& files = view_->files;
  auto it = std::lower_bound(
      files.begin(), files.end(), std::tie(task, name),
      [](const PracticalFileView& f, const auto& k) { return std::tie(f.task, f.name) < k; });
  if (it == files.end() || it->task != task || it->name != name) {
    it = files.insert(it, PracticalFileView{.task = task, .name = name});
  }
  return *it;
}

void PracticalSession::Changed() { hooks_.emit({EventType::kPractical}); }

std::optional<PracticalView> PracticalSession::Snapshot() const {
  std::lock_guard lock(mu_);
  return view_;
}

std::optional<std::chrono::milliseconds> PracticalSession::Remaining() const {
  std::lock_guard lock(mu_);
  if (!remaining_at_ || !view_) {
    return std::nullopt;
  }
  if (view_->state != "in_progress") {
    return view_->state == "suspended" ? remaining_ : std::chrono::milliseconds(0);
  }
  auto left = remaining_ -
              std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - *remaining_at_);
  return std::max(left, std::chrono::milliseconds(0));
}

}  // namespace khaothi::client
