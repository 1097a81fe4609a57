// khaothi-server: serves one centre's exams. Usage: khaothi-server --data DIR [--option=value...]
// (options as in DIR/khaothi-server.conf; see server/include/khaothi/server/limits.h). Messages
// are Vietnamese unless --lang en (or KHAOTHI_LANG=en); the "listening on" line stays English,
// since scripts and tests read the port from it.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <signal.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/server/config.h"
#include "khaothi/server/server.h"

namespace {

// The options of DIR/khaothi-server.conf, which may also be given here (config.cc).
constexpr const char* kOptions[][3] = {
    {"--listen-address=A", "địa chỉ lắng nghe (mặc định 0.0.0.0: cả phòng máy)",
     "address to listen on (default 0.0.0.0: the whole lab)"},
    {"--listen-port=N", "cổng TCP (0: một cổng trống bất kỳ)", "TCP port (0: any free port)"},
    {"--database=F", "cơ sở dữ liệu SQLite (center.db)", "the SQLite database (center.db)"},
    {"--tls-cert=F", "chuỗi chứng chỉ TLS (PEM)", "the TLS certificate chain (PEM)"},
    {"--tls-key=F", "khóa bí mật TLS (PEM)", "the TLS private key (PEM)"},
    {"--receipt-key=F", "khóa Ed25519 ký biên nhận (PEM)", "the Ed25519 receipt signing key (PEM)"},
    {"--threads=N", "số luồng vào/ra (1 đến 64)", "I/O threads (1 to 64)"},
    {"--time-zone=Z", "múi giờ của trung tâm cho giờ trên báo cáo (mặc định Asia/Ho_Chi_Minh)",
     "the centre's time zone for report times (default Asia/Ho_Chi_Minh)"},
    {"--limit-max-message-bytes=N", "cỡ lớn nhất của một tin từ máy thi", "largest client message"},
    {"--limit-max-connections=N", "số kết nối mở tối đa", "open connections"},
    {"--limit-max-queued-messages=N", "hàng đợi của mỗi kết nối", "per-connection queue"},
    {"--limit-idle-timeout-ms=N", "đóng kết nối máy thi im lặng sau chừng ấy ms",
     "idle candidate connection"},
    {"--limit-max-failed-logins=N", "số lần đăng nhập sai trước khi khóa",
     "failures before lockout"},
    {"--limit-login-lockout-ms=N", "thời gian khóa đăng nhập (ms)", "lockout length (ms)"},
    {"--limit-max-logins-per-address=N", "số lần đăng nhập của một địa chỉ trong mỗi khoảng",
     "logins per address per window"},
    {"--limit-drain-timeout-ms=N", "thời hạn tắt máy chủ êm (ms)", "graceful shutdown bound (ms)"},
    {"--limit-max-verify-lookups-per-address=N",
     "số lần tra cứu /verify của một địa chỉ mỗi khoảng", "/verify lookups per address per window"},
    {"--limit-verify-rate-window-ms=N", "khoảng tính giới hạn tra cứu /verify (ms)",
     "the /verify rate window (ms)"},
};

void PrintHelp(bool en) {
  std::printf("%s", en ? "usage: khaothi-server --data DIR [--lang vi|en] [--option=value ...]\n"
                         "Serves the centre in DIR (made by 'khaothi init'): TLS 1.3 WebSocket on "
                         "/ws, the proctors' dashboard and /verify.\n"
                         "Settings come from DIR/khaothi-server.conf; options given here override "
                         "them.\n\n"
                       : "cách dùng: khaothi-server --data DIR [--lang vi|en] [--tùy-chọn=giá-trị "
                         "...]\n"
                         "Phục vụ trung tâm trong DIR (tạo bằng 'khaothi init'): WebSocket TLS 1.3 "
                         "ở /ws, trang coi thi và /verify.\n"
                         "Thiết lập lấy từ DIR/khaothi-server.conf; tùy chọn cho ở đây được ưu "
                         "tiên hơn.\n\n");
  std::printf("  %-34s%s\n", "--data DIR",
              en ? "the centre directory (default .)" : "thư mục của trung tâm (mặc định .)");
  std::printf("  %-34s%s\n", "--lang vi|en",
              en ? "language of messages: vi (default) or en"
                 : "ngôn ngữ của thông báo: vi (mặc định) hoặc en");
  for (const auto& o : kOptions) {
    std::printf("  %-34s%s\n", o[0], en ? o[2] : o[1]);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // center.db's -wal and -shm, if the server creates them, are the owner's alone.
  umask(077);
  bool en = false;
  if (const char* env = std::getenv("KHAOTHI_LANG"); env != nullptr) {
    en = std::strcmp(env, "en") == 0;
  }
  std::string data_dir = ".";
  std::vector<std::string> rest;
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    std::string lang;
    if (a == "--help" || a == "-h") {
      help = true;
    } else if (a == "--data" && i + 1 < argc) {
      data_dir = argv[++i];
    } else if (a.starts_with("--data=")) {
      data_dir = a.substr(7);
    } else if (a == "--lang" && i + 1 < argc) {
      lang = argv[++i];
    } else if (a.starts_with("--lang=")) {
      lang = a.substr(7);
    } else {
      rest.push_back(a);
    }
    if (!lang.empty() || a == "--lang" || a == "--lang=") {
      if (lang != "vi" && lang != "en") {
        std::fprintf(stderr,
                     "khaothi-server: ngôn ngữ lạ '%s' (dùng vi hoặc en) / unknown language '%s' "
                     "(use vi or en)\n",
                     lang.c_str(), lang.c_str());
        return 2;
      }
      en = lang == "en";
    }
  }
  if (help) {
    PrintHelp(en);
    return 0;
  }
  auto config = khaothi::server::LoadServerConfig(data_dir, rest);
  if (!config.ok()) {
    std::fprintf(stderr, "khaothi-server: %s%s\n", en ? "" : "cấu hình không dùng được: ",
                 khaothi::centre::Localize(config.status().message(), en).c_str());
    return 2;
  }
  // A centre made world-readable (an older khaothi, a careless copy) becomes its owner's alone:
  // center.db holds password hashes and personal data.
  const std::string db = config->Resolve(config->database);
  for (const std::string& path : {data_dir, db, db + "-wal", db + "-shm"}) {
    struct stat st {};
    if (lstat(path.c_str(), &st) == 0 && !S_ISLNK(st.st_mode) && (st.st_mode & 077) != 0) {
      if (chmod(path.c_str(), S_ISDIR(st.st_mode) ? 0700 : 0600) == 0) {
        std::printf(en ? "khaothi-server: removed other users' access to %s\n"
                       : "khaothi-server: đã bỏ quyền đọc của người khác trên %s\n",
                    path.c_str());
      }
    }
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
    // The server library's messages are English; the Vietnamese line says what failed.
    std::fprintf(stderr, "khaothi-server: %s%s\n", en ? "" : "không khởi động được: ",
                 khaothi::centre::Localize(server.status().ToString(), en).c_str());
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
  std::printf(en ? "khaothi-server: %s received, shutting down\n"
                 : "khaothi-server: nhận %s, đang dừng máy chủ\n",
              sig == SIGTERM ? "SIGTERM" : "SIGINT");
  std::fflush(stdout);
  (*server)->Shutdown();
  (*server)->Wait();
  std::printf(en ? "khaothi-server: stopped\n" : "khaothi-server: đã dừng\n");
  return 0;
}
