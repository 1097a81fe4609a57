// khaothi results SESSION | results import-marks | results regrade, and khaothi approve.
#include "khaothi/centre/results.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "khaothi/centre/certificates.h"
#include "khaothi/centre/practical_work.h"

#include "issuing.h"
#include "render.h"

namespace khaothi::tools {

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

namespace {

namespace fs = std::filesystem;

// The result as the score sheet writes it (always Vietnamese: a document the centre files).
std::string VerdictText(const centre::CandidateResult& c) {
  if (c.attempt_state != "graded" && c.parts.empty()) {
    return "Vắng";
  }
  switch (c.overall.verdict) {
    case engine::Verdict::kPassed:
      return "Đạt";
    case engine::Verdict::kFailed:
      return "Không đạt";
    case engine::Verdict::kPending:
      return "Chưa đủ điểm";
  }
  return {};
}

std::string Lower(std::string label) {
  if (!label.empty() && label[0] >= 'A' && label[0] <= 'Z') {
    label[0] = static_cast<char>(label[0] - 'A' + 'a');
  }
  return label;
}

std::string Percent(int basis_points) {
  std::string s = std::to_string(basis_points / 100);
  if (basis_points % 100 != 0) {
    s += "," + std::to_string(basis_points % 100 / 10) +
         (basis_points % 10 != 0 ? std::to_string(basis_points % 10) : "");
  }
  return s + " %";
}

// Why a candidate has not passed (empty for a pass): each part that failed and the rule it
// missed, a part still to be marked, a part carried over from an earlier sitting.
std::string ResultNote(const centre::CandidateResult& c, const engine::Blueprint& b) {
  if (c.attempt_state != "graded" && c.parts.empty()) {
    return "Vắng thi";
  }
  std::vector<std::string> notes;
  for (const engine::Part& p : b.parts) {
    const std::string label = PartLabel(p.name, false);
    for (const engine::PartDecision& d : c.overall.parts) {
      if (d.part == p.name && d.source == engine::PartDecision::Source::kCarriedOver) {
        notes.push_back(label + " bảo lưu từ lần thi trước");
      }
    }
    auto it = c.parts.find(p.name);
    if (it == c.parts.end()) {
      notes.push_back("chưa có điểm " + Lower(label));
      continue;
    }
    const centre::PartResult& r = it->second;
    if (r.passed) {
      continue;
    }
    const int64_t floor =
        b.scoring.scale.ten_thousandths * p.floor_basis_points / 10'000;  // ten-thousandths
    for (size_t i = 0; i < p.subparts.size() && i < r.marks.size(); ++i) {
      if (r.marks[i].ten_thousandths < floor) {
        notes.push_back(PartLabel(p.subparts[i], false) + " " +
                        DecimalComma(engine::FormatPoints(r.marks[i])) + " dưới " +
                        Percent(p.floor_basis_points) + " (" +
                        DecimalComma(engine::FormatPoints(engine::Points{floor})) + ")");
      }
    }
    if (r.score < p.pass) {
      notes.push_back(label + " " + DecimalComma(centre::FormatScore(r.score, b)) + " dưới " +
                      DecimalComma(engine::FormatPoints(p.pass)));
    }
  }
  std::string out;
  for (const std::string& n : notes) {
    out += (out.empty() ? "" : "; ") + n;
  }
  if (!out.empty()) {
    out[0] = out[0] >= 'a' && out[0] <= 'z' ? static_cast<char>(out[0] - 'a' + 'A') : out[0];
  }
  return out;
}

std::string HtmlDocument(const AdminDocument& doc, const std::vector<int>& hist, double step) {
  std::ostringstream html;
  html << "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>"
       << HtmlEscape(doc.title) << " — " << HtmlEscape(doc.subtitle.empty() ? "" : doc.subtitle[0])
       << "</title><style>body{font-family:'DejaVu Serif',serif;margin:2em}"
          ".hd{display:flex;justify-content:space-between;text-align:center}"
          ".hd div{width:45%}.u{text-decoration:underline}h1{text-align:center;font-size:1.3em}"
          ".sub{text-align:center;margin:0}"
          "table.t{border-collapse:collapse;font-family:'DejaVu Sans',sans-serif;font-size:.9em}"
          ".t td,.t th{border:1px solid #444;padding:2px 6px}.t td.n{text-align:right}"
          ".t td.w{white-space:nowrap}"
          ".sig{display:flex;justify-content:space-around;text-align:center;margin-top:1.5em}"
          ".sig div{min-height:8em}@media print{.noprint{display:none}}</style></head><body>"
          "<div class=\"hd\"><div>"
       << HtmlEscape(doc.supervisor) << "<br><b class=\"u\">" << HtmlEscape(doc.centre)
       << "</b></div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b class=\"u\">Độc lập - "
          "Tự do - Hạnh phúc</b><br><br><i>"
       << HtmlEscape(doc.place_date) << "</i></div></div><h1>" << HtmlEscape(doc.title) << "</h1>";
  for (const std::string& line : doc.subtitle) {
    html << "<p class=\"sub\">" << HtmlEscape(line) << "</p>";
  }
  html << "<table class=\"t\"><tr>";
  for (const std::string& h : doc.header) {
    html << "<th>" << HtmlEscape(h) << "</th>";
  }
  html << "</tr>";
  for (const auto& row : doc.rows) {
    html << "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      const bool number = i < doc.numeric.size() && doc.numeric[i];
      const bool nowrap = i < doc.nowrap.size() && doc.nowrap[i];
      html << (number   ? "<td class=\"n\">"
               : nowrap ? "<td class=\"w\">"
                        : "<td>")
           << HtmlEscape(number ? DecimalComma(row[i]) : row[i]) << "</td>";
    }
    html << "</tr>";
  }
  html << "</table>";
  for (const std::string& note : doc.notes) {
    html << "<p>" << HtmlEscape(note) << "</p>";
  }
  html << "<div class=\"sig\">";
  for (const AdminDocument::Signature& sig : doc.signatures) {
    html << "<div><b>" << HtmlEscape(sig.title) << "</b><br><i>" << HtmlEscape(sig.hint)
         << "</i></div>";
  }
  html << "</div><h2 class=\"noprint\">Phân bố điểm lý thuyết</h2>"
          "<svg class=\"noprint\" width=\"520\" height=\"240\" role=\"img\">";
  const int maxc = std::max(1, *std::max_element(hist.begin(), hist.end()));
  for (size_t i = 0; i < hist.size(); ++i) {
    const int h = hist[i] * 180 / maxc;
    const int x = 20 + static_cast<int>(i) * 48;
    html << "<rect x=\"" << x << "\" y=\"" << 200 - h << "\" width=\"44\" height=\"" << h
         << "\" fill=\"#36c\"/><text x=\"" << x + 10 << "\" y=\"" << 195 - h << "\">" << hist[i]
         << "</text><text x=\"" << x << "\" y=\"220\" font-size=\"11\">"
         << step * static_cast<double>(i) << "–" << step * static_cast<double>(i + 1) << "</text>";
  }
  html << "</svg></body></html>\n";
  return html.str();
}

int Sheet(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi results SESSION");
  desc.add_options()(
      "session", po::value<std::string>()->required(),
      m("mã ca thi, ví dụ 2026-12-05-S1", "the session id, e.g. 2026-12-05-S1").data())(
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
  Result<centre::CentreInfo> info = centre::GetCentre(c->db);
  if (!info.ok()) {
    return Fail(g, info.status());
  }
  // The score sheet is a document the centre files: Vietnamese, whatever --lang says.
  AdminDocument doc;
  doc.supervisor = info->supervisor;
  doc.centre = info->name;
  doc.place_date = PlaceAndDate(info->place, Today());
  doc.title = "BẢNG ĐIỂM";
  doc.subtitle = {r->session.name,
                  "Ca thi: " + session + " — Ngày thi: " + VietnameseDate(r->session.exam_date)};
  doc.header = {"STT", "Số báo danh", "Họ và tên", "Ngày sinh"};
  doc.weights = {0.3, 0.8, 1.8, 0.9};
  for (const engine::Part& p : r->blueprint.parts) {
    for (const std::string& sp : p.subparts) {
      doc.header.push_back(PartLabel(sp, false));
    }
    doc.header.push_back(PartLabel(p.name, false));
  }
  // The practical per task: which task of the bank each candidate drew (docs/practical.md).
  bool draws_tasks = false;
  for (const engine::Part& p : r->blueprint.parts) {
    draws_tasks = draws_tasks || !p.tasks.empty();
  }
  if (draws_tasks) {
    doc.header.push_back("Đề thực hành");
  }
  doc.header.push_back("Kết quả");
  doc.header.push_back("Ghi chú");
  doc.numeric.assign(doc.header.size(), false);
  for (size_t i = 4; i + 2 < doc.header.size(); ++i) {
    doc.numeric[i] = !draws_tasks || i + 3 < doc.header.size();
    doc.weights.push_back(doc.numeric[i] ? 0.7 : 1.6);
  }
  doc.weights.push_back(1.0);
  doc.weights.push_back(2.6);
  doc.nowrap.assign(doc.header.size(), false);
  doc.nowrap[1] = true;
  doc.nowrap[2] = true;
  doc.nowrap[3] = true;
  std::vector<engine::Points> mc_scores;
  int passed = 0;
  int absent = 0;
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
    if (draws_tasks) {
      Result<std::vector<centre::AssignedTask>> tasks =
          centre::AssignedTasks(c->db, session, cr.candidate.sbd);
      if (!tasks.ok()) {
        return Fail(g, tasks.status());
      }
      std::string drawn;
      for (const centre::AssignedTask& t : *tasks) {
        drawn += (drawn.empty() ? "" : ", ") + t.task_id;
      }
      row.push_back(drawn);
    }
    row.push_back(VerdictText(cr));
    row.push_back(ResultNote(cr, r->blueprint));
    passed += cr.passed() ? 1 : 0;
    absent += cr.attempt_state != "graded" && cr.parts.empty() ? 1 : 0;
    doc.rows.push_back(std::move(row));
  }
  const int total = static_cast<int>(doc.rows.size());
  doc.notes = {"Tổng số thí sinh: " + std::to_string(total) +
               "; dự thi: " + std::to_string(total - absent) + "; vắng: " + std::to_string(absent) +
               "; đạt: " + std::to_string(passed) +
               "; không đạt hoặc chưa đủ điểm: " + std::to_string(total - absent - passed) + "."};
  doc.signatures = {{"NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", ""},
                    {"THƯ KÝ HỘI ĐỒNG", "(Ký, ghi rõ họ tên)", ""},
                    {"CHỦ TỊCH HỘI ĐỒNG THI", "(Ký tên, đóng dấu)", ""}};
  const fs::path out(vm["out"].as<std::string>());
  std::error_code ec;
  fs::create_directories(out, ec);
  const std::string base = (out / ("bang-diem-" + session)).string();
  // CSV (UTF-8 with BOM so that Excel reads the Vietnamese right): data for other programs, so
  // marks keep the decimal point; the PDF, XLSX and HTML are the documents.
  std::string csv = "\xEF\xBB\xBF";
  for (size_t i = 0; i < doc.header.size(); ++i) {
    csv += (i ? "," : "") + CsvField(doc.header[i]);
  }
  csv += "\r\n";
  for (const auto& row : doc.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      csv += (i ? "," : "") + CsvField(row[i]);
    }
    csv += "\r\n";
  }
  if (Status s = WriteFileAtomically(base + ".csv", csv, m.lang()); !s.ok()) {
    return Fail(g, s);
  }
  if (draws_tasks) {
    Result<std::string> reg = WorkRegisterCsv(c->db, session);
    if (!reg.ok()) {
      return Fail(g, reg.status());
    }
    const std::string path = (out / ("so-bai-lam-" + session + ".csv")).string();
    if (Status s = WriteFileAtomically(path, *reg, m.lang()); !s.ok()) {
      return Fail(g, s);
    }
    std::cout << m("Sổ bài làm thực hành: ", "Register of practical work files: ") << path << "\n";
  }
  if (Status s = WriteDocumentXlsx(base + ".xlsx", "Bảng điểm", doc); !s.ok()) {
    return Fail(g, s);
  }
  if (Status s = WriteDocumentPdf(base + ".pdf", doc); !s.ok()) {
    return Fail(g, s);
  }
  // HTML with an SVG histogram of the multiple-choice scores.
  const int bins = 10;
  const std::vector<int> hist = centre::ScoreHistogram(mc_scores, r->blueprint.scoring.scale, bins);
  const double step =
      static_cast<double>(r->blueprint.scoring.scale.ten_thousandths) / engine::Points::kOne / bins;
  if (Status s = WriteFileAtomically(base + ".html", HtmlDocument(doc, hist, step), m.lang());
      !s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Bảng điểm: ", "Score sheet: ") << base << ".pdf, .xlsx, .csv, .html (" << total
            << m(" thí sinh, ", " candidates, ") << passed << m(" đạt)", " passed)") << "\n";
  return 0;
}

int ImportMarksCmd(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi results import-marks SESSION FILE");
  desc.add_options()(
      "session", po::value<std::string>()->required(),
      m("mã ca thi, ví dụ 2026-12-05-S1", "the session id, e.g. 2026-12-05-S1").data())(
      "file", po::value<std::string>()->required(),
      m("tệp CSV điểm thực hành: cột sbd rồi một cột mỗi bài (van-ban,bang-tinh,trinh-chieu)",
        "the practical marks CSV: an sbd column, then one column per task "
        "(van-ban,bang-tinh,trinh-chieu)")
          .data())(
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
  Result<std::string> csv = ReadFile(vm["file"].as<std::string>(), g.msg.lang());
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
  desc.add_options()(
      "session", po::value<std::string>()->required(),
      m("mã ca thi, ví dụ 2026-12-05-S1", "the session id, e.g. 2026-12-05-S1").data())(
      "sbd", po::value<std::string>()->default_value(""),
      m("chỉ thí sinh này", "only this candidate").data())(
      "reason", po::value<std::string>()->required(),
      m("lý do (vd. phúc khảo theo đơn ngày 12/12/2026)",
        "why (e.g. re-marking requested on 12/12/2026)")
          .data());
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
  desc.add_options()(
      "session", po::value<std::string>()->required(),
      m("mã ca thi, ví dụ 2026-12-05-S1", "the session id, e.g. 2026-12-05-S1").data())(
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
  Result<crypto::SigningKey> key = LoadIssuerKey(g, vm);
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
