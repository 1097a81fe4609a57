// The real server in-process on port 0, with real TLS and a real database file, driven by the
// real client library.
#include <random>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/centre.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

using client::EventType;

std::unique_ptr<server::Server> StartServer(const TestCentre& centre, uint16_t port = 0) {
  auto s = server::Server::Create(centre.Config(port));
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  (*s)->Start();
  return std::move(*s);
}

// Every answer the client holds (all acknowledged) is what the database holds, in authored terms.
void CheckStoredAnswers(const TestCentre& centre, Candidate& c) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  auto form = centre::GetForm(*db, centre.session_id(), c.sbd());
  REQUIRE(form.ok());
  const auto answers = c.client().answers();
  for (size_t slot = 0; slot < answers.size(); ++slot) {
    store::Statement st = db->Prepare(
        "SELECT choice, flagged FROM answers WHERE session_id = ?1 AND sbd = ?2 AND slot = ?3");
    st.Bind(1, centre.session_id());
    st.Bind(2, c.sbd());
    st.Bind(3, static_cast<int>(slot));
    auto row = st.Step();
    REQUIRE(row.ok());
    std::vector<int> expected;
    for (int displayed : answers[slot].choice) {
      expected.push_back(form->slots[slot].option_order[static_cast<size_t>(displayed)]);
    }
    std::sort(expected.begin(), expected.end());
    if (!*row) {
      CHECK(expected.empty());
      CHECK_FALSE(answers[slot].flagged);
      continue;
    }
    std::vector<int> stored;
    const boost::json::value parsed = boost::json::parse(st.ColumnText(0));
    for (const auto& v : parsed.as_array()) {
      stored.push_back(static_cast<int>(v.as_int64()));
    }
    INFO(c.sbd() << " slot " << slot);
    CHECK(stored == expected);
    CHECK((st.ColumnInt(1) != 0) == answers[slot].flagged);
  }
}

int CountRows(const TestCentre& centre, const std::string& sql) {
  auto db = store::Database::Open(centre.db_path(), false);
  store::Statement st = db->Prepare(sql);
  REQUIRE(st.Step().ok());
  return st.ColumnInt(0);
}

TEST_CASE("30 candidates sit one session at the same time: every ack is on disk", "[server]") {
  TestCentre centre({.candidates = 30});
  auto server = StartServer(centre);
  IoThreads io;
  std::vector<std::unique_ptr<Candidate>> candidates;
  for (const auto& [sbd, password] : centre.passwords()) {
    candidates.push_back(std::make_unique<Candidate>(io.executor(), centre.ca_pem(), server->port(),
                                                     sbd, password, "PC-" + sbd));
  }
  for (auto& c : candidates) {
    c->Begin();
  }
  for (auto& c : candidates) {
    REQUIRE(c->WaitUntil([&] { return c->Saw(EventType::kLoggedIn); }));
    CHECK(c->client().info().full_name.find(' ') != std::string::npos);
    c->client().Start();
  }
  std::mt19937 rng(7);
  for (auto& c : candidates) {
    REQUIRE(c->WaitUntil([&] { return c->Saw(EventType::kForm); }));
    const auto questions = c->client().questions();
    REQUIRE(questions.size() == 30);
    // Answer everything, change some answers, flag some questions.
    for (const auto& q : questions) {
      c->client().Answer(q.slot, {static_cast<int>(rng() % q.options.size())});
      if (q.slot % 4 == 0) {
        c->client().Answer(q.slot, {static_cast<int>(rng() % q.options.size())});
      }
      if (q.slot % 5 == 0) {
        c->client().Flag(q.slot, true);
      }
    }
  }
  for (auto& c : candidates) {
    REQUIRE(c->WaitUntil([&] { return c->client().pending_count() == 0; }));
    CheckStoredAnswers(centre, *c);
    c->client().Submit();
  }
  for (auto& c : candidates) {
    REQUIRE(c->WaitUntil([&] { return c->client().result().has_value(); }));
    const auto r = *c->client().result();
    CHECK(r.answered == 30);
    CHECK(r.submitted_by == "candidate");
    REQUIRE(r.score.has_value());
    CHECK_FALSE(r.receipt_json.empty());
  }
  CHECK(CountRows(centre, "SELECT count(*) FROM attempts WHERE state = 'graded'") == 30);
  CHECK(CountRows(centre, "SELECT count(*) FROM answers") == 30 * 30);
  server->Shutdown();
  auto db = store::Database::Open(centre.db_path(), false);
  auto audit = centre::VerifyAudit(*db);
  REQUIRE(audit.ok());
  CHECK(audit->entries > 30 * 30);
}

TEST_CASE("the proctor's unlock, extra time and a notice reach the candidate", "[server]") {
  TestCentre centre({.candidates = 2, .unlock_required = true});
  auto server = StartServer(centre);
  IoThreads io;
  const auto& [sbd, password] = *centre.passwords().begin();
  Candidate c(io.executor(), centre.ca_pem(), server->port(), sbd, password);
  c.Begin();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kLoggedIn); }));
  CHECK(c.client().info().state == "created");
  c.client().Start();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kError); }));
  CHECK(c.events().back().code == "not_unlocked");

  REQUIRE(server->service().Unlock("S1", sbd, "proctor:test").ok());
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kUnlocked); }));
  c.client().Start();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kForm); }));
  const auto before = *c.client().remaining();

  REQUIRE(
      server->service().Extend("S1", sbd, 5 * 60'000, "máy hỏng, đổi máy", "proctor:test").ok());
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kTime); }));
  CHECK(*c.client().remaining() > before + std::chrono::minutes(4));
  CHECK(server->service().Extend("S1", sbd, 60'000, "", "proctor:test").IsInvalidArgument());

  REQUIRE(server->service().Notice("S1", sbd, "Còn 10 phút", "proctor:test").ok());
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kNotice); }));

  REQUIRE(server->service()
              .EndForViolation("S1", sbd, "Biên bản: dùng điện thoại", "proctor:test")
              .ok());
  REQUIRE(c.WaitUntil([&] { return c.client().result().has_value(); }));
  CHECK(c.client().result()->submitted_by == "proctor");
  CHECK(server->service().Unlock("S1", "NOPE", "proctor:test").IsNotFound());
}

TEST_CASE("a second connection takes over: another PC needs the proctor's permission", "[server]") {
  TestCentre centre({.candidates = 1});
  auto server = StartServer(centre);
  IoThreads io;
  const auto& [sbd, password] = *centre.passwords().begin();
  Candidate first(io.executor(), centre.ca_pem(), server->port(), sbd, password, "PC-01");
  first.Begin();
  REQUIRE(first.WaitUntil([&] { return first.Saw(EventType::kLoggedIn); }));
  first.client().Start();
  REQUIRE(first.WaitUntil([&] { return first.Saw(EventType::kForm); }));
  first.client().Answer(0, {1});
  REQUIRE(first.WaitUntil([&] { return first.client().pending_count() == 0; }));

  Candidate other_pc(io.executor(), centre.ca_pem(), server->port(), sbd, password, "PC-02");
  other_pc.Begin();
  REQUIRE(other_pc.WaitUntil([&] { return other_pc.Saw(EventType::kLoginFailed); }));
  CHECK(other_pc.events().back().code == "move_not_allowed");

  REQUIRE(server->service().AllowMove("S1", sbd, "PC-01 hỏng màn hình", "proctor:test").ok());
  Candidate moved(io.executor(), centre.ca_pem(), server->port(), sbd, password, "PC-02");
  moved.Begin();
  const bool got_form = moved.WaitUntil([&] { return moved.Saw(EventType::kForm); });
  for (const auto& e : moved.events()) {
    UNSCOPED_INFO("moved: event " << static_cast<int>(e.type) << " " << e.code << " " << e.text);
  }
  REQUIRE(got_form);
  // The saved answer came along; the first connection was told why it was closed.
  CHECK(moved.client().answers()[0].choice == std::vector<int>{1});
  REQUIRE(first.WaitUntil([&] { return first.Saw(EventType::kClosed); }));
  bool taken_over = false;
  for (const auto& e : first.events()) {
    taken_over = taken_over || (e.type == EventType::kClosed && e.code == "taken_over");
  }
  CHECK(taken_over);
}

TEST_CASE("time up: the server submits by itself with no client connected", "[server]") {
  // A fake clock lets the test move past the deadline without waiting 30 minutes.
  TestCentre centre({.candidates = 1});
  SharedFakeClock clock(1'800'000'000'000);
  auto s = server::Server::Create(centre.Config(), &clock);
  REQUIRE(s.ok());
  auto& server = *s;
  server->Start();
  IoThreads io;
  const auto& [sbd, password] = *centre.passwords().begin();
  {
    Candidate c(io.executor(), centre.ca_pem(), server->port(), sbd, password);
    c.Begin();
    REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kLoggedIn); }));
    c.client().Start();
    REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kForm); }));
    c.client().Answer(3, {2});
    REQUIRE(c.WaitUntil([&] { return c.client().pending_count() == 0; }));
  }
  clock.Advance(std::chrono::minutes(30) + std::chrono::milliseconds(1));
  REQUIRE(WaitFor([&] {
    return CountRows(centre, "SELECT count(*) FROM attempts WHERE state = 'graded'") == 1;
  }));
  auto db = store::Database::Open(centre.db_path(), false);
  store::Statement st = db->Prepare("SELECT submitted_by FROM attempts");
  REQUIRE(*st.Step());
  CHECK(st.ColumnText(0) == "clock");
  // Logging in again shows the result.
  Candidate again(io.executor(), centre.ca_pem(), server->port(), sbd, password);
  again.Begin();
  REQUIRE(again.WaitUntil([&] { return again.Saw(EventType::kLoggedIn); }));
  CHECK(again.client().info().state == "graded");
  again.client().Start();
  REQUIRE(again.WaitUntil([&] { return again.client().result().has_value(); }));
  CHECK(again.client().result()->submitted_by == "clock");
  CHECK(again.client().result()->answered == 1);
}

}  // namespace
}  // namespace khaothi::testing
