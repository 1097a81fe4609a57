#include "khaothi/store/database.h"

#include <catch2/catch.hpp>

#include "test_util.h"

namespace khaothi::store {
namespace {

Database OpenWithTable(const testing::TempDir& dir) {
  Result<Database> db = Database::Open(dir.File("t.db"), true);
  REQUIRE(db.ok());
  REQUIRE(db->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
  return std::move(*db);
}

int64_t Count(Database& db) {
  Statement st = db.Prepare("SELECT count(*) FROM t");
  REQUIRE(*st.Step());
  return st.ColumnInt64(0);
}

TEST_CASE("a statement prepared again is the cached one, reset and without old bindings") {
  testing::TempDir dir;
  Database db = OpenWithTable(dir);
  const char* kInsert = "INSERT INTO t (k, v) VALUES (?1, ?2)";
  {
    Statement ins = db.Prepare(kInsert);
    ins.Bind(1, 1);
    ins.Bind(2, "một");
    REQUIRE(ins.Run().ok());
  }
  {
    // Bound to nothing, the cached statement inserts a NULL key (a new rowid) and a NULL value.
    Statement again = db.Prepare(kInsert);
    REQUIRE(again.Run().ok());
  }
  Statement nulls = db.Prepare("SELECT count(*) FROM t WHERE v IS NULL");
  REQUIRE(*nulls.Step());
  CHECK(nulls.ColumnInt64(0) == 1);
  CHECK(Count(db) == 2);
}

TEST_CASE("the same SQL prepared twice at once gives two independent statements") {
  testing::TempDir dir;
  Database db = OpenWithTable(dir);
  REQUIRE(db.Exec("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')").ok());
  const char* kSelect = "SELECT k FROM t ORDER BY k";
  Statement outer = db.Prepare(kSelect);
  REQUIRE(*outer.Step());
  CHECK(outer.ColumnInt(0) == 1);
  {
    Statement inner = db.Prepare(kSelect);
    REQUIRE(*inner.Step());
    CHECK(inner.ColumnInt(0) == 1);
    REQUIRE(*inner.Step());
    CHECK(inner.ColumnInt(0) == 2);
  }
  // The outer one kept its place while the inner one ran and went back to the cache.
  REQUIRE(*outer.Step());
  CHECK(outer.ColumnInt(0) == 2);
}

TEST_CASE("a statement left mid-result holds no lock once it goes back to the cache") {
  testing::TempDir dir;
  Database db = OpenWithTable(dir);
  REQUIRE(db.Exec("INSERT INTO t VALUES (1, 'a'), (2, 'b')").ok());
  {
    Statement st = db.Prepare("SELECT k FROM t");
    REQUIRE(*st.Step());  // a read transaction is open until the statement is reset
  }
  // A second connection can write and checkpoint: nothing holds the old snapshot.
  Result<Database> other = Database::Open(dir.File("t.db"), false);
  REQUIRE(other.ok());
  REQUIRE(other->Exec("INSERT INTO t VALUES (3, 'c')").ok());
  CHECK(Count(db) == 3);
}

TEST_CASE("a moved database keeps its cached statements usable") {
  testing::TempDir dir;
  Database db = OpenWithTable(dir);
  CHECK(Count(db) == 0);  // caches the count statement
  Database moved = std::move(db);
  REQUIRE(moved.Exec("INSERT INTO t VALUES (1, 'a')").ok());
  CHECK(Count(moved) == 1);
}

}  // namespace
}  // namespace khaothi::store
