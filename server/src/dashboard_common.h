// What the pieces of the proctor dashboard share: the request as the router has read it, the
// responses every piece sends, and the clock. Private to server/src.
//
// The dashboard is split by responsibility:
//   dashboard.cc          the router (HandleHttp) and the /ws/proctor upgrade
//   dashboard_store.*     every SQL statement the dashboard runs on its own center.db connection
//   dashboard_auth.*      staff login, sessions, CSRF, failed-login limits, who sees which room
//   dashboard_actions.*   the proctor's actions: one table and one preamble
//   dashboard_live.*      the live room view: snapshots and the poller that pushes them
//   dashboard_pages.*     the HTML pages;  dashboard_assets.*  the CSS and JavaScript
// The HTTP parsing itself (URL, query, form, cookies, escaping, security headers) is khaothi_web.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/engine/clock.h"
#include "khaothi/engine/status.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/web/url.h"

#include "dashboard.h"
#include "dashboard_pages.h"

namespace khaothi::server::dashboard {

namespace http = boost::beast::http;

// One HTTP request as the router read it.
struct WebRequest {
  const HttpRequest& http;
  std::string path;     // the target's path, not decoded
  web::Params query;    // the target's query, decoded
  web::Params cookies;  // the Cookie header
  std::string address;  // the client's IP address
  pages::Lang lang = pages::Lang::kVi;
};

// Reads `request`'s target and cookies (the khaothi-lang cookie picks the language).
WebRequest ReadRequest(const HttpRequest& request, std::string address);

// A refusal sent as JSON {"ok":false,"error":code,"message":...}, the message in the page's
// language (the room view shows it as it comes).
struct Refusal {
  http::status status;
  std::string code;
  std::string vi;
  std::string en;
};

HttpResponse Respond(const HttpRequest& request, http::status status, std::string_view content_type,
                     std::string body);
HttpResponse Json(const HttpRequest& request, http::status status, const boost::json::value& v);
HttpResponse Refuse(const HttpRequest& request, pages::Lang lang, const Refusal& refusal);
// 503 for a database that failed: the status's message, in both languages.
HttpResponse Unavailable(const HttpRequest& request, pages::Lang lang, const Status& status);
// 303 See Other to `location`.
HttpResponse Redirect(const HttpRequest& request, std::string_view location);
// khaothi_web's security headers, and Cache-Control: no-store unless the response has one.
void AddSecurityHeaders(HttpResponse& response);

// Milliseconds since the epoch on `clock`.
inline int64_t NowMs(const engine::Clock& clock) { return clock.Now().time_since_epoch().count(); }

// The seats of one room of a session, as the exam service sees them now.
std::vector<SeatView> RoomSeats(const ExamService& service, const std::string& session,
                                const std::string& room);

}  // namespace khaothi::server::dashboard
