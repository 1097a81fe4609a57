// The real khaothi-client in a tmux pane against the real server: in-process when the test plays
// the proctor (unlock, extra time, a notice) or moves a fake clock, and as a real process when
// the server must be killed and restarted.
#include <filesystem>
#include <regex>
#include <signal.h>

#include <catch2/catch.hpp>

#include "khaothi/server/exam_service.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"
#include "test_util.h"
#include "tmux_driver.h"

namespace khaothi::testing {
namespace {

// A khaothi-client.conf for a server on `port`, trusting `ca` (a path).
std::string WriteClientConf(const std::string& dir, uint16_t port, const std::string& ca) {
  const std::string path = dir + "/khaothi-client-test.conf";
  WriteFile(path, "# written by the test\nserver-host = 127.0.0.1\nserver-port = " +
                      std::to_string(port) + "\nca = " + ca + "\n");
  return path;
}

std::string ClientCommand(const std::string& conf, const std::string& extra = "") {
  return BuiltProgram("client/khaothi-client") + " --config " + conf + " --machine PC-07 " + extra;
}

// Logs in from the login screen.
void LogIn(TmuxClient& t, const std::string& sbd, const std::string& password) {
  std::string screen;
  INFO(screen);
  REQUIRE(t.WaitFor("Số báo danh:", &screen));
  t.Type(sbd);
  t.Key("Enter");
  t.Type(password);
  t.Key("Enter");
}

int Answered(server::Server& s, const std::string& sbd) {
  for (const server::SeatView& v : s.service().Seats("S1")) {
    if (v.sbd == sbd) {
      return v.answered;
    }
  }
  return -1;
}

TEST_CASE("tmux: log in, wait for the unlock, answer, flag, navigate, submit", "[client][e2e]") {
  TestCentre centre({.candidates = 2, .unlock_required = true});
  auto created = server::Server::Create(centre.Config());
  REQUIRE(created.ok());
  auto& server = *created;
  server->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  const std::string conf = WriteClientConf(centre.dir(), server->port(), "tls/ca.pem");
  TmuxClient t(ClientCommand(conf), 100, 30);
  std::string screen;

  LogIn(t, sbd, password);
  REQUIRE(t.WaitFor("KIỂM TRA THÔNG TIN CÁ NHÂN", &screen));
  CHECK_THAT(screen, Catch::Contains(VietnameseName(0)) && Catch::Contains("079205000001") &&
                         Catch::Contains("Cần Thơ") && Catch::Contains("● Đã kết nối"));
  // A wrong personal detail reaches the proctor.
  t.Type("r");
  REQUIRE(t.WaitFor("Đã báo cán bộ coi thi", &screen));
  SaveCapture("03-confirm", screen);
  REQUIRE(WaitFor([&] {
    for (const auto& v : server->service().Seats("S1")) {
      if (v.sbd == sbd && !v.data_error_report.empty()) {
        return true;
      }
    }
    return false;
  }));
  t.Key("Enter");
  REQUIRE(t.WaitFor("Đang chờ cán bộ coi thi mở bài thi", &screen));
  SaveCapture("04-wait-unlock", screen);
  REQUIRE(server->service().Unlock("S1", sbd, "proctor:test").ok());
  REQUIRE(t.WaitFor("QUY ĐỊNH LÀM BÀI", &screen));
  SaveCapture("05-rules", screen);
  t.Key("Enter");
  REQUIRE(t.WaitFor("Câu 1/30", &screen));
  CHECK_THAT(screen,
             Catch::Contains("Thời gian còn lại: ") && Catch::Contains("Danh sách câu hỏi"));

  // Answer B, flag it, go on to 2 and answer C, jump to 5 and answer 1 (A).
  t.Type("b");
  REQUIRE(t.WaitFor("✓ đã lưu", &screen));
  CHECK_THAT(screen, Catch::Contains("(●) B."));
  t.Type("f");
  REQUIRE(t.WaitFor("? Đã đánh dấu", &screen));
  t.Type("n");
  REQUIRE(t.WaitFor("Câu 2/30", &screen));
  t.Key("Down");
  t.Key("Down");
  // The proctor's notice and extra time arrive while the candidate is choosing.
  REQUIRE(
      server->service().Notice("S1", sbd, "Giữ trật tự, còn nhiều thời gian", "proctor:test").ok());
  REQUIRE(t.WaitFor("Cán bộ coi thi: Giữ trật tự, còn nhiều thời gian", &screen));
  CHECK_THAT(screen, Catch::Contains("Câu 2/30"));
  t.Key("Enter");  // the option under the cursor: C
  REQUIRE(t.WaitFor("(●) C.", &screen));
  REQUIRE(t.WaitFor("✓ đã lưu", &screen));
  REQUIRE(server->service().Extend("S1", sbd, 5 * 60'000, "máy hỏng", "proctor:test").ok());
  REQUIRE(t.WaitFor("cộng thêm thời gian (máy hỏng)", &screen));
  CHECK_THAT(screen, Catch::Contains("Thời gian còn lại: 3"));
  t.Type("g");
  t.Type("5");
  t.Key("Enter");
  REQUIRE(t.WaitFor("Câu 5/30", &screen));
  t.Type("1");
  REQUIRE(t.WaitFor("✓ đã lưu", &screen));
  SaveCapture("06-exam", screen);
  CHECK_THAT(screen, Catch::Contains("[ 5✓ ]") && Catch::Contains(" 1✓?") &&
                         Catch::Contains("Đã trả lời 3/30 · Đánh dấu 1"));
  REQUIRE(WaitFor([&] { return Answered(*server, sbd) == 3; }));

  // A resize keeps everything readable.
  t.Resize(80, 24);
  REQUIRE(t.WaitFor("[ 5✓ ]", &screen));
  CHECK_THAT(screen, Catch::Contains("Câu 5/30") && Catch::Contains("S: nộp bài"));
  SaveCapture("06b-exam-80x24", screen);
  t.Resize(100, 30);

  // Review, then submit with the confirmation.
  t.Type("s");
  REQUIRE(t.WaitFor("XEM LẠI BÀI TRƯỚC KHI NỘP", &screen));
  CHECK_THAT(screen,
             Catch::Contains("Còn 27 câu chưa trả lời") && Catch::Contains("1 câu đã đánh dấu: 1"));
  SaveCapture("07-review", screen);
  t.Type("s");
  REQUIRE(t.WaitFor("Bạn có chắc chắn muốn nộp bài?", &screen));
  CHECK_THAT(screen, Catch::Contains("Bạn còn 27 câu chưa trả lời."));
  SaveCapture("08-confirm-submit", screen);
  t.Type("c");
  REQUIRE(t.WaitFor("BÀI THI ĐÃ ĐƯỢC NỘP", &screen));
  // Issue 13 item 17: a decimal comma; item 8: no "ĐẠT" for a theory part alone.
  CHECK_THAT(screen, Catch::Contains("Số câu đã trả lời: 3/30") && Catch::Contains("Điểm") &&
                         Catch::Matches(R"([\s\S]*Điểm[^:\n]*: \d+,\d\d/10[\s\S]*)") &&
                         !Catch::Contains("Kết quả: ĐẠT"));
  SaveCapture("09-result", screen);
  t.Key("Enter");
  REQUIRE(t.WaitFor("BÀI THI CỦA BẠN ĐÃ ĐƯỢC LƯU", &screen));
  CHECK_THAT(screen,
             Catch::Contains("Bạn có thể rời phòng thi.") && Catch::Contains(VietnameseName(0)));
  SaveCapture("10-final", screen);
  server->Shutdown();
}

TEST_CASE("tmux: English screens and a wrong password", "[client][e2e]") {
  TestCentre centre({.candidates = 1});
  auto created = server::Server::Create(centre.Config());
  REQUIRE(created.ok());
  auto& server = *created;
  server->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  const std::string conf = WriteClientConf(centre.dir(), server->port(), "tls/ca.pem");
  TmuxClient t(ClientCommand(conf, "--lang en"), 100, 30);
  std::string screen;
  REQUIRE(t.WaitFor("Candidate number:", &screen));
  SaveCapture("02-login-en", screen);
  t.Type(sbd);
  t.Key("Enter");
  t.Type("WRONG");
  t.Key("Enter");
  REQUIRE(t.WaitFor("Wrong candidate number or password", &screen));
  t.Type(password);
  t.Key("Enter");
  REQUIRE(t.WaitFor("CHECK YOUR PERSONAL DATA", &screen));
  t.Key("Enter");
  REQUIRE(t.WaitFor("RULES OF THE EXAM", &screen));
  t.Key("Enter");
  REQUIRE(t.WaitFor("Question 1/30", &screen));
  SaveCapture("06-exam-en", screen);
  server->Shutdown();
}

TEST_CASE("tmux: no server yet, and a PC set up without the centre's CA", "[client][e2e]") {
  TestCentre centre({.candidates = 1});
  TempDir dir;
  // A port with nobody listening: the client keeps trying and says so calmly.
  const std::string conf = WriteClientConf(dir.path(), 1, centre.dir() + "/tls/ca.pem");
  TmuxClient t(ClientCommand(conf), 100, 30);
  std::string screen;
  REQUIRE(t.WaitFor("Chưa kết nối được", &screen));
  CHECK_THAT(screen, Catch::Contains("Đang kết nối tới máy chủ thi 127.0.0.1:1") &&
                         Catch::Contains("○ Chưa kết nối"));
  SaveCapture("01-connect", screen);

  TmuxClient bad(ClientCommand(dir.File("missing.conf")), 100, 30);
  REQUIRE(bad.WaitFor("Máy này chưa được cài đặt đúng", &screen));
  CHECK_THAT(screen, Catch::Contains("missing.conf") && Catch::Contains("lỗi cài đặt máy") &&
                         !Catch::Contains("cannot read"));
  SaveCapture("01b-not-set-up", screen);
}

// The centre as the secretary builds it, with the real tools as real processes.
struct CliCentre {
  TempDir tmp;
  std::string dir = tmp.File("centre");
  std::string sbd = "LA0001";
  std::string password;

  ProcessResult Run(std::vector<std::string> argv) {
    ProcessResult r = RunProcess(argv, tmp.path());
    INFO(argv[0] << " " << argv[1] << "\n" << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return r;
  }

  explicit CliCentre(const std::string& duration = "") {
    const std::string khaothi = BuiltProgram("tools/khaothi");
    Run({khaothi, "init", "--data", dir, "--center-code", "GDTX-LA", "--name",
         "Trung tâm GDTX tỉnh Long An", "--host", "127.0.0.1"});
    Run({BuiltProgram("tools/qbank"), "--db", dir + "/center.db", "import",
         SourceFile("question-bank/data")});
    std::vector<std::string> create = {
        khaothi,
        "session",
        "create",
        "--data",
        dir,
        "--id",
        "S1",
        "--name",
        "Ca 1 sáng thứ Bảy",
        "--date",
        "2026-12-05",
        "--blueprint",
        SourceFile("question-bank/data/blueprints/basic-30.blueprint"),
        "--rooms",
        "P101,P102",
        "--no-unlock"};
    if (!duration.empty()) {
      create.insert(create.end(), {"--duration", duration});
    }
    Run(create);
    Run({khaothi, "--data", dir, "candidates", "import", "--session", "S1",
         SourceFile("tests/tools/data/candidates-30.csv")});
    Run({khaothi, "--data", dir, "slips", "--session", "S1", "--sbd", sbd, "--out",
         tmp.File("slips.html")});
    const std::string html = ReadFile(tmp.File("slips.html"));
    std::smatch m;
    REQUIRE(std::regex_search(html, m, std::regex(R"(<span class="pw">([A-Z0-9]+)</span>)")));
    password = m[1].str();
    Run({khaothi, "--data", dir, "session", "open", "S1"});
  }
};

uint16_t ListeningPort(ChildProcess& p) {
  const std::string line = p.WaitForLine("listening on");
  INFO("khaothi-server: " << p.out() << p.err());
  std::smatch m;
  REQUIRE(std::regex_search(line, m, std::regex(R"(127\.0\.0\.1:(\d+))")));
  return static_cast<uint16_t>(std::stoi(m[1].str()));
}

int StoredAnswers(const std::string& db_path) {
  auto db = store::Database::Open(db_path, false);
  REQUIRE(db.ok());
  store::Statement st =
      db->Prepare("SELECT count(*) FROM answers WHERE choice IS NOT NULL AND choice != '[]'");
  REQUIRE(*st.Step());
  return st.ColumnInt(0);
}

TEST_CASE("tmux: the server is killed and restarted mid-exam: no answer is lost", "[client][e2e]") {
  CliCentre c;
  const std::string server_bin = BuiltProgram("server/khaothi-server");
  auto server = std::make_unique<ChildProcess>(
      std::vector<std::string>{server_bin, "--data", c.dir, "--listen-address=127.0.0.1",
                               "--listen-port=0"},
      c.tmp.path());
  const uint16_t port = ListeningPort(*server);
  // The centre's client directory as `khaothi init` wrote it, with the test's port.
  const std::string conf = WriteClientConf(c.dir + "/client", port, "ca.pem");
  TmuxClient t(ClientCommand(conf), 100, 30);
  std::string screen;
  REQUIRE(t.WaitFor("● Đã kết nối", &screen));
  SaveCapture("02-login", t.Screen());
  LogIn(t, c.sbd, c.password);
  REQUIRE(t.WaitFor("Nguyễn Văn An", &screen));
  t.Key("Enter");
  REQUIRE(t.WaitFor("QUY ĐỊNH LÀM BÀI", &screen));
  t.Key("Enter");
  REQUIRE(t.WaitFor("Câu 1/30", &screen));
  t.Type("a");
  REQUIRE(t.WaitFor("✓ đã lưu", &screen));

  // The server dies without a word (kill -9); the candidate goes on answering.
  server->Signal(SIGKILL);
  server->Wait();
  REQUIRE(t.WaitFor("MẤT KẾT NỐI", &screen));
  t.Type("n");
  t.Type("b");
  t.Type("n");
  t.Type("c");
  t.Type("f");
  REQUIRE(t.WaitFor("3 thay đổi được giữ", &screen));
  CHECK_THAT(screen,
             Catch::Contains("chưa lưu (mất kết nối, sẽ tự gửi lại)") && Catch::Contains("[ 3~?]"));
  SaveCapture("11-offline", screen);

  server = std::make_unique<ChildProcess>(
      std::vector<std::string>{server_bin, "--data", c.dir, "--listen-address=127.0.0.1",
                               "--listen-port=" + std::to_string(port)},
      c.tmp.path());
  CHECK(ListeningPort(*server) == port);
  REQUIRE(t.WaitFor("● Đã kết nối", &screen, std::chrono::seconds(30)));
  // Issue 13 item 17: back online the banner says so (and, when the server credited the time it
  // was down, why the clock went back).
  REQUIRE(t.WaitFor("Đã kết nối lại", &screen));
  SaveCapture("11b-back-online", screen);
  // The banner's words, not just "thay đổi": a drawn question may say "bị thay đổi" itself (one
  // in the bank does), and the wait then never ended.
  REQUIRE(t.WaitGone("thay đổi được giữ", std::chrono::seconds(30)));
  screen = t.Screen();
  INFO(screen);
  CHECK_THAT(screen, Catch::Contains("Câu 3/30") && Catch::Contains("✓ đã lưu") &&
                         Catch::Contains("Đã trả lời 3/30 · Đánh dấu 1"));
  CHECK(StoredAnswers(c.dir + "/center.db") == 3);

  t.Type("s");
  REQUIRE(t.WaitFor("XEM LẠI BÀI", &screen));
  t.Type("s");
  REQUIRE(t.WaitFor("Bạn còn 27 câu chưa trả lời.", &screen));
  t.Type("c");
  REQUIRE(t.WaitFor("Số câu đã trả lời: 3/30", &screen));
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
}

TEST_CASE("tmux: warnings at 5 and 1 minutes: at the deadline the server submits",
          "[client][e2e]") {
  TestCentre centre({.candidates = 1});
  SharedFakeClock clock(1'800'000'000'000);
  auto created = server::Server::Create(centre.Config(), &clock);
  REQUIRE(created.ok());
  auto& server = *created;
  server->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  const std::string conf = WriteClientConf(centre.dir(), server->port(), "tls/ca.pem");
  TmuxClient t(ClientCommand(conf), 100, 30);
  std::string screen;
  LogIn(t, sbd, password);
  REQUIRE(t.WaitFor("KIỂM TRA THÔNG TIN", &screen));
  t.Key("Enter");
  REQUIRE(t.WaitFor("QUY ĐỊNH", &screen));
  t.Key("Enter");
  REQUIRE(t.WaitFor("Câu 1/30", &screen));
  // Each ack carries the server's time left; the PC's clock does not matter.
  clock.Advance(std::chrono::minutes(25) + std::chrono::seconds(30));
  t.Type("a");
  REQUIRE(t.WaitFor("Còn 5 phút làm bài.", &screen));
  CHECK_THAT(screen, Catch::Contains("Thời gian còn lại: 04:"));
  SaveCapture("12-five-minutes", screen);
  clock.Advance(std::chrono::minutes(4));
  t.Type("b");
  REQUIRE(t.WaitFor("Còn 1 phút làm bài.", &screen));
  clock.Advance(std::chrono::minutes(1));
  REQUIRE(t.WaitFor("HẾT GIỜ LÀM BÀI · MÁY CHỦ ĐÃ TỰ ĐỘNG NỘP BÀI CỦA BẠN", &screen));
  CHECK_THAT(screen, Catch::Contains("Số câu đã trả lời: 1/30"));
  SaveCapture("13-time-up", screen);
  server->Shutdown();
}

// ---- Issue 13: the terminal client's screen ----

struct StoredSlot {
  std::string choice;
  int64_t answer_seq = -1;
  bool flagged = false;
  bool operator==(const StoredSlot&) const = default;
};

// What the server's database holds for `slot` of `sbd` (no row: answer_seq -1).
StoredSlot Stored(const std::string& db_path, const std::string& sbd, int slot) {
  auto db = store::Database::Open(db_path, false);
  REQUIRE(db.ok());
  store::Statement st =
      db->Prepare("SELECT choice, answer_seq, flagged FROM answers WHERE sbd = ?1 AND slot = ?2");
  st.Bind(1, sbd);
  st.Bind(2, static_cast<int64_t>(slot));
  StoredSlot out;
  if (*st.Step()) {
    out = StoredSlot{st.ColumnText(0), st.ColumnInt64(1), st.ColumnInt(2) != 0};
  }
  return out;
}

TEST_CASE(
    "tmux: issue 13 items 2 and 3: Enter keeps a saved answer, and no key acts behind the "
    "too-small screen",
    "[client][e2e]") {
  TestCentre centre({.candidates = 1});
  auto created = server::Server::Create(centre.Config());
  REQUIRE(created.ok());
  auto& server = *created;
  server->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  const std::string conf = WriteClientConf(centre.dir(), server->port(), "tls/ca.pem");
  TmuxClient t(ClientCommand(conf), 100, 30);
  std::string screen;
  LogIn(t, sbd, password);
  REQUIRE(t.WaitFor("KIỂM TRA THÔNG TIN", &screen));
  t.Key("Enter");
  REQUIRE(t.WaitFor("QUY ĐỊNH", &screen));
  t.Key("Enter");
  REQUIRE(t.WaitFor("Câu 1/30", &screen));

  // Question 5 answered B, saved.
  t.Type("g");
  t.Type("5");
  t.Key("Enter");
  REQUIRE(t.WaitFor("Câu 5/30", &screen));
  t.Type("b");
  REQUIRE(t.WaitFor("✓ đã lưu", &screen));
  REQUIRE(WaitFor([&] { return Stored(centre.db_path(), sbd, 4).answer_seq > 0; }));
  const StoredSlot saved = Stored(centre.db_path(), sbd, 4);

  // Item 2: away and back, Enter; G 5 Enter, Enter; from the review, Enter twice.
  t.Type("n");
  REQUIRE(t.WaitFor("Câu 6/30", &screen));
  t.Type("p");
  REQUIRE(t.WaitFor("Câu 5/30", &screen));
  CHECK_THAT(screen, Catch::Contains("> (●) B."));
  t.Key("Enter");
  t.Type("n");
  REQUIRE(t.WaitFor("Câu 6/30", &screen));
  t.Type("g");
  t.Type("5");
  t.Key("Enter");
  t.Key("Enter");
  t.Type("s");
  REQUIRE(t.WaitFor("XEM LẠI BÀI TRƯỚC KHI NỘP", &screen));
  t.Key("Enter");
  t.Key("Enter");
  // Once question 6 shows, every key before it has been read.
  t.Type("n");
  REQUIRE(t.WaitFor("Câu 6/30", &screen));
  t.Type("p");
  REQUIRE(t.WaitFor("Câu 5/30", &screen));
  REQUIRE(t.WaitFor("✓ đã lưu", &screen));
  CHECK_THAT(screen, Catch::Contains("(●) B.") && !Catch::Contains("(●) A."));
  CHECK(Stored(centre.db_path(), sbd, 4) == saved);

  // Item 3: behind "window too small" no key acts.
  t.Resize(60, 20);
  REQUIRE(t.WaitFor("Cửa sổ quá nhỏ", &screen));
  for (const char* key : {"a", "f", "s", "n"}) {
    t.Type(key);
  }
  t.Key("BSpace");
  REQUIRE(t.WaitFor("Đã bỏ qua 5 phím", &screen));
  t.Resize(100, 30);
  REQUIRE(t.WaitFor("Câu 5/30", &screen));
  CHECK_THAT(screen, Catch::Contains("(●) B.") && !Catch::Contains("Đã đánh dấu") &&
                         !Catch::Contains("XEM LẠI"));
  CHECK(Stored(centre.db_path(), sbd, 4) == saved);
  CHECK(Answered(*server, sbd) == 1);
  server->Shutdown();
}

TEST_CASE(
    "tmux: issue 13 item 17: a CA that did not sign the server's certificate is a set-up "
    "fault, said in Vietnamese",
    "[client][e2e]") {
  TestCentre centre({.candidates = 1});
  TestCentre other({.candidates = 1});  // another centre: another CA
  auto created = server::Server::Create(centre.Config());
  REQUIRE(created.ok());
  auto& server = *created;
  server->Start();
  TempDir dir;
  const std::string conf = WriteClientConf(dir.path(), server->port(), other.dir() + "/tls/ca.pem");
  TmuxClient t(ClientCommand(conf), 100, 30);
  std::string screen;
  REQUIRE(t.WaitFor("lỗi cài đặt", &screen));
  CHECK_THAT(screen, Catch::Contains("không xác minh được máy chủ thi 127.0.0.1") &&
                         Catch::Contains("lỗi cài đặt máy") && !Catch::Contains("tự thử lại") &&
                         !Catch::Contains("certificate") && !Catch::Contains("SSL"));
  SaveCapture("01c-wrong-ca", screen);
  server->Shutdown();
}

TEST_CASE("tmux: issue 13 item 17: the old PC after a move says the exam moved", "[client][e2e]") {
  TestCentre centre({.candidates = 1});
  auto created = server::Server::Create(centre.Config());
  REQUIRE(created.ok());
  auto& server = *created;
  server->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  const std::string conf = WriteClientConf(centre.dir(), server->port(), "tls/ca.pem");
  TmuxClient old_pc(ClientCommand(conf), 100, 30);
  std::string screen;
  LogIn(old_pc, sbd, password);
  REQUIRE(old_pc.WaitFor("KIỂM TRA THÔNG TIN", &screen));
  old_pc.Key("Enter");
  REQUIRE(old_pc.WaitFor("QUY ĐỊNH", &screen));
  old_pc.Key("Enter");
  REQUIRE(old_pc.WaitFor("Câu 1/30", &screen));

  REQUIRE(server->service().AllowMove("S1", sbd, "máy hỏng", "proctor:test").ok());
  TmuxClient new_pc(
      BuiltProgram("client/khaothi-client") + " --config " + conf + " --machine PC-08", 100, 30);
  LogIn(new_pc, sbd, password);
  REQUIRE(new_pc.WaitFor("Câu 1/30", &screen));
  REQUIRE(old_pc.WaitFor("Bài thi đã chuyển sang máy khác", &screen));
  // The client has stopped for good; the screen stays the same.
  REQUIRE(old_pc.WaitFor("vừa được mở trên một máy khác", &screen));
  CHECK_THAT(screen, !Catch::Contains("đang kết nối lại") && !Catch::Contains("MẤT KẾT NỐI"));
  SaveCapture("14-moved", screen);
  server->Shutdown();
}

}  // namespace
}  // namespace khaothi::testing
