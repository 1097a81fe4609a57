// The marking pages of the dashboard (double marking of the practical, chấm hai vòng;
// lib/centre marking.h holds the rules, docs/practical.md "Marking" the workflow):
//
//   GET  /marking                          the cases of the user (a marker's own; the chair: all)
//   GET  /marking/S/CODE/SUBPART           one task of one candidate, by marking code
//   POST /marking/S/CODE/SUBPART           a marker's marks (form: csrf, m:LINE..., note); with
//                                          accept=LINE or accept=*: the proposals filled in,
//                                          nothing saved
//   POST /marking/S/CODE/SUBPART/decide    the chair's decision (form: csrf, m:LINE..., reason)
//   GET  /marking/S/CODE/SUBPART/file/NAME      a work file as marked (download only)
//   GET  /marking/S/CODE/SUBPART/solution/NAME  a file of the model solution (download only)
//
// Authorisation: a `marker` reaches only the cases where they are the first or the second marker,
// and sees only their own marks; the chair (`head`) reaches every case, sees both markers' marks
// and decides; every other role gets 403. A case that does not exist or is not the marker's
// answers 404, so a marker learns nothing of other codes. Names and số báo danh never appear.
// Files are sent as attachments (application/octet-stream), never rendered by the browser.
//
// Thread safety: Route may be called from any thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "khaothi/engine/clock.h"
#include "khaothi/server/time_zone.h"
#include "khaothi/web/url.h"

#include "dashboard_auth.h"
#include "dashboard_common.h"
#include "dashboard_store.h"

namespace khaothi::server::dashboard {

class MarkingDesk {
 public:
  // Everything given must outlive this. `centre_dir` holds the work files (work/).
  MarkingDesk(DashboardStore& store, StaffAuth& auth, const engine::Clock& clock,
              std::string centre_dir, const TimeZone& tz)
      : store_(store), auth_(auth), clock_(clock), centre_dir_(std::move(centre_dir)), tz_(tz) {}
  MarkingDesk(const MarkingDesk&) = delete;
  MarkingDesk& operator=(const MarkingDesk&) = delete;

  // Whether `staff` uses the marking pages at all: a marker or the chair.
  static bool MayMark(const Staff& staff) { return staff.role == "marker" || staff.role == "head"; }

  // Answers a request whose path starts with /marking (`parts` its segments).
  // REQUIRES: `staff` is authenticated; for a POST, its Origin has been checked.
  HttpResponse Route(const WebRequest& r, const Staff& staff,
                     const std::vector<std::string>& parts);

 private:
  HttpResponse ListPage(const WebRequest& r, const Staff& staff);
  HttpResponse CasePage(const WebRequest& r, const Staff& staff, const std::string& session,
                        const std::string& code, const std::string& subpart);
  HttpResponse Post(const WebRequest& r, const Staff& staff, const std::string& session,
                    const std::string& code, const std::string& subpart, bool decide);
  // "Chấp nhận đề xuất": the form again with the accepted lines (form `accept`: a line code, or
  // "*" for every line) filled from the current proposal, and the rest as typed; saves nothing.
  HttpResponse Accept(const WebRequest& r, const Staff& staff, const std::string& session,
                      const std::string& code, const std::string& subpart, web::Params& form,
                      std::map<std::string, std::string> marks);
  HttpResponse Download(const WebRequest& r, const Staff& staff, const std::string& session,
                        const std::string& code, const std::string& subpart,
                        const std::string& kind, const std::string& name);

  // Constant after construction
  DashboardStore& store_;
  StaffAuth& auth_;
  const engine::Clock& clock_;
  const std::string centre_dir_;
  const TimeZone& tz_;
};

}  // namespace khaothi::server::dashboard
