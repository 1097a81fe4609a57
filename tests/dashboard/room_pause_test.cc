// Issue 13 item 15: pausing a room from the dashboard holds back everyone in it — those who have
// not started cannot start (`room_paused`) or answer, those answering are suspended — until the
// room resumes. The real server in-process, the real dashboard over HTTPS, raw candidate frames.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "dashboard_driver.h"
#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;

std::string Code(const std::string& frame) {
  REQUIRE_FALSE(frame.empty());
  const json::object o = json::parse(frame).as_object();
  return o.contains("code") ? std::string(o.at("code").as_string())
                            : std::string(o.at("type").as_string());
}

std::unique_ptr<RawClient> CandidateLogIn(const TestCentre& centre, uint16_t port,
                                          const std::string& sbd) {
  auto raw = std::make_unique<RawClient>(centre.ca_pem(), port);
  raw->Send(R"({"type":"hello","protocol":1})");
  raw->Receive();
  raw->Send(R"({"type":"login","sbd":")" + sbd + R"(","password":")" + centre.passwords().at(sbd) +
            R"(","machine":"PC-)" + sbd + R"("})");
  REQUIRE(Code(raw->Receive()) == "login_ok");
  return raw;
}

TEST_CASE("a paused room holds back the candidates who have not started", "[dashboard]") {
  TestCentre centre({.candidates = 2});
  AddStaff(centre.db_path(), "lan", "proctor", "coi-thi-P101", {"S1/P101"});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const uint16_t port = (*s)->port();
  StaffSession lan = LogIn(port, centre.ca_pem(), "lan", "coi-thi-P101");
  REQUIRE(!lan.cookie.empty());
  auto post = [&](const std::string& action, const std::string& body) {
    HttpReply r = PostAction(port, centre.ca_pem(), lan, "P101", action, body);
    INFO(action << " " << r.body);
    return r.status;
  };

  auto answering = CandidateLogIn(centre, port, "TS001");
  answering->Send(R"({"type":"start"})");
  REQUIRE(Code(answering->Receive()) == "form");
  auto waiting = CandidateLogIn(centre, port, "TS002");

  REQUIRE(post("pause_room", R"({"reason":"Mất điện"})") == 200);
  // The one answering is suspended and told why.
  const json::object paused = json::parse(answering->Receive()).as_object();
  CHECK(paused.at("event").as_string() == "pause");
  CHECK(paused.at("reason").as_string() == "Mất điện");
  answering->Send(R"({"type":"answer","slot":0,"choice":[1],"seq":1})");
  CHECK(Code(answering->Receive()) == "not_in_progress");
  // The one who has not started may neither start nor answer.
  waiting->Send(R"({"type":"start"})");
  CHECK(Code(waiting->Receive()) == "room_paused");
  waiting->Send(R"({"type":"answer","slot":0,"choice":[1],"seq":1})");
  CHECK(Code(waiting->Receive()) == "not_in_progress");
  {
    auto db = store::Database::Open(centre.db_path(), false);
    store::Statement st = db->Prepare("SELECT state FROM attempts WHERE sbd = 'TS002'");
    REQUIRE(*st.Step());
    CHECK(st.ColumnText(0) == "created");
    store::Statement answers = db->Prepare("SELECT count(*) FROM answers");
    REQUIRE(*answers.Step());
    CHECK(answers.ColumnInt(0) == 0);
  }

  REQUIRE(post("resume_room", R"({"reason":"Có điện lại"})") == 200);
  const json::object resumed = json::parse(answering->Receive()).as_object();
  CHECK(resumed.at("event").as_string() == "resume");
  CHECK(resumed.at("reason").as_string() == "Có điện lại");
  waiting->Send(R"({"type":"start"})");
  CHECK(Code(waiting->Receive()) == "form");
  waiting->Send(R"({"type":"answer","slot":0,"choice":[1],"seq":1})");
  CHECK(Code(waiting->Receive()) == "ack");
}

}  // namespace
}  // namespace khaothi::testing
