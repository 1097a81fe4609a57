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

#include "dispatch.h"
#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

int Main(int argc, char** argv) {
  // center.db (with its -wal and -shm), backups, keys, slips and score sheets hold password
  // hashes and personal data: whatever this process creates is its owner's alone. Files meant
  // to be published (certificates, public keys) are written 0644 explicitly.
  const OwnerOnlyFiles owner_only;
  Globals g;
  const auto with_globals = [&g](int (*command)(Globals&, const std::vector<std::string>&)) {
    return [&g, command](const std::vector<std::string>& args) { return command(g, args); };
  };
  const Tool tool{
      "khaothi",
      12,
      {{"--data", "DIR",
        "thư mục của trung tâm (mặc định: /var/lib/khaothi khi cài bằng gói .deb, nếu không thì .)",
        "the centre directory (default: /var/lib/khaothi when installed by the .deb, else .)",
        [&g](std::string dir) { g.data = std::move(dir); }}},
      {
          {"init", with_globals(CmdInit),
           "tạo thư mục trung tâm: cơ sở dữ liệu, chứng chỉ TLS, khóa ký biên nhận",
           "create a centre directory: database, TLS certificates, receipt signing key"},
          {"centre", with_globals(CmdCentre),
           "thông tin trung tâm in trên văn bản: show, set (--place, --supervisor)",
           "the centre's details printed on documents: show, set (--place, --supervisor)"},
          {"session", with_globals(CmdSession), "ca thi: create, list, show, open, close",
           "exam sessions: create, list, show, open, close"},
          {"candidates", with_globals(CmdCandidates), "thí sinh: import (CSV), list",
           "candidates: import (CSV), list"},
          {"slips", with_globals(CmdSlips), "tạo mật khẩu một lần và in phiếu đăng nhập (HTML)",
           "issue one-time passwords and print login slips (HTML)"},
          {"audit", with_globals(CmdAudit), "nhật ký kiểm tra: verify", "the audit log: verify"},
          {"keys", with_globals(CmdKeys),
           "khóa cấp chứng chỉ của thủ trưởng: init-issuer, export-public",
           "the head's issuing key: init-issuer, export-public"},
          {"results", with_globals(CmdResults),
           "bảng điểm (CSV/XLSX/HTML); import-marks, regrade (phúc khảo)",
           "score sheet (CSV/XLSX/HTML); import-marks, regrade (re-marking)"},
          {"approve", with_globals(CmdApprove),
           "quyết định phê duyệt kết quả (ký số; --amend để sửa đổi)",
           "the signed results-approval decision (--amend to amend)"},
          {"cert", with_globals(CmdCert),
           "chứng chỉ: stock, issue, list, export, print, register, revoke",
           "certificates: stock, issue, list, export, print, register, revoke"},
          {"item-analysis", with_globals(CmdItemAnalysis),
           "phân tích câu hỏi (độ khó, độ phân biệt, α)",
           "item analysis (facility, discrimination, alpha)"},
          {"backup", with_globals(CmdBackup),
           "sao lưu center.db và các tệp bài làm thực hành (được cả khi máy chủ đang chạy)",
           "back up center.db and the practical work files (also while the server runs)"},
          {"user", with_globals(CmdUser), "tài khoản cán bộ của trang coi thi: add, list, assign",
           "staff accounts of the proctor dashboard: add, list, assign"},
          {"marking", with_globals(CmdMarking),
           "chấm thi thực hành hai vòng: assign (giao chấm, mã phách), list, finalize",
           "double marking of the practical: assign (markers, codes), list, finalize"},
          {"practical", with_globals(CmdPractical),
           "bài thực hành: check (chấm tự động, điểm đề xuất cho cán bộ chấm)",
           "the practical: check (automatic checks, proposed marks for the markers)"},
          {"registry", with_globals(CmdRegistry),
           "gửi chứng chỉ lên sổ đăng ký của Sở: configure, status, push, retry",
           "send certificates to the provincial registry: configure, status, push, retry"},
      }};
  return RunTool(tool, argc, argv, g.msg, [&g](const Status& s) { return Fail(g, s); });
}

}  // namespace
}  // namespace khaothi::tools

int main(int argc, char** argv) { return khaothi::tools::Main(argc, argv); }
