// Staff authentication for the proctor dashboard: login with a user name and password (scrypt),
// a session cookie (__Host-khaothi, HttpOnly, SameSite=Strict) whose SHA-256 is kept in
// web_sessions, a CSRF token per session, limits on failed logins per user name and per client
// address, and which rooms a member of staff may see.
//
// Authorisation: a proctor sees and acts on the rooms of staff_rooms only; head and secretary
// see every room; a setter sees none.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/clock.h"
#include "khaothi/server/limits.h"

#include "dashboard_common.h"
#include "dashboard_store.h"

namespace khaothi::server::dashboard {

class StaffAuth {
 public:
  // `store`, `clock` and `limits` must outlive this.
  StaffAuth(DashboardStore& store, const engine::Clock& clock, const ServerLimits& limits);
  StaffAuth(const StaffAuth&) = delete;
  StaffAuth& operator=(const StaffAuth&) = delete;

  // POST /login (form: username, password): 303 to /rooms with the session cookie, or 401 with
  // the login page saying why.
  HttpResponse Login(const WebRequest& r);
  // POST /logout (form: csrf): ends the session, 303 to /.
  HttpResponse Logout(const WebRequest& r, const Staff& staff);

  // The staff member whose session cookie `r` carries, or nullopt (none, expired, logged out,
  // account disabled, or the database could not be read).
  std::optional<Staff> Authenticate(const web::Params& cookies);
  // Whether the session `token_hash` is still open (the live view ends sockets of others).
  bool SessionLive(const std::string& token_hash);
  // The request's X-CSRF-Token header, or when it has none `form_token`, is the session's token.
  bool CsrfOk(const WebRequest& r, const Staff& staff, std::string_view form_token) const;

  // Whether `staff` may see (and act on) `room` of `session`.
  bool CanSee(const Staff& staff, const std::string& session, const std::string& room);
  // The rooms `staff` may see.
  Result<std::vector<pages::RoomRow>> VisibleRooms(const Staff& staff);

 private:
  // Counts the failures of `key` still within the window, forgetting older ones.
  int RecentFailures(const std::string& key, int64_t now_ms);

  // Constant after construction
  DashboardStore& store_;
  const engine::Clock& clock_;
  const ServerLimits& limits_;

  std::mutex mu_;
  // Guarded by mu_
  std::map<std::string, std::vector<int64_t>> failures_;  // "user:NAME" / "addr:IP" -> times
};

}  // namespace khaothi::server::dashboard
