// khaothi item-analysis SESSION...: Moodle's item statistics over one or more sessions, as a
// table on stdout and an HTML report with a facility/discrimination plot.
#include "khaothi/engine/item_analysis.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "khaothi/centre/results.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

std::string Fixed(std::optional<double> v, int decimals = 1) {
  if (!v) {
    return "-";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return buf;
}

std::string Flags(const engine::ItemStatistics& s) {
  std::string out;
  for (engine::ItemFlag f : s.flags) {
    out += (out.empty() ? "" : ",") + std::string(engine::ToString(f));
  }
  return out;
}

}  // namespace

int CmdItemAnalysis(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi item-analysis SESSION...");
  desc.add_options()("session", po::value<std::vector<std::string>>()->required(),
                     m("các ca thi, ví dụ 2026-12-05-S1 2026-12-05-S2",
                       "the sessions, e.g. 2026-12-05-S1 "
                       "2026-12-05-S2")
                         .data())(
      "out", po::value<std::string>()->default_value("."),
      m("thư mục ghi báo cáo HTML", "where to write the HTML report").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", -1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "item-analysis SESSION... [--out DIR]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  const auto sessions = vm["session"].as<std::vector<std::string>>();
  Result<std::vector<engine::AttemptObservation>> obs = centre::LoadObservations(c->db, sessions);
  if (!obs.ok()) {
    return Fail(g, obs.status());
  }
  const engine::TestStatistics t = engine::AnalyseItems(*obs);
  std::cout << m("Số bài: ", "Attempts: ") << t.attempts << m("  Điểm TB: ", "  Mean: ")
            << Fixed(t.mean, 2) << "  SD: " << Fixed(t.sd, 2)
            << "  Cronbach α: " << Fixed(t.alpha, 1) << "%\n"
            << FitWidth(m("Câu", "Item"), 12) << FitWidth("N", 6) << FitWidth("F%", 8)
            << FitWidth("G%", 8) << FitWidth("W%", 8) << FitWidth("EW%", 8) << FitWidth("D%", 8)
            << FitWidth("E%", 8) << m("Cảnh báo", "Flags") << "\n";
  int flagged = 0;
  std::ostringstream rows;
  std::ostringstream dots;
  for (const engine::ItemStatistics& s : t.items) {
    std::cout << FitWidth(s.item_id, 12) << FitWidth(std::to_string(s.attempts), 6)
              << FitWidth(Fixed(s.facility), 8) << FitWidth(Fixed(s.random_guess_score), 8)
              << FitWidth(Fixed(s.intended_weight), 8) << FitWidth(Fixed(s.effective_weight), 8)
              << FitWidth(Fixed(s.discrimination_index), 8)
              << FitWidth(Fixed(s.discriminative_efficiency), 8) << Flags(s) << "\n";
    flagged += s.flags.empty() ? 0 : 1;
    std::string picks;
    for (size_t o = 0; o < s.option_picks.size(); ++o) {
      picks += (o ? " " : "") + std::string(1, static_cast<char>('A' + o)) + ":" +
               std::to_string(s.option_picks[o]);
    }
    rows << "<tr" << (s.flags.empty() ? "" : " class=\"flag\"") << "><td>" << HtmlEscape(s.item_id)
         << "</td><td>" << s.attempts << "</td><td>" << Fixed(s.facility) << "</td><td>"
         << Fixed(s.sd) << "</td><td>" << Fixed(s.random_guess_score) << "</td><td>"
         << Fixed(s.intended_weight) << "</td><td>" << Fixed(s.effective_weight) << "</td><td>"
         << Fixed(s.discrimination_index) << "</td><td>" << Fixed(s.discriminative_efficiency)
         << "</td><td>" << Fixed(s.upper_facility) << " / " << Fixed(s.lower_facility)
         << "</td><td>" << picks << "</td><td>" << Flags(s) << "</td></tr>\n";
    if (s.discrimination_index) {
      // F runs 0..100 across the 440-pixel width; D, a correlation, runs −100..+100 up the
      // 360-pixel height, with 0 in the middle (y = 200).
      const double x = 40 + s.facility * 4.4;
      const double y = 200 - std::clamp(*s.discrimination_index, -100.0, 100.0) * 1.8;
      dots << "<circle cx=\"" << x << "\" cy=\"" << y << "\" r=\"4\" fill=\""
           << (s.flags.empty() ? "#36c" : "#c33") << "\"><title>" << HtmlEscape(s.item_id)
           << "</title></circle>";
    }
  }
  std::ostringstream html;
  html << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
       << m("Phân tích câu hỏi", "Item analysis")
       << "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
          "td,th{border:1px solid #888;padding:2px 6px}.flag{background:#fdd}</style></head>"
          "<body><h1>"
       << m("Phân tích câu hỏi: ", "Item analysis: ");
  for (const std::string& s : sessions) {
    html << HtmlEscape(s) << " ";
  }
  html << "</h1><p>" << m("Số bài: ", "Attempts: ") << t.attempts << "; mean " << Fixed(t.mean, 2)
       << "; SD " << Fixed(t.sd, 2) << "; Cronbach α " << Fixed(t.alpha, 1) << "%</p>"
       << "<svg width=\"520\" height=\"400\" role=\"img\"><rect x=\"40\" y=\"20\" width=\"440\" "
          "height=\"360\" fill=\"none\" stroke=\"#888\"/><line x1=\"40\" y1=\"200\" x2=\"480\" "
          "y2=\"200\" stroke=\"#888\" stroke-dasharray=\"4\"/><text x=\"200\" y=\"396\">"
       << m("Độ khó F (%)", "Facility F (%)")
       << "</text><text x=\"0\" y=\"14\">D (%)</text><text x=\"4\" y=\"30\">+100</text>"
          "<text x=\"22\" y=\"204\">0</text><text x=\"4\" y=\"380\">−100</text>"
       << dots.str()
       << "</svg><table><tr><th>Item</th><th>N</th><th>F%</th><th>SD%</th><th>G%</th><th>W%"
          "</th><th>EW%</th><th>D%</th><th>E%</th><th>F% top/bottom ¼</th><th>"
       << m("Phương án được chọn", "Option picks") << "</th><th>" << m("Cảnh báo", "Flags")
       << "</th></tr>\n"
       << rows.str() << "</table></body></html>\n";
  const std::filesystem::path out(vm["out"].as<std::string>());
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  const std::string path = (out / "item-analysis.html").string();
  if (Status s = WriteFileAtomically(path, html.str()); !s.ok()) {
    return Fail(g, s);
  }
  std::cout << flagged << m(" câu cần xem lại; báo cáo: ", " items flagged; report: ") << path
            << "\n";
  return 0;
}

}  // namespace khaothi::tools
