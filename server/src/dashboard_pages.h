// The proctor dashboard's HTML pages, rendered on the server in Vietnamese (default) or English.
// Every value from the database is HTML-escaped here. The pages load only /static/ files from
// this server (no inline script or style, so the Content-Security-Policy can forbid them).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "khaothi/server/exam_service.h"
#include "khaothi/server/limits.h"
#include "khaothi/server/time_zone.h"
#include "khaothi/web/html.h"

namespace khaothi::server::pages {

enum class Lang { kVi, kEn };

struct RoomRow {
  std::string session;
  std::string room;
  std::string state;  // open, paused, closed
  std::string session_name;
  std::string exam_date;  // YYYY-MM-DD
  std::string session_state;
  int candidates = 0;
};

struct Incident {
  int64_t at_ms = 0;
  std::string actor;
  std::string kind;
  std::string sbd;
  std::string reason;
  std::string minutes;
  std::string detail;      // JSON
  std::string actor_name;  // the staff member's full name when the actor is staff
};

// The practical of one candidate, one task: what the room report shows per task.
struct PracticalWork {
  std::string sbd;
  std::string subpart;
  std::string task_id;
  int files = 0;        // distinct work files received
  int versions = 0;     // versions received, all files
  int64_t last_ms = 0;  // the last one received; 0 when none
};

// Kinds of the incidents table that are incidents proper (sự việc): a candidate ended for a
// violation (đình chỉ thi), a data-error report, a login refused from another PC. Every other
// kind (unlock, extra time, a notice, a toilet break's suspend and resume, a room pause...) is a
// routine action: recorded, audited and printed in the report's list of actions, but not counted
// on the tile.
bool IsIncidentKind(std::string_view kind);
// The name of an incident's or action's kind ("extend": "Cộng thêm giờ").
std::string KindName(Lang lang, const std::string& kind);

// What a seat's tile calls its state: not_logged_in, waiting, unlocked, in_progress,
// disconnected, suspended or submitted (the live view adds "ended" for a violation).
std::string SeatStateName(const SeatView& seat);
// What the tile calls `state` (a SeatStateName or "ended"), in `lang`, for sentences
// ("đang tạm dừng"); `state` itself when unknown.
std::string SeatStateText(Lang lang, const std::string& state);

using web::HtmlEscape;

// Pieces every page is made of, for the pages outside this file (dashboard_marking.cc).
// The document up to </head>: `title`, the stylesheet, and `script` (a /static/ path) if any.
std::string Head(Lang lang, std::string_view title, std::string_view script);
// The top bar: the brand, `where` (HTML), the user's name, the language switch back to `back`,
// and the log-out form carrying `csrf`.
std::string TopBar(Lang lang, const std::string& full_name, const std::string& csrf,
                   std::string_view back, std::string_view where);
// Local time in the centre's zone, "HH:MM:SS" or "dd/mm/yyyy HH:MM:SS".
std::string LocalTime(const TimeZone& tz, int64_t ms, bool with_date);

// `error` (already in the page's language) is shown above the form when not empty.
std::string LoginPage(Lang lang, const std::string& error);
std::string ForbiddenPage(Lang lang);
std::string RoomsPage(Lang lang, const std::string& full_name, const std::string& role,
                      const std::string& csrf, const std::vector<RoomRow>& rooms);
// `tz` is the centre's zone: the tiles' clock times follow it too. The action form's inputs
// are bounded by `limits` (the extra minutes, the reason's length).
std::string RoomPage(Lang lang, const RoomRow& room, const std::string& full_name,
                     const std::string& csrf, const TimeZone& tz, const ServerLimits& limits);
// Times are printed in the centre's zone `tz`, which the page names.
// `practical` (the tasks the room's candidates drew, with the work received) adds a section when
// not empty.
std::string ReportPage(Lang lang, const RoomRow& room, const std::vector<SeatView>& seats,
                       const std::vector<Incident>& incidents,
                       const std::vector<PracticalWork>& practical, const std::string& printed_by,
                       const TimeZone& tz, int64_t now_ms);

}  // namespace khaothi::server::pages
