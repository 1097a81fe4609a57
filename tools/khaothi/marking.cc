// khaothi marking assign | list | finalize: double marking of the practical (docs/practical.md
// "Marking"). The marks themselves are entered in the dashboard.
#include "khaothi/centre/marking.h"

#include <iostream>
#include <sstream>

#include "issuing.h"
#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

int Assign(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi marking assign SESSION --first USER --second USER");
  desc.add_options()(
      "session", po::value<std::string>()->required(),
      m("mã ca thi, ví dụ 2026-12-05-S1", "the session id, e.g. 2026-12-05-S1").data())(
      "first", po::value<std::string>()->required(),
      m("cán bộ chấm vòng 1 (vai trò marker)", "the first marker (role marker)").data())(
      "second", po::value<std::string>()->required(),
      m("cán bộ chấm vòng 2 (vai trò marker)", "the second marker (role marker)").data())(
      "sbd", po::value<std::string>()->default_value(""),
      m("chỉ các thí sinh này (phân cách bằng dấu phẩy; mặc định: tất cả)",
        "only these candidates (comma separated; default: all)")
          .data())("subpart", po::value<std::string>()->default_value(""),
                   m("chỉ phần thi này (vd. bang-tinh; mặc định: mọi phần rút đề)",
                     "only this sub-part (e.g. bang-tinh; default: every drawn task)")
                       .data())(
      "threshold", po::value<std::string>()->default_value("0.5"),
      m("chênh lệch tổng điểm một bài quá mức này thì chủ tịch hội đồng quyết định",
        "totals of a task further apart than this go to the chair")
          .data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm,
                 "marking assign SESSION --first USER --second USER [--sbd A,B] [--subpart S] "
                 "[--threshold 0.5]",
                 g)) {
    return 0;
  }
  const std::optional<engine::Points> threshold =
      engine::ParsePoints(vm["threshold"].as<std::string>());
  if (!threshold) {
    return Fail(g, Status::InvalidArgument(std::string(m("ngưỡng không phải số điểm: ",
                                                         "the threshold is not points: ")) +
                                           vm["threshold"].as<std::string>()));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  centre::MarkerAssignment a;
  a.sbds = SplitList(vm["sbd"].as<std::string>());
  a.subpart = vm["subpart"].as<std::string>();
  a.first_marker = vm["first"].as<std::string>();
  a.second_marker = vm["second"].as<std::string>();
  a.threshold = *threshold;
  Result<centre::AssignReport> r =
      centre::AssignMarkers(c->db, vm["session"].as<std::string>(), a, centre::CliChange());
  if (!r.ok()) {
    return Fail(g, r.status());
  }
  std::cout << m("Đã giao chấm ", "Assigned ") << r->tasks << m(" bài; ", " tasks; ")
            << r->new_codes << m(" mã phách mới", " new marking codes") << "\n";
  return 0;
}

int List(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi marking list SESSION");
  desc.add_options()("session", po::value<std::string>()->required(),
                     m("mã ca thi", "the session id").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "marking list SESSION", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<std::vector<centre::MarkingCase>> cases =
      centre::ListMarkingCases(c->db, vm["session"].as<std::string>(), "");
  if (!cases.ok()) {
    return Fail(g, cases.status());
  }
  // The secretariat's view: the code with its số báo danh (the phách key), never shown to markers.
  std::cout << m("sbd\tmã phách\tphần thi\tđề\tvòng 1\tvòng 2\ttổng 1\ttổng 2\ttrạng thái\tđiểm\n",
                 "sbd\tcode\tsub-part\ttask\tround 1\tround 2\ttotal 1\ttotal 2\tstate\tmark\n");
  auto total = [](const std::optional<centre::MarkEntry>& e) {
    return e ? engine::FormatPoints(e->total) : std::string("-");
  };
  for (const centre::MarkingCase& k : *cases) {
    std::cout << k.sbd << '\t' << k.code << '\t' << k.subpart << '\t' << k.task.id << '/'
              << k.task.version << '\t' << k.first_marker << '\t' << k.second_marker << '\t'
              << total(k.first) << '\t' << total(k.second) << '\t' << centre::ToString(k.state)
              << '\t' << (k.final_mark ? engine::FormatPoints(*k.final_mark) : "-") << '\n';
  }
  return 0;
}

int Finalize(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi marking finalize SESSION");
  desc.add_options()("session", po::value<std::string>()->required(),
                     m("mã ca thi", "the session id").data())(
      "part", po::value<std::string>()->default_value(""),
      m("phần thi (mặc định: phần thực hành duy nhất)", "the part (default: the only entered one)")
          .data())("reason", po::value<std::string>()->default_value(""),
                   m("lý do khi thí sinh đã có điểm (chấm lại, phúc khảo)",
                     "why, for candidates who already have marks (re-mark)")
                       .data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "marking finalize SESSION [--part P] [--reason R]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<crypto::SigningKey> key = LoadResultsKey(g);
  if (!key.ok()) {
    return Fail(g, key.status());
  }
  Result<centre::FinalizeReport> r =
      centre::FinalizeMarking(c->db, vm["session"].as<std::string>(), vm["part"].as<std::string>(),
                              vm["reason"].as<std::string>(), *key, centre::CliChange());
  if (!r.ok()) {
    return Fail(g, r.status());
  }
  for (const std::string& p : r->pending) {
    std::cout << m("Chưa xong: ", "Pending: ") << centre::Localize(p, m.lang() == Lang::kEn)
              << "\n";
  }
  std::cout << m("Đã chốt điểm của ", "Stored the final marks of ") << r->stored
            << m(" thí sinh; không đổi: ", " candidates; unchanged: ") << r->unchanged
            << m("; chưa xong: ", "; pending: ") << r->pending.size() << "\n";
  return 0;
}

}  // namespace

int CmdMarking(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  const std::string sub = args.empty() ? "" : args[0];
  const std::vector<std::string> rest =
      args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end());
  if (sub == "assign") {
    return Assign(g, rest);
  }
  if (sub == "list") {
    return List(g, rest);
  }
  if (sub == "finalize") {
    return Finalize(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr)
      << m("cách dùng: ", "usage: ") << "khaothi marking assign|list|finalize ...\n"
      << "  assign    "
      << m("giao bài thực hành cho hai cán bộ chấm; cấp mã phách",
           "assign practical work to two markers; give marking codes")
      << "\n  list      "
      << m("mã phách, người chấm, điểm hai vòng và trạng thái",
           "marking codes, markers, both rounds' totals and the state")
      << "\n  finalize  "
      << m("chốt điểm đã thống nhất hoặc đã quyết định vào kết quả (ký số)",
           "store agreed or decided marks in the results (signed)")
      << "\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
