// The centre's records: sessions, candidates, passwords and opening a session against a real
// SQLite database and item store.
#include "khaothi/centre/centre.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

#include "centre/centre_fixture.h"
#include "engine/test_bank.h"
#include "test_util.h"

namespace khaothi::centre {
namespace {

using engine::Difficulty;
using testing::CandidatesCsv;
using testing::Centre;
using testing::kChange;
using testing::MiniBlueprint;

TEST_CASE("centre: init once, then read back") {
  Centre c;
  Result<CentreInfo> info = GetCentre(c.db);
  REQUIRE(info.ok());
  CHECK(info->code == "GDTX-LA");
  CHECK(info->name == "Trung tâm GDTX tỉnh Long An");
  CHECK(info->created_ms == kChange.at_ms);
  CHECK(InitCentre(c.db, "OTHER", "x", kChange).IsAlreadyExists());
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'centre.init'") == 1);

  testing::TempDir other;
  auto bank = store::ItemStore::Open(other.File("c.db"), true);
  REQUIRE(bank.ok());
  auto db = store::Database::Open(other.File("c.db"), false);
  REQUIRE(db.ok());
  CHECK(GetCentre(*db).status().IsNotFound());
  CHECK(InitCentre(*db, "bad code", "x", kChange).IsInvalidArgument());
  CHECK(InitCentre(*db, "OK", "two\nlines", kChange).ok());
  CHECK(GetCentre(*db)->name == "two lines");
  CHECK(InitCentre(*db, "", "x", kChange).IsInvalidArgument());
}

TEST_CASE("sessions: create, read, list") {
  Centre c;
  SessionSpec spec = c.Spec("S1");
  REQUIRE(CreateSession(c.db, spec, kChange).ok());
  Result<SessionInfo> s = GetSession(c.db, "S1");
  REQUIRE(s.ok());
  CHECK(s->name == "Ca thi sáng S1");
  CHECK(s->exam_date == "2026-12-05");
  CHECK(s->blueprint_id == "mini-7");
  CHECK(s->blueprint == spec.blueprint_text);
  CHECK(s->duration_ms == 20 * 60'000);
  CHECK(s->unlock_required);
  CHECK(s->state == "draft");
  CHECK(s->bank_snapshot.empty());
  CHECK_FALSE(s->opened_ms.has_value());
  CHECK(s->rooms == std::vector<std::string>{"P101", "P102"});
  CHECK(s->candidates == 0);

  SessionSpec spec2 = c.Spec("S0", MiniBlueprint(), "2026-11-01");
  spec2.duration_minutes = 45;
  spec2.unlock_required = false;
  spec2.rooms = {"Phòng máy 2"};
  REQUIRE(CreateSession(c.db, spec2, kChange).ok());
  Result<SessionInfo> s0 = GetSession(c.db, "S0");
  CHECK(s0->duration_ms == 45 * 60'000);
  CHECK_FALSE(s0->unlock_required);
  CHECK(s0->rooms == std::vector<std::string>{"Phòng máy 2"});

  Result<std::vector<SessionInfo>> all = ListSessions(c.db);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].id == "S0");  // earlier date first
  CHECK(GetSession(c.db, "S9").status().IsNotFound());
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'session.create'") == 2);
}

TEST_CASE("sessions: bad input is refused and changes nothing") {
  Centre c;
  const int64_t audit_before = c.Count("SELECT count(*) FROM audit");
  auto refused = [&](SessionSpec spec) {
    Status s = CreateSession(c.db, spec, kChange);
    INFO(s.ToString());
    CHECK(s.IsInvalidArgument());
  };
  SessionSpec spec = c.Spec("S1");
  spec.id = "S 1";
  refused(spec);
  spec = c.Spec("S1", MiniBlueprint(), "2026-02-30");
  refused(spec);
  spec = c.Spec("S1", MiniBlueprint(), "05/12/2026");
  refused(spec);
  spec = c.Spec("S1");
  spec.rooms = {};
  refused(spec);
  spec.rooms = {"P101", "P101"};
  refused(spec);
  spec.rooms = {"P1,P2"};
  refused(spec);
  spec = c.Spec("S1");
  spec.duration_minutes = 0;
  refused(spec);
  spec = c.Spec("S1");
  spec.name = " ";
  refused(spec);
  spec = c.Spec("S1");
  spec.blueprint_text = "id = x\nduration = abc\n";
  Status s = CreateSession(c.db, spec, kChange);
  CHECK(s.IsInvalidArgument());
  CHECK_THAT(Localize(s.message(), true), Catch::StartsWith("blueprint: line"));
  CHECK(c.Count("SELECT count(*) FROM sessions") == 0);
  CHECK(c.Count("SELECT count(*) FROM rooms") == 0);
  CHECK(c.Count("SELECT count(*) FROM audit") == audit_before);

  REQUIRE(CreateSession(c.db, c.Spec("S1"), kChange).ok());
  CHECK(CreateSession(c.db, c.Spec("S1"), kChange).IsAlreadyExists());
}

TEST_CASE("candidates: import all or nothing, only while draft") {
  Centre c;
  REQUIRE(CreateSession(c.db, c.Spec("S1"), kChange).ok());
  Result<int> n = ImportCandidates(c.db, "S1", CandidatesCsv(6), kChange);
  REQUIRE(n.ok());
  CHECK(*n == 6);
  Result<std::vector<Candidate>> list = ListCandidates(c.db, "S1");
  REQUIRE(list.ok());
  REQUIRE(list->size() == 6);
  CHECK((*list)[0].room == "P101");  // by room, then sbd
  CHECK((*list)[0].sbd == "A1");
  CHECK_FALSE((*list)[0].has_password);

  SECTION("a second file clashing with the session names the line and adds nothing") {
    std::string csv = CandidatesCsv(0);
    csv += "B1,Người Mới,2000-01-01,Nam,Huế,046200000001,P101\n";
    csv += "A3,Trùng Số,2000-01-01,Nam,Huế,046200000002,P101\n";
    Result<int> again = ImportCandidates(c.db, "S1", csv, kChange);
    REQUIRE_FALSE(again.ok());
    CHECK(again.status().IsInvalidArgument());
    CHECK_THAT(Localize(again.status().message(), true),
               Catch::Contains("line 3: số báo danh A3 is already in session S1"));
    CHECK(ListCandidates(c.db, "S1")->size() == 6);
  }
  SECTION("the same person twice in a session is refused") {
    const std::string csv =
        CandidatesCsv(0) + "B1,Thí sinh 1,2000-01-02,Nam,Hà Nội," + "001201000001,P101\n";
    Result<int> again = ImportCandidates(c.db, "S1", csv, kChange);
    REQUIRE_FALSE(again.ok());
    CHECK_THAT(Localize(again.status().message(), true),
               Catch::Contains("line 2: số CCCD 001201000001 is already "
                               "in session S1 (số báo danh A1)"));
  }
  SECTION("a further file without clashes adds to the list") {
    REQUIRE(ImportCandidates(c.db, "S1", CandidatesCsv(2, "B", 100), kChange).ok());
    CHECK(ListCandidates(c.db, "S1")->size() == 8);
  }
  SECTION("unknown session") {
    CHECK(ImportCandidates(c.db, "S9", CandidatesCsv(1), kChange).status().IsNotFound());
    CHECK(ListCandidates(c.db, "S9").status().IsNotFound());
  }
  SECTION("an open session takes no more candidates") {
    REQUIRE(OpenSession(c.db, *c.bank, "S1", kChange).ok());
    CHECK(ImportCandidates(c.db, "S1", CandidatesCsv(2, "B", 100), kChange)
              .status()
              .IsFailedPrecondition());
  }
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'candidates.import'") >= 1);
}

TEST_CASE("passwords: issued once, stored as scrypt hashes, reissue replaces") {
  Centre c;
  REQUIRE(CreateSession(c.db, c.Spec("S1"), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "S1", CandidatesCsv(6), kChange).ok());
  CHECK(GetSession(c.db, "S1")->without_password == 6);

  Result<std::vector<IssuedPassword>> room = IssuePasswords(c.db, "S1", {.room = "P102"}, kChange);
  REQUIRE(room.ok());
  REQUIRE(room->size() == 3);
  CHECK(std::all_of(room->begin(), room->end(),
                    [](const IssuedPassword& p) { return p.candidate.room == "P102"; }));
  CHECK(GetSession(c.db, "S1")->without_password == 3);

  auto stored_hash = [&](const std::string& sbd) {
    store::Statement q =
        c.db.Prepare("SELECT password_hash FROM candidates WHERE session_id = 'S1' AND sbd = ?");
    q.Bind(1, sbd);
    REQUIRE(*q.Step());
    return q.ColumnText(0);
  };
  const IssuedPassword first = (*room)[0];
  const std::string hash = stored_hash(first.candidate.sbd);
  CHECK_THAT(hash, Catch::StartsWith("scrypt$"));
  CHECK(hash.find(first.password) == std::string::npos);
  CHECK(crypto::VerifyPassword(first.password, hash));

  REQUIRE(c.db.Exec("UPDATE candidates SET failed_logins = 4, locked_until_ms = 99 "
                    "WHERE sbd = '" +
                    first.candidate.sbd + "'")
              .ok());
  Result<std::vector<IssuedPassword>> again =
      IssuePasswords(c.db, "S1", {.sbd = first.candidate.sbd}, kChange);
  REQUIRE(again.ok());
  REQUIRE(again->size() == 1);
  const std::string new_hash = stored_hash(first.candidate.sbd);
  CHECK_FALSE(crypto::VerifyPassword(first.password, new_hash));
  CHECK(crypto::VerifyPassword((*again)[0].password, new_hash));
  CHECK(c.Count("SELECT failed_logins + locked_until_ms FROM candidates WHERE sbd = '" +
                first.candidate.sbd + "'") == 0);

  Result<std::vector<IssuedPassword>> all = IssuePasswords(c.db, "S1", {}, kChange);
  REQUIRE(all.ok());
  CHECK(all->size() == 6);
  std::set<std::string> distinct;
  for (const IssuedPassword& p : *all) {
    distinct.insert(p.password);
  }
  CHECK(distinct.size() == 6);
  CHECK(GetSession(c.db, "S1")->without_password == 0);

  CHECK(IssuePasswords(c.db, "S1", {.room = "P999"}, kChange).status().IsNotFound());
  CHECK(IssuePasswords(c.db, "S1", {.sbd = "Z1"}, kChange).status().IsNotFound());
  CHECK(IssuePasswords(c.db, "S1", {.room = "P101", .sbd = "A2"}, kChange).status().IsNotFound());
  CHECK(IssuePasswords(c.db, "S9", {}, kChange).status().IsNotFound());
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'passwords.issue'") == 3);
}

TEST_CASE("open: every candidate gets a stored form that satisfies the blueprint") {
  Centre c;
  REQUIRE(CreateSession(c.db, c.Spec("S1"), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "S1", CandidatesCsv(8), kChange).ok());
  REQUIRE(IssuePasswords(c.db, "S1", {.room = "P101"}, kChange).ok());

  Change later = kChange;
  later.at_ms += 60'000;
  Result<OpenReport> report = OpenSession(c.db, *c.bank, "S1", later);
  REQUIRE(report.ok());
  CHECK(report->forms == 8);
  CHECK(report->without_password == 4);
  CHECK(report->bank_snapshot == *c.bank->ActiveSnapshotId());

  Result<SessionInfo> s = GetSession(c.db, "S1");
  CHECK(s->state == "open");
  CHECK(s->bank_snapshot == report->bank_snapshot);
  CHECK(s->opened_ms == later.at_ms);
  CHECK(c.Count("SELECT count(*) FROM attempts WHERE session_id = 'S1' AND state = 'created'") ==
        8);

  const engine::Blueprint b = MiniBlueprint();
  std::set<uint64_t> seeds;
  const std::vector<Candidate> candidates = *ListCandidates(c.db, "S1");
  for (const Candidate& cand : candidates) {
    Result<engine::Form> form = GetForm(c.db, "S1", cand.sbd);
    REQUIRE(form.ok());
    CHECK(form->blueprint_id == "mini-7");
    REQUIRE(static_cast<int>(form->slots.size()) == b.ItemCount());
    std::map<int, int> per_cell;
    std::set<std::string> ids;
    for (const engine::FormSlot& slot : form->slots) {
      Result<engine::Item> item = c.bank->Get(slot.item_id, slot.item_version);
      REQUIRE(item.ok());
      CHECK(engine::CellMatches(b.cells[static_cast<size_t>(slot.cell)], *item));
      CHECK(slot.option_order.size() == item->options.size());
      ++per_cell[slot.cell];
      ids.insert(slot.item_id);
    }
    CHECK(ids.size() == form->slots.size());
    for (size_t i = 0; i < b.cells.size(); ++i) {
      CHECK(per_cell[static_cast<int>(i)] == b.cells[i].count);
    }
    // The seed column and the JSON agree, and the form is the pure function of its inputs.
    store::Statement q =
        c.db.Prepare("SELECT seed, form FROM forms WHERE session_id = 'S1' AND sbd = ?");
    q.Bind(1, cand.sbd);
    REQUIRE(*q.Step());
    CHECK(static_cast<uint64_t>(q.ColumnInt64(0)) == form->seed);
    CHECK(q.ColumnText(1) == FormToJson(*form));
    CHECK(*engine::GenerateForm(*c.bank->ActiveItems(), b, form->seed) == *form);
    seeds.insert(form->seed);
  }
  CHECK(seeds.size() == 8);
  Result<AuditCheck> audit = VerifyAudit(c.db);
  REQUIRE(audit.ok());
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'session.open'") == 1);

  CHECK(OpenSession(c.db, *c.bank, "S1", kChange).status().IsFailedPrecondition());
  CHECK(GetForm(c.db, "S1", "Z9").status().IsNotFound());
}

TEST_CASE("open: a bank too small for the blueprint names the cells and changes nothing") {
  Centre c;
  REQUIRE(CreateSession(c.db, c.Spec("S1", MiniBlueprint(/*iu01_hard=*/3)), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "S1", CandidatesCsv(4), kChange).ok());
  const int64_t audit_before = c.Count("SELECT count(*) FROM audit");
  Result<OpenReport> r = OpenSession(c.db, *c.bank, "S1", kChange);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsResourceExhausted());
  CHECK_THAT(r.status().message(),
             Catch::Contains("cell IU01 hard: needs 3, bank has 2 (short by 1)") &&
                 Catch::Contains("nothing was changed"));
  CHECK(GetSession(c.db, "S1")->state == "draft");
  CHECK(GetSession(c.db, "S1")->bank_snapshot.empty());
  CHECK(c.Count("SELECT count(*) FROM forms") == 0);
  CHECK(c.Count("SELECT count(*) FROM attempts") == 0);
  CHECK(c.Count("SELECT count(*) FROM audit") == audit_before);
}

TEST_CASE("open: refuses an empty session and unknown ids") {
  Centre c;
  REQUIRE(CreateSession(c.db, c.Spec("S1"), kChange).ok());
  CHECK(OpenSession(c.db, *c.bank, "S1", kChange).status().IsFailedPrecondition());
  CHECK(OpenSession(c.db, *c.bank, "S9", kChange).status().IsNotFound());
}

TEST_CASE("open: items a candidate saw in the carry-over window are avoided") {
  Centre c;
  // One candidate (same CCCD) in three sessions. IU01 easy has 4 items and the blueprint takes 2.
  engine::Blueprint b = MiniBlueprint();
  b.cells = {{"IU01", "", Difficulty::kEasy, 2}};
  const std::string csv = CandidatesCsv(1);
  REQUIRE(CreateSession(c.db, c.Spec("JAN", b, "2026-01-10"), kChange).ok());
  REQUIRE(CreateSession(c.db, c.Spec("JUN", b, "2026-06-10"), kChange).ok());
  engine::Blueprint no_carry = b;
  no_carry.scoring.carry_over_months = 0;
  REQUIRE(CreateSession(c.db, c.Spec("DEC", no_carry, "2026-12-10"), kChange).ok());
  for (const char* s : {"JAN", "JUN", "DEC"}) {
    REQUIRE(ImportCandidates(c.db, s, csv, kChange).ok());
  }
  auto items_of = [&](const std::string& session) {
    std::set<std::string> ids;
    const engine::Form form = *GetForm(c.db, session, "A1");
    for (const engine::FormSlot& slot : form.slots) {
      ids.insert(slot.item_id);
    }
    return ids;
  };
  REQUIRE(OpenSession(c.db, *c.bank, "JAN", kChange).ok());
  REQUIRE(OpenSession(c.db, *c.bank, "JUN", kChange).ok());
  const std::set<std::string> jan = items_of("JAN");
  const std::set<std::string> jun = items_of("JUN");
  REQUIRE(jan.size() == 2);
  REQUIRE(jun.size() == 2);
  for (const std::string& id : jun) {
    CHECK_FALSE(jan.contains(id));
  }
  // Without a window nothing is avoided; the form is the plain function of the seed.
  REQUIRE(OpenSession(c.db, *c.bank, "DEC", kChange).ok());
  const engine::Form dec = *GetForm(c.db, "DEC", "A1");
  CHECK(*engine::GenerateForm(*c.bank->ActiveItems(), no_carry, dec.seed) == dec);
}

// The problems VerifyForms reports for `sbd` (all of them when `sbd` is "*").
std::vector<std::string> ProblemsOf(const FormCheck& check, const std::string& sbd) {
  std::vector<std::string> out;
  for (const FormProblem& p : check.problems) {
    if (sbd == "*" || p.sbd == sbd) {
      out.push_back(p.session + "/" + p.sbd + ": " + p.detail);
    }
  }
  return out;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    out += l + "\n";
  }
  return out;
}

// Issue 13 item 9c: forms and seeds are tamper-evident, and the frozen bank is kept as its exact
// list of item versions.
TEST_CASE("audit: every form is re-derived from its seed and the stored snapshot") {
  Centre c;
  REQUIRE(CreateSession(c.db, c.Spec("S1"), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "S1", CandidatesCsv(8), kChange).ok());
  REQUIRE(OpenSession(c.db, *c.bank, "S1", kChange).ok());
  const engine::Blueprint b = MiniBlueprint();

  // The snapshot's list is stored, hashes to the snapshot id, and is the documented format.
  {
    store::Statement q =
        c.db.Prepare("SELECT bank_snapshot, bank_manifest FROM sessions WHERE id = 'S1'");
    REQUIRE(*q.Step());
    const std::string manifest = q.ColumnText(1);
    CHECK(crypto::Sha256Hex(manifest) == q.ColumnText(0));
    std::string expected;
    const std::vector<engine::Item> active = *c.bank->ActiveItems();
    for (const engine::Item& item : active) {
      store::Statement h =
          c.db.Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
      h.Bind(1, item.id);
      h.Bind(2, item.version);
      REQUIRE(*h.Step());
      expected += item.id + "\t" + std::to_string(item.version) + "\t" +
                  crypto::Sha256Hex(h.ColumnText(0)) + "\n";
    }
    CHECK(manifest == expected);
  }
  // One form.issue entry per candidate, chained, holding the form's hash and seed.
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'form.issue'") == 8);
  {
    store::Statement q = c.db.Prepare(
        "SELECT a.detail, f.form FROM audit a JOIN forms f ON a.subject = f.session_id || '/' || "
        "f.sbd WHERE a.action = 'form.issue' AND f.sbd = 'A1'");
    REQUIRE(*q.Step());
    const engine::Form form = *FormFromJson(q.ColumnText(1));
    char seed[17];
    std::snprintf(seed, sizeof seed, "%016llx", static_cast<unsigned long long>(form.seed));
    CHECK(q.ColumnText(0) == R"({"form_sha256":")" + crypto::Sha256Hex(q.ColumnText(1)) +
                                 R"(","recently_seen":[],"seed":")" + seed + R"("})");
  }

  auto verify = [&] {
    Result<FormCheck> check = VerifyForms(c.db);
    REQUIRE(check.ok());
    return *check;
  };
  const FormCheck untouched = verify();
  INFO(Joined(ProblemsOf(untouched, "*")));
  CHECK(untouched.problems.empty());
  CHECK(untouched.unverifiable.empty());
  CHECK(untouched.sessions == 1);
  CHECK(untouched.forms_rederived == 8);

  SECTION("a new version published after the session changes nothing already given") {
    std::vector<engine::Item> items = *c.bank->ActiveItems();
    for (engine::Item& item : items) {
      std::reverse(item.options.begin(), item.options.end());
    }
    REQUIRE(c.bank->Import(items, "reordered").ok());
    const FormCheck after = verify();
    CHECK(after.problems.empty());
    CHECK(after.forms_rederived == 8);
  }
  SECTION("an edited form row is named with what differs") {
    engine::Form form = *GetForm(c.db, "S1", "A3");
    std::swap(form.slots[1].option_order[0], form.slots[1].option_order[1]);
    store::Statement up = c.db.Prepare("UPDATE forms SET form = ? WHERE sbd = 'A3'");
    up.Bind(1, FormToJson(form));
    REQUIRE(up.Run().ok());
    const FormCheck after = verify();
    const std::vector<std::string> a3 = ProblemsOf(after, "A3");
    REQUIRE(a3.size() == 1);
    CHECK_THAT(a3[0], Catch::Contains("S1/A3: slot 1: item " + form.slots[1].item_id));
    CHECK(after.problems.size() == 1);
    CHECK(after.forms_rederived == 7);
  }
  SECTION("a form replaced by another item is named") {
    engine::Form form = *GetForm(c.db, "S1", "A4");
    form.slots[0].item_id = "IU09-0001";
    store::Statement up = c.db.Prepare("UPDATE forms SET form = ? WHERE sbd = 'A4'");
    up.Bind(1, FormToJson(form));
    REQUIRE(up.Run().ok());
    CHECK_THAT(Joined(ProblemsOf(verify(), "A4")),
               Catch::Contains("slot 0: item IU09-0001") && Catch::Contains("; issued item"));
  }
  SECTION("a changed seed together with the form it gives is named") {
    const engine::Form old = *GetForm(c.db, "S1", "A2");
    const uint64_t seed = old.seed ^ 0x5eed;
    const engine::Form forged = *engine::GenerateForm(*c.bank->ActiveItems(), b, seed);
    store::Statement up = c.db.Prepare("UPDATE forms SET seed = ?, form = ? WHERE sbd = 'A2'");
    up.Bind(1, static_cast<int64_t>(seed));
    up.Bind(2, FormToJson(forged));
    REQUIRE(up.Run().ok());
    const std::string a2 = Joined(ProblemsOf(verify(), "A2"));
    CHECK_THAT(a2, Catch::Contains("seed "));
    CHECK_THAT(a2, Catch::Contains(", issued "));
  }
  SECTION("a changed seed column alone is named") {
    REQUIRE(c.db.Exec("UPDATE forms SET seed = seed + 1 WHERE sbd = 'A5'").ok());
    CHECK_THAT(Joined(ProblemsOf(verify(), "A5")), Catch::Contains("the seed column holds"));
  }
  SECTION("a deleted form is named") {
    REQUIRE(c.db.Exec("DELETE FROM attempts WHERE sbd = 'A6'").ok());
    REQUIRE(c.db.Exec("DELETE FROM forms WHERE sbd = 'A6'").ok());
    CHECK_THAT(Joined(ProblemsOf(verify(), "A6")), Catch::Contains("missing"));
  }
  SECTION("an edited snapshot list is found") {
    // The last item dropped from the list: the list no longer hashes to the recorded snapshot.
    store::Statement q = c.db.Prepare("SELECT bank_manifest FROM sessions WHERE id = 'S1'");
    REQUIRE(*q.Step());
    std::string manifest = q.ColumnText(0);
    manifest.erase(manifest.rfind('\n', manifest.size() - 2) + 1);
    store::Statement up = c.db.Prepare("UPDATE sessions SET bank_manifest = ? WHERE id = 'S1'");
    up.Bind(1, manifest);
    REQUIRE(up.Run().ok());
    const FormCheck after = verify();
    CHECK_THAT(Joined(ProblemsOf(after, "")), Catch::Contains("S1/: the stored bank snapshot"));
    CHECK(after.forms_rederived == 0);
  }
  SECTION("an edited snapshot id is found") {
    REQUIRE(c.db.Exec("UPDATE sessions SET bank_snapshot = 'x' WHERE id = 'S1'").ok());
    CHECK_THAT(Joined(ProblemsOf(verify(), "")),
               Catch::Contains("the audit log recorded " + *c.bank->ActiveSnapshotId()));
  }
}

// Issue 18: a centre examining on LibreOffice. Its forms never hold a Microsoft Office item, and
// the audit re-derives them with the same choice, read from the session's stored blueprint.
TEST_CASE("audit: a one-suite session draws and re-derives with the blueprint's software") {
  Centre c;
  // Four Microsoft/LibreOffice pairs in IU01 easy, each pair sharing an exclusion group, beside
  // the synthetic bank's four IU01 easy items for any software.
  std::vector<engine::Item> pairs;
  for (int i = 1; i <= 4; ++i) {
    for (engine::Software sw : {engine::Software::kMicrosoft, engine::Software::kLibreOffice}) {
      engine::Item item;
      const bool ms = sw == engine::Software::kMicrosoft;
      item.id = std::string(ms ? "IU01-01" : "IU01-02") + "0" + std::to_string(i);
      item.module = "IU01";
      item.topic = "IU01.1.1";
      item.difficulty = Difficulty::kEasy;
      item.status = engine::ItemStatus::kActive;
      item.software = sw;
      item.exclusion_group = "IU01-G-PAIR" + std::to_string(i);
      item.stem = std::string(ms ? "Trong Word" : "Trong LibreOffice Writer") + ", câu " +
                  std::to_string(i) + "?";
      item.options = {{"Một", true}, {"Hai"}, {"Ba"}, {"Bốn"}};
      pairs.push_back(std::move(item));
    }
  }
  REQUIRE(c.bank->Import(pairs, "pairs").ok());
  engine::Blueprint b = MiniBlueprint();
  b.software = engine::SoftwareChoice::kLibreOffice;
  b.cells[0].count = 8;  // IU01 easy: every item a LibreOffice centre may draw
  REQUIRE(CreateSession(c.db, c.Spec("LO", b), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "LO", CandidatesCsv(8), kChange).ok());
  REQUIRE(OpenSession(c.db, *c.bank, "LO", kChange).ok());

  const std::vector<Candidate> candidates = *ListCandidates(c.db, "LO");
  REQUIRE(candidates.size() == 8);
  for (const Candidate& cand : candidates) {
    const engine::Form form = *GetForm(c.db, "LO", cand.sbd);
    int libreoffice = 0;
    for (const engine::FormSlot& slot : form.slots) {
      CHECK_FALSE(slot.item_id.starts_with("IU01-01"));
      libreoffice += slot.item_id.starts_with("IU01-02") ? 1 : 0;
    }
    CHECK(libreoffice == 4);
  }
  Result<FormCheck> check = VerifyForms(c.db);
  REQUIRE(check.ok());
  INFO(Joined(ProblemsOf(*check, "*")));
  CHECK(check->problems.empty());
  CHECK(check->forms_rederived == 8);

  SECTION("a LibreOffice item swapped for its Microsoft twin is named") {
    engine::Form form = *GetForm(c.db, "LO", "A1");
    size_t k = 0;
    while (!form.slots[k].item_id.starts_with("IU01-02")) {
      ++k;
    }
    const std::string issued = form.slots[k].item_id;
    form.slots[k].item_id.replace(5, 2, "01");
    store::Statement up = c.db.Prepare("UPDATE forms SET form = ? WHERE sbd = 'A1'");
    up.Bind(1, FormToJson(form));
    REQUIRE(up.Run().ok());
    Result<FormCheck> after = VerifyForms(c.db);
    REQUIRE(after.ok());
    const std::string a1 = Joined(ProblemsOf(*after, "A1"));
    CHECK_THAT(a1, Catch::Contains("slot " + std::to_string(k) + ": item " + form.slots[k].item_id +
                                   " version 1") &&
                       Catch::Contains("; issued item " + issued + " version 1"));
  }
}

TEST_CASE(
    "audit: a session opened before the snapshot list was kept is verified as far as it can") {
  Centre c;
  REQUIRE(CreateSession(c.db, c.Spec("OLD"), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "OLD", CandidatesCsv(3), kChange).ok());
  // What OpenSession wrote before schema 5: forms and attempts, the snapshot id, and one
  // session.open entry; no list, no form.issue entries.
  const engine::Blueprint b = MiniBlueprint();
  const std::string snapshot = *c.bank->ActiveSnapshotId();
  for (int i = 1; i <= 3; ++i) {
    const uint64_t seed = 1000 + static_cast<uint64_t>(i);
    store::Statement f =
        c.db.Prepare("INSERT INTO forms(session_id, sbd, seed, form) VALUES ('OLD', ?, ?, ?)");
    f.Bind(1, "A" + std::to_string(i));
    f.Bind(2, static_cast<int64_t>(seed));
    f.Bind(3, FormToJson(*engine::GenerateForm(*c.bank->ActiveItems(), b, seed)));
    REQUIRE(f.Run().ok());
  }
  store::Statement open = c.db.Prepare(
      "UPDATE sessions SET state = 'open', bank_snapshot = ?, opened_ms = 1 WHERE id = 'OLD'");
  open.Bind(1, snapshot);
  REQUIRE(open.Run().ok());
  REQUIRE(AppendAudit(c.db, {.at_ms = 1,
                             .actor = "cli:thuky",
                             .action = "session.open",
                             .subject = "OLD",
                             .detail = R"({"bank_snapshot":")" + snapshot +
                                       R"(","forms":3,"without_password":3})"})
              .ok());

  Result<FormCheck> check = VerifyForms(c.db);
  REQUIRE(check.ok());
  CHECK(check->problems.empty());
  CHECK(check->forms_rederived == 0);
  REQUIRE(check->unverifiable.size() == 1);
  CHECK(check->unverifiable[0] == "OLD");

  // What can be checked still is: a form naming a version the bank never had.
  engine::Form form = *GetForm(c.db, "OLD", "A2");
  form.slots[0].item_version = 99;
  store::Statement up = c.db.Prepare("UPDATE forms SET form = ? WHERE sbd = 'A2'");
  up.Bind(1, FormToJson(form));
  REQUIRE(up.Run().ok());
  REQUIRE(c.db.Exec("UPDATE forms SET seed = 5 WHERE sbd = 'A3'").ok());
  check = VerifyForms(c.db);
  REQUIRE(check.ok());
  CHECK_THAT(Joined(ProblemsOf(*check, "A2")),
             Catch::Contains("slot 0: item " + form.slots[0].item_id + " version 99 is not in"));
  CHECK_THAT(Joined(ProblemsOf(*check, "A3")), Catch::Contains("the seed column holds"));
}

// Issue 13 item 22b: the items to avoid are those the candidate was shown, or may still be
// shown, in another sitting within the carry-over window: never a form merely issued and never
// started, and whatever the order in which the sessions are opened.
TEST_CASE("open: recently seen counts forms shown or still to be shown, not forms merely issued") {
  Centre c;
  engine::Blueprint b = MiniBlueprint();
  // IU01 easy has 4 items and the form takes 2: avoiding another form's 2 leaves exactly 2. Six
  // candidates, so that a wrong rule cannot pass by chance (each form has a 1 in 6 chance of
  // drawing the same pair either way).
  b.cells = {{"IU01", "", Difficulty::kEasy, 2}};
  const std::string csv = CandidatesCsv(6);
  REQUIRE(CreateSession(c.db, c.Spec("JAN", b, "2026-01-10"), kChange).ok());
  REQUIRE(CreateSession(c.db, c.Spec("JUN", b, "2026-06-10"), kChange).ok());
  for (const char* s : {"JAN", "JUN"}) {
    REQUIRE(ImportCandidates(c.db, s, csv, kChange).ok());
  }
  const std::vector<engine::Item> active = *c.bank->ActiveItems();
  auto items_of = [&](const std::string& session, const std::string& sbd) {
    std::set<std::string> ids;
    const engine::Form form = *GetForm(c.db, session, sbd);
    for (const engine::FormSlot& slot : form.slots) {
      ids.insert(slot.item_id);
    }
    return ids;
  };
  // Whether every form of `session` is the one drawn from its stored seed avoiding the items of
  // the same candidate's form in `avoided` (nothing when empty).
  auto drawn_avoiding = [&](const std::string& session, const std::string& avoided) {
    for (int i = 1; i <= 6; ++i) {
      const std::string sbd = "A" + std::to_string(i);
      const engine::Form form = *GetForm(c.db, session, sbd);
      const std::set<std::string> seen =
          avoided.empty() ? std::set<std::string>() : items_of(avoided, sbd);
      if (!(*engine::GenerateForm(active, b, form.seed, seen) == form)) {
        return false;
      }
    }
    return true;
  };
  auto reopen = [&](const std::string& session) {
    for (const char* table : {"attempts", "forms"}) {
      REQUIRE(
          c.db.Exec(std::string("DELETE FROM ") + table + " WHERE session_id = '" + session + "'")
              .ok());
    }
    REQUIRE(c.db.Exec("UPDATE sessions SET state = 'draft' WHERE id = '" + session + "'").ok());
    REQUIRE(OpenSession(c.db, *c.bank, session, kChange).ok());
  };

  SECTION("opened in either order, the second avoids the first") {
    REQUIRE(OpenSession(c.db, *c.bank, "JUN", kChange).ok());
    CHECK(drawn_avoiding("JUN", ""));
    REQUIRE(OpenSession(c.db, *c.bank, "JAN", kChange).ok());
    CHECK(drawn_avoiding("JAN", "JUN"));
    for (const std::string& id : items_of("JAN", "A1")) {
      CHECK_FALSE(items_of("JUN", "A1").contains(id));
    }
    // The list used is in the form's audit entry, so every form can be re-derived.
    Result<FormCheck> check = VerifyForms(c.db);
    REQUIRE(check.ok());
    CHECK(check->problems.empty());
    CHECK(check->forms_rederived == 12);
  }
  SECTION("JAN sat first") {
    REQUIRE(OpenSession(c.db, *c.bank, "JAN", kChange).ok());
    SECTION("not started in a closed session: never seen, not avoided") {
      REQUIRE(c.db.Exec("UPDATE sessions SET state = 'closed' WHERE id = 'JAN'").ok());
      REQUIRE(OpenSession(c.db, *c.bank, "JUN", kChange).ok());
      CHECK(drawn_avoiding("JUN", ""));
    }
    SECTION("ended by the proctor before it was started: never seen, not avoided") {
      REQUIRE(c.db.Exec("UPDATE attempts SET state = 'submitted' WHERE session_id = 'JAN'").ok());
      REQUIRE(OpenSession(c.db, *c.bank, "JUN", kChange).ok());
      CHECK(drawn_avoiding("JUN", ""));
    }
    SECTION("started: seen, avoided") {
      REQUIRE(c.db.Exec("UPDATE attempts SET state = 'submitted', started_ms = 5 WHERE "
                        "session_id = 'JAN'")
                  .ok());
      REQUIRE(c.db.Exec("UPDATE sessions SET state = 'closed' WHERE id = 'JAN'").ok());
      REQUIRE(OpenSession(c.db, *c.bank, "JUN", kChange).ok());
      CHECK(drawn_avoiding("JUN", "JAN"));
    }
    SECTION("not started yet in a session still open: it may still be shown, avoided") {
      REQUIRE(OpenSession(c.db, *c.bank, "JUN", kChange).ok());
      CHECK(drawn_avoiding("JUN", "JAN"));
      // Once JAN closes without the candidates, a JUN opened again no longer avoids it.
      REQUIRE(c.db.Exec("UPDATE sessions SET state = 'closed' WHERE id = 'JAN'").ok());
      reopen("JUN");
      CHECK(drawn_avoiding("JUN", ""));
    }
    SECTION("a session outside the window is not avoided") {
      REQUIRE(c.db.Exec("UPDATE attempts SET state = 'submitted', started_ms = 5 WHERE "
                        "session_id = 'JAN'")
                  .ok());
      REQUIRE(CreateSession(c.db, c.Spec("LATE", b, "2027-02-10"), kChange).ok());
      REQUIRE(ImportCandidates(c.db, "LATE", csv, kChange).ok());
      REQUIRE(OpenSession(c.db, *c.bank, "LATE", kChange).ok());
      CHECK(drawn_avoiding("LATE", ""));
    }
  }
}

TEST_CASE("forms: the stored JSON is canonical and reads back") {
  engine::Form form{.blueprint_id = "basic-30",
                    .seed = 0x00ab'cdef'0123'4567ULL,
                    .slots = {{"IU01-0003", 1, 0, {2, 0, 1, 3}}, {"IU02-0010", 2, 5, {1, 0}}}};
  const std::string json = FormToJson(form);
  CHECK(
      json ==
      R"({"blueprint":"basic-30","seed":"00abcdef01234567","slots":[{"cell":0,"item":"IU01-0003","order":[2,0,1,3],"version":1},{"cell":5,"item":"IU02-0010","order":[1,0],"version":2}]})");
  Result<engine::Form> back = FormFromJson(json);
  REQUIRE(back.ok());
  CHECK(*back == form);
  form.seed = ~0ULL;
  CHECK(FormFromJson(FormToJson(form))->seed == ~0ULL);
  // Key order and whitespace do not matter when reading.
  CHECK(FormFromJson(R"({ "slots": [], "seed": "0000000000000001", "blueprint": "b" })")->seed ==
        1);

  for (
      const char* bad : {
          "",
          "[]",
          "{}",
          R"({"blueprint":"b","seed":"1","slots":[]})",
          R"({"blueprint":"b","seed":"000000000000000G","slots":[]})",
          R"({"blueprint":"b","seed":"00000000000000AA","slots":[]})",
          R"({"blueprint":"b","seed":"0000000000000001","slots":[],"x":1})",
          R"({"blueprint":"","seed":"0000000000000001","slots":[]})",
          R"({"blueprint":"b","seed":"0000000000000001","slots":{}})",
          R"({"blueprint":"b","seed":"0000000000000001","slots":[{"cell":0,"item":"bad id","order":[0],"version":1}]})",
          R"({"blueprint":"b","seed":"0000000000000001","slots":[{"cell":0,"item":"I-1","order":[0],"version":0}]})",
          R"({"blueprint":"b","seed":"0000000000000001","slots":[{"cell":-1,"item":"I-1","order":[0],"version":1}]})",
          R"({"blueprint":"b","seed":"0000000000000001","slots":[{"cell":0,"item":"I-1","order":[0,0],"version":1}]})",
          R"({"blueprint":"b","seed":"0000000000000001","slots":[{"cell":0,"item":"I-1","order":[1,2],"version":1}]})",
          R"({"blueprint":"b","seed":"0000000000000001","slots":[{"cell":0,"item":"I-1","order":[0]}]})",
      }) {
    INFO(bad);
    CHECK(FormFromJson(bad).status().IsCorruption());
  }
}

}  // namespace
}  // namespace khaothi::centre
