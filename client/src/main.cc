// khaothi-client: the candidate's terminal UI.
// Usage: khaothi-client [--config FILE] [--lang vi|en] [--machine NAME] [--work-dir DIR]
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <langinfo.h>
#include <string>
#include <unistd.h>

#include "tui/app.h"

namespace {

const char* const kUsage =
    "usage: khaothi-client [--config FILE] [--lang vi|en] [--machine NAME] [--work-dir DIR]\n"
    "  --config FILE   khaothi-client.conf from 'khaothi init' (default ./khaothi-client.conf):\n"
    "                  server-host, server-port, ca (the centre's CA, relative to FILE)\n"
    "  --lang vi|en    language of the screens (default vi)\n"
    "  --machine NAME  this PC's name as the proctor sees it (default: the host name)\n"
    "  --work-dir DIR  the practical's work folder, one sub-folder per task\n"
    "                  (default: $HOME/bai-thi)\n";

std::string HostName() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) {
    return "PC";
  }
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  khaothi::client::tui::AppOptions options;
  options.machine = HostName();
  const char* home = std::getenv("HOME");
  options.work_root = std::string(home != nullptr && *home != '\0' ? home : ".") + "/bai-thi";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      const std::string eq = std::string(name) + "=";
      if (a.starts_with(eq)) {
        return argv[i] + eq.size();
      }
      if (a == name && i + 1 < argc) {
        return argv[++i];
      }
      return nullptr;
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (const char* v = value("--config")) {
      options.config_path = v;
    } else if (const char* l = value("--lang")) {
      if (std::strcmp(l, "en") == 0) {
        options.lang = khaothi::client::ui::Lang::kEn;
      } else if (std::strcmp(l, "vi") != 0) {
        std::fprintf(stderr, "khaothi-client: --lang must be vi or en\n%s", kUsage);
        return 2;
      }
    } else if (const char* m = value("--machine")) {
      options.machine = m;
    } else if (const char* w = value("--work-dir")) {
      options.work_root = w;
    } else {
      std::fprintf(stderr, "khaothi-client: unknown option %s\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  // ncursesw needs a UTF-8 locale for Vietnamese; fall back to C.UTF-8 when the PC has none.
  std::setlocale(LC_ALL, "");
  if (std::strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
    std::setlocale(LC_ALL, "C.UTF-8");
  }
  return khaothi::client::tui::RunApp(options);
}
