// The audit chain: appends link by SHA-256, and any edit, deletion or renumbering is reported
// with the seq where the chain breaks.
#include "khaothi/centre/audit.h"

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

#include "test_util.h"

namespace khaothi::centre {
namespace {

using testing::TempDir;

store::Database OpenCentreDb(const std::string& path) {
  REQUIRE(store::ItemStore::Open(path, true).ok());
  Result<store::Database> db = store::Database::Open(path, false);
  REQUIRE(db.ok());
  return std::move(db).value();
}

AuditEntry Entry(int i) {
  return {.at_ms = 1'790'000'000'000 + i,
          .actor = "candidate:A" + std::to_string(i % 7),
          .action = i % 2 == 0 ? "answer" : "flag",
          .subject = "S1/A" + std::to_string(i % 7),
          .detail =
              R"({"choice":")" + std::to_string(i % 4) + R"(","slot":)" + std::to_string(i) + "}"};
}

void AppendMany(store::Database& db, int n) {
  for (int i = 1; i <= n; ++i) {
    REQUIRE(AppendAudit(db, Entry(i)).ok());
  }
}

TEST_CASE("audit: an empty log verifies with the zero head") {
  TempDir dir;
  store::Database db = OpenCentreDb(dir.File("center.db"));
  Result<AuditCheck> check = VerifyAudit(db);
  REQUIRE(check.ok());
  CHECK(check->entries == 0);
  CHECK(check->head_hash == std::string(64, '0'));
}

TEST_CASE("audit: 100 appends verify, and the chain rule is the documented one") {
  TempDir dir;
  store::Database db = OpenCentreDb(dir.File("center.db"));
  AppendMany(db, 100);
  Result<AuditCheck> check = VerifyAudit(db);
  REQUIRE(check.ok());
  CHECK(check->entries == 100);

  // Recompute seq 1 and the head by hand from the formula in audit.h.
  store::Statement q = db.Prepare("SELECT prev_hash, hash FROM audit WHERE seq = 1");
  REQUIRE(*q.Step());
  const AuditEntry e = Entry(1);
  CHECK(q.ColumnText(0) == std::string(64, '0'));
  CHECK(q.ColumnText(1) ==
        crypto::Sha256Hex(std::string(64, '0') + "\n1\n" + std::to_string(e.at_ms) + "\n" +
                          e.actor + "\n" + e.action + "\n" + e.subject + "\n" + e.detail));
  store::Statement head = db.Prepare("SELECT hash FROM audit WHERE seq = 100");
  REQUIRE(*head.Step());
  CHECK(check->head_hash == head.ColumnText(0));
}

TEST_CASE("audit: the log is append-only by trigger") {
  TempDir dir;
  store::Database db = OpenCentreDb(dir.File("center.db"));
  AppendMany(db, 3);
  CHECK_FALSE(db.Exec("UPDATE audit SET actor = 'x' WHERE seq = 2").ok());
  CHECK_FALSE(db.Exec("DELETE FROM audit WHERE seq = 3").ok());
  CHECK(VerifyAudit(db).ok());
}

TEST_CASE("audit: appends join the caller's transaction") {
  TempDir dir;
  store::Database db = OpenCentreDb(dir.File("center.db"));
  AppendMany(db, 2);
  {
    store::Transaction tx(db);
    REQUIRE(tx.Begin().ok());
    REQUIRE(AppendAudit(db, Entry(3)).ok());
    REQUIRE(AppendAudit(db, Entry(4)).ok());
    // Destroyed without Commit: both rows roll back.
  }
  Result<AuditCheck> check = VerifyAudit(db);
  REQUIRE(check.ok());
  CHECK(check->entries == 2);
}

TEST_CASE("audit: detail must be a canonical JSON object") {
  TempDir dir;
  store::Database db = OpenCentreDb(dir.File("center.db"));
  AuditEntry e = Entry(1);
  for (const char* bad : {"", "[]", "{\"b\":1,\"a\":2}", "{ \"a\":1}", "{\"a\":1.5}", "nope"}) {
    e.detail = bad;
    INFO(bad);
    CHECK(AppendAudit(db, e).IsInvalidArgument());
  }
  e.detail = "{}";
  CHECK(AppendAudit(db, e).ok());
}

// Tampering needs the triggers out of the way, as an attacker with the file would do.
TEST_CASE("audit: tampering is Corruption naming the seq") {
  TempDir dir;
  store::Database db = OpenCentreDb(dir.File("center.db"));
  AppendMany(db, 100);
  REQUIRE(db.Exec("DROP TRIGGER audit_immutable; DROP TRIGGER audit_permanent;").ok());

  SECTION("an edited detail") {
    REQUIRE(
        db.Exec("UPDATE audit SET detail = '{\"choice\":\"9\",\"slot\":42}' WHERE seq = 42").ok());
    Status s = VerifyAudit(db).status();
    CHECK(s.IsCorruption());
    CHECK_THAT(s.message(), Catch::Contains("seq 42 "));
  }
  SECTION("an edited time") {
    REQUIRE(db.Exec("UPDATE audit SET at_ms = at_ms + 1 WHERE seq = 7").ok());
    CHECK_THAT(VerifyAudit(db).status().message(), Catch::Contains("seq 7 "));
  }
  SECTION("a row rewritten with a recomputed hash breaks the next link") {
    AuditEntry forged = Entry(50);
    forged.actor = "proctor:mallory";
    store::Statement prev = db.Prepare("SELECT prev_hash FROM audit WHERE seq = 50");
    REQUIRE(*prev.Step());
    const std::string p = prev.ColumnText(0);
    const std::string h =
        crypto::Sha256Hex(p + "\n50\n" + std::to_string(forged.at_ms) + "\n" + forged.actor + "\n" +
                          forged.action + "\n" + forged.subject + "\n" + forged.detail);
    REQUIRE(db.Exec("UPDATE audit SET actor = 'proctor:mallory', hash = '" + h + "' WHERE seq = 50")
                .ok());
    Status s = VerifyAudit(db).status();
    CHECK(s.IsCorruption());
    CHECK_THAT(s.message(), Catch::Contains("seq 51 "));
  }
  SECTION("a deleted row") {
    REQUIRE(db.Exec("DELETE FROM audit WHERE seq = 60").ok());
    Status s = VerifyAudit(db).status();
    CHECK(s.IsCorruption());
    CHECK_THAT(s.message(), Catch::Contains("expected seq 60"));
  }
  SECTION("two rows swapped") {
    REQUIRE(db.Exec("UPDATE audit SET seq = -1 WHERE seq = 10; "
                    "UPDATE audit SET seq = 10 WHERE seq = 11; "
                    "UPDATE audit SET seq = 11 WHERE seq = -1;")
                .ok());
    CHECK_THAT(VerifyAudit(db).status().message(), Catch::Contains("seq 10 "));
  }
}

TEST_CASE("audit: tampering with a copy of the file is found when the copy is verified") {
  TempDir dir;
  {
    store::Database db = OpenCentreDb(dir.File("center.db"));
    AppendMany(db, 20);
    REQUIRE(db.Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  std::filesystem::copy_file(dir.File("center.db"), dir.File("copy.db"));
  Result<store::Database> copy = store::Database::Open(dir.File("copy.db"), false);
  REQUIRE(copy.ok());
  REQUIRE(copy->Exec("DROP TRIGGER audit_immutable; "
                     "UPDATE audit SET subject = 'S1/B9' WHERE seq = 13;")
              .ok());
  CHECK_THAT(VerifyAudit(*copy).status().message(), Catch::Contains("seq 13 "));
  Result<store::Database> original = store::Database::Open(dir.File("center.db"), false);
  REQUIRE(original.ok());
  CHECK(VerifyAudit(*original).ok());
}

}  // namespace
}  // namespace khaothi::centre
