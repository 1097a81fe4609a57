// khaothi-server: serves one centre's exams. Usage: khaothi-server --data DIR [--option=value...]
// (options as in DIR/khaothi-server.conf; see server/include/khaothi/server/limits.h).
#include <cstdio>
#include <cstring>
#include <signal.h>
#include <string>
#include <unistd.h>
#include <vector>

#include "khaothi/server/config.h"
#include "khaothi/server/server.h"

int main(int argc, char** argv) {
  std::string data_dir = ".";
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::puts(
          "usage: khaothi-server --data DIR [--listen-port=N] [--listen-address=A] ...\n"
          "Serves the centre in DIR (made by 'khaothi init'): TLS 1.3 WebSocket on /ws.\n"
          "Settings come from DIR/khaothi-server.conf; options given here override them.");
      return 0;
    }
    if (a == "--data" && i + 1 < argc) {
      data_dir = argv[++i];
    } else if (a.starts_with("--data=")) {
      data_dir = a.substr(7);
    } else {
      rest.push_back(a);
    }
  }
  auto config = khaothi::server::LoadServerConfig(data_dir, rest);
  if (!config.ok()) {
    std::fprintf(stderr, "khaothi-server: %s\n", config.status().message().c_str());
    return 2;
  }
  // Signals are taken synchronously by the main thread (sigwait), so that shutdown runs as
  // ordinary code rather than inside a signal handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto server = khaothi::server::Server::Create(*config);
  if (!server.ok()) {
    std::fprintf(stderr, "khaothi-server: %s\n", server.status().ToString().c_str());
    return 1;
  }
  (*server)->Start();
  std::printf("khaothi-server: listening on %s:%u (TLS 1.3, WebSocket /ws)\n",
              config->listen_address.c_str(), static_cast<unsigned>((*server)->port()));
  // Where the proctors point their browsers. A wildcard address is reachable under this PC's
  // name (or any of its addresses).
  std::string host = config->listen_address;
  if (host == "0.0.0.0" || host == "::") {
    char name[256] = {};
    host = gethostname(name, sizeof name - 1) == 0 && name[0] != '\0' ? name : "localhost";
  } else if (host.find(':') != std::string::npos) {
    host = "[" + host + "]";
  }
  std::printf("khaothi-server: proctor dashboard at https://%s:%u/ (times in %s)\n", host.c_str(),
              static_cast<unsigned>((*server)->port()), config->time_zone.c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  std::printf("khaothi-server: %s received, shutting down\n",
              sig == SIGTERM ? "SIGTERM" : "SIGINT");
  std::fflush(stdout);
  (*server)->Shutdown();
  (*server)->Wait();
  std::printf("khaothi-server: stopped\n");
  return 0;
}
