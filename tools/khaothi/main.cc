// khaothi: the centre's administration tool (secretary, head of centre).
//
//   khaothi [--data DIR] [--lang vi|en] COMMAND [SUBCOMMAND] [ARGS] ...
//
// DIR is the centre directory that `khaothi init` creates (center.db, tls/, keys/, the server's
// and the lab PCs' configuration). Every command prints a clear message and exits non-zero on
// any error, and a refused command changes nothing. Messages are Vietnamese by default (--lang
// en or KHAOTHI_LANG=en for English); --data and --lang may also follow the command.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

struct Command {
  const char* name;
  int (*run)(Globals&, const std::vector<std::string>&);
  const char* vi;
  const char* en;
};

const Command kCommands[] = {
    {"init", CmdInit, "tạo thư mục trung tâm: cơ sở dữ liệu, chứng chỉ TLS, khóa ký biên nhận",
     "create a centre directory: database, TLS certificates, receipt signing key"},
    {"centre", CmdCentre, "thông tin trung tâm in trên văn bản: show, set (--place, --supervisor)",
     "the centre's details printed on documents: show, set (--place, --supervisor)"},
    {"session", CmdSession, "ca thi: create, list, show, open",
     "exam sessions: create, list, show, open"},
    {"candidates", CmdCandidates, "thí sinh: import (CSV), list", "candidates: import (CSV), list"},
    {"slips", CmdSlips, "tạo mật khẩu một lần và in phiếu đăng nhập (HTML)",
     "issue one-time passwords and print login slips (HTML)"},
    {"audit", CmdAudit, "nhật ký kiểm tra: verify", "the audit log: verify"},
    {"keys", CmdKeys, "khóa cấp chứng chỉ của thủ trưởng: init-issuer, export-public",
     "the head's issuing key: init-issuer, export-public"},
    {"results", CmdResults, "bảng điểm (CSV/XLSX/HTML); import-marks, regrade (phúc khảo)",
     "score sheet (CSV/XLSX/HTML); import-marks, regrade (re-marking)"},
    {"approve", CmdApprove, "quyết định phê duyệt kết quả (ký số; --amend để sửa đổi)",
     "the signed results-approval decision (--amend to amend)"},
    {"cert", CmdCert, "chứng chỉ: stock, issue, list, export, print, register, revoke",
     "certificates: stock, issue, list, export, print, register, revoke"},
    {"item-analysis", CmdItemAnalysis, "phân tích câu hỏi (độ khó, độ phân biệt, α)",
     "item analysis (facility, discrimination, alpha)"},
    {"backup", CmdBackup, "sao lưu center.db (được cả khi máy chủ đang chạy)",
     "back up center.db (also while the server runs)"},
    {"user", CmdUser, "tài khoản cán bộ của trang coi thi: add, list, assign",
     "staff accounts of the proctor dashboard: add, list, assign"},
};

void PrintUsage(const Messages& msg) {
  std::cout << msg("cách dùng: ", "usage: ")
            << "khaothi [--data DIR] [--lang vi|en] COMMAND [--help] ...\n\n"
            << msg("Lệnh:\n", "Commands:\n");
  for (const Command& c : kCommands) {
    std::cout << "  " << FitWidth(c.name, 12) << msg(c.vi, c.en) << "\n";
  }
  std::cout << "\n--data DIR  "
            << msg("thư mục của trung tâm (mặc định .)", "the centre directory (default .)")
            << "\n--lang      "
            << msg("ngôn ngữ: vi (mặc định) hoặc en", "language: vi (default) or en") << "\n";
}

int Main(int argc, char** argv) {
  Globals g;
  if (const char* env = std::getenv("KHAOTHI_LANG"); env != nullptr) {
    if (Result<Lang> l = ParseLang(env); l.ok()) {
      g.msg = Messages(*l);
    }
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  size_t i = 0;
  while (i < args.size() && args[i].starts_with("--")) {
    std::string opt = args[i];
    std::string value;
    if (const size_t eq = opt.find('='); eq != std::string::npos) {
      value = opt.substr(eq + 1);
      opt.resize(eq);
    } else if (opt == "--data" || opt == "--lang") {
      if (i + 1 >= args.size()) {
        return Fail(
            g, Status::InvalidArgument(opt + g.msg(" cần một giá trị", " needs a value").data()));
      }
      value = args[++i];
    }
    if (opt == "--data") {
      g.data = value;
    } else if (opt == "--lang") {
      Result<Lang> l = ParseLang(value);
      if (!l.ok()) {
        return Fail(g, l.status());
      }
      g.msg = Messages(*l);
    } else if (opt == "--help") {
      PrintUsage(g.msg);
      return 0;
    } else {
      return Fail(
          g, Status::InvalidArgument(std::string(g.msg("tùy chọn lạ ", "unknown option ")) + opt));
    }
    ++i;
  }
  if (i >= args.size()) {
    PrintUsage(g.msg);
    return 1;
  }
  const std::string name = args[i];
  const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                      args.end());
  for (const Command& c : kCommands) {
    if (name == c.name) {
      try {
        return c.run(g, rest);
      } catch (const po::error& e) {
        return Fail(g, Status::InvalidArgument(std::string(e.what()) + " (" +
                                               std::string(g.msg("xem", "see")) + " khaothi " +
                                               name + " --help)"));
      }
    }
  }
  std::cerr << "khaothi: " << g.msg("không có lệnh '", "no command '") << name << "'\n";
  PrintUsage(g.msg);
  return 1;
}

}  // namespace
}  // namespace khaothi::tools

int main(int argc, char** argv) { return khaothi::tools::Main(argc, argv); }
