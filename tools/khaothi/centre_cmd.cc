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
  auto row = [&](std::string_view vi, std::string_view en, const std::string& value) {
    std::cout << FitWidth(std::string(m(vi, en)), 20) << (value.empty() ? unset : value) << "\n";
  };
  row("Mã trung tâm:", "Centre code:", info->code);
  row("Tên:", "Name:", info->name);
  row("Địa danh:", "Place:", info->place);
  row("Cơ quan chủ quản:", "Supervising body:", info->supervisor);
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
  if (!optional("place") && !optional("supervisor")) {
    return Fail(g, Status::InvalidArgument(
                       std::string(m("không có gì để đặt: cho --place và/hoặc --supervisor",
                                     "nothing to set: give --place and/or --supervisor"))));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Status s = centre::SetCentreDetails(c->db, optional("place"), optional("supervisor"),
                                      centre::CliChange());
  if (s.IsInvalidArgument()) {
    s = Status::InvalidArgument(std::string(
        m("địa danh và cơ quan chủ quản phải là một dòng từ 1 đến 120 ký tự; không có gì thay đổi",
          "the place and the supervising body must be one line of 1 to 120 characters; nothing "
          "was changed")));
  }
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
