// A session's Safe Exam Browser setting: the session_seb table (migration 12, docs/seb.md).
#include <algorithm>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/centre/centre.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

using internal::Audit;

// The session's state, or kNotFound; kFailedPrecondition when it is closed.
Status CheckNotClosed(store::Database& db, const std::string& session_id) {
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo session, GetSession(db, session_id));
  if (session.state == "closed") {
    return Status::FailedPrecondition(Bilingual(
        "ca thi " + session_id + " đã đóng; không đổi được cài đặt Safe Exam Browser",
        "the session " + session_id + " is closed; its Safe Exam Browser setting cannot change"));
  }
  return Status::Ok();
}

}  // namespace

Result<SessionSeb> GetSessionSeb(store::Database& db, const std::string& session_id) {
  KHAOTHI_RETURN_IF_ERROR(GetSession(db, session_id).status());
  store::Statement q =
      db.Prepare("SELECT required, start_url, config_key FROM session_seb WHERE session_id = ?1");
  q.Bind(1, session_id);
  SessionSeb seb{.session_id = session_id};
  KHAOTHI_ASSIGN_OR_RETURN(const bool row, q.Step());
  if (row) {
    seb.required = q.ColumnInt64(0) != 0;
    seb.start_url = q.ColumnText(1);
    seb.config_key = q.ColumnText(2);
  }
  return seb;
}

Status RecordSebConfig(store::Database& db, const std::string& session_id,
                       const std::string& start_url, const std::string& config_key,
                       const Change& change) {
  const bool hex =
      config_key.size() == 64 && std::all_of(config_key.begin(), config_key.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      });
  if (!hex || start_url.empty()) {
    return Status::InvalidArgument("a Config Key is 64 lower-case hex digits, with a start URL");
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_RETURN_IF_ERROR(CheckNotClosed(db, session_id));
  store::Statement up = db.Prepare(
      "INSERT INTO session_seb (session_id, start_url, config_key, written_ms) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (session_id) DO UPDATE SET "
      "start_url = excluded.start_url, config_key = excluded.config_key, "
      "written_ms = excluded.written_ms");
  up.Bind(1, session_id);
  up.Bind(2, start_url);
  up.Bind(3, config_key);
  up.Bind(4, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(up.Run());
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "session.seb_config", session_id,
                                {{"start_url", start_url}, {"config_key", config_key}}));
  return tx.Commit();
}

Status SetSebRequired(store::Database& db, const std::string& session_id, bool on,
                      const Change& change) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_RETURN_IF_ERROR(CheckNotClosed(db, session_id));
  KHAOTHI_ASSIGN_OR_RETURN(SessionSeb seb, GetSessionSeb(db, session_id));
  if (seb.config_key.empty()) {
    if (!on) {
      return tx.Commit();  // never required: nothing to turn off, nothing to audit
    }
    return Status::FailedPrecondition(Bilingual(
        "ca thi " + session_id + " chưa có tệp .seb; chạy khaothi session seb-config trước",
        "the session " + session_id +
            " has no .seb file yet; run khaothi session seb-config first"));
  }
  store::Statement up = db.Prepare("UPDATE session_seb SET required = ?2 WHERE session_id = ?1");
  up.Bind(1, session_id);
  up.Bind(2, static_cast<int64_t>(on ? 1 : 0));
  KHAOTHI_RETURN_IF_ERROR(up.Run());
  KHAOTHI_RETURN_IF_ERROR(
      Audit(db, change, "session.seb_required", session_id, {{"required", on}}));
  return tx.Commit();
}

Result<std::vector<SessionSeb>> OpenSessionsWithSeb(store::Database& db) {
  store::Statement q = db.Prepare(
      "SELECT b.session_id, b.required, b.start_url, b.config_key FROM session_seb b "
      "JOIN sessions s ON s.id = b.session_id WHERE s.state = 'open' "
      "ORDER BY b.session_id");
  std::vector<SessionSeb> out;
  KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) {
    out.push_back(SessionSeb{.session_id = row.ColumnText(0),
                             .required = row.ColumnInt64(1) != 0,
                             .start_url = row.ColumnText(2),
                             .config_key = row.ColumnText(3)});
  }));
  return out;
}

}  // namespace khaothi::centre
