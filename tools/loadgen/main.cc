// khaothi-loadgen: N simulated candidates against a real khaothi-server, over TLS on loopback,
// with the real client library.
//
// It builds a centre of its own in --workdir (the centre's bank, a session of N candidates that
// need no unlock), starts khaothi-server as a child process, runs a scenario and prints
// throughput, latency percentiles and the server's memory. At the end it stops the server and
// checks every acknowledged answer against the database; the last line is "acked=N lost=M" and
// the exit status is non-zero when M > 0.
//
// The server dies with the load generator (server_process.cc).
//
// Scenarios:
//   start     all candidates log in and fetch their forms at once (the synchronised start)
//   steady    then each answers a question every --interval-ms for --seconds
//   deadline  then everyone submits at once
//   churn     steady, while --churn-percent of the candidates drop their connection every second;
//             then every candidate drops its connection at once and reconnects (the server's CPU
//             per reconnect). --resume off: reconnects as a 1.1 client (password, full handshake)
//   all       start, steady, churn, deadline in turn
//   crash     steady, while the server is killed with SIGKILL --kills times, evenly over
//             --seconds, and restarted on the same port; the clients reconnect by themselves
//             (the crash loop at scale: every acknowledged answer must survive)
//   commit    the server's exam service and group-commit writer in this process, without TLS
//             and WebSocket: every candidate answers again as soon as its ack arrives, for
//             --seconds; then raw SQLite inserts at the batch size the writer formed, on the same
//             disk, and the ratio of the two (DESIGN.md §7, group commit efficiency)
//   practical every station hands in the theory and starts the practical, then saves a
//             --file-kib file every --interval-ms (30 s unless given) for --seconds; the upload
//             ack's latency and throughput, then raw fsync+rename of the same files on the same
//             disk (practical_scenario.cc)
//
// The files: main.cc the options; network_scenarios.cc the candidates over TLS (the client
// library); commit_scenario.cc the in-process one; server_process.cc the child server and the
// exits; centre.cc the centre and the final check; report.cc the figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <set>
#include <signal.h>
#include <string>
#include <thread>

#include <boost/program_options.hpp>

#include "loadgen.h"

namespace khaothi::loadgen {
namespace {

int Run(const Options& o) {
  std::printf("khaothi-loadgen: %d candidates, scenario %s, resume %s\n", o.candidates,
              o.scenario.c_str(), o.resume ? "on" : "off");
  const auto t_setup = Clock::now();
  const auto accounts = BuildCentre(o);
  std::printf("setup: centre with %d candidates and their forms in %.1f s (%s)\n", o.candidates,
              std::chrono::duration<double>(Clock::now() - t_setup).count(), o.workdir.c_str());
  if (o.scenario == "practical") {
    return RunPractical(o, accounts);
  }
  return o.scenario == "commit" ? RunCommit(o, accounts) : RunNetwork(o, accounts);
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
      "start | steady | churn | deadline | all | crash | commit | practical")(
      "seconds", po::value(&o.seconds)->default_value(10), "length of the answering phases")(
      "interval-ms", po::value(&o.interval_ms)->default_value(2000),
      "each candidate answers this often")("churn-percent",
                                           po::value(&o.churn_percent)->default_value(5),
                                           "candidates whose connection drops each second (churn)")(
      "resume", po::value(&o.resume)->default_value(true),
      "reconnects use the resume token and TLS resumption (on | off: password, full handshake)")(
      "client-threads",
      po::value(&o.client_threads)
          ->default_value(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
      "the clients' I/O threads (default: one per core; each station of a lab does its own "
      "handshake, so one thread would measure the load generator)")(
      "server-threads", po::value(&o.server_threads)->default_value(2), "server I/O threads")(
      "workdir", po::value(&o.workdir), "directory for the generated centre (replaced)")(
      "server", po::value(&o.server), "path of khaothi-server")(
      "bank", po::value(&o.bank), "question-bank/data of the source tree")(
      "file-kib", po::value(&o.file_kib)->default_value(200),
      "practical: KiB of each saved work file")("kills", po::value(&o.kills)->default_value(5),
                                                "crash: SIGKILLs of the server");
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
  static const std::set<std::string> kScenarios = {"start", "steady", "churn",  "deadline",
                                                   "all",   "crash",  "commit", "practical"};
  if (kScenarios.count(o.scenario) == 0) {
    std::fprintf(stderr, "khaothi-loadgen: unknown scenario %s\n", o.scenario.c_str());
    return 2;
  }
  if (o.scenario == "practical" && vm["interval-ms"].defaulted()) {
    o.interval_ms = 30'000;  // a save every 30 s (issue 15)
  }
  if (o.candidates < 1 || o.candidates > 20000 || o.interval_ms < 1 || o.seconds < 1 ||
      o.file_kib < 1 || o.file_kib > 10 * 1024 || o.kills < 1 || o.kills > 100) {
    std::fprintf(stderr,
                 "khaothi-loadgen: candidates 1..20000, interval-ms and seconds >= 1, file-kib "
                 "1..10240, kills 1..100\n");
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
