// Drives the real khaothi-client in a detached tmux pane: keys in, the screen out as text.
// Every wait is bounded (a guard against hangs, not a timing assertion).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace khaothi::testing {

class TmuxClient {
 public:
  // Starts `command` (a shell command line) in a new tmux server of its own, in a
  // `width`x`height` pane, with LANG=C.UTF-8.
  TmuxClient(const std::string& command, int width = 100, int height = 30);
  TmuxClient(const TmuxClient&) = delete;
  TmuxClient& operator=(const TmuxClient&) = delete;
  ~TmuxClient();

  // Special keys by tmux name ("Enter", "Down", "Escape"), one at a time.
  void Key(const std::string& key);
  // Literal text, typed as it is.
  void Type(const std::string& text);
  // The pane as text (joined wrapped lines).
  std::string Screen() const;
  // Waits until the screen contains `text` and has settled (two captures agree); returns the
  // last screen either way.
  bool WaitFor(const std::string& text, std::string* screen = nullptr,
               std::chrono::milliseconds limit = std::chrono::seconds(20)) const;
  // Waits until the screen no longer contains `text`.
  bool WaitGone(const std::string& text,
                std::chrono::milliseconds limit = std::chrono::seconds(20)) const;
  void Resize(int width, int height);

 private:
  std::vector<std::string> Tmux(std::vector<std::string> args) const;
  std::string socket_;
};

// Saves `screen` as docs material under $KHAOTHI_CAPTURE_DIR/<name>.txt when that is set.
void SaveCapture(const std::string& name, const std::string& screen);

}  // namespace khaothi::testing
