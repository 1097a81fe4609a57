// The proctor dashboard against the real server in-process (real TLS, real center.db), with
// candidates driven by the real client library.
#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/server/config.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/server/limits.h"
#include "khaothi/server/server.h"
#include "khaothi/server/time_zone.h"
#include "khaothi/store/database.h"

#include "dashboard_driver.h"
#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;
using client::EventType;

constexpr const char* kProctorPassword = "coi-thi-P101";

std::unique_ptr<server::Server> StartServer(const TestCentre& centre) {
  auto s = server::Server::Create(centre.Config());
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  (*s)->Start();
  return std::move(*s);
}

int64_t Count(const TestCentre& centre, const std::string& sql) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare(sql);
  auto row = st.Step();
  REQUIRE(row.ok());
  return st.ColumnInt64(0);
}

void AddRoom(const TestCentre& centre, const std::string& room) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  REQUIRE(db->Exec("INSERT INTO rooms(session_id, name) VALUES ('S1', '" + room + "')").ok());
}

json::object Seats(uint16_t port, const TestCentre& centre, const StaffSession& s,
                   const std::string& room = "P101") {
  HttpReply r = Https(port, centre.ca_pem(), "GET", "/api/room/S1/" + room + "/seats", "",
                      {{"Cookie", s.cookie}});
  REQUIRE(r.status == 200);
  return json::parse(r.body).as_object();
}

json::object SeatOf(const json::object& snap, const std::string& sbd) {
  for (const auto& v : snap.at("seats").as_array()) {
    if (v.as_object().at("sbd").as_string() == sbd) {
      return v.as_object();
    }
  }
  FAIL("no seat " << sbd);
  return {};
}

int64_t CountState(const json::object& snap, const std::string& state) {
  const json::object& c = snap.at("counts").as_object();
  return c.contains(state) ? c.at(state).as_int64() : 0;
}

const server::SeatView* Find(const std::vector<server::SeatView>& seats, const std::string& sbd) {
  for (const auto& v : seats) {
    if (v.sbd == sbd) {
      return &v;
    }
  }
  return nullptr;
}

TEST_CASE("staff log in with a __Host- cookie whose hash alone is stored", "[dashboard]") {
  TestCentre centre({.candidates = 2, .unlock_required = true});
  AddStaff(centre.db_path(), "lan", "proctor", kProctorPassword, {"S1/P101"});
  auto server = StartServer(centre);
  const uint16_t port = server->port();

  HttpReply page = Https(port, centre.ca_pem(), "GET", "/");
  CHECK(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("Đăng nhập"));
  CHECK_THAT(page.headers["content-security-policy"], Catch::Contains("default-src 'self'"));
  CHECK(page.headers["x-frame-options"] == "DENY");
  CHECK(page.headers["x-content-type-options"] == "nosniff");
  CHECK(Https(port, centre.ca_pem(), "GET", "/health").body == "ok\n");

  SECTION("wrong password, unknown user and a candidate's credentials are refused") {
    CHECK(LogIn(port, centre.ca_pem(), "lan", "wrong").cookie.empty());
    CHECK(LogIn(port, centre.ca_pem(), "nobody", kProctorPassword).cookie.empty());
    const auto& [sbd, password] = *centre.passwords().begin();
    CHECK(LogIn(port, centre.ca_pem(), sbd, password).cookie.empty());
    CHECK(Count(centre, "SELECT count(*) FROM web_sessions") == 0);
  }
  SECTION("a good login sets a secure cookie and stores only its SHA-256") {
    HttpReply r = Https(port, centre.ca_pem(), "POST", "/login",
                        std::string("username=lan&password=") + kProctorPassword,
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
    REQUIRE(r.status == 303);
    const std::string cookie = r.headers["set-cookie"];
    CHECK_THAT(cookie, Catch::StartsWith("__Host-khaothi="));
    CHECK_THAT(cookie, Catch::Contains("; Path=/"));
    CHECK_THAT(cookie, Catch::Contains("; Secure"));
    CHECK_THAT(cookie, Catch::Contains("; HttpOnly"));
    CHECK_THAT(cookie, Catch::Contains("; SameSite=Strict"));
    const std::string token = cookie.substr(15, cookie.find(';') - 15);
    CHECK(token.size() == 64);
    auto db = store::Database::Open(centre.db_path(), false);
    store::Statement st = db->Prepare("SELECT token_hash FROM web_sessions");
    REQUIRE(*st.Step());
    CHECK(st.ColumnText(0) == crypto::Sha256Hex(token));
    CHECK(st.ColumnText(0) != token);

    StaffSession s = LogIn(port, centre.ca_pem(), "lan", kProctorPassword);
    REQUIRE(!s.cookie.empty());
    REQUIRE(!s.csrf.empty());
    HttpReply rooms = Https(port, centre.ca_pem(), "GET", "/rooms", "", {{"Cookie", s.cookie}});
    CHECK(rooms.status == 200);
    CHECK_THAT(rooms.body, Catch::Contains("/room/S1/P101"));
    // Logging out needs the CSRF token too; afterwards the cookie is worthless.
    HttpReply bad =
        Https(port, centre.ca_pem(), "POST", "/logout", "",
              {{"Cookie", s.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(bad.status == 403);
    HttpReply out =
        Https(port, centre.ca_pem(), "POST", "/logout", "csrf=" + s.csrf,
              {{"Cookie", s.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(out.status == 303);
    HttpReply after = Https(port, centre.ca_pem(), "GET", "/rooms", "", {{"Cookie", s.cookie}});
    CHECK(after.status == 303);
    CHECK(after.headers["location"] == "/");
  }
  SECTION("repeated failures lock the user name for a while") {
    for (int i = 0; i < 5; ++i) {
      CHECK(LogIn(port, centre.ca_pem(), "lan", "wrong").cookie.empty());
    }
    HttpReply r = Https(port, centre.ca_pem(), "POST", "/login",
                        std::string("username=lan&password=") + kProctorPassword,
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(r.status == 401);
    CHECK_THAT(r.body, Catch::Contains("quá nhiều lần"));
  }
}

TEST_CASE(
    "every action is refused without a login or for another room's proctor or without "
    "the CSRF token and nothing changes",
    "[dashboard]") {
  TestCentre centre({.candidates = 3, .unlock_required = true});
  AddRoom(centre, "P102");
  AddStaff(centre.db_path(), "lan", "proctor", kProctorPassword, {"S1/P101"});
  AddStaff(centre.db_path(), "binh", "proctor", "coi-thi-P102", {"S1/P102"});
  AddStaff(centre.db_path(), "son", "setter", "ra-de-thi-1");
  AddStaff(centre.db_path(), "cham", "marker", "cham-thi-1");
  auto server = StartServer(centre);
  const uint16_t port = server->port();
  const std::string& ca = centre.ca_pem();

  IoThreads io;
  std::vector<std::unique_ptr<Candidate>> candidates;
  for (const auto& [sbd, password] : centre.passwords()) {
    candidates.push_back(
        std::make_unique<Candidate>(io.executor(), ca, port, sbd, password, "PC-" + sbd));
    candidates.back()->Begin();
  }
  for (auto& c : candidates) {
    REQUIRE(c->WaitUntil([&] { return c->Saw(EventType::kLoggedIn); }));
  }
  // TS003 starts (after an unlock through the service) so that pause, suspend and end have
  // something to act on.
  REQUIRE(server->service().Unlock("S1", "TS003", "test").ok());
  candidates[2]->client().Start();
  REQUIRE(candidates[2]->WaitUntil([&] { return candidates[2]->Saw(EventType::kForm); }));

  StaffSession lan = LogIn(port, ca, "lan", kProctorPassword);
  StaffSession binh = LogIn(port, ca, "binh", "coi-thi-P102");
  StaffSession son = LogIn(port, ca, "son", "ra-de-thi-1");
  // A marker (Ban Chấm thi) marks and never proctors.
  StaffSession cham = LogIn(port, ca, "cham", "cham-thi-1");
  REQUIRE(!cham.cookie.empty());
  REQUIRE(!cham.csrf.empty());
  REQUIRE(!lan.cookie.empty());
  REQUIRE(!binh.cookie.empty());
  REQUIRE(!son.cookie.empty());
  const auto& [cand_sbd, cand_password] = *centre.passwords().begin();
  StaffSession candidate = LogIn(port, ca, cand_sbd, cand_password);
  CHECK(candidate.cookie.empty());
  StaffSession nobody;
  StaffSession forged{"__Host-khaothi=" + std::string(64, 'a'), std::string(64, 'a'), "x"};

  const std::vector<std::pair<std::string, std::string>> actions = {
      {"unlock", R"({"sbd":"TS001","reason":"đã kiểm tra CCCD"})"},
      {"unlock", R"({"all":true,"reason":"đã kiểm tra CCCD"})"},
      {"extend", R"({"sbd":"TS003","extra_minutes":10,"reason":"máy hỏng"})"},
      {"suspend", R"({"sbd":"TS003","reason":"kiểm tra"})"},
      {"resume", R"({"sbd":"TS003","reason":"xong"})"},
      {"allow_move", R"({"sbd":"TS003","reason":"đổi máy"})"},
      {"end", R"({"sbd":"TS003","reason":"vi phạm","minutes":"biên bản"})"},
      {"notice", R"({"sbd":"TS003","text":"còn 15 phút"})"},
      {"notice", R"({"all":true,"text":"còn 15 phút"})"},
      {"pause_room", R"({"reason":"mất điện"})"},
      {"resume_room", R"({"reason":"có điện"})"},
      {"close_room", R"({"reason":"hết giờ"})"},
  };
  const auto before = server->service().Seats("S1");
  const int64_t audit_before = Count(centre, "SELECT count(*) FROM audit");

  for (const auto& [action, body] : actions) {
    INFO(action << " " << body);
    CHECK(PostAction(port, ca, nobody, "P101", action, body).status == 401);
    CHECK(PostAction(port, ca, candidate, "P101", action, body).status == 401);
    CHECK(PostAction(port, ca, forged, "P101", action, body).status == 401);
    CHECK(PostAction(port, ca, binh, "P101", action, body).status == 403);
    CHECK(PostAction(port, ca, son, "P101", action, body).status == 403);
    CHECK(PostAction(port, ca, cham, "P101", action, body).status == 403);
    CHECK(PostAction(port, ca, lan, "P101", action, body, /*csrf=*/false).status == 403);
    StaffSession wrong_csrf = lan;
    wrong_csrf.csrf = binh.csrf;
    CHECK(PostAction(port, ca, wrong_csrf, "P101", action, body).status == 403);
    // The right token from another site's page is still refused.
    HttpReply cross = Https(port, ca, "POST", "/api/room/S1/P101/" + action, body,
                            {{"Cookie", lan.cookie},
                             {"X-CSRF-Token", lan.csrf},
                             {"Origin", "https://evil.example"},
                             {"Content-Type", "application/json"}});
    CHECK(cross.status == 403);
  }
  // Reading is refused too.
  CHECK(Https(port, ca, "GET", "/api/room/S1/P101/seats").status == 401);
  CHECK(Https(port, ca, "GET", "/api/room/S1/P101/seats", "", {{"Cookie", binh.cookie}}).status ==
        403);
  CHECK(Https(port, ca, "GET", "/room/S1/P101", "", {{"Cookie", binh.cookie}}).status == 403);
  CHECK(Https(port, ca, "GET", "/room/S1/P101/report", "", {{"Cookie", binh.cookie}}).status ==
        403);
  CHECK(Https(port, ca, "GET", "/room/S1/P101").status == 303);
  CHECK(Https(port, ca, "GET", "/api/room/S1/P101/seats", "", {{"Cookie", cham.cookie}}).status ==
        403);
  CHECK(Https(port, ca, "GET", "/room/S1/P101", "", {{"Cookie", cham.cookie}}).status == 403);
  CHECK(Https(port, ca, "GET", "/room/S1/P101/report", "", {{"Cookie", cham.cookie}}).status ==
        403);
  {
    ProctorSocket socket(port, ca);
    CHECK_FALSE(socket.Open("/ws/proctor?session=S1&room=P101", cham.cookie,
                            "https://127.0.0.1:" + std::to_string(port)));
  }
  // The marker's start page is the marking list, and a proctor has none.
  HttpReply cham_rooms = Https(port, ca, "GET", "/rooms", "", {{"Cookie", cham.cookie}});
  CHECK(cham_rooms.status == 303);
  CHECK(cham_rooms.headers["location"] == "/marking");
  CHECK(Https(port, ca, "GET", "/marking", "", {{"Cookie", lan.cookie}}).status == 403);
  CHECK(Https(port, ca, "GET", "/marking", "", {{"Cookie", son.cookie}}).status == 403);
  CHECK(Https(port, ca, "GET", "/marking", "", {{"Cookie", cham.cookie}}).status == 200);

  // Nothing changed.
  const auto after = server->service().Seats("S1");
  REQUIRE(after.size() == before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    INFO(after[i].sbd);
    CHECK(after[i].state == before[i].state);
    CHECK(after[i].machine == before[i].machine);
  }
  const server::SeatView* ts3 = Find(after, "TS003");
  REQUIRE(ts3 != nullptr);
  CHECK(ts3->state == engine::AttemptState::kInProgress);
  CHECK(ts3->remaining_ms <= Find(before, "TS003")->remaining_ms);
  CHECK(Count(centre, "SELECT count(*) FROM incidents") == 0);
  CHECK(Count(centre, "SELECT count(*) FROM audit") == audit_before);
  CHECK(Count(centre, "SELECT count(*) FROM rooms WHERE state <> 'open'") == 0);
  for (auto& c : candidates) {
    CHECK_FALSE(c->Saw(EventType::kNotice));
    CHECK_FALSE(c->Saw(EventType::kTime));
  }
  CHECK_FALSE(candidates[0]->Saw(EventType::kUnlocked));

  // The same request with the right session and token works: the refusals were authorisation.
  HttpReply ok =
      PostAction(port, ca, lan, "P101", "unlock", R"({"sbd":"TS001","reason":"đã kiểm tra CCCD"})");
  CHECK(ok.status == 200);
  CHECK(candidates[0]->WaitUntil([&] { return candidates[0]->Saw(EventType::kUnlocked); }));
  // The head of centre sees every room.
  AddStaff(centre.db_path(), "hoa", "head", "thu-truong-1");
  StaffSession hoa = LogIn(port, ca, "hoa", "thu-truong-1");
  CHECK(Https(port, ca, "GET", "/api/room/S1/P101/seats", "", {{"Cookie", hoa.cookie}}).status ==
        200);
}

TEST_CASE("a malformed or incomplete action is refused with its reason and changes nothing",
          "[dashboard]") {
  TestCentre centre({.candidates = 2});
  AddStaff(centre.db_path(), "lan", "proctor", kProctorPassword, {"S1/P101"});
  auto server = StartServer(centre);
  const uint16_t port = server->port();
  StaffSession lan = LogIn(port, centre.ca_pem(), "lan", kProctorPassword);
  REQUIRE(!lan.cookie.empty());
  const int64_t audit_before = Count(centre, "SELECT count(*) FROM audit");
  const server::ServerLimits limits;
  const std::string too_long(limits.max_action_reason_bytes + 1, 'x');
  const std::string most = std::to_string(limits.max_extension.count());
  const std::string over = std::to_string(limits.max_extension.count() + 1);
  struct Case {
    std::string action;
    std::string body;
    int status;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"fly", R"({"sbd":"TS001","reason":"x"})", 404, "no_action"},
      {"suspend", "[1,2]", 400, "bad_json"},
      {"suspend", "{", 400, "bad_json"},
      {"suspend", R"({"sbd":1,"reason":"x"})", 400, "bad_json"},
      {"suspend", R"({"sbd":"TS001","reason":["x"]})", 400, "bad_json"},
      {"unlock", R"({"all":"yes","reason":"x"})", 400, "bad_json"},
      {"suspend", R"({"sbd":"TS001"})", 400, "reason_required"},
      {"suspend", R"({"sbd":"TS001","reason":")" + too_long + R"("})", 400, "too_long"},
      {"suspend", R"({"reason":"x"})", 404, "no_candidate"},
      {"suspend", R"({"sbd":"TS999","reason":"x"})", 404, "no_candidate"},
      {"extend", R"({"sbd":"TS001","reason":"x","extra_minutes":)" + over + "}", 400,
       "bad_minutes"},
      {"extend", R"({"sbd":"TS001","reason":"x","extra_minutes":"5"})", 400, "bad_minutes"},
      {"end", R"({"sbd":"TS001","reason":"x"})", 400, "minutes_required"},
      {"notice", R"({"sbd":"TS001","reason":"x"})", 400, "text_required"},
      {"resume_room", R"({"reason":"x"})", 409, "not_paused"},
  };
  for (const Case& c : cases) {
    HttpReply r = PostAction(port, centre.ca_pem(), lan, "P101", c.action, c.body);
    INFO(c.action << " " << c.body.substr(0, 80) << " -> " << r.status << " " << r.body);
    CHECK(r.status == c.status);
    const json::object o = json::parse(r.body).as_object();
    CHECK(o.at("ok") == false);
    CHECK(o.at("error").as_string() == c.error);
    CHECK_FALSE(o.at("message").as_string().empty());
    if (c.error == "bad_minutes") {
      CHECK_THAT(std::string(o.at("message").as_string()), Catch::Contains(" " + most + "."));
    }
  }
  CHECK(Count(centre, "SELECT count(*) FROM incidents") == 0);
  CHECK(Count(centre, "SELECT count(*) FROM audit") == audit_before);
  // The room page bounds its inputs by the same limits.
  HttpReply page =
      Https(port, centre.ca_pem(), "GET", "/room/S1/P101", "", {{"Cookie", lan.cookie}});
  CHECK_THAT(page.body, Catch::Contains("max=\"" + most + "\"") &&
                            Catch::Contains("maxlength=\"" +
                                            std::to_string(limits.max_action_reason_bytes) + "\""));
}

TEST_CASE("the proctor's actions reach the candidates and are recorded with their reasons",
          "[dashboard]") {
  TestCentre centre({.candidates = 4, .unlock_required = true});
  AddStaff(centre.db_path(), "lan", "proctor", kProctorPassword, {"S1/P101"});
  auto server = StartServer(centre);
  const uint16_t port = server->port();
  const std::string& ca = centre.ca_pem();
  StaffSession lan = LogIn(port, ca, "lan", kProctorPassword);
  REQUIRE(!lan.cookie.empty());

  json::object snap = Seats(port, centre, lan);
  CHECK(CountState(snap, "not_logged_in") == 4);

  ProctorSocket socket(port, ca);
  REQUIRE(socket.Open("/ws/proctor?session=S1&room=P101", lan.cookie,
                      "https://127.0.0.1:" + std::to_string(port)));

  IoThreads io;
  std::map<std::string, std::unique_ptr<Candidate>> c;
  for (const auto& [sbd, password] : centre.passwords()) {
    c[sbd] = std::make_unique<Candidate>(io.executor(), ca, port, sbd, password, "PC-" + sbd);
    c[sbd]->Begin();
  }
  // The live view shows them waiting for the unlock.
  bool all_waiting = false;
  for (int i = 0; i < 40 && !all_waiting; ++i) {
    const std::string frame = socket.Receive();
    REQUIRE(!frame.empty());
    json::object o = json::parse(frame).as_object();
    CHECK(o.at("type").as_string() == "room");
    all_waiting = CountState(o, "waiting") == 4;
  }
  CHECK(all_waiting);

  auto post = [&](const std::string& action, const std::string& body) {
    HttpReply r = PostAction(port, ca, lan, "P101", action, body);
    INFO(action << " " << r.body);
    return r;
  };
  CHECK(post("unlock", R"({"sbd":"TS001"})").status == 400);  // no reason
  CHECK(post("unlock", R"({"sbd":"TS001","reason":"Đã đối chiếu CCCD"})").status == 200);
  REQUIRE(c["TS001"]->WaitUntil([&] { return c["TS001"]->Saw(EventType::kUnlocked); }));
  CHECK_FALSE(c["TS002"]->Saw(EventType::kUnlocked));
  CHECK(post("unlock", R"({"all":true,"reason":"Đã đối chiếu CCCD"})").status == 200);
  for (auto& [sbd, cand] : c) {
    REQUIRE(cand->WaitUntil([&] { return cand->Saw(EventType::kUnlocked); }));
    cand->client().Start();
    REQUIRE(cand->WaitUntil([&] { return cand->Saw(EventType::kForm); }));
    cand->client().Answer(0, {1});
  }

  // Extra time for one candidate.
  const int64_t left = SeatOf(Seats(port, centre, lan), "TS002").at("remaining_ms").as_int64();
  CHECK(post("extend", R"({"sbd":"TS002","extra_minutes":0,"reason":"x"})").status == 400);
  CHECK(
      post("extend", R"({"sbd":"TS002","extra_minutes":10,"reason":"Máy treo 10 phút"})").status ==
      200);
  CHECK(c["TS002"]->WaitUntil([&] { return c["TS002"]->Saw(EventType::kTime); }));
  const int64_t now_left = SeatOf(Seats(port, centre, lan), "TS002").at("remaining_ms").as_int64();
  CHECK(now_left > left + 9 * 60'000);

  // One candidate suspended on their own, then the whole room paused and resumed: the room's
  // resume leaves that candidate suspended.
  CHECK(post("suspend", R"({"sbd":"TS004","reason":"Kiểm tra giấy tờ"})").status == 200);
  // A room action names no candidate, even if one is sent along.
  CHECK(post("pause_room", R"({"sbd":"TS001","reason":"Mất điện"})").status == 200);
  snap = Seats(port, centre, lan);
  CHECK(CountState(snap, "suspended") == 4);
  CHECK(snap.at("room_state").as_string() == "paused");
  CHECK(post("pause_room", R"({"reason":"Mất điện"})").status == 409);
  CHECK(post("resume_room", R"({"reason":"Có điện lại"})").status == 200);
  snap = Seats(port, centre, lan);
  CHECK(CountState(snap, "in_progress") == 3);
  CHECK(SeatOf(snap, "TS004").at("state").as_string() == "suspended");
  CHECK(post("resume", R"({"sbd":"TS004","reason":"Giấy tờ hợp lệ"})").status == 200);
  CHECK(post("allow_move", R"({"sbd":"TS001","reason":"Máy PC-TS001 hỏng chuột"})").status == 200);
  CHECK(post("notice", R"({"all":true,"text":"Còn 15 phút"})").status == 200);
  for (auto& [sbd, cand] : c) {
    CHECK(cand->WaitUntil([&] { return cand->Saw(EventType::kNotice); }));
  }

  // Ending for a violation needs the minutes.
  CHECK(post("end", R"({"sbd":"TS003","reason":"Sử dụng tài liệu"})").status == 400);
  CHECK(post("end", R"({"sbd":"TS003","reason":"Sử dụng tài liệu",)"
                    R"("minutes":"Thí sinh dùng điện thoại tra cứu lúc 9:40."})")
            .status == 200);
  CHECK(c["TS003"]->WaitUntil([&] { return c["TS003"]->Saw(EventType::kClosed); }));
  CHECK(SeatOf(Seats(port, centre, lan), "TS003").at("incidents").as_int64() == 1);

  // The room closes only when nobody is sitting.
  HttpReply early = post("close_room", R"({"reason":"Hết giờ"})");
  CHECK(early.status == 409);
  CHECK_THAT(early.body, Catch::Contains("still_sitting"));
  for (const char* sbd : {"TS001", "TS002", "TS004"}) {
    c[sbd]->client().Submit();
    REQUIRE(c[sbd]->WaitUntil([&] { return c[sbd]->Saw(EventType::kResult); }));
  }
  CHECK(post("close_room", R"({"reason":"Hết giờ làm bài"})").status == 200);
  CHECK(post("notice", R"({"sbd":"TS001","text":"x"})").status == 409);

  // The report: who sat, incidents with their reasons and the minutes.
  HttpReply report = Https(port, ca, "GET", "/room/S1/P101/report", "", {{"Cookie", lan.cookie}});
  CHECK(report.status == 200);
  CHECK_THAT(report.body, Catch::Contains("BIÊN BẢN PHÒNG THI"));
  CHECK_THAT(report.body, Catch::Contains(VietnameseName(0)));
  CHECK_THAT(report.body, Catch::Contains("Đình chỉ (vi phạm)"));
  CHECK_THAT(report.body, Catch::Contains("Thí sinh dùng điện thoại tra cứu lúc 9:40."));
  CHECK_THAT(report.body, Catch::Contains("Máy treo 10 phút"));
  CHECK_THAT(report.body, Catch::Contains("đã đóng"));
  HttpReply english = Https(port, ca, "GET", "/room/S1/P101/report", "",
                            {{"Cookie", lan.cookie + "; khaothi-lang=en"}});
  CHECK_THAT(english.body, Catch::Contains("ROOM REPORT"));
  CHECK_THAT(english.body, Catch::Contains("Ended (violation)"));

  // Every action is an incident and an audit entry; the chain verifies.
  CHECK(Count(centre, "SELECT count(*) FROM incidents") == 11);
  CHECK(Count(centre,
              "SELECT count(*) FROM incidents WHERE kind LIKE '%_room' AND sbd IS NOT "
              "NULL") == 0);
  CHECK(Count(centre,
              "SELECT count(*) FROM incidents WHERE kind = 'end' AND minutes LIKE "
              "'Thí sinh dùng điện thoại%'") == 1);
  CHECK(Count(centre,
              "SELECT count(*) FROM audit WHERE action LIKE 'proctor_%' AND actor = "
              "'proctor:lan'") == 11);
  CHECK(Count(centre,
              "SELECT count(*) FROM attempts WHERE sbd = 'TS003' AND submitted_by = "
              "'proctor'") == 1);
  CHECK(Count(centre, "SELECT count(*) FROM rooms WHERE name = 'P101' AND state = 'closed'") == 1);
  server->Shutdown();
  auto db = store::Database::Open(centre.db_path(), false);
  auto check = centre::VerifyAudit(*db);
  INFO(check.status().ToString());
  CHECK(check.ok());
}

TEST_CASE(
    "the live view shows a failed-login lockout at once and sockets need a login and this "
    "origin",
    "[dashboard]") {
  TestCentre centre({.candidates = 2, .unlock_required = true});
  AddRoom(centre, "P102");
  AddStaff(centre.db_path(), "lan", "proctor", kProctorPassword, {"S1/P101"});
  AddStaff(centre.db_path(), "binh", "proctor", "coi-thi-P102", {"S1/P102"});
  auto server = StartServer(centre);
  const uint16_t port = server->port();
  const std::string& ca = centre.ca_pem();
  const std::string origin = "https://127.0.0.1:" + std::to_string(port);
  StaffSession lan = LogIn(port, ca, "lan", kProctorPassword);
  StaffSession binh = LogIn(port, ca, "binh", "coi-thi-P102");
  const std::string target = "/ws/proctor?session=S1&room=P101";

  CHECK_FALSE(ProctorSocket(port, ca).Open(target, "", origin));
  CHECK_FALSE(ProctorSocket(port, ca).Open(target, lan.cookie, ""));
  CHECK_FALSE(ProctorSocket(port, ca).Open(target, lan.cookie, "https://evil.example"));
  CHECK_FALSE(ProctorSocket(port, ca).Open(target, binh.cookie, origin));
  CHECK_FALSE(ProctorSocket(port, ca).Open("/ws/proctor?session=S1&room=NOPE", lan.cookie, origin));

  ProctorSocket socket(port, ca);
  REQUIRE(socket.Open(target, lan.cookie, origin));
  RawClient raw(ca, port);
  raw.Send(R"({"type":"hello","protocol":1})");
  CHECK_THAT(raw.Receive(), Catch::Contains("hello"));
  for (int i = 0; i < 5; ++i) {
    raw.Send(R"({"type":"login","sbd":"TS001","password":"WRONGWRONG","machine":"PC-9"})");
    CHECK_THAT(raw.Receive(), Catch::Contains("error"));
  }
  // The next snapshot or the one after (they come every 500 ms) shows the lock.
  bool locked = false;
  for (int i = 0; i < 3 && !locked; ++i) {
    const std::string frame = socket.Receive();
    REQUIRE(!frame.empty());
    locked = SeatOf(json::parse(frame).as_object(), "TS001").at("locked").as_bool();
  }
  CHECK(locked);

  // Logging out ends the session's sockets.
  HttpReply out =
      Https(port, ca, "POST", "/logout", "csrf=" + lan.csrf,
            {{"Cookie", lan.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
  CHECK(out.status == 303);
  bool closed = false;
  for (int i = 0; i < 6 && !closed; ++i) {
    const std::string frame = socket.Receive();
    closed = frame.empty() || frame.find("\"closed\"") != std::string::npos;
  }
  CHECK(closed);
}

TEST_CASE("khaothi user add and assign make an account that can log in", "[dashboard]") {
  TestCentre centre({.candidates = 1});
  const std::string khaothi = BuiltProgram("tools/khaothi");
  ProcessResult add = RunProcess({khaothi, "--data", centre.dir(), "user", "add", "mai", "--role",
                                  "proctor", "--name", "Phạm Thị Mai"});
  INFO(add.out << add.err);
  REQUIRE(add.exit_code == 0);
  const std::string marker = "Mật khẩu: ";
  const size_t at = add.out.find(marker);
  REQUIRE(at != std::string::npos);
  const std::string password = add.out.substr(at + marker.size(), 12);
  ProcessResult dup = RunProcess(
      {khaothi, "--data", centre.dir(), "user", "add", "mai", "--role", "proctor", "--name", "X"});
  CHECK(dup.exit_code != 0);
  ProcessResult bad_room = RunProcess(
      {khaothi, "--data", centre.dir(), "user", "assign", "mai", "--session", "S1", "--room", "X"});
  CHECK(bad_room.exit_code != 0);
  ProcessResult assign = RunProcess({khaothi, "--data", centre.dir(), "user", "assign", "mai",
                                     "--session", "S1", "--room", "P101"});
  CHECK(assign.exit_code == 0);
  ProcessResult list = RunProcess({khaothi, "--data", centre.dir(), "user", "list"});
  CHECK_THAT(list.out, Catch::Contains("S1/P101"));
  CHECK_THAT(list.out, Catch::Contains("Phạm Thị Mai"));
  CHECK(Count(centre, "SELECT count(*) FROM audit WHERE action IN ('staff_add', 'staff_assign')") ==
        2);
  // Only a proctor is limited to assigned rooms: a room for any other role is refused, and the
  // message says which role can have one.
  for (const char* role : {"setter", "secretary", "head", "marker"}) {
    INFO(role);
    const std::string user = std::string("x-") + role;
    REQUIRE(RunProcess({khaothi, "--data", centre.dir(), "user", "add", user, "--role", role,
                        "--name", "Người thử"})
                .exit_code == 0);
    const int64_t audit = Count(centre, "SELECT count(*) FROM audit");
    ProcessResult refused = RunProcess({khaothi, "--data", centre.dir(), "user", "assign", user,
                                        "--session", "S1", "--room", "P101"});
    CHECK(refused.exit_code != 0);
    CHECK_THAT(refused.err, Catch::Contains("vai trò proctor") && Catch::Contains(role));
    ProcessResult english = RunProcess({khaothi, "--lang", "en", "--data", centre.dir(), "user",
                                        "assign", user, "--session", "S1", "--room", "P101"});
    CHECK_THAT(english.err, Catch::Contains("only an account with the role proctor"));
    CHECK(Count(centre, "SELECT count(*) FROM staff_rooms WHERE username = '" + user + "'") == 0);
    CHECK(Count(centre, "SELECT count(*) FROM audit") == audit);
  }

  auto server = StartServer(centre);
  StaffSession mai = LogIn(server->port(), centre.ca_pem(), "mai", password);
  REQUIRE(!mai.cookie.empty());
  CHECK(Https(server->port(), centre.ca_pem(), "GET", "/room/S1/P101", "", {{"Cookie", mai.cookie}})
            .status == 200);
}

// Median of the times (ms) of `n` calls of `f`.
double MedianMs(int n, const std::function<void()>& f) {
  std::vector<double> times;
  for (int i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

TEST_CASE("an unknown user name takes as long to refuse as a known one's wrong password",
          "[dashboard]") {
  TestCentre centre({.candidates = 1});
  // A real account, made as a centre makes it (with the staff scrypt parameters).
  ProcessResult add = RunProcess({BuiltProgram("tools/khaothi"), "--data", centre.dir(), "user",
                                  "add", "mai", "--role", "proctor", "--name", "Phạm Thị Mai"});
  REQUIRE(add.exit_code == 0);
  auto server = StartServer(centre);
  const uint16_t port = server->port();
  auto login = [&](const std::string& user) {
    HttpReply r = Https(port, centre.ca_pem(), "POST", "/login",
                        "username=" + user + "&password=wrong-password",
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(r.status == 401);
    CHECK_THAT(r.body, Catch::Contains("Sai tên đăng nhập hoặc mật khẩu."));
  };
  // Four tries each stay under both failure locks (5 per user name, 20 per address); every
  // unknown try uses a new name. Medians, so one slow moment of a busy machine does not decide.
  int unknown = 0;
  const double known_ms = MedianMs(4, [&] { login("mai"); });
  const double unknown_ms = MedianMs(4, [&] { login("nobody" + std::to_string(++unknown)); });
  INFO("known user, wrong password: " << known_ms << " ms; unknown user: " << unknown_ms << " ms");
  CHECK(unknown_ms >= 0.5 * known_ms);
}

// Polls the seats API until `pred` holds for the snapshot (at most ~10 s).
json::object SeatsWhen(uint16_t port, const TestCentre& centre, const StaffSession& s,
                       const std::function<bool(const json::object&)>& pred) {
  json::object snap;
  for (int i = 0; i < 100; ++i) {
    snap = Seats(port, centre, s);
    if (pred(snap)) {
      return snap;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return snap;
}

TEST_CASE(
    "the tile shows a data-error report until acknowledged and a refused login from another "
    "PC and counts real incidents apart from routine actions",
    "[dashboard]") {
  TestCentre centre({.candidates = 2, .unlock_required = true});
  AddStaff(centre.db_path(), "lan", "proctor", kProctorPassword, {"S1/P101"});
  auto server = StartServer(centre);
  const uint16_t port = server->port();
  const std::string& ca = centre.ca_pem();
  StaffSession lan = LogIn(port, ca, "lan", kProctorPassword);
  REQUIRE(!lan.cookie.empty());
  auto post = [&](const std::string& action, const std::string& body) {
    HttpReply r = PostAction(port, ca, lan, "P101", action, body);
    INFO(action << " " << body << " -> " << r.status << " " << r.body);
    return r;
  };
  auto message = [](const HttpReply& r) {
    return std::string(json::parse(r.body).at("message").as_string());
  };

  IoThreads io;
  std::map<std::string, std::unique_ptr<Candidate>> c;
  for (const auto& [sbd, password] : centre.passwords()) {
    c[sbd] = std::make_unique<Candidate>(io.executor(), ca, port, sbd, password, "PC-" + sbd);
    c[sbd]->Begin();
    REQUIRE(c[sbd]->WaitUntil([&] { return c[sbd]->Saw(EventType::kLoggedIn); }));
  }

  // The candidate presses R: the proctor sees the report on the tile.
  const std::string text = "Sai ngày sinh: phải là 03/03/2002";
  c["TS001"]->client().ReportDataError(text);
  json::object snap = SeatsWhen(port, centre, lan, [&](const json::object& o) {
    return SeatOf(o, "TS001").at("report").as_string() == text;
  });
  CHECK(SeatOf(snap, "TS001").at("report").as_string() == text);
  CHECK(SeatOf(snap, "TS001").at("incidents").as_int64() == 1);
  CHECK(SeatOf(snap, "TS002").at("report").as_string() == "");
  CHECK(Find(server->service().Seats("S1"), "TS001")->data_error_report == text);
  // It stays there (through reloads) until the proctor acknowledges it, which is audited.
  HttpReply none = post("ack_report", R"({"sbd":"TS002","reason":"Đã kiểm tra"})");
  CHECK(none.status == 409);
  CHECK_THAT(message(none), Catch::Contains("không có báo sai thông tin"));
  CHECK(post("ack_report", R"({"sbd":"TS001"})").status == 400);  // no reason
  CHECK(SeatOf(Seats(port, centre, lan), "TS001").at("report").as_string() == text);
  CHECK(post("ack_report", R"({"sbd":"TS001","reason":"Đã ghi nhận, sửa sau buổi thi"})").status ==
        200);
  snap = Seats(port, centre, lan);
  CHECK(SeatOf(snap, "TS001").at("report").as_string() == "");
  CHECK(SeatOf(snap, "TS001").at("incidents").as_int64() == 1);
  CHECK(Find(server->service().Seats("S1"), "TS001")->data_error_report.empty());
  CHECK(Count(centre, "SELECT count(*) FROM audit WHERE action = 'report_data_error'") == 1);
  CHECK(Count(centre,
              "SELECT count(*) FROM audit WHERE action = 'proctor_ack_report' AND actor = "
              "'proctor:lan'") == 1);

  // TS001 sits; a login with the right password from another PC is refused and shown.
  REQUIRE(server->service().Unlock("S1", "TS001", "test").ok());
  c["TS001"]->client().Start();
  REQUIRE(c["TS001"]->WaitUntil([&] { return c["TS001"]->Saw(EventType::kForm); }));
  RawClient other(ca, port);
  other.Send(R"({"type":"hello","protocol":1})");
  other.Receive();
  other.Send(R"({"type":"login","sbd":"TS001","password":")" + centre.passwords().at("TS001") +
             R"(","machine":"PC-LẠ"})");
  CHECK_THAT(other.Receive(), Catch::Contains("move_not_allowed"));
  snap = SeatsWhen(port, centre, lan, [&](const json::object& o) {
    return SeatOf(o, "TS001").at("refused_login").is_object();
  });
  REQUIRE(SeatOf(snap, "TS001").at("refused_login").is_object());
  CHECK(SeatOf(snap, "TS001").at("refused_login").at("machine").as_string() == "PC-LẠ");
  CHECK(SeatOf(snap, "TS001").at("incidents").as_int64() == 2);
  CHECK(SeatOf(snap, "TS001").at("machine").as_string() == "PC-TS001");

  // Routine actions are recorded but are not incidents.
  CHECK(post("extend", R"({"sbd":"TS001","extra_minutes":5,"reason":"Máy treo"})").status == 200);
  CHECK(post("notice", R"({"sbd":"TS001","text":"Còn 15 phút"})").status == 200);
  CHECK(post("suspend", R"({"sbd":"TS001","reason":"Đi vệ sinh"})").status == 200);
  CHECK(post("resume", R"({"sbd":"TS001","reason":"Đã về chỗ"})").status == 200);
  CHECK(SeatOf(Seats(port, centre, lan), "TS001").at("incidents").as_int64() == 2);

  // Refusals speak the page's language, the engine's reasons included.
  HttpReply bad = post("extend", R"({"sbd":"TS001","extra_minutes":0,"reason":"x"})");
  CHECK(bad.status == 400);
  CHECK(message(bad) == "Số phút cộng thêm phải từ 1 đến 120.");
  HttpReply bad_en = Https(port, ca, "POST", "/api/room/S1/P101/extend",
                           R"({"sbd":"TS001","extra_minutes":0,"reason":"x"})",
                           {{"Cookie", lan.cookie + "; khaothi-lang=en"},
                            {"X-CSRF-Token", lan.csrf},
                            {"Content-Type", "application/json"}});
  CHECK(message(bad_en) == "Extra time is 1 to 120 minutes.");
  HttpReply state = post("resume", R"({"sbd":"TS002","reason":"x"})");
  CHECK(state.status == 409);
  CHECK(message(state) == "Không thể thực hiện \"Cho thi tiếp\" với thí sinh TS002 (chờ mở khóa).");
  CHECK(message(post("resume_room", R"({"reason":"x"})")) == "Phòng thi không tạm dừng.");
  CHECK(message(post("unlock", R"({"reason":"x"})")) == "Hãy chọn một thí sinh.");

  // Ended for a violation is a state of its own, and an incident.
  CHECK(post("end", R"({"sbd":"TS001","reason":"Dùng điện thoại","minutes":"Biên bản số 1"})")
            .status == 200);
  snap = SeatsWhen(port, centre, lan, [&](const json::object& o) {
    return SeatOf(o, "TS001").at("state").as_string() == "ended";
  });
  CHECK(SeatOf(snap, "TS001").at("state").as_string() == "ended");
  CHECK(CountState(snap, "ended") == 1);
  CHECK(CountState(snap, "submitted") == 0);
  CHECK(SeatOf(snap, "TS001").at("incidents").as_int64() == 3);

  // The report: incidents apart from actions, the staff member's name, the candidate as actor,
  // the ended row marked, and the time zone named.
  HttpReply report = Https(port, ca, "GET", "/room/S1/P101/report", "", {{"Cookie", lan.cookie}});
  REQUIRE(report.status == 200);
  const std::string& body = report.body;
  CHECK_THAT(body, !Catch::Contains("proctor:lan"));
  CHECK_THAT(body, Catch::Contains("<td>Cán bộ lan</td>"));
  CHECK_THAT(body, Catch::Contains("<td>Thí sinh TS001</td>"));
  CHECK_THAT(body, Catch::Contains(text));
  CHECK_THAT(body, Catch::Contains("Thí sinh báo sai thông tin cá nhân"));
  CHECK_THAT(body, Catch::Contains("Từ chối đăng nhập từ máy khác"));
  CHECK_THAT(body, Catch::Contains("Đã xử lý báo sai thông tin"));
  CHECK_THAT(body, Catch::Contains("<tr class=\"ended\">"));
  CHECK_THAT(body, Catch::Contains("theo múi giờ Asia/Ho_Chi_Minh (UTC+07:00)"));
  const size_t incidents_at = body.find("id=\"report-incidents\"");
  const size_t actions_at = body.find("id=\"report-actions\"");
  REQUIRE(incidents_at != std::string::npos);
  REQUIRE(actions_at != std::string::npos);
  const std::string incidents = body.substr(incidents_at, actions_at - incidents_at);
  const std::string actions = body.substr(actions_at);
  CHECK_THAT(incidents, Catch::Contains("Đình chỉ thi (vi phạm)") &&
                            Catch::Contains("Từ chối đăng nhập") &&
                            Catch::Contains("báo sai thông tin cá nhân"));
  CHECK_THAT(incidents, !Catch::Contains("Cộng thêm giờ") && !Catch::Contains("Gửi thông báo") &&
                            !Catch::Contains("Tạm dừng thí sinh"));
  CHECK_THAT(actions, Catch::Contains("Cộng thêm giờ") && Catch::Contains("Gửi thông báo") &&
                          Catch::Contains("Tạm dừng thí sinh") &&
                          Catch::Contains("Đã xử lý báo sai thông tin"));
}

TEST_CASE("report times follow the centre's time zone and the report names it", "[dashboard]") {
  Result<server::TimeZone> hcm = server::TimeZone::Load("Asia/Ho_Chi_Minh");
  REQUIRE(hcm.ok());
  // 2026-12-06 05:00:00 UTC is 12:00 in Vietnam.
  const int64_t at = 1'796'533'200'000;
  CHECK(hcm->Format(at, "%H:%M") == "12:00");
  CHECK(hcm->OffsetText(at) == "UTC+07:00");
  Result<server::TimeZone> berlin = server::TimeZone::Load("Europe/Berlin");
  REQUIRE(berlin.ok());
  CHECK(berlin->OffsetText(at) == "UTC+01:00");                       // December
  CHECK(berlin->OffsetText(at - 150LL * 86'400'000) == "UTC+02:00");  // July
  CHECK_FALSE(server::TimeZone::Load("Mars/Olympus").ok());
  CHECK_FALSE(server::TimeZone::Load("../../etc/passwd").ok());
  TestCentre centre({.candidates = 1});
  CHECK_FALSE(server::LoadServerConfig(centre.dir(), {"--time-zone=Mars/Olympus"}).ok());
  auto config = server::LoadServerConfig(centre.dir(), {"--time-zone=UTC"});
  REQUIRE(config.ok());
  CHECK(config->time_zone == "UTC");

  server::ServerConfig c = centre.Config();
  c.time_zone = "America/New_York";
  AddStaff(centre.db_path(), "lan", "proctor", kProctorPassword, {"S1/P101"});
  auto created = server::Server::Create(c);
  REQUIRE(created.ok());
  auto& server = *created;
  server->Start();
  StaffSession lan = LogIn(server->port(), centre.ca_pem(), "lan", kProctorPassword);
  const int64_t before = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  HttpReply r = PostAction(server->port(), centre.ca_pem(), lan, "P101", "notice",
                           R"({"all":true,"text":"Bắt đầu"})");
  REQUIRE(r.status == 200);
  HttpReply report = Https(server->port(), centre.ca_pem(), "GET", "/room/S1/P101/report", "",
                           {{"Cookie", lan.cookie}});
  Result<server::TimeZone> ny = server::TimeZone::Load("America/New_York");
  REQUIRE(ny.ok());
  CHECK_THAT(report.body, Catch::Contains("America/New_York (" + ny->OffsetText(before) + ")"));
  // The notice's time, as New York's clock showed it (the minute, to stay clear of a second
  // boundary).
  CHECK_THAT(report.body, Catch::Contains("<td>" + ny->Format(before, "%H:%M")));
  CHECK(ny->Format(before, "%H:%M") != hcm->Format(before, "%H:%M"));
}

TEST_CASE("khaothi-server's start-up line gives the dashboard's address", "[dashboard]") {
  TestCentre centre({.candidates = 1});
  ChildProcess p({BuiltProgram("server/khaothi-server"), "--data", centre.dir(),
                  "--listen-address=127.0.0.1", "--listen-port=0"});
  const std::string line = p.WaitForLine("dashboard");
  INFO(p.out() << p.err());
  REQUIRE_FALSE(line.empty());
  const std::string prefix = "khaothi-server: proctor dashboard at https://127.0.0.1:";
  REQUIRE(line.starts_with(prefix));
  const auto port = static_cast<uint16_t>(std::stoi(line.substr(prefix.size())));
  CHECK_THAT(line, Catch::Contains("/ (times in Asia/Ho_Chi_Minh)"));
  HttpReply page = Https(port, centre.ca_pem(), "GET", "/");
  CHECK(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("Đăng nhập"));
}

}  // namespace
}  // namespace khaothi::testing
