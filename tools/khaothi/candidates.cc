// khaothi candidates import | list.
#include <iostream>
#include <string>
#include <vector>

#include "khaothi/centre/centre.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

int Import(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi candidates import --session S1 FILE.csv");
  desc.add_options()("session", po::value<std::string>()->required(),
                     m("mã ca thi", "session id").data())(
      "file", po::value<std::string>()->required(),
      m("danh sách thí sinh (CSV UTF-8)", "the candidate list (CSV, UTF-8)").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "candidates import --session S1 FILE.csv", g)) {
    return 0;
  }
  const std::string file = vm["file"].as<std::string>();
  Result<std::string> csv = ReadFile(file, g.msg.lang());
  if (!csv.ok()) {
    return Fail(g, csv.status());
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  const std::string session = vm["session"].as<std::string>();
  Result<int> n = centre::ImportCandidates(c->db, session, *csv, centre::CliChange());
  if (!n.ok()) {
    if (n.status().IsInvalidArgument()) {
      // One "FILE:LINE: ..." per problem, as compilers and qbank report them.
      const std::string message = Say(g, n.status());
      std::string_view text = message;
      while (!text.empty()) {
        const size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        const std::string_view word = g.msg("dòng ", "line ");
        if (line.starts_with(word)) {
          line.remove_prefix(word.size());
          std::cerr << file << ":" << line << "\n";
        } else {
          std::cerr << file << ": " << line << "\n";
        }
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      }
    } else {
      Fail(g, n.status());
    }
    std::cerr << m("khaothi: không nhập thí sinh nào; sửa tệp rồi nhập lại.",
                   "khaothi: no candidate was imported; fix the file and import it again.")
              << "\n";
    return 1;
  }
  std::cout << m("Đã nhập ", "Imported ") << *n
            << m(" thí sinh vào ca thi ", " candidates into session ") << session << ".\n";
  return 0;
}

int List(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi candidates list --session S1");
  desc.add_options()("session", po::value<std::string>()->required(),
                     m("mã ca thi", "session id").data())(
      "room", po::value<std::string>(), m("chỉ phòng này", "only this room").data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "candidates list --session S1 [--room R]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<std::vector<centre::Candidate>> list =
      centre::ListCandidates(c->db, vm["session"].as<std::string>());
  if (!list.ok()) {
    return Fail(g, list.status());
  }
  const std::string room = vm.count("room") != 0U ? vm["room"].as<std::string>() : "";
  std::cout << FitWidth(m("SBD", "Number"), 10) << " " << FitWidth(m("Họ và tên", "Full name"), 28)
            << " " << FitWidth(m("Ngày sinh", "Born"), 10) << " " << FitWidth(m("Giới", "Sex"), 4)
            << " " << FitWidth(m("Nơi sinh", "Birthplace"), 16) << " "
            << FitWidth(m("Số CCCD", "ID number"), 12) << " " << FitWidth(m("Phòng", "Room"), 8)
            << " " << m("Mật khẩu", "Password") << "\n";
  int shown = 0;
  for (const centre::Candidate& cand : *list) {
    if (!room.empty() && cand.room != room) {
      continue;
    }
    ++shown;
    std::cout << FitWidth(cand.sbd, 10) << " " << FitWidth(cand.full_name, 28) << " "
              << FitWidth(VietnameseDate(cand.date_of_birth), 10) << " " << FitWidth(cand.sex, 4)
              << " " << FitWidth(cand.place_of_birth, 16) << " " << FitWidth(cand.id_number, 12)
              << " " << FitWidth(cand.room, 8) << " "
              << (cand.has_password ? m("đã cấp", "issued") : m("chưa", "none")) << "\n";
  }
  std::cout << shown << m(" thí sinh", " candidates") << "\n";
  return 0;
}

}  // namespace

int CmdCandidates(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  const std::string sub = args.empty() ? std::string() : args[0];
  const std::vector<std::string> rest(args.empty() ? args.begin() : args.begin() + 1, args.end());
  if (sub == "import") {
    return Import(g, rest);
  }
  if (sub == "list") {
    return List(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr)
      << m("cách dùng: ", "usage: ") << "khaothi candidates import|list [--help] ...\n"
      << "  import  "
      << m("nhập danh sách thí sinh từ tệp CSV (tất cả hoặc không thí sinh nào)",
           "import a candidate list from CSV (all or nothing)")
      << "\n  list    " << m("liệt kê thí sinh của một ca thi", "list a session's candidates")
      << "\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
