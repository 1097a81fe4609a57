#include "tmux_driver.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include "test_util.h"

namespace khaothi::testing {
namespace {

std::atomic<int> g_counter{0};

}  // namespace

TmuxClient::TmuxClient(const std::string& command, int width, int height)
    : socket_("khaothi-client-test-" + std::to_string(getpid()) + "-" +
              std::to_string(g_counter++)) {
  Tmux({"new-session", "-d", "-x", std::to_string(width), "-y", std::to_string(height), "-e",
        "LANG=C.UTF-8", "env LANG=C.UTF-8 " + command});
  Tmux({"set-option", "-g", "remain-on-exit", "on"});
}

TmuxClient::~TmuxClient() {
  Tmux({"kill-server"});
  // tmux leaves its socket file behind; remove it so test runs do not pile them up.
  const char* tmpdir = std::getenv("TMUX_TMPDIR");
  std::error_code ec;
  std::filesystem::remove(std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp") +
                              "/tmux-" + std::to_string(getuid()) + "/" + socket_,
                          ec);
}

std::vector<std::string> TmuxClient::Tmux(std::vector<std::string> args) const {
  args.insert(args.begin(), {"/usr/bin/tmux", "-L", socket_, "-f", "/dev/null"});
  ProcessResult r = RunProcess(args);
  return {r.out};
}

void TmuxClient::Key(const std::string& key) { Tmux({"send-keys", "-t", "0", key}); }

void TmuxClient::Type(const std::string& text) { Tmux({"send-keys", "-t", "0", "-l", text}); }

std::string TmuxClient::Screen() const { return Tmux({"capture-pane", "-p", "-J", "-t", "0"})[0]; }

bool TmuxClient::WaitFor(const std::string& text, std::string* screen,
                         std::chrono::milliseconds limit) const {
  const auto end = std::chrono::steady_clock::now() + limit;
  std::string s;
  for (;;) {
    s = Screen();
    if (s.find(text) != std::string::npos) {
      // tmux can be captured between two writes of one frame: the title is there but the body
      // not yet. The screen counts once two captures 50 ms apart agree.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (Screen() == s) {
        break;
      }
    }
    if (std::chrono::steady_clock::now() > end) {
      if (screen != nullptr) {
        *screen = s;
      }
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (screen != nullptr) {
    *screen = s;
  }
  return true;
}

bool TmuxClient::WaitGone(const std::string& text, std::chrono::milliseconds limit) const {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (Screen().find(text) != std::string::npos) {
    if (std::chrono::steady_clock::now() > end) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

void TmuxClient::Resize(int width, int height) {
  Tmux({"resize-window", "-t", "0", "-x", std::to_string(width), "-y", std::to_string(height)});
}

void SaveCapture(const std::string& name, const std::string& screen) {
  const char* dir = std::getenv("KHAOTHI_CAPTURE_DIR");
  if (dir == nullptr || *dir == '\0') {
    return;
  }
  std::filesystem::create_directories(dir);
  WriteFile(std::string(dir) + "/" + name + ".txt", screen);
}

}  // namespace khaothi::testing
