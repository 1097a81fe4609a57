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
        << m("tính lại chuỗi băm SHA-256 của nhật ký và tạo lại mọi đề thi từ hạt giống; lỗi nếu "
             "có mục bị sửa, xóa, thêm hay đổi thứ tự, hoặc đề thi, hạt giống hay bộ câu hỏi đã "
             "chốt bị sửa",
             "recompute the log's SHA-256 chain and re-derive every form from its seed; fails if "
             "an entry was edited, removed, inserted or reordered, or a form, seed or frozen bank "
             "was changed")
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
  // Entries are linked in batches (one per commit of the server's writer), so links <= entries.
  std::cout << m("Nhật ký kiểm tra toàn vẹn: ", "The audit log is intact: ") << check->entries
            << m(" mục, ", " entries, ") << check->links << m(" mắt xích", " links") << "\n"
            << m("Mã băm cuối: ", "Head hash: ") << check->head_hash << "\n";
  // The forms, re-derived from their seeds and the snapshots the (now verified) log recorded.
  Result<centre::FormCheck> forms = centre::VerifyForms(c->db);
  if (!forms.ok()) {
    return Fail(g, forms.status());
  }
  std::cout << m("Đề thi: ", "Forms: ") << forms->forms_rederived << m(" đề của ", " forms of ")
            << forms->sessions
            << m(" phiên thi đã mở được tạo lại từ hạt giống và bộ câu hỏi đã chốt, khớp với bản "
                 "ghi lúc mở phiên",
                 " opened session(s) re-derived from their seed and frozen bank, equal to the "
                 "record made at opening")
            << "\n";
  for (const std::string& session : forms->unverifiable) {
    std::cout
        << m("Phiên ", "Session ") << session
        << m(" được mở trước khi khaothi lưu danh sách câu hỏi đã chốt: không tạo lại được "
             "đề thi, chỉ kiểm tra được tính nhất quán (hạt giống, phiên bản câu hỏi có trong "
             "ngân hàng, số phương án, ô của ma trận đề)",
             " was opened before khaothi kept the frozen bank's item list: its forms cannot "
             "be re-derived, only checked for consistency (seed, item versions in the bank, "
             "option counts, blueprint cells)")
        << "\n";
  }
  for (const centre::FormProblem& p : forms->problems) {
    std::cerr << m("Phiên ", "Session ") << p.session
              << (p.sbd.empty() ? std::string()
                                : std::string(m(", thí sinh ", ", candidate ")) + p.sbd)
              << ": " << (m.lang() == Lang::kVi ? p.detail_vi : p.detail) << "\n";
  }
  if (!forms->problems.empty()) {
    std::cerr << m("Đề thi KHÔNG khớp với bản ghi lúc mở phiên: ",
                   "The forms do NOT match what was recorded when the sessions opened: ")
              << forms->problems.size() << m(" khác biệt", " differences") << "\n";
    return 1;
  }
  return 0;
}

}  // namespace khaothi::tools
