// A thin RAII layer over one SQLite connection to the centre's database (center.db), and the
// schema with its migrations.
//
// The schema is versioned with `PRAGMA user_version`: migration N takes a database at version
// N-1 to N inside one transaction, and Migrate() applies the missing ones in order, so every
// component that owns tables appends its migrations to the one list in database.cc. Tables are
// STRICT. Connections use WAL with synchronous=FULL: a committed transaction is on disk.
//
// SQLite result codes are mapped to Status: SQLITE_FULL and SQLITE_IOERR* to kIoError,
// SQLITE_CORRUPT and SQLITE_NOTADB to kCorruption, SQLITE_BUSY and SQLITE_LOCKED to
// kUnavailable, constraint violations to kAlreadyExists.
//
// Thread safety: a Database and its Statements are used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "khaothi/engine/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace khaothi::store {

// The schema version this build writes and understands.
int SchemaVersion();

class Statement;

class Database {
 public:
  // Opens `path` (creating the file when `create`), sets WAL, synchronous=FULL, foreign keys and
  // a busy timeout. Fails with kCorruption when the file is not an SQLite database.
  static Result<Database> Open(const std::string& path, bool create);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Applies missing migrations. kFailedPrecondition when the file was written by a newer build
  // (its user_version is above SchemaVersion()); kCorruption when it is some other application's
  // database.
  Status Migrate();

  // REQUIRES: `sql` is valid SQL for this schema (a programming error otherwise).
  //
  // Statements are cached: when a Statement is destroyed it is reset and kept, and the next
  // Prepare of the same text takes it back instead of compiling the SQL again. Compiling costs
  // more than running the small statements of an answer write, so the writer thread of the
  // server, which prepares the same few statements for every answer, depends on this. A
  // Statement must not outlive its Database.
  Statement Prepare(std::string_view sql);
  // Runs one or more statements without results.
  Status Exec(const std::string& sql);

  sqlite3* handle() const { return db_; }

 private:
  friend class Statement;
  struct StatementCache;
  explicit Database(sqlite3* db);
  void ClearCache();

  sqlite3* db_ = nullptr;
  std::unique_ptr<StatementCache> cache_;  // owned here so that its address survives moves
};

// A prepared statement. Bind parameters are 1-based.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  void Bind(int index, std::string_view value);
  void Bind(int index, int64_t value);
  void Bind(int index, int value) { Bind(index, static_cast<int64_t>(value)); }
  void BindNull(int index);
  // Binds `bytes` as a BLOB (a STRICT table's BLOB column refuses TEXT).
  void BindBlob(int index, std::string_view bytes);

  // Advances: true with a row to read, false when done.
  Result<bool> Step();
  // Steps through every row and calls `on_row(const Statement&)` for each, reading its columns.
  // `on_row` returns void, or a Status that stops the iteration when not OK. Returns the first
  // error (SQLite's or on_row's); OK when every row was read. The one way to read many rows.
  template <typename OnRow>
  Status ForEachRow(OnRow&& on_row);
  // Steps to completion, for statements without results.
  Status Run();
  // Makes the statement ready to be bound and stepped again.
  void Reset();

  std::string ColumnText(int index) const;
  int ColumnInt(int index) const;
  int64_t ColumnInt64(int index) const;
  bool ColumnIsNull(int index) const;
  // The bytes of a BLOB (or TEXT) column.
  std::string ColumnBlob(int index) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt, Database::StatementCache* cache)
      : db_(db), stmt_(stmt), cache_(cache) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Database::StatementCache* cache_;  // where the statement goes back to; null: finalize
};

template <typename OnRow>
Status Statement::ForEachRow(OnRow&& on_row) {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      return Status::Ok();
    }
    const Statement& current = *this;
    if constexpr (std::is_same_v<std::invoke_result_t<OnRow&, const Statement&>, Status>) {
      Status s = on_row(current);
      if (!s.ok()) {
        return s;
      }
    } else {
      on_row(current);
    }
  }
}

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status Begin();
  Status Commit();

 private:
  Database& db_;
  bool open_ = false;
};

// The Status for SQLite result code `rc`, with `what` and SQLite's message.
Status SqliteStatus(sqlite3* db, int rc, std::string_view what);

}  // namespace khaothi::store
