// khaothi-loadgen's parts, shared between its files: the options, the report (latency
// histograms, the server's CPU and memory), the server child process, the centre it builds and
// the check of every acknowledged answer against the database. main.cc says what the tool does.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

#include "khaothi/engine/status.h"

namespace khaothi::loadgen {

using Clock = std::chrono::steady_clock;

struct Options {
  int candidates = 100;
  std::string scenario = "all";
  int seconds = 10;
  int interval_ms = 2000;
  int churn_percent = 5;
  // Reconnects log in with the resume token and resume the TLS session (protocol 1.2); false:
  // as a 1.1 client, the password and a full handshake every time (the baseline).
  bool resume = true;
  int client_threads = 1;
  int server_threads = 2;
  std::string workdir;
  std::string server;
  std::string bank;
  int file_kib = 200;  // practical: the size of each saved work file
  int kills = 5;       // crash: how many times the server is killed
};

// ---- The server child process (server_process.cc).

struct ServerProcess {
  pid_t pid = -1;
  uint16_t port = 0;
};

// Starts khaothi-server on the centre in o.workdir, as a child that the kernel kills when this
// process ends; returns once it listens. Port 0: any free port.
ServerProcess StartServer(const Options& o, uint16_t port = 0);
// Kills the server this process started with SIGKILL, as a power cut would, and reaps it.
void KillServer();
// Stops the server this process started, if it still runs: SIGTERM, then (after 10 s of drain)
// SIGKILL, and reaps it. Only async-signal-safe calls, so the signal handler can use it.
void StopServer();
// SIGINT, SIGTERM: stop the server, then end as the signal would have.
void OnSignal(int sig);
// Prints `what`, stops the server and exits with status 2.
[[noreturn]] void Die(const std::string& what);
// Dies with `what` unless `s` is OK.
void Check(const Status& s, const char* what);

// ---- The report (report.cc).

// Latencies of one kind, in microseconds.
class Histogram {
 public:
  void Add(Clock::duration d);
  void Print(const char* name);
  void Clear();

 private:
  std::mutex mu_;
  std::vector<int64_t> us_;
};

// Shared by the scenarios: what each measures, printed at the end of its phase.
extern Histogram g_login, g_form, g_ack, g_result;

// Prints the heading of a phase.
void Phase(const char* name);
// "VmRSS" / "VmHWM" of a process, in KiB.
long ProcKb(pid_t pid, const char* key);
// CPU time (user + system) a process has used, in seconds.
double ProcCpuSeconds(pid_t pid);

// ---- The centre (centre.cc).

// Builds the centre in o.workdir: the bank, a session of o.candidates candidates without unlock,
// their passwords, opened; the lab PKI and the receipt key. Returns (sbd, password) pairs. For
// the practical scenario the bank also holds the centre's practical packages
// (question-bank/data/practical) and the session's blueprint draws from them.
std::vector<std::pair<std::string, std::string>> BuildCentre(const Options& o);

// What one candidate holds as acknowledged: per slot, the displayed choice (empty: none).
struct AckedAnswers {
  std::string sbd;
  std::vector<std::vector<int>> by_slot;
};

// Compares every acknowledged answer with the database (the server has stopped). Returns
// {acked, lost}.
std::pair<uint64_t, uint64_t> CheckAgainstDatabase(const Options& o,
                                                   const std::vector<AckedAnswers>& all);
// Prints the last line, "acked=N lost=M"; returns the exit status (non-zero when M > 0).
int PrintLoss(uint64_t acked, uint64_t lost);

// ---- The scenarios.

// start, steady, churn, deadline, all: candidates through the client library over TLS against
// the server child process (network_scenarios.cc).
int RunNetwork(const Options& o, const std::vector<std::pair<std::string, std::string>>& accounts);
// practical: stations saving work files over protocol 1.1 (practical_scenario.cc).
int RunPractical(const Options& o,
                 const std::vector<std::pair<std::string, std::string>>& accounts);
// commit: the exam service and the group-commit writer in this process (commit_scenario.cc).
int RunCommit(const Options& o, const std::vector<std::pair<std::string, std::string>>& accounts);

}  // namespace khaothi::loadgen
