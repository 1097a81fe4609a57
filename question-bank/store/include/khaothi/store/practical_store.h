// The practical task packages (đề thực hành) in the bank database, versioned like items.
//
// Every task id has a history of immutable versions 1, 2, ...: importing a package whose
// manifest (which names every file by SHA-256) differs from the current version in anything adds
// a new version; importing an identical package changes nothing. Old versions are kept forever,
// because a form points to (task id, version) and the marked files are judged against that
// version's points table. The bytes of every file are kept once, in a content-addressed table
// keyed by SHA-256 (docs/practical.md, "In the bank").
//
// Thread safety: a PracticalStore is used by one thread at a time. Several processes may open the
// same database file; SQLite's locking serialises their writes.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/engine/practical.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

namespace khaothi::store {

// A package as imported: its manifest and the bytes of every file it lists, by file name.
struct PracticalPackage {
  engine::PracticalTask task;
  std::map<std::string, std::string> files;
};

// One stored version of a task, with when and how it was stored.
struct PracticalVersion {
  engine::PracticalTask task;  // task.version is set
  std::string stored_at;       // UTC, ISO 8601
  std::string source;          // the directories it was imported from
};

class PracticalStore {
 public:
  PracticalStore(const PracticalStore&) = delete;
  PracticalStore& operator=(const PracticalStore&) = delete;
  virtual ~PracticalStore() = default;

  // Opens the database at `path` as ItemStore::Open does (same file, same schema).
  static Result<std::unique_ptr<PracticalStore>> Open(const std::string& path, bool create);

  // Stores `packages` in one transaction: all or nothing. Each package must pass
  // engine::ValidatePracticalTask and hold exactly the files its manifest lists, each with the
  // listed size and SHA-256 (checked again here: InvalidArgument naming the task and file, and
  // nothing is stored). Ids must be unique within `packages`. `source` names where they came from.
  // The report counts tasks: added (version 1), updated (a new version), unchanged.
  virtual Result<ImportReport> Import(const std::vector<PracticalPackage>& packages,
                                      const std::string& source) = 0;

  // The current version of `id`, or a given one; kNotFound when absent.
  virtual Result<engine::PracticalTask> Get(const std::string& id,
                                            std::optional<int> version = std::nullopt) = 0;
  // Every version of `id`, oldest first; kNotFound for an unknown id.
  virtual Result<std::vector<PracticalVersion>> History(const std::string& id) = 0;
  // The current version of every task, ordered by id; `module` and `pool` filter when not empty.
  virtual Result<std::vector<engine::PracticalTask>> List(const std::string& module = "",
                                                          const std::string& pool = "") = 0;
  // The bytes of the file named `sha256`; kNotFound when absent, kCorruption when the stored
  // bytes no longer hash to it.
  virtual Result<std::string> ReadFile(const std::string& sha256) = 0;
  // The whole package of one version: the task and the bytes of each of its files.
  virtual Result<PracticalPackage> GetPackage(const std::string& id,
                                              std::optional<int> version = std::nullopt) = 0;

 protected:
  PracticalStore() = default;
};

// The current version of every task in `db` (a bank database), ordered by id; `module` and
// `pool` filter when not empty. PracticalStore::List reads through this; OpenSession calls it
// inside its own transaction so that the tasks it draws from are the bank as it opens.
Result<std::vector<engine::PracticalTask>> ListCurrentPracticalTasks(Database& db,
                                                                     const std::string& module = "",
                                                                     const std::string& pool = "");

}  // namespace khaothi::store
