// khaothi session seb-config | seb-require: a session's Safe Exam Browser file and setting
// (docs/seb.md).
#include <iostream>
#include <string>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/seb/seb.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

// The station's start URL from what the technician typed: "https://HOST:PORT", optionally
// followed by "/" or "/thi/"; "" for anything else.
std::string StartUrl(const std::string& url) {
  const std::string origin = seb::StationOrigin(url);
  if (origin.empty()) {
    return "";
  }
  const std::string rest = url.substr(origin.size());
  return rest.empty() || rest == "/" || rest == "/thi/" ? origin + "/thi/" : "";
}

}  // namespace

int SessionSebConfig(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi session seb-config ID");
  desc.add_options()("id", po::value<std::string>()->required(),
                     m("mã ca thi", "session id").data())(
      "url", po::value<std::string>()->required(),
      m("địa chỉ máy chủ mà máy thí sinh mở: https://MÁY_CHỦ:CỔNG",
        "the server's address as the candidates' PCs reach it: https://HOST:PORT")
          .data())("out", po::value<std::string>()->required(),
                   m("tệp .seb sẽ ghi", "the .seb file to write").data())(
      "require", m("đồng thời bật yêu cầu Safe Exam Browser cho ca thi",
                   "also turn on requiring Safe Exam Browser for the session")
                     .data())(
      "practical", m("ca thi có phần thực hành (tự nhận ra khi ca thi đã mở): cho tải tệp, nộp "
                     "tệp và mở Word, Excel, PowerPoint, LibreOffice",
                     "the session has a practical (found by itself once the session is open): "
                     "allow file downloads and hand-ins and Word, Excel, PowerPoint, LibreOffice")
                       .data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(
          args, desc, pos, vm,
          "session seb-config ID --url https://HOST:PORT --out FILE.seb [--require] [--practical]",
          g)) {
    return 0;
  }
  const std::string id = vm["id"].as<std::string>();
  const std::string start_url = StartUrl(vm["url"].as<std::string>());
  if (start_url.empty()) {
    return Fail(g, Status::InvalidArgument(centre::Bilingual(
                       "--url phải là https://MÁY_CHỦ:CỔNG (ví dụ https://10.0.0.5:8443), "
                       "không có đường dẫn nào khác ngoài /thi/",
                       "--url must be https://HOST:PORT (for example https://10.0.0.5:8443), "
                       "with no path but /thi/")));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  // An open session whose forms drew practical tasks needs the office applications in SEB.
  bool practical = vm.count("practical") != 0U;
  {
    store::Statement drawn =
        c->db.Prepare("SELECT 1 FROM practical_assignments WHERE session_id = ?1 LIMIT 1");
    drawn.Bind(1, id);
    Result<bool> row = drawn.Step();
    if (!row.ok()) {
      return Fail(g, row.status());
    }
    practical = practical || *row;
  }
  const seb::Value settings = seb::StationSeb(
      {.start_url = start_url, .quit_url = start_url + "thoat", .practical = practical});
  const std::string key = seb::ConfigKey(settings);
  // The database first: a file whose key the server does not know would be refused at the door.
  if (Status s = centre::RecordSebConfig(c->db, id, start_url, key, centre::CliChange()); !s.ok()) {
    return Fail(g, s);
  }
  if (vm.count("require") != 0U) {
    if (Status s = centre::SetSebRequired(c->db, id, true, centre::CliChange()); !s.ok()) {
      return Fail(g, s);
    }
  }
  const std::string out = vm["out"].as<std::string>();
  if (Status s = crypto::WritePublicFile(out, seb::PlistXml(settings)); !s.ok()) {
    return Fail(g, s);
  }
  Result<centre::SessionSeb> now = centre::GetSessionSeb(c->db, id);
  const bool required = now.ok() && now->required;
  std::cout << m("Đã ghi ", "Wrote ") << out << m(" cho ca thi ", " for session ") << id << "\n"
            << m("Trang bắt đầu: ", "Start URL:  ") << start_url << "\n"
            << m("Phần thực hành (Word, Excel, PowerPoint, LibreOffice, tải và nộp tệp): ",
                 "Practical (Word, Excel, PowerPoint, LibreOffice, file downloads and hand-ins): ")
            << (practical ? m("có", "yes") : m("không", "no")) << "\n"
            << "Config Key: " << key << "\n"
            << m("Yêu cầu Safe Exam Browser: ", "Safe Exam Browser required: ")
            << (required ? m("có", "yes")
                         : m("không (bật: khaothi session seb-require ",
                             "no (turn on: khaothi session seb-require "))
            << (required ? "" : id + " on)") << "\n";
  return 0;
}

int SessionSebRequire(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi session seb-require ID on|off");
  desc.add_options()("id", po::value<std::string>()->required(),
                     m("mã ca thi", "session id").data())(
      "state", po::value<std::string>()->required(), "on|off");
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("id", 1).add("state", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "session seb-require ID on|off", g)) {
    return 0;
  }
  const std::string id = vm["id"].as<std::string>();
  const std::string state = vm["state"].as<std::string>();
  if (state != "on" && state != "off") {
    return Fail(g, Status::InvalidArgument(centre::Bilingual(
                       "trạng thái phải là on hoặc off, không phải '" + state + "'",
                       "the state must be on or off, not '" + state + "'")));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  if (Status s = centre::SetSebRequired(c->db, id, state == "on", centre::CliChange()); !s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Ca thi ", "Session ") << id
            << (state == "on"
                    ? m(": chỉ Safe Exam Browser với tệp .seb đã ghi mới vào được trang thi.",
                        ": only Safe Exam Browser with the written .seb file can open the station.")
                    : m(": không yêu cầu Safe Exam Browser.",
                        ": Safe Exam Browser is not required."))
            << "\n";
  return 0;
}

}  // namespace khaothi::tools
