// The item store: the bank in SQLite, versioned.
//
// Every item id has a history of immutable versions 1, 2, ...; importing text that differs from
// the current version in any field adds a new version, and importing identical text changes
// nothing. Old versions are kept forever because exam forms point to (id, version). Retiring an
// item adds a version whose status is retired. The active set (the current version of every item
// whose status is active) has a snapshot id: a SHA-256-style content hash that an exam session
// freezes, computed over the sorted (id, version) pairs so that it changes exactly when the
// active set does.
//
// Thread safety: an ItemStore is used by one thread at a time. Several processes may open the
// same database file; SQLite's locking serialises their writes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/engine/item.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::store {

class Database;

// What Import did to each item.
struct ImportReport {
  int added = 0;      // new ids (version 1)
  int updated = 0;    // existing ids given a new version
  int unchanged = 0;  // identical to the current version
  std::vector<std::string> added_ids;
  std::vector<std::string> updated_ids;
};

// One version of an item, with when and how it was stored.
struct ItemVersion {
  engine::Item item;      // item.version is set
  std::string stored_at;  // UTC, ISO 8601
  std::string source;     // the file it was imported from, or "retire"
};

struct ItemFilter {
  std::string module;                            // empty: any
  std::string topic_prefix;                      // empty: any
  std::optional<engine::Difficulty> difficulty;  // nullopt: any
  std::optional<engine::ItemStatus> status;      // nullopt: any
};

class ItemStore {
 public:
  ItemStore(const ItemStore&) = delete;
  ItemStore& operator=(const ItemStore&) = delete;
  virtual ~ItemStore() = default;

  // Opens the database at `path`, creating the file and the schema when `create` is true and
  // failing with kNotFound when it is false and the file does not exist. The database uses WAL
  // with synchronous=FULL. Fails with kCorruption when the file is not a khaothi database.
  static Result<std::unique_ptr<ItemStore>> Open(const std::string& path, bool create);

  // Stores `items` in one transaction: all or nothing. `source` names where they came from.
  // REQUIRES: every item passed validation; ids are unique within `items`.
  virtual Result<ImportReport> Import(const std::vector<engine::Item>& items,
                                      const std::string& source) = 0;

  // The current version of `id`, or a given one; kNotFound when absent.
  virtual Result<engine::Item> Get(const std::string& id,
                                   std::optional<int> version = std::nullopt) = 0;
  // Every version of `id`, oldest first; kNotFound for an unknown id.
  virtual Result<std::vector<ItemVersion>> History(const std::string& id) = 0;
  // Current versions matching `filter`, ordered by id.
  virtual Result<std::vector<engine::Item>> List(const ItemFilter& filter) = 0;
  // Adds a retired version of `id`; kFailedPrecondition when it is already retired.
  virtual Status Retire(const std::string& id) = 0;

  // The active set's manifest: one line "id TAB version TAB content_hash LF" per active item
  // (its current version), sorted by id byte-wise; content_hash is the SHA-256 hex of the
  // version's stored content. docs/forms.md, "The bank snapshot".
  virtual Result<std::string> ActiveManifest() = 0;
  // The snapshot id: the SHA-256 hex of ActiveManifest(). And the items in it.
  virtual Result<std::string> ActiveSnapshotId() = 0;
  virtual Result<std::vector<engine::Item>> ActiveItems() = 0;

 protected:
  ItemStore() = default;
};

// Version `version` of item `id`, read through `db`, a connection already open on the centre's
// database (the exam server's read connection, a query inside a caller's transaction), where
// opening an ItemStore would take a second connection. Decoded as ItemStore::Get does: the one
// way the centre and the server read a stored item version. kNotFound when that version is not
// stored; kCorruption when its stored content does not parse.
[[nodiscard]] Result<engine::Item> ReadItemVersion(Database& db, const std::string& id,
                                                   int version);

}  // namespace khaothi::store
