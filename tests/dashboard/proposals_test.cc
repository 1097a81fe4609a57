// The machine's proposed marks on the marking pages, against the real server (real TLS, real
// center.db): both markers see the same proposal and its evidence, Vietnamese or English;
// "Chấp nhận đề xuất" fills a line (or every line) without saving; a mark that departs from the
// proposal needs a note, which is kept with it; the pages stay blind.
#include "khaothi/centre/proposals.h"

#include <cctype>
#include <string>

#include <catch2/catch.hpp>

#include "khaothi/centre/marking.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"
#include "khaothi/store/practical_store.h"

#include "dashboard_driver.h"
#include "practical_packages.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

// TS001 drew the checked spreadsheet task IU04-A and handed in its model solution; lan and minh
// mark it, giamdoc chairs. The proposal is run and stored as the worker would.
struct ProposalWorld {
  TestCentre centre{{.candidates = 2}};
  std::string code;

  ProposalWorld() {
    auto practical = store::PracticalStore::Open(centre.db_path(), false);
    REQUIRE(practical.ok());
    REQUIRE((*practical)->Import(PracticalPackagesABChecked(), "test").ok());
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    store::Statement ins = db->Prepare(
        "INSERT INTO practical_assignments(session_id, sbd, part, subpart, module, task_id, "
        "task_version) VALUES ('S1', 'TS001', 'practical', 'bang-tinh', 'IU04', 'IU04-A', 1)");
    REQUIRE(ins.Run().ok());
    const std::string model = SourceBytes("question-bank/data/practical/IU04-A/loi-giai.xlsx");
    Result<std::string> sha = centre::WriteWorkBlob(centre.dir(), model);
    REQUIRE(sha.ok());
    REQUIRE(
        centre::RecordWorkVersion(*db, "S1", "TS001",
                                  {"IU04-A", "bai-lam.xlsx", 0, *sha,
                                   static_cast<int64_t>(model.size()), 1'796'000'000'000, "PC-01"})
            .ok());
    AddStaff(centre.db_path(), "lan", "marker", "cham-thi-lan");
    AddStaff(centre.db_path(), "minh", "marker", "cham-thi-minh");
    AddStaff(centre.db_path(), "giamdoc", "head", "chu-tich-hd");
    const centre::Change change{"cli:thuky", 1'796'000'000'000};
    centre::MarkerAssignment a;
    a.first_marker = "lan";
    a.second_marker = "minh";
    REQUIRE(centre::AssignMarkers(*db, "S1", a, change).ok());
    store::Statement q = db->Prepare("SELECT code FROM marking_codes WHERE sbd = 'TS001'");
    REQUIRE(*q.Step());
    code = q.ColumnText(0);
    Result<centre::MarkingCase> c = centre::GetMarkingCase(*db, "S1", code, "bang-tinh");
    REQUIRE(c.ok());
    Result<std::vector<centre::MarkedFile>> files = centre::WorkToMark(*db, *c);
    REQUIRE(files.ok());
    centre::TaskChecksCache cache;
    Result<std::vector<std::string>> who = centre::CandidateIdentity(*db, "S1", "TS001");
    REQUIRE(who.ok());
    Result<centre::ProposalRun> run = centre::RunProposal(
        {"S1", "TS001", c->task, *files}, centre.dir(), cache, "server", 1'796'000'100'000, *who);
    REQUIRE(run.ok());
    REQUIRE(centre::StoreProposals(*db, {*run}, change).ok());
  }

  int64_t Count(const std::string& sql) const {
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    store::Statement st = db->Prepare(sql);
    REQUIRE(*st.Step());
    return st.ColumnInt64(0);
  }
};

HttpReply Post(uint16_t port, const std::string& ca, const StaffSession& s,
               const std::string& target, const std::string& fields) {
  return Https(port, ca, "POST", target, "csrf=" + s.csrf + "&" + fields,
               {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", s.cookie}});
}

std::string Marks(const std::string& a, const std::string& b, const std::string& c,
                  const std::string& note) {
  return "m%3A1=" + FormEncode(a) + "&m%3A2=" + FormEncode(b) + "&m%3A3=" + FormEncode(c) +
         "&note=" + FormEncode(note);
}

TEST_CASE("markers see the proposed marks with their evidence, accept them, and explain changes",
          "[dashboard][marking][proposals]") {
  ProposalWorld w;
  auto s = server::Server::Create(w.centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const uint16_t port = (*s)->port();
  const std::string& ca = w.centre.ca_pem();
  StaffSession lan = LogIn(port, ca, "lan", "cham-thi-lan");
  StaffSession minh = LogIn(port, ca, "minh", "cham-thi-minh");
  StaffSession chair = LogIn(port, ca, "giamdoc", "chu-tich-hd");
  const std::string page = "/marking/S1/" + w.code + "/bang-tinh";
  auto get = [&](const StaffSession& st, const std::string& cookie_extra = "") {
    return Https(port, ca, "GET", page, "", {{"Cookie", st.cookie + cookie_extra}});
  };

  // Both markers see the same proposal: each line's mark, its evidence, the buttons.
  const HttpReply first = get(lan);
  REQUIRE(first.status == 200);
  const HttpReply second = get(minh);
  REQUIRE(second.status == 200);
  for (const HttpReply* r : {&first, &second}) {
    CHECK_THAT(r->body, Catch::Contains("Điểm đề xuất của máy (kiểm tra tự động): 7 / 10"));
    CHECK_THAT(r->body, Catch::Contains("id=\"proposal-1\""));
    CHECK_THAT(r->body, Catch::Contains("<strong class=\"proposed\">4</strong> (đạt)"));
    CHECK_THAT(r->body, Catch::Contains("<strong class=\"proposed\">3</strong> (đạt)"));
    CHECK_THAT(r->body, Catch::Contains("F12"));
    CHECK_THAT(r->body, Catch::Contains("chấm tay: dòng này không có kiểm tra tự động"));
    CHECK_THAT(r->body, Catch::Contains("name=\"accept\" value=\"1\""));
    CHECK_THAT(r->body, Catch::Contains("id=\"accept-all\""));
    // Blind.
    CHECK_THAT(r->body, !Catch::Contains("TS001"));
    CHECK_THAT(r->body, !Catch::Contains(VietnameseName(1)));
  }
  // English on request.
  const HttpReply english = get(lan, "; khaothi-lang=en");
  CHECK_THAT(english.body, Catch::Contains("The machine&#39;s proposed marks") ||
                               Catch::Contains("The machine's proposed marks"));
  CHECK_THAT(english.body, Catch::Contains("Accept the proposal"));
  CHECK_THAT(english.body, Catch::Contains("marked by hand: the line has no automatic check"));

  // "Accept every proposal" fills lines 1 and 2, keeps what was typed in 3 and the note, and
  // saves nothing.
  const int64_t marks = w.Count("SELECT count(*) FROM marking_marks");
  HttpReply filled = Post(port, ca, lan, page, Marks("", "", "2", "đã xem") + "&accept=%2A");
  REQUIRE(filled.status == 200);
  CHECK_THAT(filled.body, Catch::Contains("Đã điền điểm đề xuất"));
  CHECK_THAT(filled.body, Catch::Contains("name=\"m:1\" type=\"number\" min=\"0\" max=\"4\""));
  CHECK_THAT(filled.body, Catch::Contains("required value=\"4\""));
  CHECK_THAT(filled.body, Catch::Contains("required value=\"3\""));
  CHECK_THAT(filled.body, Catch::Contains("required value=\"2\""));
  CHECK_THAT(filled.body, Catch::Contains(">đã xem</textarea>"));
  CHECK(w.Count("SELECT count(*) FROM marking_marks") == marks);
  // One line: only it.
  HttpReply one = Post(port, ca, lan, page, Marks("", "1", "", "") + "&accept=1");
  REQUIRE(one.status == 200);
  CHECK_THAT(one.body, Catch::Contains("required value=\"4\""));
  CHECK_THAT(one.body, Catch::Contains("required value=\"1\""));
  // A line without a proposal cannot be accepted.
  CHECK(Post(port, ca, lan, page, Marks("", "", "", "") + "&accept=3").status == 409);
  CHECK(w.Count("SELECT count(*) FROM marking_marks") == marks);

  // Saving the proposals (and a hand mark for line 3) needs no note.
  CHECK(Post(port, ca, lan, page, Marks("4", "3", "2", "")).status == 303);
  // A change from the proposal without a note: refused, naming the line; with one, kept.
  HttpReply refused = Post(port, ca, minh, page, Marks("3", "3", "2", ""));
  CHECK(refused.status == 422);
  CHECK_THAT(refused.body, Catch::Contains("ý 1: điểm 3 khác điểm đề xuất 4; hãy ghi chú lý do"));
  CHECK(w.Count("SELECT count(*) FROM marking_marks") == marks + 1);
  CHECK(Post(port, ca, minh, page, Marks("3", "3", "2", "C9 tra sai vùng")).status == 303);
  CHECK(w.Count("SELECT count(*) FROM marking_marks WHERE marker = 'minh' AND note = 'C9 tra "
                "sai vùng'") == 1);
  // The second marker's page still shows the proposal, not the first marker's marks.
  const HttpReply after = get(minh);
  CHECK_THAT(after.body, Catch::Contains("<strong class=\"proposed\">4</strong>"));
  CHECK_THAT(after.body, !Catch::Contains("Tổng điểm đã lưu: 9"));

  // The chair sees the proposal beside both rounds.
  const HttpReply chair_page = get(chair);
  REQUIRE(chair_page.status == 200);
  CHECK_THAT(chair_page.body, Catch::Contains("<th>Đề xuất</th>"));
  CHECK_THAT(chair_page.body, Catch::Contains("<strong class=\"proposed\">4</strong>"));
}

}  // namespace
}  // namespace khaothi::testing
