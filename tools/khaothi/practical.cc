// khaothi practical check: proposed marks on the collected work of a session (docs/practical.md
// "Proposed marks on collected work"). The server does the same on its own as each candidate's
// practical ends; this command runs them again, or for a centre that ran without them.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "khaothi/centre/proposals.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

int Check(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi practical check SESSION [--sbd SBD]");
  desc.add_options()(
      "session", po::value<std::string>()->required(),
      m("mã ca thi, ví dụ 2026-12-05-S1", "the session id, e.g. 2026-12-05-S1").data())(
      "sbd", po::value<std::string>()->default_value(""),
      m("chỉ thí sinh này (mặc định: mọi thí sinh đã hết giờ thực hành)",
        "only this candidate (default: every candidate whose practical has ended)")
          .data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "practical check SESSION [--sbd SBD]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<centre::ProposeReport> r =
      centre::ProposeSession(c->db, g.data, vm["session"].as<std::string>(),
                             vm["sbd"].as<std::string>(), centre::CliChange());
  if (!r.ok()) {
    return Fail(g, r.status());
  }
  const bool en = m.lang() == Lang::kEn;
  for (const std::string& u : r->unreadable) {
    std::cout << m("Không chấm tự động được: ", "Cannot be checked automatically: ")
              << centre::Localize(u, en) << "\n";
  }
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", static_cast<double>(r->elapsed_us) / 1e6);
  if (!en) {
    // 1,84 s: the decimal comma, as Vietnamese writes it.
    std::replace(seconds, seconds + std::strlen(seconds), '.', ',');
  }
  std::cout << m("Đã đề xuất điểm cho ", "Proposed marks for ") << r->candidates
            << m(" thí sinh (", " candidates (") << r->tasks << m(" bài, ", " tasks, ") << r->files
            << m(" tệp): ", " files): ") << r->lines_proposed << "/" << r->lines
            << m(" ý có điểm đề xuất; ", " lines proposed; ") << r->unreadable.size()
            << m(" tệp không chấm tự động được; ", " files could not be checked; ") << r->not_ended
            << m(" thí sinh chưa hết giờ thực hành; ", " candidates not ended; ")
            << m("thời gian kiểm tra ", "checking took ") << seconds << " s\n";
  return 0;
}

}  // namespace

int CmdPractical(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  const std::string sub = args.empty() ? "" : args[0];
  const std::vector<std::string> rest =
      args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end());
  if (sub == "check") {
    return Check(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr)
      << m("cách dùng: ", "usage: ") << "khaothi practical check SESSION [--sbd SBD]\n"
      << "  check     "
      << m("chạy kiểm tra tự động trên bài làm đã thu, lưu điểm đề xuất cho cán bộ chấm",
           "run the automatic checks on the collected work; store proposed marks for the markers")
      << "\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
