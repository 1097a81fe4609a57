// The candidate UI's model: every screen and transition, without a terminal.
#include "khaothi/client/ui/model.h"

#include <catch2/catch.hpp>

#include "khaothi/client/ui/catalogue.h"
#include "khaothi/client/ui/client_config.h"
#include "khaothi/client/ui/text.h"

#include "test_util.h"
#include "tmux_driver.h"

namespace khaothi::client::ui {
namespace {

using std::chrono::milliseconds;
using K = Input::Kind;

ClientView Candidate(std::string state = "created", bool unlock_required = true) {
  ClientView v;
  v.connected = true;
  v.info.sbd = "TS001";
  v.info.full_name = "Nguyễn Văn An";
  v.info.date_of_birth = "01/01/2000";
  v.info.sex = "Nam";
  v.info.place_of_birth = "Cần Thơ";
  v.info.id_number = "079205000001";
  v.info.room = "P101";
  v.info.session_name = "Ca thi thử nghiệm";
  v.info.session_date = "2026-12-05";
  v.info.state = state;
  v.info.unlock_required = unlock_required;
  v.info.item_count = 30;
  v.info.duration_ms = 30 * 60'000;
  v.attempt_state = state;
  return v;
}

void AddForm(ClientView& v, int n = 30) {
  v.questions.clear();
  for (int i = 0; i < n; ++i) {
    Question q;
    q.slot = i;
    q.stem = "Câu hỏi số " + std::to_string(i + 1) + ": phím tắt nào dùng để lưu văn bản?";
    q.options = {"Ctrl + S", "Ctrl + O", "Ctrl + P", "Ctrl + N"};
    q.multiple = i == 29;
    v.questions.push_back(q);
  }
  v.answers.assign(static_cast<size_t>(n), SlotState{});
  v.attempt_state = "in_progress";
  v.remaining = milliseconds(29 * 60'000 + 59'000);
}

bool Has(const Grid& g, const std::string& text) {
  return g.Text().find(text) != std::string::npos;
}

// Applies the actions the model asks for to `v` as the client library would (answers pending).
void Apply(ClientView& v, const std::vector<Action>& actions) {
  for (const Action& a : actions) {
    if (a.kind == Action::Kind::kAnswer) {
      v.answers[static_cast<size_t>(a.slot)].choice = a.choice;
      v.answers[static_cast<size_t>(a.slot)].pending = true;
      ++v.pending;
    } else if (a.kind == Action::Kind::kFlag) {
      v.answers[static_cast<size_t>(a.slot)].flagged = a.flagged;
      v.answers[static_cast<size_t>(a.slot)].pending = true;
      ++v.pending;
    }
  }
}

// Drives a model from the connect screen to the exam screen with the form loaded.
struct Driver {
  Model model{ModelOptions{Lang::kVi, "127.0.0.1:8443", "PC-07"}};
  ClientView view = Candidate("created", false);
  int64_t now = 1'000;

  std::vector<Action> Key(Input in) {
    auto a = model.OnInput(in);
    Apply(view, a);
    model.Sync(view, now);
    return a;
  }
  std::vector<Action> Type(const std::string& s) {
    std::vector<Action> all;
    for (char c : s) {
      auto a = Key(Input::Char(static_cast<char32_t>(c)));
      all.insert(all.end(), a.begin(), a.end());
    }
    return all;
  }
  std::vector<Action> Event(EventType t, std::string code = "", std::string text = "") {
    model.Sync(view, now);
    return model.OnEvent(client::Event{t, std::move(code), std::move(text)});
  }
  void ToExam() {
    model.Sync(view, now);
    Event(EventType::kConnected);
    Type("ts001");
    Key(Input::Key(K::kEnter));
    Type("ABCD2345");
    auto login = Key(Input::Key(K::kEnter));
    REQUIRE(login.size() == 1);
    Event(EventType::kLoggedIn);
    REQUIRE(model.screen() == Screen::kConfirm);
    Key(Input::Key(K::kEnter));
    REQUIRE(model.screen() == Screen::kRules);
    auto start = Key(Input::Key(K::kEnter));
    REQUIRE(start.size() == 1);
    REQUIRE(start[0].kind == Action::Kind::kStart);
    AddForm(view);
    Event(EventType::kForm);
    model.Sync(view, now);
    REQUIRE(model.screen() == Screen::kExam);
  }
};

TEST_CASE("display widths: Vietnamese precomposed or combining, wide CJK", "[client]") {
  CHECK(DisplayWidth("Nguyễn Văn An") == 13);
  // The same name with combining marks (NFD) takes the same columns.
  CHECK(DisplayWidth("Nguye\xcc\x82\xcc\x83n") == 6);
  CHECK(Clusters("e\xcc\x82\xcc\x83").size() == 1);
  CHECK(DisplayWidth("漢字") == 4);
  CHECK(DisplayWidth("a\tb\x01") == 3);
  CHECK(Truncate("Thí sinh Nguyễn", 8) == "Thí sin…");
  CHECK(Truncate("abc", 8) == "abc");
  CHECK(Wrap("Bạn có chắc chắn muốn nộp bài không", 12) ==
        std::vector<std::string>{"Bạn có chắc", "chắn muốn", "nộp bài", "không"});
  CHECK(Wrap("dòng một\ndòng hai", 40) == std::vector<std::string>{"dòng một", "dòng hai"});
  CHECK(Wrap("aaaaaaaaaa", 4) == std::vector<std::string>{"aaaa", "aaaa", "aa"});
  CHECK(Format("Câu {0}/{1}", {"3", "30"}) == "Câu 3/30");
}

TEST_CASE("the grid keeps wide characters whole and reads back as text", "[client]") {
  Grid g(10, 2);
  CHECK(g.Put(0, 0, "Đề 漢字 thi") == 10);
  CHECK(g.Line(0) == "Đề 漢字 th");
  CHECK(g.at(0, 4).glyph.empty());  // the right half of 漢
  CHECK(g.Put(1, 8, "漢字") == 2);  // the second one does not fit
  CHECK(g.Line(1) == "        漢");
  CHECK(g.Put(5, 0, "x") == 0);
}

TEST_CASE("catalogues: every message in both languages, key lines fit 80 columns", "[client]") {
  for (int i = 0; i <= static_cast<int>(Msg::kYesKey); ++i) {
    const auto m = static_cast<Msg>(i);
    INFO("message " << i);
    CHECK_FALSE(TextVi(m).empty());
    CHECK_FALSE(TextEn(m).empty());
  }
  for (Msg m : {Msg::kKeysExam, Msg::kKeysReview, Msg::kKeysLogin, Msg::kKeysConfirm,
                Msg::kKeysFinal, Msg::kKeysQuit, Msg::kKeysResult, Msg::kKeysRules}) {
    CHECK(DisplayWidth(TextVi(m)) <= Model::kMinWidth - 2);
    CHECK(DisplayWidth(TextEn(m)) <= Model::kMinWidth - 2);
  }
}

TEST_CASE("connect, log in, confirm, rules, exam", "[client]") {
  Driver d;
  d.view.connected = false;
  d.model.Sync(d.view, d.now);
  Grid g = d.model.Render(80, 24);
  CHECK(Has(g, "Đang kết nối tới máy chủ thi 127.0.0.1:8443"));
  CHECK(Has(g, "○ Chưa kết nối"));
  d.model.OnEvent({EventType::kDisconnected, "connect", "Connection refused"});
  g = d.model.Render(80, 24);
  CHECK(Has(g, "Chưa kết nối được tới máy chủ thi. Máy sẽ tự thử lại"));
  CHECK_FALSE(Has(g, "Connection refused"));  // no English on the Vietnamese screen

  d.view.connected = true;
  d.model.Sync(d.view, d.now);
  REQUIRE(d.model.screen() == Screen::kLogin);
  d.Type("ts001");
  d.Key(Input::Key(K::kTab));
  d.Type("abcd");
  g = d.model.Render(80, 24);
  CHECK(Has(g, "Số báo danh:"));
  CHECK(Has(g, "TS001"));
  CHECK(Has(g, "****"));
  CHECK_FALSE(Has(g, "abcd"));
  CHECK(Has(g, "Máy: PC-07"));
  auto login = d.Key(Input::Key(K::kEnter));
  REQUIRE(login.size() == 1);
  CHECK(login[0].kind == Action::Kind::kLogin);
  CHECK(login[0].sbd == "TS001");
  CHECK(login[0].password == "abcd");

  // A refused login says why and lets the candidate type the password again.
  d.Event(EventType::kLoginFailed, "bad_credentials");
  g = d.model.Render(80, 24);
  CHECK(Has(g, "Sai số báo danh hoặc mật khẩu"));
  d.Type("ABCD2345");
  REQUIRE(d.Key(Input::Key(K::kEnter)).size() == 1);

  d.view.info.state = d.view.attempt_state = "created";
  d.view.info.unlock_required = true;
  d.Event(EventType::kLoggedIn);
  REQUIRE(d.model.screen() == Screen::kConfirm);
  g = d.model.Render(80, 24);
  CHECK(Has(g, "Nguyễn Văn An"));
  CHECK(Has(g, "079205000001"));
  CHECK(Has(g, "Cần Thơ"));
  CHECK(Has(g, "Ca thi thử nghiệm (05/12/2026)"));
  // Reporting an error tells the proctor once.
  auto report = d.Key(Input::Char(U'r'));
  REQUIRE(report.size() == 1);
  CHECK(report[0].kind == Action::Kind::kReport);
  CHECK(d.Key(Input::Char(U'R')).empty());
  CHECK(Has(d.model.Render(80, 24), "Đã báo cán bộ coi thi"));

  d.Key(Input::Key(K::kEnter));
  REQUIRE(d.model.screen() == Screen::kWaitUnlock);
  CHECK(Has(d.model.Render(80, 24), "Đang chờ cán bộ coi thi mở bài thi"));
  CHECK(d.Key(Input::Key(K::kEnter)).empty());
  d.Event(EventType::kUnlocked);
  REQUIRE(d.model.screen() == Screen::kRules);
  g = d.model.Render(80, 24);
  CHECK(Has(g, "30 câu hỏi trắc nghiệm, làm trong 30 phút"));
  auto start = d.Key(Input::Key(K::kEnter));
  REQUIRE(start.size() == 1);
  CHECK(start[0].kind == Action::Kind::kStart);
  CHECK(Has(d.model.Render(80, 24), "Đang tải đề thi"));
  AddForm(d.view);
  d.Event(EventType::kForm);
  d.model.Sync(d.view, d.now);
  CHECK(d.model.screen() == Screen::kExam);
}

TEST_CASE("the unlock that came while the client was away is not waited for again", "[client]") {
  Driver d;
  d.view.info.unlock_required = true;
  d.model.Sync(d.view, d.now);
  d.Type("TS001");
  d.Key(Input::Key(K::kEnter));
  d.Type("X");
  d.Key(Input::Key(K::kEnter));
  d.Event(EventType::kLoggedIn);
  d.Key(Input::Key(K::kEnter));
  REQUIRE(d.model.screen() == Screen::kWaitUnlock);
  d.view.attempt_state = "unlocked";  // a reconnect's login_ok says so
  d.model.Sync(d.view, d.now);
  CHECK(d.model.screen() == Screen::kRules);
}

TEST_CASE("the exam screen: question, options, navigator, clock, keys", "[client]") {
  Driver d;
  d.ToExam();
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "Câu 1/30"));
  CHECK(Has(g, "Câu hỏi số 1: phím tắt nào dùng để lưu văn bản?"));
  CHECK(Has(g, "( ) A. Ctrl + S"));
  CHECK(Has(g, "( ) D. Ctrl + N"));
  CHECK(Has(g, "Thời gian còn lại: 29:59"));
  CHECK(Has(g, "● Đã kết nối"));
  CHECK(Has(g, "[ 1· ]"));
  CHECK(Has(g, "Đã trả lời 0/30 · Đánh dấu 0"));

  // B answers at once; pressing it again changes nothing; 3 changes to C.
  auto a = d.Key(Input::Char(U'b'));
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Action::Kind::kAnswer);
  CHECK(a[0].slot == 0);
  CHECK(a[0].choice == std::vector<int>{1});
  CHECK(d.Key(Input::Char(U'B')).empty());
  g = d.model.Render(80, 24);
  CHECK(Has(g, "(●) B. Ctrl + O"));
  CHECK(Has(g, "~ đang lưu"));
  CHECK(Has(g, "[ 1~ ]"));
  d.view.answers[0].pending = false;
  d.view.pending = 0;
  d.model.Sync(d.view, d.now);
  g = d.model.Render(80, 24);
  CHECK(Has(g, "✓ đã lưu"));
  CHECK(Has(g, "[ 1✓ ]"));
  a = d.Key(Input::Char(U'3'));
  REQUIRE(a.size() == 1);
  CHECK(a[0].choice == std::vector<int>{2});

  // Arrows and Enter choose too.
  d.Key(Input::Key(K::kDown));
  d.Key(Input::Key(K::kDown));
  d.Key(Input::Key(K::kDown));
  a = d.Key(Input::Key(K::kEnter));
  REQUIRE(a.size() == 1);
  CHECK(a[0].choice == std::vector<int>{3});

  // Flag, next, previous, go to.
  a = d.Key(Input::Char(U'f'));
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Action::Kind::kFlag);
  CHECK(a[0].flagged);
  CHECK(Has(d.model.Render(80, 24), "? Đã đánh dấu"));
  d.Key(Input::Char(U'n'));
  CHECK(d.model.current() == 1);
  d.Key(Input::Key(K::kRight));
  CHECK(d.model.current() == 2);
  d.Key(Input::Char(U'P'));
  CHECK(d.model.current() == 1);
  d.Key(Input::Char(U'g'));
  CHECK(Has(d.model.Render(80, 24), "Đến câu số (1–30)"));
  d.Type("25");
  d.Key(Input::Key(K::kEnter));
  CHECK(d.model.current() == 24);
  d.Key(Input::Char(U'g'));
  d.Type("99");
  d.Key(Input::Key(K::kEnter));
  CHECK(d.model.current() == 29);
  // The last question takes several answers.
  g = d.model.Render(80, 24);
  CHECK(Has(g, "Chọn tất cả các đáp án đúng"));
  d.Key(Input::Char(U'a'));
  a = d.Key(Input::Char(U'c'));
  CHECK(a[0].choice == std::vector<int>{0, 2});
  a = d.Key(Input::Char(U'a'));
  CHECK(a[0].choice == std::vector<int>{2});
  CHECK(Has(d.model.Render(80, 24), "[X] C."));
  // Backspace clears.
  a = d.Key(Input::Key(K::kBackspace));
  REQUIRE(a.size() == 1);
  CHECK(a[0].choice.empty());
}

TEST_CASE("the mouse chooses options and questions", "[client]") {
  Driver d;
  d.ToExam();
  Grid g = d.model.Render(80, 24);
  int row = -1;
  for (int r = 0; r < g.height(); ++r) {
    if (g.Line(r).find("C. Ctrl + P") != std::string::npos) {
      row = r;
    }
  }
  REQUIRE(row > 0);
  auto a = d.Key(Input::Click(row, 10));
  REQUIRE(a.size() == 1);
  CHECK(a[0].choice == std::vector<int>{2});
  // The navigator cell of question 6.
  g = d.model.Render(80, 24);
  for (int r = 0; r < g.height(); ++r) {
    const std::string line = g.Line(r);
    const auto pos = line.find(" 6· ");
    if (pos != std::string::npos) {
      d.Key(Input::Click(r, DisplayWidth(line.substr(0, pos)) + 1));
    }
  }
  CHECK(d.model.current() == 5);
}

TEST_CASE("lost connection: answers are kept and shown as not saved", "[client]") {
  Driver d;
  d.ToExam();
  d.view.connected = false;
  d.Event(EventType::kDisconnected, "dropped", "End of file");
  d.Key(Input::Char(U'a'));
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "MẤT KẾT NỐI · đang kết nối lại"));
  CHECK(Has(g, "chưa lưu (mất kết nối, sẽ tự gửi lại)"));
  CHECK(Has(g, "MẤT KẾT NỐI: 1 thay đổi được giữ, sẽ tự gửi"));
  // Back: the library resends; the form comes again and the candidate stays where they were.
  d.Key(Input::Char(U'n'));
  d.view.connected = true;
  d.Event(EventType::kConnected);
  d.Event(EventType::kLoggedIn);
  d.Event(EventType::kForm);
  CHECK(d.model.screen() == Screen::kExam);
  CHECK(d.model.current() == 1);
}

TEST_CASE("time warnings at 5 and 1 minutes: proctor messages do not move the candidate",
          "[client]") {
  Driver d;
  d.ToExam();
  d.Key(Input::Char(U'n'));
  d.Key(Input::Key(K::kDown));
  d.view.remaining = milliseconds(5 * 60'000);
  d.model.Sync(d.view, d.now);
  Grid g = d.model.Render(80, 24);
  CHECK(Has(g, "!! Còn 5 phút làm bài."));
  CHECK(Has(g, "Thời gian còn lại: 05:00"));
  d.now += 30'000;
  d.view.remaining = milliseconds(4 * 60'000 + 30'000);
  d.model.Sync(d.view, d.now);
  CHECK_FALSE(Has(d.model.Render(80, 24), "Còn 5 phút"));
  d.view.remaining = milliseconds(59'000);
  d.model.Sync(d.view, d.now);
  CHECK(Has(d.model.Render(80, 24), "!! Còn 1 phút làm bài."));

  d.Event(EventType::kNotice, "", "Còn 1 phút, kiểm tra lại bài");
  g = d.model.Render(80, 24);
  CHECK(Has(g, "Cán bộ coi thi: Còn 1 phút, kiểm tra lại bài"));
  CHECK(d.model.current() == 1);
  // The answer being made goes on: the cursor is still on B.
  auto a = d.Key(Input::Key(K::kEnter));
  REQUIRE(a.size() == 1);
  CHECK(a[0].choice == std::vector<int>{1});

  d.Event(EventType::kTime, "extension", "máy hỏng");
  d.view.remaining = milliseconds(6 * 60'000);
  d.model.Sync(d.view, d.now);
  CHECK(Has(d.model.Render(80, 24), "Cán bộ coi thi đã cộng thêm thời gian (máy hỏng)"));

  d.view.attempt_state = "suspended";
  d.Event(EventType::kTime, "pause", "mất điện");
  d.model.Sync(d.view, d.now);
  g = d.model.Render(80, 24);
  CHECK(Has(g, "TẠM DỪNG · còn 06:00"));
  CHECK(Has(g, "Bài thi đang tạm dừng (mất điện)"));
  CHECK(d.Key(Input::Char(U'c')).empty());  // no answers while paused
  d.view.attempt_state = "in_progress";
  d.Event(EventType::kTime, "resume");
  d.model.Sync(d.view, d.now);
  CHECK(d.Key(Input::Char(U'c')).size() == 1);
}

TEST_CASE("review, confirm with the unanswered count, submit, result, final", "[client]") {
  Driver d;
  d.ToExam();
  d.Key(Input::Char(U'a'));
  d.Key(Input::Char(U'n'));
  d.Key(Input::Char(U'f'));
  d.Key(Input::Char(U's'));
  REQUIRE(d.model.screen() == Screen::kReview);
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "XEM LẠI BÀI TRƯỚC KHI NỘP"));
  CHECK(Has(g, "Còn 29 câu chưa trả lời: 2, 3, 4"));
  CHECK(Has(g, "1 câu đã đánh dấu: 2"));
  CHECK(Has(g, "Câu  1: A"));
  // Esc goes back; Enter opens the question under the cursor.
  d.Key(Input::Key(K::kEscape));
  CHECK(d.model.screen() == Screen::kExam);
  d.Key(Input::Char(U's'));
  d.Key(Input::Key(K::kDown));
  d.Key(Input::Key(K::kEnter));
  CHECK(d.model.screen() == Screen::kExam);
  CHECK(d.model.current() == 2);
  d.Key(Input::Char(U'S'));
  // S asks first; K (không) cancels; C (có) submits.
  CHECK(d.Key(Input::Char(U's')).empty());
  g = d.model.Render(80, 24);
  CHECK(Has(g, "Bạn có chắc chắn muốn nộp bài?"));
  CHECK(Has(g, "Bạn còn 29 câu chưa trả lời."));
  CHECK(Has(g, "C: Có, nộp bài"));
  CHECK_FALSE(Has(g, "Câu  1: A"));  // the dialog stands alone
  CHECK(d.Key(Input::Char(U'k')).empty());
  CHECK_FALSE(Has(d.model.Render(80, 24), "Bạn có chắc chắn"));
  CHECK(d.Key(Input::Key(K::kEnter)).empty() == true);
  d.Key(Input::Char(U's'));
  d.Key(Input::Char(U's'));
  auto a = d.Key(Input::Char(U'c'));
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Action::Kind::kSubmit);
  CHECK(Has(d.model.Render(80, 24), "Đang nộp bài"));

  d.view.result = Result{"candidate", 1, 30, "0.33", "10", false, "{}"};
  d.Event(EventType::kResult);
  d.model.Sync(d.view, d.now);
  REQUIRE(d.model.screen() == Screen::kResult);
  g = d.model.Render(80, 24);
  CHECK_FALSE(Has(g, "Đang nộp bài"));
  CHECK(Has(g, "BÀI THI ĐÃ ĐƯỢC NỘP"));
  CHECK(Has(g, "Số câu đã trả lời: 1/30"));
  CHECK(Has(g, "Điểm: 0,33/10"));
  CHECK(Has(g, "Bài thi này: chưa đạt"));
  d.Key(Input::Key(K::kEnter));
  REQUIRE(d.model.screen() == Screen::kFinal);
  g = d.model.Render(80, 24);
  CHECK(Has(g, "BÀI THI CỦA BẠN ĐÃ ĐƯỢC LƯU"));
  CHECK(Has(g, "Bạn có thể rời phòng thi."));
  a = d.Key(Input::Char(U'q'));
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Action::Kind::kQuit);
}

TEST_CASE("a submit made while offline is sent again after the reconnect", "[client]") {
  Driver d;
  d.ToExam();
  d.Key(Input::Char(U's'));
  d.Key(Input::Char(U's'));
  REQUIRE(d.Key(Input::Char(U'c')).size() == 1);
  d.view.connected = false;
  d.Event(EventType::kDisconnected, "dropped", "eof");
  d.view.connected = true;
  auto again = d.Event(EventType::kForm);
  REQUIRE(again.size() == 1);
  CHECK(again[0].kind == Action::Kind::kSubmit);
}

TEST_CASE("time up: the server submits and the client says so", "[client]") {
  Driver d;
  d.ToExam();
  d.view.remaining = milliseconds(0);
  d.model.Sync(d.view, d.now);
  Grid g = d.model.Render(80, 24);
  CHECK(Has(g, "Hết giờ. Máy chủ đang nộp bài của bạn"));
  CHECK(d.Key(Input::Char(U'a')).empty());
  d.view.result = Result{"clock", 0, 30, std::nullopt, std::nullopt, std::nullopt, "{}"};
  d.Event(EventType::kResult);
  d.Event(EventType::kClosed, "time_up");
  d.model.Sync(d.view, d.now);
  g = d.model.Render(80, 24);
  CHECK(Has(g, "HẾT GIỜ LÀM BÀI · MÁY CHỦ ĐÃ TỰ ĐỘNG NỘP BÀI CỦA BẠN"));
  CHECK(Has(g, "Điểm sẽ được trung tâm công bố sau."));
}

TEST_CASE("logging in again resumes the attempt or shows its result", "[client]") {
  SECTION("in progress") {
    Driver d;
    d.view = Candidate("in_progress");
    d.model.Sync(d.view, d.now);
    d.Type("TS001");
    d.Key(Input::Key(K::kEnter));
    d.Type("X");
    d.Key(Input::Key(K::kEnter));
    CHECK(d.Event(EventType::kLoggedIn).empty());  // the library starts by itself
    CHECK(d.model.screen() == Screen::kExam);
    AddForm(d.view);
    d.view.answers[3].choice = {1};
    d.Event(EventType::kForm);
    d.model.Sync(d.view, d.now);
    CHECK(Has(d.model.Render(80, 24), "[ 1· ]  2·    3·    4✓"));
  }
  SECTION("graded") {
    Driver d;
    d.view = Candidate("graded");
    d.model.Sync(d.view, d.now);
    d.Type("TS001");
    d.Key(Input::Key(K::kEnter));
    d.Type("X");
    d.Key(Input::Key(K::kEnter));
    auto a = d.Event(EventType::kLoggedIn);
    REQUIRE(a.size() == 1);
    CHECK(a[0].kind == Action::Kind::kStart);
    CHECK(d.model.screen() == Screen::kResult);
    CHECK(Has(d.model.Render(80, 24), "Đang tải kết quả"));
  }
}

TEST_CASE("window sizes: 80x24, larger, too small, and English", "[client]") {
  Driver d;
  d.ToExam();
  for (auto [w, h] : {std::pair{80, 24}, std::pair{100, 30}, std::pair{200, 60}}) {
    Grid g = d.model.Render(w, h);
    INFO(w << "x" << h << "\n" << g.Text());
    CHECK(Has(g, "Câu 1/30"));
    CHECK(Has(g, "D. Ctrl + N"));
    CHECK(Has(g, "30·"));
    CHECK(Has(g, "S: nộp bài"));
    for (int r = 0; r < h; ++r) {
      CHECK(DisplayWidth(g.Line(r)) <= w);
    }
  }
  CHECK(Has(d.model.Render(60, 20), "Cửa sổ quá nhỏ: cần ít nhất 80×24, đang là 60×20"));

  Model en(ModelOptions{Lang::kEn, "h:1", "PC"});
  ClientView v = Candidate();
  en.Sync(v, 0);
  CHECK(Has(en.Render(80, 24), "Candidate number:"));
}

TEST_CASE("the configuration file khaothi init writes", "[client]") {
  testing::TempDir t;
  testing::WriteFile(t.File("ca.pem"),
                     "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n");
  testing::WriteFile(t.File("khaothi-client.conf"),
                     "# comment\nserver-host = 192.168.1.10\nserver-port = 9443\nca = ca.pem\n");
  auto c = LoadClientConfig(t.File("khaothi-client.conf"));
  REQUIRE(c.ok());
  CHECK(c->server_host == "192.168.1.10");
  CHECK(c->server_port == 9443);
  CHECK(c->ca_path == t.File("ca.pem"));
  CHECK(c->ca_pem.find("BEGIN CERTIFICATE") != std::string::npos);

  testing::WriteFile(t.File("typo.conf"), "server-hots = x\nca = ca.pem\n");
  auto typo = LoadClientConfig(t.File("typo.conf"));
  REQUIRE_FALSE(typo.ok());
  CHECK_THAT(typo.status().message(), Catch::Contains("server-hots"));
  testing::WriteFile(t.File("noca.conf"), "server-host = x\nca = missing.pem\n");
  CHECK(LoadClientConfig(t.File("noca.conf")).status().IsNotFound());
  CHECK(LoadClientConfig(t.File("absent.conf")).status().IsNotFound());
}

// ---- Issue 13: the terminal client's screen ----

TEST_CASE("issue 13 item 2: Enter on an answered question keeps the saved answer", "[client]") {
  Driver d;
  d.ToExam();
  auto saved = [&](int slot) {
    d.view.answers[static_cast<size_t>(slot)].pending = false;
    d.view.pending = 0;
    d.model.Sync(d.view, d.now);
  };
  // Question 5 answered B and saved.
  d.Key(Input::Char(U'g'));
  d.Type("5");
  d.Key(Input::Key(K::kEnter));
  REQUIRE(d.model.current() == 4);
  REQUIRE(d.Key(Input::Char(U'b')).size() == 1);
  saved(4);

  SECTION("away and back: the cursor is on B, Enter changes nothing") {
    d.Key(Input::Char(U'n'));
    d.Key(Input::Char(U'p'));
    Grid g = d.model.Render(80, 24);
    INFO(g.Text());
    CHECK(Has(g, "> (●) B. Ctrl + O"));
    CHECK(d.Key(Input::Key(K::kEnter)).empty());
    CHECK(d.view.answers[4].choice == std::vector<int>{1});
  }
  SECTION("G 5 Enter, then Enter") {
    d.Key(Input::Char(U'n'));
    d.Key(Input::Char(U'g'));
    d.Type("5");
    CHECK(d.Key(Input::Key(K::kEnter)).empty());
    CHECK(d.Key(Input::Key(K::kEnter)).empty());
    CHECK(d.view.answers[4].choice == std::vector<int>{1});
  }
  SECTION("from the review screen, Enter twice") {
    d.Key(Input::Char(U's'));
    REQUIRE(d.model.screen() == Screen::kReview);
    CHECK(d.Key(Input::Key(K::kEnter)).empty());
    REQUIRE(d.model.screen() == Screen::kExam);
    CHECK(d.Key(Input::Key(K::kEnter)).empty());
    CHECK(d.view.answers[4].choice == std::vector<int>{1});
  }
  SECTION("a click in the navigator, then Enter") {
    d.Key(Input::Char(U'n'));
    Grid g = d.model.Render(80, 24);
    for (int r = 0; r < g.height(); ++r) {
      const std::string line = g.Line(r);
      const auto pos = line.find(" 5✓ ");
      if (pos != std::string::npos) {
        d.Key(Input::Click(r, DisplayWidth(line.substr(0, pos)) + 1));
      }
    }
    REQUIRE(d.model.current() == 4);
    CHECK(d.Key(Input::Key(K::kEnter)).empty());
  }
  SECTION("arrows then Enter still change it on purpose") {
    d.Key(Input::Key(K::kDown));
    auto a = d.Key(Input::Key(K::kEnter));
    REQUIRE(a.size() == 1);
    CHECK(a[0].choice == std::vector<int>{2});
  }
  SECTION("a multiple-answer question: Enter adds, never takes an option away") {
    d.Key(Input::Key(K::kEnd));
    REQUIRE(d.model.current() == 29);
    d.Key(Input::Char(U'b'));
    d.Key(Input::Char(U'd'));
    saved(29);
    d.Key(Input::Key(K::kHome));
    d.Key(Input::Key(K::kEnd));
    CHECK(Has(d.model.Render(80, 24), "> [X] B. Ctrl + O"));
    CHECK(d.Key(Input::Key(K::kEnter)).empty());
    CHECK(d.view.answers[29].choice == std::vector<int>{1, 3});
    d.Key(Input::Key(K::kDown));
    auto a = d.Key(Input::Key(K::kEnter));
    REQUIRE(a.size() == 1);
    CHECK(a[0].choice == std::vector<int>{1, 2, 3});
    // Space (or the letter) toggles.
    a = d.Key(Input::Char(U' '));
    REQUIRE(a.size() == 1);
    CHECK(a[0].choice == std::vector<int>{1, 3});
  }
}

TEST_CASE("issue 13 item 2: a resumed exam opens with the cursor on the saved answer", "[client]") {
  Driver d;
  d.view = Candidate("in_progress");
  d.model.Sync(d.view, d.now);
  d.Type("TS001");
  d.Key(Input::Key(K::kEnter));
  d.Type("X");
  d.Key(Input::Key(K::kEnter));
  d.Event(EventType::kLoggedIn);
  AddForm(d.view);
  d.view.answers[0].choice = {3};
  d.Event(EventType::kForm);
  CHECK(Has(d.model.Render(80, 24), "> (●) D. Ctrl + N"));
  CHECK(d.Key(Input::Key(K::kEnter)).empty());
}

TEST_CASE("issue 13 item 3: no key acts while the window is too small", "[client]") {
  Driver d;
  d.ToExam();
  REQUIRE(Has(d.model.Render(60, 20), "Cửa sổ quá nhỏ"));
  for (Input in : {Input::Char(U'a'), Input::Char(U'2'), Input::Char(U'f'), Input::Char(U' '),
                   Input::Key(K::kEnter), Input::Key(K::kBackspace), Input::Char(U'n'),
                   Input::Char(U's'), Input::Click(8, 10)}) {
    CHECK(d.Key(in).empty());
  }
  CHECK(d.model.screen() == Screen::kExam);
  CHECK(d.model.current() == 0);
  CHECK(Has(d.model.Render(60, 20), "Đã bỏ qua 9 phím:"));
  CHECK(d.view.answers[0].choice.empty());
  CHECK_FALSE(d.view.answers[0].flagged);
  // The review's submit, behind a small window, cannot be confirmed either.
  d.model.Render(80, 24);
  d.Key(Input::Char(U's'));
  d.Key(Input::Char(U's'));
  d.model.Render(79, 24);
  CHECK(d.Key(Input::Char(U'c')).empty());
  // Back to 80×24: keys work again.
  d.model.Render(80, 24);
  auto a = d.Key(Input::Char(U'c'));
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Action::Kind::kSubmit);
}

Result PartResult(std::string outcome, std::optional<bool> part_passed,
                  std::vector<std::string> pending) {
  Result r{"candidate", 25, 30, "8.33", "10", std::nullopt, "{}"};
  r.part = "theory";
  r.part_passed = part_passed;
  r.outcome = std::move(outcome);
  r.pending_parts = std::move(pending);
  if (r.outcome != "pending") {
    r.passed = r.outcome == "passed";
  }
  return r;
}

TEST_CASE("issue 13 item 8: after the theory the result says what is known", "[client]") {
  Driver d;
  d.ToExam();
  d.Key(Input::Char(U's'));
  d.Key(Input::Char(U's'));
  d.Key(Input::Char(U'c'));
  SECTION("the practical is still to be marked: theory score and its pass mark, no ĐẠT") {
    d.view.result = PartResult("pending", true, {"practical"});
    d.Event(EventType::kResult);
    Grid g = d.model.Render(80, 24);
    INFO(g.Text());
    CHECK(Has(g, "Điểm phần lý thuyết: 8,33/10"));
    CHECK(Has(g, "Phần lý thuyết: đạt (đủ điểm yêu cầu của phần này)"));
    CHECK(Has(g, "Phần thực hành chưa chấm; kết quả chung sẽ được trung tâm công bố"));
    CHECK_FALSE(Has(g, "Kết quả: ĐẠT"));
    CHECK_FALSE(Has(g, "8.33"));
  }
  SECTION("the theory below its pass mark") {
    d.view.result = PartResult("failed", false, {});
    d.Event(EventType::kResult);
    Grid g = d.model.Render(80, 24);
    CHECK(Has(g, "Phần lý thuyết: chưa đạt"));
    CHECK(Has(g, "Kết quả: CHƯA ĐẠT"));
  }
  SECTION("every part marked and passed") {
    d.view.result = PartResult("passed", true, {});
    d.Event(EventType::kResult);
    CHECK(Has(d.model.Render(80, 24), "Kết quả: ĐẠT"));
  }
  SECTION("an old server sends only `passed`: this test's pass mark, not the result") {
    d.view.result = Result{"candidate", 25, 30, "8.33", "10", true, "{}"};
    d.Event(EventType::kResult);
    Grid g = d.model.Render(80, 24);
    INFO(g.Text());
    CHECK(Has(g, "Điểm: 8,33/10"));
    CHECK(Has(g, "Bài thi này: đạt (đủ điểm yêu cầu)"));
    CHECK(Has(g, "Kết quả chung do trung tâm công bố."));
    CHECK_FALSE(Has(g, "Kết quả: ĐẠT"));
  }
}

TEST_CASE("issue 13 item 8: English keeps the decimal point", "[client]") {
  Model en(ModelOptions{Lang::kEn, "h:1", "PC"});
  ClientView v = Candidate("graded");
  v.result = PartResult("pending", true, {"practical"});
  en.Sync(v, 0);
  en.OnEvent({EventType::kLoggedIn});
  en.OnEvent({EventType::kResult});
  Grid g = en.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "Score, theory part: 8.33/10"));
  CHECK(Has(g, "The practical part is still to be marked"));
  CHECK_FALSE(Has(g, "PASS\n"));
}

TEST_CASE("issue 13 item 17: a flagged, unsaved question's marks stay in the question pane",
          "[client]") {
  Driver d;
  d.ToExam();
  d.view.connected = false;
  d.Event(EventType::kDisconnected, "dropped", "End of file");
  d.Key(Input::Char(U'f'));
  d.Key(Input::Char(U'a'));
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "? Đã đánh dấu"));
  CHECK(Has(g, "~ chưa lưu (mất kết nối, sẽ tự gửi lại)"));
  CHECK(Has(g, "Danh sách câu hỏi"));
  // The separator column is whole from the heading to the status row.
  for (int r = 3; r <= 21; ++r) {
    CHECK(g.at(r, 80 - 26 - 2).glyph == "│");
  }
}

TEST_CASE("issue 13 item 17: the review list keeps ? and ~ at 80x24", "[client]") {
  Driver d;
  d.ToExam();
  d.Key(Input::Char(U'a'));  // 1: A, still saving
  d.Key(Input::Char(U'n'));
  d.Key(Input::Char(U'f'));  // 2: flagged (and saving the flag)
  d.view.answers[1].pending = false;
  d.Key(Input::Key(K::kEnd));
  d.Key(Input::Char(U'f'));  // 30: flagged, in the last column
  d.view.answers[29].pending = false;
  d.Key(Input::Char(U's'));
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "Câu  1: A             ~"));  // padded to "chưa trả lời"
  CHECK(Has(g, "Câu  2: chưa trả lời ?"));
  CHECK(Has(g, "Câu 30: chưa trả lời ?"));
}

TEST_CASE("issue 13 item 17: a proctor's notice is wrapped, not cut", "[client]") {
  Driver d;
  d.ToExam();
  const std::string notice =
      "Thí sinh phòng P101 chú ý: máy chiếu sẽ tắt lúc 9 giờ 30; ai cần thêm giấy nháp xin giơ "
      "tay, cán bộ coi thi sẽ mang đến tận chỗ ngồi";
  d.Event(EventType::kNotice, "", notice);
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "» Cán bộ coi thi: Thí sinh phòng P101"));
  CHECK(Has(g, "mang đến tận chỗ ngồi"));
  CHECK(Has(g, "Câu 1/30"));
  CHECK(Has(g, "D. Ctrl + N"));
}

TEST_CASE("issue 13 item 17: long names end in …", "[client]") {
  Driver d;
  d.view.info.full_name =
      "Công Tằng Tôn Nữ Thị Phương Thảo Nguyễn Phước Bửu Lộc Hoàng Trọng Nghĩa Quang Minh";
  d.ToExam();
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK_THAT(g.Line(1), Catch::Contains("SBD TS001 · Công Tằng") && Catch::Contains("…") &&
                            Catch::EndsWith("Thời gian còn lại: 29:59"));
  Driver c;
  c.view.info.full_name = d.view.info.full_name;
  c.model.Sync(c.view, c.now);
  c.Type("TS001");
  c.Key(Input::Key(K::kEnter));
  c.Type("X");
  c.Key(Input::Key(K::kEnter));
  c.Event(EventType::kLoggedIn);
  REQUIRE(c.model.screen() == Screen::kConfirm);
  g = c.model.Render(80, 24);
  INFO(g.Text());
  bool cut = false;
  for (int r = 0; r < g.height(); ++r) {
    const std::string line = g.Line(r);
    if (line.find("Họ và tên:") != std::string::npos) {
      cut = line.ends_with("…");
    }
  }
  CHECK(cut);
}

TEST_CASE("issue 13 item 17: the 5-minute warning fires when the clock crosses it, once",
          "[client]") {
  SECTION("resumed with less than 5 minutes left: no warning") {
    Driver r;
    r.view = Candidate("in_progress");
    r.model.Sync(r.view, r.now);
    r.Type("TS001");
    r.Key(Input::Key(K::kEnter));
    r.Type("X");
    r.Key(Input::Key(K::kEnter));
    r.Event(EventType::kLoggedIn);
    AddForm(r.view);
    r.view.remaining = milliseconds(3 * 60'000);
    r.Event(EventType::kForm);
    r.now += 1'000;
    r.view.remaining = milliseconds(3 * 60'000 - 1'000);
    r.model.Sync(r.view, r.now);
    CHECK_FALSE(Has(r.model.Render(80, 24), "Còn 5 phút"));
    // It still says when one minute is left.
    r.view.remaining = milliseconds(60'000);
    r.model.Sync(r.view, r.now);
    CHECK(Has(r.model.Render(80, 24), "Còn 1 phút làm bài."));
  }
  SECTION("crossing 5:00 warns once") {
    Driver d;
    d.ToExam();
    d.view.remaining = milliseconds(5 * 60'000 + 400);
    d.model.Sync(d.view, d.now);
    CHECK_FALSE(Has(d.model.Render(80, 24), "Còn 5 phút"));
    d.view.remaining = milliseconds(4 * 60'000 + 59'600);
    d.model.Sync(d.view, d.now);
    CHECK(Has(d.model.Render(80, 24), "!! Còn 5 phút làm bài."));
    // The server's next figure is a little higher (latency); crossing again says nothing.
    d.now += 20'001;  // the first warning has gone
    d.view.remaining = milliseconds(5 * 60'000 + 100);
    d.model.Sync(d.view, d.now);
    d.view.remaining = milliseconds(4 * 60'000 + 58'000);
    d.model.Sync(d.view, d.now);
    CHECK_FALSE(Has(d.model.Render(80, 24), "Còn 5 phút"));
  }
}

TEST_CASE("issue 13 item 17: a wrong CA or host is a set-up fault, in Vietnamese", "[client]") {
  for (std::string code : {"certificate", "resolve"}) {
    INFO(code);
    Model m(ModelOptions{Lang::kVi, "exam.lan:8443", "PC-07"});
    m.Sync(ClientView{}, 0);
    m.OnEvent({EventType::kDisconnected, code,
               "certificate verify failed (SSL routines) / Host not found (authoritative)"});
    Grid g = m.Render(80, 24);
    INFO(g.Text());
    CHECK(Has(g, "Đây là lỗi cài đặt máy"));
    CHECK(Has(g, "gọi kỹ thuật viên"));
    CHECK(Has(g, code == "certificate" ? "không xác minh được máy chủ thi exam.lan:8443"
                                       : "Không tìm thấy máy chủ thi exam.lan:8443"));
    CHECK_FALSE(Has(g, "Máy sẽ tự thử lại"));
    CHECK_FALSE(Has(g, "certificate verify failed"));
    CHECK_FALSE(Has(g, "SSL"));
    CHECK(m.SetupFaultDetail().find("certificate verify failed") != std::string::npos);
    CHECK(m.OnInput(Input::Char(U'q')).size() == 1);  // the proctor can close it
  }
  Model en(ModelOptions{Lang::kEn, "exam.lan:8443", "PC-07"});
  en.Sync(ClientView{}, 0);
  en.OnEvent({EventType::kDisconnected, "certificate", "certificate verify failed (SSL routines)"});
  Grid g = en.Render(80, 24);
  CHECK(Has(g, "set-up fault"));
  CHECK(Has(g, "Technical detail: certificate verify failed"));
  // A server that is not up yet is not a set-up fault: the client waits calmly.
  Model calm(ModelOptions{Lang::kVi, "exam.lan:8443", "PC-07"});
  calm.Sync(ClientView{}, 0);
  calm.OnEvent({EventType::kDisconnected, "connect", "Connection refused"});
  g = calm.Render(80, 24);
  CHECK(Has(g, "Máy sẽ tự thử lại"));
  CHECK_FALSE(Has(g, "lỗi cài đặt"));
  CHECK(calm.SetupFaultDetail().empty());
}

TEST_CASE("issue 13 item 17: offline, carry on: back, the credited downtime is explained",
          "[client]") {
  Driver d;
  d.ToExam();
  d.view.remaining = milliseconds(20 * 60'000);
  d.model.Sync(d.view, d.now);
  d.view.connected = false;
  d.Event(EventType::kDisconnected, "dropped", "End of file");
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "cứ tiếp tục làm bài"));
  CHECK(Has(g, "Câu 1/30"));
  // The PC counts down while the server is away (a minute and a half).
  d.now += 90'000;
  d.view.remaining = milliseconds(18 * 60'000 + 30'000);
  d.model.Sync(d.view, d.now);
  SECTION("the server was down: its downtime is credited back") {
    d.view.connected = true;
    d.Event(EventType::kConnected);
    d.Event(EventType::kLoggedIn);
    d.view.remaining = milliseconds(19 * 60'000 + 58'000);
    d.Event(EventType::kForm);
    g = d.model.Render(80, 24);
    INFO(g.Text());
    CHECK(Has(g, "Đồng hồ được cộng trả 1 phút 28 giây"));
    CHECK(Has(g, "Thời gian còn lại: 19:58"));
    CHECK_FALSE(Has(g, "cứ tiếp tục làm bài"));
  }
  SECTION("only the network was down: the clock did not move") {
    d.view.connected = true;
    d.Event(EventType::kConnected);
    d.Event(EventType::kForm);
    g = d.model.Render(80, 24);
    CHECK(Has(g, "Đã kết nối lại với máy chủ."));
    CHECK_FALSE(Has(g, "cộng trả"));
  }
}

TEST_CASE("issue 13 item 17: the old PC after a move says the exam moved", "[client]") {
  Driver d;
  d.ToExam();
  d.Event(EventType::kClosed, "taken_over");
  d.view.connected = false;
  d.Event(EventType::kDisconnected, "final", "End of file");
  d.model.Sync(d.view, d.now);
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "Bài thi đã chuyển sang máy khác"));
  CHECK(Has(g, "vừa được mở trên một máy khác"));
  CHECK_FALSE(Has(g, "đang kết nối lại"));
  CHECK_FALSE(Has(g, "MẤT KẾT NỐI"));
}

TEST_CASE("issue 13 item 17: scores use a decimal comma in Vietnamese", "[client]") {
  Driver d;
  d.ToExam();
  d.view.result = Result{"clock", 30, 30, "10.00", "10.00", std::nullopt, "{}"};
  d.Event(EventType::kResult);
  Grid g = d.model.Render(80, 24);
  CHECK(Has(g, "Điểm: 10,00/10,00"));
}

}  // namespace
TEST_CASE("a paused room sends the candidate back to the rules, and a closed session says so",
          "[client]") {
  Driver d;
  d.model.Sync(d.view, d.now);
  d.Event(EventType::kConnected);
  d.Type("ts001");
  d.Key(Input::Key(K::kEnter));
  d.Type("ABCD2345");
  d.Key(Input::Key(K::kEnter));
  d.Event(EventType::kLoggedIn);
  d.Key(Input::Key(K::kEnter));
  REQUIRE(d.model.screen() == Screen::kRules);
  REQUIRE(d.Key(Input::Key(K::kEnter)).size() == 1);
  d.Event(EventType::kError, "room_paused");
  d.model.Sync(d.view, d.now);
  CHECK(d.model.screen() == Screen::kRules);
  Grid g = d.model.Render(80, 24);
  INFO(g.Text());
  CHECK(Has(g, "Phòng thi đang tạm dừng"));
  // After the resume, Enter starts again.
  auto again = d.Key(Input::Key(K::kEnter));
  REQUIRE(again.size() == 1);
  CHECK(again[0].kind == Action::Kind::kStart);

  Driver closed;
  closed.model.Sync(closed.view, closed.now);
  closed.Event(EventType::kConnected);
  closed.Type("ts001");
  closed.Key(Input::Key(K::kEnter));
  closed.Type("ABCD2345");
  closed.Key(Input::Key(K::kEnter));
  closed.Event(EventType::kLoginFailed, "session_closed");
  Grid c = closed.model.Render(80, 24);
  INFO(c.Text());
  CHECK(Has(c, "Ca thi đã đóng"));
}

}  // namespace khaothi::client::ui

namespace khaothi::client::ui {
namespace {

PracticalView TwoTasks() {
  PracticalView p;
  p.state = "in_progress";
  p.ready = true;
  p.tasks = {{.task = "IU03-A",
              .module = "IU03",
              .subpart = "van-ban",
              .title = "Thư mời dự hội nghị khách hàng",
              .minutes = 30,
              .instructions = "# Đề IU03-A\n\nMở tệp thu-moi.docx và định dạng theo mẫu.\n"
                              "1. Tiêu đề cỡ chữ 16, in đậm, căn giữa.\n2. Lưu lại tệp.",
              .folder = "/home/thisinh/bai-thi/IU03-A",
              .files = {"thu-moi.docx"}},
             {.task = "IU04-B",
              .module = "IU04",
              .subpart = "bang-tinh",
              .title = "Bảng điểm học kỳ",
              .minutes = 40,
              .instructions = "# Đề IU04-B\n\nTính điểm trung bình.",
              .folder = "/home/thisinh/bai-thi/IU04-B",
              .files = {"bang-diem.xlsx"}}};
  // 10:32:15 in Vietnam (UTC+7) on 2026-12-07.
  const int64_t saved_ms = 1'796'614'335'000;
  p.files = {{.task = "IU03-A",
              .name = "thu-moi.docx",
              .version = 3,
              .sha256 = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
              .size = 12'345,
              .saved_ms = saved_ms},
             {.task = "IU03-A", .name = "hinh.png", .sending = true},
             {.task = "IU03-A", .name = "phim.mp4", .refused = "bad_file_type"}};
  return p;
}

TEST_CASE("practical: the result offers it, its screen shows tasks, files and refusals",
          "[client]") {
  Driver d;
  d.ToExam();
  Result r;
  r.submitted_by = "candidate";
  r.answered = 30;
  r.total = 30;
  // The theory failed: the practical is still sat (a part passed is kept for a retake).
  r.outcome = "failed";
  r.practical = "created";
  d.view.result = r;
  d.Event(EventType::kResult);
  d.model.Sync(d.view, d.now);
  REQUIRE(d.model.screen() == Screen::kResult);
  CHECK(Has(d.model.Render(100, 30), "Nhấn T để bắt đầu"));

  // T asks the client to start it; the screen follows once the server sent it.
  std::vector<Action> a = d.Type("t");
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Action::Kind::kStartPractical);
  CHECK(d.model.screen() == Screen::kResult);
  d.view.practical = TwoTasks();
  d.view.practical_remaining = milliseconds(69 * 60'000 + 5'000);
  d.Event(EventType::kPractical);
  REQUIRE(d.model.screen() == Screen::kPractical);
  Grid g = d.model.Render(100, 30);
  INFO(g.Text());
  CHECK(Has(g, "PHẦN THI THỰC HÀNH"));
  CHECK(Has(g, "Thời gian còn lại: 1:09:05"));
  CHECK(Has(g, "1. IU03 IU03-A"));
  CHECK(Has(g, "Thư mục bài làm: /home/thisinh/bai-thi/IU03-A"));
  CHECK(Has(g, "1. Tiêu đề cỡ chữ 16, in đậm, căn giữa."));
  CHECK(Has(g, "✓ đã lưu lúc 10:32:15 · mã a1b2c3d4 · lần 3"));
  CHECK(Has(g, "… đang gửi bản vừa lưu"));
  CHECK(Has(g, "✗ không nhận: loại tệp không được phép"));
  khaothi::testing::SaveCapture("practical-screen", g.Text());

  // The second task: its own instructions and folder, and no file saved yet.
  d.Type("2");
  g = d.model.Render(100, 30);
  CHECK(Has(g, "Thư mục bài làm: /home/thisinh/bai-thi/IU04-B"));
  CHECK(Has(g, "Chưa có tệp nào được lưu"));

  // Handing in asks first, and says when a file is still on its way.
  d.Type("n");
  CHECK(Has(d.model.Render(100, 30), "Còn 1 tệp đang gửi"));
  CHECK(d.Type("k").empty());
  d.view.practical->files[1].sending = false;
  d.view.practical->files[1].version = 1;
  d.view.practical->files[1].sha256 = std::string(64, 'b');
  d.model.Sync(d.view, d.now);
  d.Type("n");
  CHECK(Has(d.model.Render(100, 30), "Nộp bài thực hành?"));
  a = d.Type("c");
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Action::Kind::kSubmitPractical);

  // Ended by the clock: what will be marked, then the last screen.
  d.view.practical->state = "submitted";
  d.view.practical->submitted_by = "clock";
  d.Event(EventType::kPractical);
  g = d.model.Render(100, 30);
  CHECK(Has(g, "Hết giờ làm bài thực hành"));
  CHECK(Has(g, "IU03-A/thu-moi.docx"));
  CHECK_FALSE(Has(g, "phim.mp4"));
  d.Key(Input::Key(K::kEnter));
  CHECK(d.model.screen() == Screen::kFinal);
}

TEST_CASE("practical: a station back while it runs goes straight to it", "[client]") {
  Driver d;
  d.ToExam();
  Result r;
  r.outcome = "pending";
  r.practical = "in_progress";
  d.view.result = r;
  std::vector<Action> a = d.Event(EventType::kResult);
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == Action::Kind::kStartPractical);
  d.view.practical = TwoTasks();
  d.Event(EventType::kPractical);
  CHECK(d.model.screen() == Screen::kPractical);
}

TEST_CASE("practical: a session without one on the computer says so and stays on the result",
          "[client]") {
  Driver d;
  d.ToExam();
  Result r;
  r.outcome = "pending";
  r.practical = "created";
  d.view.result = r;
  d.Event(EventType::kResult);
  d.model.Sync(d.view, d.now);
  d.Type("t");
  d.Event(EventType::kPracticalError, "no_practical", "no task drawn");
  CHECK(d.model.screen() == Screen::kResult);
  CHECK(Has(d.model.Render(100, 30), "không có phần thực hành làm trên máy"));
  // A session whose practical is marked on paper (the result names none): T does nothing, and
  // the screen does not offer it.
  d.view.result->practical.clear();
  d.view.result->pending_parts = {"practical"};
  d.model.Sync(d.view, d.now);
  CHECK_FALSE(Has(d.model.Render(100, 30), "Nhấn T"));
  CHECK(d.Type("t").empty());
}

}  // namespace
}  // namespace khaothi::client::ui
