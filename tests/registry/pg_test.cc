// The libpq wrapper and the schema's migrations against a real PostgreSQL (pg_fixture.h).
#include "khaothi/registry/pg.h"

#include <string>

#include <catch2/catch.hpp>

#include "khaothi/registry/schema.h"

#include "registry/pg_fixture.h"

namespace khaothi::registry {
namespace {

using testing::PgCluster;

pg::Connection Connect() {
  Result<pg::Connection> c = pg::Connection::Open(PgCluster::Shared().CreateDatabase());
  REQUIRE(c.ok());
  return std::move(c).value();
}

TEST_CASE("pg: parameters travel apart from the SQL, NULL and text come back as given") {
  pg::Connection c = Connect();
  const std::string tricky = "Lê Văn Cường'); DROP TABLE x; --";
  Result<pg::Rows> r = c.Query("echo", "SELECT $1::text, $2::bigint, $3::text IS NULL",
                               {tricky, int64_t{9'000'000'000}, std::nullopt});
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  CHECK(r->Text(0, 0) == tricky);
  CHECK(r->Int64(0, 1) == 9'000'000'000);
  CHECK(r->Text(0, 2) == "t");
  Result<pg::Rows> null = c.Query("null", "SELECT NULL::text");
  REQUIRE(null.ok());
  CHECK(null->IsNull(0, 0));
}

TEST_CASE("pg: errors carry the SQLSTATE and map to the Status codes") {
  pg::Connection c = Connect();
  REQUIRE(c.Exec("create", "CREATE TABLE t (k text PRIMARY KEY, n int CHECK (n > 0))").ok());
  REQUIRE(c.Exec("insert", "INSERT INTO t VALUES ($1, $2)", {"a", 1}).ok());
  const Status dup = c.Exec("insert again", "INSERT INTO t VALUES ($1, $2)", {"a", 2});
  CHECK(dup.IsAlreadyExists());
  CHECK(pg::SqlState(dup) == "23505");
  CHECK(dup.message().starts_with("insert again: "));
  const Status check = c.Exec("insert bad", "INSERT INTO t VALUES ($1, $2)", {"b", 0});
  CHECK(check.IsInvalidArgument());
  CHECK(pg::SqlState(check) == "23514");
  const Status syntax = c.Exec("typo", "SELEC 1");
  CHECK(syntax.IsIoError());
  CHECK(pg::SqlState(syntax) == "42601");
  CHECK(pg::SqlState(Status::IoError("no state here")).empty());
  Result<pg::Connection> nowhere =
      pg::Connection::Open("host=/nonexistent-khaothi port=1 dbname=x connect_timeout=2");
  CHECK(nowhere.status().IsUnavailable());
}

TEST_CASE("pg: a transaction commits whole, rolls back unless committed, savepoints undo a part") {
  pg::Connection c = Connect();
  REQUIRE(c.Exec("create", "CREATE TABLE t (k text PRIMARY KEY)").ok());
  {
    pg::Transaction tx(c);
    REQUIRE(tx.Begin().ok());
    REQUIRE(c.Exec("insert", "INSERT INTO t VALUES ('dropped')").ok());
  }
  {
    pg::Transaction tx(c);
    REQUIRE(tx.Begin().ok());
    REQUIRE(c.Exec("insert", "INSERT INTO t VALUES ('kept')").ok());
    REQUIRE(tx.Savepoint("one").ok());
    CHECK(c.Exec("insert", "INSERT INTO t VALUES ('kept')").IsAlreadyExists());
    REQUIRE(tx.RollbackTo("one").ok());
    REQUIRE(tx.Release("one").ok());
    REQUIRE(c.Exec("insert", "INSERT INTO t VALUES ('also')").ok());
    REQUIRE(tx.Commit().ok());
  }
  {
    // A failed statement without a savepoint dooms the transaction: COMMIT must say so.
    pg::Transaction tx(c);
    REQUIRE(tx.Begin().ok());
    REQUIRE(c.Exec("insert", "INSERT INTO t VALUES ('lost')").ok());
    CHECK(!c.Exec("insert", "INSERT INTO t VALUES ('kept')").ok());
    CHECK(tx.Commit().IsFailedPrecondition());
  }
  Result<pg::Rows> r = c.Query("list", "SELECT k FROM t ORDER BY k");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  CHECK(r->Text(0, 0) == "also");
  CHECK(r->Text(1, 0) == "kept");
  CHECK(c.ok());
}

TEST_CASE("schema: migrations are applied once, in order, and recorded") {
  pg::Connection c = Connect();
  CHECK(*CurrentSchemaVersion(c) == 0);
  REQUIRE(Migrate(c).ok());
  CHECK(*CurrentSchemaVersion(c) == SchemaVersion());
  REQUIRE(Migrate(c).ok());  // nothing left to apply
  Result<pg::Rows> rows = c.Query("versions", "SELECT version FROM schema_migrations ORDER BY 1");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == SchemaVersion());
  for (int i = 0; i < rows->size(); ++i) {
    CHECK(rows->Int64(i, 0) == i + 1);
  }
  SECTION("a database from a newer build is refused and left alone") {
    REQUIRE(c.Exec("future", "INSERT INTO schema_migrations(version) VALUES ($1)",
                   {SchemaVersion() + 1})
                .ok());
    const Status s = Migrate(c);
    CHECK(s.IsFailedPrecondition());
    CHECK(s.message().find("newer") != std::string::npos);
  }
}

TEST_CASE("schema: stored records can be neither changed nor deleted") {
  pg::Connection c = Connect();
  REQUIRE(Migrate(c).ok());
  REQUIRE(c.Exec("centre",
                 "INSERT INTO centres(code, name, client_cert_sha256) VALUES ('LA01', 'Long An', "
                 "repeat('a', 64))")
              .ok());
  REQUIRE(c.Exec("key",
                 "INSERT INTO centre_keys(key_id, centre_code, public_pem) VALUES "
                 "('0123456789abcdef', 'LA01', 'pem')")
              .ok());
  REQUIRE(c.Exec("record",
                 "INSERT INTO records(record_id, centre_code, kind, content_sha256, key_id, "
                 "act_date, envelope) VALUES ('LA01/S1/decision/1', 'LA01', "
                 "'khaothi.decision.v1', repeat('b', 64), '0123456789abcdef', '2026-12-05', '{}')")
              .ok());
  const Status update = c.Exec("update", "UPDATE records SET envelope = 'x'");
  CHECK(update.IsFailedPrecondition());
  CHECK(update.message().find("append-only") != std::string::npos);
  CHECK(c.Exec("delete", "DELETE FROM records").IsFailedPrecondition());
  CHECK(c.Exec("truncate", "TRUNCATE records").IsFailedPrecondition());
  CHECK(c.Exec("conflicts", "TRUNCATE conflicts").IsFailedPrecondition());
  Result<pg::Rows> r = c.Query("read", "SELECT envelope FROM records");
  REQUIRE(r.ok());
  CHECK(r->Text(0, 0) == "{}");
}

}  // namespace
}  // namespace khaothi::registry
