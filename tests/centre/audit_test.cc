// The audit chain: entries linked by SHA-256, one link per batch (one per AppendAudit outside a
// batch, one per AuditBatch, as the writer makes per commit), rows of the old one-link-per-entry
// rule kept verifiable, and any changed byte, deletion, insertion or reordering reported with the
// place where the chain breaks.
#include "khaothi/centre/audit.h"

#include <filesystem>
#include <string>
#include <vector>

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

std::string Sha(const std::string& data) { return crypto::Sha256Hex(data); }

// seq "\n" at_ms "\n" actor "\n" action "\n" subject "\n" detail, as audit.h documents it.
std::string Fields(int64_t seq, const AuditEntry& e) {
  return std::to_string(seq) + "\n" + std::to_string(e.at_ms) + "\n" + e.actor + "\n" + e.action +
         "\n" + e.subject + "\n" + e.detail;
}

struct Row {
  std::string prev_hash;
  std::string hash;
};

Row ReadRow(store::Database& db, int64_t seq) {
  store::Statement q = db.Prepare("SELECT prev_hash, hash FROM audit WHERE seq = ?1");
  q.Bind(1, seq);
  REQUIRE(*q.Step());
  return {q.ColumnText(0), q.ColumnText(1)};
}

TEST_CASE("audit: 100 appends verify, and the chain rule is the documented one") {
  TempDir dir;
  store::Database db = OpenCentreDb(dir.File("center.db"));
  AppendMany(db, 100);
  Result<AuditCheck> check = VerifyAudit(db);
  REQUIRE(check.ok());
  CHECK(check->entries == 100);
  CHECK(check->links == 100);  // outside a batch, each append is a batch of one

  // Recompute seq 1 and 2 and the head by hand from the formula in audit.h.
  const Row first = ReadRow(db, 1);
  CHECK(first.prev_hash == std::string(64, '0'));
  CHECK(first.hash == Sha(std::string(64, '0') + "\n1\n1\n" + Sha(Fields(1, Entry(1)))));
  const Row second = ReadRow(db, 2);
  CHECK(second.prev_hash == first.hash);
  CHECK(second.hash == Sha(first.hash + "\n2\n2\n" + Sha(Fields(2, Entry(2)))));
  CHECK(check->head_hash == ReadRow(db, 100).hash);
}

TEST_CASE("audit: a batch is one link over its entries' digests, written at Seal") {
  TempDir dir;
  store::Database db = OpenCentreDb(dir.File("center.db"));
  AppendMany(db, 2);
  const std::string before = ReadRow(db, 2).hash;
  {
    store::Transaction tx(db);
    REQUIRE(tx.Begin().ok());
    AuditBatch batch(db);
    for (int i = 3; i <= 7; ++i) {
      REQUIRE(AppendAudit(db, Entry(i)).ok());
    }
    // Nothing is written before Seal.
    CHECK(VerifyAudit(db)->entries == 2);
    REQUIRE(batch.Seal().ok());
    REQUIRE(tx.Commit().ok());
  }
  std::string link_data = before + "\n3\n7";
  for (int seq = 3; seq <= 7; ++seq) {
    link_data += "\n" + Sha(Fields(seq, Entry(seq)));
  }
  for (int seq = 3; seq <= 6; ++seq) {
    const Row r = ReadRow(db, seq);
    CHECK(r.prev_hash.empty());
    CHECK(r.hash.empty());
  }
  const Row last = ReadRow(db, 7);
  CHECK(last.prev_hash == before);
  CHECK(last.hash == Sha(link_data));
  Result<AuditCheck> check = VerifyAudit(db);
  REQUIRE(check.ok());
  CHECK(check->entries == 7);
  CHECK(check->links == 3);
  CHECK(check->head_hash == last.hash);
}

TEST_CASE("audit: a batch keeps what commits, and other connections join the chain after it") {
  TempDir dir;
  store::Database db = OpenCentreDb(dir.File("center.db"));
  Result<store::Database> other = store::Database::Open(dir.File("center.db"), false);
  REQUIRE(other.ok());
  AppendMany(db, 1);
  {
    store::Transaction tx(db);
    REQUIRE(tx.Begin().ok());
    AuditBatch batch(db);
    REQUIRE(AppendAudit(db, Entry(2)).ok());
    const size_t mark = batch.Mark();
    REQUIRE(AppendAudit(db, Entry(3)).ok());
    REQUIRE(AppendAudit(db, Entry(4)).ok());
    batch.RollbackTo(mark);  // as the writer does with ROLLBACK TO a savepoint
    REQUIRE(AppendAudit(db, Entry(5)).ok());
    REQUIRE(batch.Seal().ok());
    REQUIRE(tx.Commit().ok());
  }
  {
    store::Transaction tx(db);
    REQUIRE(tx.Begin().ok());
    AuditBatch batch(db);
    REQUIRE(AppendAudit(db, Entry(6)).ok());
    // Destroyed unsealed with its transaction rolled back: nothing of it stays.
  }
  // With no batch open on this thread, an append is written at once (a batch of one).
  REQUIRE(AppendAudit(*other, Entry(8)).ok());
  Result<AuditCheck> check = VerifyAudit(db);
  REQUIRE(check.ok());
  CHECK(check->entries == 4);
  CHECK(check->links == 3);
  store::Statement details = db.Prepare("SELECT detail FROM audit ORDER BY seq");
  std::vector<std::string> got;
  REQUIRE(
      details.ForEachRow([&](const store::Statement& r) { got.push_back(r.ColumnText(0)); }).ok());
  CHECK(got == std::vector<std::string>{Entry(1).detail, Entry(2).detail, Entry(5).detail,
                                        Entry(8).detail});
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
    const std::string h = Sha(p + "\n50\n50\n" + Sha(Fields(50, forged)));
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

// A centre database as builds before migration 13 left it: `n` entries chained one link per
// entry by the old rule (computed here from its documentation in audit.h), at schema 12. Opening
// it with a newer build migrates it.
constexpr int kSchemaBeforeBatches = 12;

void MakeLegacyLog(const std::string& path, int n) {
  store::Database db = OpenCentreDb(path);
  REQUIRE(db.Exec("DELETE FROM meta WHERE key = 'audit_batched_from'; PRAGMA user_version = " +
                  std::to_string(kSchemaBeforeBatches))
              .ok());
  std::string prev(64, '0');
  for (int seq = 1; seq <= n; ++seq) {
    const AuditEntry e = Entry(seq);
    const std::string hash = Sha(prev + "\n" + Fields(seq, e));
    store::Statement ins = db.Prepare("INSERT INTO audit VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    ins.Bind(1, seq);
    ins.Bind(2, e.at_ms);
    ins.Bind(3, e.actor);
    ins.Bind(4, e.action);
    ins.Bind(5, e.subject);
    ins.Bind(6, e.detail);
    ins.Bind(7, prev);
    ins.Bind(8, hash);
    REQUIRE(ins.Run().ok());
    prev = hash;
  }
}

// Appends batches of the given sizes after what the log holds, as the writer does per commit.
void AppendBatches(store::Database& db, const std::vector<int>& sizes, int& next) {
  for (int size : sizes) {
    store::Transaction tx(db);
    REQUIRE(tx.Begin().ok());
    AuditBatch batch(db);
    for (int i = 0; i < size; ++i, ++next) {
      REQUIRE(AppendAudit(db, Entry(next)).ok());
    }
    REQUIRE(batch.Seal().ok());
    REQUIRE(tx.Commit().ok());
  }
}

TEST_CASE("audit: a log from before batches still verifies, and the chain continues after it") {
  TempDir dir;
  const std::string path = dir.File("center.db");
  MakeLegacyLog(path, 20);
  store::Database db = OpenCentreDb(path);  // migrates to the batched rule from seq 21
  {
    store::Statement from = db.Prepare("SELECT value FROM meta WHERE key = 'audit_batched_from'");
    REQUIRE(*from.Step());
    CHECK(from.ColumnText(0) == "21");
  }
  const std::string legacy_head = ReadRow(db, 20).hash;
  Result<AuditCheck> legacy = VerifyAudit(db);
  REQUIRE(legacy.ok());
  CHECK(legacy->entries == 20);
  CHECK(legacy->head_hash == legacy_head);

  int next = 21;
  AppendBatches(db, {6}, next);
  REQUIRE(AppendAudit(db, Entry(next++)).ok());
  CHECK(ReadRow(db, 26).prev_hash == legacy_head);  // the first batch links to the old rows
  Result<AuditCheck> check = VerifyAudit(db);
  REQUIRE(check.ok());
  CHECK(check->entries == 27);
  CHECK(check->links == 22);
  CHECK(check->head_hash == ReadRow(db, 27).hash);
}

// The places VerifyAudit may name for a change to row `seq`: "seq N " for a row that is its own
// link, "seq A " or "seq A to " for a row of the batch that starts at A.
bool NamesPlace(const std::string& message, int64_t first_of_its_batch) {
  const std::string at = "seq " + std::to_string(first_of_its_batch);
  return message.find(at + " ") != std::string::npos ||
         message.find(at + " to ") != std::string::npos;
}

// Every column of every row (old-rule rows, batches and batches of one), one byte changed at a
// time: verify fails naming the place, and passes again once the byte is restored.
TEST_CASE("audit: one changed byte in any column of any row is found") {
  TempDir dir;
  const std::string path = dir.File("center.db");
  MakeLegacyLog(path, 8);
  store::Database db = OpenCentreDb(path);
  int next = 9;
  AppendBatches(db, {5, 1, 7}, next);
  REQUIRE(AppendAudit(db, Entry(next++)).ok());
  AppendBatches(db, {3}, next);
  const int64_t total = next - 1;  // 8 old rows, then batches 9-13, 14, 15-21, 22, 23-25
  REQUIRE(total == 25);
  std::vector<int64_t> batch_start(static_cast<size_t>(total) + 1);
  for (int64_t seq = 1; seq <= total; ++seq) {
    batch_start[static_cast<size_t>(seq)] = seq <= 8    ? seq
                                            : seq <= 13 ? 9
                                            : seq <= 14 ? 14
                                            : seq <= 21 ? 15
                                            : seq <= 22 ? 22
                                                        : 23;
  }
  REQUIRE(VerifyAudit(db).ok());
  REQUIRE(db.Exec("DROP TRIGGER audit_immutable; DROP TRIGGER audit_permanent;").ok());

  const std::vector<std::string> text_columns = {"actor",  "action",    "subject",
                                                 "detail", "prev_hash", "hash"};
  for (int64_t seq = 1; seq <= total; ++seq) {
    for (const std::string& column : text_columns) {
      store::Statement read = db.Prepare("SELECT " + column + " FROM audit WHERE seq = ?1");
      read.Bind(1, seq);
      REQUIRE(*read.Step());
      const std::string original = read.ColumnText(0);
      read.Reset();
      // A byte flipped in the middle; an empty link column gets one byte.
      std::string changed = original.empty() ? std::string("0") : original;
      if (!original.empty()) {
        changed[changed.size() / 2] = static_cast<char>(changed[changed.size() / 2] ^ 0x01);
      }
      auto set = [&](const std::string& value) {
        store::Statement up = db.Prepare("UPDATE audit SET " + column + " = ?1 WHERE seq = ?2");
        up.Bind(1, value);
        up.Bind(2, seq);
        REQUIRE(up.Run().ok());
      };
      INFO("seq " << seq << ", column " << column);
      set(changed);
      const Status s = VerifyAudit(db).status();
      CHECK(s.IsCorruption());
      CHECK(NamesPlace(s.message(), batch_start[static_cast<size_t>(seq)]));
      set(original);
      CHECK(VerifyAudit(db).ok());
    }
    INFO("seq " << seq << ", column at_ms");
    const std::string bump =
        "UPDATE audit SET at_ms = at_ms + 1 WHERE seq = " + std::to_string(seq);
    REQUIRE(db.Exec(bump).ok());
    const Status s = VerifyAudit(db).status();
    CHECK(s.IsCorruption());
    CHECK(NamesPlace(s.message(), batch_start[static_cast<size_t>(seq)]));
    REQUIRE(db.Exec("UPDATE audit SET at_ms = at_ms - 1 WHERE seq = " + std::to_string(seq)).ok());
    CHECK(VerifyAudit(db).ok());

    INFO("seq " << seq << ", column seq");
    const std::string moved = std::to_string(seq + 1000);
    REQUIRE(
        db.Exec("UPDATE audit SET seq = " + moved + " WHERE seq = " + std::to_string(seq)).ok());
    CHECK_THAT(VerifyAudit(db).status().message(),
               Catch::Contains("expected seq " + std::to_string(seq) + " "));
    REQUIRE(
        db.Exec("UPDATE audit SET seq = " + std::to_string(seq) + " WHERE seq = " + moved).ok());
    CHECK(VerifyAudit(db).ok());
  }
}

TEST_CASE("audit: a deleted, inserted, moved or renumbered entry of a batch is found") {
  TempDir dir;
  const std::string path = dir.File("center.db");
  MakeLegacyLog(path, 4);
  store::Database db = OpenCentreDb(path);
  int next = 5;
  AppendBatches(db, {6, 6}, next);  // batches 5-10 and 11-16
  REQUIRE(VerifyAudit(db).ok());
  REQUIRE(db.Exec("DROP TRIGGER audit_immutable; DROP TRIGGER audit_permanent;").ok());
  auto broken = [&db] {
    const Status s = VerifyAudit(db).status();
    REQUIRE(s.IsCorruption());
    return s.message();
  };

  SECTION("an entry deleted from the middle of a batch") {
    REQUIRE(db.Exec("DELETE FROM audit WHERE seq = 7").ok());
    CHECK_THAT(broken(), Catch::Contains("expected seq 7 "));
  }
  SECTION("an entry deleted and the rest renumbered") {
    REQUIRE(db.Exec("DELETE FROM audit WHERE seq = 7; "
                    "UPDATE audit SET seq = seq - 1 WHERE seq > 7")
                .ok());
    CHECK_THAT(broken(), Catch::Contains("seq 5 to 9 "));
  }
  SECTION("the last batch's last row deleted: its entries follow the last link") {
    REQUIRE(db.Exec("DELETE FROM audit WHERE seq = 16").ok());
    CHECK_THAT(broken(), Catch::Contains("seq 11 to 15 follow the last link"));
  }
  SECTION("an entry inserted into a batch, the rest renumbered") {
    REQUIRE(db.Exec("UPDATE audit SET seq = seq + 1000 WHERE seq >= 8; "
                    "UPDATE audit SET seq = seq - 999 WHERE seq >= 1000; "
                    "INSERT INTO audit SELECT 8, at_ms, actor, action, subject, detail, '', '' "
                    "FROM audit WHERE seq = 7")
                .ok());
    CHECK_THAT(broken(), Catch::Contains("seq 5 to 11 "));
  }
  SECTION("an entry appended after the last link") {
    REQUIRE(db.Exec("INSERT INTO audit SELECT 17, at_ms, actor, action, subject, detail, '', '' "
                    "FROM audit WHERE seq = 16")
                .ok());
    CHECK_THAT(broken(), Catch::Contains("seq 17 follow the last link"));
  }
  SECTION("two entries of a batch swapped") {
    REQUIRE(db.Exec("UPDATE audit SET seq = -1 WHERE seq = 12; "
                    "UPDATE audit SET seq = 12 WHERE seq = 13; "
                    "UPDATE audit SET seq = 13 WHERE seq = -1;")
                .ok());
    CHECK_THAT(broken(), Catch::Contains("seq 11 to 16 "));
  }
  SECTION("two batches' links exchanged") {
    REQUIRE(db.Exec("UPDATE audit SET hash = (SELECT hash FROM audit WHERE seq = 16) "
                    "WHERE seq = 10")
                .ok());
    CHECK_THAT(broken(), Catch::Contains("seq 5 to 10 "));
  }
  SECTION("the start of the batched rule moved") {
    REQUIRE(db.Exec("UPDATE meta SET value = '3' WHERE key = 'audit_batched_from'").ok());
    CHECK_THAT(broken(), Catch::Contains("seq 3 "));
  }
  SECTION("the start of the batched rule erased") {
    REQUIRE(db.Exec("DELETE FROM meta WHERE key = 'audit_batched_from'").ok());
    CHECK_THAT(broken(), Catch::Contains("audit_batched_from is missing"));
  }
}

}  // namespace
}  // namespace khaothi::centre
