#include "dashboard_store.h"

#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"

namespace khaothi::server::dashboard {
namespace {

namespace json = boost::json;

constexpr std::string_view kRoomColumns =
    "SELECT r.session_id, r.name, r.state, s.name, s.exam_date, s.state, "
    "(SELECT count(*) FROM candidates c WHERE c.session_id = r.session_id AND c.room = r.name) "
    "FROM rooms r JOIN sessions s ON s.id = r.session_id ";

pages::RoomRow ReadRoom(const store::Statement& row) {
  return {row.ColumnText(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3),
          row.ColumnText(4), row.ColumnText(5), row.ColumnInt(6)};
}

// A value bound as NULL when empty.
struct OrNull {
  const std::string& value;
};

void BindOne(store::Statement& st, int index, std::string_view value) { st.Bind(index, value); }
void BindOne(store::Statement& st, int index, int64_t value) { st.Bind(index, value); }
void BindOne(store::Statement& st, int index, OrNull v) {
  if (v.value.empty()) {
    st.BindNull(index);
  } else {
    st.Bind(index, v.value);
  }
}

// `sql` prepared with `args` bound to ?1, ?2, ... in order.
template <typename... Args>
store::Statement Prepared(store::Database& db, std::string_view sql, const Args&... args) {
  store::Statement st = db.Prepare(sql);
  int index = 0;
  (BindOne(st, ++index, args), ...);
  return st;
}

// Runs `change()` and appends `audit` to the audit chain in one transaction.
template <typename Change>
Status WithAudit(store::Database& db, const centre::AuditEntry& audit, Change&& change) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_RETURN_IF_ERROR(change());
  KHAOTHI_RETURN_IF_ERROR(centre::AppendAudit(db, audit));
  return tx.Commit();
}

}  // namespace

Result<std::optional<StaffAccount>> DashboardStore::FindStaff(const std::string& username) {
  std::lock_guard lock(mu_);
  store::Statement st = Prepared(db_,
                                 "SELECT username, full_name, role, password_hash FROM staff "
                                 "WHERE username = ?1 AND disabled = 0",
                                 username);
  KHAOTHI_ASSIGN_OR_RETURN(const bool found, st.Step());
  if (!found) {
    return std::optional<StaffAccount>();
  }
  return std::optional<StaffAccount>(
      StaffAccount{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3)});
}

Status DashboardStore::OpenWebSession(const Staff& staff, int64_t now_ms, int64_t expires_ms,
                                      const std::string& address) {
  KHAOTHI_ASSIGN_OR_RETURN(const std::string audit_detail,
                           centre::CanonicalJson(json::object{{"address", address}}));
  std::lock_guard lock(mu_);
  return WithAudit(
      db_, {now_ms, staff.Actor(), "staff_login", "staff:" + staff.username, audit_detail}, [&] {
        KHAOTHI_RETURN_IF_ERROR(
            Prepared(db_, "DELETE FROM web_sessions WHERE expires_ms < ?1", now_ms).Run());
        return Prepared(db_,
                        "INSERT INTO web_sessions(token_hash, username, csrf_token, created_ms, "
                        "expires_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                        staff.token_hash, staff.username, staff.csrf, now_ms, expires_ms)
            .Run();
      });
}

Status DashboardStore::CloseWebSession(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  store::Statement st = Prepared(db_, "DELETE FROM web_sessions WHERE token_hash = ?1", token_hash);
  return st.Run();
}

Result<std::optional<Staff>> DashboardStore::StaffOfSession(const std::string& token_hash,
                                                            int64_t now_ms) {
  std::lock_guard lock(mu_);
  store::Statement st =
      Prepared(db_,
               "SELECT s.username, s.full_name, s.role, w.csrf_token FROM web_sessions w "
               "JOIN staff s ON s.username = w.username "
               "WHERE w.token_hash = ?1 AND w.expires_ms > ?2 AND s.disabled = 0",
               token_hash, now_ms);
  KHAOTHI_ASSIGN_OR_RETURN(const bool found, st.Step());
  if (!found) {
    return std::optional<Staff>();
  }
  return std::optional<Staff>(
      Staff{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3), token_hash});
}

Result<bool> DashboardStore::WebSessionLive(const std::string& token_hash, int64_t now_ms) {
  std::lock_guard lock(mu_);
  store::Statement st =
      Prepared(db_, "SELECT 1 FROM web_sessions WHERE token_hash = ?1 AND expires_ms > ?2",
               token_hash, now_ms);
  return st.Step();
}

Result<bool> DashboardStore::IsAssigned(const std::string& username, const std::string& session,
                                        const std::string& room) {
  std::lock_guard lock(mu_);
  store::Statement st = Prepared(
      db_, "SELECT 1 FROM staff_rooms WHERE username = ?1 AND session_id = ?2 AND room = ?3",
      username, session, room);
  return st.Step();
}

Result<std::vector<pages::RoomRow>> DashboardStore::Rooms(bool all, const std::string& username) {
  std::vector<pages::RoomRow> out;
  std::lock_guard lock(mu_);
  store::Statement st = Prepared(
      db_,
      std::string(kRoomColumns) +
          "WHERE s.state IN ('open', 'closed') AND (?1 = 1 OR EXISTS (SELECT 1 FROM staff_rooms a "
          "WHERE a.username = ?2 AND a.session_id = r.session_id AND a.room = r.name)) "
          "ORDER BY s.exam_date DESC, r.session_id, r.name",
      all ? 1 : 0, username);
  KHAOTHI_RETURN_IF_ERROR(
      st.ForEachRow([&](const store::Statement& row) { out.push_back(ReadRoom(row)); }));
  return out;
}

Result<std::optional<pages::RoomRow>> DashboardStore::FindRoom(const std::string& session,
                                                               const std::string& room) {
  std::lock_guard lock(mu_);
  store::Statement st =
      Prepared(db_,
               std::string(kRoomColumns) +
                   "WHERE r.session_id = ?1 AND r.name = ?2 AND s.state IN ('open', 'closed')",
               session, room);
  KHAOTHI_ASSIGN_OR_RETURN(const bool found, st.Step());
  if (!found) {
    return std::optional<pages::RoomRow>();
  }
  return std::optional<pages::RoomRow>(ReadRoom(st));
}

Result<centre::SessionSeb> DashboardStore::SebSetting(const std::string& session) {
  std::lock_guard lock(mu_);
  return centre::GetSessionSeb(db_, session);
}

Status DashboardStore::SetRoomState(const std::string& session, const std::string& room,
                                    const std::string& state, int64_t now_ms) {
  std::lock_guard lock(mu_);
  store::Statement st = Prepared(
      db_,
      "UPDATE rooms SET state = ?3, paused_since_ms = CASE WHEN ?3 = 'paused' THEN ?4 ELSE NULL "
      "END WHERE session_id = ?1 AND name = ?2",
      session, room, state, now_ms);
  return st.Run();
}

store::Statement DashboardStore::RoomIncidents(std::string_view columns, std::string_view rest,
                                               const std::string& session,
                                               const std::string& room) {
  return Prepared(db_,
                  "SELECT " + std::string(columns) +
                      " FROM incidents i WHERE i.session_id = ?1 AND i.room = ?2 " +
                      std::string(rest),
                  session, room);
}

Result<std::vector<pages::Incident>> DashboardStore::Incidents(const std::string& session,
                                                               const std::string& room) {
  std::vector<pages::Incident> out;
  std::lock_guard lock(mu_);
  store::Statement st = RoomIncidents(
      "i.at_ms, i.actor, i.kind, coalesce(i.sbd, ''), i.reason, coalesce(i.minutes, ''), "
      "i.detail, coalesce((SELECT s.full_name FROM staff s "
      "WHERE i.actor = s.role || ':' || s.username), '')",
      "ORDER BY i.at_ms, i.id", session, room);
  KHAOTHI_RETURN_IF_ERROR(st.ForEachRow([&](const store::Statement& row) {
    out.push_back({row.ColumnInt64(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3),
                   row.ColumnText(4), row.ColumnText(5), row.ColumnText(6), row.ColumnText(7)});
  }));
  return out;
}

Result<std::vector<pages::PracticalWork>> DashboardStore::PracticalWork(const std::string& session,
                                                                        const std::string& room) {
  std::vector<pages::PracticalWork> out;
  std::lock_guard lock(mu_);
  store::Statement st = db_.Prepare(
      "SELECT a.sbd, a.subpart, a.task_id, "
      "(SELECT count(DISTINCT w.name) FROM work_versions w WHERE w.session_id = a.session_id AND "
      "w.sbd = a.sbd AND w.task_id = a.task_id), "
      "(SELECT count(*) FROM work_versions w WHERE w.session_id = a.session_id AND "
      "w.sbd = a.sbd AND w.task_id = a.task_id), "
      "(SELECT coalesce(max(w.received_ms), 0) FROM work_versions w WHERE w.session_id = "
      "a.session_id AND w.sbd = a.sbd AND w.task_id = a.task_id) "
      "FROM practical_assignments a JOIN candidates c ON c.session_id = a.session_id AND "
      "c.sbd = a.sbd WHERE a.session_id = ?1 AND c.room = ?2 ORDER BY a.sbd, a.rowid");
  st.Bind(1, session);
  st.Bind(2, room);
  KHAOTHI_RETURN_IF_ERROR(st.ForEachRow([&](const store::Statement& row) {
    out.push_back({row.ColumnText(0), row.ColumnText(1), row.ColumnText(2), row.ColumnInt(3),
                   row.ColumnInt(4), row.ColumnInt64(5)});
  }));
  return out;
}

Result<std::map<std::string, SeatMarks>> DashboardStore::Marks(const std::string& session,
                                                               const std::string& room) {
  std::map<std::string, SeatMarks> marks;
  std::lock_guard lock(mu_);
  store::Statement st = RoomIncidents("i.sbd, i.kind, i.reason, i.at_ms",
                                      "AND i.sbd IS NOT NULL ORDER BY i.id", session, room);
  KHAOTHI_RETURN_IF_ERROR(st.ForEachRow([&](const store::Statement& row) {
    SeatMarks& m = marks[row.ColumnText(0)];
    const std::string kind = row.ColumnText(1);
    m.incidents += pages::IsIncidentKind(kind) ? 1 : 0;
    if (kind == "end") {
      m.ended = true;
    } else if (kind == "data_error") {
      m.report = row.ColumnText(2);
    } else if (kind == "ack_report") {
      m.report.clear();
    } else if (kind == "login_refused") {
      m.refused_login = SeatMarks::RefusedLogin{row.ColumnText(2), row.ColumnInt64(3)};
    } else if (kind == "allow_move") {
      m.refused_login.reset();
    }
  }));
  return marks;
}

Result<std::vector<std::string>> DashboardStore::LastPausedSbds(const std::string& session,
                                                                const std::string& room) {
  std::string detail;
  {
    std::lock_guard lock(mu_);
    store::Statement st = RoomIncidents(
        "i.detail", "AND i.kind = 'pause_room' ORDER BY i.id DESC LIMIT 1", session, room);
    KHAOTHI_ASSIGN_OR_RETURN(const bool found, st.Step());
    if (!found) {
      return std::vector<std::string>();
    }
    detail = st.ColumnText(0);
  }
  auto corrupt = [&] {
    return Status::Corruption("the pause of room " + session + "/" + room +
                              " does not list the candidates it suspended");
  };
  boost::system::error_code ec;
  const json::value v = json::parse(detail, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  const json::value* listed = o != nullptr ? o->if_contains("sbds") : nullptr;
  if (listed == nullptr || !listed->is_array()) {
    return corrupt();
  }
  std::vector<std::string> sbds;
  for (const json::value& one : listed->get_array()) {
    if (!one.is_string()) {
      return corrupt();
    }
    sbds.emplace_back(one.get_string());
  }
  return sbds;
}

Status DashboardStore::RecordAction(const ActionRecord& record) {
  json::object audit_detail = record.detail;
  audit_detail["reason"] = record.reason;
  audit_detail["room"] = record.room;
  if (!record.minutes.empty()) {
    audit_detail["minutes"] = record.minutes;
  }
  KHAOTHI_ASSIGN_OR_RETURN(const std::string canonical, centre::CanonicalJson(audit_detail));
  const std::string subject =
      record.session + "/" + (record.sbd.empty() ? record.room : record.sbd);
  std::lock_guard lock(mu_);
  return WithAudit(
      db_, {record.at_ms, record.actor, "proctor_" + record.kind, subject, canonical}, [&] {
        return Prepared(db_,
                        "INSERT INTO incidents(session_id, room, sbd, at_ms, actor, kind, reason, "
                        "minutes, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        record.session, record.room, OrNull{record.sbd}, record.at_ms, record.actor,
                        record.kind, record.reason, OrNull{record.minutes},
                        json::serialize(record.detail))
            .Run();
      });
}

}  // namespace khaothi::server::dashboard
