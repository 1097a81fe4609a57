// khaothi centre show | set: the centre's details printed on the documents it files (the place
// before a date, the supervising body in the left header).
#include <iostream>
#include <optional>

#include "khaothi/centre/centre.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

int Show(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi centre show");
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "centre show", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<centre::CentreInfo> info = centre::GetCentre(c->db);
  if (!info.ok()) {
    return Fail(g, info.status());
  }
  const std::string unset(m("(chưa đặt)", "(not set)"));
  std::cout << m("Mã trung tâm:   ", "Centre code:    ") << info->code << "\n"
            << m("Tên:            ", "Name:           ") << info->name << "\n"
            << m("Địa danh:       ", "Place:          ")
            << (info->place.empty() ? unset : info->place) << "\n"
            << m("Cơ quan chủ quản: ", "Supervising body: ")
            << (info->supervisor.empty() ? unset : info->supervisor) << "\n";
  return 0;
}

int Set(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi centre set");
  desc.add_options()("place", po::value<std::string>(),
                     m("địa danh ghi trước ngày tháng (vd. Long An)",
                       "the place written before the date (e.g. Long An)")
                         .data())("supervisor", po::value<std::string>(),
                                  m("cơ quan chủ quản (vd. SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN)",
                                    "the supervising body (e.g. SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN)")
                                      .data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "centre set [--place PLACE] [--supervisor BODY]", g)) {
    return 0;
  }
  auto optional = [&](const char* name) {
    return vm.count(name) != 0U ? std::optional<std::string>(vm[name].as<std::string>())
                                : std::nullopt;
  };
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Status s = centre::SetCentreDetails(c->db, optional("place"), optional("supervisor"),
                                      centre::CliChange());
  if (!s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Đã lưu thông tin trung tâm", "Saved the centre's details") << "\n";
  return 0;
}

}  // namespace

int CmdCentre(Globals& g, const std::vector<std::string>& args) {
  const std::string sub = args.empty() ? std::string() : args[0];
  const std::vector<std::string> rest =
      args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end());
  if (sub == "show") {
    return Show(g, rest);
  }
  if (sub == "set") {
    return Set(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr) << g.msg("cách dùng: ", "usage: ")
                                 << "khaothi centre show | set [--place PLACE] "
                                    "[--supervisor BODY]\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
