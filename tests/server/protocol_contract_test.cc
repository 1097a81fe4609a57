// Issue 13 item 14: the code says what docs/protocol.md says — raw frames against the real
// server, and the real client library for the proctor's time messages.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/server/exam_service.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;
using client::EventType;

json::object Parse(const std::string& frame) {
  REQUIRE_FALSE(frame.empty());
  return json::parse(frame).as_object();
}

std::string Code(const json::object& o) {
  return o.contains("code") ? std::string(o.at("code").as_string())
                            : std::string(o.at("type").as_string());
}

int64_t Answers(const TestCentre& centre) {
  auto db = store::Database::Open(centre.db_path(), false);
  store::Statement st = db->Prepare("SELECT count(*) FROM answers");
  REQUIRE(*st.Step());
  return st.ColumnInt64(0);
}

TEST_CASE("refusals name the protocol's codes and echo the write's seq", "[server][protocol]") {
  TestCentre centre({.candidates = 1});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  RawClient raw(centre.ca_pem(), (*s)->port());
  raw.Send(R"({"type":"flag","slot":0,"flagged":true,"seq":1})");
  json::object e = Parse(raw.Receive());
  CHECK(Code(e) == "hello_first");
  CHECK(e.at("seq").as_int64() == 1);
  raw.Send(R"({"type":"hello","protocol":1})");
  raw.Receive();
  raw.Send(R"({"type":"answer","slot":0,"choice":[1],"seq":2})");
  e = Parse(raw.Receive());
  CHECK(Code(e) == "not_logged_in");
  CHECK(e.at("seq").as_int64() == 2);
  raw.Send(R"({"type":"login","sbd":")" + sbd + R"(","password":")" + password +
           R"(","machine":"PC-01"})");
  REQUIRE(Code(Parse(raw.Receive())) == "login_ok");

  // Before the start an answer is refused because the exam is not running, not as too late.
  raw.Send(R"({"type":"answer","slot":0,"choice":[1],"seq":3})");
  e = Parse(raw.Receive());
  CHECK(Code(e) == "not_in_progress");
  CHECK(e.at("seq").as_int64() == 3);
  raw.Send(R"({"type":"flag","slot":0,"flagged":true,"seq":4})");
  e = Parse(raw.Receive());
  CHECK(Code(e) == "not_in_progress");
  CHECK(e.at("seq").as_int64() == 4);

  raw.Send(R"({"type":"start"})");
  REQUIRE(Code(Parse(raw.Receive())) == "form");
  struct Case {
    std::string frame;
    std::string code;
    int64_t seq;  // 0: the reply carries none
  };
  const std::vector<Case> cases = {
      {R"({"type":"answer","slot":-1,"choice":[1],"seq":11})", "bad_slot", 11},
      {R"({"type":"flag","slot":-1,"flagged":true,"seq":12})", "bad_slot", 12},
      {R"({"type":"answer","slot":5000,"choice":[1],"seq":13})", "bad_slot", 13},
      {R"({"type":"answer","slot":30,"choice":[1],"seq":14})", "bad_slot", 14},
      {R"({"type":"answer","slot":0,"choice":[7],"seq":15})", "bad_choice", 15},
      {R"({"type":"answer","slot":0,"choice":[0,1],"seq":16})", "bad_choice", 16},
      {R"({"type":"answer","slot":0,"choice":[40],"seq":17})", "bad_choice", 17},
      {R"({"type":"answer","slot":0,"choice":"A","seq":18})", "bad_message", 18},
      {R"({"type":"flag","slot":0,"seq":19})", "bad_message", 19},
      {R"({"type":"answer","slot":"zero","choice":[1],"seq":20})", "bad_message", 20},
      {R"({"type":"answer","slot":0,"choice":[1],"seq":0})", "bad_message", 0},
      {R"({"type":"answer","slot":0,"choice":[1]})", "bad_message", 0},
  };
  for (const Case& c : cases) {
    INFO(c.frame);
    raw.Send(c.frame);
    e = Parse(raw.Receive());
    CHECK(Code(e) == c.code);
    if (c.seq != 0) {
      REQUIRE(e.contains("seq"));
      CHECK(e.at("seq").as_int64() == c.seq);
    } else {
      CHECK_FALSE(e.contains("seq"));
    }
  }
  CHECK(Answers(centre) == 0);

  // A second submit gets not_in_progress, not the result again.
  raw.Send(R"({"type":"submit"})");
  CHECK(Code(Parse(raw.Receive())) == "result");
  raw.Send(R"({"type":"submit"})");
  CHECK(Code(Parse(raw.Receive())) == "not_in_progress");
  // A reconnecting client still gets its result the documented way: start after login.
  RawClient again(centre.ca_pem(), (*s)->port());
  again.Send(R"({"type":"hello","protocol":1})");
  again.Receive();
  again.Send(R"({"type":"login","sbd":")" + sbd + R"(","password":")" + password +
             R"(","machine":"PC-01"})");
  CHECK(Parse(again.Receive()).at("state").as_string() == "graded");
  again.Send(R"({"type":"start"})");
  const json::object result = Parse(again.Receive());
  CHECK(Code(result) == "result");
  CHECK(result.contains("receipt"));
}

TEST_CASE("pause and resume messages carry their reason", "[server][protocol]") {
  TestCentre centre({.candidates = 1});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  IoThreads io;
  const auto& [sbd, password] = *centre.passwords().begin();
  Candidate c(io.executor(), centre.ca_pem(), (*s)->port(), sbd, password);
  c.Begin();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kLoggedIn); }));
  c.client().Start();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kForm); }));
  REQUIRE((*s)->service().Suspend("S1", sbd, "Máy PC-01 treo", "proctor:lan").ok());
  REQUIRE(c.WaitUntil([&] { return c.Count(EventType::kTime) == 1; }));
  REQUIRE((*s)->service().Resume("S1", sbd, "proctor:lan").ok());
  REQUIRE(c.WaitUntil([&] { return c.Count(EventType::kTime) == 2; }));
  std::vector<client::Event> times;
  for (const auto& e : c.events()) {
    if (e.type == EventType::kTime) {
      times.push_back(e);
    }
  }
  REQUIRE(times.size() == 2);
  CHECK(times[0].code == "pause");
  CHECK(times[0].text == "Máy PC-01 treo");
  CHECK(times[1].code == "resume");
  // Without a reason of its own, the resume names the pause it ends.
  CHECK(times[1].text == "Máy PC-01 treo");
  REQUIRE((*s)->service().Suspend("S1", sbd, "Kiểm tra", "proctor:lan").ok());
  REQUIRE((*s)->service().Resume("S1", sbd, "proctor:lan", "Giấy tờ hợp lệ").ok());
  REQUIRE(c.WaitUntil([&] { return c.Count(EventType::kTime) == 4; }));
  CHECK(c.events().back().text == "Giấy tờ hợp lệ");
}

}  // namespace
}  // namespace khaothi::testing
