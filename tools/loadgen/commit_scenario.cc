// khaothi-loadgen's commit scenario: the server's exam service and group-commit writer in this
// process, without TLS and WebSocket. Every candidate answers again as soon as its ack arrives,
// for --seconds; then raw SQLite inserts at the batch size the writer formed, on the same disk,
// and the ratio of the two (DESIGN.md §7, group commit efficiency).
#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <time.h>
#include <vector>

#include "khaothi/crypto/crypto.h"
#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/protocol.h"
#include "khaothi/server/exam_host.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "loadgen.h"

namespace khaothi::loadgen {
namespace {

// Whether `frame`, as the server encodes it (its type first), is a message of type `type`. The
// ack path runs on the writer's thread, where decoding every frame would slow what is measured.
bool IsType(const std::string& frame, std::string_view type) {
  const std::string prefix = std::string(R"({"type":")") + std::string(type) + "\"";
  return frame.starts_with(prefix);
}

// What raw SQLite writes with each answer row, to compare the writer with.
enum class RawAudit {
  kNone,       // the answer's upsert alone
  kPerRow,     // and an audit row chained one link per row (the server before migration 13)
  kPerCommit,  // and an audit row with its digest, the last row of the transaction the link
};

// Raw SQLite on the same disk, as the limit group commit is measured against: rows like the
// server's answer rows upserted in WAL, synchronous=FULL transactions of `batch` rows for about
// `seconds`, each with the audit row `audit` says (centre/audit.h has the two chain rules).
// Returns rows per second.
double RawSqliteRate(const std::string& dir, int batch, double seconds,
                     RawAudit audit = RawAudit::kNone) {
  const std::string path = dir + "/raw-baseline.db";
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  auto db = store::Database::Open(path, true);
  Check(db.status(), "raw db");
  Check(db->Exec("CREATE TABLE answers (session_id TEXT NOT NULL, sbd TEXT NOT NULL, slot INTEGER "
                 "NOT NULL, choice TEXT NOT NULL, flagged INTEGER NOT NULL, answer_seq INTEGER NOT "
                 "NULL, flag_seq INTEGER NOT NULL, received_ms INTEGER NOT NULL, PRIMARY KEY "
                 "(session_id, sbd, slot)) STRICT; "
                 "CREATE TABLE audit (seq INTEGER PRIMARY KEY, detail TEXT NOT NULL, prev_hash "
                 "TEXT NOT NULL, hash TEXT NOT NULL) STRICT"),
        "raw schema");
  const auto t0 = Clock::now();
  int64_t rows = 0;
  while (std::chrono::duration<double>(Clock::now() - t0).count() < seconds) {
    Check(db->Exec("BEGIN IMMEDIATE"), "begin");
    std::string link_data;  // kPerCommit: the head, then a digest per row
    int64_t seq = 0;
    if (audit == RawAudit::kPerCommit) {
      store::Statement head = db->Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
      const bool any = *head.Step();
      seq = any ? head.ColumnInt64(0) : 0;
      link_data = any ? head.ColumnText(1) : std::string(64, '0');
    }
    const std::string prev_link = link_data;
    for (int i = 0; i < batch; ++i, ++rows) {
      store::Statement ins = db->Prepare(
          "INSERT INTO answers VALUES ('LOAD', ?1, ?2, '[1]', 0, ?3, 0, 0) "
          "ON CONFLICT(session_id, sbd, slot) DO UPDATE SET answer_seq = excluded.answer_seq");
      const std::string sbd = "L" + std::to_string(rows % 1000);
      ins.Bind(1, sbd);
      ins.Bind(2, static_cast<int64_t>(rows % 30));
      ins.Bind(3, rows);
      Check(ins.Run(), "insert");
      if (audit == RawAudit::kNone) {
        continue;
      }
      const std::string detail = R"({"choice":[1],"outcome":"applied","seq":)" +
                                 std::to_string(rows) + R"(,"slot":)" + std::to_string(rows % 30) +
                                 "}";
      store::Statement add = db->Prepare("INSERT INTO audit VALUES (?1, ?2, ?3, ?4)");
      add.Bind(2, detail);
      if (audit == RawAudit::kPerRow) {
        store::Statement head =
            db->Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
        const bool any = *head.Step();
        const int64_t next = any ? head.ColumnInt64(0) + 1 : 1;
        const std::string prev = any ? head.ColumnText(1) : std::string(64, '0');
        add.Bind(1, next);
        add.Bind(3, prev);
        add.Bind(4, crypto::Sha256Hex(prev + "\n" + sbd + "\n" + detail));
      } else {
        ++seq;
        link_data += "\n" + crypto::Sha256Hex(std::to_string(seq) + "\n" + sbd + "\n" + detail);
        const bool last = i + 1 == batch;
        add.Bind(1, seq);
        add.Bind(3, last ? prev_link : std::string());
        add.Bind(4, last ? crypto::Sha256Hex(link_data) : std::string());
      }
      Check(add.Run(), "audit");
    }
    Check(db->Exec("COMMIT"), "commit");
  }
  return static_cast<double>(rows) / std::chrono::duration<double>(Clock::now() - t0).count();
}

// Raw SQLite writing exactly the rows an ack writes, where the writer writes them: a copy of the
// run's center.db (its tables, constraints, foreign keys, triggers and the rows already there),
// each answer upserted with the server's statement and its audit row with every column, linked
// once per transaction as centre/audit.h's batch rule does. No exam service, no JSON, no queue:
// the limit of the writer's own work. Returns rows per second.
double RawCentreRate(const std::string& dir, const std::vector<std::string>& sbds, int batch,
                     double seconds) {
  const std::string path = dir + "/raw-centre.db";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
  }
  std::filesystem::copy_file(dir + "/center.db", path);
  if (std::filesystem::exists(dir + "/center.db-wal")) {
    std::filesystem::copy_file(dir + "/center.db-wal", path + "-wal");
  }
  auto db = store::Database::Open(path, true);
  Check(db.status(), "raw centre db");
  const auto t0 = Clock::now();
  int64_t rows = 0;
  while (std::chrono::duration<double>(Clock::now() - t0).count() < seconds) {
    Check(db->Exec("BEGIN IMMEDIATE"), "begin");
    store::Statement head = db->Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    const bool any = *head.Step();
    int64_t seq = any ? head.ColumnInt64(0) : 0;
    const std::string prev_link = any ? head.ColumnText(1) : std::string(64, '0');
    std::string link_data =
        prev_link + "\n" + std::to_string(seq + 1) + "\n" + std::to_string(seq + batch);
    store::Statement ins = db->Prepare(
        "INSERT INTO answers(session_id, sbd, slot, choice, flagged, answer_seq, flag_seq, "
        "received_ms) VALUES ('LOAD', ?1, ?2, '[1]', 0, ?3, 0, ?4) "
        "ON CONFLICT(session_id, sbd, slot) DO UPDATE SET choice = excluded.choice, "
        "flagged = excluded.flagged, answer_seq = excluded.answer_seq, "
        "flag_seq = excluded.flag_seq, received_ms = excluded.received_ms");
    store::Statement add = db->Prepare(
        "INSERT INTO audit(seq, at_ms, actor, action, subject, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (int i = 0; i < batch; ++i, ++rows) {
      const std::string& sbd = sbds[static_cast<size_t>(rows) % sbds.size()];
      const int64_t slot = rows % 30;
      const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
      ins.Bind(1, sbd);
      ins.Bind(2, slot);
      ins.Bind(3, rows + 1000000);
      ins.Bind(4, now_ms);
      Check(ins.Run(), "upsert");
      ins.Reset();
      const std::string actor = "candidate:" + sbd;
      const std::string subject = "LOAD/" + sbd;
      const std::string detail = R"({"choice":[1],"outcome":"applied","seq":)" +
                                 std::to_string(rows + 1000000) + R"(,"slot":)" +
                                 std::to_string(slot) + "}";
      ++seq;
      link_data += "\n" + crypto::Sha256Hex(std::to_string(seq) + "\n" + std::to_string(now_ms) +
                                            "\n" + actor + "\nanswer\n" + subject + "\n" + detail);
      const bool last = i + 1 == batch;
      add.Bind(1, seq);
      add.Bind(2, now_ms);
      add.Bind(3, actor);
      add.Bind(4, std::string_view("answer"));
      add.Bind(5, subject);
      add.Bind(6, detail);
      add.Bind(7, last ? std::string_view(prev_link) : std::string_view(""));
      add.Bind(8, last ? crypto::Sha256Hex(link_data) : std::string());
      Check(add.Run(), "audit");
      add.Reset();
    }
    Check(db->Exec("COMMIT"), "commit");
  }
  return static_cast<double>(rows) / std::chrono::duration<double>(Clock::now() - t0).count();
}

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// A connection as the exam service sees it, without a network: what the service sends goes to
// `on_send` (called on the service's and the writer's threads).
class InProcessPeer final : public server::Peer {
 public:
  explicit InProcessPeer(std::function<void(const std::string&)> on_send)
      : on_send_(std::move(on_send)) {}
  void Send(std::string message) override { on_send_(message); }
  void Close(std::string) override {}
  const std::string& address() const override { return address_; }

 private:
  std::function<void(const std::string&)> on_send_;
  const std::string address_ = "127.0.0.1";
};

}  // namespace

// The commit scenario (see the top of this file).
int RunCommit(const Options& o, const std::vector<std::pair<std::string, std::string>>& accounts) {
  // The service and its writer as khaothi-server runs them, over the centre just built.
  server::ServerConfig config;
  config.data_dir = o.workdir;
  config.limits.max_logins_per_address = 1'000'000;  // all simulated PCs share one address here
  auto host = server::ExamHost::Open(config, server::SystemClock());
  Check(host.status(), "exam service");
  server::ExamService& service = (*host)->service();
  server::Writer& writer = (*host)->writer();

  // One candidate: at most one answer in flight; the next goes as soon as the ack arrives.
  struct Candidate {
    std::string sbd;
    server::PeerState state;
    std::shared_ptr<InProcessPeer> peer;
    std::atomic<bool> have_form{false};
    std::mutex mu;
    uint64_t seq = 0;
    int slot = 0;
    std::vector<int> choice;
    Clock::time_point sent;
    std::vector<std::vector<int>> acked = std::vector<std::vector<int>>(30);
  };
  std::mutex ready_mu;
  std::condition_variable ready_cv;
  std::deque<size_t> ready;  // candidates whose last answer is acknowledged (or refused)
  std::atomic<uint64_t> acks{0};
  std::atomic<uint64_t> refusals{0};
  auto make_ready = [&](size_t i) {
    {
      std::lock_guard lock(ready_mu);
      ready.push_back(i);
    }
    ready_cv.notify_one();
  };
  std::vector<std::unique_ptr<Candidate>> cands;
  for (size_t i = 0; i < accounts.size(); ++i) {
    auto c = std::make_unique<Candidate>();
    c->sbd = accounts[i].first;
    Candidate* raw = c.get();
    c->peer = std::make_shared<InProcessPeer>(
        [raw, i, &make_ready, &acks, &refusals](const std::string& m) {
          if (IsType(m, protocol::type::kForm)) {
            raw->have_form = true;
          } else if (IsType(m, protocol::type::kAck)) {
            {
              std::lock_guard lock(raw->mu);
              raw->acked[static_cast<size_t>(raw->slot)] = raw->choice;
              g_ack.Add(Clock::now() - raw->sent);
            }
            ++acks;
            make_ready(i);
          } else if (IsType(m, protocol::type::kError) && raw->have_form) {
            ++refusals;  // busy or not_saved: answer again
            make_ready(i);
          }
        });
    cands.push_back(std::move(c));
  }
  auto handle = [&](Candidate& c, const std::string& json) {
    protocol::Decoded d = protocol::DecodeClientMessage(json);
    if (!d.message) {
      Die("bad message " + json + ": " + d.error.message);
    }
    service.Handle(c.state, *d.message, c.peer);
  };
  Phase("commit: the exam service and the writer in this process, no network");
  for (size_t i = 0; i < cands.size(); ++i) {
    Candidate& c = *cands[i];
    handle(c, protocol::EncodeHello("khaothi-loadgen"));
    handle(c, protocol::EncodeLogin(c.sbd, accounts[i].second, "LOAD-" + c.sbd));
    handle(c, protocol::EncodeStart());
  }
  {
    const auto end = Clock::now() + std::chrono::seconds(120);
    while (Clock::now() < end && !std::all_of(cands.begin(), cands.end(),
                                              [](const auto& c) { return c->have_form.load(); })) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  const auto with_form =
      std::count_if(cands.begin(), cands.end(), [](const auto& c) { return c->have_form.load(); });
  if (static_cast<size_t>(with_form) != cands.size()) {
    Die(std::to_string(with_form) + " of " + std::to_string(cands.size()) +
        " candidates received a form");
  }
  std::printf("  %zu candidates logged in with their forms\n", cands.size());

  // As many producer threads as the server has I/O threads.
  std::atomic<bool> producing{true};
  std::vector<std::thread> producers;
  for (int t = 0; t < o.server_threads; ++t) {
    producers.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t + 1));
      while (producing) {
        size_t i = 0;
        {
          std::unique_lock lock(ready_mu);
          if (!ready_cv.wait_for(lock, std::chrono::milliseconds(50),
                                 [&] { return !ready.empty(); })) {
            continue;
          }
          i = ready.front();
          ready.pop_front();
        }
        Candidate& c = *cands[i];
        protocol::ClientMessage m;
        m.type = protocol::ClientMessageType::kAnswer;
        {
          std::lock_guard lock(c.mu);
          c.slot = static_cast<int>(rng() % 30);
          c.choice = {static_cast<int>(rng() % 4)};
          m.slot = c.slot;
          m.choice = c.choice;
          m.seq = ++c.seq;
          c.sent = Clock::now();
        }
        service.Handle(c.state, m, c.peer);
      }
    });
  }
  for (size_t i = 0; i < cands.size(); ++i) {
    make_ready(i);
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // warm up
  g_ack.Clear();
  const server::Writer::Stats before = writer.stats();
  const uint64_t acks_before = acks;
  const auto t0 = Clock::now();
  const double cpu0 = ProcessCpuSeconds();
  std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
  const double cpu = ProcessCpuSeconds() - cpu0;
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  const uint64_t window_acks = acks - acks_before;
  const server::Writer::Stats after = writer.stats();
  producing = false;
  for (auto& t : producers) {
    t.join();
  }
  // The last answer of each candidate: wait for its ack before the writer stops.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const double writes = static_cast<double>(after.writes - before.writes);
  const double batches = static_cast<double>(after.batches - before.batches);
  const double per_batch = batches > 0 ? writes / batches : 0;
  const double ack_rate = static_cast<double>(window_acks) / secs;
  std::printf("  %lu durable acks in %.2f s: %.0f acks/s (%lu refused as busy and resent)\n",
              static_cast<unsigned long>(window_acks), secs, ack_rate,
              static_cast<unsigned long>(refusals.load()));
  std::printf("  writer: %.0f commits, %.1f writes per commit\n", batches, per_batch);
  std::printf("  CPU of this process (service, writer, producers): %.2f s, %.2f us per ack\n", cpu,
              window_acks > 0 ? 1e6 * cpu / static_cast<double>(window_acks) : 0.0);
  g_ack.Print("ack");
  std::vector<AckedAnswers> acked_answers;
  for (auto& c : cands) {
    std::lock_guard lock(c->mu);
    acked_answers.push_back({c->sbd, c->acked});
  }
  host->reset();

  Phase("group commit against its limit: raw SQLite inserts, WAL + synchronous=FULL, same disk");
  const int same_batch = std::max(1, static_cast<int>(per_batch + 0.5));
  const double raw_same = RawSqliteRate(o.workdir, same_batch, 3.0);
  std::printf("  raw SQLite, %4d rows per transaction (the writer's): %9.0f rows/s\n", same_batch,
              raw_same);
  const double raw_audit = RawSqliteRate(o.workdir, same_batch, 3.0, RawAudit::kPerCommit);
  std::printf(
      "  raw SQLite, %4d rows per transaction, each with an audit row, one link per "
      "transaction: %9.0f rows/s\n",
      same_batch, raw_audit);
  const double raw_audit_per_row = RawSqliteRate(o.workdir, same_batch, 3.0, RawAudit::kPerRow);
  std::printf(
      "  raw SQLite, %4d rows per transaction, each with an audit row linked on its own: "
      "%9.0f rows/s\n",
      same_batch, raw_audit_per_row);
  for (int batch : {1, 10, 100, 1000}) {
    std::printf("  raw SQLite, %4d rows per transaction:                %9.0f rows/s\n", batch,
                RawSqliteRate(o.workdir, batch, 2.0));
  }
  std::printf(
      "  group commit: %.0f acks/s = %.1f %% of raw SQLite inserts at the same batch "
      "size\n",
      ack_rate, 100.0 * ack_rate / raw_same);
  std::printf(
      "                               = %.1f %% of raw SQLite doing the same rows "
      "(answer + audit row, one link per transaction)\n",
      100.0 * ack_rate / raw_audit);
  std::printf(
      "                               = %.1f %% of raw SQLite linking every audit row on its "
      "own (the rule before migration 13)\n",
      100.0 * ack_rate / raw_audit_per_row);
  std::vector<std::string> sbds;
  for (const auto& account : accounts) {
    sbds.push_back(account.first);
  }
  const double raw_centre = RawCentreRate(o.workdir, sbds, same_batch, 3.0);
  std::printf(
      "  raw SQLite, %4d rows per transaction, the same rows into a copy of center.db (its "
      "tables, keys and triggers): %9.0f rows/s\n",
      same_batch, raw_centre);
  std::printf(
      "  group commit: %.0f acks/s = %.1f %% of raw SQLite writing the same rows into the same "
      "tables\n",
      ack_rate, 100.0 * ack_rate / raw_centre);
  const auto [acked, lost] = CheckAgainstDatabase(o, acked_answers);
  return PrintLoss(acked, lost);
}

}  // namespace khaothi::loadgen
