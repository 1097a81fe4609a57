#include "khaothi/registry/pg.h"

#include <cstdlib>
#include <utility>

#include <libpq-fe.h>

namespace khaothi::registry::pg {
namespace {

constexpr std::string_view kSqlStateTag = " [SQLSTATE ";

// PostgreSQL's messages end with a newline; ours do not.
std::string Trim(const char* text) {
  std::string s = text == nullptr ? "" : text;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
    s.pop_back();
  }
  return s;
}

StatusCode CodeFor(std::string_view state) {
  if (state == "23505") {
    return StatusCode::kAlreadyExists;
  }
  if (state == "P0001") {
    return StatusCode::kFailedPrecondition;
  }
  const std::string_view cls = state.substr(0, 2);
  if (cls == "23" || cls == "22") {
    return StatusCode::kInvalidArgument;
  }
  if (state == "40001" || state == "40P01" || cls == "08" || state.starts_with("57P0")) {
    return StatusCode::kUnavailable;
  }
  if (cls == "53") {
    return StatusCode::kResourceExhausted;
  }
  return StatusCode::kIoError;
}

// The Status of a failed result (or of a connection that returned none).
Status ResultStatus(pg_conn* conn, pg_result* res, std::string_view what) {
  const char* state = res == nullptr ? nullptr : PQresultErrorField(res, PG_DIAG_SQLSTATE);
  std::string message = Trim(res == nullptr ? PQerrorMessage(conn)
                                            : PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
  if (message.empty()) {
    message = Trim(PQerrorMessage(conn));
  }
  if (state == nullptr) {
    // No SQLSTATE: libpq itself failed (lost connection, out of memory).
    return Status::Unavailable(std::string(what) + ": " + message);
  }
  return Status(CodeFor(state),
                std::string(what) + ": " + message + std::string(kSqlStateTag) + state + "]");
}

}  // namespace

const std::string& Rows::Text(int row, int col) const {
  static const std::string kEmpty;
  const auto& v = rows_[static_cast<size_t>(row)][static_cast<size_t>(col)];
  return v.has_value() ? *v : kEmpty;
}

bool Rows::IsNull(int row, int col) const {
  return !rows_[static_cast<size_t>(row)][static_cast<size_t>(col)].has_value();
}

int64_t Rows::Int64(int row, int col) const {
  const auto& v = rows_[static_cast<size_t>(row)][static_cast<size_t>(col)];
  return v.has_value() ? std::strtoll(v->c_str(), nullptr, 10) : 0;
}

Result<Connection> Connection::Open(const std::string& conninfo) {
  pg_conn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr) {
    return Status::ResourceExhausted("connect to PostgreSQL: out of memory");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    Status s = Status::Unavailable("connect to PostgreSQL: " + Trim(PQerrorMessage(conn)));
    PQfinish(conn);
    return s;
  }
  // Notices (CREATE TABLE IF NOT EXISTS ... skipping) are for people at psql, not for logs.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  Connection c(conn);
  // Every text the registry stores is UTF-8 (signed records are), whatever the server's default.
  KHAOTHI_RETURN_IF_ERROR(c.Exec("set client encoding", "SET client_encoding = 'UTF8'"));
  return c;
}

Connection::Connection(Connection&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_ != nullptr) {
      PQfinish(conn_);
    }
    conn_ = std::exchange(other.conn_, nullptr);
  }
  return *this;
}

Connection::~Connection() {
  if (conn_ != nullptr) {
    PQfinish(conn_);
  }
}

bool Connection::ok() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

Result<Rows> Connection::Run(std::string_view what, std::string_view sql,
                             const std::vector<const char*>& values) {
  const std::string text(sql);
  // Text parameters and text results: PostgreSQL infers each parameter's type from the
  // statement, so no OIDs are passed.
  pg_result* res = PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                                values.data(), nullptr, nullptr, 0);
  const ExecStatusType st = res == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(res);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    Status s = ResultStatus(conn_, res, what);
    PQclear(res);
    return s;
  }
  Rows rows;
  const int n = PQntuples(res);
  const int cols = PQnfields(res);
  rows.rows_.reserve(static_cast<size_t>(n));
  for (int r = 0; r < n; ++r) {
    std::vector<std::optional<std::string>> row;
    row.reserve(static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(res, r, c) != 0) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(
            std::string(PQgetvalue(res, r, c), static_cast<size_t>(PQgetlength(res, r, c))));
      }
    }
    rows.rows_.push_back(std::move(row));
  }
  const char* affected = PQcmdTuples(res);
  rows.affected_ =
      affected != nullptr && *affected != '\0' ? std::strtoll(affected, nullptr, 10) : 0;
  PQclear(res);
  return rows;
}

Result<Rows> Connection::Query(std::string_view what, std::string_view sql,
                               const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) {
    values.push_back(p.value().has_value() ? p.value()->c_str() : nullptr);
  }
  return Run(what, sql, values);
}

Result<Rows> Connection::Query(std::string_view what, std::string_view sql,
                               std::initializer_list<Param> params) {
  return Query(what, sql, std::vector<Param>(params));
}

Status Connection::Exec(std::string_view what, std::string_view sql,
                        std::initializer_list<Param> params) {
  return Query(what, sql, params).status();
}

Status Connection::ExecScript(std::string_view what, const std::string& sql) {
  pg_result* res = PQexec(conn_, sql.c_str());
  const ExecStatusType st = res == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(res);
  Status s = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? Status::Ok()
                                                             : ResultStatus(conn_, res, what);
  PQclear(res);
  return s;
}

Transaction::~Transaction() {
  if (open_) {
    // Nothing to do if this fails: the server rolls back when the connection ends.
    (void)conn_.ExecScript("rollback", "ROLLBACK");
  }
}

Status Transaction::Begin(std::string_view isolation) {
  std::string sql = "BEGIN";
  if (isolation == "SERIALIZABLE" || isolation == "REPEATABLE READ") {
    sql += " ISOLATION LEVEL " + std::string(isolation);
  }
  KHAOTHI_RETURN_IF_ERROR(conn_.ExecScript("begin", sql));
  open_ = true;
  return Status::Ok();
}

Status Transaction::Commit() {
  open_ = false;
  pg_result* res = PQexec(conn_.handle(), "COMMIT");
  const ExecStatusType st = res == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(res);
  Status s = st == PGRES_COMMAND_OK ? Status::Ok() : ResultStatus(conn_.handle(), res, "commit");
  // COMMIT of a transaction that already failed succeeds as a ROLLBACK: nothing was stored.
  if (s.ok() && std::string_view(PQcmdStatus(res)) != "COMMIT") {
    s = Status::FailedPrecondition("commit: the transaction had failed and was rolled back");
  }
  PQclear(res);
  return s;
}

Status Transaction::Savepoint(std::string_view name) {
  return conn_.ExecScript("savepoint", "SAVEPOINT " + std::string(name));
}

Status Transaction::RollbackTo(std::string_view name) {
  return conn_.ExecScript("rollback to savepoint", "ROLLBACK TO SAVEPOINT " + std::string(name));
}

Status Transaction::Release(std::string_view name) {
  return conn_.ExecScript("release savepoint", "RELEASE SAVEPOINT " + std::string(name));
}

std::string SqlState(const Status& status) {
  const std::string& m = status.message();
  const size_t at = m.rfind(kSqlStateTag);
  if (at == std::string::npos || m.size() < at + kSqlStateTag.size() + 6) {
    return "";
  }
  return m.substr(at + kSqlStateTag.size(), 5);
}

}  // namespace khaothi::registry::pg
