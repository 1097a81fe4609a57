// Double marking of the practical on a real center.db (lib/centre marking.h): assignments and
// marking codes, blind marks per points-table line, the threshold, the chair's decision, final
// marks with their provenance and the SHA-256 of every file marked, and the staff table rebuilt
// by the migration that admits the marker role.
#include "khaothi/centre/marking.h"

#include <regex>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/practical_work.h"
#include "khaothi/centre/results.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/records/signed_record.h"
#include "khaothi/store/practical_store.h"

#include "centre/centre_fixture.h"
#include "practical_packages.h"

namespace khaothi::centre {
namespace {

using testing::CandidatesCsv;
using testing::Centre;
using testing::kChange;

Change At(const std::string& actor, int64_t offset_ms) {
  return {actor, kChange.at_ms + offset_ms};
}

// A centre with session S1: candidates A1..A4 who drew IU03-A, IU04-A (A1, A3) or IU04-B (A2,
// A4) and IU05-B; markers lan, minh and hoa, the chair giamdoc, the proctor coi; work files
// uploaded for A1 and A2.
struct MarkingCentre : Centre {
  MarkingCentre() {
    auto practical = store::PracticalStore::Open(dir.File("center.db"), false);
    REQUIRE(practical.ok());
    REQUIRE((*practical)->Import(khaothi::testing::PracticalPackagesAB(), "test").ok());
    engine::Blueprint b = testing::MiniBlueprint();
    khaothi::testing::DrawFromPracticalPackagesAB(b);
    REQUIRE(CreateSession(db, Spec("S1", b), kChange).ok());
    REQUIRE(ImportCandidates(db, "S1", CandidatesCsv(4), kChange).ok());
    for (int i = 1; i <= 4; ++i) {
      const std::string sbd = "A" + std::to_string(i);
      Draw(sbd, "van-ban", "IU03", "IU03-A");
      Draw(sbd, "bang-tinh", "IU04", i % 2 == 1 ? "IU04-A" : "IU04-B");
      Draw(sbd, "trinh-chieu", "IU05", "IU05-B");
    }
    for (const auto& [user, role] :
         std::vector<std::pair<std::string, std::string>>{{"lan", "marker"},
                                                          {"minh", "marker"},
                                                          {"hoa", "marker"},
                                                          {"giamdoc", "head"},
                                                          {"coi", "proctor"}}) {
      store::Statement ins = db.Prepare(
          "INSERT INTO staff(username, full_name, role, password_hash, created_ms) "
          "VALUES (?1, ?2, ?3, 'x', 0)");
      ins.Bind(1, user);
      ins.Bind(2, "Cán bộ " + user);
      ins.Bind(3, role);
      REQUIRE(ins.Run().ok());
    }
    Upload("A1", "IU04-A", "bai-IU04.txt", "bảng tính của A1, lần 1\n", 1000);
    Upload("A1", "IU04-A", "bai-IU04.txt", "bảng tính của A1, lần 2\n", 2000);
    Upload("A1", "IU03-A", "bai-IU03.txt", "văn bản của A1\n", 1500);
    Upload("A2", "IU04-B", "bai-IU04.txt", "bảng tính của A2\n", 1200);
  }

  // The draw OpenSession makes, written directly (the session stays a draft).
  void Draw(const std::string& sbd, const std::string& subpart, const std::string& module,
            const std::string& task) {
    store::Statement ins = db.Prepare(
        "INSERT INTO practical_assignments(session_id, sbd, part, subpart, module, task_id, "
        "task_version) VALUES ('S1', ?1, 'practical', ?2, ?3, ?4, 1)");
    ins.Bind(1, sbd);
    ins.Bind(2, subpart);
    ins.Bind(3, module);
    ins.Bind(4, task);
    REQUIRE(ins.Run().ok());
  }

  void Upload(const std::string& sbd, const std::string& task, const std::string& name,
              const std::string& bytes, int64_t at) {
    Result<std::string> sha = WriteWorkBlob(dir.path(), bytes);
    REQUIRE(sha.ok());
    WorkVersion v{task,
                  name,
                  0,
                  *sha,
                  static_cast<int64_t>(bytes.size()),
                  kChange.at_ms + at,
                  "PC-0" + sbd.substr(1)};
    REQUIRE(RecordWorkVersion(db, "S1", sbd, v).ok());
  }

  std::string CodeOf(const std::string& sbd) {
    store::Statement q = db.Prepare("SELECT code FROM marking_codes WHERE sbd = ?1");
    q.Bind(1, sbd);
    REQUIRE(*q.Step());
    return q.ColumnText(0);
  }

  // Rows that any refused call must leave as they are.
  std::vector<int64_t> Snapshot() {
    return {Count("SELECT count(*) FROM marking_marks"),
            Count("SELECT count(*) FROM marking_assignments"),
            Count("SELECT count(*) FROM marking_codes"), Count("SELECT count(*) FROM audit"),
            Count("SELECT count(*) FROM practical_marks")};
  }

  void AssignAll() {
    MarkerAssignment a;
    a.first_marker = "lan";
    a.second_marker = "minh";
    Result<AssignReport> r = AssignMarkers(db, "S1", a, kChange);
    REQUIRE(r.ok());
    REQUIRE(r->tasks == 12);
  }

  crypto::SigningKey key = crypto::SigningKey::Generate();
};

std::map<std::string, std::string> Marks(std::string a, std::string b, std::string c) {
  return {{"1", std::move(a)}, {"2", std::move(b)}, {"3", std::move(c)}};
}

TEST_CASE("marking: assignment gives every candidate a random code and two markers") {
  MarkingCentre c;
  MarkerAssignment a;
  a.first_marker = "lan";
  a.second_marker = "minh";
  const std::vector<int64_t> before = c.Snapshot();
  SECTION("bad assignments are refused and change nothing") {
    MarkerAssignment same = a;
    same.second_marker = "lan";
    CHECK(AssignMarkers(c.db, "S1", same, kChange).status().IsInvalidArgument());
    MarkerAssignment proctor = a;
    proctor.second_marker = "coi";
    CHECK(AssignMarkers(c.db, "S1", proctor, kChange).status().IsFailedPrecondition());
    MarkerAssignment chair = a;
    chair.first_marker = "giamdoc";
    CHECK(AssignMarkers(c.db, "S1", chair, kChange).status().IsFailedPrecondition());
    MarkerAssignment nobody = a;
    nobody.second_marker = "ai";
    CHECK(AssignMarkers(c.db, "S1", nobody, kChange).status().IsNotFound());
    MarkerAssignment stranger = a;
    stranger.sbds = {"A1", "Z9"};
    CHECK(AssignMarkers(c.db, "S1", stranger, kChange).status().IsInvalidArgument());
    MarkerAssignment subpart = a;
    subpart.subpart = "am-nhac";
    CHECK(AssignMarkers(c.db, "S1", subpart, kChange).status().IsInvalidArgument());
    MarkerAssignment wide = a;
    wide.threshold = engine::Points::Whole(11);
    CHECK(AssignMarkers(c.db, "S1", wide, kChange).status().IsInvalidArgument());
    CHECK(AssignMarkers(c.db, "S9", a, kChange).status().IsNotFound());
    CHECK(c.Snapshot() == before);
  }
  SECTION("codes are unique, random and say nothing of the candidate") {
    Result<AssignReport> r = AssignMarkers(c.db, "S1", a, kChange);
    REQUIRE(r.ok());
    CHECK(r->tasks == 12);
    CHECK(r->new_codes == 4);
    CHECK(c.Count("SELECT count(DISTINCT code) FROM marking_codes WHERE session_id = 'S1'") == 4);
    const std::regex shape("P[2-9A-HJKMNP-Z]{7}");
    for (int i = 1; i <= 4; ++i) {
      const std::string code = c.CodeOf("A" + std::to_string(i));
      CHECK(std::regex_match(code, shape));
      CHECK(code.find("A" + std::to_string(i)) == std::string::npos);
    }
    CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'marking_assign'") == 12);
    // Assigning again keeps the codes; another marker for one task of one candidate is fine
    // while nobody has marked it.
    const std::string code = c.CodeOf("A1");
    MarkerAssignment again = a;
    again.sbds = {"A1"};
    again.subpart = "bang-tinh";
    again.second_marker = "hoa";
    Result<AssignReport> r2 = AssignMarkers(c.db, "S1", again, kChange);
    REQUIRE(r2.ok());
    CHECK(r2->tasks == 1);
    CHECK(r2->new_codes == 0);
    CHECK(c.CodeOf("A1") == code);
    Result<MarkingCase> k = GetMarkingCase(c.db, "S1", code, "bang-tinh");
    REQUIRE(k.ok());
    CHECK(k->second_marker == "hoa");
    CHECK(k->task.id == "IU04-A");
    CHECK(k->task.points.size() == 3);
  }
}

TEST_CASE("marking: two blind markers who agree within the threshold give the mean") {
  MarkingCentre c;
  c.AssignAll();
  const std::string code = c.CodeOf("A1");
  // Each marker sees only their own cases; the chair's list has all.
  REQUIRE(ListMarkingCases(c.db, "", "lan")->size() == 12);
  REQUIRE(ListMarkingCases(c.db, "", "hoa")->empty());
  Result<MarkEntry> first = EnterMarks(c.db, "S1", code, "bang-tinh", "lan", Marks("3.5", "3", "2"),
                                       "thiếu biểu đồ", At("marker:lan", 10));
  REQUIRE(first.ok());
  CHECK(first->total == engine::Points{85000});
  CHECK(first->round == MarkRound::kFirst);
  // The files the marker saw: the latest version of the task's one file.
  REQUIRE(first->files.size() == 1);
  CHECK(first->files[0].version == 2);
  CHECK(first->files[0].sha256 == crypto::Sha256Hex("bảng tính của A1, lần 2\n"));
  CHECK(first->files[0].machine == "PC-01");
  Result<MarkingCase> k = GetMarkingCase(c.db, "S1", code, "bang-tinh");
  REQUIRE(k.ok());
  CHECK(k->state == CaseState::kWaiting);
  CHECK(!k->final_mark);
  // A decimal comma is read as a point; 8.75 against 8.5: 0.25 apart, within 0.5.
  Result<MarkEntry> second = EnterMarks(c.db, "S1", code, "bang-tinh", "minh",
                                        Marks("4", "2,75", "2"), "", At("marker:minh", 20));
  REQUIRE(second.ok());
  CHECK(second->round == MarkRound::kSecond);
  k = GetMarkingCase(c.db, "S1", code, "bang-tinh");
  REQUIRE(k.ok());
  CHECK(k->state == CaseState::kAgreed);
  // (8.5 + 8.75) / 2 = 8.625, half-up to the blueprint's 2 decimals.
  REQUIRE(k->final_mark);
  CHECK(engine::FormatPoints(*k->final_mark) == "8.63");
  // A marker changes their mind: a new entry, the old one kept; the chair has nothing to decide.
  REQUIRE(EnterMarks(c.db, "S1", code, "bang-tinh", "lan", Marks("4", "3", "2"), "đã xem lại",
                     At("marker:lan", 30))
              .ok());
  CHECK(c.Count("SELECT count(*) FROM marking_marks WHERE round = 1") == 2);
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'marking_change'") == 1);
  k = GetMarkingCase(c.db, "S1", code, "bang-tinh");
  CHECK(engine::FormatPoints(*k->final_mark) == "8.88");
  CHECK(DecideMarks(c.db, "S1", code, "bang-tinh", "giamdoc", Marks("4", "3", "3"), "xem lại",
                    At("head:giamdoc", 40))
            .status()
            .IsFailedPrecondition());
  // Entries cannot be edited or removed, even with SQL.
  CHECK(!c.db.Exec("UPDATE marking_marks SET total = '10'").ok());
  CHECK(!c.db.Exec("DELETE FROM marking_marks").ok());
}

TEST_CASE("marking: bad marks are refused with every reason and change nothing") {
  MarkingCentre c;
  c.AssignAll();
  const std::string code = c.CodeOf("A1");
  const std::vector<int64_t> before = c.Snapshot();
  // Above the line's points, more decimals than the blueprint's 2, not a number.
  Result<MarkEntry> bad = EnterMarks(c.db, "S1", code, "bang-tinh", "lan",
                                     Marks("4.5", "1.125", "hai"), "", At("marker:lan", 1));
  REQUIRE(bad.status().IsInvalidArgument());
  const std::string message = Localize(bad.status().message(), true);
  CHECK(message.find("line 1: mark 4.5 is above the line's 4 points") != std::string::npos);
  CHECK(message.find("line 2: mark 1.125 has more than 2 decimals") != std::string::npos);
  CHECK(message.find("line 3: 'hai' is not a mark") != std::string::npos);
  // A line missing, a line the table does not have.
  std::map<std::string, std::string> missing = {{"1", "1"}, {"2", "1"}, {"9", "1"}};
  Result<MarkEntry> gaps =
      EnterMarks(c.db, "S1", code, "bang-tinh", "lan", missing, "", At("marker:lan", 1));
  REQUIRE(gaps.status().IsInvalidArgument());
  CHECK(Localize(gaps.status().message(), true).find("line 3: no mark") != std::string::npos);
  CHECK(Localize(gaps.status().message(), true).find("line 9: not in the task's points table") !=
        std::string::npos);
  // A negative mark does not parse.
  CHECK(EnterMarks(c.db, "S1", code, "bang-tinh", "lan", Marks("-1", "1", "1"), "",
                   At("marker:lan", 1))
            .status()
            .IsInvalidArgument());
  // A note too long.
  CHECK(EnterMarks(c.db, "S1", code, "bang-tinh", "lan", Marks("1", "1", "1"),
                   std::string(kMaxMarkingNoteBytes + 1, 'x'), At("marker:lan", 1))
            .status()
            .IsInvalidArgument());
  // Someone who is not one of the case's markers: another marker, the chair, a proctor.
  for (const char* who : {"hoa", "giamdoc", "coi"}) {
    CHECK(EnterMarks(c.db, "S1", code, "bang-tinh", who, Marks("1", "1", "1"), "", At(who, 1))
              .status()
              .IsPermissionDenied());
  }
  // A code or a sub-part that does not exist.
  CHECK(EnterMarks(c.db, "S1", "PZZZZZZZ", "bang-tinh", "lan", Marks("1", "1", "1"), "",
                   At("marker:lan", 1))
            .status()
            .IsNotFound());
  CHECK(
      EnterMarks(c.db, "S1", code, "am-nhac", "lan", Marks("1", "1", "1"), "", At("marker:lan", 1))
          .status()
          .IsNotFound());
  // Marks given while looking at a version that has since been replaced.
  const std::vector<std::string> stale = {crypto::Sha256Hex("bảng tính của A1, lần 1\n")};
  Result<MarkEntry> old_view = EnterMarks(c.db, "S1", code, "bang-tinh", "lan",
                                          Marks("1", "1", "1"), "", At("marker:lan", 1), stale);
  REQUIRE(old_view.status().IsFailedPrecondition());
  CHECK(Localize(old_view.status().message(), true).find("the work has changed") !=
        std::string::npos);
  CHECK(c.Snapshot() == before);
  // The boundaries themselves are marks: 0 and the line's full points; the version seen is the
  // current one.
  const std::vector<std::string> current = {crypto::Sha256Hex("bảng tính của A1, lần 2\n")};
  CHECK(EnterMarks(c.db, "S1", code, "bang-tinh", "lan", Marks("0", "3", "3.00"), "",
                   At("marker:lan", 1), current)
            .ok());
}

TEST_CASE("marking: totals further apart than the threshold go to the chair") {
  MarkingCentre c;
  c.AssignAll();
  const std::string code = c.CodeOf("A2");
  auto decide = [&](const std::string& who, const std::string& reason) {
    return DecideMarks(c.db, "S1", code, "bang-tinh", who, Marks("3", "2", "2"), reason,
                       At("head:" + who, 50));
  };
  REQUIRE(EnterMarks(c.db, "S1", code, "bang-tinh", "lan", Marks("4", "3", "3"), "",
                     At("marker:lan", 10))
              .ok());
  // A decision before both have marked.
  CHECK(decide("giamdoc", "lệch").status().IsFailedPrecondition());
  // 10 against 6.5: 3.5 apart.
  REQUIRE(EnterMarks(c.db, "S1", code, "bang-tinh", "minh", Marks("3", "2", "1.5"), "",
                     At("marker:minh", 20))
              .ok());
  Result<MarkingCase> k = GetMarkingCase(c.db, "S1", code, "bang-tinh");
  REQUIRE(k.ok());
  CHECK(k->state == CaseState::kDisputed);
  CHECK(!k->final_mark);
  const std::vector<int64_t> before = c.Snapshot();
  CHECK(decide("lan", "lệch").status().IsPermissionDenied());
  CHECK(decide("coi", "lệch").status().IsPermissionDenied());
  CHECK(decide("giamdoc", "").status().IsInvalidArgument());
  CHECK(DecideMarks(c.db, "S1", code, "bang-tinh", "giamdoc", Marks("5", "2", "2"), "lệch",
                    At("head:giamdoc", 50))
            .status()
            .IsInvalidArgument());
  CHECK(c.Snapshot() == before);
  Result<MarkEntry> d = decide("giamdoc", "Đã đối chiếu hai phiếu chấm");
  REQUIRE(d.ok());
  CHECK(d->round == MarkRound::kDecision);
  k = GetMarkingCase(c.db, "S1", code, "bang-tinh");
  CHECK(k->state == CaseState::kDecided);
  CHECK(*k->final_mark == engine::Points::Whole(7));
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'marking_decision' AND actor = "
                "'head:giamdoc'") == 1);
  // Once decided, the markers' marks no longer change.
  CHECK(EnterMarks(c.db, "S1", code, "bang-tinh", "minh", Marks("4", "3", "3"), "",
                   At("marker:minh", 60))
            .status()
            .IsFailedPrecondition());
}

TEST_CASE("marking: final marks are signed with the markers, the decision and the file hashes") {
  MarkingCentre c;
  c.AssignAll();
  const std::string a1 = c.CodeOf("A1");
  const std::string a2 = c.CodeOf("A2");
  // A1: van-ban agreed, bang-tinh decided by the chair, trinh-chieu agreed (no file handed in).
  auto both = [&](const std::string& code, const std::string& subpart,
                  std::map<std::string, std::string> m1, std::map<std::string, std::string> m2) {
    REQUIRE(EnterMarks(c.db, "S1", code, subpart, "lan", m1, "", At("marker:lan", 10)).ok());
    REQUIRE(EnterMarks(c.db, "S1", code, subpart, "minh", m2, "", At("marker:minh", 20)).ok());
  };
  both(a1, "van-ban", Marks("4", "3", "3"), Marks("4", "3", "2.5"));
  both(a1, "bang-tinh", Marks("4", "3", "3"), Marks("1", "1", "1"));
  REQUIRE(DecideMarks(c.db, "S1", a1, "bang-tinh", "giamdoc", Marks("3", "3", "2"), "phiếu 2 sót",
                      At("head:giamdoc", 30))
              .ok());
  both(a1, "trinh-chieu", Marks("0", "0", "0"), Marks("0", "0", "0"));
  // A2: only one task marked.
  both(a2, "van-ban", Marks("4", "3", "3"), Marks("4", "3", "3"));

  SECTION("a paper part cannot be finalised here, and an unknown part is refused") {
    CHECK(
        FinalizeMarking(c.db, "S1", "ly-thuyet", "", c.key, kChange).status().IsInvalidArgument());
  }
  SECTION("stored once, with provenance; the others wait") {
    Result<FinalizeReport> r = FinalizeMarking(c.db, "S1", "", "", c.key, At("cli:thuky", 100));
    REQUIRE(r.ok());
    CHECK(r->stored == 1);
    CHECK(r->unchanged == 0);
    // A2's two other tasks, A3 and A4's three each.
    CHECK(r->pending.size() == 8);
    store::Statement q =
        c.db.Prepare("SELECT marks, score, passed, signed FROM practical_marks WHERE sbd = 'A1'");
    REQUIRE(*q.Step());
    // van-ban (10 + 9.5) / 2 = 9.75, bang-tinh the chair's 8, trinh-chieu 0: below the 40 %
    // floor, so failed whatever the mean.
    CHECK(q.ColumnText(0) == R"(["9.75","8","0"])");
    CHECK(q.ColumnText(1) == "5.92");
    CHECK(q.ColumnInt(2) == 0);
    const std::string envelope = q.ColumnText(3);
    records::Verification v = records::VerifyRecord(envelope, c.key.PublicPem());
    REQUIRE(v.verdict == records::Verdict::kValid);
    const boost::json::object rec = boost::json::parse(v.envelope.canonical).as_object();
    CHECK(rec.at("kind").as_string() == "khaothi.marks.v1");
    const boost::json::array& subparts = rec.at("marking").at("subparts").as_array();
    REQUIRE(subparts.size() == 3);
    const boost::json::object& bang = subparts[1].as_object();
    CHECK(bang.at("subpart").as_string() == "bang-tinh");
    CHECK(bang.at("task").as_string() == "IU04-A");
    CHECK(bang.at("first").at("marker").as_string() == "lan");
    CHECK(bang.at("first").at("total").as_string() == "10");
    CHECK(bang.at("second").at("marker").as_string() == "minh");
    CHECK(bang.at("second").at("total").as_string() == "3");
    CHECK(bang.at("decision").at("marker").as_string() == "giamdoc");
    CHECK(bang.at("decision").at("note").as_string() == "phiếu 2 sót");
    CHECK(bang.at("mark").as_string() == "8");
    const boost::json::array& files = bang.at("files").as_array();
    REQUIRE(files.size() == 1);
    CHECK(files[0].at("sha256").as_string() == crypto::Sha256Hex("bảng tính của A1, lần 2\n"));
    CHECK(files[0].at("version").as_int64() == 2);
    CHECK(files[0].at("machine").as_string() == "PC-01");
    CHECK(subparts[0].at("files").as_array()[0].at("sha256").as_string() ==
          crypto::Sha256Hex("văn bản của A1\n"));
    CHECK(subparts[2].at("files").as_array().empty());
    CHECK(!subparts[0].as_object().contains("decision"));
    // The results carry the practical; the registry outbox has the record.
    Result<SessionResults> results = LoadResults(c.db, "S1", kChange.at_ms + 200);
    REQUIRE(results.ok());
    const PartResult& p = results->candidates[0].parts.at("practical");
    CHECK(engine::FormatPoints(p.score) == "5.92");
    CHECK(c.Count("SELECT count(*) FROM registry_outbox WHERE record_id LIKE '%/S1/A1/%'") == 1);
    CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'marks_final'") == 1);
    // Again: nothing new. Once final, the marks are closed to change.
    Result<FinalizeReport> again = FinalizeMarking(c.db, "S1", "", "", c.key, kChange);
    REQUIRE(again.ok());
    CHECK(again->stored == 0);
    CHECK(again->unchanged == 1);
    CHECK(c.Count("SELECT count(*) FROM practical_marks") == 1);
    CHECK(EnterMarks(c.db, "S1", a1, "van-ban", "lan", Marks("1", "1", "1"), "",
                     At("marker:lan", 300))
              .status()
              .IsFailedPrecondition());
  }
  SECTION("a version received after the marking sends the task back to the markers") {
    c.Upload("A1", "IU03-A", "bai-IU03.txt", "văn bản của A1, nộp muộn hơn\n", 5000);
    Result<FinalizeReport> r = FinalizeMarking(c.db, "S1", "", "", c.key, kChange);
    REQUIRE(r.ok());
    CHECK(r->stored == 0);
    bool named = false;
    for (const std::string& p : r->pending) {
      named = named || (p.starts_with(a1 + " van-ban: ") &&
                        Localize(p, true).find("the work changed") != std::string::npos);
    }
    CHECK(named);
    CHECK(c.Count("SELECT count(*) FROM practical_marks") == 0);
  }
  SECTION("marks imported from paper are replaced only with a reason") {
    REQUIRE(ImportMarks(c.db, "S1", "sbd,van-ban,bang-tinh,trinh-chieu\nA1,5,5,5\n", "", "", c.key,
                        kChange)
                .ok());
    CHECK(FinalizeMarking(c.db, "S1", "", "", c.key, kChange).status().IsFailedPrecondition());
    CHECK(c.Count("SELECT count(*) FROM practical_marks") == 1);
    Result<FinalizeReport> r = FinalizeMarking(c.db, "S1", "", "chấm hai vòng", c.key, kChange);
    REQUIRE(r.ok());
    CHECK(r->stored == 1);
    CHECK(c.Count("SELECT max(revision) FROM practical_marks WHERE sbd = 'A1'") == 2);
  }
}

TEST_CASE("marking: the register of work files lists every version and the one marked") {
  MarkingCentre c;
  Result<std::vector<WorkRegisterLine>> before = WorkRegister(c.db, "S1");
  REQUIRE(before.ok());
  REQUIRE(before->size() == 4);
  CHECK((*before)[0].code.empty());
  c.AssignAll();
  Result<std::vector<WorkRegisterLine>> r = WorkRegister(c.db, "S1");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 4);
  // A1: IU03-A's one file, IU04-A's two versions (the second is marked); A2: one file.
  const WorkRegisterLine& first = (*r)[0];
  CHECK(first.sbd == "A1");
  CHECK(first.code == c.CodeOf("A1"));
  CHECK(first.subpart == "van-ban");
  CHECK(first.marked);
  CHECK((*r)[1].task_id == "IU04-A");
  CHECK((*r)[1].subpart == "bang-tinh");
  CHECK((*r)[1].file.version == 1);
  CHECK(!(*r)[1].marked);
  CHECK((*r)[2].file.version == 2);
  CHECK((*r)[2].marked);
  CHECK((*r)[2].file.sha256 == crypto::Sha256Hex("bảng tính của A1, lần 2\n"));
  CHECK((*r)[2].file.machine == "PC-01");
  CHECK((*r)[3].sbd == "A2");
  CHECK(WorkRegister(c.db, "S9").status().IsNotFound());
}

TEST_CASE("marking: the migration that admits markers keeps every account, room and session") {
  MarkingCentre c;
  REQUIRE(c.db.Exec("INSERT INTO staff_rooms VALUES ('coi', 'S1', 'P101'); "
                    "INSERT INTO web_sessions VALUES ('h', 'coi', 'c', 1, 2);")
              .ok());
  // Back to the schema before: no marking tables, and the migration runs again over the rows.
  // Migrations 11 (proposed marks), 12 (SEB) and 13 (the audit chain's batches) follow it and run
  // again too.
  REQUIRE(c.db.Exec("DELETE FROM meta WHERE key = 'audit_batched_from'; "
                    "DROP TABLE session_seb; DROP TABLE proposal_lines; DROP TABLE proposal_runs; "
                    "DROP TABLE marking_marks; DROP TABLE marking_assignments; "
                    "DROP TABLE marking_codes; PRAGMA user_version = 9;")
              .ok());
  REQUIRE(c.db.Migrate().ok());
  CHECK(c.Count("SELECT count(*) FROM staff") == 5);
  CHECK(c.Count("SELECT count(*) FROM staff WHERE role = 'marker'") == 3);
  CHECK(c.Count("SELECT count(*) FROM staff_rooms WHERE username = 'coi'") == 1);
  CHECK(c.Count("SELECT count(*) FROM web_sessions WHERE username = 'coi'") == 1);
  CHECK(c.Count("SELECT count(*) FROM pragma_foreign_key_check") == 0);
  // The role check still holds, and the foreign keys still bite.
  CHECK(!c.db.Exec("INSERT INTO staff VALUES ('x', 'X', 'janitor', 'h', 0, 0)").ok());
  CHECK(!c.db.Exec("INSERT INTO web_sessions VALUES ('g', 'nobody', 'c', 1, 2)").ok());
  c.AssignAll();
}

}  // namespace
}  // namespace khaothi::centre
