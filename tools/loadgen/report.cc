// khaothi-loadgen's report: latency histograms, phase headings, the server's CPU and memory.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <unistd.h>

#include "loadgen.h"

namespace khaothi::loadgen {

Histogram g_login, g_form, g_ack, g_result;

void Histogram::Add(Clock::duration d) {
  std::lock_guard lock(mu_);
  us_.push_back(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

void Histogram::Print(const char* name) {
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

void Histogram::Clear() {
  std::lock_guard lock(mu_);
  us_.clear();
}

void Phase(const char* name) { std::printf("\n== %s\n", name); }

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

int PrintLoss(uint64_t acked, uint64_t lost) {
  std::printf("\nacked answers checked against the database after the server stopped\n");
  std::printf("acked=%lu lost=%lu\n", static_cast<unsigned long>(acked),
              static_cast<unsigned long>(lost));
  return lost == 0 ? 0 : 1;
}

}  // namespace khaothi::loadgen
