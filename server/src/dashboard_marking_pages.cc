#include "dashboard_marking_pages.h"

#include <optional>

namespace khaothi::server::pages {
namespace {

struct T {
  Lang lang;
  std::string_view operator()(std::string_view vi, std::string_view en) const {
    return lang == Lang::kVi ? vi : en;
  }
};

std::string StateText(Lang lang, centre::CaseState s) {
  T t{lang};
  switch (s) {
    case centre::CaseState::kWaiting:
      return std::string(t("đang chấm", "being marked"));
    case centre::CaseState::kAgreed:
      return std::string(t("hai vòng khớp", "the markers agree"));
    case centre::CaseState::kDisputed:
      return std::string(t("chênh lệch quá ngưỡng: chờ quyết định", "apart: the chair decides"));
    case centre::CaseState::kDecided:
      return std::string(t("đã quyết định", "decided"));
  }
  return "";
}

std::string CaseHref(const centre::MarkingCase& c) {
  return "/marking/" + HtmlEscape(c.session_id) + "/" + HtmlEscape(c.code) + "/" +
         HtmlEscape(c.subpart);
}

// The name a downloaded file is saved under, also in the response's Content-Disposition:
// CODE-SUBPART-NAME, so that files of several candidates never overwrite each other.
std::string DownloadName(const centre::MarkingCase& c, const std::string& name) {
  return HtmlEscape(c.code + "-" + c.subpart + "-" + name);
}

std::string Bytes(int64_t n) {
  if (n < 10 * 1024) {
    return std::to_string(n) + " B";
  }
  return std::to_string((n + 512) / 1024) + " KiB";
}

std::string VerdictText(Lang lang, const std::string& verdict) {
  T t{lang};
  if (verdict == "pass") {
    return std::string(t("đạt", "pass"));
  }
  if (verdict == "partial") {
    return std::string(t("đạt một phần", "partial"));
  }
  return std::string(t("không đạt", "fail"));
}

// The machine's proposal for one line: the proposed mark (or why none) and the evidence of each
// check, in the page's language. `accept`: with a button that fills the line's mark.
std::string ProposalCell(Lang lang, const centre::ProposalLine& p, bool accept) {
  T t{lang};
  const bool en = lang == Lang::kEn;
  std::string out = "<div class=\"proposal " + HtmlEscape(p.verdict) + "\" id=\"proposal-" +
                    HtmlEscape(p.code) + "\">";
  if (p.proposed) {
    out += "<strong class=\"proposed\">" + engine::FormatPoints(*p.proposed) + "</strong> (" +
           VerdictText(lang, p.verdict) + ")";
    if (accept) {
      out += " <button type=\"submit\" class=\"accept\" name=\"accept\" value=\"" +
             HtmlEscape(p.code) + "\" formnovalidate>";
      out += t("Chấp nhận đề xuất", "Accept the proposal");
      out += "</button>";
    }
  } else {
    out += "<span class=\"no-proposal\">" + HtmlEscape(en ? p.reason_en : p.reason_vi) + "</span>";
  }
  if (!p.checks.empty()) {
    out += "<ul class=\"evidence\">";
    for (const centre::ProposalCheck& c : p.checks) {
      out += "<li class=\"" + HtmlEscape(c.verdict) + "\"><span class=\"verdict\">" +
             VerdictText(lang, c.verdict) +
             "</span>: " + HtmlEscape(en ? c.evidence_en : c.evidence_vi) + "</li>";
    }
    out += "</ul>";
  }
  out += "</div>";
  return out;
}

const centre::ProposalLine* ProposalOf(const std::optional<centre::ProposalRun>& run,
                                       const std::string& code) {
  if (!run) {
    return nullptr;
  }
  for (const centre::ProposalLine& l : run->lines) {
    if (l.code == code) {
      return &l;
    }
  }
  return nullptr;
}

// What the page says of the proposals above the points table.
std::string ProposalSummary(Lang lang, const CaseView& v, bool accept_all) {
  T t{lang};
  std::string out = "<p id=\"proposal-summary\">";
  if (v.proposal) {
    out += t("Điểm đề xuất của máy (kiểm tra tự động): ",
             "The machine's proposed marks (automatic checks): ");
    out += engine::FormatPoints(v.proposal->ProposedTotal()) + " / " +
           engine::FormatPoints(v.c.task.total);
    if (!v.proposal->Complete()) {
      out += t(" — có ý phải chấm tay", " — some lines are marked by hand");
    }
    out += t(". Cán bộ chấm quyết định; điểm khác đề xuất cần ghi chú lý do.",
             ". The marker decides; a mark that differs from the proposal needs a note.");
    if (accept_all) {
      out +=
          " <button type=\"submit\" id=\"accept-all\" name=\"accept\" value=\"*\" "
          "formnovalidate>";
      out += t("Chấp nhận mọi đề xuất", "Accept every proposal");
      out += "</button>";
    }
  } else if (v.proposal_stale) {
    out += t("Bài làm có phiên bản mới sau lần kiểm tra tự động; đang chờ kiểm tra lại.",
             "The work has a newer version than the automatic checks read; they run again.");
  } else {
    out +=
        t("Chưa có điểm đề xuất tự động cho bài này.", "No automatic proposal for this work yet.");
  }
  out += "</p>";
  return out;
}

// The marks of a points table as a form: one input per line, prefilled from `values` (by line
// code), or read-only when `editable` is false; with the machine's proposal of each line when
// there is one.
std::string MarksInputs(Lang lang, const engine::PracticalTask& task,
                        const std::map<std::string, std::string>& values, int decimals,
                        bool editable, const std::optional<centre::ProposalRun>& proposal = {}) {
  T t{lang};
  std::string out = "<table class=\"list marks\"><thead><tr><th>";
  out += t("Ý", "Line");
  out += "</th><th>";
  out += t("Yêu cầu", "What is checked");
  out += "</th><th>";
  out += t("Tối đa", "Max");
  out += "</th>";
  if (proposal) {
    out += "<th>";
    out += t("Đề xuất và căn cứ", "Proposed, and why");
    out += "</th>";
  }
  out += "<th>";
  out += t("Điểm", "Mark");
  out += "</th></tr></thead><tbody>";
  const std::string step =
      decimals == 0 ? "1" : "0." + std::string(static_cast<size_t>(decimals - 1), '0') + "1";
  for (const engine::PointsLine& line : task.points) {
    auto it = values.find(line.code);
    const std::string value = it == values.end() ? "" : it->second;
    out += "<tr><td>" + HtmlEscape(line.code) + "</td><td>" + HtmlEscape(line.description) +
           "</td><td>" + engine::FormatPoints(line.points) + "</td><td>";
    if (proposal) {
      const centre::ProposalLine* p = ProposalOf(proposal, line.code);
      out += (p != nullptr ? ProposalCell(lang, *p, editable) : std::string()) + "</td><td>";
    }
    if (editable) {
      out += "<input class=\"mark\" name=\"m:" + HtmlEscape(line.code) +
             "\" type=\"number\" min=\"0\" max=\"" + engine::FormatPoints(line.points) +
             "\" step=\"" + step + "\" required value=\"" + HtmlEscape(value) + "\">";
    } else {
      out += HtmlEscape(value);
    }
    out += "</td></tr>";
  }
  out += "</tbody></table>";
  return out;
}

std::map<std::string, std::string> ValuesOf(const centre::MarkEntry& e) {
  std::map<std::string, std::string> v;
  for (const centre::LineMark& l : e.lines) {
    v[l.code] = engine::FormatPoints(l.points);
  }
  return v;
}

std::string FilesSection(Lang lang, const CaseView& v, const TimeZone& tz) {
  T t{lang};
  const std::string base = CaseHref(v.c);
  std::string out = "<h2>";
  out += t("Bài làm", "The work");
  out += "</h2>";
  if (v.files.empty()) {
    out += "<p id=\"no-files\">";
    out += t("Thí sinh không nộp tệp nào trước khi hết giờ.",
             "The candidate handed in no file before the deadline.");
    out += "</p>";
  } else {
    out += "<table class=\"list files\"><thead><tr><th>";
    out += t("Tệp", "File");
    out += "</th><th>";
    out += t("Phiên bản", "Version");
    out += "</th><th>";
    out += t("Nhận lúc", "Received");
    out += "</th><th>";
    out += t("Dung lượng", "Size");
    out += "</th><th>SHA-256</th></tr></thead><tbody>";
    for (const centre::MarkedFile& f : v.files) {
      out += "<tr><td><a class=\"work-file\" download=\"" + DownloadName(v.c, f.name) +
             "\" href=\"" + base + "/file/" + HtmlEscape(f.name) + "\">" + HtmlEscape(f.name) +
             "</a></td><td>" + std::to_string(f.version) + "</td><td>" +
             LocalTime(tz, f.received_ms, true) + "</td><td>" + Bytes(f.size) +
             "</td><td><code title=\"" + HtmlEscape(f.sha256) + "\">" +
             HtmlEscape(f.sha256.substr(0, 12)) + "</code></td></tr>";
    }
    out += "</tbody></table>";
  }
  out += "<h2>";
  out += t("Đề bài", "The task");
  out += "</h2><pre class=\"instructions\">" + HtmlEscape(v.instructions) + "</pre><p>";
  out += t("Đáp án: ", "Model solution: ");
  bool first = true;
  for (const engine::PracticalFile& f : v.c.task.solutions) {
    out += first ? "" : ", ";
    first = false;
    out += "<a class=\"solution-file\" download=\"" + DownloadName(v.c, f.name) + "\" href=\"" +
           base + "/solution/" + HtmlEscape(f.name) + "\">" + HtmlEscape(f.name) + "</a>";
  }
  out += "</p>";
  return out;
}

// The SHA-256 of each file the page shows, sent back with the marks: marks are refused when the
// work changed in between (centre::EnterMarks `seen`).
std::string SeenInput(const CaseView& v) {
  std::string seen;
  for (const centre::MarkedFile& f : v.files) {
    seen += (seen.empty() ? "" : ",") + f.sha256;
  }
  return "<input type=\"hidden\" name=\"seen\" value=\"" + HtmlEscape(seen) + "\">";
}

std::string CaseTitle(Lang lang, const centre::MarkingCase& c) {
  T t{lang};
  return std::string(t("Bài ", "Work ")) + HtmlEscape(c.code) + " · " + HtmlEscape(c.subpart) +
         " · " + HtmlEscape(c.task.id) + " (" + std::string(t("phiên bản ", "version ")) +
         std::to_string(c.task.version) + ") — " + HtmlEscape(c.task.title);
}

std::string MessageBox(const std::string& error, const std::string& notice) {
  std::string out;
  if (!error.empty()) {
    out += "<div class=\"error\" id=\"mark-error\" role=\"alert\"><pre>" + HtmlEscape(error) +
           "</pre></div>";
  }
  if (!notice.empty()) {
    out += "<p class=\"notice\" id=\"mark-notice\">" + HtmlEscape(notice) + "</p>";
  }
  return out;
}

}  // namespace

std::string MarkingListPage(Lang lang, const MarkingViewer& viewer,
                            const std::vector<centre::MarkingCase>& cases) {
  T t{lang};
  const bool chair = viewer.chair;
  std::string out = Head(lang, t("Chấm thi — khaothi", "Marking — khaothi"), "");
  out += "<body>" + TopBar(lang, viewer.full_name, viewer.csrf, "/marking",
                           std::string(t("Chấm thi", "Marking")));
  out += "<main class=\"page\"><h1>";
  out += chair ? t("Chấm thi thực hành: toàn bộ bài", "Practical marking: all work")
               : t("Bài được giao chấm", "Work assigned to you");
  out += "</h1>";
  if (cases.empty()) {
    out += "<p id=\"no-cases\">";
    out += t("Chưa có bài nào.", "No work yet.");
    out += "</p></main></body></html>\n";
    return out;
  }
  out += "<table class=\"list cases\"><thead><tr><th>";
  out += t("Ca thi", "Session");
  out += "</th><th>";
  out += t("Mã phách", "Marking code");
  out += "</th><th>";
  out += t("Phần thi", "Sub-part");
  out += "</th><th>";
  out += t("Đề", "Task");
  out += "</th><th>";
  out += chair ? t("Vòng 1 / vòng 2", "Round 1 / round 2") : t("Vòng", "Round");
  out += "</th><th>";
  out += t("Trạng thái", "State");
  out += "</th></tr></thead><tbody>";
  for (const centre::MarkingCase& c : cases) {
    std::string state;
    std::string round;
    if (chair) {
      round = HtmlEscape(c.first_marker) + " / " + HtmlEscape(c.second_marker);
      state = StateText(lang, c.state);
      if (c.final_mark) {
        state += ": " + engine::FormatPoints(*c.final_mark);
      }
    } else {
      const centre::MarkRound mine = *c.RoundOf(viewer.username);
      round = mine == centre::MarkRound::kFirst ? "1" : "2";
      const std::optional<centre::MarkEntry>& e =
          mine == centre::MarkRound::kFirst ? c.first : c.second;
      state = e ? std::string(t("đã chấm: ", "marked: ")) + engine::FormatPoints(e->total)
                : std::string(t("chưa chấm", "not marked"));
    }
    // The state is the chair's to see: on a marker's row it would tell whether the other marker
    // has marked, and how close they are.
    out += "<tr class=\"case" + (chair ? " " + std::string(centre::ToString(c.state)) : "") +
           "\"><td>" + HtmlEscape(c.session_id) + "</td><td><a class=\"case-link\" href=\"" +
           CaseHref(c) + "\">" + HtmlEscape(c.code) + "</a></td><td>" + HtmlEscape(c.subpart) +
           "</td><td>" + HtmlEscape(c.task.id) + " — " + HtmlEscape(c.task.title) + "</td><td>" +
           round + "</td><td>" + state + "</td></tr>";
  }
  out += "</tbody></table></main></body></html>\n";
  return out;
}

// A marker's page: their own marks only.
std::string MarkerPage(Lang lang, const MarkingViewer& viewer, const CaseView& v,
                       centre::MarkRound round, const std::map<std::string, std::string>* typed,
                       const std::string& error, const std::string& notice, const TimeZone& tz) {
  T t{lang};
  const centre::MarkingCase& c = v.c;
  const std::optional<centre::MarkEntry>& mine =
      round == centre::MarkRound::kFirst ? c.first : c.second;
  std::string out = Head(lang, t("Chấm bài — khaothi", "Marking — khaothi"), "");
  out += "<body>" + TopBar(lang, viewer.full_name, viewer.csrf, CaseHref(c),
                           std::string(t("Chấm thi", "Marking")));
  out += "<main class=\"page\"><p><a href=\"/marking\">";
  out += t("← Bài được giao", "← Assigned work");
  out += "</a></p><h1>" + CaseTitle(lang, c) + "</h1><p id=\"round\">";
  out += round == centre::MarkRound::kFirst ? t("Bạn chấm vòng 1.", "You mark round 1.")
                                            : t("Bạn chấm vòng 2.", "You mark round 2.");
  out += "</p>";
  out += MessageBox(error, notice);
  out += FilesSection(lang, v, tz);
  out += "<h2>";
  out += t("Điểm của bạn", "Your marks");
  out += "</h2>";
  const bool editable = !c.decision;
  std::map<std::string, std::string> values;
  if (typed != nullptr) {
    values = *typed;
  } else if (mine) {
    values = ValuesOf(*mine);
  }
  if (mine) {
    out += "<p id=\"my-total\">";
    out += t("Tổng điểm đã lưu: ", "Total saved: ");
    out += engine::FormatPoints(mine->total) + " / " + engine::FormatPoints(c.task.total) + " (" +
           LocalTime(tz, mine->at_ms, true) + ")</p>";
  }
  if (!editable) {
    out += "<p class=\"warn\">";
    out += t("Chủ tịch hội đồng đã quyết định điểm bài này; không sửa được nữa.",
             "The chair has decided this work; the marks can no longer change.");
    out += "</p>" + ProposalSummary(lang, v, false) +
           MarksInputs(lang, c.task, values, c.decimals, false, v.proposal);
  } else {
    out += "<form method=\"post\" id=\"marks-form\" action=\"" + CaseHref(c) +
           "\"><input type=\"hidden\" name=\"csrf\" value=\"" + HtmlEscape(viewer.csrf) + "\">" +
           SeenInput(v);
    out += ProposalSummary(lang, v, true);
    out += MarksInputs(lang, c.task, values, c.decimals, true, v.proposal);
    out += "<p><label>";
    out += t("Ghi chú (bắt buộc khi điểm khác đề xuất)",
             "Note (required when a mark differs from the proposal)");
    out += "<br><textarea name=\"note\" rows=\"3\" cols=\"70\" maxlength=\"" +
           std::to_string(centre::kMaxMarkingNoteBytes) + "\">" +
           HtmlEscape(v.typed_note ? *v.typed_note
                                   : (typed != nullptr ? "" : (mine ? mine->note : ""))) +
           "</textarea></label></p><p><button type=\"submit\" id=\"save-marks\">";
    out += t("Lưu điểm", "Save marks");
    out += "</button></p></form>";
  }
  out += "</main></body></html>\n";
  return out;
}

// The chair's page: both rounds side by side, and the decision.
std::string ChairPage(Lang lang, const MarkingViewer& viewer, const CaseView& v,
                      const std::map<std::string, std::string>* typed, const std::string& error,
                      const std::string& notice, const TimeZone& tz) {
  T t{lang};
  const centre::MarkingCase& c = v.c;
  std::string out = Head(lang, t("Quyết định điểm — khaothi", "Decision — khaothi"), "");
  out += "<body>" + TopBar(lang, viewer.full_name, viewer.csrf, CaseHref(c),
                           std::string(t("Chấm thi", "Marking")));
  out += "<main class=\"page\"><p><a href=\"/marking\">";
  out += t("← Tất cả bài", "← All work");
  out += "</a></p><h1>" + CaseTitle(lang, c) + "</h1>";
  out += "<p id=\"case-state\">" + StateText(lang, c.state);
  if (c.final_mark) {
    out += std::string(t(" — điểm: ", " — mark: ")) + engine::FormatPoints(*c.final_mark);
  }
  out += std::string(t(" (ngưỡng chênh lệch ", " (threshold ")) +
         engine::FormatPoints(c.threshold) + ")</p>";
  out += MessageBox(error, notice);
  auto cell = [](const std::optional<centre::MarkEntry>& e, const std::string& code) {
    if (!e) {
      return std::string("—");
    }
    for (const centre::LineMark& l : e->lines) {
      if (l.code == code) {
        return engine::FormatPoints(l.points);
      }
    }
    return std::string("—");
  };
  out += ProposalSummary(lang, v, false);
  out += "<table class=\"list both\"><thead><tr><th>";
  out += t("Ý", "Line");
  out += "</th><th>";
  out += t("Tối đa", "Max");
  out += "</th><th>";
  out += t("Đề xuất", "Proposed");
  out += "</th><th>";
  out += std::string(t("Vòng 1: ", "Round 1: ")) + HtmlEscape(v.first_name);
  out += "</th><th>";
  out += std::string(t("Vòng 2: ", "Round 2: ")) + HtmlEscape(v.second_name);
  out += "</th>";
  if (c.decision) {
    out += "<th>" + std::string(t("Quyết định: ", "Decision: ")) + HtmlEscape(v.decider_name) +
           "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const engine::PointsLine& line : c.task.points) {
    const centre::ProposalLine* p = ProposalOf(v.proposal, line.code);
    out += "<tr><td>" + HtmlEscape(line.code) + "</td><td>" + engine::FormatPoints(line.points) +
           "</td><td>" + (p != nullptr ? ProposalCell(lang, *p, false) : std::string("—")) +
           "</td><td>" + cell(c.first, line.code) + "</td><td>" + cell(c.second, line.code) +
           "</td>";
    if (c.decision) {
      out += "<td>" + cell(c.decision, line.code) + "</td>";
    }
    out += "</tr>";
  }
  auto total = [](const std::optional<centre::MarkEntry>& e) {
    return e ? engine::FormatPoints(e->total) : std::string("—");
  };
  auto note = [](const std::optional<centre::MarkEntry>& e) {
    return e ? HtmlEscape(e->note) : std::string();
  };
  out += "<tr class=\"total\"><td>";
  out += t("Tổng", "Total");
  out += "</td><td>" + engine::FormatPoints(c.task.total) + "</td><td>" +
         (v.proposal ? engine::FormatPoints(v.proposal->ProposedTotal()) : std::string("—")) +
         "</td><td id=\"total-1\">" + total(c.first) + "</td><td id=\"total-2\">" +
         total(c.second) + "</td>";
  if (c.decision) {
    out += "<td id=\"total-3\">" + total(c.decision) + "</td>";
  }
  out += "</tr><tr><td>";
  out += t("Ghi chú", "Note");
  out += "</td><td></td><td></td><td>" + note(c.first) + "</td><td>" + note(c.second) + "</td>";
  if (c.decision) {
    out += "<td>" + note(c.decision) + "</td>";
  }
  out += "</tr></tbody></table>";
  out += FilesSection(lang, v, tz);
  if (c.state == centre::CaseState::kDisputed || c.state == centre::CaseState::kDecided) {
    out += "<h2>";
    out += t("Quyết định của chủ tịch hội đồng", "The chair's decision");
    out += "</h2><form method=\"post\" id=\"decide-form\" action=\"" + CaseHref(c) +
           "/decide\"><input type=\"hidden\" name=\"csrf\" value=\"" + HtmlEscape(viewer.csrf) +
           "\">" + SeenInput(v);
    std::map<std::string, std::string> values;
    if (typed != nullptr) {
      values = *typed;
    } else if (c.decision) {
      values = ValuesOf(*c.decision);
    }
    out += MarksInputs(lang, c.task, values, c.decimals, true);
    out += "<p><label>";
    out += t("Lý do (bắt buộc)", "Reason (required)");
    out += "<br><textarea name=\"reason\" rows=\"3\" cols=\"70\" required maxlength=\"" +
           std::to_string(centre::kMaxMarkingNoteBytes) + "\"></textarea></label></p>";
    out += "<p><button type=\"submit\" id=\"decide\">";
    out += t("Quyết định điểm", "Decide the marks");
    out += "</button></p></form>";
  }
  out += "</main></body></html>\n";
  return out;
}

}  // namespace khaothi::server::pages
