// Cheap reconnects (protocol 1.2, docs/protocol.md "Resume tokens and TLS resumption"), over
// real TLS against the real server: a reconnect logs in with the resume token and resumes its
// TLS session, and gets the same attempt back; a token that is used, another PC's, forged,
// expired, or revoked by a takeover, the submission or the proctor is refused, and every refusal
// counts towards the lock like a wrong password.
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/protocol/client_messages.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;
using client::EventType;

// The next frame as a JSON object; an empty object when the connection closed.
json::object Next(RawClient& c) {
  const std::string frame = c.Receive();
  return frame.empty() ? json::object{} : json::parse(frame).as_object();
}

std::string What(const json::object& m) {
  if (m.empty()) {
    return "";
  }
  if (m.at("type").as_string() == "error") {
    return std::string(m.at("code").as_string());
  }
  if (m.at("type").as_string() == "closed") {
    return "closed:" + std::string(m.at("reason").as_string());
  }
  return std::string(m.at("type").as_string());
}

// hello with `minor` (0: a 1.0 hello), then a login with the password.
json::object PasswordLogin(RawClient& c, const std::string& sbd, const std::string& password,
                           int minor = 2, const std::string& machine = "PC-01") {
  c.Send(protocol::EncodeHello("test", minor));
  REQUIRE(What(Next(c)) == "hello");
  c.Send(protocol::EncodeLogin(sbd, password, machine));
  return Next(c);
}

// A 1.2 hello, then a login with `token`.
json::object ResumeLogin(RawClient& c, const std::string& sbd, const std::string& token,
                         const std::string& machine = "PC-01") {
  c.Send(protocol::EncodeHello("test", 2));
  REQUIRE(What(Next(c)) == "hello");
  c.Send(protocol::EncodeResumeLogin(sbd, token, machine));
  return Next(c);
}

std::string Token(const json::object& login_ok) {
  REQUIRE(What(login_ok) == "login_ok");
  REQUIRE(login_ok.contains("resume"));
  return std::string(login_ok.at("resume").as_string());
}

int64_t Count(const TestCentre& centre, const std::string& sql) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare(sql);
  REQUIRE(st.Step().ok());
  return st.ColumnInt64(0);
}

// The audit rows are committed after the reply: wait for them (a bound against hangs).
bool Eventually(const TestCentre& centre, const std::string& sql, int64_t want) {
  return WaitFor([&] { return Count(centre, sql) == want; }, std::chrono::seconds(10));
}

TEST_CASE("a reconnect logs in by its resume token over a resumed TLS session, to its answers",
          "[server][resume]") {
  TestCentre centre({.candidates = 1});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  IoThreads io;
  const auto& [sbd, password] = *centre.passwords().begin();
  Candidate c(io.executor(), centre.ca_pem(), (*s)->port(), sbd, password);
  c.Begin();
  c.client().Start();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kForm); }));
  c.client().Answer(0, {1});
  c.client().Flag(2, true);
  REQUIRE(c.WaitUntil([&] { return c.client().pending_count() == 0; }));

  c.client().Reconnect();
  REQUIRE(c.WaitUntil([&] {
    return c.Count(EventType::kForm) >= 2 && c.client().connection_stats().resume_logins == 1;
  }));
  const client::ConnectionStats stats = c.client().connection_stats();
  CHECK(stats.handshakes == 2);
  CHECK(stats.tls_resumed == 1);  // SSL_session_reused on the second connection
  CHECK(stats.password_logins == 1);
  CHECK(stats.resume_refused == 0);
  // The same attempt, with what was saved before the drop.
  CHECK(c.client().answers()[0].choice == std::vector<int>{1});
  CHECK(c.client().answers()[2].flagged);
  CHECK(c.client().attempt_state() == "in_progress");
  // And it goes on over the resumed connection.
  c.client().Answer(1, {0});
  REQUIRE(c.WaitUntil([&] { return c.client().pending_count() == 0; }));
  CHECK(c.client().answers()[1].choice == std::vector<int>{0});
  // The resumed login is audited as a login, saying how.
  CHECK(Eventually(centre,
                   "SELECT count(*) FROM audit WHERE action = 'login' AND detail LIKE "
                   "'%\"via\":\"resume\"%'",
                   1));

  // Handed in: the token is refused now, and the client logs in with its password by itself.
  c.client().Submit();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kResult); }));
  c.client().Reconnect();
  REQUIRE(c.WaitUntil([&] { return c.client().connection_stats().password_logins == 2; }));
  CHECK(c.client().connection_stats().resume_refused == 1);
  CHECK(c.client().info().state == "graded");
  c.client().Stop();
}

TEST_CASE("a resume token is single-use and bound to its PC, and a forged one counts as a failure",
          "[server][resume]") {
  TestCentre centre({.candidates = 2});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const uint16_t port = (*s)->port();
  auto it = centre.passwords().begin();
  const auto& [sbd, password] = *it++;

  RawClient a(centre.ca_pem(), port);
  const json::object first = PasswordLogin(a, sbd, password);
  const std::string t1 = Token(first);
  CHECK(t1.size() == 51);  // the server process's mark (8) and 256 bits in base64url
  const std::string mark = t1.substr(0, 8);
  CHECK(first.at("resume_ttl_ms").as_int64() == 5 * 60'000);

  // The next connection resumes the TLS session and logs in by the token; the old one is closed.
  RawClient b(centre.ca_pem(), port, a.tls_session());
  CHECK(b.tls_resumed());
  const std::string t2 = Token(ResumeLogin(b, sbd, t1));
  CHECK(t2 != t1);
  CHECK(What(Next(a)) == "closed:taken_over");

  // Used once: refused the second time.
  RawClient c(centre.ca_pem(), port);
  CHECK(What(ResumeLogin(c, sbd, t1)) == "bad_resume");
  // Another PC's login with the current token: refused (the password and the move check decide).
  c.Send(protocol::EncodeResumeLogin(sbd, t2, "PC-09"));
  CHECK(What(Next(c)) == "bad_resume");
  // Refusals did not spend the current token.
  RawClient d(centre.ca_pem(), port);
  const std::string t3 = Token(ResumeLogin(d, sbd, t2));

  // Forged and spent tokens count like wrong passwords: the login above reset the count, and
  // five more lock.
  RawClient e(centre.ca_pem(), port);
  CHECK(What(ResumeLogin(e, sbd, mark + std::string(43, 'A'))) == "bad_resume");
  for (const std::string& bad : {mark + "forged", t1, t2}) {
    e.Send(protocol::EncodeResumeLogin(sbd, bad, "PC-01"));
    CHECK(What(Next(e)) == "bad_resume");
  }
  e.Send(protocol::EncodeResumeLogin(sbd, mark + "x", "PC-01"));
  const json::object locked = Next(e);
  CHECK(What(locked) == "locked");
  CHECK(locked.contains("retry_after_ms"));
  // Locked: even the current token is refused now.
  e.Send(protocol::EncodeResumeLogin(sbd, t3, "PC-01"));
  CHECK(What(Next(e)) == "locked");
  CHECK(Eventually(centre,
                   "SELECT count(*) FROM audit WHERE action = 'login_failed' AND detail LIKE "
                   "'%\"via\":\"resume\"%'",
                   6));
  CHECK(Eventually(centre, "SELECT count(*) FROM audit WHERE action = 'login_locked'", 1));

  // An unknown number: the same refusal, audited as such.
  RawClient f(centre.ca_pem(), port);
  CHECK(What(ResumeLogin(f, "ZZ999", t3)) == "bad_resume");
  CHECK(Eventually(centre,
                   "SELECT count(*) FROM audit WHERE action = 'login_failed' AND subject = "
                   "'sbd:ZZ999' AND detail LIKE '%unknown_sbd%'",
                   1));

  // A token without this server process's mark (one of the process before a restart) is refused
  // without counting: it can never succeed, and a restart must not lock anyone.
  const auto& [sbd2, password2] = *it;
  RawClient r(centre.ca_pem(), port);
  CHECK(What(ResumeLogin(r, sbd2, "12345678" + t1.substr(8))) == "bad_resume");
  for (int i = 0; i < 6; ++i) {
    r.Send(protocol::EncodeResumeLogin(sbd2, "before-restart-" + std::to_string(i), "PC-01"));
    CHECK(What(Next(r)) == "bad_resume");
  }
  r.Send(protocol::EncodeLogin(sbd2, password2, "PC-01"));
  CHECK(What(Next(r)) == "login_ok");

  // Old clients are served as before: no token for 1.1 or 1.0, and a 1.1 login with "resume" is
  // a bad message.
  RawClient g(centre.ca_pem(), port);
  const json::object ok11 = PasswordLogin(g, sbd2, password2, 1);
  CHECK(What(ok11) == "login_ok");
  CHECK_FALSE(ok11.contains("resume"));
  g.Send(protocol::EncodeResumeLogin(sbd2, t3, "PC-01"));
  CHECK(What(Next(g)) == "bad_message");
  RawClient h(centre.ca_pem(), port);
  const json::object ok10 = PasswordLogin(h, sbd2, password2, 0);
  CHECK(What(ok10) == "login_ok");
  CHECK_FALSE(ok10.contains("resume"));
}

TEST_CASE("takeover, submission and the proctor revoke the resume token", "[server][resume]") {
  TestCentre centre({.candidates = 4});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const uint16_t port = (*s)->port();
  auto it = centre.passwords().begin();

  {
    // A login with the password on another connection takes over and replaces the token.
    const auto& [sbd, password] = *it++;
    RawClient a(centre.ca_pem(), port);
    const std::string t = Token(PasswordLogin(a, sbd, password));
    RawClient b(centre.ca_pem(), port);
    Token(PasswordLogin(b, sbd, password));
    CHECK(What(Next(a)) == "closed:taken_over");
    RawClient c(centre.ca_pem(), port);
    CHECK(What(ResumeLogin(c, sbd, t)) == "bad_resume");
  }
  {
    // Handed in: the token no longer opens anything; the password still shows the result.
    const auto& [sbd, password] = *it++;
    RawClient a(centre.ca_pem(), port);
    const std::string t = Token(PasswordLogin(a, sbd, password));
    a.Send(protocol::EncodeStart());
    REQUIRE(What(Next(a)) == "form");
    a.Send(protocol::EncodeSubmit());
    REQUIRE(What(Next(a)) == "result");
    RawClient b(centre.ca_pem(), port);
    CHECK(What(ResumeLogin(b, sbd, t)) == "bad_resume");
    b.Send(protocol::EncodeLogin(sbd, password, "PC-01"));
    const json::object ok = Next(b);
    CHECK(What(ok) == "login_ok");
    CHECK(ok.at("state").as_string() == "graded");
  }
  {
    // Ended by the proctor.
    const auto& [sbd, password] = *it++;
    RawClient a(centre.ca_pem(), port);
    const std::string t = Token(PasswordLogin(a, sbd, password));
    a.Send(protocol::EncodeStart());
    REQUIRE(What(Next(a)) == "form");
    REQUIRE((*s)->service().EndForViolation("S1", sbd, "Biên bản số 1", "proctor:test").ok());
    CHECK(What(Next(a)) == "result");
    CHECK(What(Next(a)) == "closed:ended_by_proctor");
    RawClient b(centre.ca_pem(), port);
    CHECK(What(ResumeLogin(b, sbd, t)) == "bad_resume");
  }
  {
    // Moved by the proctor to another PC: the old PC cannot resume either.
    const auto& [sbd, password] = *it++;
    RawClient a(centre.ca_pem(), port);
    const std::string t = Token(PasswordLogin(a, sbd, password));
    a.Send(protocol::EncodeStart());
    REQUIRE(What(Next(a)) == "form");
    REQUIRE((*s)->service().AllowMove("S1", sbd, "PC-01 hỏng", "proctor:test").ok());
    RawClient b(centre.ca_pem(), port);
    CHECK(What(ResumeLogin(b, sbd, t)) == "bad_resume");
  }
}

TEST_CASE("a resume token expires once its connection has been quiet for its lifetime",
          "[server][resume]") {
  TestCentre centre({.candidates = 1});
  server::ServerConfig config = centre.Config();
  config.limits.resume_token_ttl = std::chrono::milliseconds(300);
  auto s = server::Server::Create(config);
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  std::string t;
  {
    RawClient a(centre.ca_pem(), (*s)->port());
    const json::object ok = PasswordLogin(a, sbd, password);
    t = Token(ok);
    CHECK(ok.at("resume_ttl_ms").as_int64() == 300);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  RawClient b(centre.ca_pem(), (*s)->port());
  CHECK(What(ResumeLogin(b, sbd, t)) == "bad_resume");
  // The password still works, and a fresh token with it.
  b.Send(protocol::EncodeLogin(sbd, password, "PC-01"));
  CHECK_FALSE(Token(Next(b)).empty());
}

TEST_CASE("a TLS session resumes at once and not once its ticket key is gone", "[server][resume]") {
  TestCentre centre({.candidates = 1});
  server::ServerConfig config = centre.Config();
  config.limits.tls_ticket_key_lifetime = std::chrono::milliseconds(1000);
  auto s = server::Server::Create(config);
  REQUIRE(s.ok());
  (*s)->Start();
  const uint16_t port = (*s)->port();
  std::shared_ptr<SSL_SESSION> session;
  {
    RawClient a(centre.ca_pem(), port);
    CHECK_FALSE(a.tls_resumed());
    a.Send(protocol::EncodeHello("test", 2));
    REQUIRE(What(Next(a)) == "hello");
    session = a.tls_session();
  }
  {
    // At once: resumed under the key in use.
    RawClient b(centre.ca_pem(), port, session);
    CHECK(b.tls_resumed());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  {
    // Two lifetimes later the key that made the ticket is forgotten (and the ticket too old):
    // a full handshake, which still works.
    RawClient c(centre.ca_pem(), port, session);
    CHECK_FALSE(c.tls_resumed());
    c.Send(protocol::EncodeHello("test", 2));
    CHECK(What(Next(c)) == "hello");
  }
}

}  // namespace
}  // namespace khaothi::testing
