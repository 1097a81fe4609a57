// khaothi backup: a consistent copy of center.db while the server may be writing to it, and of
// the candidates' practical work files it names (the content-addressed blobs of DIR/work/).
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <sqlite3.h>

#include "khaothi/centre/centre.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/store/database.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;

// Closes an sqlite3 handle opened with sqlite3_open_v2 (which sets it even on failure).
struct Connection {
  sqlite3* db = nullptr;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { sqlite3_close_v2(db); }
};

Status Copy(const std::string& source, const std::string& target) {
  Connection src;
  int rc = sqlite3_open_v2(source.c_str(), &src.db, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) {
    return store::SqliteStatus(src.db, rc, "cannot open " + source);
  }
  sqlite3_busy_timeout(src.db, 5000);
  Connection dst;
  rc =
      sqlite3_open_v2(target.c_str(), &dst.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    return store::SqliteStatus(dst.db, rc, "cannot create " + target);
  }
  sqlite3_backup* backup = sqlite3_backup_init(dst.db, "main", src.db, "main");
  if (backup == nullptr) {
    return store::SqliteStatus(dst.db, sqlite3_errcode(dst.db), "backup");
  }
  // One step of all pages copies a single read snapshot of the source. In WAL mode that read
  // does not block the server's writers; a busy source (a checkpoint in progress) is retried.
  do {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  const int finish = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return store::SqliteStatus(dst.db, rc, "backup");
  }
  if (finish != SQLITE_OK) {
    return store::SqliteStatus(dst.db, finish, "backup");
  }
  // A backup is one self-contained file: no -wal or -shm beside it.
  char* err = nullptr;
  rc = sqlite3_exec(dst.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) {
    return store::SqliteStatus(dst.db, rc, "backup journal mode");
  }
  sqlite3_stmt* check = nullptr;
  rc = sqlite3_prepare_v2(dst.db, "PRAGMA integrity_check", -1, &check, nullptr);
  if (rc != SQLITE_OK) {
    return store::SqliteStatus(dst.db, rc, "integrity check");
  }
  std::string result;
  while ((rc = sqlite3_step(check)) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(check, 0);
    result += (result.empty() ? "" : "; ") +
              std::string(text == nullptr ? "" : reinterpret_cast<const char*>(text));
  }
  sqlite3_finalize(check);
  if (rc != SQLITE_DONE) {
    return store::SqliteStatus(dst.db, rc, "integrity check");
  }
  if (result != "ok") {
    return Status::Corruption(centre::Bilingual("bản sao không qua PRAGMA integrity_check: ",
                                                "the copy fails PRAGMA integrity_check: ") +
                              result);
  }
  return Status::Ok();
}

// Copies into `work_dir`/work/ every blob the backed-up database `backup_db` names in
// work_versions, each read from the centre's `centre_dir` and checked against its SHA-256 (a
// damaged blob fails the backup rather than be copied as if it were the candidate's work). The
// blobs are immutable, so a copy is the file. Returns how many blobs were copied.
Result<int64_t> CopyWork(const std::string& backup_db, const std::string& centre_dir,
                         const std::string& work_dir) {
  KHAOTHI_ASSIGN_OR_RETURN(store::Database db, store::Database::Open(backup_db, false));
  store::Statement q = db.Prepare("SELECT DISTINCT sha256 FROM work_versions ORDER BY sha256");
  std::vector<std::string> blobs;
  KHAOTHI_RETURN_IF_ERROR(
      q.ForEachRow([&](const store::Statement& row) { blobs.push_back(row.ColumnText(0)); }));
  for (const std::string& sha : blobs) {
    KHAOTHI_ASSIGN_OR_RETURN(std::string bytes, centre::ReadWorkBlob(centre_dir, sha));
    KHAOTHI_RETURN_IF_ERROR(centre::WriteWorkBlob(work_dir, bytes).status());
  }
  return static_cast<int64_t>(blobs.size());
}

}  // namespace

int CmdBackup(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi backup --out FILE");
  desc.add_options()("out", po::value<std::string>()->required(),
                     m("tệp sao lưu (chưa tồn tại)", "the backup file (must not exist)").data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "backup --out FILE", g)) {
    return 0;
  }
  const std::string out = vm["out"].as<std::string>();
  std::error_code ec;
  if (fs::exists(out, ec) || fs::is_symlink(out, ec)) {
    return Fail(g,
                Status::AlreadyExists(out + std::string(m(" đã có; sao lưu không ghi đè tệp nào",
                                                          " exists; a backup never overwrites"))));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  // The practical's work files go beside the backup, in OUT.work/work/ (the layout of the
  // centre's own work/ folder, so a restore copies it back as it is).
  const std::string work_out = out + ".work";
  if (fs::exists(work_out, ec) || fs::is_symlink(work_out, ec)) {
    return Fail(
        g, Status::AlreadyExists(work_out + std::string(m(" đã có; sao lưu không ghi đè tệp nào",
                                                          " exists; a backup never overwrites"))));
  }
  // Copy into a temporary name and rename, so `out` is either absent or a checked backup.
  const std::string tmp = out + ".part-" + std::to_string(getpid());
  const std::string work_tmp = work_out + ".part-" + std::to_string(getpid());
  Status s = Copy(DatabasePath(g), tmp);
  int64_t work_files = 0;
  if (s.ok()) {
    Result<int64_t> copied = CopyWork(tmp, g.data, work_tmp);
    s = copied.status();
    work_files = copied.ok() ? *copied : 0;
    if (s.ok() && work_files > 0 && rename(work_tmp.c_str(), work_out.c_str()) != 0) {
      s = Status::IoError(work_out + ": " + std::strerror(errno));
    }
  }
  if (!s.ok()) {
    fs::remove_all(work_tmp, ec);
  }
  if (s.ok()) {
    // link() fails if `out` appeared meanwhile, where rename() would replace it.
    if (link(tmp.c_str(), out.c_str()) != 0) {
      s = Status::IoError(out + ": " + std::strerror(errno));
    }
  }
  fs::remove(tmp, ec);
  fs::remove(tmp + "-journal", ec);
  if (!s.ok()) {
    if (work_files > 0) {
      fs::remove_all(work_out, ec);
    }
    return Fail(g, s);
  }
  std::cout << m("Đã sao lưu ", "Backed up ") << DatabasePath(g) << m(" vào ", " to ") << out
            << " (" << fs::file_size(out, ec)
            << m(" byte, integrity_check ok)\n", " bytes, integrity_check ok)\n");
  if (work_files > 0) {
    std::cout << m("Đã sao lưu ", "Backed up ") << work_files
              << m(" tệp bài làm thực hành (đã kiểm tra SHA-256) vào ",
                   " practical work files (SHA-256 checked) to ")
              << work_out << "/work\n";
  }
  return 0;
}

}  // namespace khaothi::tools
