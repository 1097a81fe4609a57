// The practical sitting's records in center.db: the tasks drawn when a session opens, the work
// file versions a station uploads, and their content-addressed bytes on disk.
#include "khaothi/centre/practical_work.h"

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include "khaothi/centre/audit.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical.h"
#include "khaothi/store/practical_store.h"

#include "centre_fixture.h"
#include "practical_packages.h"

namespace khaothi::centre {
namespace {

using testing::CandidatesCsv;
using testing::Centre;
using testing::kChange;
using testing::MiniBlueprint;

SessionSpec PracticalSpec(Centre& c, const std::string& id) {
  engine::Blueprint b = MiniBlueprint();
  khaothi::testing::DrawFromPracticalPackagesAB(b);
  return c.Spec(id, b);
}

void ImportPackages(Centre& c) {
  auto store = store::PracticalStore::Open(c.dir.File("center.db"), false);
  REQUIRE(store.ok());
  REQUIRE((*store)->Import(khaothi::testing::PracticalPackagesAB(), "test").ok());
}

WorkVersion Version(const std::string& task, const std::string& name, const std::string& bytes,
                    int64_t at_ms) {
  return {.task_id = task,
          .name = name,
          .sha256 = crypto::Sha256Hex(bytes),
          .size = static_cast<int64_t>(bytes.size()),
          .received_ms = at_ms,
          .machine = "PC-07"};
}

TEST_CASE("practical: opening a session draws one task per module for every candidate") {
  Centre c;
  ImportPackages(c);
  REQUIRE(CreateSession(c.db, PracticalSpec(c, "S1"), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "S1", CandidatesCsv(24), kChange).ok());
  REQUIRE(OpenSession(c.db, *c.bank, "S1", kChange).ok());

  std::map<std::string, std::set<std::string>> drawn_by_module;
  Result<std::vector<Candidate>> candidates = ListCandidates(c.db, "S1");
  REQUIRE(candidates.ok());
  for (const Candidate& cand : *candidates) {
    Result<std::vector<AssignedTask>> tasks = AssignedTasks(c.db, "S1", cand.sbd);
    REQUIRE(tasks.ok());
    REQUIRE(tasks->size() == 3);
    CHECK((*tasks)[0].subpart == "van-ban");
    CHECK((*tasks)[1].subpart == "bang-tinh");
    CHECK((*tasks)[2].subpart == "trinh-chieu");
    // The draw is the engine's, from the candidate's own form seed.
    Result<engine::Form> form = GetForm(c.db, "S1", cand.sbd);
    REQUIRE(form.ok());
    std::vector<engine::PracticalTask> bank;
    for (const store::PracticalPackage& p : khaothi::testing::PracticalPackagesAB()) {
      bank.push_back(p.task);
      bank.back().version = 1;
    }
    Result<std::vector<engine::DrawnTask>> again = engine::DrawPracticalTasks(
        *engine::ParseBlueprint(PracticalSpec(c, "S1").blueprint_text), bank, form->seed);
    REQUIRE(again.ok());
    for (size_t i = 0; i < 3; ++i) {
      const AssignedTask& t = (*tasks)[i];
      CHECK(t.part == "practical");
      CHECK(t.task_id == (*again)[i].task_id);
      CHECK(t.task_version == 1);
      CHECK(t.task_id.starts_with(t.module + "-"));
      drawn_by_module[t.module].insert(t.task_id);
    }
  }
  // 24 candidates: each pool of two gives both its tasks (the chance it does not is 2^-23).
  CHECK(drawn_by_module["IU03"].size() == 2);
  CHECK(drawn_by_module["IU04"].size() == 2);
  CHECK(drawn_by_module["IU05"].size() == 2);
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'form.issue' AND "
                "detail LIKE '%practical_tasks%'") == 24);
  CHECK(VerifyAudit(c.db).ok());
  // Fixed from then on.
  CHECK_FALSE(c.db.Exec("UPDATE practical_assignments SET task_id = 'IU03-B'").ok());
  CHECK_FALSE(c.db.Exec("DELETE FROM practical_assignments").ok());
}

TEST_CASE("practical: a session whose pool has no task does not open and nothing changes") {
  Centre c;
  REQUIRE(CreateSession(c.db, PracticalSpec(c, "S1"), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "S1", CandidatesCsv(3), kChange).ok());
  Result<OpenReport> open = OpenSession(c.db, *c.bank, "S1", kChange);
  REQUIRE_FALSE(open.ok());
  CHECK(open.status().IsResourceExhausted());
  CHECK_THAT(open.status().message(), Catch::Contains("pool IU03 has no IU03 task"));
  CHECK(GetSession(c.db, "S1")->state == "draft");
  CHECK(c.Count("SELECT count(*) FROM forms") == 0);
  CHECK(c.Count("SELECT count(*) FROM practical_assignments") == 0);
}

TEST_CASE("practical: a multiple-choice-only session draws no tasks") {
  Centre c;
  ImportPackages(c);
  REQUIRE(CreateSession(c.db, c.Spec("S1"), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "S1", CandidatesCsv(2), kChange).ok());
  REQUIRE(OpenSession(c.db, *c.bank, "S1", kChange).ok());
  CHECK(AssignedTasks(c.db, "S1", "A1")->empty());
  CHECK(c.Count("SELECT count(*) FROM audit WHERE detail LIKE '%practical_tasks%'") == 0);
}

TEST_CASE("practical: work versions count up per file and the deadline picks the one to mark") {
  Centre c;
  ImportPackages(c);
  REQUIRE(CreateSession(c.db, PracticalSpec(c, "S1"), kChange).ok());
  REQUIRE(ImportCandidates(c.db, "S1", CandidatesCsv(2), kChange).ok());
  REQUIRE(OpenSession(c.db, *c.bank, "S1", kChange).ok());
  const std::string task = (*AssignedTasks(c.db, "S1", "A1"))[1].task_id;  // an IU04 task
  const std::string other = (*AssignedTasks(c.db, "S1", "A1"))[0].task_id;

  CHECK(*RecordWorkVersion(c.db, "S1", "A1", Version(task, "bai.xlsx", "v1", 1000)) == 1);
  CHECK(*RecordWorkVersion(c.db, "S1", "A1", Version(task, "bai.xlsx", "v2", 2000)) == 2);
  // The same bytes again (a resend after a lost ack, or a save without a change): no new row.
  CHECK(*RecordWorkVersion(c.db, "S1", "A1", Version(task, "bai.xlsx", "v2", 2500)) == 2);
  CHECK(*RecordWorkVersion(c.db, "S1", "A1", Version(task, "bai.xlsx", "v3", 5000)) == 3);
  CHECK(*RecordWorkVersion(c.db, "S1", "A1", Version(other, "thu.docx", "d1", 1500)) == 1);
  // Going back to earlier bytes is a new version: what was saved last is what counts.
  CHECK(*RecordWorkVersion(c.db, "S1", "A1", Version(task, "bai.xlsx", "v1", 6000)) == 4);

  Result<std::vector<WorkVersion>> all = WorkVersions(c.db, "S1", "A1");
  REQUIRE(all.ok());
  CHECK(all->size() == 5);
  Result<std::vector<WorkVersion>> at_4000 = LatestWork(c.db, "S1", "A1", 4000);
  REQUIRE(at_4000.ok());
  REQUIRE(at_4000->size() == 2);
  std::map<std::string, WorkVersion> by_name;
  for (const WorkVersion& v : *at_4000) {
    by_name[v.name] = v;
  }
  CHECK(by_name["bai.xlsx"].version == 2);
  CHECK(by_name["bai.xlsx"].sha256 == crypto::Sha256Hex("v2"));
  CHECK(by_name["bai.xlsx"].received_ms == 2000);
  CHECK(by_name["thu.docx"].version == 1);
  CHECK(LatestWork(c.db, "S1", "A1", 999)->empty());
  CHECK((*LatestWork(c.db, "S1", "A1", 6000))[1].name == "bai.xlsx");
  CHECK((*LatestWork(c.db, "S1", "A1", 6000))[1].version == 4);
  // What is marked is the latest before the practical ended; until it ends, the latest of all.
  CHECK(*PracticalEnd(c.db, "S1", "A1") == std::numeric_limits<int64_t>::max());
  REQUIRE(c.db.Exec("INSERT INTO practical_attempts(session_id, sbd, state, record, ended_ms) "
                    "VALUES ('S1', 'A1', 'submitted', '{}', 4000)")
              .ok());
  CHECK(*PracticalEnd(c.db, "S1", "A1") == 4000);
  CHECK(*PracticalEnd(c.db, "S1", "A2") == std::numeric_limits<int64_t>::max());

  SECTION("bad input is refused and changes nothing") {
    const int64_t before = c.Count("SELECT count(*) FROM work_versions");
    CHECK(RecordWorkVersion(c.db, "S1", "A1", Version(task, "../x.xlsx", "z", 1))
              .status()
              .IsInvalidArgument());
    CHECK(RecordWorkVersion(c.db, "S1", "A1", Version(task, "virus.exe", "z", 1))
              .status()
              .IsInvalidArgument());
    WorkVersion bad_hash = Version(task, "bai.xlsx", "z", 1);
    bad_hash.sha256 = "ABC";
    CHECK(RecordWorkVersion(c.db, "S1", "A1", bad_hash).status().IsInvalidArgument());
    // A task the candidate did not draw, and one of another candidate.
    CHECK(RecordWorkVersion(c.db, "S1", "A1", Version("IU09-A", "bai.xlsx", "z", 1))
              .status()
              .IsFailedPrecondition());
    CHECK(c.Count("SELECT count(*) FROM work_versions") == before);
    CHECK_FALSE(c.db.Exec("UPDATE work_versions SET sha256 = sha256").ok());
    CHECK_FALSE(c.db.Exec("DELETE FROM work_versions").ok());
  }
}

TEST_CASE("practical: a work blob is stored by its hash, read back, and an altered one is caught") {
  khaothi::testing::TempDir dir;
  const std::string bytes = "Bảng lương tháng 10\n" + std::string(100'000, 'x');
  Result<std::string> sha = WriteWorkBlob(dir.path(), bytes);
  REQUIRE(sha.ok());
  CHECK(*sha == crypto::Sha256Hex(bytes));
  const std::string path = *WorkBlobPath(dir.path(), *sha);
  CHECK(path == dir.path() + "/work/" + sha->substr(0, 2) + "/" + *sha);
  CHECK(std::filesystem::file_size(path) == bytes.size());
  CHECK(*ReadWorkBlob(dir.path(), *sha) == bytes);
  // Stored again: nothing to write, same name; no temporary file is left behind.
  CHECK(*WriteWorkBlob(dir.path(), bytes) == *sha);
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path() + "/work")) {
    files += e.is_regular_file() ? 1 : 0;
  }
  CHECK(files == 1);
  CHECK(WriteWorkBlob(dir.path(), "").ok());  // an empty file is a file too

  CHECK(ReadWorkBlob(dir.path(), std::string(64, '0')).status().IsNotFound());
  CHECK(WorkBlobPath(dir.path(), "../../etc/passwd").status().IsInvalidArgument());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "altered";
  }
  CHECK(ReadWorkBlob(dir.path(), *sha).status().IsCorruption());
}

}  // namespace
}  // namespace khaothi::centre
