// Proposed marks on collected work (lib/centre proposals.h) on a real center.db: real office
// files handed in by candidates (the centre's IU04-A package's model solution and starter), a
// corrupt and a password-protected file built here, the version marked (the latest before the
// end), history kept on a re-run, the note a marker must give when departing from a proposal,
// and the refusals that change nothing.
#include "khaothi/centre/proposals.h"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "khaothi/bank/practical.h"
#include "khaothi/centre/marking.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/store/practical_store.h"

#include "centre/centre_fixture.h"
#include "practical_packages.h"

namespace khaothi::centre {
namespace {

using testing::CandidatesCsv;
using testing::Centre;
using testing::kChange;

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

constexpr const char* kPackageDir = "question-bank/data/practical/IU04-A/";

// IU04-A's files with a points table of three lines: two checked, one by hand.
store::PracticalPackage CheckedPackage() {
  store::PracticalPackage p;
  for (const char* name : {"de-bai.md", "ban-hang.xlsx", "loi-giai.xlsx"}) {
    p.files[name] = ReadSource(std::string(kPackageDir) + name);
  }
  engine::PracticalTask& t = p.task;
  t.id = "IU04-X";
  t.module = "IU04";
  t.title = "Bảng kê bán hàng (kiểm tra tự động)";
  t.minutes = 40;
  t.pool = "IU04";
  t.total = engine::Points::Whole(10);
  t.instructions = khaothi::testing::PracticalFileOf("de-bai.md", p.files["de-bai.md"]);
  t.starters = {khaothi::testing::PracticalFileOf("ban-hang.xlsx", p.files["ban-hang.xlsx"])};
  t.solutions = {khaothi::testing::PracticalFileOf("loi-giai.xlsx", p.files["loi-giai.xlsx"])};
  t.points = {
      {"1",
       engine::Points::Whole(4),
       "Tên hàng dùng VLOOKUP",
       {"formula cells=BanHang!C4:C11 uses=VLOOKUP absolute=BangGia!$A$2:$C$6 relative=B4"},
       engine::PartialRule::kProportional},
      {"2",
       engine::Points::Whole(3),
       "Tổng cộng dùng SUM",
       {"formula cells=BanHang!F12 uses=SUM", "cell_value cell=BanHang!F12 number=931000000"},
       engine::PartialRule::kAll},
      {"3", engine::Points::Whole(3), "Biểu đồ", {}, engine::PartialRule::kProportional}};
  return p;
}

// A CFB whose directory names an EncryptedPackage stream: what Office writes for a
// password-protected .xlsx.
std::string PasswordProtected() {
  std::string cfb("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  cfb += std::string(504, '\0');
  for (const char c : std::string("EncryptedPackage")) {
    cfb += c;
    cfb += '\0';
  }
  return cfb;
}

constexpr int64_t kEnd = 50'000;  // the practical's end, after kChange.at_ms

// Session S1 with candidates A1..A5, each drawing IU04-X (A5 version `a5_version`: 2 is one
// whose checks do not compile); A1..A4 ended at kEnd, A5 still sitting.
struct ProposalCentre : Centre {
  explicit ProposalCentre(int a5_version = 1) {
    auto practical = store::PracticalStore::Open(dir.File("center.db"), false);
    REQUIRE(practical.ok());
    std::vector<store::PracticalPackage> packages = khaothi::testing::PracticalPackagesAB();
    packages.push_back(CheckedPackage());
    REQUIRE((*practical)->Import(packages, "test").ok());
    engine::Blueprint b = testing::MiniBlueprint();
    khaothi::testing::DrawFromPracticalPackagesAB(b);
    REQUIRE(CreateSession(db, Spec("S1", b), kChange).ok());
    REQUIRE(ImportCandidates(db, "S1", CandidatesCsv(5), kChange).ok());
    if (a5_version == 2) {
      StoreUncompilableVersion();
    }
    for (int i = 1; i <= 5; ++i) {
      Draw("A" + std::to_string(i), i == 5 ? a5_version : 1);
    }
    for (int i = 1; i <= 4; ++i) {
      End("A" + std::to_string(i));
    }
    const std::string solution = ReadSource(std::string(kPackageDir) + "loi-giai.xlsx");
    const std::string starter = ReadSource(std::string(kPackageDir) + "ban-hang.xlsx");
    Upload("A1", "bai-lam.xlsx", solution, 1000);
    // After the end: not the version marked.
    Upload("A1", "bai-lam.xlsx", starter, kEnd + 10);
    Upload("A2", "bai-lam.xlsx", starter, 1000);
    Upload("A3", "bai-lam.xlsx", solution.substr(0, solution.size() / 2), 1000);
    Upload("A4", "bai-lam.xlsx", PasswordProtected(), 1000);
    Upload("A5", "bai-lam.xlsx", solution, 1000);
    for (const auto& [user, role] : std::vector<std::pair<std::string, std::string>>{
             {"lan", "marker"}, {"minh", "marker"}}) {
      store::Statement ins = db.Prepare(
          "INSERT INTO staff(username, full_name, role, password_hash, created_ms) "
          "VALUES (?1, ?2, ?3, 'x', 0)");
      ins.Bind(1, user);
      ins.Bind(2, "Cán bộ " + user);
      ins.Bind(3, role);
      REQUIRE(ins.Run().ok());
    }
  }

  void Draw(const std::string& sbd, int version) {
    store::Statement ins = db.Prepare(
        "INSERT INTO practical_assignments(session_id, sbd, part, subpart, module, task_id, "
        "task_version) VALUES ('S1', ?1, 'practical', 'bang-tinh', 'IU04', 'IU04-X', ?2)");
    ins.Bind(1, sbd);
    ins.Bind(2, version);
    REQUIRE(ins.Run().ok());
  }

  void End(const std::string& sbd) {
    store::Statement ins = db.Prepare(
        "INSERT INTO practical_attempts(session_id, sbd, state, record, ended_ms) "
        "VALUES ('S1', ?1, 'submitted', '{}', ?2)");
    ins.Bind(1, sbd);
    ins.Bind(2, kChange.at_ms + kEnd);
    REQUIRE(ins.Run().ok());
  }

  void Upload(const std::string& sbd, const std::string& name, const std::string& bytes,
              int64_t at) {
    Result<std::string> sha = WriteWorkBlob(dir.path(), bytes);
    REQUIRE(sha.ok());
    WorkVersion v{"IU04-X", name, 0, *sha, static_cast<int64_t>(bytes.size()),
                  kChange.at_ms + at, "PC-0" + sbd.substr(1)};
    REQUIRE(RecordWorkVersion(db, "S1", sbd, v).ok());
  }

  // Version 2 of IU04-X whose line 3 has a check of a kind that does not exist.
  void StoreUncompilableVersion() {
    store::Statement q = db.Prepare(
        "SELECT module, pool, manifest, manifest_hash, stored_at, source FROM practical_versions "
        "WHERE id = 'IU04-X' AND version = 1");
    REQUIRE(*q.Step());
    Result<bank::ParsedManifest> m = bank::ParsePracticalManifest(q.ColumnText(2), "test");
    REQUIRE(m.ok());
    m->task.points[2].checks = {"no_such_kind x=1"};
    store::Statement ins = db.Prepare(
        "INSERT INTO practical_versions(id, version, module, pool, manifest, manifest_hash, "
        "stored_at, source) VALUES ('IU04-X', 2, ?1, ?2, ?3, 'x', ?4, ?5)");
    ins.Bind(1, q.ColumnText(0));
    ins.Bind(2, q.ColumnText(1));
    ins.Bind(3, bank::SerializePracticalManifest(m->task));
    ins.Bind(4, q.ColumnText(4));
    ins.Bind(5, q.ColumnText(5));
    REQUIRE(ins.Run().ok());
  }

  int64_t Count(const std::string& sql) {
    store::Statement q = db.Prepare(sql);
    REQUIRE(*q.Step());
    return q.ColumnInt64(0);
  }

  ProposalRun Latest(const std::string& sbd) {
    Result<std::optional<ProposalRun>> run = LatestProposal(db, "S1", sbd, "IU04-X");
    REQUIRE(run.ok());
    REQUIRE(run->has_value());
    return **run;
  }
};

const Change kCheck{"cli:thuky", kChange.at_ms + 60'000};

TEST_CASE("practical check proposes marks from the latest files before the end",
          "[centre][proposals]") {
  ProposalCentre c;
  Result<ProposeReport> r = ProposeSession(c.db, c.dir.path(), "S1", "", kCheck);
  REQUIRE(r.ok());
  CHECK(r->candidates == 4);
  CHECK(r->not_ended == 1);
  CHECK(r->tasks == 4);
  CHECK(r->files == 4);
  CHECK(r->lines == 12);
  CHECK(r->lines_proposed == 4);  // A1 and A2: lines 1 and 2 each
  REQUIRE(r->unreadable.size() == 2);
  CHECK(Localize(r->unreadable[0], false).starts_with("A3 IU04-X bai-lam.xlsx: không chấm tự động"));
  CHECK(Localize(r->unreadable[1], true).find("password-protected") != std::string::npos);

  // The model solution, read at version 1 (version 2 came after the end).
  const ProposalRun a1 = c.Latest("A1");
  CHECK(a1.task_version == 1);
  REQUIRE(a1.files.size() == 1);
  CHECK(a1.files[0].version == 1);
  CHECK(a1.checker == kCheckerVersion);
  CHECK(a1.actor == "cli:thuky");
  CHECK(a1.at_ms == kCheck.at_ms);
  REQUIRE(a1.lines.size() == 3);
  CHECK(a1.lines[0].proposed == engine::Points::Whole(4));
  CHECK(a1.lines[0].verdict == "pass");
  CHECK(a1.lines[1].proposed == engine::Points::Whole(3));
  REQUIRE(a1.lines[1].checks.size() == 2);
  CHECK(a1.lines[1].checks[0].file == "bai-lam.xlsx");
  CHECK(a1.lines[1].checks[1].evidence_vi.find("F12") != std::string::npos);
  CHECK_FALSE(a1.lines[1].checks[1].evidence_en.empty());
  CHECK_FALSE(a1.lines[2].proposed);
  CHECK(a1.lines[2].reason_vi.starts_with("chấm tay"));
  CHECK(a1.ProposedTotal() == engine::Points::Whole(7));
  CHECK_FALSE(a1.Complete());
  // Blind: the evidence names cells, never the candidate.
  for (const ProposalLine& l : a1.lines) {
    for (const ProposalCheck& k : l.checks) {
      CHECK(k.evidence_vi.find("Thí sinh 1") == std::string::npos);
    }
  }

  // The starter: a proposal of 0, not a missing one.
  const ProposalRun a2 = c.Latest("A2");
  CHECK(a2.lines[0].proposed == engine::Points{});
  CHECK(a2.lines[0].verdict == "fail");
  CHECK(a2.lines[1].proposed == engine::Points{});

  // Files that cannot be read: no proposal on any checked line, with the reason.
  for (const std::string sbd : {"A3", "A4"}) {
    const ProposalRun run = c.Latest(sbd);
    for (int i = 0; i < 2; ++i) {
      CHECK_FALSE(run.lines[static_cast<size_t>(i)].proposed);
      CHECK(run.lines[static_cast<size_t>(i)].reason_vi.starts_with("không chấm tự động được"));
    }
  }
  CHECK(c.Latest("A4").lines[0].reason_vi.find("mật khẩu") != std::string::npos);

  // Nothing for A5, whose practical has not ended.
  Result<std::optional<ProposalRun>> a5 = LatestProposal(c.db, "S1", "A5", "IU04-X");
  REQUIRE(a5.ok());
  CHECK_FALSE(a5->has_value());
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'proposal_run'") == 4);
}

TEST_CASE("proposal rows are immutable and a re-run keeps the history",
          "[centre][proposals]") {
  ProposalCentre c;
  REQUIRE(ProposeSession(c.db, c.dir.path(), "S1", "A2", kCheck).ok());
  const int64_t first = c.Latest("A2").id;
  CHECK_FALSE(c.db.Exec("UPDATE proposal_lines SET proposed = '3'").ok());
  CHECK_FALSE(c.db.Exec("DELETE FROM proposal_runs").ok());
  Result<std::vector<std::pair<std::string, std::string>>> missing =
      CandidatesWithoutProposals(c.db, "S1");
  REQUIRE(missing.ok());
  CHECK(missing->size() == 3);  // A1, A3, A4; A5 has not ended

  // A version completed within the grace, begun before the end: the proposal is stale.
  c.Upload("A2", "bai-lam.xlsx", ReadSource(std::string(kPackageDir) + "loi-giai.xlsx"), 2000);
  missing = CandidatesWithoutProposals(c.db, "S1");
  REQUIRE(missing.ok());
  CHECK(missing->size() == 4);
  REQUIRE(ProposeSession(c.db, c.dir.path(), "S1", "A2", kCheck).ok());
  const ProposalRun again = c.Latest("A2");
  CHECK(again.id != first);
  CHECK(again.files[0].version == 2);
  CHECK(again.ProposedTotal() == engine::Points::Whole(7));
  CHECK(c.Count("SELECT count(*) FROM proposal_runs WHERE sbd = 'A2'") == 2);
}

TEST_CASE("a mark that departs from the proposal needs a note", "[centre][proposals]") {
  ProposalCentre c;
  REQUIRE(ProposeSession(c.db, c.dir.path(), "S1", "", kCheck).ok());
  MarkerAssignment a;
  a.first_marker = "lan";
  a.second_marker = "minh";
  a.sbds = {"A1"};
  REQUIRE(AssignMarkers(c.db, "S1", a, kChange).ok());
  store::Statement q = c.db.Prepare("SELECT code FROM marking_codes WHERE sbd = 'A1'");
  REQUIRE(*q.Step());
  const std::string code = q.ColumnText(0);
  Result<MarkingCase> mc = GetMarkingCase(c.db, "S1", code, "bang-tinh");
  REQUIRE(mc.ok());
  Result<std::optional<ProposalRun>> current = CurrentProposal(c.db, *mc);
  REQUIRE(current.ok());
  REQUIRE(current->has_value());

  // The proposals accepted (line 3 has none: any mark): no note needed.
  REQUIRE(EnterMarks(c.db, "S1", code, "bang-tinh", "lan", {{"1", "4"}, {"2", "3"}, {"3", "2"}},
                     "", kChange)
              .ok());
  // A change from a proposal without a note: refused, naming the line, nothing stored.
  const int64_t marks = c.Count("SELECT count(*) FROM marking_marks");
  Result<MarkEntry> refused = EnterMarks(c.db, "S1", code, "bang-tinh", "minh",
                                         {{"1", "3"}, {"2", "3"}, {"3", "2"}}, "", kChange);
  REQUIRE(refused.status().IsInvalidArgument());
  CHECK(Localize(refused.status().message(), false) ==
        "ý 1: điểm 3 khác điểm đề xuất 4; hãy ghi chú lý do");
  CHECK(c.Count("SELECT count(*) FROM marking_marks") == marks);
  // With the note it is kept with the mark.
  Result<MarkEntry> kept =
      EnterMarks(c.db, "S1", code, "bang-tinh", "minh", {{"1", "3"}, {"2", "3"}, {"3", "2"}},
                 "Ô C11 tra sai bảng", kChange);
  REQUIRE(kept.ok());
  CHECK(kept->note == "Ô C11 tra sai bảng");
}

TEST_CASE("practical check refuses bad input and stores nothing", "[centre][proposals]") {
  ProposalCentre c(/*a5_version=*/2);
  auto runs = [&] { return c.Count("SELECT count(*) FROM proposal_runs"); };
  Result<ProposeReport> r = ProposeSession(c.db, c.dir.path(), "S9", "", kCheck);
  CHECK(r.status().IsNotFound());
  r = ProposeSession(c.db, c.dir.path(), "S1", "Z9", kCheck);
  CHECK(r.status().IsNotFound());
  CHECK(Localize(r.status().message(), false) == "không có thí sinh Z9 trong ca S1");
  r = ProposeSession(c.db, c.dir.path(), "S1", "A5", kCheck);
  CHECK(r.status().IsFailedPrecondition());
  CHECK(runs() == 0);

  // A5 drew a version whose checks do not compile, and has ended: the whole command stops
  // before anything is stored, naming the task and the line.
  c.End("A5");
  r = ProposeSession(c.db, c.dir.path(), "S1", "", kCheck);
  REQUIRE(r.status().IsInvalidArgument());
  const std::string message = Localize(r.status().message(), true);
  CHECK(message.find("IU04-X version 2") != std::string::npos);
  CHECK(message.find("line 3") != std::string::npos);
  CHECK(runs() == 0);
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'proposal_run'") == 0);
}

}  // namespace
}  // namespace khaothi::centre
