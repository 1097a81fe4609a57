// khaothi-client's program: the protocol client on an I/O thread, the model and the terminal on
// the UI thread, and a queue between them.
//
// The client library delivers its events on its strand; the handler only appends them to a
// mutex-guarded queue. The UI thread drains the queue, takes snapshots of the client, feeds the
// model and redraws at least every kTickMs (the countdown), or at once after a key press.
#pragma once

#include <string>

#include "khaothi/client/ui/catalogue.h"

namespace khaothi::client::tui {

struct AppOptions {
  std::string config_path = "khaothi-client.conf";
  ui::Lang lang = ui::Lang::kVi;
  std::string machine;
  // The practical's work folder: each drawn task gets ROOT/<task id>/ (docs/client.md).
  std::string work_root;
};

inline constexpr int kTickMs = 150;

// Runs the UI until the candidate (or proctor) closes it. Returns the exit code.
int RunApp(const AppOptions& options);

}  // namespace khaothi::client::tui
