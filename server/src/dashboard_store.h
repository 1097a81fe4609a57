// Every SQL statement of the proctor dashboard, on its own connection to center.db. One mutex
// serialises the connection, so each method may be called from any thread; none holds the lock
// while calling out, except WithDatabase.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

#include "dashboard_pages.h"

namespace khaothi::server::dashboard {

// A member of staff logged in to the dashboard (a row of staff joined with its web session).
struct Staff {
  std::string username;
  std::string full_name;
  std::string role;  // head, secretary, proctor, setter
  std::string csrf;
  std::string token_hash;  // SHA-256 hex of the session cookie
  // "proctor:lan": who acts, in incidents and the audit chain.
  std::string Actor() const { return role + ":" + username; }
};

// A staff account as login checks it.
struct StaffAccount {
  std::string username;
  std::string full_name;
  std::string role;
  std::string password_hash;
};

// What the incidents table says of one seat of a room: the count of incidents proper
// (pages::IsIncidentKind), whether it was ended for a violation, the open data-error report
// (until an ack_report), the last login refused from another PC (until an allow_move).
struct SeatMarks {
  struct RefusedLogin {
    std::string machine;
    int64_t at_ms = 0;
  };
  int incidents = 0;
  bool ended = false;  // ended for a violation
  std::string report;  // empty: none open
  std::optional<RefusedLogin> refused_login;
};

// One proctor action as recorded: a row of incidents and an entry of the audit chain.
struct ActionRecord {
  int64_t at_ms = 0;
  std::string actor;
  std::string session;
  std::string room;
  std::string sbd;  // empty for an action on the room
  std::string kind;
  std::string reason;
  std::string minutes;  // the biên bản, for "end" only
  boost::json::object detail;
};

class DashboardStore {
 public:
  explicit DashboardStore(store::Database db) : db_(std::move(db)) {}
  DashboardStore(const DashboardStore&) = delete;
  DashboardStore& operator=(const DashboardStore&) = delete;

  // ---- Staff and web sessions
  // The enabled account `username`, or nullopt.
  [[nodiscard]] Result<std::optional<StaffAccount>> FindStaff(const std::string& username);
  // In one transaction: forgets web sessions expired before `now_ms`, opens `staff`'s session
  // until `expires_ms` and audits the login from `address`.
  [[nodiscard]] Status OpenWebSession(const Staff& staff, int64_t now_ms, int64_t expires_ms,
                                      const std::string& address);
  [[nodiscard]] Status CloseWebSession(const std::string& token_hash);
  // The enabled staff member whose unexpired session is `token_hash`, or nullopt.
  [[nodiscard]] Result<std::optional<Staff>> StaffOfSession(const std::string& token_hash,
                                                            int64_t now_ms);
  [[nodiscard]] Result<bool> WebSessionLive(const std::string& token_hash, int64_t now_ms);
  // Whether staff_rooms assigns `room` of `session` to `username`.
  [[nodiscard]] Result<bool> IsAssigned(const std::string& username, const std::string& session,
                                        const std::string& room);

  // ---- Rooms (of open and closed sessions)
  // Every room when `all`, else those assigned to `username`; newest exam date first.
  [[nodiscard]] Result<std::vector<pages::RoomRow>> Rooms(bool all, const std::string& username);
  [[nodiscard]] Result<std::optional<pages::RoomRow>> FindRoom(const std::string& session,
                                                               const std::string& room);
  // The session's Safe Exam Browser setting (docs/seb.md): whether a .seb file was written for
  // it and whether it is required.
  [[nodiscard]] Result<centre::SessionSeb> SebSetting(const std::string& session);
  [[nodiscard]] Status SetRoomState(const std::string& session, const std::string& room,
                                    const std::string& state, int64_t now_ms);

  // ---- The practical
  // The tasks the candidates of `room` drew, by sbd and blueprint order, with the work received.
  [[nodiscard]] Result<std::vector<pages::PracticalWork>> PracticalWork(const std::string& session,
                                                                        const std::string& room);

  // ---- Incidents
  [[nodiscard]] Result<std::vector<pages::Incident>> Incidents(const std::string& session,
                                                               const std::string& room);
  [[nodiscard]] Result<std::map<std::string, SeatMarks>> Marks(const std::string& session,
                                                               const std::string& room);
  // The số báo danh the room's last pause suspended (its pause_room incident's detail.sbds);
  // empty when the room was never paused. kCorruption for a detail that is not such a list.
  [[nodiscard]] Result<std::vector<std::string>> LastPausedSbds(const std::string& session,
                                                                const std::string& room);
  // The incident and its audit entry ("proctor_" + kind), in one transaction.
  [[nodiscard]] Status RecordAction(const ActionRecord& record);

  // Runs `f(store::Database&)` with the connection locked, for code that takes a Database
  // (the /verify lookup).
  template <typename F>
  auto WithDatabase(F&& f) {
    std::lock_guard lock(mu_);
    return f(db_);
  }

 private:
  // SELECT `columns` FROM incidents i of `room` of `session`, then `rest` (more conditions, the
  // order). REQUIRES: mu_ held.
  store::Statement RoomIncidents(std::string_view columns, std::string_view rest,
                                 const std::string& session, const std::string& room);

  std::mutex mu_;
  store::Database db_;  // guarded by mu_
};

}  // namespace khaothi::server::dashboard
