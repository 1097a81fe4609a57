// Issue 13 item 1: whatever moves an attempt to submitted — the periodic deadline check, or an
// answer, flag, ping or submit that arrives after the deadline before that check, or a restart
// after the server died across the deadline — grades it, signs its receipt and tells the
// connected client (`result`, then `closed {time_up}` and the socket closes), exactly once.
#include <algorithm>
#include <map>
#include <signal.h>
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/results.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;
using client::EventType;

constexpr int64_t kMinute = 60'000;

json::object Parse(const std::string& frame) { return json::parse(frame).as_object(); }

std::string Kind(const json::object& o) {
  const std::string type(o.at("type").as_string());
  if (type == "error") {
    return "error:" + std::string(o.at("code").as_string());
  }
  if (type == "closed") {
    return "closed:" + std::string(o.at("reason").as_string());
  }
  return type;
}

int64_t Scalar(const TestCentre& centre, const std::string& sql) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare(sql);
  REQUIRE(*st.Step());
  return st.ColumnInt64(0);
}

// Every attempt of S1 is graded with a result and a signed receipt, each was graded exactly once
// (one audited submission), and the score sheet lists nobody as absent.
void CheckAllGradedOnce(const TestCentre& centre, int candidates) {
  CHECK(Scalar(centre,
               "SELECT count(*) FROM attempts WHERE state = 'graded' AND result IS NOT NULL "
               "AND receipt IS NOT NULL") == candidates);
  CHECK(Scalar(centre,
               "SELECT count(*) FROM (SELECT subject FROM audit WHERE action IN "
               "('submit', 'submit_graded') GROUP BY subject HAVING count(*) = 1)") == candidates);
  CHECK(Scalar(centre, "SELECT count(*) FROM audit WHERE action IN ('submit', 'submit_graded')") ==
        candidates);
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  auto results = centre::LoadResults(*db, "S1", 1'900'000'000'000);
  REQUIRE(results.ok());
  for (const auto& c : results->candidates) {
    INFO(c.candidate.sbd);
    CHECK(c.attempt_state == "graded");
    CHECK(c.parts.count("theory") == 1);
  }
  REQUIRE(centre::VerifyAudit(*db).ok());
}

struct Sweep {
  std::string kind;   // answer, flag, ping, submit
  int64_t offset_ms;  // when the message arrives, relative to the candidate's deadline
  std::string sbd;
  std::unique_ptr<RawClient> raw;
  int results = 0;
  std::vector<std::string> frames;
};

// Reads frames until the server closes the connection; false when it was still open after 5 s.
bool DrainUntilClosed(Sweep& s) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const std::string f = s.raw->Receive(std::chrono::seconds(5));
    if (f.empty()) {
      // RawClient reports a timeout as closed too; the server closes at once.
      return std::chrono::steady_clock::now() - start < std::chrono::seconds(4);
    }
    s.frames.push_back(f);
    if (Kind(Parse(f)) == "result") {
      ++s.results;
    }
  }
}

TEST_CASE("messages swept across the deadline: every attempt is graded once, with a receipt",
          "[server][time_up]") {
  const std::vector<std::string> kinds = {"answer", "flag", "ping", "submit"};
  const std::vector<int64_t> offsets = {-5, -1, 0, 1, 5, 20, 100, 300};
  const int n = static_cast<int>(kinds.size() * offsets.size());
  TestCentre centre({.candidates = n, .duration_minutes = 1});
  // The server's clock stands still between the test's steps, and the periodic deadline check is
  // kept away (it runs once an hour here): only the message can find the deadline passed.
  const int64_t t0 = 1'800'000'000'000;
  SharedFakeClock clock(t0);
  server::ServerConfig config = centre.Config();
  config.limits.deadline_check_interval = std::chrono::hours(1);
  config.limits.max_logins_per_address = 1000;
  auto created = server::Server::Create(config, &clock);
  REQUIRE(created.ok());
  auto& server = *created;
  server->Start();

  std::vector<Sweep> sweeps;
  auto pw = centre.passwords().begin();
  for (const std::string& kind : kinds) {
    for (int64_t offset : offsets) {
      sweeps.push_back({kind, offset, pw->first, nullptr, 0, {}});
      ++pw;
    }
  }
  // Candidate j starts at X − offset_j − 1 minute, so that at X its deadline is offset_j ago.
  const int64_t x = t0 + 10'000 + kMinute;
  std::sort(sweeps.begin(), sweeps.end(),
            [](const Sweep& a, const Sweep& b) { return a.offset_ms > b.offset_ms; });
  int64_t now = t0;
  for (Sweep& s : sweeps) {
    const int64_t start = x - s.offset_ms - kMinute;
    REQUIRE(start >= now);
    clock.Advance(std::chrono::milliseconds(start - now));
    now = start;
    s.raw = std::make_unique<RawClient>(centre.ca_pem(), server->port());
    s.raw->Send(R"({"type":"hello","protocol":1})");
    REQUIRE(Kind(Parse(s.raw->Receive())) == "hello");
    s.raw->Send(R"({"type":"login","sbd":")" + s.sbd + R"(","password":")" +
                centre.passwords().at(s.sbd) + R"(","machine":"PC-)" + s.sbd + R"("})");
    REQUIRE(Kind(Parse(s.raw->Receive())) == "login_ok");
    s.raw->Send(R"({"type":"start"})");
    REQUIRE(Kind(Parse(s.raw->Receive())) == "form");
  }
  clock.Advance(std::chrono::milliseconds(x - now));

  for (Sweep& s : sweeps) {
    if (s.kind == "answer") {
      s.raw->Send(R"({"type":"answer","slot":3,"choice":[1],"seq":7})");
    } else if (s.kind == "flag") {
      s.raw->Send(R"({"type":"flag","slot":3,"flagged":true,"seq":7})");
    } else if (s.kind == "ping") {
      s.raw->Send(R"({"type":"ping","echo":1})");
    } else {
      s.raw->Send(R"({"type":"submit"})");
    }
  }
  for (Sweep& s : sweeps) {
    INFO(s.kind << " at deadline " << (s.offset_ms >= 0 ? "+" : "") << s.offset_ms << " ms");
    const bool late = s.offset_ms >= 0;  // at the deadline itself it is too late
    const json::object first = Parse(s.raw->Receive());
    s.frames.push_back(json::serialize(first));
    s.results += Kind(first) == "result" ? 1 : 0;
    if (s.kind == "answer" || s.kind == "flag") {
      CHECK(Kind(first) == (late ? "error:too_late" : "ack"));
      CHECK(first.at("seq").as_int64() == 7);
    } else if (s.kind == "ping") {
      CHECK(Kind(first) == "pong");
      if (late) {
        CHECK(first.at("remaining_ms").as_int64() == 0);
      }
    } else {
      CHECK(Kind(first) == (late ? "error:not_in_progress" : "result"));
    }
    if (late) {
      // Graded and told: the result, then closed, and the server closes the socket.
      CHECK(DrainUntilClosed(s));
      CHECK(s.results == 1);
      REQUIRE(s.frames.size() >= 2);
      CHECK(Kind(Parse(s.frames[s.frames.size() - 2])) == "result");
      CHECK(Kind(Parse(s.frames.back())) == "closed:time_up");
    } else if (s.kind == "submit") {
      // A second submit is refused: the result was given once.
      s.raw->Send(R"({"type":"submit"})");
      CHECK(Kind(Parse(s.raw->Receive())) == "error:not_in_progress");
    }
  }
  // Those still answering: a ping after their deadline ends it the same way.
  clock.Advance(std::chrono::seconds(1));
  for (Sweep& s : sweeps) {
    if (s.offset_ms >= 0 || s.kind == "submit") {
      continue;
    }
    INFO(s.kind << " at deadline " << s.offset_ms << " ms, then a ping after it");
    s.raw->Send(R"({"type":"ping"})");
    CHECK(DrainUntilClosed(s));
    CHECK(s.results == 1);
    REQUIRE(!s.frames.empty());
    CHECK(Kind(Parse(s.frames.back())) == "closed:time_up");
  }
  for (Sweep& s : sweeps) {
    INFO(s.kind << " at deadline " << s.offset_ms << " ms");
    for (const std::string& f : s.frames) {
      const json::object o = Parse(f);
      if (Kind(o) != "result") {
        continue;
      }
      // Every result carries the score and the signed receipt.
      CHECK(o.contains("score"));
      REQUIRE(o.contains("receipt"));
      const json::object& record = o.at("receipt").at("record").as_object();
      const bool by_clock = s.offset_ms >= 0 || s.kind != "submit";
      CHECK(o.at("submitted_by").as_string() == (by_clock ? "clock" : "candidate"));
      CHECK(record.at("submitted_by").as_string() == (by_clock ? "clock" : "candidate"));
    }
  }
  // Late writes changed nothing; in-time ones were kept.
  CHECK(Scalar(centre, "SELECT count(*) FROM answers") == 4);
  server->Shutdown();
  CheckAllGradedOnce(centre, n);
}

TEST_CASE("a restart after the deadline passed unsettled grades the attempt", "[server][time_up]") {
  // The server was up past the deadline (its heartbeat says so) but died before the attempt was
  // graded: on restart the clock submits it, and it is graded, not left in progress.
  TestCentre centre({.candidates = 2, .duration_minutes = 1});
  SharedFakeClock clock(1'800'000'000'000);
  server::ServerConfig config = centre.Config();
  config.limits.deadline_check_interval = std::chrono::hours(1);
  config.limits.heartbeat_interval = std::chrono::milliseconds(50);
  {
    auto s = server::Server::Create(config, &clock);
    REQUIRE(s.ok());
    (*s)->Start();
    IoThreads io;
    for (const auto& [sbd, password] : centre.passwords()) {
      Candidate c(io.executor(), centre.ca_pem(), (*s)->port(), sbd, password);
      c.Begin();
      REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kLoggedIn); }));
      c.client().Start();
      REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kForm); }));
      c.client().Answer(0, {2});
      REQUIRE(c.WaitUntil([&] { return c.client().pending_count() == 0; }));
    }
    clock.Advance(std::chrono::minutes(1) + std::chrono::seconds(5));
    const int64_t past = 1'800'000'000'000 + 65'000;
    REQUIRE(WaitFor([&] {
      return Scalar(centre,
                    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
                    "'server_alive_ms'") >= past;
    }));
    (*s)->Shutdown();
  }
  REQUIRE(Scalar(centre, "SELECT count(*) FROM attempts WHERE state = 'in progress'") == 2);
  clock.Advance(std::chrono::seconds(30));
  auto again = server::Server::Create(config, &clock);
  REQUIRE(again.ok());
  (*again)->Start();
  REQUIRE(WaitFor(
      [&] { return Scalar(centre, "SELECT count(*) FROM attempts WHERE state = 'graded'") == 2; },
      std::chrono::seconds(20)));
  // Submitted by the clock at the deadline, and no downtime was credited for time the server
  // was up.
  CHECK(Scalar(centre,
               "SELECT count(*) FROM attempts WHERE submitted_by = 'clock' AND "
               "submitted_ms = started_ms + 60000") == 2);
  CHECK(Scalar(centre, "SELECT count(*) FROM audit WHERE action = 'downtime_credit'") == 0);
  (*again)->Shutdown();
  CheckAllGradedOnce(centre, 2);
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SleepUntilMs(int64_t t) {
  const int64_t d = t - WallMs();
  if (d > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(d));
  }
}

TEST_CASE("SIGKILL across the deadline: every attempt is graded once, with a receipt",
          "[server][time_up][crash]") {
  // The real server binary and the real client library, on the real clock: six candidates start
  // 300 ms apart, each answers once just after its own deadline, and the server is killed in the
  // middle of the six deadlines and restarted two seconds later. Some were graded before the
  // kill, the others resume with the downtime credited or are submitted by the clock on restart;
  // every one ends graded exactly once with a receipt, and each client receives its result.
  constexpr int kCandidates = 6;
  TestCentre centre({.candidates = kCandidates, .duration_minutes = 1});
  uint16_t port = 0;
  auto server = StartServerProcess(centre, 0, port);
  IoThreads io;
  std::vector<std::unique_ptr<Candidate>> cs;
  for (const auto& [sbd, password] : centre.passwords()) {
    cs.push_back(std::make_unique<Candidate>(io.executor(), centre.ca_pem(), port, sbd, password));
  }
  for (auto& c : cs) {
    c->Begin();
    REQUIRE(c->WaitUntil([&] { return c->Saw(EventType::kLoggedIn); }));
  }
  for (auto& c : cs) {
    c->client().Start();
    REQUIRE(c->WaitUntil([&] { return c->Saw(EventType::kForm); }));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  std::map<std::string, int64_t> deadline;
  {
    auto db = store::Database::Open(centre.db_path(), false);
    store::Statement st = db->Prepare("SELECT sbd, started_ms FROM attempts");
    while (*st.Step()) {
      deadline[st.ColumnText(0)] = st.ColumnInt64(1) + kMinute;
    }
  }
  REQUIRE(deadline.size() == kCandidates);
  const int64_t first = std::min_element(deadline.begin(), deadline.end(), [](auto& a, auto& b) {
                          return a.second < b.second;
                        })->second;
  const int64_t last = std::max_element(deadline.begin(), deadline.end(), [](auto& a, auto& b) {
                         return a.second < b.second;
                       })->second;
  const int64_t kill_at = first + (last - first) / 2;
  // Each candidate answers 30 ms after its deadline (before the periodic check), in order.
  std::vector<std::pair<int64_t, Candidate*>> plan;
  for (auto& c : cs) {
    plan.emplace_back(deadline[c->sbd()] + 30, c.get());
  }
  std::sort(plan.begin(), plan.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  bool killed = false;
  for (auto& [at, c] : plan) {
    if (!killed && at > kill_at) {
      SleepUntilMs(kill_at);
      server->Signal(SIGKILL);
      CHECK(server->Wait() == -SIGKILL);
      killed = true;
    }
    SleepUntilMs(at);
    c->client().Answer(1, {2});  // too late, or queued while the server is down
  }
  if (!killed) {
    SleepUntilMs(kill_at);
    server->Signal(SIGKILL);
    server->Wait();
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  uint16_t again = 0;
  server = StartServerProcess(centre, port, again);
  REQUIRE(again == port);
  for (auto& c : cs) {
    INFO(c->sbd() << " deadline − kill = " << deadline[c->sbd()] - kill_at << " ms");
    REQUIRE(
        c->WaitUntil([&] { return c->client().result().has_value(); }, std::chrono::seconds(30)));
    const auto r = *c->client().result();
    CHECK(r.score.has_value());
    CHECK_FALSE(r.receipt_json.empty());
    CHECK(r.submitted_by == "clock");
  }
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
  CheckAllGradedOnce(centre, kCandidates);
}

}  // namespace
}  // namespace khaothi::testing
