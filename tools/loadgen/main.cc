// khaothi-loadgen: N simulated candidates against a real khaothi-server, over TLS on loopback,
// with the real client library.
//
// It builds a centre of its own in --workdir (the centre's bank, a session of N candidates that
// need no unlock), starts khaothi-server as a child process, runs a scenario and prints
// throughput, latency percentiles and the server's memory. At the end it stops the server and
// checks every acknowledged answer against the database; the last line is "acked=N lost=M" and
// the exit status is non-zero when M > 0.
//
// The server dies with the load generator: the kernel kills it (PR_SET_PDEATHSIG) when the load
// generator ends in any way, and every exit the load generator sees itself (the end, an error, an
// exception, SIGINT or SIGTERM) stops it with SIGTERM first.
//
// Scenarios:
//   start     all candidates log in and fetch their forms at once (the synchronised start)
//   steady    then each answers a question every --interval-ms for --seconds
//   deadline  then everyone submits at once
//   churn     steady, while --churn-percent of the candidates drop their connection every second
//   all       start, steady, churn, deadline in turn
//   commit    the server's exam service and group-commit writer in this process, without TLS
//             and WebSocket: every candidate answers again as soon as its ack arrives, for
//             --seconds; then raw SQLite inserts at the batch size the writer formed, on the same
//             disk, and the ratio of the two (DESIGN.md §7, group commit efficiency)
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <signal.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include "khaothi/bank/import.h"
#include "khaothi/centre/centre.h"
#include "khaothi/client/exam_client.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/server/protocol.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

// The server's internals, for the in-process commit scenario only.
#include "khaothi/server/exam_service.h"
#include "khaothi/server/writer.h"

namespace khaothi::loadgen {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;
using client::EventType;

struct Options {
  int candidates = 100;
  std::string scenario = "all";
  int seconds = 10;
  int interval_ms = 2000;
  int churn_percent = 5;
  int client_threads = 1;
  int server_threads = 2;
  std::string workdir;
  std::string server;
  std::string bank;
};

// The server this process started, or -1. A plain atomic: the signal handler reads it.
std::atomic<pid_t> g_server_pid{-1};

// Stops the server this process started, if it still runs: SIGTERM, then (after 10 s of drain)
// SIGKILL, and reaps it. Only async-signal-safe calls, so the signal handler can use it.
void StopServer() {
  const pid_t pid = g_server_pid.exchange(-1);
  if (pid <= 0) {
    return;
  }
  kill(pid, SIGTERM);
  for (int i = 0; i < 1000; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) != 0) {
      return;
    }
    const timespec ten_ms{0, 10'000'000};
    nanosleep(&ten_ms, nullptr);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

// SIGINT, SIGTERM: stop the server, then end as the signal would have.
void OnSignal(int sig) {
  StopServer();
  signal(sig, SIG_DFL);
  raise(sig);
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "khaothi-loadgen: %s\n", what.c_str());
  StopServer();
  std::exit(2);
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    Die(std::string(what) + ": " + s.ToString());
  }
}

// Latencies of one kind, in microseconds.
class Histogram {
 public:
  void Add(Clock::duration d) {
    std::lock_guard lock(mu_);
    us_.push_back(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
  }
  void Print(const char* name) {
    std::lock_guard lock(mu_);
    if (us_.empty()) {
      std::printf("  %-8s (none)\n", name);
      return;
    }
    std::sort(us_.begin(), us_.end());
    auto at = [&](double q) {
      return static_cast<double>(us_[std::min(
                 us_.size() - 1, static_cast<size_t>(q * static_cast<double>(us_.size())))]) /
             1000.0;
    };
    std::printf("  %-8s n=%-7zu p50=%8.2f ms  p95=%8.2f ms  p99=%8.2f ms  max=%8.2f ms\n", name,
                us_.size(), at(0.50), at(0.95), at(0.99), static_cast<double>(us_.back()) / 1000.0);
  }
  void Clear() {
    std::lock_guard lock(mu_);
    us_.clear();
  }

 private:
  std::mutex mu_;
  std::vector<int64_t> us_;
};

struct Sim {
  std::string sbd;
  std::string password;
  std::shared_ptr<client::ExamClient> client;
  std::mutex mu;
  Clock::time_point login_sent, start_sent, submit_sent;
  std::map<uint64_t, Clock::time_point> sent;  // seq -> when Answer() was called
  std::atomic<bool> logged_in{false}, have_form{false}, have_result{false};
};

Histogram g_login, g_form, g_ack, g_result;
std::atomic<uint64_t> g_acks{0};

// Builds the centre: bank, session of n candidates without unlock, passwords, opened; the lab
// PKI and receipt key. Returns sbd -> password.
std::vector<std::pair<std::string, std::string>> BuildCentre(const Options& o) {
  fs::remove_all(o.workdir);
  fs::create_directories(o.workdir + "/keys");
  const std::string db_path = o.workdir + "/center.db";
  auto bank = store::ItemStore::Open(db_path, true);
  Check(bank.status(), "open store");
  std::vector<engine::Item> items;
  for (const auto& entry : fs::directory_iterator(o.bank)) {
    if (entry.path().extension() != ".bank") {
      continue;
    }
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = bank::ParseSource(text, entry.path().string(), bank::Format::kNative, {});
    if (parsed.has_errors()) {
      Die("bank: " + parsed.diagnostics.front().ToString());
    }
    for (auto& s : parsed.items) {
      items.push_back(std::move(s.item));
    }
  }
  Check((*bank)->Import(items, o.bank).status(), "import bank");
  auto db = store::Database::Open(db_path, false);
  Check(db.status(), "open db");
  const centre::Change change{"cli:loadgen", 0};
  Check(centre::InitCentre(*db, "LOADGEN", "Trung tâm thử tải", change), "init");
  std::ifstream bp_in(o.bank + "/blueprints/basic-30.blueprint");
  std::string blueprint((std::istreambuf_iterator<char>(bp_in)), std::istreambuf_iterator<char>());
  centre::SessionSpec spec{"LOAD", "Ca thử tải", "2026-12-31", blueprint, {"P1"}, 240, false};
  Check(centre::CreateSession(*db, spec, change), "session");
  std::string csv = "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n";
  for (int i = 0; i < o.candidates; ++i) {
    char line[160];
    std::snprintf(line, sizeof line, "L%05d,Nguyễn Văn Thử %d,01/01/2000,Nam,Hà Nội,%012d,P1\n",
                  i + 1, i + 1, 100000000 + i);
    csv += line;
  }
  Check(centre::ImportCandidates(*db, "LOAD", csv, change).status(), "candidates");
  auto issued = centre::IssuePasswords(*db, "LOAD", {}, change);
  Check(issued.status(), "passwords");
  Check(centre::OpenSession(*db, **bank, "LOAD", change).status(), "open session");
  Check(crypto::CreateLabPki(o.workdir + "/tls", "Trung tâm thử tải", {"localhost"}, {"127.0.0.1"}),
        "pki");
  auto key = crypto::SigningKey::Generate();
  Check(crypto::WriteSecretFile(o.workdir + "/keys/receipt-key.pem", *key.ToPrivatePem("")), "key");
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : *issued) {
    out.emplace_back(p.candidate.sbd, p.password);
  }
  return out;
}

struct ServerProcess {
  pid_t pid = -1;
  uint16_t port = 0;
};

// Starts khaothi-server as a child that the kernel kills (SIGKILL) when this process ends: the
// death signal follows the thread that forks, and this is the main thread, which lives until exit.
ServerProcess StartServer(const Options& o) {
  const std::string log = o.workdir + "/server.log";
  const std::string err_log = log + ".err";
  std::vector<std::string> argv = {
      o.server, "--data", o.workdir, "--listen-address=127.0.0.1", "--listen-port=0",
      "--threads=" + std::to_string(o.server_threads),
      // All simulated PCs share one address here.
      "--limit-max-logins-per-address=1000000", "--limit-max-connections=100000"};
  std::vector<char*> args;
  for (auto& a : argv) {
    args.push_back(a.data());
  }
  args.push_back(nullptr);
  const pid_t parent = getpid();
  ServerProcess p;
  p.pid = fork();
  if (p.pid < 0) {
    Die("cannot start " + o.server + ": " + std::strerror(errno));
  }
  if (p.pid == 0) {
    // The child: async-signal-safe calls only, until exec. If the parent died before the death
    // signal was set, nobody would stop this server: give up.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
      _exit(127);
    }
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int err = open(err_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
      _exit(127);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  g_server_pid = p.pid;
  for (int i = 0; i < 600 && p.port == 0; ++i) {
    if (waitpid(p.pid, nullptr, WNOHANG) == p.pid) {
      g_server_pid = -1;
      Die("the server ended at start; see " + err_log);
    }
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (auto at = text.find("listening on 127.0.0.1:"); at != std::string::npos) {
      p.port = static_cast<uint16_t>(std::stoi(text.substr(at + 23)));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  if (p.port == 0) {
    Die("the server did not start; see " + err_log);
  }
  return p;
}

// "VmRSS" / "VmHWM" of a process, in KiB.
long ProcKb(pid_t pid, const char* key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(key)) {
      return std::stol(line.substr(line.find(':') + 1));
    }
  }
  return -1;
}

// CPU time (user + system) a process has used, in seconds: fields 14 and 15 of /proc/PID/stat.
double ProcCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
  std::istringstream rest(stat.substr(stat.rfind(')') + 2));
  std::string field;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) {
      utime = std::stoull(field);
    } else if (i == 15) {
      stime = std::stoull(field);
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

bool WaitAll(const std::vector<std::unique_ptr<Sim>>& sims, std::atomic<bool> Sim::*flag,
             std::chrono::seconds limit) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    if (std::all_of(sims.begin(), sims.end(), [&](const auto& s) { return ((*s).*flag).load(); })) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

void Phase(const char* name) { std::printf("\n== %s\n", name); }

// Raw SQLite on the same disk, as the limit group commit is measured against: rows like the
// server's answer rows upserted in WAL, synchronous=FULL transactions of `batch` rows for about
// `seconds`. With `audit_row`, each row also appends a chained audit row as the server does for
// every answer (read the chain's head, SHA-256, insert). Returns rows per second.
double RawSqliteRate(const std::string& dir, int batch, double seconds, bool audit_row = false) {
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
    for (int i = 0; i < batch; ++i, ++rows) {
      store::Statement ins = db->Prepare(
          "INSERT INTO answers VALUES ('LOAD', ?1, ?2, '[1]', 0, ?3, 0, 0) "
          "ON CONFLICT(session_id, sbd, slot) DO UPDATE SET answer_seq = excluded.answer_seq");
      const std::string sbd = "L" + std::to_string(rows % 1000);
      ins.Bind(1, sbd);
      ins.Bind(2, static_cast<int64_t>(rows % 30));
      ins.Bind(3, rows);
      Check(ins.Run(), "insert");
      if (audit_row) {
        store::Statement head =
            db->Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
        const bool any = *head.Step();
        const int64_t seq = any ? head.ColumnInt64(0) + 1 : 1;
        const std::string prev = any ? head.ColumnText(1) : std::string(64, '0');
        const std::string detail = R"({"choice":[1],"outcome":"applied","seq":)" +
                                   std::to_string(rows) + R"(,"slot":)" +
                                   std::to_string(rows % 30) + "}";
        store::Statement add = db->Prepare("INSERT INTO audit VALUES (?1, ?2, ?3, ?4)");
        add.Bind(1, seq);
        add.Bind(2, detail);
        add.Bind(3, prev);
        add.Bind(4, crypto::Sha256Hex(prev + "\n" + sbd + "\n" + detail));
        Check(add.Run(), "audit");
      }
    }
    Check(db->Exec("COMMIT"), "commit");
  }
  return static_cast<double>(rows) / std::chrono::duration<double>(Clock::now() - t0).count();
}

// What one candidate holds as acknowledged: per slot, the displayed choice (empty: none).
struct AckedAnswers {
  std::string sbd;
  std::vector<std::vector<int>> by_slot;
};

// Compares every acknowledged answer with the database (the server has stopped). Returns
// {acked, lost}.
std::pair<uint64_t, uint64_t> CheckAgainstDatabase(const Options& o,
                                                   const std::vector<AckedAnswers>& all) {
  auto db = store::Database::Open(o.workdir + "/center.db", false);
  Check(db.status(), "reopen");
  uint64_t acked = 0;
  uint64_t lost = 0;
  for (const AckedAnswers& a : all) {
    auto form = centre::GetForm(*db, "LOAD", a.sbd);
    Check(form.status(), "form");
    std::map<int, std::vector<int>> stored;
    store::Statement st =
        db->Prepare("SELECT slot, choice FROM answers WHERE session_id = 'LOAD' AND sbd = ?1");
    st.Bind(1, a.sbd);
    while (*st.Step()) {
      const boost::json::value v = boost::json::parse(st.ColumnText(1));
      std::vector<int> c;
      for (const auto& x : v.as_array()) {
        c.push_back(static_cast<int>(x.as_int64()));
      }
      stored[st.ColumnInt(0)] = c;
    }
    for (size_t slot = 0; slot < a.by_slot.size(); ++slot) {
      if (a.by_slot[slot].empty()) {
        continue;
      }
      std::vector<int> authored;
      for (int d : a.by_slot[slot]) {
        authored.push_back(form->slots[slot].option_order[static_cast<size_t>(d)]);
      }
      std::sort(authored.begin(), authored.end());
      ++acked;
      if (stored[static_cast<int>(slot)] != authored) {
        ++lost;
      }
    }
  }
  return {acked, lost};
}

int PrintLoss(uint64_t acked, uint64_t lost) {
  std::printf("\nacked answers checked against the database after the server stopped\n");
  std::printf("acked=%lu lost=%lu\n", static_cast<unsigned long>(acked),
              static_cast<unsigned long>(lost));
  return lost == 0 ? 0 : 1;
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

// The commit scenario (see the top of this file).
int RunCommit(const Options& o, const std::vector<std::pair<std::string, std::string>>& accounts) {
  const std::string db_path = o.workdir + "/center.db";
  server::ServerLimits limits;
  limits.max_logins_per_address = 1'000'000;  // all simulated PCs share one address here
  const engine::Clock& clock = server::SystemClock();
  auto write_db = store::Database::Open(db_path, false);
  Check(write_db.status(), "open writer db");
  auto read_db = store::Database::Open(db_path, false);
  Check(read_db.status(), "open read db");
  std::ifstream key_in(o.workdir + "/keys/receipt-key.pem");
  const std::string pem((std::istreambuf_iterator<char>(key_in)), std::istreambuf_iterator<char>());
  auto key = crypto::SigningKey::FromPrivatePem(pem, "");
  Check(key.status(), "receipt key");
  server::Writer writer(
      std::move(*write_db), limits.max_pending_writes, limits.heartbeat_interval,
      [&clock](store::Database& db) { return server::ExamService::WriteHeartbeat(db, clock); });
  auto service =
      server::ExamService::Create(std::move(*read_db), writer, clock, limits, std::move(*key));
  Check(service.status(), "exam service");
  writer.StartHeartbeat();

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
          if (m.starts_with(R"({"type":"form")")) {
            raw->have_form = true;
          } else if (m.starts_with(R"({"type":"ack")")) {
            {
              std::lock_guard lock(raw->mu);
              raw->acked[static_cast<size_t>(raw->slot)] = raw->choice;
              g_ack.Add(Clock::now() - raw->sent);
            }
            ++acks;
            make_ready(i);
          } else if (m.starts_with(R"({"type":"error")") && raw->have_form) {
            ++refusals;  // busy or not_saved: answer again
            make_ready(i);
          }
        });
    cands.push_back(std::move(c));
  }
  auto handle = [&](Candidate& c, const std::string& json) {
    server::Decoded d = server::DecodeClientMessage(json);
    if (!d.message) {
      Die("bad message " + json);
    }
    (*service)->Handle(c.state, *d.message, c.peer);
  };
  Phase("commit: the exam service and the writer in this process, no network");
  for (size_t i = 0; i < cands.size(); ++i) {
    Candidate& c = *cands[i];
    handle(c, R"({"type":"hello","protocol":1,"client":"khaothi-loadgen"})");
    handle(c, boost::json::serialize(boost::json::object{{"type", "login"},
                                                         {"sbd", c.sbd},
                                                         {"password", accounts[i].second},
                                                         {"machine", "LOAD-" + c.sbd}}));
    handle(c, R"({"type":"start"})");
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
        server::ClientMessage m;
        m.type = server::ClientMessageType::kAnswer;
        {
          std::lock_guard lock(c.mu);
          c.slot = static_cast<int>(rng() % 30);
          c.choice = {static_cast<int>(rng() % 4)};
          m.slot = c.slot;
          m.choice = c.choice;
          m.seq = ++c.seq;
          c.sent = Clock::now();
        }
        (*service)->Handle(c.state, m, c.peer);
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
  std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
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
  g_ack.Print("ack");
  std::vector<AckedAnswers> acked_answers;
  for (auto& c : cands) {
    std::lock_guard lock(c->mu);
    acked_answers.push_back({c->sbd, c->acked});
  }
  service->reset();
  writer.Stop();

  Phase("group commit against its limit: raw SQLite inserts, WAL + synchronous=FULL, same disk");
  const int same_batch = std::max(1, static_cast<int>(per_batch + 0.5));
  const double raw_same = RawSqliteRate(o.workdir, same_batch, 3.0);
  std::printf("  raw SQLite, %4d rows per transaction (the writer's): %9.0f rows/s\n", same_batch,
              raw_same);
  const double raw_audit = RawSqliteRate(o.workdir, same_batch, 3.0, /*audit_row=*/true);
  std::printf(
      "  raw SQLite, %4d rows per transaction, each with a chained audit row:  %9.0f "
      "rows/s\n",
      same_batch, raw_audit);
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
      "(answer + chained audit row)\n",
      100.0 * ack_rate / raw_audit);
  const auto [acked, lost] = CheckAgainstDatabase(o, acked_answers);
  return PrintLoss(acked, lost);
}

int Run(const Options& o) {
  std::printf("khaothi-loadgen: %d candidates, scenario %s\n", o.candidates, o.scenario.c_str());
  const auto t_setup = Clock::now();
  auto accounts = BuildCentre(o);
  std::printf("setup: centre with %d candidates and their forms in %.1f s (%s)\n", o.candidates,
              std::chrono::duration<double>(Clock::now() - t_setup).count(), o.workdir.c_str());
  if (o.scenario == "commit") {
    return RunCommit(o, accounts);
  }
  ServerProcess server = StartServer(o);
  const long rss_idle = ProcKb(server.pid, "VmRSS");
  std::printf("server: pid %d port %u, RSS %ld KiB before any connection\n", server.pid,
              server.port, rss_idle);

  std::ifstream ca_in(o.workdir + "/tls/ca.pem");
  const std::string ca((std::istreambuf_iterator<char>(ca_in)), std::istreambuf_iterator<char>());
  net::io_context ioc;
  auto work = net::make_work_guard(ioc);
  std::vector<std::thread> threads;
  for (int i = 0; i < o.client_threads; ++i) {
    threads.emplace_back([&] { ioc.run(); });
  }
  std::vector<std::unique_ptr<Sim>> sims;
  for (auto& [sbd, password] : accounts) {
    auto sim = std::make_unique<Sim>();
    sim->sbd = sbd;
    sim->password = password;
    Sim* raw = sim.get();
    client::ClientOptions co;
    co.host = "127.0.0.1";
    co.port = server.port;
    co.ca_pem = ca;
    co.machine = "LOAD-" + sbd;
    co.connect_timeout = std::chrono::seconds(30);
    sim->client = client::ExamClient::Create(ioc.get_executor(), co, [raw](const client::Event& e) {
      const auto now = Clock::now();
      std::lock_guard lock(raw->mu);
      switch (e.type) {
        case EventType::kLoggedIn:
          if (!raw->logged_in) {
            g_login.Add(now - raw->login_sent);
            raw->logged_in = true;
          }
          break;
        case EventType::kForm:
          if (!raw->have_form) {
            g_form.Add(now - raw->start_sent);
            raw->have_form = true;
          }
          break;
        case EventType::kAck:
          if (auto it = raw->sent.find(e.seq); it != raw->sent.end()) {
            g_ack.Add(now - it->second);
            raw->sent.erase(it);
          }
          ++g_acks;
          break;
        case EventType::kResult:
          if (!raw->have_result) {
            g_result.Add(now - raw->submit_sent);
            raw->have_result = true;
          }
          break;
        default:
          break;
      }
    });
    sims.push_back(std::move(sim));
  }

  // ---- The synchronised start: everyone logs in and asks for the form at once.
  Phase("start: all candidates log in and fetch their forms at once");
  const double cpu_before_start = ProcCpuSeconds(server.pid);
  const auto t_start = Clock::now();
  for (auto& s : sims) {
    {
      std::lock_guard lock(s->mu);
      s->login_sent = s->start_sent = Clock::now();
    }
    s->client->Connect();
    s->client->Login(s->sbd, s->password);
    s->client->Start();
  }
  const bool all_forms = WaitAll(sims, &Sim::have_form, std::chrono::seconds(120));
  const double start_s = std::chrono::duration<double>(Clock::now() - t_start).count();
  std::printf("  %d of %d candidates had their forms after %.2f s\n",
              static_cast<int>(std::count_if(sims.begin(), sims.end(),
                                             [](auto& s) { return s->have_form.load(); })),
              o.candidates, start_s);
  g_login.Print("login");
  g_form.Print("form");
  const double start_cpu = ProcCpuSeconds(server.pid) - cpu_before_start;
  std::printf("  server CPU %.2f s: %.2f ms per candidate\n", start_cpu,
              1000.0 * start_cpu / o.candidates);
  const long rss_burst = ProcKb(server.pid, "VmRSS");
  std::printf("  server RSS %ld KiB just after the start: %.1f KiB per candidate\n", rss_burst,
              static_cast<double>(rss_burst - rss_idle) / o.candidates);
  if (!all_forms) {
    Die("not every candidate received a form");
  }
  // What the candidates keep for the rest of the exam: measured once the server has handed the
  // start's transient memory back (server limit memory_trim_interval, 10 s), while every
  // candidate stays connected and reads a question.
  std::this_thread::sleep_for(std::chrono::seconds(11));
  const long rss_connected = ProcKb(server.pid, "VmRSS");
  std::printf(
      "  server RSS %ld KiB with %d candidates connected, 11 s later: %.1f KiB per "
      "candidate (peak %ld KiB)\n",
      rss_connected, o.candidates, static_cast<double>(rss_connected - rss_idle) / o.candidates,
      ProcKb(server.pid, "VmHWM"));

  std::mt19937 rng(1);
  auto answer_phase = [&](const char* name, bool churn) {
    Phase(name);
    g_ack.Clear();
    const uint64_t acks_before = g_acks;
    const double cpu_before = ProcCpuSeconds(server.pid);
    const auto t0 = Clock::now();
    const auto end = t0 + std::chrono::seconds(o.seconds);
    // Each candidate answers on its own schedule, spread evenly over the interval.
    std::vector<Clock::time_point> next(sims.size());
    for (size_t i = 0; i < sims.size(); ++i) {
      next[i] = t0 + std::chrono::milliseconds(o.interval_ms) * i / sims.size();
    }
    auto next_churn = t0 + std::chrono::seconds(1);
    int dropped = 0;
    while (Clock::now() < end) {
      const auto now = Clock::now();
      for (size_t i = 0; i < sims.size(); ++i) {
        if (now < next[i]) {
          continue;
        }
        next[i] += std::chrono::milliseconds(o.interval_ms);
        Sim& s = *sims[i];
        const int slot = static_cast<int>(rng() % 30);
        std::lock_guard lock(s.mu);
        const uint64_t seq = s.client->Answer(slot, {static_cast<int>(rng() % 4)});
        if (seq != 0) {
          s.sent[seq] = now;
        }
      }
      if (churn && now >= next_churn) {
        next_churn += std::chrono::seconds(1);
        for (auto& s : sims) {
          if (static_cast<int>(rng() % 100) < o.churn_percent) {
            s->client->Reconnect();
            ++dropped;
          }
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    // Let every pending answer be acknowledged.
    const auto drain_end = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < drain_end && std::any_of(sims.begin(), sims.end(), [](auto& s) {
             return s->client->pending_count() > 0;
           })) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    const uint64_t acks = g_acks - acks_before;
    std::printf("  %lu durable acks in %.2f s: %.0f acks/s%s\n", static_cast<unsigned long>(acks),
                secs, static_cast<double>(acks) / secs,
                churn ? (" (" + std::to_string(dropped) + " connections dropped)").c_str() : "");
    g_ack.Print("ack");
    const double cpu = ProcCpuSeconds(server.pid) - cpu_before;
    std::printf("  server CPU %.2f s (%.0f %% of one core): %.1f us per ack\n", cpu,
                100.0 * cpu / secs, acks > 0 ? 1e6 * cpu / static_cast<double>(acks) : 0.0);
    std::printf("  server RSS %ld KiB, peak %ld KiB\n", ProcKb(server.pid, "VmRSS"),
                ProcKb(server.pid, "VmHWM"));
  };
  if (o.scenario == "steady" || o.scenario == "all") {
    answer_phase("steady: each candidate answers every interval", false);
  }
  if (o.scenario == "churn" || o.scenario == "all") {
    answer_phase("churn: answering while connections drop and reconnect", true);
  }
  if (o.scenario == "deadline" || o.scenario == "all") {
    Phase("deadline: everyone submits at once");
    const auto t0 = Clock::now();
    for (auto& s : sims) {
      {
        std::lock_guard lock(s->mu);
        s->submit_sent = Clock::now();
      }
      s->client->Submit();
    }
    WaitAll(sims, &Sim::have_result, std::chrono::seconds(120));
    std::printf("  %d results after %.2f s\n",
                static_cast<int>(std::count_if(sims.begin(), sims.end(),
                                               [](auto& s) { return s->have_result.load(); })),
                std::chrono::duration<double>(Clock::now() - t0).count());
    g_result.Print("result");
  }

  // ---- Stop, then check every acknowledged answer against the database.
  // Stop() ends every operation of a client, so the I/O threads return once all have ended
  // (STYLE.md rule 11). ioc.stop() is only the bound: a client destroyed with operations still
  // queued in the io_context would free their timers and streams under it.
  for (auto& s : sims) {
    s->client->Stop();
  }
  work.reset();
  const auto stop_end = Clock::now() + std::chrono::seconds(30);
  while (!ioc.stopped() && Clock::now() < stop_end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const bool clients_ended = ioc.stopped();
  ioc.stop();
  for (auto& t : threads) {
    t.join();
  }
  if (!clients_ended) {
    std::fprintf(stderr, "khaothi-loadgen: clients still busy 30 s after Stop()\n");
  }
  StopServer();

  std::vector<AckedAnswers> acked_answers;
  for (auto& s : sims) {
    AckedAnswers a{s->sbd, {}};
    for (const auto& slot : s->client->answers()) {
      a.by_slot.push_back(slot.pending ? std::vector<int>{} : slot.choice);
    }
    acked_answers.push_back(std::move(a));
  }
  const auto [acked, lost] = CheckAgainstDatabase(o, acked_answers);
  const int status = PrintLoss(acked, lost);
  return clients_ended ? status : 1;
}

}  // namespace
}  // namespace khaothi::loadgen

int main(int argc, char** argv) {
  using khaothi::loadgen::Options;
  Options o;
  namespace po = boost::program_options;
  po::options_description desc("khaothi-loadgen options");
  desc.add_options()("help", "show this help")(
      "candidates,n", po::value(&o.candidates)->default_value(100), "simulated candidates")(
      "scenario", po::value(&o.scenario)->default_value("all"),
      "start | steady | churn | deadline | all | commit")(
      "seconds", po::value(&o.seconds)->default_value(10), "length of the answering phases")(
      "interval-ms", po::value(&o.interval_ms)->default_value(2000),
      "each candidate answers this often")("churn-percent",
                                           po::value(&o.churn_percent)->default_value(5),
                                           "candidates whose connection drops each second (churn)")(
      "client-threads", po::value(&o.client_threads)->default_value(1), "loadgen I/O threads")(
      "server-threads", po::value(&o.server_threads)->default_value(2), "server I/O threads")(
      "workdir", po::value(&o.workdir), "directory for the generated centre (replaced)")(
      "server", po::value(&o.server), "path of khaothi-server")(
      "bank", po::value(&o.bank), "question-bank/data of the source tree");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "khaothi-loadgen: %s\n", e.what());
    return 2;
  }
  if (vm.count("help") != 0U) {
    std::cout << desc << "\n";
    return 0;
  }
  const std::filesystem::path self = std::filesystem::canonical("/proc/self/exe").parent_path();
  if (o.server.empty()) {
    o.server = (self / "../server/khaothi-server").lexically_normal().string();
  }
  if (o.bank.empty()) {
    o.bank = KHAOTHI_SOURCE_DIR "/question-bank/data";
  }
  if (o.workdir.empty()) {
    o.workdir = (std::filesystem::temp_directory_path() / "khaothi-loadgen").string();
  }
  static const std::set<std::string> kScenarios = {"start",    "steady", "churn",
                                                   "deadline", "all",    "commit"};
  if (kScenarios.count(o.scenario) == 0) {
    std::fprintf(stderr, "khaothi-loadgen: unknown scenario %s\n", o.scenario.c_str());
    return 2;
  }
  if (o.candidates < 1 || o.candidates > 20000 || o.interval_ms < 1 || o.seconds < 1) {
    std::fprintf(stderr, "khaothi-loadgen: candidates 1..20000, interval-ms and seconds >= 1\n");
    return 2;
  }
  // Progress lines reach a log file (nohup, a test) as they are printed.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  struct sigaction sa {};
  sa.sa_handler = khaothi::loadgen::OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  try {
    const int status = khaothi::loadgen::Run(o);
    khaothi::loadgen::StopServer();  // already stopped unless Run() ended early
    return status;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "khaothi-loadgen: %s\n", e.what());
    khaothi::loadgen::StopServer();
    return 2;
  }
}
