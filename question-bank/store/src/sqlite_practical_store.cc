#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>
#include <utility>

#include "khaothi/bank/practical.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/store/database.h"
#include "khaothi/store/practical_store.h"

namespace khaothi::store {
namespace {

using crypto::Sha256Hex;
using engine::PracticalFile;
using engine::PracticalTask;

std::string NowUtc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The canonical manifest of a task's content: without the version, so that two versions with the
// same content have the same text. It names every file by SHA-256, so equal manifests mean equal
// packages.
std::string CanonicalManifest(PracticalTask task) {
  task.version = 0;
  return bank::SerializePracticalManifest(task);
}

Result<PracticalTask> DecodeTask(const std::string& manifest, int version) {
  Result<bank::ParsedManifest> parsed = bank::ParsePracticalManifest(manifest, "stored manifest");
  if (!parsed.ok()) {
    return Status::Corruption(parsed.status().message());
  }
  parsed->task.version = version;
  return std::move(parsed->task);
}

// Every file of `task` with its role, instructions first.
std::vector<std::pair<const PracticalFile*, const char*>> FilesOf(const PracticalTask& task) {
  std::vector<std::pair<const PracticalFile*, const char*>> out = {
      {&task.instructions, "instructions"}};
  for (const PracticalFile& f : task.starters) {
    out.emplace_back(&f, "starter");
  }
  for (const PracticalFile& f : task.solutions) {
    out.emplace_back(&f, "solution");
  }
  return out;
}

// The package is what its manifest says: valid, exactly its files, each of the listed size and
// hash. Checked before anything is written.
Status CheckPackage(const PracticalPackage& p) {
  const std::string& id = p.task.id;
  Status valid = engine::ValidatePracticalTask(p.task);
  if (!valid.ok()) {
    return Status::InvalidArgument("task " + id + ": " + valid.message());
  }
  const auto files = FilesOf(p.task);
  if (files.size() != p.files.size()) {
    return Status::InvalidArgument("task " + id + ": the manifest lists " +
                                   std::to_string(files.size()) + " files, the package holds " +
                                   std::to_string(p.files.size()));
  }
  for (const auto& [f, role] : files) {
    auto it = p.files.find(f->name);
    if (it == p.files.end()) {
      return Status::InvalidArgument("task " + id + ": file " + f->name + " is missing");
    }
    if (static_cast<int64_t>(it->second.size()) != f->size || Sha256Hex(it->second) != f->sha256) {
      return Status::InvalidArgument("task " + id + ": file " + f->name +
                                     " does not match the size and SHA-256 of its manifest");
    }
  }
  return Status::Ok();
}

class SqlitePracticalStore final : public PracticalStore {
 public:
  explicit SqlitePracticalStore(Database db) : db_(std::move(db)) {}

  // PracticalStore
  Result<ImportReport> Import(const std::vector<PracticalPackage>& packages,
                              const std::string& source) override {
    std::set<std::string> ids;
    for (const PracticalPackage& p : packages) {
      KHAOTHI_RETURN_IF_ERROR(CheckPackage(p));
      if (!ids.insert(p.task.id).second) {
        return Status::InvalidArgument("task " + p.task.id + " appears twice in one import");
      }
    }
    ImportReport report;
    Transaction tx(db_);
    KHAOTHI_RETURN_IF_ERROR(tx.Begin());
    const std::string now = NowUtc();
    for (const PracticalPackage& p : packages) {
      const std::string manifest = CanonicalManifest(p.task);
      const std::string hash = Sha256Hex(manifest);
      Statement cur = db_.Prepare(
          "SELECT v.version, v.manifest_hash FROM practical_tasks t JOIN practical_versions v "
          "ON v.id = t.id AND v.version = t.current_version WHERE t.id = ?1");
      cur.Bind(1, p.task.id);
      KHAOTHI_ASSIGN_OR_RETURN(const bool found, cur.Step());
      int version = 1;
      if (found) {
        if (cur.ColumnText(1) == hash) {
          ++report.unchanged;
          continue;
        }
        version = cur.ColumnInt(0) + 1;
        ++report.updated;
        report.updated_ids.push_back(p.task.id);
      } else {
        ++report.added;
        report.added_ids.push_back(p.task.id);
      }
      KHAOTHI_RETURN_IF_ERROR(InsertVersion(p, version, manifest, hash, now, source));
    }
    KHAOTHI_RETURN_IF_ERROR(tx.Commit());
    return report;
  }

  Result<PracticalTask> Get(const std::string& id, std::optional<int> version) override {
    Statement st = db_.Prepare(
        version ? "SELECT manifest, version FROM practical_versions WHERE id = ?1 AND version = ?2"
                : "SELECT v.manifest, v.version FROM practical_tasks t JOIN practical_versions v "
                  "ON v.id = t.id AND v.version = t.current_version WHERE t.id = ?1");
    st.Bind(1, id);
    if (version) {
      st.Bind(2, *version);
    }
    KHAOTHI_ASSIGN_OR_RETURN(const bool found, st.Step());
    if (!found) {
      return Status::NotFound(version ? "task " + id + " has no version " + std::to_string(*version)
                                      : "no practical task " + id);
    }
    return DecodeTask(st.ColumnText(0), st.ColumnInt(1));
  }

  Result<std::vector<PracticalVersion>> History(const std::string& id) override {
    Statement st = db_.Prepare(
        "SELECT manifest, version, stored_at, source FROM practical_versions WHERE id = ?1 "
        "ORDER BY version");
    st.Bind(1, id);
    std::vector<PracticalVersion> out;
    KHAOTHI_RETURN_IF_ERROR(st.ForEachRow([&](const Statement& row) -> Status {
      Result<PracticalTask> task = DecodeTask(row.ColumnText(0), row.ColumnInt(1));
      if (!task.ok()) {
        return task.status();
      }
      out.push_back({std::move(*task), row.ColumnText(2), row.ColumnText(3)});
      return Status::Ok();
    }));
    if (out.empty()) {
      return Status::NotFound("no practical task " + id);
    }
    return out;
  }

  Result<std::vector<PracticalTask>> List(const std::string& module,
                                          const std::string& pool) override {
    return ListCurrentPracticalTasks(db_, module, pool);
  }

  Result<std::string> ReadFile(const std::string& sha256) override {
    Statement st = db_.Prepare("SELECT bytes FROM practical_blobs WHERE sha256 = ?1");
    st.Bind(1, sha256);
    KHAOTHI_ASSIGN_OR_RETURN(const bool found, st.Step());
    if (!found) {
      return Status::NotFound("no practical file with SHA-256 " + sha256);
    }
    std::string bytes = st.ColumnBlob(0);
    if (Sha256Hex(bytes) != sha256) {
      return Status::Corruption("the stored practical file " + sha256 + " no longer matches it");
    }
    return bytes;
  }

  Result<PracticalPackage> GetPackage(const std::string& id, std::optional<int> version) override {
    PracticalPackage out;
    KHAOTHI_ASSIGN_OR_RETURN(out.task, Get(id, version));
    for (const auto& [f, role] : FilesOf(out.task)) {
      KHAOTHI_ASSIGN_OR_RETURN(out.files[f->name], ReadFile(f->sha256));
    }
    return out;
  }

 private:
  Status InsertVersion(const PracticalPackage& p, int version, const std::string& manifest,
                       const std::string& hash, const std::string& now, const std::string& source) {
    const PracticalTask& t = p.task;
    Statement ins = db_.Prepare(
        "INSERT INTO practical_versions(id, version, module, pool, manifest, manifest_hash, "
        "stored_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    ins.Bind(1, t.id);
    ins.Bind(2, version);
    ins.Bind(3, t.module);
    ins.Bind(4, t.pool);
    ins.Bind(5, manifest);
    ins.Bind(6, hash);
    ins.Bind(7, now);
    ins.Bind(8, source);
    KHAOTHI_RETURN_IF_ERROR(ins.Run());
    for (const auto& [f, role] : FilesOf(t)) {
      // A blob already stored under this hash holds these very bytes: keep it.
      Statement blob = db_.Prepare(
          "INSERT INTO practical_blobs(sha256, size, bytes) VALUES (?1, ?2, ?3) "
          "ON CONFLICT(sha256) DO NOTHING");
      blob.Bind(1, f->sha256);
      blob.Bind(2, f->size);
      blob.BindBlob(3, p.files.at(f->name));
      KHAOTHI_RETURN_IF_ERROR(blob.Run());
      Statement file = db_.Prepare(
          "INSERT INTO practical_files(id, version, name, role, sha256) "
          "VALUES (?1, ?2, ?3, ?4, ?5)");
      file.Bind(1, t.id);
      file.Bind(2, version);
      file.Bind(3, f->name);
      file.Bind(4, std::string_view(role));
      file.Bind(5, f->sha256);
      KHAOTHI_RETURN_IF_ERROR(file.Run());
    }
    Statement up = db_.Prepare(
        "INSERT INTO practical_tasks(id, current_version) VALUES (?1, ?2) "
        "ON CONFLICT(id) DO UPDATE SET current_version = excluded.current_version");
    up.Bind(1, t.id);
    up.Bind(2, version);
    return up.Run();
  }

  Database db_;
};

}  // namespace

Result<std::vector<PracticalTask>> ListCurrentPracticalTasks(Database& db,
                                                             const std::string& module,
                                                             const std::string& pool) {
  Statement st = db.Prepare(
      "SELECT v.manifest, v.version FROM practical_tasks t JOIN practical_versions v "
      "ON v.id = t.id AND v.version = t.current_version "
      "WHERE (?1 = '' OR v.module = ?1) AND (?2 = '' OR v.pool = ?2) ORDER BY t.id");
  st.Bind(1, module);
  st.Bind(2, pool);
  std::vector<PracticalTask> out;
  KHAOTHI_RETURN_IF_ERROR(st.ForEachRow([&](const Statement& row) -> Status {
    Result<PracticalTask> task = DecodeTask(row.ColumnText(0), row.ColumnInt(1));
    if (!task.ok()) {
      return task.status();
    }
    out.push_back(std::move(*task));
    return Status::Ok();
  }));
  return out;
}

Result<std::unique_ptr<PracticalStore>> PracticalStore::Open(const std::string& path, bool create) {
  if (!create && !std::filesystem::exists(path)) {
    return Status::NotFound("no database at " + path + " (run 'qbank init' first)");
  }
  Result<Database> db = Database::Open(path, create);
  if (!db.ok()) {
    return db.status();
  }
  KHAOTHI_RETURN_IF_ERROR(db->Migrate());
  return std::unique_ptr<PracticalStore>(new SqlitePracticalStore(std::move(*db)));
}

}  // namespace khaothi::store
