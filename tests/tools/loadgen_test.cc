// khaothi-loadgen run as a real process, with the real khaothi-server it starts: the server never
// outlives the load generator (issue 13 item 28), however the load generator ends.
#include <csignal>
#include <fstream>
#include <string>
#include <sys/types.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace khaothi::testing {
namespace {

// True while `pid` runs: it exists and is not a zombie (a killed orphan may wait a moment to be
// reaped by init).
bool Running(pid_t pid) {
  if (kill(pid, 0) != 0) {
    return false;
  }
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z' &&
         stat[paren + 2] != 'X';
}

// Waits at most `limit_ms` for `pid` to stop running.
bool GoneWithin(pid_t pid, int limit_ms) {
  for (int waited = 0; waited <= limit_ms; waited += 10) {
    if (!Running(pid)) {
      return true;
    }
    usleep(10'000);
  }
  return false;
}

TEST_CASE("khaothi-loadgen: the server it started does not outlive it", "[tools][loadgen]") {
  const int sig = GENERATE(SIGKILL, SIGTERM, SIGINT);
  INFO("signal " << sig);
  TempDir dir;
  ChildProcess loadgen({BuiltProgram("tools/khaothi-loadgen"), "-n", "2", "--scenario", "steady",
                        "--seconds", "600", "--workdir", dir.File("centre")});
  // "server: pid 1234 port 5678, ..." once the server listens.
  const std::string line = loadgen.WaitForLine("server: pid", 120'000);
  INFO(loadgen.err());
  REQUIRE_FALSE(line.empty());
  const pid_t server = static_cast<pid_t>(std::stol(line.substr(line.find("pid ") + 4)));
  REQUIRE(server > 0);
  REQUIRE(Running(server));

  loadgen.Signal(sig);
  if (sig == SIGKILL) {
    // Nothing of the load generator runs any more: the kernel kills the server at once.
    CHECK(GoneWithin(server, 1'000));
    CHECK(loadgen.Wait() == -SIGKILL);
  } else {
    // The load generator stops the server (SIGTERM, within its drain time), then ends as the
    // signal asks.
    CHECK(loadgen.Wait() == -sig);
    CHECK(GoneWithin(server, 1'000));
  }
}

}  // namespace
}  // namespace khaothi::testing
