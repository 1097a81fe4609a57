// The practical test's files (protocol 1.1, docs/protocol.md "The practical test"): the
// download of task files and of the candidate's own versions, and the upload of work files. The
// practical's tasks and clock are practical.cc.
//
// An upload's life: upload_begin checks the limits and opens (or finds) the partial file
// work/partial/<upload id>.part; each upload_chunk is appended at the partial file's end; when
// it holds `size` bytes, CompleteUpload hashes them and writes the content-addressed blob (temp
// file, fsync, rename, fsync of the folder: centre::WriteWorkBlob) on blob_pool_, then the
// version's row and audit entry commit through the writer, and only then is upload_ack sent.

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "khaothi/bank/practical.h"
#include "khaothi/centre/audit.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"
#include "khaothi/protocol/limits.h"
#include "khaothi/protocol/server_messages.h"

#include "attempt_codec.h"
#include "exam_service_state.h"
#include "replies.h"

namespace khaothi::server {
namespace {

namespace json = boost::json;
using engine::AttemptState;

// An error about an upload: names it, and where the server's copy ends when that helps.
std::string UploadError(std::string_view code, std::string message, const std::string& upload,
                        std::optional<uint64_t> offset = std::nullopt) {
  protocol::Error e{.code = std::string(code), .message = std::move(message)};
  e.upload = upload;
  e.offset = offset;
  return protocol::Encode(e);
}

// Bytes [offset, offset + count) of the file at `path` and its size; nullopt when it cannot be
// read.
std::optional<std::pair<std::string, int64_t>> ReadRange(const std::string& path, int64_t offset,
                                                         size_t count) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  struct stat st {};
  std::optional<std::pair<std::string, int64_t>> out;
  if (::fstat(fd, &st) == 0) {
    const int64_t size = st.st_size;
    const size_t n = offset >= size ? 0 : std::min(count, static_cast<size_t>(size - offset));
    std::string bytes(n, '\0');
    size_t got = 0;
    while (got < n) {
      const ssize_t r = ::pread(fd, bytes.data() + got, n - got, offset + static_cast<off_t>(got));
      if (r <= 0) {
        break;
      }
      got += static_cast<size_t>(r);
    }
    if (got == n) {
      out.emplace(std::move(bytes), size);
    }
  }
  ::close(fd);
  return out;
}

// Writes `data` at `offset` of the file at `path` (created when absent). On failure the file is
// cut back to `offset`, so that its size stays the count of bytes taken.
bool WriteAt(const std::string& path, int64_t offset, std::string_view data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return false;
  }
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t w =
        ::pwrite(fd, data.data() + done, data.size() - done, offset + static_cast<off_t>(done));
    if (w <= 0) {
      break;
    }
    done += static_cast<size_t>(w);
  }
  const bool ok = done == data.size();
  if (!ok) {
    static_cast<void>(::ftruncate(fd, offset));
  }
  return ::close(fd) == 0 && ok;
}

}  // namespace

// ---- Downloads ----

void ExamService::OnDownload(Seat& seat, const ClientMessage& m,
                             const std::shared_ptr<Peer>& peer) {
  if (!seat.practical || !HasStarted(seat.practical->state())) {
    peer->Send(ErrorMessage(error::kNotInProgress, "start the practical first"));
    return;
  }
  bool task_file = false;
  for (const Seat::DrawnTask& t : seat.tasks) {
    task_file = task_file || t.task->instructions.sha256 == m.sha256;
    for (const engine::PracticalFile& f : t.task->starters) {
      task_file = task_file || f.sha256 == m.sha256;
    }
  }
  const bool own_work = seat.work_hashes.count(m.sha256) != 0;
  if (!task_file && !own_work) {
    peer->Send(ErrorMessage(error::kUnknownFile, "no file of yours has this SHA-256"));
    return;
  }
  const auto offset = static_cast<int64_t>(m.offset);
  std::string data;
  int64_t size = 0;
  if (task_file) {
    // The task packages' bytes are in the bank (practical_blobs): only the chunk is read.
    store::Statement st = read_db_->Prepare(
        "SELECT length(bytes), substr(bytes, ?2, ?3) FROM practical_blobs WHERE sha256 = ?1");
    st.Bind(1, m.sha256);
    st.Bind(2, offset + 1);
    st.Bind(3, static_cast<int64_t>(protocol::kDownloadChunkBytes));
    Result<bool> row = st.Step();
    if (!row.ok() || !*row) {
      peer->Send(ErrorMessage(error::kUnknownFile, "the task file cannot be read"));
      return;
    }
    size = st.ColumnInt64(0);
    data = offset < size ? st.ColumnBlob(1) : std::string();
  } else {
    Result<std::string> path = centre::WorkBlobPath(centre_dir_, m.sha256);
    std::optional<std::pair<std::string, int64_t>> read =
        path.ok() ? ReadRange(*path, offset, protocol::kDownloadChunkBytes) : std::nullopt;
    if (!read) {
      peer->Send(ErrorMessage(error::kUnknownFile, "the work file cannot be read"));
      return;
    }
    data = std::move(read->first);
    size = read->second;
  }
  if (offset > size) {
    peer->Send(ErrorMessage(
        error::kUnknownFile,
        "offset " + std::to_string(offset) + " is past the file's end, " + std::to_string(size)));
    return;
  }
  peer->Send(protocol::Encode(
      protocol::FileChunk{m.sha256, m.offset, static_cast<uint64_t>(size), std::move(data)}));
}

// ---- Uploads ----

std::string ExamService::PartialPath(const std::string& id) const {
  return (std::filesystem::path(centre_dir_) / "work" / "partial" / (id + ".part")).string();
}

std::optional<std::string_view> ExamService::UploadClosed(const Seat& seat,
                                                          int64_t begun_ms) const {
  const engine::AttemptRecord& r = seat.practical->record();
  if (r.state == AttemptState::kInProgress || r.state == AttemptState::kSuspended) {
    return std::nullopt;
  }
  if (!TheoryOver(r.state)) {
    return error::kNotInProgress;
  }
  const int64_t ended = r.closed_at ? r.closed_at->time_since_epoch().count() : 0;
  if (begun_ms < ended && NowMs() <= ended + limits_.practical_upload_grace.count()) {
    return std::nullopt;
  }
  return r.submitted_by == engine::SubmittedBy::kClock ? error::kTooLate : error::kNotInProgress;
}

void ExamService::DropUpload(Seat& seat, const std::string& id) {
  std::error_code ec;
  std::filesystem::remove(PartialPath(id), ec);
  seat.uploads.erase(id);
}

void ExamService::OnUploadBegin(Seat& seat, const ClientMessage& m,
                                const std::shared_ptr<Peer>& peer) {
  if (!seat.practical) {
    peer->Send(ErrorMessage(error::kNoPractical, "this exam has no practical task"));
    return;
  }
  engine::Attempt& p = *seat.practical;
  p.Refresh();
  SettlePractical(seat, "system");
  // A new upload only while the practical runs (not paused: the candidate is not working then).
  if (p.state() != AttemptState::kInProgress) {
    const bool late =
        TheoryOver(p.state()) && p.record().submitted_by == engine::SubmittedBy::kClock;
    peer->Send(ErrorMessage(late ? error::kTooLate : error::kNotInProgress,
                            late ? "the practical's time is up" : "the practical is not running"));
    return;
  }
  const auto task = std::find_if(seat.tasks.begin(), seat.tasks.end(),
                                 [&](const Seat::DrawnTask& t) { return t.task->id == m.task; });
  if (task == seat.tasks.end()) {
    peer->Send(ErrorMessage(error::kBadTask, "\"" + m.task.substr(0, 64) + "\" is not your task"));
    return;
  }
  if (!engine::IsPracticalFileName(m.name)) {
    peer->Send(ErrorMessage(error::kBadFileName,
                            "a work file's name is 1 to " +
                                std::to_string(engine::kMaxFileNameBytes) +
                                " ASCII letters, digits, '.', '_' or '-' with an extension"));
    return;
  }
  if (!engine::IsPracticalFileType(m.name)) {
    peer->Send(ErrorMessage(error::kBadFileType,
                            "files of type ." + std::string(engine::FileExtension(m.name)) +
                                " are not accepted (docx xlsx pptx odt ods odp txt csv png jpg "
                                "jpeg)"));
    return;
  }
  const auto size = static_cast<int64_t>(m.size);
  if (size > engine::kMaxPracticalFileBytes) {
    peer->Send(
        ErrorMessage(error::kFileTooLarge, std::to_string(size) + " bytes, over the limit of " +
                                               std::to_string(engine::kMaxPracticalFileBytes)));
    return;
  }
  int names = 0;
  for (auto it = seat.latest_work.lower_bound({m.task, ""});
       it != seat.latest_work.end() && it->first.first == m.task; ++it) {
    ++names;
  }
  const auto latest = seat.latest_work.find({m.task, m.name});
  if (latest == seat.latest_work.end() && names >= engine::kMaxWorkFilesPerTask) {
    peer->Send(ErrorMessage(
        error::kTooManyFiles,
        "a task takes at most " + std::to_string(engine::kMaxWorkFilesPerTask) + " work files"));
    return;
  }
  const int64_t remaining = p.Remaining().count();
  const std::string id = crypto::Sha256Hex(seat.key + "\n" + m.task + "\n" + m.name + "\n" +
                                           std::to_string(size) + "\n" + m.sha256)
                             .substr(0, 32);
  if (latest != seat.latest_work.end() && latest->second.sha256 == m.sha256) {
    // The same bytes as the latest version: nothing new to store.
    const protocol::WorkFile& w = latest->second;
    peer->Send(protocol::Encode(protocol::UploadAck{id, m.task, m.name, w.version, w.size, w.sha256,
                                                    w.received_ms, "unchanged", remaining}));
    return;
  }
  if (seat.work_bytes + size > limits_.max_work_bytes_per_candidate) {
    peer->Send(ErrorMessage(error::kQuotaExceeded,
                            "your saved versions would pass " +
                                std::to_string(limits_.max_work_bytes_per_candidate) +
                                " bytes; ask the proctor"));
    return;
  }
  auto [it, fresh] = seat.uploads.try_emplace(id);
  Seat::Upload& u = it->second;
  if (fresh) {
    // Received when begun: the save happened then, whatever the upload takes.
    u = Seat::Upload{m.task, m.name, m.sha256, size, 0, NowMs(), false};
  }
  if (u.completing) {
    peer->Send(protocol::Encode(protocol::UploadReady{id, static_cast<uint64_t>(u.size)}));
    return;
  }
  // What an earlier connection (or an earlier run of the server) left of this upload.
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(PartialPath(id)).parent_path(), ec);
  const auto held = std::filesystem::file_size(PartialPath(id), ec);
  u.held = ec || static_cast<int64_t>(held) > size ? 0 : static_cast<int64_t>(held);
  if (!ec && static_cast<int64_t>(held) > size) {
    std::filesystem::resize_file(PartialPath(id), 0, ec);
  }
  if (u.held == size) {
    if (size == 0 && !WriteAt(PartialPath(id), 0, "")) {
      peer->Send(UploadError(error::kNotSaved, "the upload could not be written", id));
      return;
    }
    CompleteUpload(seat, id);
    return;
  }
  peer->Send(protocol::Encode(protocol::UploadReady{id, static_cast<uint64_t>(u.held)}));
}

void ExamService::OnUploadChunk(Seat& seat, const ClientMessage& m,
                                const std::shared_ptr<Peer>& peer) {
  auto it = seat.uploads.find(m.upload);
  if (!seat.practical || it == seat.uploads.end()) {
    peer->Send(UploadError(error::kUnknownUpload, "no such upload; send upload_begin", m.upload));
    return;
  }
  seat.practical->Refresh();
  SettlePractical(seat, "system");
  Seat::Upload& u = it->second;
  if (std::optional<std::string_view> closed = UploadClosed(seat, u.begun_ms)) {
    DropUpload(seat, m.upload);
    peer->Send(UploadError(*closed, "the practical has ended; the upload is dropped", m.upload));
    return;
  }
  if (u.completing) {
    peer->Send(UploadError(error::kBadOffset, "the whole file has arrived", m.upload,
                           static_cast<uint64_t>(u.size)));
    return;
  }
  if (static_cast<int64_t>(m.offset) != u.held ||
      static_cast<int64_t>(m.data.size()) > u.size - u.held) {
    peer->Send(UploadError(error::kBadOffset,
                           "the chunk must start at " + std::to_string(u.held) + " and end by " +
                               std::to_string(u.size),
                           m.upload, static_cast<uint64_t>(u.held)));
    return;
  }
  if (!WriteAt(PartialPath(m.upload), u.held, m.data)) {
    peer->Send(UploadError(error::kNotSaved, "the chunk could not be written; send it again",
                           m.upload, static_cast<uint64_t>(u.held)));
    return;
  }
  u.held += static_cast<int64_t>(m.data.size());
  if (u.held == u.size) {
    CompleteUpload(seat, m.upload);
  }
}

void ExamService::CompleteUpload(Seat& seat, const std::string& id) {
  Seat::Upload& u = seat.uploads[id];
  u.completing = true;
  centre::WorkVersion version{u.task, u.name, 0, u.sha256, u.size, u.begun_ms, seat.machine};
  // Hashing and fsyncing take milliseconds: on blob_pool_, without the lock.
  boost::asio::post(*blob_pool_, [this, id, key = seat.key, session = seat.session->id,
                                  sbd = seat.sbd, version = std::move(version)]() {
    const std::string partial = PartialPath(id);
    std::ifstream in(partial, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool read = !in.bad() && static_cast<int64_t>(bytes.size()) == version.size;
    const bool hash_ok = read && crypto::Sha256Hex(bytes) == version.sha256;
    std::optional<Result<std::string>> blob;
    if (hash_ok) {
      blob.emplace(centre::WriteWorkBlob(centre_dir_, bytes));
    }
    std::lock_guard lock(mu_);
    Seat* st = FindSeat(key);
    if (st == nullptr) {
      return;
    }
    // The reply goes to the seat's connection now: a station that reconnected meanwhile was
    // told the upload is completing (upload_ready at its size) and waits for this very reply.
    std::shared_ptr<Peer> p = st->peer.lock();
    if (!hash_ok) {
      // The bytes are not the file named: none of them is kept (a half upload never becomes a
      // version); the station sends the file again from the start.
      DropUpload(*st, id);
      if (p) {
        p->Send(UploadError(error::kBadHash,
                            read ? "the bytes received do not have the SHA-256 named"
                                 : "the upload's bytes could not be read back",
                            id));
      }
      return;
    }
    if (!blob->ok()) {
      std::fprintf(stderr, "khaothi-server: %s: %s\n", key.c_str(),
                   blob->status().ToString().c_str());
      // The partial file stays: the next upload_begin of the file completes it again.
      st->uploads[id].completing = false;
      if (p) {
        p->Send(UploadError(error::kNotSaved, "the file could not be stored; send it again", id));
      }
      return;
    }
    auto number = std::make_shared<int>(0);
    const int64_t now = NowMs();
    auto op = [session, sbd, key, version, number, now](store::Database& db) -> Status {
      KHAOTHI_ASSIGN_OR_RETURN(*number, centre::RecordWorkVersion(db, session, sbd, version));
      return centre::AppendAudit(
          db, centre::AuditEntry{now, "candidate:" + sbd, "work_upload", key,
                                 Canonical(json::object{{"task", version.task_id},
                                                        {"name", version.name},
                                                        {"version", *number},
                                                        {"sha256", version.sha256},
                                                        {"size", version.size},
                                                        {"received_ms", version.received_ms},
                                                        {"machine", version.machine}})});
    };
    auto done = [this, id, key, version, number](const Status& s) {
      std::lock_guard l(mu_);
      Seat* seat_now = FindSeat(key);
      if (seat_now == nullptr) {
        return;
      }
      std::shared_ptr<Peer> peer_now = seat_now->peer.lock();
      if (!s.ok()) {
        if (auto up = seat_now->uploads.find(id); up != seat_now->uploads.end()) {
          up->second.completing = false;
        }
        if (peer_now) {
          peer_now->Send(UploadError(error::kNotSaved,
                                     "the version could not be recorded; send it again", id));
        }
        return;
      }
      const std::pair<std::string, std::string> file{version.task_id, version.name};
      auto latest = seat_now->latest_work.find(file);
      const bool stored =
          latest == seat_now->latest_work.end() || latest->second.version != *number;
      if (stored) {
        seat_now->latest_work[file] =
            protocol::WorkFile{version.name, *number, static_cast<uint64_t>(version.size),
                               version.sha256, version.received_ms};
        seat_now->work_hashes.insert(version.sha256);
        seat_now->work_bytes += version.size;
        // A version completed within the grace after the end is the one to mark: propose again.
        if (seat_now->practical_finished && practical_ended_) {
          practical_ended_(seat_now->session->id, seat_now->sbd);
        }
      }
      DropUpload(*seat_now, id);
      if (peer_now) {
        peer_now->Send(protocol::Encode(protocol::UploadAck{
            id, version.task_id, version.name, *number, static_cast<uint64_t>(version.size),
            version.sha256, version.received_ms, stored ? "stored" : "unchanged",
            seat_now->practical->Remaining().count()}));
      }
    };
    if (!writer_.Submit(std::move(op), std::move(done))) {
      st->uploads[id].completing = false;
      if (p) {
        p->Send(
            UploadError(error::kBusy, "the server is busy saving; send upload_begin again", id));
      }
    }
  });
}

}  // namespace khaothi::server
