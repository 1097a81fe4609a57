// The proctor dashboard (issue #7): staff login with a session cookie and a CSRF token, the
// rooms a member of staff may see, the live room view (a snapshot pushed over /ws/proctor every
// kPollInterval), the proctor's actions (each with a reason, recorded as an incident and in the
// audit chain) and the printable room report.
// Over 800 lines for now: HTTP utilities, staff authentication, the proctor actions and the
// live view share this file. Issue 14 (structure) splits it by those responsibilities.
//
// Authorisation: a proctor sees and acts on the rooms of staff_rooms only; head and secretary
// see every room; a setter sees none. Every POST needs the session cookie, the X-CSRF-Token
// header (or a csrf form field) equal to the session's token, and, when the browser sends one,
// an Origin equal to this server.
#include "dashboard.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <openssl/crypto.h>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"
#include "khaothi/crypto/crypto.h"

#include "dashboard_assets.h"
#include "dashboard_pages.h"
#include "verify_route.h"

namespace khaothi::server {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using engine::AttemptState;

constexpr auto kPollInterval = std::chrono::milliseconds(500);
constexpr int64_t kSessionLifetimeMs = 12LL * 3600 * 1000;
constexpr int kMaxFailuresPerUser = 5;
constexpr int kMaxFailuresPerAddress = 20;
constexpr int64_t kFailureWindowMs = 5 * 60 * 1000;
constexpr size_t kMaxReasonBytes = 2000;
constexpr size_t kMaxMinutesBytes = 8000;
constexpr int64_t kMaxExtensionMinutes = 120;
constexpr std::string_view kCookieName = "__Host-khaothi";

// Computed once: the scrypt hash an unknown user name is checked against (see Login).
const std::string& DummyStaffHash() {
  static const std::string* const kHash =
      new std::string(crypto::HashPassword("not a password", crypto::StaffScryptParams()));
  return *kHash;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string UrlDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size()) {
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      const int hi = hex(s[i + 1]);
      const int lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) {
        out += c;
        continue;
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos) {
      out[UrlDecode(pair.substr(0, eq), true)] = UrlDecode(pair.substr(eq + 1), true);
    }
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
  }
  return out;
}

std::map<std::string, std::string> ParseCookies(std::string_view header) {
  std::map<std::string, std::string> out;
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    while (!part.empty() && part.front() == ' ') {
      part.remove_prefix(1);
    }
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos) {
      out[std::string(part.substr(0, eq))] = std::string(part.substr(eq + 1));
    }
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
  }
  return out;
}

// Session ids and room names as they appear in URLs: letters, digits, - _ . only.
bool IsSafeName(std::string_view s) {
  if (s.empty() || s.size() > 64) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const size_t slash = path.find('/');
    parts.push_back(UrlDecode(path.substr(0, slash), false));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  return parts;
}

std::string SeatStateName(const SeatView& v) {
  switch (v.state) {
    case AttemptState::kSubmitted:
    case AttemptState::kGraded:
      return "submitted";
    case AttemptState::kSuspended:
      return "suspended";
    case AttemptState::kInProgress:
      return v.connected ? "in_progress" : "disconnected";
    case AttemptState::kCreated:
    case AttemptState::kUnlocked:
      if (v.connected) {
        return v.state == AttemptState::kCreated ? "waiting" : "unlocked";
      }
      return v.machine.empty() ? "not_logged_in" : "disconnected";
  }
  return "unknown";
}

struct Staff {
  std::string username;
  std::string full_name;
  std::string role;
  std::string csrf;
  std::string token_hash;
  std::string Actor() const { return role + ":" + username; }
};

struct LiveSocket {
  std::weak_ptr<Peer> peer;
  std::string token_hash;
  std::string session;
  std::string room;
};

class DashboardImpl final : public Dashboard {
 public:
  DashboardImpl(ExamService& service, store::Database db, const ServerConfig& config)
      : service_(service),
        config_(config),
        tz_(LoadZone(config.time_zone)),
        verify_limiter_(config.limits.max_verify_lookups_per_address,
                        config.limits.verify_rate_window),
        db_(std::move(db)) {
    // Paid at start-up rather than by the first unknown user.
    static_cast<void>(DummyStaffHash());
    poller_ = std::thread([this] { Poll(); });
  }
  ~DashboardImpl() override {
    {
      std::lock_guard lock(poll_mu_);
      stop_ = true;
    }
    poll_cv_.notify_all();
    poller_.join();
  }

  HttpResponse HandleHttp(const HttpRequest& req, const std::string& address) override;
  bool OpenSocket(const HttpRequest& req, const std::shared_ptr<Peer>& peer,
                  std::string& state) override;
  void SocketMessage(std::string&, const std::string&, const std::shared_ptr<Peer>&) override {
    // The browser sends pings only, which keep the socket from the idle timeout.
  }
  void SocketClosed(const std::string&, const Peer* peer) override {
    std::lock_guard lock(mu_);
    sockets_.erase(peer);
  }

 private:
  struct Request {
    const HttpRequest& http;
    std::string path;
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> cookies;
    std::string address;
    pages::Lang lang = pages::Lang::kVi;
  };

  HttpResponse Route(Request& r);
  HttpResponse Login(Request& r);
  HttpResponse Logout(Request& r, const Staff& staff);
  HttpResponse Action(Request& r, const Staff& staff, const std::string& session,
                      const std::string& room, const std::string& kind);

  std::optional<Staff> Authenticate(const Request& r);
  bool CsrfOk(const Request& r, const Staff& staff, const std::string& form_token) const;
  bool CanSee(const Staff& staff, const std::string& session, const std::string& room);
  std::vector<pages::RoomRow> VisibleRooms(const Staff& staff);
  std::optional<pages::RoomRow> GetRoom(const std::string& session, const std::string& room);
  std::vector<pages::Incident> Incidents(const std::string& session, const std::string& room);
  // What the incidents table says of each seat of a room: the count of incidents proper
  // (pages::IsIncidentKind), whether it was ended for a violation, the open data-error report
  // (until an ack_report), the last login refused from another PC (until an allow_move).
  struct SeatMarks {
    int incidents = 0;
    bool ended = false;  // ended for a violation
    std::string report;
    std::string refused_machine;
    int64_t refused_at_ms = 0;
  };
  std::map<std::string, SeatMarks> Marks(const std::string& session, const std::string& room);
  std::string Snapshot(const std::string& session, const std::string& room);
  std::vector<SeatView> RoomSeats(const std::string& session, const std::string& room) const;

  // Records one dashboard action as an incident and an audit entry, in one transaction.
  Status Record(const Staff& staff, const std::string& session, const std::string& room,
                const std::string& sbd, const std::string& kind, const std::string& reason,
                const std::string& minutes, const json::object& detail);
  Status SetRoomState(const std::string& session, const std::string& room,
                      const std::string& state);

  void Poll();

  static TimeZone LoadZone(const std::string& name) {
    // LoadServerConfig has checked the name; a config made in code falls back to the default.
    Result<TimeZone> tz = TimeZone::Load(name);
    return tz.ok() ? std::move(tz).value() : std::move(TimeZone::Load("Asia/Ho_Chi_Minh")).value();
  }

  // Constant after construction
  ExamService& service_;
  const ServerConfig config_;
  const TimeZone tz_;
  VerifyRateLimiter verify_limiter_;  // GET /verify per address; thread-safe

  std::mutex db_mu_;
  store::Database db_;  // guarded by db_mu_

  std::mutex mu_;
  // Guarded by mu_
  std::map<const Peer*, LiveSocket> sockets_;
  std::map<std::string, std::vector<int64_t>> failures_;  // "user:NAME" / "addr:IP" -> times

  std::mutex poll_mu_;
  std::condition_variable poll_cv_;
  bool stop_ = false;  // guarded by poll_mu_
  std::thread poller_;
};

HttpResponse Respond(const HttpRequest& req, http::status status, std::string_view content_type,
                     std::string body) {
  HttpResponse res{status, req.version()};
  res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  return res;
}

HttpResponse Json(const HttpRequest& req, http::status status, const json::value& v) {
  return Respond(req, status, "application/json; charset=utf-8", json::serialize(v));
}

// `message` in the page's language: the room view shows it as it comes.
HttpResponse JsonError(const HttpRequest& req, pages::Lang lang, http::status status,
                       std::string_view code, std::string_view vi, std::string_view en) {
  return Json(req, status,
              json::object{
                  {"ok", false}, {"error", code}, {"message", lang == pages::Lang::kVi ? vi : en}});
}

// What the tile calls a state, in the page's language (for refusals).
std::string StateText(pages::Lang lang, const std::string& state) {
  static const std::map<std::string, std::pair<const char*, const char*>> kNames = {
      {"not_logged_in", {"chưa đăng nhập", "not logged in"}},
      {"waiting", {"chờ mở khóa", "waiting for the unlock"}},
      {"unlocked", {"đã mở khóa, chưa bắt đầu", "unlocked, not started"}},
      {"in_progress", {"đang làm bài", "in progress"}},
      {"disconnected", {"mất kết nối", "disconnected"}},
      {"suspended", {"đang tạm dừng", "suspended"}},
      {"submitted", {"đã nộp bài", "submitted"}},
      {"ended", {"đã bị đình chỉ thi", "ended for a violation"}},
  };
  auto it = kNames.find(state);
  if (it == kNames.end()) {
    return state;
  }
  return lang == pages::Lang::kVi ? it->second.first : it->second.second;
}

HttpResponse Redirect(const HttpRequest& req, std::string_view location) {
  HttpResponse res{http::status::see_other, req.version()};
  res.set(http::field::location, location);
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  return res;
}

void SecurityHeaders(HttpResponse& res) {
  res.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
          "frame-ancestors 'none'");
  res.set("X-Frame-Options", "DENY");
  res.set("X-Content-Type-Options", "nosniff");
  // Not no-referrer: with it, Chromium sends "Origin: null" on form POSTs, which the origin
  // check in Route would refuse.
  res.set("Referrer-Policy", "same-origin");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  res.set("Cross-Origin-Resource-Policy", "same-origin");
  res.set("Strict-Transport-Security", "max-age=31536000");
  if (res.find(http::field::cache_control) == res.end()) {
    res.set(http::field::cache_control, "no-store");
  }
}

HttpResponse DashboardImpl::HandleHttp(const HttpRequest& req, const std::string& address) {
  const std::string_view target = req.target();
  const size_t q = target.find('?');
  Request r{req, std::string(target.substr(0, q)), {}, {}, address};
  if (q != std::string_view::npos) {
    r.query = ParseForm(target.substr(q + 1));
  }
  if (auto it = req.find(http::field::cookie); it != req.end()) {
    r.cookies = ParseCookies(it->value());
  }
  if (auto it = r.cookies.find("khaothi-lang"); it != r.cookies.end() && it->second == "en") {
    r.lang = pages::Lang::kEn;
  }
  HttpResponse res;
  try {
    res = Route(r);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "khaothi-server: dashboard %s: %s\n", r.path.c_str(), e.what());
    res = Respond(req, http::status::internal_server_error, "text/plain; charset=utf-8",
                  "internal error\n");
  }
  SecurityHeaders(res);
  return res;
}

HttpResponse DashboardImpl::Route(Request& r) {
  const HttpRequest& req = r.http;
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  const bool post = req.method() == http::verb::post;
  if (r.path == "/health" && get) {
    return Respond(req, http::status::ok, "text/plain; charset=utf-8", "ok\n");
  }
  // The public certificate lookup: anyone, no session (docs/regulations.md §7).
  if (IsVerifyTarget(req.target())) {
    if (auto wait = verify_limiter_.Admit(r.address, NowMs())) {
      return TooManyLookups(req, *wait, r.lang == pages::Lang::kEn);
    }
    std::lock_guard lock(db_mu_);
    return HandleVerify(db_, req);
  }
  if (const Asset* asset = FindAsset(r.path); asset != nullptr && get) {
    HttpResponse res =
        Respond(req, http::status::ok, asset->content_type, std::string(asset->body));
    res.set(http::field::cache_control, "no-cache");
    return res;
  }
  if (r.path.starts_with("/lang/") && get) {
    const std::string to = r.path.substr(6) == "en" ? "en" : "vi";
    std::string back = r.query.count("back") ? r.query["back"] : "/";
    if (back.empty() || back[0] != '/' || back.starts_with("//") ||
        back.find('\\') != std::string::npos) {
      back = "/";
    }
    HttpResponse res = Redirect(req, back);
    res.set(http::field::set_cookie,
            "khaothi-lang=" + to + "; Path=/; Secure; SameSite=Strict; Max-Age=31536000");
    return res;
  }
  // A POST from another site is refused before anything else (CSRF, defence in depth).
  if (post) {
    if (auto it = req.find(http::field::origin); it != req.end()) {
      auto host = req.find(http::field::host);
      if (host == req.end() || it->value() != "https://" + std::string(host->value())) {
        return JsonError(req, r.lang, http::status::forbidden, "bad_origin",
                         "Yêu cầu từ trang khác bị từ chối.", "Cross-site request refused.");
      }
    }
  }
  if (r.path == "/login" && post) {
    return Login(r);
  }
  std::optional<Staff> staff = Authenticate(r);
  const std::vector<std::string> parts = SplitPath(r.path);
  const bool api = !parts.empty() && parts[0] == "api";
  if (r.path == "/" && get) {
    if (staff) {
      return Redirect(req, "/rooms");
    }
    return Respond(req, http::status::ok, "text/html; charset=utf-8", pages::LoginPage(r.lang, ""));
  }
  if (!staff) {
    if (api || post) {
      return JsonError(req, r.lang, http::status::unauthorized, "not_logged_in",
                       "Phiên đăng nhập đã hết; hãy đăng nhập lại.", "Log in first.");
    }
    if (r.path == "/rooms" || (!parts.empty() && parts[0] == "room")) {
      return Redirect(req, "/");
    }
    return Respond(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n");
  }
  if (r.path == "/logout" && post) {
    return Logout(r, *staff);
  }
  if (r.path == "/rooms" && get) {
    return Respond(
        req, http::status::ok, "text/html; charset=utf-8",
        pages::RoomsPage(r.lang, staff->full_name, staff->role, staff->csrf, VisibleRooms(*staff)));
  }
  // /room/S/R, /room/S/R/report, /api/room/S/R/seats, /api/room/S/R/ACTION
  const size_t base = api ? 1 : 0;
  if (parts.size() >= base + 3 && parts[base] == "room") {
    const std::string& session = parts[base + 1];
    const std::string& room = parts[base + 2];
    const std::string rest = parts.size() == base + 4 ? parts[base + 3] : "";
    if (parts.size() > base + 4 || !IsSafeName(session) || !IsSafeName(room)) {
      return JsonError(req, r.lang, http::status::not_found, "not_found", "Không có trang này.",
                       "No such page.");
    }
    std::optional<pages::RoomRow> info = GetRoom(session, room);
    if (!info || !CanSee(*staff, session, room)) {
      return api || post ? JsonError(req, r.lang, http::status::forbidden, "forbidden",
                                     "Phòng thi này không được giao cho bạn.",
                                     "This room is not assigned to you.")
                         : Respond(req, http::status::forbidden, "text/html; charset=utf-8",
                                   pages::ForbiddenPage(r.lang));
    }
    if (!api && get && rest.empty()) {
      return Respond(req, http::status::ok, "text/html; charset=utf-8",
                     pages::RoomPage(r.lang, *info, staff->full_name, staff->csrf, tz_));
    }
    if (!api && get && rest == "report") {
      return Respond(req, http::status::ok, "text/html; charset=utf-8",
                     pages::ReportPage(r.lang, *info, RoomSeats(session, room),
                                       Incidents(session, room), staff->full_name, tz_, NowMs()));
    }
    if (api && get && rest == "seats") {
      return Respond(req, http::status::ok, "application/json; charset=utf-8",
                     Snapshot(session, room));
    }
    if (api && post && !rest.empty()) {
      return Action(r, *staff, session, room, rest);
    }
  }
  return Respond(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n");
}

// ---- Login ----

HttpResponse DashboardImpl::Login(Request& r) {
  const HttpRequest& req = r.http;
  std::map<std::string, std::string> form = ParseForm(req.body());
  const std::string username = form["username"];
  const std::string password = form["password"];
  const int64_t now = NowMs();
  auto refuse = [&](std::string_view vi, std::string_view en) {
    return Respond(req, http::status::unauthorized, "text/html; charset=utf-8",
                   pages::LoginPage(r.lang, std::string(r.lang == pages::Lang::kVi ? vi : en)));
  };
  {
    std::lock_guard lock(mu_);
    auto recent = [&](const std::string& key) {
      std::vector<int64_t>& v = failures_[key];
      std::erase_if(v, [&](int64_t t) { return now - t > kFailureWindowMs; });
      return static_cast<int>(v.size());
    };
    if (recent("user:" + username) >= kMaxFailuresPerUser ||
        recent("addr:" + r.address) >= kMaxFailuresPerAddress) {
      return refuse("Đăng nhập sai quá nhiều lần; hãy đợi 5 phút.",
                    "Too many failed logins; wait 5 minutes.");
    }
  }
  std::string hash;
  Staff staff;
  {
    std::lock_guard lock(db_mu_);
    store::Statement st = db_.Prepare(
        "SELECT username, full_name, role, password_hash FROM staff "
        "WHERE username = ?1 AND disabled = 0");
    st.Bind(1, username);
    Result<bool> row = st.Step();
    if (row.ok() && *row) {
      staff.username = st.ColumnText(0);
      staff.full_name = st.ColumnText(1);
      staff.role = st.ColumnText(2);
      hash = st.ColumnText(3);
    }
  }
  // scrypt runs without any lock held. An unknown user is checked against a dummy hash made with
  // the staff accounts' parameters, so it costs the same as a wrong password and the time of the
  // answer does not tell which user names exist.
  const bool good = crypto::VerifyPassword(password, hash.empty() ? DummyStaffHash() : hash);
  if (!good || hash.empty()) {
    std::lock_guard lock(mu_);
    failures_["user:" + username].push_back(now);
    failures_["addr:" + r.address].push_back(now);
    return refuse("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password.");
  }
  const std::string token = Hex(crypto::RandomBytes(32));
  staff.csrf = Hex(crypto::RandomBytes(24));
  staff.token_hash = crypto::Sha256Hex(token);
  {
    std::lock_guard lock(db_mu_);
    store::Transaction tx(db_);
    Status s = tx.Begin();
    if (s.ok()) {
      store::Statement purge = db_.Prepare("DELETE FROM web_sessions WHERE expires_ms < ?1");
      purge.Bind(1, now);
      s = purge.Run();
    }
    if (s.ok()) {
      store::Statement st = db_.Prepare(
          "INSERT INTO web_sessions(token_hash, username, csrf_token, created_ms, expires_ms) "
          "VALUES (?1, ?2, ?3, ?4, ?5)");
      st.Bind(1, staff.token_hash);
      st.Bind(2, staff.username);
      st.Bind(3, staff.csrf);
      st.Bind(4, now);
      st.Bind(5, now + kSessionLifetimeMs);
      s = st.Run();
    }
    if (s.ok()) {
      s = centre::AppendAudit(db_, {now, staff.Actor(), "staff_login", "staff:" + staff.username,
                                    *centre::CanonicalJson(json::object{{"address", r.address}})});
    }
    if (s.ok()) {
      s = tx.Commit();
    }
    if (!s.ok()) {
      return Respond(req, http::status::service_unavailable, "text/plain; charset=utf-8",
                     "cannot record the login: " + s.message() + "\n");
    }
  }
  {
    std::lock_guard lock(mu_);
    failures_.erase("user:" + username);
  }
  HttpResponse res = Redirect(req, "/rooms");
  res.set(http::field::set_cookie,
          std::string(kCookieName) + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict");
  return res;
}

HttpResponse DashboardImpl::Logout(Request& r, const Staff& staff) {
  std::map<std::string, std::string> form = ParseForm(r.http.body());
  if (!CsrfOk(r, staff, form["csrf"])) {
    return JsonError(r.http, r.lang, http::status::forbidden, "bad_csrf",
                     "Thiếu hoặc sai mã bảo vệ; hãy tải lại trang.",
                     "Missing or wrong CSRF token.");
  }
  {
    std::lock_guard lock(db_mu_);
    store::Statement st = db_.Prepare("DELETE FROM web_sessions WHERE token_hash = ?1");
    st.Bind(1, staff.token_hash);
    static_cast<void>(st.Run());
  }
  HttpResponse res = Redirect(r.http, "/");
  res.set(http::field::set_cookie,
          std::string(kCookieName) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
  return res;
}

std::optional<Staff> DashboardImpl::Authenticate(const Request& r) {
  auto it = r.cookies.find(std::string(kCookieName));
  if (it == r.cookies.end() || it->second.size() != 64) {
    return std::nullopt;
  }
  const std::string token_hash = crypto::Sha256Hex(it->second);
  std::lock_guard lock(db_mu_);
  store::Statement st = db_.Prepare(
      "SELECT s.username, s.full_name, s.role, w.csrf_token FROM web_sessions w "
      "JOIN staff s ON s.username = w.username "
      "WHERE w.token_hash = ?1 AND w.expires_ms > ?2 AND s.disabled = 0");
  st.Bind(1, token_hash);
  st.Bind(2, NowMs());
  Result<bool> row = st.Step();
  if (!row.ok() || !*row) {
    return std::nullopt;
  }
  return Staff{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3), token_hash};
}

bool DashboardImpl::CsrfOk(const Request& r, const Staff& staff,
                           const std::string& form_token) const {
  if (auto it = r.http.find("X-CSRF-Token"); it != r.http.end()) {
    return SameSecret(it->value(), staff.csrf);
  }
  return SameSecret(form_token, staff.csrf);
}

bool DashboardImpl::CanSee(const Staff& staff, const std::string& session,
                           const std::string& room) {
  if (staff.role == "head" || staff.role == "secretary") {
    return true;
  }
  if (staff.role != "proctor") {
    return false;
  }
  std::lock_guard lock(db_mu_);
  store::Statement st = db_.Prepare(
      "SELECT 1 FROM staff_rooms WHERE username = ?1 AND session_id = ?2 AND room = ?3");
  st.Bind(1, staff.username);
  st.Bind(2, session);
  st.Bind(3, room);
  Result<bool> row = st.Step();
  return row.ok() && *row;
}

std::vector<pages::RoomRow> DashboardImpl::VisibleRooms(const Staff& staff) {
  std::vector<pages::RoomRow> out;
  if (staff.role == "setter") {
    return out;
  }
  const bool all = staff.role == "head" || staff.role == "secretary";
  std::lock_guard lock(db_mu_);
  store::Statement st = db_.Prepare(
      "SELECT r.session_id, r.name, r.state, s.name, s.exam_date, s.state, "
      "(SELECT count(*) FROM candidates c WHERE c.session_id = r.session_id AND c.room = r.name) "
      "FROM rooms r JOIN sessions s ON s.id = r.session_id "
      "WHERE s.state IN ('open', 'closed') AND (?1 = 1 OR EXISTS (SELECT 1 FROM staff_rooms a "
      "WHERE a.username = ?2 AND a.session_id = r.session_id AND a.room = r.name)) "
      "ORDER BY s.exam_date DESC, r.session_id, r.name");
  st.Bind(1, all ? 1 : 0);
  st.Bind(2, staff.username);
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok() || !*row) {
      break;
    }
    out.push_back({st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3),
                   st.ColumnText(4), st.ColumnText(5), st.ColumnInt(6)});
  }
  return out;
}

std::optional<pages::RoomRow> DashboardImpl::GetRoom(const std::string& session,
                                                     const std::string& room) {
  std::lock_guard lock(db_mu_);
  store::Statement st = db_.Prepare(
      "SELECT r.session_id, r.name, r.state, s.name, s.exam_date, s.state, "
      "(SELECT count(*) FROM candidates c WHERE c.session_id = r.session_id AND c.room = r.name) "
      "FROM rooms r JOIN sessions s ON s.id = r.session_id "
      "WHERE r.session_id = ?1 AND r.name = ?2 AND s.state IN ('open', 'closed')");
  st.Bind(1, session);
  st.Bind(2, room);
  Result<bool> row = st.Step();
  if (!row.ok() || !*row) {
    return std::nullopt;
  }
  return pages::RoomRow{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3),
                        st.ColumnText(4), st.ColumnText(5), st.ColumnInt(6)};
}

std::vector<pages::Incident> DashboardImpl::Incidents(const std::string& session,
                                                      const std::string& room) {
  std::vector<pages::Incident> out;
  std::lock_guard lock(db_mu_);
  store::Statement st = db_.Prepare(
      "SELECT i.at_ms, i.actor, i.kind, coalesce(i.sbd, ''), i.reason, coalesce(i.minutes, ''), "
      "i.detail, coalesce((SELECT s.full_name FROM staff s "
      "WHERE i.actor = s.role || ':' || s.username), '') "
      "FROM incidents i WHERE i.session_id = ?1 AND i.room = ?2 ORDER BY i.at_ms, i.id");
  st.Bind(1, session);
  st.Bind(2, room);
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok() || !*row) {
      break;
    }
    out.push_back({st.ColumnInt64(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3),
                   st.ColumnText(4), st.ColumnText(5), st.ColumnText(6), st.ColumnText(7)});
  }
  return out;
}

std::vector<SeatView> DashboardImpl::RoomSeats(const std::string& session,
                                               const std::string& room) const {
  std::vector<SeatView> seats = service_.Seats(session);
  std::erase_if(seats, [&](const SeatView& v) { return v.room != room; });
  return seats;
}

std::map<std::string, DashboardImpl::SeatMarks> DashboardImpl::Marks(const std::string& session,
                                                                     const std::string& room) {
  std::map<std::string, SeatMarks> marks;
  std::lock_guard lock(db_mu_);
  store::Statement st = db_.Prepare(
      "SELECT sbd, kind, reason, at_ms, detail FROM incidents WHERE session_id = ?1 AND room = ?2 "
      "AND sbd IS NOT NULL ORDER BY id");
  st.Bind(1, session);
  st.Bind(2, room);
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok() || !*row) {
      break;
    }
    SeatMarks& m = marks[st.ColumnText(0)];
    const std::string kind = st.ColumnText(1);
    m.incidents += pages::IsIncidentKind(kind) ? 1 : 0;
    if (kind == "end") {
      m.ended = true;
    } else if (kind == "data_error") {
      m.report = st.ColumnText(2);
    } else if (kind == "ack_report") {
      m.report.clear();
    } else if (kind == "login_refused") {
      m.refused_machine = st.ColumnText(2);
      m.refused_at_ms = st.ColumnInt64(3);
    } else if (kind == "allow_move") {
      m.refused_machine.clear();
      m.refused_at_ms = 0;
    }
  }
  return marks;
}

std::string DashboardImpl::Snapshot(const std::string& session, const std::string& room) {
  const std::vector<SeatView> seats = RoomSeats(session, room);
  std::map<std::string, SeatMarks> marks = Marks(session, room);
  std::string room_state = "open";
  {
    std::lock_guard lock(db_mu_);
    store::Statement rs =
        db_.Prepare("SELECT state FROM rooms WHERE session_id = ?1 AND name = ?2");
    rs.Bind(1, session);
    rs.Bind(2, room);
    if (Result<bool> row = rs.Step(); row.ok() && *row) {
      room_state = rs.ColumnText(0);
    }
  }
  json::object counts;
  json::array tiles;
  for (const SeatView& v : seats) {
    const SeatMarks& m = marks[v.sbd];
    // Ended for a violation (an "end" incident) is told apart from an ordinary submission.
    std::string state = SeatStateName(v);
    if (state == "submitted" && m.ended) {
      state = "ended";
    }
    counts[state] = counts.contains(state) ? counts[state].as_int64() + 1 : 1;
    json::value refused = nullptr;
    if (!m.refused_machine.empty()) {
      refused = json::object{{"machine", m.refused_machine}, {"at_ms", m.refused_at_ms}};
    }
    tiles.push_back(json::object{{"sbd", v.sbd},
                                 {"name", v.full_name},
                                 {"machine", v.machine},
                                 {"state", state},
                                 {"attempt", engine::ToString(v.state)},
                                 {"connected", v.connected},
                                 {"answered", v.answered},
                                 {"total", v.total},
                                 {"remaining_ms", v.remaining_ms},
                                 {"last_contact_ms", v.last_contact_ms},
                                 {"locked", v.locked},
                                 {"incidents", m.incidents},
                                 {"report", m.report},
                                 {"refused_login", refused}});
  }
  return json::serialize(json::object{{"type", "room"},
                                      {"session", session},
                                      {"room", room},
                                      {"room_state", room_state},
                                      {"now_ms", NowMs()},
                                      {"total", static_cast<int64_t>(seats.size())},
                                      {"counts", std::move(counts)},
                                      {"seats", std::move(tiles)}});
}

// ---- Actions ----

Status DashboardImpl::Record(const Staff& staff, const std::string& session,
                             const std::string& room, const std::string& sbd,
                             const std::string& kind, const std::string& reason,
                             const std::string& minutes, const json::object& detail) {
  const int64_t now = NowMs();
  json::object audit_detail = detail;
  audit_detail["reason"] = reason;
  audit_detail["room"] = room;
  if (!minutes.empty()) {
    audit_detail["minutes"] = minutes;
  }
  Result<std::string> canonical = centre::CanonicalJson(audit_detail);
  if (!canonical.ok()) {
    return canonical.status();
  }
  std::lock_guard lock(db_mu_);
  store::Transaction tx(db_);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  store::Statement st = db_.Prepare(
      "INSERT INTO incidents(session_id, room, sbd, at_ms, actor, kind, reason, minutes, detail) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  st.Bind(1, session);
  st.Bind(2, room);
  if (sbd.empty()) {
    st.BindNull(3);
  } else {
    st.Bind(3, sbd);
  }
  st.Bind(4, now);
  st.Bind(5, staff.Actor());
  st.Bind(6, kind);
  st.Bind(7, reason);
  if (minutes.empty()) {
    st.BindNull(8);
  } else {
    st.Bind(8, minutes);
  }
  st.Bind(9, json::serialize(detail));
  KHAOTHI_RETURN_IF_ERROR(st.Run());
  KHAOTHI_RETURN_IF_ERROR(centre::AppendAudit(
      db_, {now, staff.Actor(), "proctor_" + kind,
            sbd.empty() ? session + "/" + room : session + "/" + sbd, *canonical}));
  return tx.Commit();
}

Status DashboardImpl::SetRoomState(const std::string& session, const std::string& room,
                                   const std::string& state) {
  std::lock_guard lock(db_mu_);
  store::Statement st = db_.Prepare(
      "UPDATE rooms SET state = ?3, paused_since_ms = CASE WHEN ?3 = 'paused' THEN ?4 ELSE NULL "
      "END WHERE session_id = ?1 AND name = ?2");
  st.Bind(1, session);
  st.Bind(2, room);
  st.Bind(3, state);
  st.Bind(4, NowMs());
  return st.Run();
}

HttpResponse DashboardImpl::Action(Request& r, const Staff& staff, const std::string& session,
                                   const std::string& room, const std::string& kind) {
  const HttpRequest& req = r.http;
  const pages::Lang lang = r.lang;
  auto refuse = [&](http::status status, std::string_view code, const std::string& vi,
                    const std::string& en) { return JsonError(req, lang, status, code, vi, en); };
  if (!CsrfOk(r, staff, "")) {
    return refuse(http::status::forbidden, "bad_csrf",
                  "Thiếu hoặc sai mã bảo vệ; hãy tải lại trang.", "Missing or wrong CSRF token.");
  }
  boost::system::error_code ec;
  json::value body = json::parse(req.body(), ec);
  if (ec || !body.is_object()) {
    return refuse(http::status::bad_request, "bad_json", "Yêu cầu không hợp lệ.",
                  "Send a JSON object.");
  }
  const json::object& o = body.as_object();
  auto text = [&](std::string_view key) -> std::string {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const std::string sbd = text("sbd");
  const bool all =
      o.if_contains("all") != nullptr && o.at("all").is_bool() && o.at("all").as_bool();
  std::string reason = text("reason");
  const std::string minutes = text("minutes");
  const std::string notice = text("text");
  if (kind == "notice" && reason.empty()) {
    reason = notice;
  }
  if (reason.empty()) {
    return refuse(http::status::bad_request, "reason_required", "Hãy ghi lý do của thao tác.",
                  "Every action needs a reason.");
  }
  if (reason.size() > kMaxReasonBytes || minutes.size() > kMaxMinutesBytes ||
      notice.size() > kMaxReasonBytes) {
    return refuse(http::status::bad_request, "too_long", "Nội dung quá dài.",
                  "The text is too long.");
  }
  std::optional<pages::RoomRow> info = GetRoom(session, room);
  if (!info || info->session_state != "open") {
    return refuse(http::status::conflict, "session_closed", "Ca thi không còn mở.",
                  "The session is not open.");
  }
  if (info->state == "closed") {
    return refuse(http::status::conflict, "room_closed",
                  "Phòng thi đã đóng; không thể thao tác nữa.", "The room is closed.");
  }
  const std::vector<SeatView> seats = RoomSeats(session, room);
  const SeatView* seat = nullptr;
  for (const SeatView& v : seats) {
    if (v.sbd == sbd) {
      seat = &v;
    }
  }
  const bool seat_action = kind == "unlock" || kind == "extend" || kind == "suspend" ||
                           kind == "resume" || kind == "allow_move" || kind == "end" ||
                           kind == "notice" || kind == "ack_report";
  if (seat_action && !(all && (kind == "unlock" || kind == "notice")) && seat == nullptr) {
    if (sbd.empty()) {
      return refuse(http::status::not_found, "no_candidate", "Hãy chọn một thí sinh.",
                    "Choose a candidate.");
    }
    return refuse(http::status::not_found, "no_candidate",
                  "Không có thí sinh " + sbd + " trong phòng này.",
                  "No candidate " + sbd + " in this room.");
  }
  const std::string actor = staff.Actor();
  json::object detail;
  std::string record_sbd = seat_action && !all ? sbd : "";
  std::string record_kind = kind;
  Status s;
  if (kind == "unlock") {
    if (all) {
      json::array done;
      for (const SeatView& v : seats) {
        // Only logins waiting at a PC: unlocking someone who is not there checks no ID.
        if (v.state == AttemptState::kCreated && v.connected) {
          if (service_.Unlock(session, v.sbd, actor).ok()) {
            done.push_back(json::string(v.sbd));
          }
        }
      }
      if (done.empty()) {
        return refuse(http::status::conflict, "nothing_to_do",
                      "Không có thí sinh nào đang chờ mở khóa.",
                      "No candidate is waiting for an unlock.");
      }
      detail["sbds"] = std::move(done);
      record_kind = "unlock_all";
    } else {
      s = service_.Unlock(session, sbd, actor);
    }
  } else if (kind == "extend") {
    const json::value* m = o.if_contains("extra_minutes");
    const int64_t extra = m != nullptr && m->is_int64() ? m->as_int64() : 0;
    if (extra <= 0 || extra > kMaxExtensionMinutes) {
      return refuse(http::status::bad_request, "bad_minutes",
                    "Số phút cộng thêm phải từ 1 đến 120.", "Extra time is 1 to 120 minutes.");
    }
    s = service_.Extend(session, sbd, extra * 60'000, reason, actor);
    detail["extra_minutes"] = extra;
  } else if (kind == "suspend") {
    s = service_.Suspend(session, sbd, reason, actor);
  } else if (kind == "resume") {
    s = service_.Resume(session, sbd, actor, reason);
  } else if (kind == "allow_move") {
    s = service_.AllowMove(session, sbd, reason, actor);
  } else if (kind == "end") {
    if (minutes.empty()) {
      return refuse(http::status::bad_request, "minutes_required",
                    "Đình chỉ thi cần có biên bản vi phạm.",
                    "Ending an exam for a violation needs the minutes (biên bản).");
    }
    s = service_.EndForViolation(session, sbd, minutes, actor);
  } else if (kind == "notice") {
    if (notice.empty()) {
      return refuse(http::status::bad_request, "text_required", "Thông báo chưa có nội dung.",
                    "The notice has no text.");
    }
    detail["text"] = notice;
    if (all) {
      int sent = 0;
      for (const SeatView& v : seats) {
        sent += service_.Notice(session, v.sbd, notice, actor).ok() ? 1 : 0;
      }
      detail["sent"] = sent;
      record_kind = "notice_all";
    } else {
      s = service_.Notice(session, sbd, notice, actor);
    }
  } else if (kind == "pause_room") {
    if (info->state == "paused") {
      return refuse(http::status::conflict, "already_paused", "Phòng thi đang tạm dừng rồi.",
                    "The room is paused already.");
    }
    // The service pauses the room as one step: nobody there starts, everyone answering stops.
    Result<std::vector<std::string>> sbds = service_.PauseRoom(session, room, reason, actor);
    json::array paused;
    for (const std::string& one : sbds.ok() ? *sbds : std::vector<std::string>{}) {
      paused.push_back(json::string(one));
    }
    detail["sbds"] = std::move(paused);
    s = sbds.ok() ? SetRoomState(session, room, "paused") : sbds.status();
  } else if (kind == "resume_room") {
    if (info->state != "paused") {
      return refuse(http::status::conflict, "not_paused", "Phòng thi không tạm dừng.",
                    "The room is not paused.");
    }
    // Resume exactly the candidates the room pause suspended (not those suspended one by one).
    std::string last;
    {
      std::lock_guard lock(db_mu_);
      store::Statement st = db_.Prepare(
          "SELECT detail FROM incidents WHERE session_id = ?1 AND room = ?2 "
          "AND kind = 'pause_room' ORDER BY id DESC LIMIT 1");
      st.Bind(1, session);
      st.Bind(2, room);
      if (Result<bool> row = st.Step(); row.ok() && *row) {
        last = st.ColumnText(0);
      }
    }
    json::array resumed;
    boost::system::error_code pec;
    json::value prev = json::parse(last.empty() ? "{}" : last, pec);
    std::vector<std::string> sbds;
    if (!pec && prev.is_object() && prev.as_object().contains("sbds")) {
      for (const json::value& v : prev.as_object().at("sbds").as_array()) {
        sbds.emplace_back(v.as_string());
      }
    }
    Result<std::vector<std::string>> done = service_.ResumeRoom(session, room, sbds, reason, actor);
    for (const std::string& one : done.ok() ? *done : std::vector<std::string>{}) {
      resumed.push_back(json::string(one));
    }
    detail["sbds"] = std::move(resumed);
    s = SetRoomState(session, room, "open");
  } else if (kind == "close_room") {
    int sitting = 0;
    for (const SeatView& v : seats) {
      sitting += v.state == AttemptState::kInProgress || v.state == AttemptState::kSuspended ||
                         v.state == AttemptState::kUnlocked
                     ? 1
                     : 0;
    }
    if (sitting > 0) {
      return refuse(
          http::status::conflict, "still_sitting",
          "Còn " + std::to_string(sitting) + " thí sinh đang thi; chưa thể đóng phòng thi.",
          std::to_string(sitting) + (sitting == 1 ? " candidate is" : " candidates are") +
              " still sitting.");
    }
    int absent = 0;
    for (const SeatView& v : seats) {
      absent += v.state == AttemptState::kCreated ? 1 : 0;
    }
    detail["absent"] = absent;
    detail["submitted"] = static_cast<int64_t>(seats.size()) - absent;
    s = SetRoomState(session, room, "closed");
  } else if (kind == "ack_report") {
    const std::string report = Marks(session, room)[sbd].report;
    if (report.empty()) {
      return refuse(http::status::conflict, "no_report",
                    "Thí sinh " + sbd + " không có báo sai thông tin nào chưa xử lý.",
                    "Candidate " + sbd + " has no open data-error report.");
    }
    detail["report"] = report;
    s = service_.AcknowledgeReport(session, sbd, reason, actor);
  } else {
    return refuse(http::status::not_found, "no_action", "Không có thao tác " + kind + ".",
                  "No such action: " + kind + ".");
  }
  if (!s.ok()) {
    // The engine's reasons are English; the page says in its language what the state forbade.
    const std::string state = seat != nullptr ? SeatStateName(*seat) : std::string();
    return refuse(
        s.IsNotFound()          ? http::status::not_found
        : s.IsInvalidArgument() ? http::status::bad_request
                                : http::status::conflict,
        "refused",
        "Không thể thực hiện \"" + pages::KindName(pages::Lang::kVi, kind) + "\" với thí sinh " +
            sbd + (state.empty() ? "" : " (" + StateText(pages::Lang::kVi, state) + ")") + ".",
        "Cannot do \"" + pages::KindName(pages::Lang::kEn, kind) + "\" for candidate " + sbd +
            (state.empty() ? "" : " (" + StateText(pages::Lang::kEn, state) + ")") + ".");
  }
  if (Status rs = Record(staff, session, room, record_sbd, record_kind, reason,
                         kind == "end" ? minutes : "", detail);
      !rs.ok()) {
    return refuse(http::status::service_unavailable, "not_recorded",
                  "Đã thực hiện nhưng không ghi được vào biên bản: " + rs.message(),
                  "The action was taken but its record could not be written: " + rs.message());
  }
  json::object out{{"ok", true}, {"action", record_kind}};
  out["detail"] = detail;
  return Json(req, http::status::ok, out);
}

// ---- Live room view ----

bool DashboardImpl::OpenSocket(const HttpRequest& req, const std::shared_ptr<Peer>& peer,
                               std::string& state) {
  const std::string_view target = req.target();
  const size_t q = target.find('?');
  if (target.substr(0, q) != "/ws/proctor" || q == std::string_view::npos) {
    return false;
  }
  // A WebSocket is not covered by SameSite for every browser; the Origin must be this server.
  auto origin = req.find(http::field::origin);
  auto host = req.find(http::field::host);
  if (origin == req.end() || host == req.end() ||
      origin->value() != "https://" + std::string(host->value())) {
    return false;
  }
  Request r{req, "/ws/proctor", ParseForm(target.substr(q + 1)), {}, peer->address()};
  if (auto it = req.find(http::field::cookie); it != req.end()) {
    r.cookies = ParseCookies(it->value());
  }
  std::optional<Staff> staff = Authenticate(r);
  const std::string session = r.query["session"];
  const std::string room = r.query["room"];
  if (!staff || !IsSafeName(session) || !IsSafeName(room) || !GetRoom(session, room) ||
      !CanSee(*staff, session, room)) {
    return false;
  }
  state = session + "/" + room;
  std::lock_guard lock(mu_);
  sockets_[peer.get()] = LiveSocket{peer, staff->token_hash, session, room};
  poll_cv_.notify_all();
  return true;
}

void DashboardImpl::Poll() {
  std::unique_lock lock(poll_mu_);
  while (!stop_) {
    poll_cv_.wait_for(lock, kPollInterval);
    if (stop_) {
      break;
    }
    lock.unlock();
    std::vector<LiveSocket> live;
    {
      std::lock_guard l(mu_);
      for (auto it = sockets_.begin(); it != sockets_.end();) {
        if (it->second.peer.expired()) {
          it = sockets_.erase(it);
        } else {
          live.push_back(it->second);
          ++it;
        }
      }
    }
    std::map<std::string, std::string> snapshots;
    std::map<std::string, bool> sessions_valid;
    for (const LiveSocket& s : live) {
      std::shared_ptr<Peer> peer = s.peer.lock();
      if (!peer) {
        continue;
      }
      // A logged-out or expired web session ends its sockets too.
      auto valid = sessions_valid.find(s.token_hash);
      if (valid == sessions_valid.end()) {
        std::lock_guard dl(db_mu_);
        store::Statement st =
            db_.Prepare("SELECT 1 FROM web_sessions WHERE token_hash = ?1 AND expires_ms > ?2");
        st.Bind(1, s.token_hash);
        st.Bind(2, NowMs());
        Result<bool> row = st.Step();
        valid = sessions_valid.emplace(s.token_hash, row.ok() && *row).first;
      }
      if (!valid->second) {
        peer->Close("logged_out");
        continue;
      }
      const std::string key = s.session + "/" + s.room;
      auto snap = snapshots.find(key);
      if (snap == snapshots.end()) {
        snap = snapshots.emplace(key, Snapshot(s.session, s.room)).first;
      }
      peer->Send(snap->second);
    }
    lock.lock();
  }
}

}  // namespace

std::unique_ptr<Dashboard> MakeDashboard(ExamService& service, store::Database db,
                                         const ServerConfig& config) {
  return std::make_unique<DashboardImpl>(service, std::move(db), config);
}

}  // namespace khaothi::server
