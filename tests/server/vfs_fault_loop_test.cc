// The fault loop of SQLite's own I/O-error tests, through one whole exam: for N = 1, 2, … the
// N-th VFS call (faulty_vfs.h) fails, and one candidate sits a whole exam on the exam service
// (ExamHost, in-process) over a fresh copy of a centre. Whatever fails, every reply is the
// expected one or an error the client retries (not_saved, busy) with a message; what the client
// was told is saved is on disk when it is told (read between the steps) and after the host
// stops; the database passes integrity_check and its audit chain verifies; the submitted attempt
// is graded once, with the receipt the client got; and the host opens again over it. The loop
// ends with the first N past the exam's last call.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdlib.h>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/centre.h"
#include "khaothi/engine/grading.h"
#include "khaothi/server/exam_host.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "faulty_vfs.h"
#include "test_centre.h"
#include "test_peer.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int64_t kStartMs = 1'767'225'600'000;
const std::string kSbd = "TS001";
const std::string kSeat = "S1/TS001";

// The loop must get this far for the test to mean anything: a whole exam makes hundreds of calls.
constexpr int64_t kMinimumN = 50;

// A fresh directory in memory (/dev/shm) when the machine has one, else in the temporary
// directory; removed with its contents. The loop runs hundreds of exams, each with dozens of
// fsyncs: on a disk shared with parallel builds they cost a minute, in memory nothing. The shim
// counts and fails the calls all the same.
class ScratchDir {
 public:
  ScratchDir() {
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm")
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    std::string tmpl = (base / "khaothi-vfs-loop-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// What the client was told is saved.
struct Acknowledged {
  struct Answer {
    std::vector<int> displayed;
    uint64_t seq = 0;
  };
  std::map<int, Answer> answers;  // slot -> the last acknowledged answer
  int flagged_slot = -1;
  uint64_t flag_seq = 0;
  std::string receipt;  // the result's receipt, serialised; empty until the result came
};

// center.db as a reader sees it, through connections this thread opens outside the count.
class Disk {
 public:
  explicit Disk(const std::string& path) {
    UncountedScope uncounted;
    Result<store::Database> db = store::Database::Open(path, false);
    REQUIRE(db.ok());
    db_.emplace(std::move(*db));
  }
  ~Disk() {
    UncountedScope uncounted;
    db_.reset();
  }

  // The attempt's state and receipt.
  std::pair<std::string, std::string> Attempt() {
    UncountedScope uncounted;
    store::Statement st = db_->Prepare(
        "SELECT state, coalesce(receipt, '') FROM attempts WHERE session_id = 'S1' AND sbd = ?1");
    st.Bind(1, kSbd);
    Result<bool> row = st.Step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return {st.ColumnText(0), st.ColumnText(1)};
  }

  struct Slot {
    std::vector<int> authored;
    uint64_t answer_seq = 0;
    bool flagged = false;
    uint64_t flag_seq = 0;
  };
  // The slot's answers row; nullopt when there is none.
  std::optional<Slot> Answer(int slot) {
    UncountedScope uncounted;
    store::Statement st = db_->Prepare(
        "SELECT choice, answer_seq, flagged, flag_seq FROM answers "
        "WHERE session_id = 'S1' AND sbd = ?1 AND slot = ?2");
    st.Bind(1, kSbd);
    st.Bind(2, int64_t{slot});
    Result<bool> row = st.Step();
    REQUIRE(row.ok());
    if (!*row) {
      return std::nullopt;
    }
    Slot out;
    const json::value choice = json::parse(st.ColumnText(0));
    for (const json::value& v : choice.as_array()) {
      out.authored.push_back(static_cast<int>(v.to_number<int64_t>()));
    }
    out.answer_seq = static_cast<uint64_t>(st.ColumnInt64(1));
    out.flagged = st.ColumnInt(2) != 0;
    out.flag_seq = static_cast<uint64_t>(st.ColumnInt64(3));
    return out;
  }

 private:
  std::optional<store::Database> db_;
};

// The candidate's form as issued (forms table): to map displayed choices to stored ones.
engine::Form IssuedForm(const std::string& db_path) {
  Result<store::Database> db = store::Database::Open(db_path, false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare("SELECT form FROM forms WHERE session_id = 'S1' AND sbd = ?1");
  st.Bind(1, kSbd);
  REQUIRE(*st.Step());
  Result<engine::Form> form = centre::FormFromJson(st.ColumnText(0));
  REQUIRE(form.ok());
  return std::move(*form);
}

// What one run saw, for the summary.
struct RunStats {
  bool open_failed = false;
  int refusals = 0;  // not_saved or busy, each retried
};

// One candidate's whole exam on `host`, retrying what is refused as the client does: an answer or
// flag again with its seq a second later (the server's clock ticks meanwhile), a start or submit
// again when the candidate presses it again. Checks each confirmation against `disk` when it comes.
class Sitting {
 public:
  Sitting(server::ExamHost& host, SharedFakeClock& clock, const TestCentre& centre,
          const engine::Form& form, Disk& disk, RunStats& stats)
      : host_(host), clock_(clock), centre_(centre), form_(form), disk_(disk), stats_(stats) {}

  void Run() {
    Exchange({{"type", "hello"}, {"protocol", 1}, {"client", "fault-loop"}}, "hello");
    // login_ok comes even when the login could not be recorded: reads go on (exam_service.h).
    Exchange({{"type", "login"},
              {"sbd", kSbd},
              {"password", centre_.passwords().at(kSbd)},
              {"machine", "PC-01"}},
             "login_ok");
    const json::object form = Exchange({{"type", "start"}}, "form");
    CHECK(form.at("state").as_string() == "in_progress");
    CHECK(disk_.Attempt().first == "in progress");  // the form confirms the start
    uint64_t seq = form.at("next_seq").to_number<uint64_t>();
    const json::array& slots = form.at("slots").as_array();
    REQUIRE(slots.size() == form_.slots.size());

    std::vector<int> order;
    for (size_t i = 0; i < slots.size(); ++i) {
      order.push_back(static_cast<int>(i));
    }
    // Some questions answered a second time, to change the answer.
    for (size_t i = 2; i < slots.size(); i += 7) {
      order.push_back(static_cast<int>(i));
    }
    for (int slot : order) {
      const auto options =
          static_cast<int>(slots[static_cast<size_t>(slot)].at("options").as_array().size());
      const int choice = (slot + (acked_.answers.count(slot) != 0 ? 1 : 0)) % options;
      Write({{"type", "answer"}, {"slot", slot}, {"choice", json::array{choice}}, {"seq", seq}},
            slot, seq);
      acked_.answers[slot] = {{choice}, seq};
      std::optional<Disk::Slot> stored = disk_.Answer(slot);
      REQUIRE(stored);
      CHECK(stored->answer_seq == seq);
      CHECK(stored->authored ==
            engine::DisplayedToAuthored(form_.slots[static_cast<size_t>(slot)], {choice}));
      ++seq;
    }
    const int flagged = 5;
    Write({{"type", "flag"}, {"slot", flagged}, {"flagged", true}, {"seq", seq}}, flagged, seq);
    acked_.flagged_slot = flagged;
    acked_.flag_seq = seq;
    std::optional<Disk::Slot> stored = disk_.Answer(flagged);
    REQUIRE(stored);
    CHECK(stored->flagged);
    CHECK(stored->flag_seq == seq);

    const json::object result = Exchange({{"type", "submit"}}, "result", /*tick=*/false);
    CHECK(result.at("submitted_by").as_string() == "candidate");
    REQUIRE(result.contains("receipt"));
    acked_.receipt = json::serialize(result.at("receipt"));
    const auto [state, receipt] = disk_.Attempt();
    CHECK(state == "graded");  // the result confirms the submission
    CHECK(json::parse(receipt) == result.at("receipt"));
    // Nothing else ended the connection.
    CHECK(peer_->closed().empty());
  }

  const Acknowledged& acknowledged() const { return acked_; }

 private:
  // Sends `message` until the reply is `reply`, at most four times; every other reply must be an
  // error the client retries. `tick`: the server's clock ticks before each retry (its timer runs
  // every 200 ms; a submit is retried at once, as a candidate pressing again would).
  json::object Exchange(const json::object& message, std::string_view reply, bool tick = true,
                        std::optional<uint64_t> seq = std::nullopt) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      Deliver(host_.service(), state_, peer_, message);
      json::object got = peer_->NextOf({reply, "error"});
      INFO("sent " << json::serialize(message) << ", got " << json::serialize(got));
      REQUIRE_FALSE(got.empty());  // a hang: neither the reply nor an error in 10 s
      if (got.at("type").as_string() == reply) {
        return got;
      }
      const std::string code = Code(got);
      CHECK((code == "not_saved" || code == "busy"));
      CHECK_FALSE(got.at("message").as_string().empty());
      if (seq) {
        CHECK(got.at("seq").to_number<uint64_t>() == *seq);
      }
      ++stats_.refusals;
      clock_.Advance(1s);
      if (tick) {
        host_.service().Tick();
      }
    }
    FAIL("refused four times: " << json::serialize(message));
    return {};
  }

  // An answer or flag: acknowledged for its slot and seq, the first time or as a duplicate.
  void Write(const json::object& message, int slot, uint64_t seq) {
    const json::object ack = Exchange(message, "ack", /*tick=*/true, seq);
    INFO(json::serialize(ack));
    CHECK(ack.at("slot").to_number<int>() == slot);
    CHECK(ack.at("seq").to_number<uint64_t>() == seq);
    const json::string& outcome = ack.at("outcome").as_string();
    CHECK((outcome == "applied" || outcome == "duplicate"));
  }

  server::ExamHost& host_;
  SharedFakeClock& clock_;
  const TestCentre& centre_;
  const engine::Form& form_;
  Disk& disk_;
  RunStats& stats_;
  server::PeerState state_;
  std::shared_ptr<TestPeer> peer_ = std::make_shared<TestPeer>();
  Acknowledged acked_;
};

// After the run, with the fault disarmed: the database is sound and holds all that was
// acknowledged, and the host opens over it and gives the candidate the same result.
void CheckAfterwards(const server::ServerConfig& config, const TestCentre& centre,
                     const engine::Form& form, const Acknowledged& acked) {
  const std::string path = config.Resolve(config.database);
  {
    Result<store::Database> db = store::Database::Open(path, false);
    REQUIRE(db.ok());
    store::Statement ic = db->Prepare("PRAGMA integrity_check");
    REQUIRE(*ic.Step());
    CHECK(ic.ColumnText(0) == "ok");
    Result<centre::AuditCheck> audit = centre::VerifyAudit(*db);
    INFO((audit.ok() ? "" : audit.status().ToString()));
    CHECK(audit.ok());
    // Graded once: one committed submission in the audit chain.
    store::Statement graded = db->Prepare(
        "SELECT count(*) FROM audit WHERE subject = ?1 AND action IN ('submit', 'submit_graded')");
    graded.Bind(1, kSeat);
    REQUIRE(*graded.Step());
    CHECK(graded.ColumnInt(0) == 1);
  }
  Disk disk(path);
  const auto [state, receipt] = disk.Attempt();
  CHECK(state == "graded");
  CHECK(!receipt.empty());
  CHECK(json::parse(receipt) == json::parse(acked.receipt));
  for (const auto& [slot, answer] : acked.answers) {
    INFO("slot " << slot);
    std::optional<Disk::Slot> stored = disk.Answer(slot);
    REQUIRE(stored);
    CHECK(stored->answer_seq == answer.seq);
    CHECK(stored->authored ==
          engine::DisplayedToAuthored(form.slots[static_cast<size_t>(slot)], answer.displayed));
  }
  std::optional<Disk::Slot> flagged = disk.Answer(acked.flagged_slot);
  REQUIRE(flagged);
  CHECK(flagged->flagged);
  CHECK(flagged->flag_seq == acked.flag_seq);

  // The exam would go on: the host opens, and the candidate logging in again gets the result.
  SharedFakeClock clock(kStartMs + 60'000);
  Result<std::unique_ptr<server::ExamHost>> reopened = server::ExamHost::Open(config, clock);
  REQUIRE(reopened.ok());
  server::PeerState peer_state;
  auto peer = std::make_shared<TestPeer>("10.0.0.2");
  Deliver((*reopened)->service(), peer_state, peer,
          {{"type", "hello"}, {"protocol", 1}, {"client", "fault-loop"}});
  Deliver((*reopened)->service(), peer_state, peer,
          {{"type", "login"},
           {"sbd", kSbd},
           {"password", centre.passwords().at(kSbd)},
           {"machine", "PC-01"}});
  REQUIRE_FALSE(peer->Next("login_ok").empty());
  Deliver((*reopened)->service(), peer_state, peer, {{"type", "start"}});
  json::object result = peer->Next("result");
  REQUIRE_FALSE(result.empty());
  CHECK(json::serialize(result.at("receipt")) == acked.receipt);
  (*reopened)->Stop();
}

TEST_CASE("the N-th VFS call fails, for every N through one whole exam", "[server][faults]") {
  InstallFaultyVfs();
  SetDiskFault(DiskFault::kNone);
  struct Disarm {
    ~Disarm() { SetDiskFault(DiskFault::kNone); }
  } disarm;
  const TestCentre centre({.candidates = 1});
  const engine::Form form = IssuedForm(centre.db_path());

  const auto began = std::chrono::steady_clock::now();
  int64_t n = 0;
  int64_t last_calls = 0;
  int open_failures = 0;
  int refusals = 0;
  std::set<std::string> open_errors;
  for (bool fired = true; fired;) {
    ++n;
    INFO("the failing call: N = " << n);
    ScratchDir dir;
    std::filesystem::copy(centre.dir(), dir.path(), std::filesystem::copy_options::recursive);
    server::ServerConfig config = centre.Config();
    config.data_dir = dir.path();
    // The heartbeat only at the start and the stop, so that the calls follow the script.
    config.limits.heartbeat_interval = std::chrono::hours(1);
    SharedFakeClock clock(kStartMs);
    RunStats stats;
    Acknowledged acked;
    {
      Disk disk(config.Resolve(config.database));
      FailNthCall(n);
      Result<std::unique_ptr<server::ExamHost>> host = server::ExamHost::Open(config, clock);
      if (!host.ok()) {
        // Only the fault can fail it, and it says what failed.
        INFO(host.status().ToString());
        CHECK(NthCallFailed());
        std::string said = host.status().ToString();
        const size_t at = said.find(config.Resolve(config.database));
        CHECK(at != std::string::npos);
        // An I/O error is not reported as a damaged database.
        CHECK_FALSE(host.status().IsCorruption());
        if (at != std::string::npos) {
          said.replace(at, dir.path().size(), "DIR");  // one line per kind of message
        }
        open_errors.insert(said);
        stats.open_failed = true;
        SetDiskFault(DiskFault::kNone);
        host = server::ExamHost::Open(config, clock);
        REQUIRE(host.ok());
      }
      Sitting sitting(**host, clock, centre, form, disk, stats);
      sitting.Run();
      acked = sitting.acknowledged();
      (*host)->Stop();
      host->reset();
    }
    fired = NthCallFailed();
    last_calls = CountedCalls();
    SetDiskFault(DiskFault::kNone);
    CheckAfterwards(config, centre, form, acked);
    open_failures += stats.open_failed ? 1 : 0;
    refusals += stats.refusals;
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  WARN("VFS fault loop: " << n << " runs (N = 1.." << n << "; the exam makes " << last_calls
                          << " counted calls), " << open_failures << " failed opens, " << refusals
                          << " refusals retried, " << seconds << " s");
  std::string errors;
  for (const std::string& e : open_errors) {
    errors += "\n  " + e;
  }
  WARN("what the failed opens said:" << errors);
  REQUIRE(n > kMinimumN);
}

}  // namespace
}  // namespace khaothi::testing
