// Double marking in the dashboard against the real server (real TLS, real center.db): a marker
// sees only the work assigned to them, by marking code; downloads the files as attachments;
// enters marks per points-table line; the second marker never sees the first one's marks; a
// disagreement goes to the chair. Every refusal (no login, another role, another marker's work,
// no CSRF token, a foreign origin, a bad mark) changes nothing.
#include "khaothi/centre/marking.h"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <tuple>

#include <catch2/catch.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"
#include "khaothi/store/practical_store.h"

#include "browser_setup.h"
#include "dashboard_driver.h"
#include "practical_packages.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

const std::string kWork1 = "Bảng tính của thí sinh thứ nhất, bản lưu cuối.\n";
// A work file whose bytes are HTML: it is downloaded, never rendered on the dashboard's origin.
const std::string kWork2 = "<html><script>alert(1)</script></html>\n";

// A centre whose session S1 has three candidates; TS001 and TS002 drew IU03-A, IU04-A/IU04-B and
// IU05-A. TS001's work goes to lan then minh, TS002's to hoa then minh. The chair is giamdoc.
struct MarkingWorld {
  TestCentre centre{{.candidates = 3}};
  std::string code1;
  std::string code2;

  // `password`, when given, is every account's (the browser test logs in as several).
  explicit MarkingWorld(const std::string& password = "") {
    auto pw = [&](const char* own) { return password.empty() ? std::string(own) : password; };
    auto practical = store::PracticalStore::Open(centre.db_path(), false);
    REQUIRE(practical.ok());
    REQUIRE((*practical)->Import(PracticalPackagesAB(), "test").ok());
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    for (const char* sbd : {"TS001", "TS002"}) {
      const bool first = std::string(sbd) == "TS001";
      for (const auto& [subpart, module, task] :
           std::vector<std::tuple<std::string, std::string, std::string>>{
               {"van-ban", "IU03", "IU03-A"},
               {"bang-tinh", "IU04", first ? "IU04-A" : "IU04-B"},
               {"trinh-chieu", "IU05", "IU05-A"}}) {
        store::Statement ins = db->Prepare(
            "INSERT INTO practical_assignments(session_id, sbd, part, subpart, module, task_id, "
            "task_version) VALUES ('S1', ?1, 'practical', ?2, ?3, ?4, 1)");
        ins.Bind(1, sbd);
        ins.Bind(2, subpart);
        ins.Bind(3, module);
        ins.Bind(4, task);
        REQUIRE(ins.Run().ok());
      }
    }
    Upload(*db, "TS001", "IU04-A", "bai-IU04.txt", "bản lưu đầu\n", 1);
    Upload(*db, "TS001", "IU04-A", "bai-IU04.txt", kWork1, 2);
    Upload(*db, "TS002", "IU04-B", "bai-IU04.txt", kWork2, 3);
    AddStaff(centre.db_path(), "lan", "marker", pw("cham-thi-lan"));
    AddStaff(centre.db_path(), "minh", "marker", pw("cham-thi-minh"));
    AddStaff(centre.db_path(), "hoa", "marker", pw("cham-thi-hoa"));
    AddStaff(centre.db_path(), "giamdoc", "head", pw("chu-tich-hd"));
    AddStaff(centre.db_path(), "coi", "proctor", "coi-thi-1", {"S1/P101"});
    AddStaff(centre.db_path(), "thuky", "secretary", "thu-ky-1");
    const centre::Change change{"cli:thuky", 1'796'000'000'000};
    centre::MarkerAssignment a;
    a.sbds = {"TS001"};
    a.first_marker = "lan";
    a.second_marker = "minh";
    REQUIRE(centre::AssignMarkers(*db, "S1", a, change).ok());
    a.sbds = {"TS002"};
    a.first_marker = "hoa";
    REQUIRE(centre::AssignMarkers(*db, "S1", a, change).ok());
    code1 = CodeOf(*db, "TS001");
    code2 = CodeOf(*db, "TS002");
  }

  void Upload(store::Database& db, const std::string& sbd, const std::string& task,
              const std::string& name, const std::string& bytes, int64_t at) {
    Result<std::string> sha = centre::WriteWorkBlob(centre.dir(), bytes);
    REQUIRE(sha.ok());
    centre::WorkVersion v{
        task, name, 0, *sha, static_cast<int64_t>(bytes.size()), 1'796'000'000'000 + at, "PC-01"};
    REQUIRE(centre::RecordWorkVersion(db, "S1", sbd, v).ok());
  }

  static std::string CodeOf(store::Database& db, const std::string& sbd) {
    store::Statement q = db.Prepare("SELECT code FROM marking_codes WHERE sbd = ?1");
    q.Bind(1, sbd);
    REQUIRE(*q.Step());
    return q.ColumnText(0);
  }

  int64_t Count(const std::string& sql) const {
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    store::Statement st = db->Prepare(sql);
    REQUIRE(*st.Step());
    return st.ColumnInt64(0);
  }
  std::vector<int64_t> Snapshot() const {
    return {Count("SELECT count(*) FROM marking_marks"), Count("SELECT count(*) FROM audit"),
            Count("SELECT count(*) FROM marking_assignments")};
  }
};

std::unique_ptr<server::Server> StartServer(const TestCentre& centre) {
  auto s = server::Server::Create(centre.Config());
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  (*s)->Start();
  return std::move(*s);
}

// POST a form to `target` with the session's cookie and, when `csrf`, its token as a field.
HttpReply PostForm(uint16_t port, const std::string& ca, const StaffSession& s,
                   const std::string& target, const std::string& fields, bool csrf = true,
                   const Headers& extra = {}) {
  Headers h{{"Content-Type", "application/x-www-form-urlencoded"}};
  if (!s.cookie.empty()) {
    h.emplace_back("Cookie", s.cookie);
  }
  for (const auto& e : extra) {
    h.push_back(e);
  }
  std::string body = fields;
  if (csrf) {
    body = "csrf=" + s.csrf + (fields.empty() ? "" : "&" + fields);
  }
  return Https(port, ca, "POST", target, body, h);
}

std::string MarksForm(const std::string& a, const std::string& b, const std::string& c,
                      const std::string& note_field, const std::string& note) {
  return "m%3A1=" + FormEncode(a) + "&m%3A2=" + FormEncode(b) + "&m%3A3=" + FormEncode(c) + "&" +
         note_field + "=" + FormEncode(note);
}

TEST_CASE("markers mark blind by code in the dashboard, and the chair decides a disagreement",
          "[dashboard][marking]") {
  MarkingWorld w;
  auto server = StartServer(w.centre);
  const uint16_t port = server->port();
  const std::string& ca = w.centre.ca_pem();
  StaffSession lan = LogIn(port, ca, "lan", "cham-thi-lan");
  StaffSession minh = LogIn(port, ca, "minh", "cham-thi-minh");
  StaffSession chair = LogIn(port, ca, "giamdoc", "chu-tich-hd");
  REQUIRE(!lan.csrf.empty());
  REQUIRE(!minh.csrf.empty());
  REQUIRE(!chair.csrf.empty());
  const std::string case1 = "/marking/S1/" + w.code1 + "/bang-tinh";
  const std::string case2 = "/marking/S1/" + w.code2 + "/bang-tinh";
  auto get = [&](const StaffSession& s, const std::string& target) {
    return Https(port, ca, "GET", target, "", {{"Cookie", s.cookie}});
  };

  // lan's list: the three tasks of TS001 by code, nothing of TS002, no name, no số báo danh.
  HttpReply list = get(lan, "/marking");
  REQUIRE(list.status == 200);
  CHECK_THAT(list.body, Catch::Contains(w.code1));
  CHECK_THAT(list.body, !Catch::Contains(w.code2));
  CHECK_THAT(list.body, !Catch::Contains("TS001"));
  CHECK_THAT(list.body, !Catch::Contains(VietnameseName(1)));
  CHECK_THAT(list.body, Catch::Contains("IU04-A"));

  // The case: the instructions, the points table, the latest file with its hash.
  HttpReply page = get(lan, case1);
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("Hãy sửa tệp bài làm theo yêu cầu."));
  CHECK_THAT(page.body, Catch::Contains("Bảng số liệu"));
  CHECK_THAT(page.body, Catch::Contains("name=\"m:1\""));
  CHECK_THAT(page.body, Catch::Contains(crypto::Sha256Hex(kWork1).substr(0, 12)));
  CHECK_THAT(page.body, Catch::Contains("Bạn chấm vòng 1."));
  CHECK_THAT(page.body, !Catch::Contains("TS001"));
  CHECK_THAT(page.body, !Catch::Contains(VietnameseName(1)));

  // The file and the model solution download as attachments of an opaque type.
  HttpReply file = get(lan, case1 + "/file/bai-IU04.txt");
  REQUIRE(file.status == 200);
  CHECK(file.body == kWork1);
  CHECK(file.headers["content-type"] == "application/octet-stream");
  CHECK(file.headers["content-disposition"] ==
        "attachment; filename=\"" + w.code1 + "-bang-tinh-bai-IU04.txt\"");
  CHECK(file.headers["x-content-type-options"] == "nosniff");
  HttpReply solution = get(lan, case1 + "/solution/loi-giai.txt");
  REQUIRE(solution.status == 200);
  CHECK(solution.body == "Lời giải của đề IU04-A.\n");
  CHECK(get(lan, case1 + "/file/khong-co.txt").status == 404);
  CHECK(get(lan, case1 + "/file/..%2F..%2Fcenter.db").status == 404);

  // Another marker's work: the same answer as for work that does not exist, and nothing changes.
  const std::vector<int64_t> before = w.Snapshot();
  CHECK(get(lan, case2).status == 404);
  CHECK(get(lan, case2 + "/file/bai-IU04.txt").status == 404);
  CHECK(get(lan, "/marking/S1/PZZZZZZZ/bang-tinh").status == 404);
  CHECK(PostForm(port, ca, lan, case2, MarksForm("1", "1", "1", "note", "")).status == 404);
  // No token, a wrong token, the right token from another site.
  CHECK(PostForm(port, ca, lan, case1, MarksForm("4", "3", "3", "note", ""), false).status == 403);
  StaffSession wrong = lan;
  wrong.csrf = minh.csrf;
  CHECK(PostForm(port, ca, wrong, case1, MarksForm("4", "3", "3", "note", "")).status == 403);
  CHECK(PostForm(port, ca, lan, case1, MarksForm("4", "3", "3", "note", ""), true,
                 {{"Origin", "https://evil.example"}})
            .status == 403);
  // A mark above the line's points: the page again, saying why, with what was typed.
  HttpReply bad = PostForm(port, ca, lan, case1, MarksForm("4.5", "3", "3", "note", ""));
  CHECK(bad.status == 422);
  CHECK_THAT(bad.body, Catch::Contains("ý 1: điểm 4.5 lớn hơn điểm tối đa 4"));
  CHECK_THAT(bad.body, Catch::Contains("value=\"4.5\""));
  // The page sends back the hashes of the files it showed; marks made on a version that has
  // since been replaced are refused.
  CHECK_THAT(page.body,
             Catch::Contains("name=\"seen\" value=\"" + crypto::Sha256Hex(kWork1) + "\""));
  HttpReply stale = PostForm(
      port, ca, lan, case1,
      MarksForm("4", "3", "3", "note", "") + "&seen=" + crypto::Sha256Hex("bản lưu đầu\n"));
  CHECK(stale.status == 409);
  CHECK_THAT(stale.body, Catch::Contains("bài làm đã có phiên bản mới"));
  // The chair does not mark rounds 1 and 2.
  CHECK(PostForm(port, ca, chair, case1, MarksForm("4", "3", "3", "note", "")).status == 403);
  CHECK(w.Snapshot() == before);

  // lan marks; minh, the second marker, sees none of it.
  HttpReply saved = PostForm(port, ca, lan, case1,
                             MarksForm("4", "3", "2.5", "note", "Thiếu biểu đồ cột") +
                                 "&seen=" + crypto::Sha256Hex(kWork1));
  CHECK(saved.status == 303);
  CHECK(saved.headers["location"] == case1 + "?saved=1");
  CHECK(w.Count("SELECT count(*) FROM audit WHERE action = 'marking_mark' AND actor = "
                "'marker:lan'") == 1);
  HttpReply mine = get(lan, case1 + "?saved=1");
  CHECK_THAT(mine.body, Catch::Contains("Đã lưu điểm."));
  CHECK_THAT(mine.body, Catch::Contains("9.5 / 10"));
  HttpReply blind = get(minh, case1);
  REQUIRE(blind.status == 200);
  CHECK_THAT(blind.body, Catch::Contains("Bạn chấm vòng 2."));
  CHECK_THAT(blind.body, !Catch::Contains("Thiếu biểu đồ cột"));
  CHECK_THAT(blind.body, !Catch::Contains("9.5"));
  CHECK_THAT(blind.body, !Catch::Contains("value=\"2.5\""));
  HttpReply blind_list = get(minh, "/marking");
  CHECK_THAT(blind_list.body, Catch::Contains("chưa chấm"));
  CHECK_THAT(blind_list.body, !Catch::Contains("9.5"));

  // A decision before the second mark is refused.
  CHECK(PostForm(port, ca, chair, case1 + "/decide",
                 MarksForm("3", "3", "2", "reason", "Đối chiếu hai phiếu"))
            .status == 409);
  // minh's total is 3 points below lan's: the chair decides.
  CHECK(PostForm(port, ca, minh, case1, MarksForm("2", "2", "2.5", "note", "")).status == 303);
  // Nor does the first marker learn anything of the second: not the total, not that the case
  // now waits for the chair.
  for (const std::string& target : {std::string("/marking"), case1}) {
    HttpReply first_view = get(lan, target);
    CHECK_THAT(first_view.body, !Catch::Contains("6.5"));
    CHECK_THAT(first_view.body, !Catch::Contains("disputed"));
    CHECK_THAT(first_view.body, !Catch::Contains("chờ quyết định"));
  }
  HttpReply chair_page = get(chair, case1);
  REQUIRE(chair_page.status == 200);
  CHECK_THAT(chair_page.body, Catch::Contains("chờ quyết định"));
  CHECK_THAT(chair_page.body, Catch::Contains("id=\"total-1\">9.5<"));
  CHECK_THAT(chair_page.body, Catch::Contains("id=\"total-2\">6.5<"));
  CHECK_THAT(chair_page.body, Catch::Contains("Thiếu biểu đồ cột"));
  CHECK_THAT(chair_page.body, Catch::Contains("decide-form"));
  CHECK_THAT(chair_page.body, !Catch::Contains("TS001"));
  // A marker cannot decide, nor the chair without a reason.
  const std::vector<int64_t> disputed = w.Snapshot();
  CHECK(
      PostForm(port, ca, lan, case1 + "/decide", MarksForm("4", "3", "3", "reason", "vì")).status ==
      403);
  HttpReply no_reason =
      PostForm(port, ca, chair, case1 + "/decide", MarksForm("3", "3", "2", "reason", ""));
  CHECK(no_reason.status == 422);
  CHECK_THAT(no_reason.body, Catch::Contains("quyết định cần lý do"));
  CHECK(w.Snapshot() == disputed);
  CHECK(PostForm(port, ca, chair, case1 + "/decide",
                 MarksForm("3", "3", "2", "reason", "Đối chiếu hai phiếu chấm"))
            .status == 303);
  CHECK(w.Count("SELECT count(*) FROM audit WHERE action = 'marking_decision' AND actor = "
                "'head:giamdoc'") == 1);
  HttpReply decided = get(chair, "/marking");
  CHECK_THAT(decided.body, Catch::Contains("đã quyết định: 8"));
  // After the decision the markers' marks are closed.
  HttpReply late = PostForm(port, ca, minh, case1, MarksForm("4", "3", "3", "note", ""));
  CHECK(late.status == 409);
  CHECK_THAT(late.body, Catch::Contains("đã quyết định"));

  // The HTML work file of TS002 is still only a download, for its own marker.
  StaffSession hoa = LogIn(port, ca, "hoa", "cham-thi-hoa");
  HttpReply html = get(hoa, case2 + "/file/bai-IU04.txt");
  REQUIRE(html.status == 200);
  CHECK(html.body == kWork2);
  CHECK(html.headers["content-type"] == "application/octet-stream");
  CHECK_THAT(html.headers["content-disposition"], Catch::StartsWith("attachment;"));
}

TEST_CASE("the marking pages refuse every role but markers and the chair, and change nothing",
          "[dashboard][marking]") {
  MarkingWorld w;
  auto server = StartServer(w.centre);
  const uint16_t port = server->port();
  const std::string& ca = w.centre.ca_pem();
  const std::string case1 = "/marking/S1/" + w.code1 + "/bang-tinh";
  StaffSession coi = LogIn(port, ca, "coi", "coi-thi-1");
  StaffSession thuky = LogIn(port, ca, "thuky", "thu-ky-1");
  REQUIRE(!coi.csrf.empty());
  REQUIRE(!thuky.csrf.empty());
  StaffSession nobody;
  StaffSession forged{"__Host-khaothi=" + std::string(64, 'a'), std::string(64, 'a'), "x"};
  const std::vector<int64_t> before = w.Snapshot();
  const std::string marks = MarksForm("4", "3", "3", "note", "");
  for (const StaffSession* s : {&nobody, &forged}) {
    CHECK(Https(port, ca, "GET", "/marking", "", {{"Cookie", s->cookie}}).status == 303);
    CHECK(PostForm(port, ca, *s, case1, marks).status == 401);
    CHECK(PostForm(port, ca, *s, case1 + "/decide", marks).status == 401);
  }
  for (const StaffSession* s : {&coi, &thuky}) {
    CHECK(Https(port, ca, "GET", "/marking", "", {{"Cookie", s->cookie}}).status == 403);
    CHECK(Https(port, ca, "GET", case1, "", {{"Cookie", s->cookie}}).status == 403);
    CHECK(
        Https(port, ca, "GET", case1 + "/file/bai-IU04.txt", "", {{"Cookie", s->cookie}}).status ==
        403);
    CHECK(PostForm(port, ca, *s, case1, marks).status == 403);
    CHECK(PostForm(port, ca, *s, case1 + "/decide", marks).status == 403);
  }
  CHECK(w.Snapshot() == before);
  // The room report shows the practical per task: what each candidate drew and handed in.
  HttpReply report = Https(port, ca, "GET", "/room/S1/P101/report", "", {{"Cookie", coi.cookie}});
  REQUIRE(report.status == 200);
  const size_t at = report.body.find("id=\"report-practical\"");
  REQUIRE(at != std::string::npos);
  const std::string section = report.body.substr(at, report.body.find("</table>", at) - at);
  CHECK_THAT(section, Catch::Contains("<td>TS001</td><td>bang-tinh</td><td>IU04-A</td><td>1</td>"
                                      "<td>2</td>"));
  CHECK_THAT(section, Catch::Contains("<td>TS001</td><td>van-ban</td><td>IU03-A</td><td>0</td>"
                                      "<td>0</td><td>—</td>"));
  CHECK_THAT(section, Catch::Contains("<td>TS002</td><td>bang-tinh</td><td>IU04-B</td><td>1</td>"));
  // English on request.
  StaffSession lan = LogIn(port, ca, "lan", "cham-thi-lan");
  HttpReply en = Https(port, ca, "GET", case1, "", {{"Cookie", lan.cookie + "; khaothi-lang=en"}});
  CHECK_THAT(en.body, Catch::Contains("You mark round 1."));
}

TEST_CASE("two markers and the chair mark one task in headless Chromium",
          "[dashboard][marking][browser]") {
  REQUIRE(std::filesystem::exists("/usr/bin/node"));
  REQUIRE(std::filesystem::exists("/usr/bin/chromium"));
  const std::string node_modules = BrowserNodeModules();
  const std::string password = "Cham-thi-2026!";
  MarkingWorld w(password);
  auto server = StartServer(w.centre);
  const std::string case1 = "/marking/S1/" + w.code1 + "/bang-tinh";
  TempDir out;
  setenv("NODE_PATH", node_modules.c_str(), 1);
  ProcessResult run = RunProcess({"/usr/bin/node", SourceFile("tests/dashboard/browser/marking.js"),
                                  "https://127.0.0.1:" + std::to_string(server->port()), case1,
                                  "lan", "minh", "giamdoc", password, out.path()});
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(std::filesystem::file_size(out.File("marker.png")) > 10'000);
  CHECK(std::filesystem::file_size(out.File("chair.png")) > 10'000);
  if (const char* shots = std::getenv("KHAOTHI_DASHBOARD_SHOTS"); shots != nullptr) {
    std::filesystem::create_directories(shots);
    for (const char* name : {"marker.png", "chair.png"}) {
      std::filesystem::copy_file(out.File(name),
                                 std::filesystem::path(shots) / (std::string("marking-") + name),
                                 std::filesystem::copy_options::overwrite_existing);
    }
  }
  // What the browser did is what the server recorded.
  CHECK(w.Count("SELECT count(*) FROM marking_marks WHERE round = 1 AND marker = 'lan'") == 1);
  CHECK(w.Count("SELECT count(*) FROM marking_marks WHERE round = 2 AND marker = 'minh'") == 1);
  CHECK(w.Count("SELECT count(*) FROM marking_marks WHERE round = 3 AND total = '8'") == 1);
  server->Shutdown();
}

}  // namespace
}  // namespace khaothi::testing
