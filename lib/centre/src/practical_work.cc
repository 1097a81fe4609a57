#include "khaothi/centre/practical_work.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"

namespace khaothi::centre {
namespace {

namespace fs = std::filesystem;

constexpr const char* kVersionColumns =
    "task_id, name, version, sha256, size, received_ms, machine FROM work_versions ";

WorkVersion ReadVersion(const store::Statement& q) {
  return WorkVersion{.task_id = q.ColumnText(0),
                     .name = q.ColumnText(1),
                     .version = q.ColumnInt(2),
                     .sha256 = q.ColumnText(3),
                     .size = q.ColumnInt64(4),
                     .received_ms = q.ColumnInt64(5),
                     .machine = q.ColumnText(6)};
}

Result<std::vector<WorkVersion>> ReadVersions(store::Statement& q) {
  std::vector<WorkVersion> out;
  KHAOTHI_RETURN_IF_ERROR(
      q.ForEachRow([&](const store::Statement& row) { out.push_back(ReadVersion(row)); }));
  return out;
}

Status IoFailure(const std::string& path, const char* what) {
  return Status::IoError(path + ": " + what + ": " + std::strerror(errno));
}

// Writes all of `bytes` to `fd`, retrying short writes and interrupted calls.
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

Status FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    return IoFailure(path, "open");
  }
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : IoFailure(path, "fsync");
}

}  // namespace

Result<std::vector<AssignedTask>> AssignedTasks(store::Database& db, const std::string& session_id,
                                                const std::string& sbd) {
  // rowid keeps the order OpenSession inserted them in: the blueprint's.
  store::Statement q = db.Prepare(
      "SELECT part, subpart, module, task_id, task_version FROM practical_assignments "
      "WHERE session_id = ? AND sbd = ? ORDER BY rowid");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  std::vector<AssignedTask> out;
  KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) {
    out.push_back(AssignedTask{.part = row.ColumnText(0),
                               .subpart = row.ColumnText(1),
                               .module = row.ColumnText(2),
                               .task_id = row.ColumnText(3),
                               .task_version = row.ColumnInt(4)});
  }));
  return out;
}

bool IsSha256Hex(std::string_view s) {
  if (s.size() != 64) {
    return false;
  }
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

Result<int> RecordWorkVersion(store::Database& db, const std::string& session_id,
                              const std::string& sbd, const WorkVersion& version) {
  if (!engine::IsPracticalFileName(version.name) || !engine::IsPracticalFileType(version.name)) {
    return Status::InvalidArgument(Bilingual("tên hoặc loại tệp bài làm không được nhận: ",
                                             "a work file's name or type that is not accepted: ") +
                                   version.name);
  }
  if (!IsSha256Hex(version.sha256)) {
    return Status::InvalidArgument(
        Bilingual("mã băm SHA-256 không hợp lệ: ", "not a SHA-256 in lower-case hex: ") +
        version.sha256);
  }
  if (version.size < 0 || version.size > engine::kMaxPracticalFileBytes) {
    return Status::InvalidArgument(
        Bilingual("kích thước tệp bài làm ngoài giới hạn: ", "a work file's size out of range: ") +
        std::to_string(version.size));
  }
  store::Statement assigned = db.Prepare(
      "SELECT 1 FROM practical_assignments WHERE session_id = ? AND sbd = ? AND task_id = ?");
  assigned.Bind(1, session_id);
  assigned.Bind(2, sbd);
  assigned.Bind(3, version.task_id);
  KHAOTHI_ASSIGN_OR_RETURN(bool is_assigned, assigned.Step());
  if (!is_assigned) {
    return Status::FailedPrecondition(
        Bilingual("đề " + version.task_id + " không phải đề của thí sinh " + sbd,
                  "task " + version.task_id + " is not one drawn by candidate " + sbd));
  }
  store::Statement latest = db.Prepare(
      "SELECT version, sha256 FROM work_versions WHERE session_id = ? AND sbd = ? AND "
      "task_id = ? AND name = ? ORDER BY version DESC LIMIT 1");
  latest.Bind(1, session_id);
  latest.Bind(2, sbd);
  latest.Bind(3, version.task_id);
  latest.Bind(4, version.name);
  KHAOTHI_ASSIGN_OR_RETURN(bool has_latest, latest.Step());
  int next = 1;
  if (has_latest) {
    if (latest.ColumnText(1) == version.sha256) {
      return latest.ColumnInt(0);
    }
    next = latest.ColumnInt(0) + 1;
  }
  store::Statement insert = db.Prepare(
      "INSERT INTO work_versions(session_id, sbd, task_id, name, version, sha256, size, "
      "received_ms, machine) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, session_id);
  insert.Bind(2, sbd);
  insert.Bind(3, version.task_id);
  insert.Bind(4, version.name);
  insert.Bind(5, next);
  insert.Bind(6, version.sha256);
  insert.Bind(7, version.size);
  insert.Bind(8, version.received_ms);
  insert.Bind(9, version.machine);
  KHAOTHI_RETURN_IF_ERROR(insert.Run());
  return next;
}

Result<std::vector<WorkVersion>> WorkVersions(store::Database& db, const std::string& session_id,
                                              const std::string& sbd) {
  store::Statement q = db.Prepare(std::string("SELECT ") + kVersionColumns +
                                  "WHERE session_id = ? AND sbd = ? ORDER BY task_id, name, "
                                  "version");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  return ReadVersions(q);
}

Result<std::vector<WorkVersion>> LatestWork(store::Database& db, const std::string& session_id,
                                            const std::string& sbd, int64_t deadline_ms) {
  // Versions only grow in time (a row is added when it arrives), so the latest version received
  // by the deadline is the highest version number among those received by then.
  store::Statement q = db.Prepare(
      std::string("SELECT ") + kVersionColumns +
      "w WHERE session_id = ?1 AND sbd = ?2 AND received_ms <= ?3 AND version = "
      "(SELECT max(version) FROM work_versions v WHERE v.session_id = w.session_id AND "
      "v.sbd = w.sbd AND v.task_id = w.task_id AND v.name = w.name AND v.received_ms <= ?3) "
      "ORDER BY task_id, name");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  q.Bind(3, deadline_ms);
  return ReadVersions(q);
}

Result<int64_t> PracticalEnd(store::Database& db, const std::string& session_id,
                             const std::string& sbd) {
  store::Statement q = db.Prepare(
      "SELECT ended_ms FROM practical_attempts WHERE session_id = ? AND sbd = ? AND ended_ms IS "
      "NOT NULL");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  KHAOTHI_ASSIGN_OR_RETURN(bool ended, q.Step());
  return ended ? q.ColumnInt64(0) : std::numeric_limits<int64_t>::max();
}

Result<std::string> WorkBlobPath(const std::string& centre_dir, std::string_view sha256) {
  if (!IsSha256Hex(sha256)) {
    return Status::InvalidArgument("not a SHA-256 in lower-case hex: " + std::string(sha256));
  }
  return centre_dir + "/work/" + std::string(sha256.substr(0, 2)) + "/" + std::string(sha256);
}

Result<std::string> WriteWorkBlob(const std::string& centre_dir, std::string_view bytes) {
  const std::string sha = crypto::Sha256Hex(bytes);
  KHAOTHI_ASSIGN_OR_RETURN(std::string path, WorkBlobPath(centre_dir, sha));
  std::error_code ec;
  if (fs::file_size(path, ec) == bytes.size() && !ec) {
    return sha;
  }
  const std::string folder = fs::path(path).parent_path().string();
  const std::string work = fs::path(folder).parent_path().string();
  fs::create_directories(folder, ec);
  if (ec) {
    return Status::IoError(folder + ": cannot create: " + ec.message());
  }
  // A new folder's entry must be durable too before anything names a blob in it.
  KHAOTHI_RETURN_IF_ERROR(FsyncPath(work, O_RDONLY | O_DIRECTORY));
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" +
                          std::to_string(reinterpret_cast<uintptr_t>(&bytes));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return IoFailure(tmp, "open");
  }
  const bool written = WriteAll(fd, bytes) && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    errno = saved_errno;
    return IoFailure(tmp, "write");
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const Status s = IoFailure(path, "rename");
    ::unlink(tmp.c_str());
    return s;
  }
  KHAOTHI_RETURN_IF_ERROR(FsyncPath(folder, O_RDONLY | O_DIRECTORY));
  return sha;
}

Result<std::string> ReadWorkBlob(const std::string& centre_dir, std::string_view sha256) {
  KHAOTHI_ASSIGN_OR_RETURN(std::string path, WorkBlobPath(centre_dir, sha256));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound(Bilingual("không có tệp bài làm ", "no work file ") +
                            std::string(sha256.substr(0, 12)) + " (" + path + ")");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::string out = std::move(bytes).str();
  if (crypto::Sha256Hex(out) != sha256) {
    return Status::Corruption(
        Bilingual("tệp bài làm đã bị thay đổi: ", "a work file was altered: ") + path);
  }
  return out;
}

}  // namespace khaothi::centre
