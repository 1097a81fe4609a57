// Hostile and broken clients: each gets its documented error or a closed connection, and nothing
// else changes.
#include <thread>

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/server/exam_service.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

std::string Code(const std::string& frame) {
  if (frame.empty()) {
    return "";
  }
  auto v = boost::json::parse(frame).as_object();
  if (v.at("type").as_string() == "closed") {
    return "closed:" + std::string(v.at("reason").as_string());
  }
  return v.contains("code") ? std::string(v.at("code").as_string())
                            : std::string(v.at("type").as_string());
}

int64_t Changes(const TestCentre& centre) {
  auto db = store::Database::Open(centre.db_path(), false);
  store::Statement st = db->Prepare(
      "SELECT (SELECT count(*) FROM answers) * 1000000 + "
      "(SELECT count(*) FROM attempts WHERE state != 'created') * 1000 + "
      "(SELECT count(*) FROM audit WHERE action NOT IN ('login_failed'))");
  REQUIRE(st.Step().ok());
  return st.ColumnInt64(0);
}

TEST_CASE("bad frames get their documented errors and change nothing", "[server]") {
  TestCentre centre({.candidates = 2});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  auto& server = *s;
  server->Start();
  const int64_t before = Changes(centre);
  const auto& [sbd, password] = *centre.passwords().begin();

  RawClient raw(centre.ca_pem(), server->port());
  raw.Send(R"({"type":"login","sbd":"x","password":"y"})");
  CHECK(Code(raw.Receive()) == "hello_first");
  raw.Send(R"({"type":"hello","protocol":2})");
  CHECK(Code(raw.Receive()) == "unsupported_version");
  raw.Send(R"({"type":"hello","protocol":1})");
  CHECK(Code(raw.Receive()) == "hello");
  raw.Send("{not json");
  CHECK(Code(raw.Receive()) == "bad_json");
  raw.Send("[1,2,3]");
  CHECK(Code(raw.Receive()) == "bad_json");
  raw.Send(R"({"type":"teleport"})");
  CHECK(Code(raw.Receive()) == "unknown_type");
  raw.Send(R"({"type":"answer","slot":0,"choice":[1],"seq":1})");
  CHECK(Code(raw.Receive()) == "not_logged_in");
  raw.Send(R"({"type":"answer","slot":"zero","choice":[1],"seq":1})");
  CHECK(Code(raw.Receive()) == "bad_message");
  raw.Send(R"({"type":"login","sbd":")" + sbd + R"(","password":"wrong","machine":"PC-01"})");
  CHECK(Code(raw.Receive()) == "bad_credentials");
  raw.Send(R"({"type":"login","sbd":"NOBODY","password":"x","machine":"PC-01"})");
  CHECK(Code(raw.Receive()) == "bad_credentials");

  // Logged in: writes outside the form are refused; the server stays the only clock.
  raw.Send(R"({"type":"login","sbd":")" + sbd + R"(","password":")" + password +
           R"(","machine":"PC-01"})");
  CHECK(Code(raw.Receive()) == "login_ok");
  raw.Send(R"({"type":"start"})");
  CHECK(Code(raw.Receive()) == "form");
  const int64_t started = Changes(centre);
  raw.Send(R"({"type":"answer","slot":5000,"choice":[1],"seq":1})");
  CHECK(Code(raw.Receive()) == "bad_slot");
  raw.Send(R"({"type":"answer","slot":30,"choice":[1],"seq":1})");
  CHECK(Code(raw.Receive()) == "bad_slot");
  raw.Send(R"({"type":"answer","slot":0,"choice":[7],"seq":1})");
  CHECK(Code(raw.Receive()) == "bad_choice");
  raw.Send(R"({"type":"answer","slot":0,"choice":[0,1],"seq":1})");
  CHECK(Code(raw.Receive()) == "bad_choice");
  raw.Send(R"({"type":"answer","slot":0,"choice":[1],"seq":0})");
  CHECK(Code(raw.Receive()) == "bad_message");
  CHECK(Changes(centre) == started);

  SECTION("a frame over the limit closes that connection only") {
    raw.Send(R"({"type":"ping","pad":")" + std::string(16 * 1024, 'x') + R"("})");
    CHECK(Code(raw.Receive()) == "too_large");
    CHECK(Code(raw.Receive()) == "closed:too_large");
    RawClient other(centre.ca_pem(), server->port());
    other.Send(R"({"type":"hello","protocol":1})");
    CHECK(Code(other.Receive()) == "hello");
  }
  SECTION("the largest frame allowed is accepted") {
    const std::string head = R"({"type":"ping","pad":")";
    const std::string tail = R"("})";
    raw.Send(head + std::string(16 * 1024 - head.size() - tail.size(), 'x') + tail);
    CHECK(Code(raw.Receive()) == "pong");
  }
  SECTION("a stale write never overwrites a newer answer") {
    raw.Send(R"({"type":"answer","slot":0,"choice":[2],"seq":10})");
    CHECK(Code(raw.Receive()) == "ack");
    raw.Send(R"({"type":"answer","slot":0,"choice":[3],"seq":9})");
    const std::string stale = raw.Receive();
    CHECK(boost::json::parse(stale).at("outcome").as_string() == "stale");
    auto db = store::Database::Open(centre.db_path(), false);
    store::Statement st = db->Prepare("SELECT answer_seq FROM answers WHERE slot = 0");
    REQUIRE(*st.Step());
    CHECK(st.ColumnInt(0) == 10);
  }
  static_cast<void>(before);
}

TEST_CASE("five wrong passwords lock the candidate", "[server]") {
  TestCentre centre({.candidates = 1});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  RawClient raw(centre.ca_pem(), (*s)->port());
  raw.Send(R"({"type":"hello","protocol":1})");
  raw.Receive();
  for (int i = 0; i < 4; ++i) {
    raw.Send(R"({"type":"login","sbd":")" + sbd + R"(","password":"wrong","machine":"PC-01"})");
    CHECK(Code(raw.Receive()) == "bad_credentials");
  }
  raw.Send(R"({"type":"login","sbd":")" + sbd + R"(","password":"wrong","machine":"PC-01"})");
  const std::string first_lock = raw.Receive();
  CHECK(Code(first_lock) == "locked");
  // The reply that locks says for how long, like every later one (docs/protocol.md).
  const auto lock_reply = boost::json::parse(first_lock).as_object();
  REQUIRE(lock_reply.contains("retry_after_ms"));
  CHECK(lock_reply.at("retry_after_ms").as_int64() > 4 * 60 * 1000);
  CHECK(lock_reply.at("retry_after_ms").as_int64() <= 5 * 60 * 1000);
  // Even the right password is refused while locked, and the proctor can see it.
  raw.Send(R"({"type":"login","sbd":")" + sbd + R"(","password":")" + password +
           R"(","machine":"PC-01"})");
  CHECK(Code(raw.Receive()) == "locked");
  auto seats = (*s)->service().Seats("S1");
  REQUIRE(seats.size() == 1);
  CHECK(seats[0].locked);
}

TEST_CASE("a plaintext connection gets no service", "[server]") {
  TestCentre centre({.candidates = 1});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket sock(ioc);
  sock.connect({boost::asio::ip::make_address("127.0.0.1"), (*s)->port()});
  const std::string req =
      "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  boost::asio::write(sock, boost::asio::buffer(req));
  char buf[512];
  boost::system::error_code ec;
  const size_t n = sock.read_some(boost::asio::buffer(buf), ec);
  // The server speaks TLS only: whatever comes back is not an HTTP upgrade, and it hangs up.
  CHECK(std::string(buf, n).find("101") == std::string::npos);
  CHECK(std::string(buf, n).find("HTTP") == std::string::npos);
}

}  // namespace
}  // namespace khaothi::testing

namespace khaothi::testing {
namespace {

TEST_CASE("a candidate's writes reach only their own attempt", "[server]") {
  TestCentre centre({.candidates = 2});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  auto it = centre.passwords().begin();
  const auto [sbd_a, pw_a] = *it++;
  const auto [sbd_b, pw_b] = *it;
  auto login = [&](RawClient& c, const std::string& sbd, const std::string& pw) {
    c.Send(R"({"type":"hello","protocol":1})");
    c.Receive();
    c.Send(R"({"type":"login","sbd":")" + sbd + R"(","password":")" + pw +
           R"(","machine":"PC-01"})");
    CHECK(Code(c.Receive()) == "login_ok");
    c.Send(R"({"type":"start"})");
    CHECK(Code(c.Receive()) == "form");
  };
  RawClient a(centre.ca_pem(), (*s)->port());
  login(a, sbd_a, pw_a);
  RawClient b(centre.ca_pem(), (*s)->port());
  login(b, sbd_b, pw_b);
  // B's write is B's: the protocol has no way to name another attempt.
  b.Send(R"({"type":"answer","slot":0,"choice":[2],"seq":1})");
  CHECK(Code(b.Receive()) == "ack");
  // A second connection of A takes over; the first is told and can no longer write.
  RawClient a2(centre.ca_pem(), (*s)->port());
  login(a2, sbd_a, pw_a);
  CHECK(Code(a.Receive()) == "closed:taken_over");
  a.Send(R"({"type":"answer","slot":0,"choice":[1],"seq":1})");
  const std::string reply = a.Receive(std::chrono::milliseconds(2000));
  CHECK((reply.empty() || Code(reply) == "not_logged_in"));
  auto db = store::Database::Open(centre.db_path(), false);
  store::Statement st = db->Prepare("SELECT sbd FROM answers");
  std::vector<std::string> owners;
  while (*st.Step()) {
    owners.push_back(st.ColumnText(0));
  }
  CHECK(owners == std::vector<std::string>{sbd_b});
}

// Polls center.db until `sql` (a count) is positive: the audit and incident rows are written by
// the writer after the reply.
bool EventuallyCounted(const TestCentre& centre, const std::string& sql) {
  for (int i = 0; i < 100; ++i) {
    auto db = store::Database::Open(centre.db_path(), false);
    store::Statement st = db->Prepare(sql);
    if (st.Step().ok() && st.ColumnInt64(0) > 0) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST_CASE("a login without a PC name is refused and never takes over a running exam", "[server]") {
  TestCentre centre({.candidates = 1});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  auto login = [&](const std::string& machine_field) {
    return R"({"type":"login","sbd":")" + sbd + R"(","password":")" + password + "\"" +
           machine_field + "}";
  };
  RawClient a(centre.ca_pem(), (*s)->port());
  a.Send(R"({"type":"hello","protocol":1})");
  a.Receive();
  a.Send(login(R"(,"machine":"PC-01")"));
  REQUIRE(Code(a.Receive()) == "login_ok");
  a.Send(R"({"type":"start"})");
  REQUIRE(Code(a.Receive()) == "form");

  RawClient b(centre.ca_pem(), (*s)->port());
  b.Send(R"({"type":"hello","protocol":1})");
  b.Receive();
  for (const std::string& machine :
       {std::string(), std::string(R"(,"machine":"")"), std::string(R"(,"machine":"   ")")}) {
    INFO("machine field: " << machine);
    b.Send(login(machine));
    CHECK(Code(b.Receive()) == "bad_message");
  }
  // The exam goes on on PC-01, untouched.
  a.Send(R"({"type":"answer","slot":0,"choice":[1],"seq":1})");
  CHECK(Code(a.Receive()) == "ack");
  auto seats = (*s)->service().Seats("S1");
  REQUIRE(seats.size() == 1);
  CHECK(seats[0].machine == "PC-01");
  CHECK(seats[0].connected);

  // Another PC with the right password is refused, and the proctor gets to know it.
  b.Send(login(R"(,"machine":"PC-02")"));
  CHECK(Code(b.Receive()) == "move_not_allowed");
  CHECK(EventuallyCounted(centre,
                          "SELECT count(*) FROM incidents WHERE kind = 'login_refused' AND "
                          "reason = 'PC-02' AND sbd = '" +
                              sbd + "' AND room = 'P101'"));
  CHECK(EventuallyCounted(centre,
                          "SELECT count(*) FROM audit WHERE action = 'login_refused_move' AND "
                          "subject = 'S1/" +
                              sbd + "' AND detail LIKE '%PC-02%'"));
  a.Send(R"({"type":"ping"})");
  CHECK(Code(a.Receive()) == "pong");

  // With the proctor's permission the move goes through, and PC-01 is told.
  REQUIRE((*s)->service().AllowMove("S1", sbd, "PC-01 hỏng", "proctor:test").ok());
  b.Send(login(R"(,"machine":"PC-02")"));
  CHECK(Code(b.Receive()) == "login_ok");
  CHECK(Code(a.Receive()) == "closed:taken_over");
}

TEST_CASE("số báo danh ignores case and spaces and an unknown one is audited", "[server]") {
  TestCentre centre({.candidates = 2});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  REQUIRE(sbd == "TS001");
  RawClient raw(centre.ca_pem(), (*s)->port());
  raw.Send(R"({"type":"hello","protocol":1})");
  raw.Receive();
  raw.Send(R"({"type":"login","sbd":"ZZ999","password":"x","machine":"PC-01"})");
  CHECK(Code(raw.Receive()) == "bad_credentials");
  CHECK(EventuallyCounted(centre,
                          "SELECT count(*) FROM audit WHERE action = 'login_failed' AND "
                          "subject = 'sbd:ZZ999' AND detail LIKE '%unknown_sbd%'"));
  raw.Send(R"({"type":"login","sbd":" ts 001 ","password":")" + password +
           R"(","machine":"PC-01"})");
  const std::string ok = raw.Receive();
  REQUIRE(Code(ok) == "login_ok");
  CHECK(boost::json::parse(ok).at("candidate").at("sbd").as_string() == "TS001");
}

}  // namespace
}  // namespace khaothi::testing
