#include "dashboard_auth.h"

#include "khaothi/crypto/crypto.h"
#include "khaothi/web/url.h"

namespace khaothi::server::dashboard {
namespace {

constexpr std::string_view kCookieName = "__Host-khaothi";
constexpr size_t kTokenBytes = 32;
constexpr size_t kCsrfBytes = 24;

// Computed once: the scrypt hash an unknown user name is checked against (see Login).
const std::string& DummyStaffHash() {
  static const std::string* const kHash =
      new std::string(crypto::HashPassword("not a password", crypto::StaffScryptParams()));
  return *kHash;
}

bool SeesEveryRoom(const Staff& staff) { return staff.role == "head" || staff.role == "secretary"; }

}  // namespace

StaffAuth::StaffAuth(DashboardStore& store, const engine::Clock& clock, const ServerLimits& limits)
    : store_(store), clock_(clock), limits_(limits) {
  // Paid at start-up rather than by the first unknown user.
  static_cast<void>(DummyStaffHash());
}

int StaffAuth::RecentFailures(const std::string& key, int64_t now_ms) {
  std::vector<int64_t>& times = failures_[key];
  const int64_t window = limits_.staff_login_failure_window.count();
  std::erase_if(times, [&](int64_t t) { return now_ms - t > window; });
  return static_cast<int>(times.size());
}

HttpResponse StaffAuth::Login(const WebRequest& r) {
  const HttpRequest& req = r.http;
  web::Params form = web::ParseForm(req.body());
  const std::string username = form["username"];
  const std::string password = form["password"];
  const int64_t now = NowMs(clock_);
  auto refuse = [&](const std::string& vi, const std::string& en) {
    return Respond(req, http::status::unauthorized, "text/html; charset=utf-8",
                   pages::LoginPage(r.lang, r.lang == pages::Lang::kVi ? vi : en));
  };
  {
    std::lock_guard lock(mu_);
    if (RecentFailures("user:" + username, now) >= limits_.max_staff_login_failures_per_user ||
        RecentFailures("addr:" + r.address, now) >= limits_.max_staff_login_failures_per_address) {
      const std::string minutes =
          std::to_string((limits_.staff_login_failure_window.count() + 59'999) / 60'000);
      return refuse("Đăng nhập sai quá nhiều lần; hãy đợi " + minutes + " phút.",
                    "Too many failed logins; wait " + minutes + " minutes.");
    }
  }
  Result<std::optional<StaffAccount>> account = store_.FindStaff(username);
  if (!account.ok()) {
    return Respond(req, http::status::service_unavailable, "text/plain; charset=utf-8",
                   "cannot read the staff accounts: " + account.status().message() + "\n");
  }
  // scrypt runs without any lock held. An unknown user is checked against a dummy hash made with
  // the staff accounts' parameters, so it costs the same as a wrong password and the time of the
  // answer does not tell which user names exist.
  const bool good =
      crypto::VerifyPassword(password, *account ? (*account)->password_hash : DummyStaffHash());
  if (!good || !*account) {
    std::lock_guard lock(mu_);
    failures_["user:" + username].push_back(now);
    failures_["addr:" + r.address].push_back(now);
    return refuse("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password.");
  }
  const std::string token = crypto::HexEncode(crypto::RandomBytes(kTokenBytes));
  Staff staff{(*account)->username, (*account)->full_name, (*account)->role,
              crypto::HexEncode(crypto::RandomBytes(kCsrfBytes)), crypto::Sha256Hex(token)};
  if (Status s = store_.OpenWebSession(staff, now, now + limits_.staff_session_lifetime.count(),
                                       r.address);
      !s.ok()) {
    return Respond(req, http::status::service_unavailable, "text/plain; charset=utf-8",
                   "cannot record the login: " + s.message() + "\n");
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

HttpResponse StaffAuth::Logout(const WebRequest& r, const Staff& staff) {
  web::Params form = web::ParseForm(r.http.body());
  if (!CsrfOk(r, staff, form["csrf"])) {
    return Refuse(r.http, r.lang,
                  {http::status::forbidden, "bad_csrf",
                   "Thiếu hoặc sai mã bảo vệ; hãy tải lại trang.", "Missing or wrong CSRF token."});
  }
  if (Status s = store_.CloseWebSession(staff.token_hash); !s.ok()) {
    return Unavailable(r.http, r.lang, s);
  }
  HttpResponse res = Redirect(r.http, "/");
  res.set(http::field::set_cookie,
          std::string(kCookieName) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
  return res;
}

std::optional<Staff> StaffAuth::Authenticate(const web::Params& cookies) {
  auto it = cookies.find(std::string(kCookieName));
  if (it == cookies.end() || it->second.size() != 2 * kTokenBytes) {
    return std::nullopt;
  }
  Result<std::optional<Staff>> staff =
      store_.StaffOfSession(crypto::Sha256Hex(it->second), NowMs(clock_));
  return staff.ok() ? *staff : std::nullopt;
}

bool StaffAuth::SessionLive(const std::string& token_hash) {
  Result<bool> live = store_.WebSessionLive(token_hash, NowMs(clock_));
  return live.ok() && *live;
}

bool StaffAuth::CsrfOk(const WebRequest& r, const Staff& staff, std::string_view form_token) const {
  if (auto it = r.http.find("X-CSRF-Token"); it != r.http.end()) {
    return crypto::SecretsEqual(it->value(), staff.csrf);
  }
  return crypto::SecretsEqual(form_token, staff.csrf);
}

bool StaffAuth::CanSee(const Staff& staff, const std::string& session, const std::string& room) {
  if (SeesEveryRoom(staff)) {
    return true;
  }
  if (staff.role != "proctor") {
    return false;
  }
  Result<bool> assigned = store_.IsAssigned(staff.username, session, room);
  return assigned.ok() && *assigned;
}

Result<std::vector<pages::RoomRow>> StaffAuth::VisibleRooms(const Staff& staff) {
  if (staff.role != "proctor" && !SeesEveryRoom(staff)) {
    return std::vector<pages::RoomRow>();
  }
  return store_.Rooms(SeesEveryRoom(staff), staff.username);
}

}  // namespace khaothi::server::dashboard
