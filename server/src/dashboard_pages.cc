#include "dashboard_pages.h"

#include <map>

namespace khaothi::server::pages {
namespace {

using engine::AttemptState;

struct T {
  Lang lang;
  std::string_view operator()(std::string_view vi, std::string_view en) const {
    return lang == Lang::kVi ? vi : en;
  }
};

}  // namespace

std::string LocalTime(const TimeZone& tz, int64_t ms, bool with_date) {
  return tz.Format(ms, with_date ? "%d/%m/%Y %H:%M:%S" : "%H:%M:%S");
}

namespace {

std::string VietnameseDate(const std::string& iso) {
  if (iso.size() != 10) {
    return iso;
  }
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

}  // namespace

std::string Head(Lang lang, std::string_view title, std::string_view script) {
  std::string out = "<!doctype html>\n<html lang=\"";
  out += lang == Lang::kVi ? "vi" : "en";
  out +=
      "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>";
  out += HtmlEscape(title);
  out +=
      "</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" "
      "href=\"/static/app.css\">";
  if (!script.empty()) {
    out += "<script src=\"";
    out += script;
    out += "\" defer></script>";
  }
  out += "</head>\n";
  return out;
}

std::string LangSwitch(Lang lang, std::string_view back) {
  std::string out = "<a class=\"lang\" id=\"lang-switch\" href=\"/lang/";
  out += lang == Lang::kVi ? "en" : "vi";
  out += "?back=";
  out += HtmlEscape(back);
  out += "\">";
  out += lang == Lang::kVi ? "English" : "Tiếng Việt";
  out += "</a>";
  return out;
}

std::string TopBar(Lang lang, const std::string& full_name, const std::string& csrf,
                   std::string_view back, std::string_view where) {
  T t{lang};
  std::string out = "<header class=\"top\"><a class=\"brand\" href=\"/rooms\">khaothi</a>";
  out += "<span class=\"where\">" + std::string(where) + "</span><span class=\"spacer\"></span>";
  out += "<span class=\"who\">" + HtmlEscape(full_name) + "</span>";
  out += LangSwitch(lang, back);
  out +=
      "<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" "
      "name=\"csrf\" value=\"" +
      HtmlEscape(csrf) + "\"><button id=\"logout\" type=\"submit\">" +
      std::string(t("Đăng xuất", "Log out")) + "</button></form></header>\n";
  return out;
}

namespace {

std::string RoomStateName(Lang lang, const std::string& state) {
  T t{lang};
  if (state == "paused") return std::string(t("đang tạm dừng", "paused"));
  if (state == "closed") return std::string(t("đã đóng", "closed"));
  return std::string(t("đang mở", "open"));
}

// Names of things in Vietnamese and English.
using Names = std::map<std::string, std::pair<const char*, const char*>>;

// `key`'s name in `lang`, or `key` itself when `names` has none.
std::string NameIn(Lang lang, const Names& names, const std::string& key) {
  auto it = names.find(key);
  return it == names.end() ? key : std::string(T{lang}(it->second.first, it->second.second));
}

}  // namespace

std::string KindName(Lang lang, const std::string& kind) {
  static const Names kNames = {
      {"unlock", {"Mở khóa đăng nhập", "Unlock login"}},
      {"unlock_all", {"Mở khóa tất cả", "Unlock all"}},
      {"extend", {"Cộng thêm giờ", "Extra time"}},
      {"suspend", {"Tạm dừng thí sinh", "Suspend candidate"}},
      {"resume", {"Cho thi tiếp", "Resume candidate"}},
      {"allow_move", {"Cho đổi máy", "Allow move to another PC"}},
      {"end", {"Đình chỉ thi (vi phạm)", "Ended for a violation"}},
      {"notice", {"Gửi thông báo", "Notice"}},
      {"notice_all", {"Thông báo cả phòng", "Notice to all"}},
      {"pause_room", {"Tạm dừng cả phòng", "Pause the room"}},
      {"resume_room", {"Tiếp tục cả phòng", "Resume the room"}},
      {"close_room", {"Đóng phòng thi", "Close the room"}},
      {"ack_report", {"Đã xử lý báo sai thông tin", "Data-error report dealt with"}},
      {"data_error",
       {"Thí sinh báo sai thông tin cá nhân", "Candidate reports wrong personal data"}},
      {"login_refused", {"Từ chối đăng nhập từ máy khác", "Login from another PC refused"}},
  };
  return NameIn(lang, kNames, kind);
}

std::string SeatStateText(Lang lang, const std::string& state) {
  static const Names kNames = {
      {"not_logged_in", {"chưa đăng nhập", "not logged in"}},
      {"waiting", {"chờ mở khóa", "waiting for the unlock"}},
      {"unlocked", {"đã mở khóa, chưa bắt đầu", "unlocked, not started"}},
      {"in_progress", {"đang làm bài", "in progress"}},
      {"disconnected", {"mất kết nối", "disconnected"}},
      {"suspended", {"đang tạm dừng", "suspended"}},
      {"submitted", {"đã nộp bài", "submitted"}},
      {"ended", {"đã bị đình chỉ thi", "ended for a violation"}},
  };
  return NameIn(lang, kNames, state);
}

namespace {

// Who did it: the staff member's full name, "Thí sinh TS001" for a candidate.
std::string ActorName(Lang lang, const Incident& i) {
  T t{lang};
  if (!i.actor_name.empty()) {
    return HtmlEscape(i.actor_name);
  }
  if (i.actor.starts_with("candidate:")) {
    return std::string(t("Thí sinh ", "Candidate ")) + HtmlEscape(i.actor.substr(10));
  }
  return HtmlEscape(i.actor);
}

std::string IncidentRows(Lang lang, const std::vector<const Incident*>& list, const TimeZone& tz) {
  T t{lang};
  std::string out =
      "<thead><tr><th>" + std::string(t("Thời gian", "Time")) + "</th><th>" +
      std::string(t("Người thực hiện", "By")) + "</th><th>" + std::string(t("Nội dung", "What")) +
      "</th><th>" + std::string(t("SBD", "Number")) + "</th><th>" +
      std::string(t("Lý do / biên bản", "Reason / minutes")) + "</th></tr></thead><tbody>";
  for (const Incident* i : list) {
    out += "<tr class=\"k-" + HtmlEscape(i->kind) + "\"><td>" + LocalTime(tz, i->at_ms, false) +
           "</td><td>" + ActorName(lang, *i) + "</td><td>" + KindName(lang, i->kind) + "</td><td>" +
           HtmlEscape(i->sbd) + "</td><td>" + HtmlEscape(i->reason);
    if (!i->minutes.empty()) {
      out += "<div class=\"minutes\">" + HtmlEscape(i->minutes) + "</div>";
    }
    out += "</td></tr>";
  }
  return out + "</tbody>";
}

}  // namespace

std::string SeatStateName(const SeatView& seat) {
  switch (seat.state) {
    case AttemptState::kSubmitted:
    case AttemptState::kGraded:
      return "submitted";
    case AttemptState::kSuspended:
      return "suspended";
    case AttemptState::kInProgress:
      return seat.connected ? "in_progress" : "disconnected";
    case AttemptState::kCreated:
    case AttemptState::kUnlocked:
      if (seat.connected) {
        return seat.state == AttemptState::kCreated ? "waiting" : "unlocked";
      }
      return seat.machine.empty() ? "not_logged_in" : "disconnected";
  }
  return "unknown";
}

bool IsIncidentKind(std::string_view kind) {
  return kind == "end" || kind == "data_error" || kind == "login_refused";
}

std::string LoginPage(Lang lang, const std::string& error) {
  T t{lang};
  std::string out = Head(lang, t("Đăng nhập — khaothi", "Log in — khaothi"), "");
  out += "<body class=\"login\"><main class=\"card\"><h1>khaothi</h1><p class=\"sub\">";
  out += t("Trang dành cho cán bộ coi thi", "For exam staff");
  out += "</p>";
  if (!error.empty()) {
    out += "<p class=\"error\" id=\"login-error\" role=\"alert\">" + HtmlEscape(error) + "</p>";
  }
  out += "<form method=\"post\" action=\"/login\"><label>";
  out += t("Tên đăng nhập", "User name");
  out +=
      "<input id=\"username\" name=\"username\" autocomplete=\"username\" required "
      "autofocus></label><label>";
  out += t("Mật khẩu", "Password");
  out +=
      "<input id=\"password\" name=\"password\" type=\"password\" "
      "autocomplete=\"current-password\" required></label><button id=\"login\" "
      "type=\"submit\">";
  out += t("Đăng nhập", "Log in");
  out += "</button></form>" + LangSwitch(lang, "/") + "</main></body></html>\n";
  return out;
}

std::string ForbiddenPage(Lang lang) {
  T t{lang};
  std::string out = Head(lang, t("Không được phép", "Forbidden"), "");
  out += "<body><main class=\"card\"><h1>403</h1><p>";
  out += t("Phòng thi này không được giao cho bạn.", "This room is not assigned to you.");
  out += "</p><p><a href=\"/rooms\">";
  out += t("Về danh sách phòng", "Back to the rooms");
  out += "</a></p></main></body></html>\n";
  return out;
}

std::string RoomsPage(Lang lang, const std::string& full_name, const std::string& role,
                      const std::string& csrf, const std::vector<RoomRow>& rooms) {
  T t{lang};
  std::string out = Head(lang, t("Phòng thi — khaothi", "Rooms — khaothi"), "");
  out += "<body>" + TopBar(lang, full_name, csrf, "/rooms", t("Phòng thi", "Rooms"));
  out += "<main class=\"page\"><h1>";
  out += t("Phòng thi của bạn", "Your rooms");
  out += "</h1>";
  if (role == "head") {
    out += "<p><a id=\"marking-link\" href=\"/marking\">";
    out += t("Chấm thi thực hành (hai vòng)", "Practical marking (double marking)");
    out += "</a></p>";
  }
  if (rooms.empty()) {
    out += "<p>";
    out += role == "proctor" ? t("Chưa có phòng thi nào được giao cho bạn.",
                                 "No room has been assigned to you yet.")
                             : t("Chưa có ca thi nào đang mở.", "No session is open.");
    out += "</p>";
  } else {
    out += "<table class=\"list\"><thead><tr><th>";
    out += t("Ca thi", "Session");
    out += "</th><th>";
    out += t("Ngày thi", "Date");
    out += "</th><th>";
    out += t("Phòng", "Room");
    out += "</th><th>";
    out += t("Thí sinh", "Candidates");
    out += "</th><th>";
    out += t("Trạng thái", "State");
    out += "</th><th></th></tr></thead><tbody>";
    for (const RoomRow& r : rooms) {
      const std::string href = "/room/" + HtmlEscape(r.session) + "/" + HtmlEscape(r.room);
      out += "<tr><td>" + HtmlEscape(r.session) + " — " + HtmlEscape(r.session_name) + "</td><td>" +
             HtmlEscape(VietnameseDate(r.exam_date)) + "</td><td><a class=\"room-link\" href=\"" +
             href + "\">" + HtmlEscape(r.room) + "</a></td><td>" + std::to_string(r.candidates) +
             "</td><td>" + RoomStateName(lang, r.state) + "</td><td><a href=\"" + href +
             "/report\">" + std::string(t("Báo cáo", "Report")) + "</a></td></tr>";
    }
    out += "</tbody></table>";
  }
  out += "</main></body></html>\n";
  return out;
}

std::string RoomPage(Lang lang, const RoomRow& room, const std::string& full_name,
                     const std::string& csrf, const TimeZone& tz, const ServerLimits& limits) {
  T t{lang};
  const std::string where = std::string(t("Phòng ", "Room ")) + HtmlEscape(room.room) + " · " +
                            HtmlEscape(room.session) + " — " + HtmlEscape(room.session_name) +
                            " · " + HtmlEscape(VietnameseDate(room.exam_date));
  std::string out =
      Head(lang, std::string(t("Phòng ", "Room ")) + room.room + " — khaothi", "/static/room.js");
  const std::string back = "/room/" + room.session + "/" + room.room;
  out += "<body>" + TopBar(lang, full_name, csrf, back, where);
  out += "<main id=\"room\" class=\"page\" data-session=\"" + HtmlEscape(room.session) +
         "\" data-room=\"" + HtmlEscape(room.room) + "\" data-csrf=\"" + HtmlEscape(csrf) +
         "\" data-lang=\"" + (lang == Lang::kVi ? "vi" : "en") + "\" data-tz=\"" +
         HtmlEscape(tz.name()) + "\">";
  out +=
      "<div class=\"bar\"><div id=\"counts\" class=\"counts\"></div><span id=\"live\" "
      "class=\"live off\"></span><a id=\"report-link\" href=\"" +
      HtmlEscape(back) + "/report\">" + std::string(t("Báo cáo phòng thi", "Room report")) +
      "</a></div>";
  out +=
      "<div class=\"layout\"><section id=\"seats\" class=\"grid\" aria-live=\"polite\">"
      "</section><aside class=\"panel\"><h2>";
  out += t("Thao tác", "Actions");
  out += "</h2><form id=\"act\"><label>";
  out += t("Thí sinh", "Candidate");
  out += "<select id=\"act-sbd\"></select></label><label>";
  out += t("Thao tác", "Action");
  out += "<select id=\"act-kind\">";
  for (const char* kind :
       {"unlock", "unlock_all", "extend", "suspend", "resume", "allow_move", "end", "notice",
        "notice_all", "pause_room", "resume_room", "close_room", "ack_report"}) {
    out += "<option value=\"" + std::string(kind) + "\">" + KindName(lang, kind) + "</option>";
  }
  out += "</select></label><label id=\"f-extra\">";
  out += t("Số phút cộng thêm", "Extra minutes");
  out += "<input id=\"act-extra\" type=\"number\" min=\"1\" max=\"" +
         std::to_string(limits.max_extension.count()) +
         "\" value=\"5\"></label>"
         "<label id=\"f-text\">";
  out += t("Nội dung thông báo", "Notice text");
  out += "<textarea id=\"act-text\" rows=\"2\"></textarea></label><label id=\"f-minutes\">";
  out += t("Biên bản vi phạm", "Minutes of the violation (biên bản)");
  out += "<textarea id=\"act-minutes\" rows=\"4\"></textarea></label><label id=\"f-reason\">";
  out += t("Lý do", "Reason");
  out += "<input id=\"act-reason\" maxlength=\"" + std::to_string(limits.max_action_reason_bytes) +
         "\"></label><button id=\"act-go\" "
         "type=\"submit\">";
  out += t("Thực hiện", "Do it");
  out += "</button><p id=\"act-result\" role=\"status\"></p></form></aside></div>";
  out += "</main></body></html>\n";
  return out;
}

std::string ReportPage(Lang lang, const RoomRow& room, const std::vector<SeatView>& seats,
                       const std::vector<Incident>& incidents,
                       const std::vector<PracticalWork>& practical, const std::string& printed_by,
                       const TimeZone& tz, int64_t now_ms) {
  T t{lang};
  std::map<std::string, const Incident*> ended;
  std::vector<const Incident*> real;
  std::vector<const Incident*> routine;
  int64_t closed_at = 0;
  for (const Incident& i : incidents) {
    if (i.kind == "end") {
      ended[i.sbd] = &i;
    }
    if (i.kind == "close_room") {
      closed_at = i.at_ms;
    }
    (IsIncidentKind(i.kind) ? real : routine).push_back(&i);
  }
  int present = 0;
  int absent = 0;
  int ended_count = 0;
  std::string rows;
  int n = 0;
  for (const SeatView& v : seats) {
    const bool sat = v.state != AttemptState::kCreated;
    const bool was_ended = ended.count(v.sbd) != 0;
    std::string status;
    if (was_ended) {
      status = t("Đình chỉ (vi phạm)", "Ended (violation)");
      ++ended_count;
    } else if (v.state == AttemptState::kSubmitted || v.state == AttemptState::kGraded) {
      status = t("Đã nộp bài", "Submitted");
    } else if (v.state == AttemptState::kInProgress || v.state == AttemptState::kSuspended ||
               v.state == AttemptState::kUnlocked) {
      status = t("Đang thi", "Sitting");
    } else if (!v.machine.empty()) {
      status = t("Đăng nhập, không làm bài", "Logged in, did not start");
    } else {
      status = t("Vắng", "Absent");
    }
    (sat ? present : absent) += 1;
    const std::string cls = was_ended ? "ended" : sat ? "present" : "absent";
    rows += "<tr class=\"" + cls + "\"><td>" + std::to_string(++n) + "</td><td>" +
            HtmlEscape(v.sbd) + "</td><td>" + HtmlEscape(v.full_name) + "</td><td>" +
            HtmlEscape(v.machine) + "</td><td>" +
            (sat ? std::to_string(v.answered) + "/" + std::to_string(v.total) : "") + "</td><td>" +
            (was_ended ? "<strong>" + status + "</strong>" : status) + "</td></tr>";
  }
  std::string out = Head(lang, std::string(t("Báo cáo phòng thi ", "Room report ")) + room.room,
                         "/static/report.js");
  out +=
      "<body class=\"report\"><main class=\"sheet\"><div class=\"noprint tools\"><a "
      "href=\"/room/" +
      HtmlEscape(room.session) + "/" + HtmlEscape(room.room) + "\">← " +
      std::string(t("Về phòng thi", "Back to the room")) +
      "</a><button id=\"print\" type=\"button\">" + std::string(t("In báo cáo", "Print")) +
      "</button></div>";
  out += "<h1>" + std::string(t("BIÊN BẢN PHÒNG THI", "ROOM REPORT")) + "</h1>";
  out += "<table class=\"facts\"><tr><th>" + std::string(t("Ca thi", "Session")) + "</th><td>" +
         HtmlEscape(room.session) + " — " + HtmlEscape(room.session_name) + "</td></tr><tr><th>" +
         std::string(t("Ngày thi", "Date")) + "</th><td>" +
         HtmlEscape(VietnameseDate(room.exam_date)) + "</td></tr><tr><th>" +
         std::string(t("Phòng thi", "Room")) + "</th><td>" + HtmlEscape(room.room) + " (" +
         RoomStateName(lang, room.state) +
         (closed_at != 0 ? ", " + LocalTime(tz, closed_at, true) : "") + ")</td></tr><tr><th>" +
         std::string(t("Số thí sinh", "Candidates")) + "</th><td id=\"report-counts\">" +
         std::to_string(seats.size()) + " · " + std::string(t("dự thi: ", "sat: ")) +
         std::to_string(present) + " · " + std::string(t("vắng: ", "absent: ")) +
         std::to_string(absent) + " · " + std::string(t("đình chỉ: ", "ended: ")) +
         std::to_string(ended_count) + "</td></tr><tr><th>" +
         std::string(t("Giờ ghi trong biên bản", "Times in this report")) +
         "</th><td id=\"report-zone\">" + std::string(t("theo múi giờ ", "in the time zone ")) +
         HtmlEscape(tz.name()) + " (" + tz.OffsetText(now_ms) + ")</td></tr></table>";
  if (room.state != "closed") {
    out += "<p class=\"warn\">" +
           std::string(t("Phòng thi chưa đóng; báo cáo có thể còn thay đổi.",
                         "The room is not closed yet; this report may still change.")) +
           "</p>";
  }
  out += "<h2>" + std::string(t("Danh sách thí sinh", "Candidates")) +
         "</h2><table class=\"list\" id=\"report-seats\"><thead><tr><th>" +
         std::string(t("STT", "No.")) + "</th><th>" + std::string(t("SBD", "Number")) +
         "</th><th>" + std::string(t("Họ và tên", "Full name")) + "</th><th>" +
         std::string(t("Máy", "PC")) + "</th><th>" + std::string(t("Đã trả lời", "Answered")) +
         "</th><th>" + std::string(t("Tình trạng", "Status")) + "</th></tr></thead><tbody>" + rows +
         "</tbody></table>";
  if (!practical.empty()) {
    out += "<h2>" + std::string(t("Bài thi thực hành", "The practical")) +
           "</h2><table class=\"list\" id=\"report-practical\"><thead><tr><th>" +
           std::string(t("SBD", "Number")) + "</th><th>" + std::string(t("Phần thi", "Sub-part")) +
           "</th><th>" + std::string(t("Đề", "Task")) + "</th><th>" +
           std::string(t("Tệp đã nộp", "Files received")) + "</th><th>" +
           std::string(t("Số lần lưu", "Saves")) + "</th><th>" +
           std::string(t("Lần nộp cuối", "Last received")) + "</th></tr></thead><tbody>";
    for (const PracticalWork& w : practical) {
      out += "<tr><td>" + HtmlEscape(w.sbd) + "</td><td>" + HtmlEscape(w.subpart) + "</td><td>" +
             HtmlEscape(w.task_id) + "</td><td>" + std::to_string(w.files) + "</td><td>" +
             std::to_string(w.versions) + "</td><td>" +
             (w.last_ms != 0 ? LocalTime(tz, w.last_ms, false) : std::string("—")) + "</td></tr>";
    }
    out += "</tbody></table>";
  }
  out += "<h2>" + std::string(t("Sự việc trong phòng thi", "Incidents")) + "</h2>";
  if (real.empty()) {
    out += "<p id=\"no-incidents\">" + std::string(t("Không có.", "None.")) + "</p>";
  } else {
    out += "<table class=\"list\" id=\"report-incidents\">" + IncidentRows(lang, real, tz) +
           "</table>";
  }
  out += "<h2>" + std::string(t("Thao tác của cán bộ coi thi", "Proctor actions")) + "</h2>";
  if (routine.empty()) {
    out += "<p>" + std::string(t("Không có.", "None.")) + "</p>";
  } else {
    out += "<table class=\"list\" id=\"report-actions\">" + IncidentRows(lang, routine, tz) +
           "</table>";
  }
  out += "<div class=\"signatures\"><div>" + std::string(t("Cán bộ coi thi 1", "Proctor 1")) +
         "<br><small>" + std::string(t("(ký, ghi rõ họ tên)", "(signature, full name)")) +
         "</small></div><div>" + std::string(t("Cán bộ coi thi 2", "Proctor 2")) + "<br><small>" +
         std::string(t("(ký, ghi rõ họ tên)", "(signature, full name)")) + "</small></div></div>";
  out += "<p class=\"printed\">" + std::string(t("In bởi ", "Printed by ")) +
         HtmlEscape(printed_by) + ", " + LocalTime(tz, now_ms, true) +
         "</p></main></body></html>\n";
  return out;
}

}  // namespace khaothi::server::pages
