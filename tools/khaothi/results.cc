// khaothi results SESSION | results import-marks | results regrade, and khaothi approve.
#include "khaothi/centre/results.h"

#include <filesystem>
#include <iostream>
#include <sstream>

#include "khaothi/centre/certificates.h"

#include "issuing.h"
#include "render.h"

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) {
    return s;
  }
  std::string out = "\"";
  for (char c : s) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

std::string VerdictText(const Messages& m, const centre::CandidateResult& c) {
  if (c.attempt_state != "graded" && c.parts.empty()) {
    return std::string(m("Vắng", "Absent"));
  }
  switch (c.overall.verdict) {
    case engine::Verdict::kPassed:
      return std::string(m("Đạt", "Passed"));
    case engine::Verdict::kFailed:
      return std::string(m("Không đạt", "Failed"));
    case engine::Verdict::kPending:
      return std::string(m("Chưa đủ điểm", "Pending"));
  }
  return {};
}

int Sheet(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi results SESSION");
  desc.add_options()("session", po::value<std::string>()->required(), "SESSION")(
      "out", po::value<std::string>()->default_value("."),
      m("thư mục ghi bảng điểm", "where to write the score sheet").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "results SESSION [--out DIR]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  const std::string session = vm["session"].as<std::string>();
  Result<centre::SessionResults> r = centre::LoadResults(c->db, session, centre::CliChange().at_ms);
  if (!r.ok()) {
    return Fail(g, r.status());
  }
  std::vector<std::string> header = {"STT", std::string(m("SBD", "Number")),
                                     std::string(m("Họ và tên", "Full name")),
                                     std::string(m("Ngày sinh", "Date of birth"))};
  for (const engine::Part& p : r->blueprint.parts) {
    for (const std::string& sp : p.subparts) {
      header.push_back(p.name + "/" + sp);
    }
    header.push_back(p.name);
  }
  header.push_back(std::string(m("Kết quả", "Result")));
  Table rows;
  std::vector<engine::Points> mc_scores;
  int passed = 0;
  int n = 0;
  for (const centre::CandidateResult& cr : r->candidates) {
    std::vector<std::string> row = {std::to_string(++n), cr.candidate.sbd, cr.candidate.full_name,
                                    VietnameseDate(cr.candidate.date_of_birth)};
    for (const engine::Part& p : r->blueprint.parts) {
      auto it = cr.parts.find(p.name);
      for (size_t i = 0; i < p.subparts.size(); ++i) {
        row.push_back(it != cr.parts.end() && i < it->second.marks.size()
                          ? engine::FormatPoints(it->second.marks[i])
                          : "");
      }
      row.push_back(it != cr.parts.end() ? centre::FormatScore(it->second.score, r->blueprint)
                                         : "");
      if (it != cr.parts.end() && p.kind == engine::PartKind::kMultipleChoice) {
        mc_scores.push_back(it->second.score);
      }
    }
    row.push_back(VerdictText(m, cr));
    passed += cr.passed() ? 1 : 0;
    rows.push_back(std::move(row));
  }
  const fs::path out(vm["out"].as<std::string>());
  std::error_code ec;
  fs::create_directories(out, ec);
  const std::string base = (out / ("bang-diem-" + session)).string();
  // CSV (UTF-8 with BOM so that Excel reads the Vietnamese right).
  std::string csv = "\xEF\xBB\xBF";
  for (size_t i = 0; i < header.size(); ++i) {
    csv += (i ? "," : "") + CsvField(header[i]);
  }
  csv += "\r\n";
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      csv += (i ? "," : "") + CsvField(row[i]);
    }
    csv += "\r\n";
  }
  if (Status s = WriteFileAtomically(base + ".csv", csv); !s.ok()) {
    return Fail(g, s);
  }
  const std::string title = std::string(m("BẢNG ĐIỂM — ", "SCORE SHEET — ")) + r->session.name +
                            " (" + session + ", " + VietnameseDate(r->session.exam_date) + ")";
  if (Status s = WriteXlsx(base + ".xlsx", m("Bảng điểm", "Scores").data(), title, header, rows);
      !s.ok()) {
    return Fail(g, s);
  }
  // HTML with an SVG histogram of the multiple-choice scores.
  const int bins = 10;
  std::vector<int> hist = centre::ScoreHistogram(mc_scores, r->blueprint.scoring.scale, bins);
  const int maxc = std::max(1, *std::max_element(hist.begin(), hist.end()));
  std::ostringstream html;
  html << "<!DOCTYPE html><html lang=\"" << (m.lang() == Lang::kVi ? "vi" : "en")
       << "\"><head><meta charset=\"utf-8\"><title>" << HtmlEscape(title)
       << "</title><style>body{font-family:'DejaVu Sans',sans-serif;margin:2em}"
          "table{border-collapse:collapse}td,th{border:1px solid #444;padding:2px 6px}"
          "@media print{.noprint{display:none}}</style></head><body><h1>"
       << HtmlEscape(title) << "</h1><p>" << m("Số thí sinh: ", "Candidates: ") << rows.size()
       << " — " << m("Đạt: ", "Passed: ") << passed << "</p><table><tr>";
  for (const std::string& h : header) {
    html << "<th>" << HtmlEscape(h) << "</th>";
  }
  html << "</tr>";
  for (const auto& row : rows) {
    html << "<tr>";
    for (const std::string& f : row) {
      html << "<td>" << HtmlEscape(f) << "</td>";
    }
    html << "</tr>";
  }
  html << "</table><h2>" << m("Phân bố điểm trắc nghiệm", "Distribution of multiple-choice scores")
       << "</h2><svg width=\"520\" height=\"240\" role=\"img\">";
  const double step =
      static_cast<double>(r->blueprint.scoring.scale.ten_thousandths) / engine::Points::kOne / bins;
  for (int i = 0; i < bins; ++i) {
    const int h = hist[static_cast<size_t>(i)] * 180 / maxc;
    html << "<rect x=\"" << 20 + i * 48 << "\" y=\"" << 200 - h << "\" width=\"44\" height=\"" << h
         << "\" fill=\"#36c\"/><text x=\"" << 30 + i * 48 << "\" y=\"" << 195 - h << "\">"
         << hist[static_cast<size_t>(i)] << "</text><text x=\"" << 20 + i * 48
         << "\" y=\"220\" font-size=\"11\">" << step * i << "–" << step * (i + 1) << "</text>";
  }
  html << "</svg></body></html>\n";
  if (Status s = WriteFileAtomically(base + ".html", html.str()); !s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Bảng điểm: ", "Score sheet: ") << base << ".csv, .xlsx, .html (" << rows.size()
            << m(" thí sinh, ", " candidates, ") << passed << m(" đạt)", " passed)") << "\n";
  return 0;
}

int ImportMarksCmd(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi results import-marks SESSION FILE");
  desc.add_options()("session", po::value<std::string>()->required(), "SESSION")(
      "file", po::value<std::string>()->required(), "FILE")(
      "part", po::value<std::string>()->default_value(""),
      m("phần thi (mặc định: phần thực hành duy nhất)", "the part (default: the only entered one)")
          .data())("reason", po::value<std::string>()->default_value(""),
                   m("lý do chấm lại (phúc khảo)", "why marks are re-entered (re-mark)").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1).add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "results import-marks SESSION FILE [--reason R]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<std::string> csv = ReadFile(vm["file"].as<std::string>());
  if (!csv.ok()) {
    return Fail(g, csv.status());
  }
  Result<crypto::SigningKey> key = LoadResultsKey(g);
  if (!key.ok()) {
    return Fail(g, key.status());
  }
  Result<int> n = centre::ImportMarks(c->db, vm["session"].as<std::string>(), *csv,
                                      vm["part"].as<std::string>(), vm["reason"].as<std::string>(),
                                      *key, centre::CliChange());
  if (!n.ok()) {
    return Fail(g, n.status());
  }
  std::cout << m("Đã nhập điểm của ", "Entered the marks of ") << *n
            << m(" thí sinh", " candidates") << "\n";
  return 0;
}

int RegradeCmd(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi results regrade SESSION");
  desc.add_options()("session", po::value<std::string>()->required(), "SESSION")(
      "sbd", po::value<std::string>()->default_value(""),
      m("chỉ thí sinh này", "only this candidate").data())(
      "reason", po::value<std::string>()->required(),
      m("lý do (vd. sửa đáp án câu IU04-0107)", "why (e.g. key of IU04-0107 corrected)").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "results regrade SESSION [--sbd X] --reason R", g)) {
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
  Result<std::vector<centre::RegradeOutcome>> r =
      centre::RegradeSession(c->db, vm["session"].as<std::string>(), vm["sbd"].as<std::string>(),
                             vm["reason"].as<std::string>(), *key, centre::CliChange());
  if (!r.ok()) {
    return Fail(g, r.status());
  }
  int changed = 0;
  for (const centre::RegradeOutcome& o : *r) {
    if (o.changed) {
      ++changed;
      std::cout << o.sbd << ": " << engine::FormatPoints(o.before) << " -> "
                << engine::FormatPoints(o.after) << m(" (lần chấm ", " (revision ") << o.revision
                << ")\n";
    }
  }
  std::cout << m("Chấm lại ", "Regraded ") << r->size() << m(" bài, thay đổi ", " attempts, ")
            << changed << m("", " changed") << "\n";
  return 0;
}

}  // namespace

int CmdResults(Globals& g, const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "import-marks") {
    return ImportMarksCmd(g, std::vector<std::string>(args.begin() + 1, args.end()));
  }
  if (!args.empty() && args[0] == "regrade") {
    return RegradeCmd(g, std::vector<std::string>(args.begin() + 1, args.end()));
  }
  return Sheet(g, args);
}

int CmdApprove(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi approve SESSION");
  desc.add_options()("session", po::value<std::string>()->required(), "SESSION")(
      "decision-no", po::value<std::string>()->required(),
      m("số quyết định (vd. 15/QĐ-TTGDTX)", "the decision's number (15/QĐ-TTGDTX)").data())(
      "date", po::value<std::string>(),
      m("ngày ký YYYY-MM-DD (mặc định hôm nay)", "the date YYYY-MM-DD (default today)").data())(
      "amend",
      m("sửa đổi quyết định đã có (cần --reason)", "amend the decision (needs --reason)").data())(
      "reason", po::value<std::string>()->default_value(""),
      m("lý do sửa đổi", "why it is amended").data());
  AddKeyOptions(g, desc);
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "approve SESSION --decision-no N [--amend --reason R]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  // Results are approved only once nobody can sit any more: after `khaothi session close`.
  const std::string session_id = vm["session"].as<std::string>();
  if (Result<centre::SessionInfo> s = centre::GetSession(c->db, session_id);
      s.ok() && s->state != "closed") {
    std::cerr << "khaothi: "
              << m("ca thi " + session_id +
                       " chưa đóng; đóng trước khi phê duyệt: khaothi session close " + session_id,
                   "session " + session_id +
                       " is not closed; close it before approval: khaothi session close " +
                       session_id)
              << "\n";
    return 1;
  }
  Result<crypto::SigningKey> key =
      LoadIssuerKey(g, KeyPathOption(g, vm), OptionOr(vm, "passphrase-file", ""));
  if (!key.ok()) {
    return Fail(g, key.status());
  }
  Result<centre::DecisionInfo> d = centre::ApproveResults(
      c->db, *key, vm["session"].as<std::string>(), vm["decision-no"].as<std::string>(),
      OptionOr(vm, "date", Today()), vm.count("amend") != 0U, vm["reason"].as<std::string>(),
      centre::CliChange());
  if (!d.ok()) {
    return Fail(g, d.status());
  }
  std::cout << m("Đã ký quyết định phê duyệt ", "Signed approval decision ") << d->decision_no
            << m(" (lần ", " (version ") << d->version << "): " << d->passed.size()
            << m(" thí sinh đạt", " candidates passed") << "\n";
  return 0;
}

}  // namespace khaothi::tools
