// A thin RAII layer over libpq's C API: one connection to PostgreSQL, parameterised statements
// ($1, $2, ... sent apart from the SQL text, never spliced into it), their results as text, and
// transactions. The registry needs nothing more, so it does without libpqxx.
//
// Errors are khaothi Status values whose message names what was being done, PostgreSQL's message
// and its SQLSTATE ("store record: duplicate key value ... [SQLSTATE 23505]"); SqlState() reads
// the code back. The code is mapped by SQLSTATE class:
//   23505 unique_violation                      -> kAlreadyExists
//   23xxx other integrity violations, 22xxx     -> kInvalidArgument
//   P0001 raise_exception (our triggers)        -> kFailedPrecondition
//   40001 serialization, 40P01 deadlock, 08xxx connection, 57P0x shutdown -> kUnavailable
//   53xxx insufficient resources                -> kResourceExhausted
//   everything else                             -> kIoError
//
// Thread safety: a Connection is used by one thread at a time; Rows are plain values.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/status.h"

struct pg_conn;
struct pg_result;

namespace khaothi::registry::pg {

// One statement parameter: text, an integer (sent as its decimal text) or NULL.
class Param {
 public:
  Param(std::string_view text) : value_(std::string(text)) {}  // NOLINT: implicit
  Param(const std::string& text) : value_(text) {}             // NOLINT: implicit
  Param(const char* text) : value_(std::string(text)) {}       // NOLINT: implicit
  Param(int64_t n) : value_(std::to_string(n)) {}              // NOLINT: implicit
  Param(int n) : value_(std::to_string(n)) {}                  // NOLINT: implicit
  Param(std::nullopt_t) {}                                     // NOLINT: implicit
  Param(const std::optional<std::string>& v) : value_(v) {}    // NOLINT: implicit

  const std::optional<std::string>& value() const { return value_; }

 private:
  std::optional<std::string> value_;
};

// The rows of a query, every value as PostgreSQL's text form. Owns its data.
class Rows {
 public:
  int size() const { return static_cast<int>(rows_.size()); }
  bool empty() const { return rows_.empty(); }
  // REQUIRES: 0 <= row < size(), 0 <= col < the query's column count.
  const std::string& Text(int row, int col) const;
  bool IsNull(int row, int col) const;
  // The value as an integer; 0 for NULL. REQUIRES: the column is an integer column.
  int64_t Int64(int row, int col) const;
  // PostgreSQL's rows-affected count for INSERT/UPDATE/DELETE ("INSERT 0 1" -> 1).
  int64_t affected() const { return affected_; }

 private:
  friend class Connection;
  std::vector<std::vector<std::optional<std::string>>> rows_;
  int64_t affected_ = 0;
};

class Connection {
 public:
  // Connects with a libpq connection string ("host=/run/postgresql dbname=registry" or a
  // postgresql:// URI). kUnavailable with libpq's message when the server cannot be reached.
  static Result<Connection> Open(const std::string& conninfo);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one statement with `params` bound to $1, $2, ... and returns its rows. `what` names the
  // operation in the error message.
  Result<Rows> Query(std::string_view what, std::string_view sql,
                     std::initializer_list<Param> params = {});
  Result<Rows> Query(std::string_view what, std::string_view sql, const std::vector<Param>& params);
  // As Query, for statements whose rows are not needed.
  Status Exec(std::string_view what, std::string_view sql,
              std::initializer_list<Param> params = {});
  // Runs a script of several statements without parameters (migrations).
  Status ExecScript(std::string_view what, const std::string& sql);

  // Whether the connection is still up (false after the server went away).
  bool ok() const;
  pg_conn* handle() const { return conn_; }

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  Result<Rows> Run(std::string_view what, std::string_view sql,
                   const std::vector<const char*>& values);

  pg_conn* conn_ = nullptr;
};

// BEGIN ... COMMIT; rolls back in the destructor unless committed. Savepoint() and
// RollbackTo()/Release() let one part of a transaction fail alone.
class Transaction {
 public:
  explicit Transaction(Connection& conn) : conn_(conn) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // `isolation` "" (READ COMMITTED, PostgreSQL's default) or "SERIALIZABLE" ...
  Status Begin(std::string_view isolation = "");
  Status Commit();

  // SAVEPOINT name / ROLLBACK TO SAVEPOINT name / RELEASE SAVEPOINT name.
  Status Savepoint(std::string_view name);
  Status RollbackTo(std::string_view name);
  Status Release(std::string_view name);

 private:
  Connection& conn_;
  bool open_ = false;
};

// The SQLSTATE a Status made here carries ("23505"), or "" when it carries none.
std::string SqlState(const Status& status);

}  // namespace khaothi::registry::pg
