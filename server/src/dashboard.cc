// The proctor dashboard (issue #7): the router of every HTTP request that is not the
// candidates' WebSocket, and the /ws/proctor upgrade of the live room view. What each route does
// lives with its responsibility (dashboard_common.h lists the pieces): staff authentication in
// dashboard_auth, the proctor's actions in dashboard_actions, the live view in dashboard_live,
// every SQL statement in dashboard_store, the pages in dashboard_pages.
//
// Every POST needs the session cookie, the X-CSRF-Token header (or a csrf form field) equal to
// the session's token, and, when the browser sends one, an Origin equal to this server.
#include "dashboard.h"

#include <cstdio>
#include <optional>

#include "khaothi/server/verify_route.h"
#include "khaothi/web/headers.h"
#include "khaothi/web/url.h"

#include "dashboard_actions.h"
#include "dashboard_assets.h"
#include "dashboard_auth.h"
#include "dashboard_common.h"
#include "dashboard_live.h"
#include "dashboard_marking.h"
#include "dashboard_pages.h"
#include "dashboard_store.h"
#include "station.h"

namespace khaothi::server {
namespace {

using dashboard::Refusal;
using dashboard::Staff;
using dashboard::WebRequest;
using dashboard::http::status;
namespace http = dashboard::http;

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kText = "text/plain; charset=utf-8";

// Whether the request's Origin header, when it has one, is this server.
bool OriginOk(const HttpRequest& req, bool required) {
  auto origin = req.find(http::field::origin);
  if (origin == req.end()) {
    return !required;
  }
  auto host = req.find(http::field::host);
  return host != req.end() && web::IsSameOrigin(origin->value(), host->value());
}

class DashboardImpl final : public Dashboard {
 public:
  DashboardImpl(ExamService& service, store::Database db, const ServerConfig& config,
                const engine::Clock& clock)
      : service_(service),
        config_(config),
        clock_(clock),
        tz_(LoadZone(config.time_zone)),
        verify_limiter_(config_.limits.max_verify_lookups_per_address,
                        config_.limits.verify_rate_window),
        store_(std::move(db)),
        auth_(store_, clock_, config_.limits),
        actions_(service_, store_, clock_, config_.limits),
        marking_(store_, auth_, clock_, config_.data_dir, tz_),
        live_(service_, store_, auth_, clock_, config_.limits) {}

  // Dashboard
  HttpResponse HandleHttp(const HttpRequest& req, const std::string& address) override;
  bool OpenSocket(const HttpRequest& req, const std::shared_ptr<Peer>& peer,
                  std::string& state) override;
  void SocketMessage(std::string&, const std::string&, const std::shared_ptr<Peer>&) override {
    // The browser sends pings only, which keep the socket from the idle timeout.
  }
  void SocketClosed(const std::string&, const Peer* peer) override { live_.Forget(peer); }

 private:
  HttpResponse Route(WebRequest& r);
  // /room/S/R, /room/S/R/report, /api/room/S/R/seats, /api/room/S/R/ACTION
  HttpResponse RouteRoom(WebRequest& r, const Staff& staff, const std::vector<std::string>& parts,
                         bool api);

  static TimeZone LoadZone(const std::string& name) {
    // LoadServerConfig has checked the name; a config made in code falls back to the default.
    Result<TimeZone> tz = TimeZone::Load(name);
    return tz.ok() ? std::move(tz).value() : std::move(TimeZone::Load("Asia/Ho_Chi_Minh")).value();
  }

  // Constant after construction
  ExamService& service_;
  const ServerConfig config_;
  const engine::Clock& clock_;
  const TimeZone tz_;

  // Thread-safe
  VerifyRateLimiter verify_limiter_;  // GET /verify per address
  dashboard::DashboardStore store_;
  dashboard::StaffAuth auth_;
  dashboard::ProctorActions actions_;
  dashboard::MarkingDesk marking_;
  dashboard::LiveView live_;  // last: its poller stops before the rest goes
};

HttpResponse DashboardImpl::HandleHttp(const HttpRequest& req, const std::string& address) {
  WebRequest r = dashboard::ReadRequest(req, address);
  if (station::IsStationPath(r.path)) {
    return station::Serve(req, r.path);  // the candidate's page, with its own CSP
  }
  HttpResponse res;
  try {
    res = Route(r);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "khaothi-server: dashboard %s: %s\n", r.path.c_str(), e.what());
    res = dashboard::Respond(req, status::internal_server_error, kText, "internal error\n");
  }
  dashboard::AddSecurityHeaders(res);
  return res;
}

HttpResponse DashboardImpl::Route(WebRequest& r) {
  const HttpRequest& req = r.http;
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  const bool post = req.method() == http::verb::post;
  if (r.path == "/health" && get) {
    return dashboard::Respond(req, status::ok, kText, "ok\n");
  }
  // The public certificate lookup: anyone, no session (docs/regulations.md §7).
  if (IsVerifyTarget(req.target())) {
    if (auto wait = verify_limiter_.Admit(r.address, dashboard::NowMs(clock_))) {
      return TooManyLookups(req, *wait, r.lang == pages::Lang::kEn);
    }
    return store_.WithDatabase([&](store::Database& db) { return HandleVerify(db, req); });
  }
  if (const Asset* asset = FindAsset(r.path); asset != nullptr && get) {
    HttpResponse res =
        dashboard::Respond(req, status::ok, asset->content_type, std::string(asset->body));
    res.set(http::field::cache_control, "no-cache");
    return res;
  }
  if (r.path.starts_with("/lang/") && get) {
    const std::string to = r.path.substr(6) == "en" ? "en" : "vi";
    std::string back = r.query.count("back") != 0U ? r.query["back"] : "/";
    if (back.empty() || back[0] != '/' || back.starts_with("//") ||
        back.find('\\') != std::string::npos) {
      back = "/";
    }
    HttpResponse res = dashboard::Redirect(req, back);
    res.set(http::field::set_cookie,
            "khaothi-lang=" + to + "; Path=/; Secure; SameSite=Strict; Max-Age=31536000");
    return res;
  }
  // A POST from another site is refused before anything else (CSRF, defence in depth).
  if (post && !OriginOk(req, false)) {
    return dashboard::Refuse(req, r.lang,
                             {status::forbidden, "bad_origin", "Yêu cầu từ trang khác bị từ chối.",
                              "Cross-site request refused."});
  }
  if (r.path == "/login" && post) {
    return auth_.Login(r);
  }
  std::optional<Staff> staff = auth_.Authenticate(r.cookies);
  const std::vector<std::string> parts = web::SplitPath(r.path);
  const bool api = !parts.empty() && parts[0] == "api";
  if (r.path == "/" && get) {
    if (staff) {
      return dashboard::Redirect(req, "/rooms");
    }
    return dashboard::Respond(req, status::ok, kHtml, pages::LoginPage(r.lang, ""));
  }
  if (!staff) {
    if (api || post) {
      return dashboard::Refuse(req, r.lang,
                               {status::unauthorized, "not_logged_in",
                                "Phiên đăng nhập đã hết; hãy đăng nhập lại.", "Log in first."});
    }
    if (r.path == "/rooms" || (!parts.empty() && (parts[0] == "room" || parts[0] == "marking"))) {
      return dashboard::Redirect(req, "/");
    }
    return dashboard::Respond(req, status::not_found, kText, "not found\n");
  }
  if (r.path == "/logout" && post) {
    return auth_.Logout(r, *staff);
  }
  if (r.path == "/rooms" && get) {
    // A marker has no room: the marking pages are theirs.
    if (staff->role == "marker") {
      return dashboard::Redirect(req, "/marking");
    }
    Result<std::vector<pages::RoomRow>> rooms = auth_.VisibleRooms(*staff);
    if (!rooms.ok()) {
      return dashboard::Unavailable(req, r.lang, rooms.status());
    }
    return dashboard::Respond(
        req, status::ok, kHtml,
        pages::RoomsPage(r.lang, staff->full_name, staff->role, staff->csrf, *rooms));
  }
  if (!parts.empty() && parts[0] == "marking") {
    return marking_.Route(r, *staff, parts);
  }
  const size_t base = api ? 1 : 0;
  if (parts.size() >= base + 3 && parts[base] == "room") {
    return RouteRoom(r, *staff, parts, api);
  }
  return dashboard::Respond(req, status::not_found, kText, "not found\n");
}

HttpResponse DashboardImpl::RouteRoom(WebRequest& r, const Staff& staff,
                                      const std::vector<std::string>& parts, bool api) {
  const HttpRequest& req = r.http;
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  const bool post = req.method() == http::verb::post;
  const size_t base = api ? 1 : 0;
  const std::string& session = parts[base + 1];
  const std::string& room = parts[base + 2];
  const std::string rest = parts.size() == base + 4 ? parts[base + 3] : "";
  if (parts.size() > base + 4 || !web::IsSafeName(session) || !web::IsSafeName(room)) {
    return dashboard::Refuse(
        req, r.lang, {status::not_found, "not_found", "Không có trang này.", "No such page."});
  }
  Result<std::optional<pages::RoomRow>> info = store_.FindRoom(session, room);
  if (!info.ok()) {
    return dashboard::Unavailable(req, r.lang, info.status());
  }
  if (!*info || !auth_.CanSee(staff, session, room)) {
    return api || post
               ? dashboard::Refuse(
                     req, r.lang,
                     {status::forbidden, "forbidden", "Phòng thi này không được giao cho bạn.",
                      "This room is not assigned to you."})
               : dashboard::Respond(req, status::forbidden, kHtml, pages::ForbiddenPage(r.lang));
  }
  const pages::RoomRow& row = **info;
  if (!api && get && rest.empty()) {
    return dashboard::Respond(
        req, status::ok, kHtml,
        pages::RoomPage(r.lang, row, staff.full_name, staff.csrf, tz_, config_.limits));
  }
  if (!api && get && rest == "report") {
    Result<std::vector<pages::Incident>> incidents = store_.Incidents(session, room);
    if (!incidents.ok()) {
      return dashboard::Unavailable(req, r.lang, incidents.status());
    }
    Result<std::vector<pages::PracticalWork>> practical = store_.PracticalWork(session, room);
    if (!practical.ok()) {
      return dashboard::Unavailable(req, r.lang, practical.status());
    }
    return dashboard::Respond(
        req, status::ok, kHtml,
        pages::ReportPage(r.lang, row, dashboard::RoomSeats(service_, session, room), *incidents,
                          *practical, staff.full_name, tz_, dashboard::NowMs(clock_)));
  }
  if (api && get && rest == "seats") {
    Result<std::string> snapshot = live_.Snapshot(session, room);
    if (!snapshot.ok()) {
      return dashboard::Unavailable(req, r.lang, snapshot.status());
    }
    return dashboard::Respond(req, status::ok, "application/json; charset=utf-8", *snapshot);
  }
  if (api && post && !rest.empty()) {
    if (!auth_.CsrfOk(r, staff, "")) {
      return dashboard::Refuse(
          req, r.lang,
          {status::forbidden, "bad_csrf", "Thiếu hoặc sai mã bảo vệ; hãy tải lại trang.",
           "Missing or wrong CSRF token."});
    }
    return actions_.Take(r, staff, row, rest);
  }
  return dashboard::Respond(req, status::not_found, kText, "not found\n");
}

// ---- The live room view's socket

bool DashboardImpl::OpenSocket(const HttpRequest& req, const std::shared_ptr<Peer>& peer,
                               std::string& state) {
  const std::string_view target = req.target();
  if (web::TargetPath(target) != "/ws/proctor" || target.find('?') == std::string_view::npos) {
    return false;
  }
  // A WebSocket is not covered by SameSite for every browser; the Origin must be this server.
  if (!OriginOk(req, true)) {
    return false;
  }
  WebRequest r = dashboard::ReadRequest(req, peer->address());
  std::optional<Staff> staff = auth_.Authenticate(r.cookies);
  const std::string session = r.query["session"];
  const std::string room = r.query["room"];
  if (!staff || !web::IsSafeName(session) || !web::IsSafeName(room)) {
    return false;
  }
  Result<std::optional<pages::RoomRow>> info = store_.FindRoom(session, room);
  if (!info.ok() || !*info || !auth_.CanSee(*staff, session, room)) {
    return false;
  }
  state = session + "/" + room;
  live_.Watch(peer, *staff, session, room);
  return true;
}

}  // namespace

std::unique_ptr<Dashboard> MakeDashboard(ExamService& service, store::Database db,
                                         const ServerConfig& config, const engine::Clock& clock) {
  return std::make_unique<DashboardImpl>(service, std::move(db), config, clock);
}

}  // namespace khaothi::server
