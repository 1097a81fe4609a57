// The proctor's actions: POST /api/room/<session>/<room>/<action> with a JSON body
// {"sbd", "all", "reason", "text", "minutes", "extra_minutes"}. Each is taken through the exam
// service, then recorded, with its reason, as an incident of the room and an entry of the audit
// chain ("proctor_" + kind), in one transaction.
//
// One table (dashboard_actions.cc) names each action, the roles that may take it, what it acts
// on (a seat, a seat or every seat, the room) and the fields it needs; one preamble checks all
// of that before the action's own handler runs. The answer is {"ok":true,"action":kind,
// "detail":{...}} or a Refusal whose message is in the page's language.
//
// Thread safety: Take may be called from any thread.
#pragma once

#include <string>

#include "khaothi/engine/clock.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/server/limits.h"

#include "dashboard_common.h"
#include "dashboard_store.h"

namespace khaothi::server::dashboard {

class ProctorActions {
 public:
  // Everything given must outlive this.
  ProctorActions(ExamService& service, DashboardStore& store, const engine::Clock& clock,
                 const ServerLimits& limits)
      : service_(service), store_(store), clock_(clock), limits_(limits) {}
  ProctorActions(const ProctorActions&) = delete;
  ProctorActions& operator=(const ProctorActions&) = delete;

  // Takes the action `name` on `room` for `staff`.
  // REQUIRES: the caller has checked the CSRF token and that `staff` may see `room`.
  HttpResponse Take(const WebRequest& r, const Staff& staff, const pages::RoomRow& room,
                    const std::string& name);

 private:
  // Constant after construction
  ExamService& service_;
  DashboardStore& store_;
  const engine::Clock& clock_;
  const ServerLimits& limits_;
};

}  // namespace khaothi::server::dashboard
