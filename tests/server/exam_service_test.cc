// The exam service on its public API (khaothi/server/exam_host.h): a real center.db file, a clock
// the test moves, and in-process peers in place of connections. The login guard, sequence numbers
// and stale writes, the deadline, submission, the proctor's actions, and `busy` when the writer's
// queue is full.
#include <cctype>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/protocol/client_messages.h"
#include "khaothi/server/exam_host.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"
#include "test_peer.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int64_t kStartMs = 1'767'225'600'000;

// A centre of a few candidates and the exam service over it, on a clock the test moves.
struct Fixture {
  explicit Fixture(const CentreOptions& options = {.candidates = 3},
                   void (*tune)(server::ServerLimits&) = nullptr)
      : centre(options), clock(kStartMs) {
    server::ServerConfig config = centre.Config();
    if (tune != nullptr) {
      tune(config.limits);
    }
    Result<std::unique_ptr<server::ExamHost>> opened = server::ExamHost::Open(config, clock);
    REQUIRE(opened.ok());
    host = std::move(*opened);
  }

  server::ExamService& service() { return host->service(); }

  void Handle(server::PeerState& state, const std::shared_ptr<TestPeer>& peer,
              const json::object& message) {
    Deliver(service(), state, peer, message);
  }

  // hello, login and start: returns the form.
  json::object Begin(server::PeerState& state, const std::shared_ptr<TestPeer>& peer,
                     const std::string& sbd, const std::string& machine = "PC-01") {
    Handle(state, peer, {{"type", "hello"}, {"protocol", 1}, {"client", "test"}});
    Handle(state, peer,
           {{"type", "login"},
            {"sbd", sbd},
            {"password", centre.passwords().at(sbd)},
            {"machine", machine}});
    REQUIRE_FALSE(peer->Next("login_ok").empty());
    Handle(state, peer, {{"type", "start"}});
    json::object form = peer->Next("form");
    REQUIRE_FALSE(form.empty());
    return form;
  }

  void Answer(server::PeerState& state, const std::shared_ptr<TestPeer>& peer, int slot, int choice,
              uint64_t seq) {
    Handle(state, peer,
           {{"type", "answer"}, {"slot", slot}, {"choice", json::array{choice}}, {"seq", seq}});
  }

  // What center.db holds of `sbd`'s answers: slot -> choice, as the client numbers options
  // is not stored; the stored choice is in authored order.
  std::map<int, std::string> StoredAnswers(const std::string& sbd) {
    Result<store::Database> db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    store::Statement st =
        db->Prepare("SELECT slot, choice FROM answers WHERE session_id = 'S1' AND sbd = ?1");
    st.Bind(1, sbd);
    std::map<int, std::string> out;
    REQUIRE(st.ForEachRow([&](const store::Statement& row) {
                out[row.ColumnInt(0)] = row.ColumnText(1);
              }).ok());
    return out;
  }

  std::string StoredState(const std::string& sbd) {
    Result<store::Database> db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    store::Statement st =
        db->Prepare("SELECT state FROM attempts WHERE session_id = 'S1' AND sbd = ?1");
    st.Bind(1, sbd);
    REQUIRE(*st.Step());
    return st.ColumnText(0);
  }

  TestCentre centre;
  SharedFakeClock clock;
  std::unique_ptr<server::ExamHost> host;
};

// Holds the writer thread inside a batch until Release(): what is submitted meanwhile queues.
class WriterStall {
 public:
  explicit WriterStall(server::Writer& writer) {
    auto holding = std::make_shared<std::promise<void>>();
    std::future<void> held = holding->get_future();
    REQUIRE(writer.Submit(
        [holding, released = released_](store::Database&) {
          holding->set_value();
          released.wait();
          return Status::Ok();
        },
        nullptr));
    held.wait();
  }
  ~WriterStall() { Release(); }
  void Release() {
    if (!done_) {
      done_ = true;
      release_.set_value();
    }
  }

 private:
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  bool done_ = false;
};

TEST_CASE("a full writer queue answers busy and nothing acknowledged is lost") {
  Fixture f({.candidates = 2}, [](server::ServerLimits& l) { l.max_pending_writes = 4; });
  server::PeerState state;
  auto peer = std::make_shared<TestPeer>();
  f.Begin(state, peer, "TS001");

  std::vector<uint64_t> busy;
  {
    WriterStall stall(f.host->writer());
    for (int slot = 0; slot < 10; ++slot) {
      f.Answer(state, peer, slot, slot % 4, static_cast<uint64_t>(slot + 1));
    }
    for (const json::object& e : peer->All("error")) {
      CHECK(Code(e) == "busy");
      busy.push_back(e.at("seq").to_number<uint64_t>());
    }
    // Four writes fit in the queue; the other six are refused at once, each naming its seq.
    CHECK(busy == std::vector<uint64_t>{5, 6, 7, 8, 9, 10});
    CHECK(peer->All("ack").empty());
  }
  for (int i = 0; i < 4; ++i) {
    json::object ack = peer->Next("ack");
    REQUIRE_FALSE(ack.empty());
    CHECK(ack.at("outcome").as_string() == "applied");
  }
  // The client sends the refused ones again with the same seq: the engine holds them already
  // (duplicate), and the slot is persisted as it is before the ack.
  for (uint64_t seq : busy) {
    const int slot = static_cast<int>(seq) - 1;
    f.Answer(state, peer, slot, slot % 4, seq);
    json::object ack = peer->Next("ack");
    REQUIRE_FALSE(ack.empty());
    CHECK(ack.at("seq").to_number<uint64_t>() == seq);
    CHECK(ack.at("outcome").as_string() == "duplicate");
  }
  f.host->Stop();
  CHECK(f.StoredAnswers("TS001").size() == 10);
}

TEST_CASE("a submit refused as busy is taken when sent again, and the result follows its commit") {
  Fixture f({.candidates = 2}, [](server::ServerLimits& l) { l.max_pending_writes = 1; });
  server::PeerState state;
  auto peer = std::make_shared<TestPeer>();
  f.Begin(state, peer, "TS001");
  {
    WriterStall stall(f.host->writer());
    f.Answer(state, peer, 0, 1, 1);  // fills the queue
    f.Handle(state, peer, {{"type", "submit"}});
    CHECK(Code(peer->Next("error")) == "busy");
  }
  CHECK_FALSE(peer->Next("ack").empty());
  f.Handle(state, peer, {{"type", "submit"}});
  json::object result = peer->Next("result");
  REQUIRE_FALSE(result.empty());
  CHECK(result.at("submitted_by").as_string() == "candidate");
  CHECK(result.contains("receipt"));
  f.host->Stop();
  CHECK(f.StoredState("TS001") == "graded");
}

TEST_CASE("the login guard: machine, unknown numbers, wrong passwords, lockout and rate limit") {
  Fixture f({.candidates = 2}, [](server::ServerLimits& l) {
    l.max_failed_logins = 3;
    l.max_logins_per_address = 5;
  });
  server::PeerState state;
  auto peer = std::make_shared<TestPeer>();
  f.Handle(state, peer, {{"type", "hello"}, {"protocol", 1}, {"client", "test"}});
  CHECK_FALSE(peer->Next("hello").empty());
  auto login = [&](const std::string& sbd, const std::string& password,
                   const std::string& machine = "PC-01") {
    f.Handle(state, peer,
             {{"type", "login"}, {"sbd", sbd}, {"password", password}, {"machine", machine}});
  };

  login("TS001", f.centre.passwords().at("TS001"), " ");
  CHECK(Code(peer->Next("error")) == "bad_message");
  login("TS999", "WRONG");
  CHECK(Code(peer->Next("error")) == "bad_credentials");
  login("TS001", "WRONG1");
  CHECK(Code(peer->Next("error")) == "bad_credentials");
  login("TS001", "WRONG2");
  CHECK(Code(peer->Next("error")) == "bad_credentials");
  login("TS001", "WRONG3");  // the third wrong password locks
  json::object locked = peer->Next("error");
  CHECK(Code(locked) == "locked");
  CHECK(locked.at("retry_after_ms").to_number<int64_t>() == 5 * 60'000);
  // Locked: even the right password is refused until the lockout ends.
  login("TS001", f.centre.passwords().at("TS001"));
  CHECK(Code(peer->Next("error")) == "locked");
  // Five logins from this address in the window (a login without a machine is refused before
  // it counts): the sixth is refused.
  login("TS002", "WRONG");
  CHECK(Code(peer->Next("error")) == "rate_limited");

  f.clock.Advance(5min + 1s);
  // The case and the spaces of a typed number and password do not matter.
  std::string typed = f.centre.passwords().at("TS001");
  for (char& c : typed) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  login(" ts 001", typed);
  json::object ok = peer->Next("login_ok");
  REQUIRE_FALSE(ok.empty());
  CHECK(ok.at("candidate").at("sbd").as_string() == "TS001");
}

TEST_CASE("a login from another PC during the exam is refused until the proctor allows the move") {
  Fixture f;
  server::PeerState first_state;
  auto first = std::make_shared<TestPeer>();
  f.Begin(first_state, first, "TS001", "PC-01");

  server::PeerState state;
  auto second = std::make_shared<TestPeer>("10.0.0.2");
  f.Handle(state, second, {{"type", "hello"}, {"protocol", 1}, {"client", "test"}});
  const json::object login{{"type", "login"},
                           {"sbd", "TS001"},
                           {"password", f.centre.passwords().at("TS001")},
                           {"machine", "PC-07"}};
  f.Handle(state, second, login);
  CHECK(Code(second->Next("error")) == "move_not_allowed");

  CHECK(f.service().AllowMove("S1", "TS001", "", "proctor:test").IsInvalidArgument());
  REQUIRE(f.service().AllowMove("S1", "TS001", "PC-01 broke", "proctor:test").ok());
  f.Handle(state, second, login);
  CHECK_FALSE(second->Next("login_ok").empty());
  CHECK(first->WaitClosed() == "taken_over");
}

TEST_CASE("sequence numbers: a stale write changes nothing and is still acknowledged") {
  Fixture f;
  server::PeerState state;
  auto peer = std::make_shared<TestPeer>();
  f.Begin(state, peer, "TS001");

  f.Answer(state, peer, 3, 2, 5);
  CHECK(peer->Next("ack").at("outcome").as_string() == "applied");
  f.Answer(state, peer, 3, 0, 4);  // older than what the slot holds
  CHECK(peer->Next("ack").at("outcome").as_string() == "stale");
  f.Answer(state, peer, 3, 2, 5);
  CHECK(peer->Next("ack").at("outcome").as_string() == "duplicate");
  f.Answer(state, peer, 99, 0, 6);
  json::object bad = peer->Next("error");
  CHECK(Code(bad) == "bad_slot");
  CHECK(bad.at("seq").to_number<uint64_t>() == 6);
  f.Answer(state, peer, 3, 9, 7);
  CHECK(Code(peer->Next("error")) == "bad_choice");

  // A reconnect's form carries the answer of seq 5 and the next seq to use.
  server::PeerState again;
  auto reconnected = std::make_shared<TestPeer>();
  json::object form = f.Begin(again, reconnected, "TS001");
  CHECK(form.at("next_seq").to_number<uint64_t>() == 6);
  const json::array& answers = form.at("answers").as_array();
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].at("slot").to_number<int>() == 3);
  CHECK(answers[0].at("choice").as_array() == json::array{2});
  f.host->Stop();
  CHECK(f.StoredAnswers("TS001").size() == 1);
}

TEST_CASE("at the deadline an answer is too late and the attempt is submitted by the clock") {
  Fixture f({.candidates = 2, .duration_minutes = 30});
  server::PeerState state;
  auto peer = std::make_shared<TestPeer>();
  f.Begin(state, peer, "TS001");
  f.Answer(state, peer, 0, 1, 1);
  CHECK_FALSE(peer->Next("ack").empty());

  f.clock.Advance(30min);
  f.Answer(state, peer, 1, 1, 2);
  json::object late = peer->Next("error");
  CHECK(Code(late) == "too_late");
  CHECK(late.at("seq").to_number<uint64_t>() == 2);
  json::object result = peer->Next("result");
  REQUIRE_FALSE(result.empty());
  CHECK(result.at("submitted_by").as_string() == "clock");
  CHECK(result.at("answered").to_number<int>() == 1);
  CHECK(peer->WaitClosed() == "time_up");
  f.host->Stop();
  CHECK(f.StoredState("TS001") == "graded");
}

TEST_CASE("a candidate's own submit is graded once, and a second is refused") {
  Fixture f;
  server::PeerState state;
  auto peer = std::make_shared<TestPeer>();
  f.Begin(state, peer, "TS002");
  f.Handle(state, peer, {{"type", "submit"}});
  json::object result = peer->Next("result");
  REQUIRE_FALSE(result.empty());
  CHECK(result.at("submitted_by").as_string() == "candidate");
  f.Handle(state, peer, {{"type", "submit"}});
  CHECK(Code(peer->Next("error")) == "not_in_progress");
  f.Answer(state, peer, 0, 0, 1);
  CHECK(Code(peer->Next("error")) == "not_in_progress");
  CHECK(peer->All("result").size() == 1);
}

TEST_CASE("proctor actions: extend, suspend, resume, notice, end for a violation") {
  Fixture f({.candidates = 2, .duration_minutes = 30});
  server::PeerState state;
  auto peer = std::make_shared<TestPeer>();
  f.Begin(state, peer, "TS001");
  const std::string proctor = "proctor:test";

  CHECK(f.service().Extend("S1", "TS999", 60'000, "x", proctor).IsNotFound());
  CHECK(f.service().Extend("S1", "TS001", 121 * 60'000, "x", proctor).IsInvalidArgument());
  CHECK(f.service().Extend("S1", "TS001", 0, "x", proctor).IsInvalidArgument());
  REQUIRE(f.service().Extend("S1", "TS001", 5 * 60'000, "power cut", proctor).ok());
  json::object time = peer->Next("time");
  CHECK(time.at("event").as_string() == "extension");
  CHECK(time.at("remaining_ms").to_number<int64_t>() == 35 * 60'000);

  REQUIRE(f.service().Suspend("S1", "TS001", "fire drill", proctor).ok());
  CHECK(peer->Next("time").at("event").as_string() == "pause");
  f.Answer(state, peer, 0, 0, 1);
  CHECK(Code(peer->Next("error")) == "not_in_progress");
  f.clock.Advance(10min);  // a pause does not use the candidate's time
  REQUIRE(f.service().Resume("S1", "TS001", proctor).ok());
  json::object resumed = peer->Next("time");
  CHECK(resumed.at("event").as_string() == "resume");
  CHECK(resumed.at("reason").as_string() == "fire drill");
  CHECK(resumed.at("remaining_ms").to_number<int64_t>() == 35 * 60'000);
  CHECK(f.service().Resume("S1", "TS001", proctor).IsFailedPrecondition());

  CHECK(f.service().Notice("S1", "TS001", "", proctor).IsInvalidArgument());
  REQUIRE(f.service().Notice("S1", "TS001", "Còn 5 phút", proctor).ok());
  CHECK(peer->Next("notice").at("text").as_string() == "Còn 5 phút");

  REQUIRE(f.service().EndForViolation("S1", "TS001", "BB-01", proctor).ok());
  json::object result = peer->Next("result");
  REQUIRE_FALSE(result.empty());
  CHECK(result.at("submitted_by").as_string() == "proctor");
  CHECK(peer->WaitClosed() == "ended_by_proctor");

  const std::vector<server::SeatView> seats = f.service().Seats("S1");
  REQUIRE(seats.size() == 2);
  CHECK(seats[0].sbd == "TS001");
  CHECK(seats[0].state == engine::AttemptState::kGraded);
  CHECK(seats[1].state == engine::AttemptState::kCreated);
}

}  // namespace
}  // namespace khaothi::testing
