// The server child process of khaothi-loadgen, and the exits that stop it.
//
// The server dies with the load generator: the kernel kills it (PR_SET_PDEATHSIG) when the load
// generator ends in any way, and every exit the load generator sees itself (the end, an error, an
// exception, SIGINT or SIGTERM) stops it with SIGTERM first.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "loadgen.h"

namespace khaothi::loadgen {
namespace {

// The server this process started, or -1. A plain atomic: the signal handler reads it.
std::atomic<pid_t> g_server_pid{-1};

}  // namespace

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

void KillServer() {
  const pid_t pid = g_server_pid.exchange(-1);
  if (pid > 0) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
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

// Starts khaothi-server as a child that the kernel kills (SIGKILL) when this process ends: the
// death signal follows the thread that forks, and this is the main thread, which lives until exit.
ServerProcess StartServer(const Options& o, uint16_t port) {
  const std::string log = o.workdir + "/server.log";
  const std::string err_log = log + ".err";
  std::vector<std::string> argv = {
      o.server, "--data", o.workdir, "--listen-address=127.0.0.1",
      "--listen-port=" + std::to_string(port), "--threads=" + std::to_string(o.server_threads),
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

}  // namespace khaothi::loadgen
