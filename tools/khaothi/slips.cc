// khaothi slips: fresh one-time passwords and the printable login slips (phiếu đăng nhập).
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;

// Two columns by four rows of 95 x 68 mm fit an A4 page inside 10 mm margins.
constexpr size_t kSlipsPerPage = 8;

constexpr std::string_view kStyle = R"css(
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #000; }
.page { display: grid; grid-template-columns: 95mm 95mm; grid-auto-rows: 68mm;
        width: 190mm; break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
.slip { border: 1px dashed #777; padding: 4mm 5mm; font-size: 9.5pt; line-height: 1.35;
        position: relative; overflow: hidden; break-inside: avoid; }
.slip::before { content: "\2702"; position: absolute; top: -2.2mm; left: 3mm; font-size: 9pt;
                color: #777; background: #fff; }
.centre { font-size: 8pt; text-transform: uppercase; }
h1 { font-size: 11pt; margin: 1mm 0 1.5mm; letter-spacing: 0.5px; }
table { border-collapse: collapse; width: 100%; }
td { padding: 0.3mm 0; vertical-align: top; }
td.k { width: 27mm; color: #333; }
.name { font-weight: bold; }
.sbd { font-weight: bold; font-size: 11pt; }
.pw { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, "Courier New", monospace;
      font-size: 16pt; font-weight: bold; letter-spacing: 2.5px; border: 1.5px solid #000;
      padding: 0.5mm 2mm; display: inline-block; }
.note { font-size: 7.5pt; margin-top: 1.5mm; color: #222; }
@media screen { body { background: #eee; } .page { background: #fff; margin: 8mm auto;
                padding: 0; box-shadow: 0 0 4px #999; } }
)css";

// What the candidate does with the slip; the unlock step only when the session requires it.
std::string Instruction(bool unlock_required) {
  return std::string(
             "Tại máy thi, nhập số báo danh và mật khẩu, kiểm tra họ tên và ngày sinh "
             "hiện trên màn hình") +
         (unlock_required ? " rồi chờ cán bộ coi thi mở khóa." : ".") +
         " Không cho người khác xem phiếu này. Mật khẩu không có chữ O, I, L và số 0, 1.";
}

std::string Slip(const centre::CentreInfo& centre, const centre::SessionInfo& session,
                 const centre::IssuedPassword& p) {
  const centre::Candidate& c = p.candidate;
  std::string h;
  h += "<div class=\"slip\">\n";
  h += "<div class=\"centre\">" + HtmlEscape(centre.name) + "</div>\n";
  h += "<h1>PHIẾU ĐĂNG NHẬP THI</h1>\n<table>\n";
  auto row = [&](std::string_view key, const std::string& value, const char* cls = nullptr) {
    h += "<tr><td class=\"k\">" + std::string(key) + "</td><td" +
         (cls != nullptr ? std::string(" class=\"") + cls + "\"" : std::string()) + ">" + value +
         "</td></tr>\n";
  };
  row("Ca thi:", HtmlEscape(session.name) + " (" + HtmlEscape(session.id) + ")");
  row("Ngày thi:",
      VietnameseDate(session.exam_date) + " &nbsp; Phòng: <b>" + HtmlEscape(c.room) + "</b>");
  row("Số báo danh:", HtmlEscape(c.sbd), "sbd");
  row("Họ và tên:", HtmlEscape(c.full_name), "name");
  row("Ngày sinh:", VietnameseDate(c.date_of_birth));
  row("Mật khẩu:", "<span class=\"pw\">" + HtmlEscape(p.password) + "</span>");
  h += "</table>\n<div class=\"note\">" + Instruction(session.unlock_required) + "</div>\n</div>\n";
  return h;
}

std::string SlipsHtml(const centre::CentreInfo& centre, const centre::SessionInfo& session,
                      const std::vector<centre::IssuedPassword>& issued) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Phiếu đăng nhập — " +
      HtmlEscape(session.id) + "</title>\n<style>" + std::string(kStyle) +
      "</style>\n</head>\n<body>\n";
  // Each room starts a new page, so that every proctor's stack is cut from its own sheets.
  size_t on_page = 0;
  std::string room;
  bool open = false;
  for (const centre::IssuedPassword& p : issued) {
    if (!open || on_page == kSlipsPerPage || p.candidate.room != room) {
      if (open) {
        h += "</div>\n";
      }
      h += "<div class=\"page\">\n";
      open = true;
      on_page = 0;
      room = p.candidate.room;
    }
    h += Slip(centre, session, p);
    ++on_page;
  }
  if (open) {
    h += "</div>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace

int CmdSlips(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi slips --session S1 --out slips.html");
  desc.add_options()("session", po::value<std::string>()->required(),
                     m("mã ca thi", "session id").data())(
      "out", po::value<std::string>()->required(),
      m("tệp HTML để in (chứa mật khẩu: giữ kín)", "the HTML file to print (holds passwords)")
          .data())("room", po::value<std::string>(),
                   m("chỉ thí sinh phòng này", "only this room's candidates").data())(
      "sbd", po::value<std::string>(),
      m("chỉ thí sinh có số báo danh này", "only this candidate").data())(
      "reissue", m("cấp lại mật khẩu cho thí sinh đã có phiếu (phiếu đã in mất hiệu lực)",
                   "issue new passwords to candidates who have slips (printed slips stop working)")
                     .data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm,
                 "slips --session S1 --out slips.html [--room R] [--sbd X] [--reissue]", g)) {
    return 0;
  }
  const std::string out = vm["out"].as<std::string>();
  // Checked before any password changes, so a bad --out leaves the old passwords working.
  std::error_code ec;
  const fs::path parent = fs::absolute(out, ec).parent_path();
  if (ec || !fs::is_directory(parent, ec) || fs::is_directory(out, ec)) {
    return Fail(g, Status::InvalidArgument(out + std::string(m(": không ghi được vào đây",
                                                               ": cannot be written there"))));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<centre::CentreInfo> centre_info = centre::GetCentre(c->db);
  Result<centre::SessionInfo> session = centre::GetSession(c->db, vm["session"].as<std::string>());
  if (!centre_info.ok() || !session.ok()) {
    return Fail(g, centre_info.ok() ? session.status() : centre_info.status());
  }
  centre::PasswordSelection selection;
  if (vm.count("room") != 0U) {
    selection.room = vm["room"].as<std::string>();
  }
  if (vm.count("sbd") != 0U) {
    selection.sbd = vm["sbd"].as<std::string>();
  }
  // Who had a password before, to say how many slips this run makes void.
  int replaced = 0;
  if (Result<std::vector<centre::Candidate>> before = centre::ListCandidates(c->db, session->id);
      before.ok()) {
    for (const centre::Candidate& cand : *before) {
      replaced += cand.has_password && (selection.room.empty() || cand.room == selection.room) &&
                          (selection.sbd.empty() || cand.sbd == selection.sbd)
                      ? 1
                      : 0;
    }
  }
  // New passwords void the slips already printed, which may be in the proctors' hands: only on
  // purpose.
  if (replaced > 0 && vm.count("reissue") == 0U) {
    return Fail(g, Status::FailedPrecondition(
                       std::to_string(replaced) +
                       std::string(m(" thí sinh đã có mật khẩu và phiếu đăng nhập; cấp lại sẽ làm ",
                                     " candidates have a password and a login slip already; "
                                     "issuing again makes ")) +
                       std::to_string(replaced) +
                       std::string(m(" phiếu đã in mất hiệu lực. Để cấp lại, thêm --reissue "
                                     "(hoặc chọn --room/--sbd); không có gì thay đổi.",
                                     " printed slips invalid. To issue again add --reissue (or "
                                     "narrow it with --room/--sbd); nothing was changed."))));
  }
  Result<std::vector<centre::IssuedPassword>> issued =
      centre::IssuePasswords(c->db, session->id, selection, centre::CliChange());
  if (!issued.ok()) {
    return Fail(g, issued.status());
  }
  // The page holds the passwords: readable by the owner only.
  if (Status s = crypto::WriteSecretFile(out, SlipsHtml(*centre_info, *session, *issued));
      !s.ok()) {
    Fail(g, s);
    std::cerr << m("Mật khẩu mới đã được lưu nhưng phiếu không ghi được: chạy lại lệnh này "
                   "để tạo mật khẩu và phiếu mới.",
                   "New passwords were stored but the slips could not be written: run this "
                   "command again to issue new passwords and slips.")
              << "\n";
    return 1;
  }
  std::cout << m("Đã tạo mật khẩu một lần cho ", "Issued one-time passwords to ") << issued->size()
            << m(" thí sinh và ghi phiếu đăng nhập vào ",
                 " candidates and wrote the login slips to ")
            << out << "\n";
  if (replaced > 0) {
    std::cout << replaced
              << m(" thí sinh đã có mật khẩu từ trước: mật khẩu và phiếu cũ của họ không còn "
                   "dùng được; chỉ phiếu mới có hiệu lực (",
                   " candidates had a password already: their earlier passwords and slips no "
                   "longer work; only the new slips are valid (")
              << replaced << m(" phiếu đã in bị vô hiệu).", " printed slips made void).") << "\n";
  }
  std::cout << m("Tệp chứa mật khẩu: in xong hãy xóa.",
                 "The file holds passwords: delete it after printing.")
            << "\n";
  return 0;
}

}  // namespace khaothi::tools
