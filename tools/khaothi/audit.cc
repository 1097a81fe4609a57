// khaothi audit verify.
#include "khaothi/centre/audit.h"

#include <iostream>
#include <string>
#include <vector>

#include "khaothi_cli.h"

namespace khaothi::tools {

int CmdAudit(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  const std::string sub = args.empty() ? std::string() : args[0];
  if (sub != "verify") {
    const bool help = sub == "--help" || sub == "-h";
    (help ? std::cout : std::cerr)
        << m("cách dùng: ", "usage: ") << "khaothi audit verify\n"
        << "  verify  "
        << m("tính lại chuỗi băm SHA-256 của nhật ký; lỗi nếu có mục bị sửa, xóa hay đổi thứ tự",
             "recompute the log's SHA-256 chain; fails if an entry was edited, removed or "
             "reordered")
        << "\n";
    return help ? 0 : 1;
  }
  po::options_description desc("khaothi audit verify");
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(std::vector<std::string>(args.begin() + 1, args.end()), desc, {}, vm,
                 "audit verify", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<centre::AuditCheck> check = centre::VerifyAudit(c->db);
  if (!check.ok()) {
    Fail(g, check.status());
    std::cerr << m("Nhật ký kiểm tra KHÔNG toàn vẹn.", "The audit log is NOT intact.") << "\n";
    return 1;
  }
  std::cout << m("Nhật ký kiểm tra toàn vẹn: ", "The audit log is intact: ") << check->entries
            << m(" mục", " entries") << "\n"
            << m("Mã băm cuối: ", "Head hash: ") << check->head_hash << "\n";
  return 0;
}

}  // namespace khaothi::tools
