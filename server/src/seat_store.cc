// Seat storage: loading sessions, seats, attempts and answers from center.db, and the writes that
// persist them through the Writer (attempt rows, answers, candidates' login counters, incidents).

#include <cstdio>

#include <boost/json.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/centre.h"
#include "khaothi/store/item_store.h"

#include "attempt_codec.h"
#include "exam_service_state.h"
#include "replies.h"

namespace khaothi::server {
namespace {

namespace json = boost::json;
using engine::AttemptState;

// SQL: session `s` still has an attempt that was started and not graded, or a practical that
// was started and not ended (a practical ends submitted: it is marked later, not graded here).
std::string UnsettledClause() {
  return "(EXISTS (SELECT 1 FROM attempts a WHERE a.session_id = s.id AND "
         "a.state IN ('in progress', 'suspended', 'submitted')) OR "
         "EXISTS (SELECT 1 FROM practical_attempts p WHERE p.session_id = s.id AND "
         "p.state IN ('in progress', 'suspended')))";
}

// The attempts row: the engine's record and the summary columns queries use.
struct AttemptRow {
  std::string session, sbd, state, machine, record, result, receipt, submitted_by;
  std::optional<int64_t> unlocked, started, paused_since, submitted;
  int64_t extension_ms = 0;
  int64_t paused_ms = 0;
};

void BindOne(store::Statement& st, int i, std::string_view v) { st.Bind(i, v); }
void BindOne(store::Statement& st, int i, int64_t v) { st.Bind(i, v); }
void BindOne(store::Statement& st, int i, int v) { st.Bind(i, v); }
template <typename T>
void BindOne(store::Statement& st, int i, const std::optional<T>& v) {
  if (v) {
    BindOne(st, i, *v);
  } else {
    st.BindNull(i);
  }
}

// Binds `values` to ?1, ?2, ... of `sql` (an empty optional as NULL) and runs it.
template <typename... V>
Status RunSql(store::Database& db, const char* sql, const V&... values) {
  store::Statement st = db.Prepare(sql);
  int i = 0;
  (BindOne(st, ++i, values), ...);
  return st.Run();
}

// The text, or NULL when it is empty.
std::optional<std::string_view> NullIfEmpty(const std::string& v) {
  return v.empty() ? std::nullopt : std::optional<std::string_view>(v);
}

Status WriteAttemptRow(store::Database& db, const AttemptRow& row) {
  return RunSql(db,
                "UPDATE attempts SET state = ?3, machine = ?4, record = ?5, result = ?6, "
                "receipt = ?7, submitted_by = ?8, unlocked_ms = ?9, started_ms = ?10, "
                "paused_since_ms = ?11, submitted_ms = ?12, extension_ms = ?13, paused_ms = ?14 "
                "WHERE session_id = ?1 AND sbd = ?2",
                row.session, row.sbd, row.state, row.machine, row.record, NullIfEmpty(row.result),
                NullIfEmpty(row.receipt), NullIfEmpty(row.submitted_by), row.unlocked, row.started,
                row.paused_since, row.submitted, row.extension_ms, row.paused_ms);
}

// The practical_attempts row (migration 9).
struct PracticalRow {
  std::string session, sbd, state, record, machine;
  std::optional<int64_t> started, ended;
  std::string submitted_by;
};

Status WritePracticalRow(store::Database& db, const PracticalRow& row) {
  return RunSql(db,
                "INSERT INTO practical_attempts(session_id, sbd, state, record, machine, "
                "started_ms, ended_ms, submitted_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                "ON CONFLICT(session_id, sbd) DO UPDATE SET state = excluded.state, "
                "record = excluded.record, machine = excluded.machine, "
                "started_ms = excluded.started_ms, ended_ms = excluded.ended_ms, "
                "submitted_by = excluded.submitted_by",
                row.session, row.sbd, row.state, row.record, row.machine, row.started, row.ended,
                NullIfEmpty(row.submitted_by));
}

}  // namespace

Status ExamService::WriteHeartbeat(store::Database& db, const engine::Clock& clock) {
  return RunSql(db,
                "INSERT INTO meta(key, value) VALUES ('server_alive_ms', ?1) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                std::to_string(clock.Now().time_since_epoch().count()));
}

Status ExamService::Load(store::Database& db, bool settle_only) {
  {
    store::Statement st = db.Prepare("SELECT code FROM centre WHERE id = 1");
    KHAOTHI_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) {
      return Status::FailedPrecondition("the database has no centre (run 'khaothi init')");
    }
    centre_code_ = st.ColumnText(0);
  }
  // The open sessions, and closed ones that still hold an attempt that was not settled (closed
  // while the server was down, or the server died before settling it): those are settled below.
  store::Statement st = db.Prepare(
      settle_only ? "SELECT id FROM sessions s WHERE state = 'closed' AND " + UnsettledClause()
                  : "SELECT id FROM sessions s WHERE state = 'open' OR (state = 'closed' AND " +
                        UnsettledClause() + ") ORDER BY id");
  std::vector<std::string> ids;
  KHAOTHI_RETURN_IF_ERROR(
      st.ForEachRow([&](const store::Statement& row) { ids.push_back(row.ColumnText(0)); }));
  for (const std::string& id : ids) {
    KHAOTHI_RETURN_IF_ERROR(LoadSession(db, id));
  }
  std::vector<SessionInfo*> closed;
  {
    store::Statement cs = db.Prepare("SELECT state FROM sessions WHERE id = ?1");
    for (auto& [id, info] : sessions_) {
      cs.Reset();
      cs.Bind(1, id);
      if (Result<bool> row = cs.Step(); row.ok() && *row && cs.ColumnText(0) == "closed") {
        info->closed = true;
        closed.push_back(info.get());
      }
    }
  }

  // Attempts in progress resume; the time the server was down is credited (engine policy). An
  // attempt whose deadline passed while the server was still up (before its last heartbeat) gets
  // no credit: the clock submits it, and it is graded now like any other.
  std::optional<int64_t> last_alive;
  store::Statement hb = db.Prepare("SELECT value FROM meta WHERE key = 'server_alive_ms'");
  if (Result<bool> row = hb.Step(); row.ok() && *row) {
    last_alive = std::stoll(hb.ColumnText(0));
  }
  for (auto& [key, seat] : seats_) {
    // The theory's clock and the practical's: the same rule for both.
    bool credited = false;
    for (engine::Attempt* a : {&*seat->attempt, seat->practical ? &*seat->practical : nullptr}) {
      if (a == nullptr || settle_only || !last_alive || seat->session->closed ||
          a->state() != AttemptState::kInProgress) {
        continue;
      }
      const auto before = a->record().credits.size();
      Status s = a->RecoverFromOutage(engine::TimePoint(engine::Duration(*last_alive)));
      credited = credited || (s.ok() && a->record().credits.size() != before);
    }
    if (credited) {
      // At start-up the queue is empty; were it full, RetryUnsaved would write the credit.
      static_cast<void>(Persist(*seat, {}, "system", "downtime_credit",
                                json::serialize(json::object{{"last_alive_ms", *last_alive}}),
                                nullptr));
    }
    // Submitted by the clock just now, or left submitted but ungraded by an earlier run.
    Settle(*seat, "system");
  }
  for (SessionInfo* info : closed) {
    CloseSessionLocked(*info, "system");
  }
  // A số báo danh names the seat of an open session when a closed one has the same.
  for (auto& [key, seat] : seats_) {
    if (!seat->session->closed) {
      seat_by_sbd_[NormalizeSbd(seat->sbd)] = key;
    }
  }
  return Status::Ok();
}

Status ExamService::LoadSession(store::Database& db, const std::string& session_id) {
  auto info = std::make_unique<SessionInfo>();
  {
    store::Statement st = db.Prepare(
        "SELECT id, name, exam_date, blueprint, unlock_required, bank_snapshot, duration_ms "
        "FROM sessions WHERE id = ?1");
    st.Bind(1, session_id);
    KHAOTHI_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) {
      return Status::NotFound("no session " + session_id);
    }
    info->id = st.ColumnText(0);
    info->name = st.ColumnText(1);
    info->exam_date = st.ColumnText(2);
    Result<engine::Blueprint> bp = engine::ParseBlueprint(st.ColumnText(3));
    if (!bp.ok()) {
      return Status::Corruption("session " + session_id + ": blueprint: " + bp.status().message());
    }
    info->blueprint = std::move(*bp);
    info->blueprint.duration =
        std::chrono::duration_cast<std::chrono::minutes>(engine::Duration(st.ColumnInt64(6)));
    info->unlock_required = st.ColumnInt(4) != 0;
    info->bank_snapshot = st.ColumnText(5);
  }
  SessionInfo* session = info.get();
  {
    store::Statement rooms =
        db.Prepare("SELECT name FROM rooms WHERE session_id = ?1 AND state = 'paused'");
    rooms.Bind(1, session_id);
    KHAOTHI_RETURN_IF_ERROR(rooms.ForEachRow(
        [&](const store::Statement& row) { session->paused_rooms.insert(row.ColumnText(0)); }));
  }

  store::Statement st = db.Prepare(
      "SELECT c.sbd, c.full_name, c.date_of_birth, c.sex, c.place_of_birth, c.id_number, c.room, "
      "c.password_hash, c.failed_logins, c.locked_until_ms, f.form, a.record, a.machine, "
      "a.unlocked_ms, a.result, a.receipt, s.duration_ms "
      "FROM candidates c JOIN forms f ON f.session_id = c.session_id AND f.sbd = c.sbd "
      "JOIN attempts a ON a.session_id = c.session_id AND a.sbd = c.sbd "
      "JOIN sessions s ON s.id = c.session_id WHERE c.session_id = ?1 ORDER BY c.sbd");
  st.Bind(1, session_id);
  std::vector<std::unique_ptr<Seat>> loaded;
  KHAOTHI_RETURN_IF_ERROR(st.ForEachRow([&](const store::Statement& row) -> Status {
    KHAOTHI_ASSIGN_OR_RETURN(std::unique_ptr<Seat> seat, LoadSeat(db, *session, row));
    loaded.push_back(std::move(seat));
    return Status::Ok();
  }));
  for (auto& seat : loaded) {
    seat_by_sbd_[NormalizeSbd(seat->sbd)] = seat->key;
    std::string key = seat->key;
    seats_[key] = std::move(seat);
  }
  sessions_[session_id] = std::move(info);
  return Status::Ok();
}

Result<std::unique_ptr<ExamService::Seat>> ExamService::LoadSeat(store::Database& db,
                                                                 SessionInfo& session,
                                                                 const store::Statement& row) {
  auto seat = std::make_unique<Seat>();
  seat->session = &session;
  seat->sbd = row.ColumnText(0);
  seat->key = SeatKey(session.id, seat->sbd);
  seat->full_name = row.ColumnText(1);
  seat->date_of_birth = row.ColumnText(2);
  seat->sex = row.ColumnText(3);
  seat->place_of_birth = row.ColumnText(4);
  seat->id_number = row.ColumnText(5);
  seat->room = row.ColumnText(6);
  seat->password_hash = row.ColumnText(7);
  seat->failed_logins = row.ColumnInt(8);
  seat->locked_until_ms = row.ColumnInt64(9);
  Result<engine::Form> form = centre::FormFromJson(row.ColumnText(10));
  if (!form.ok()) {
    return Status::Corruption(seat->key + ": form: " + form.status().message());
  }
  seat->form = std::move(*form);
  seat->machine = row.ColumnText(12);
  if (!row.ColumnIsNull(13)) {
    seat->unlocked_ms = row.ColumnInt64(13);
  }
  seat->result_json = row.ColumnText(14);
  seat->receipt_json = row.ColumnText(15);
  const engine::Duration duration(row.ColumnInt64(16));

  // The items of the form, in the versions the form points to.
  for (const engine::FormSlot& slot : seat->form.slots) {
    auto key = std::make_pair(slot.item_id, slot.item_version);
    auto it = items_.find(key);
    if (it == items_.end()) {
      Result<engine::Item> item = store::ReadItemVersion(db, slot.item_id, slot.item_version);
      if (!item.ok()) {
        // A version the form points to and the bank does not hold is corruption; a read that
        // failed (an I/O error) is not, and keeps its code.
        return Status(item.status().IsNotFound() ? StatusCode::kCorruption : item.status().code(),
                      seat->key + ": " + item.status().message());
      }
      it = items_.emplace(key, std::move(*item)).first;
    }
    seat->items.push_back(&it->second);
  }

  engine::AttemptPolicy policy;
  policy.unlock_required = session.unlock_required;
  if (row.ColumnIsNull(11) || row.ColumnText(11).empty()) {
    seat->attempt.emplace(seat->form, duration, policy, clock_);
    KHAOTHI_RETURN_IF_ERROR(LoadPractical(db, *seat));
    return seat;
  }
  Result<engine::AttemptRecord> record = AttemptRecordFromJson(row.ColumnText(11));
  if (!record.ok()) {
    return Status::Corruption(seat->key + ": " + record.status().message());
  }
  KHAOTHI_RETURN_IF_ERROR(LoadAnswers(db, *seat, *record));
  Result<engine::Attempt> restored = engine::Attempt::Restore(std::move(*record), clock_);
  if (!restored.ok()) {
    return Status::Corruption(seat->key + ": " + restored.status().message());
  }
  seat->attempt.emplace(std::move(*restored));
  seat->start_on_disk = HasStarted(seat->attempt->state());
  KHAOTHI_RETURN_IF_ERROR(LoadPractical(db, *seat));
  return seat;
}

Status ExamService::LoadAnswers(store::Database& db, const Seat& seat,
                                engine::AttemptRecord& record) {
  // The slots are the answers rows.
  store::Statement ans = db.Prepare(
      "SELECT slot, choice, flagged, answer_seq, flag_seq, received_ms FROM answers "
      "WHERE session_id = ?1 AND sbd = ?2");
  ans.Bind(1, seat.session->id);
  ans.Bind(2, seat.sbd);
  return ans.ForEachRow([&](const store::Statement& row) -> Status {
    const int slot = row.ColumnInt(0);
    if (slot < 0 || static_cast<size_t>(slot) >= record.slots.size()) {
      return Status::Corruption(seat.key + ": answer for slot " + std::to_string(slot));
    }
    engine::SlotRecord& s = record.slots[static_cast<size_t>(slot)];
    KHAOTHI_ASSIGN_OR_RETURN(s.chosen, ChoiceFromJson(row.ColumnText(1)));
    s.flagged = row.ColumnInt(2) != 0;
    s.answer_seq = static_cast<uint64_t>(row.ColumnInt64(3));
    s.flag_seq = static_cast<uint64_t>(row.ColumnInt64(4));
    s.answered_at = engine::TimePoint(engine::Duration(row.ColumnInt64(5)));
    return Status::Ok();
  });
}

void ExamService::ReloadIfDue() {
  const int64_t now = NowMs();
  if (now - last_reload_ms_ < limits_.session_poll_interval.count()) {
    return;
  }
  last_reload_ms_ = now;
  store::Statement st = read_db_->Prepare("SELECT id FROM sessions WHERE state = 'open'");
  std::vector<std::string> fresh;
  // A failed read is tried again at the next login that finds no seat, a second later.
  static_cast<void>(st.ForEachRow([&](const store::Statement& row) {
    std::string id = row.ColumnText(0);
    if (sessions_.count(id) == 0) {
      fresh.push_back(std::move(id));
    }
  }));
  for (const std::string& id : fresh) {
    Status s = LoadSession(*read_db_, id);
    if (!s.ok()) {
      std::fprintf(stderr, "khaothi-server: cannot load session %s: %s\n", id.c_str(),
                   s.ToString().c_str());
    }
  }
}

void ExamService::PollSessionStates() {
  const int64_t now = NowMs();
  if (now - last_state_poll_ms_ < limits_.session_poll_interval.count()) {
    return;
  }
  last_state_poll_ms_ = now;
  store::Statement st = read_db_->Prepare("SELECT state FROM sessions WHERE id = ?1");
  for (auto& [id, info] : sessions_) {
    if (info->closed) {
      continue;
    }
    st.Reset();
    st.Bind(1, id);
    if (Result<bool> row = st.Step(); row.ok() && *row && st.ColumnText(0) == "closed") {
      CloseSessionLocked(*info, "system");
    }
  }
}

// ---- Persistence ----

bool ExamService::Persist(Seat& seat, const std::vector<int>& slots, std::string actor,
                          std::string action, std::string detail,
                          std::function<void(const Status&)> done, bool record_too) {
  // A change whose row could not be queued earlier is written with this one.
  record_too = record_too || seat.record_unsaved;
  const engine::AttemptRecord& r = seat.attempt->record();
  // Everything the op writes is copied now, under mu_: the op runs later on the writer thread.
  struct SlotRow {
    int slot;
    std::string choice;
    bool flagged;
    uint64_t answer_seq;
    uint64_t flag_seq;
    int64_t received_ms;
  };
  std::vector<SlotRow> rows;
  for (int s : slots) {
    const engine::SlotRecord& sr = r.slots[static_cast<size_t>(s)];
    rows.push_back({s, ChoiceToJson(sr.chosen), sr.flagged, sr.answer_seq, sr.flag_seq,
                    sr.answered_at.time_since_epoch().count()});
  }
  int64_t extension_ms = 0;
  int64_t paused_ms = 0;
  for (const engine::TimeCredit& c : r.credits) {
    (c.kind == engine::TimeCredit::Kind::kExtension ? extension_ms : paused_ms) += c.amount.count();
  }
  auto ms = [](const std::optional<engine::TimePoint>& t) -> std::optional<int64_t> {
    if (!t) {
      return std::nullopt;
    }
    return t->time_since_epoch().count();
  };
  AttemptRow row{seat.session->id, seat.sbd};
  if (record_too) {
    row.state = std::string(engine::ToString(r.state));
    row.machine = seat.machine;
    row.record = AttemptRecordToJson(r);
    row.result = seat.result_json;
    row.receipt = seat.receipt_json;
    row.submitted_by = r.submitted_by == engine::SubmittedBy::kNone
                           ? ""
                           : std::string(engine::ToString(r.submitted_by));
    row.unlocked = seat.unlocked_ms;
    row.started = ms(r.started_at);
    row.paused_since = ms(r.paused_at);
    row.submitted = ms(r.closed_at);
    row.extension_ms = extension_ms;
    row.paused_ms = paused_ms;
  }
  // The practical's clock goes with the attempt's row, once it has started.
  std::optional<PracticalRow> practical_row;
  const bool practical_started = seat.practical && HasStarted(seat.practical->state());
  if (record_too && practical_started) {
    const engine::AttemptRecord& p = seat.practical->record();
    practical_row = PracticalRow{seat.session->id,
                                 seat.sbd,
                                 std::string(engine::ToString(p.state)),
                                 AttemptRecordToJson(p),
                                 seat.machine,
                                 ms(p.started_at),
                                 ms(p.closed_at),
                                 p.submitted_by == engine::SubmittedBy::kNone
                                     ? ""
                                     : std::string(engine::ToString(p.submitted_by))};
  }
  centre::AuditEntry audit{NowMs(), std::move(actor), std::move(action), seat.key,
                           CanonicalDetail(detail)};
  auto op = [row = std::move(row), rows = std::move(rows), audit = std::move(audit),
             practical_row = std::move(practical_row), record_too](store::Database& db) -> Status {
    if (record_too) {
      KHAOTHI_RETURN_IF_ERROR(WriteAttemptRow(db, row));
    }
    if (practical_row) {
      KHAOTHI_RETURN_IF_ERROR(WritePracticalRow(db, *practical_row));
    }
    for (const SlotRow& s : rows) {
      KHAOTHI_RETURN_IF_ERROR(RunSql(
          db,
          "INSERT INTO answers(session_id, sbd, slot, choice, flagged, answer_seq, flag_seq, "
          "received_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
          "ON CONFLICT(session_id, sbd, slot) DO UPDATE SET choice = excluded.choice, "
          "flagged = excluded.flagged, answer_seq = excluded.answer_seq, "
          "flag_seq = excluded.flag_seq, received_ms = excluded.received_ms",
          row.session, row.sbd, s.slot, s.choice, s.flagged ? 1 : 0,
          static_cast<int64_t>(s.answer_seq), static_cast<int64_t>(s.flag_seq), s.received_ms));
    }
    return centre::AppendAudit(db, audit);
  };
  if (record_too) {
    // A failed commit leaves the row as unsaved as a full queue does, before `done` tells anyone:
    // the client's retry (a start, a submit) or Tick then writes it again, rather than taking
    // the state in memory for the state on disk.
    done = [this, key = seat.key, started = HasStarted(r.state), practical_started,
            done = std::move(done)](const Status& s) {
      {
        std::lock_guard lock(mu_);
        if (Seat* st = FindSeat(key)) {
          st->record_unsaved = st->record_unsaved || !s.ok();
          st->start_on_disk = st->start_on_disk || (s.ok() && started);
          st->practical_on_disk = st->practical_on_disk || (s.ok() && practical_started);
        }
      }
      if (done) {
        done(s);
      }
    };
  }
  if (!writer_.Submit(std::move(op), std::move(done))) {
    // The queue is full or the server is stopping: `done` will not run. The state is in memory;
    // the next Persist of this seat, or Tick's RetryUnsaved, writes its row. The caller tells
    // the client `busy`.
    seat.record_unsaved = seat.record_unsaved || record_too;
    return false;
  }
  if (record_too) {
    seat.record_unsaved = false;
  }
  return true;
}

void ExamService::PersistCandidate(Seat& seat, std::string actor, std::string action,
                                   std::string detail, std::function<void(const Status&)> done) {
  centre::AuditEntry audit{NowMs(), std::move(actor), std::move(action), seat.key,
                           CanonicalDetail(detail)};
  auto op = [session = seat.session->id, sbd = seat.sbd, failed = seat.failed_logins,
             locked = seat.locked_until_ms, audit = std::move(audit)](store::Database& db) {
    KHAOTHI_RETURN_IF_ERROR(RunSql(db,
                                   "UPDATE candidates SET failed_logins = ?3, "
                                   "locked_until_ms = ?4 WHERE session_id = ?1 AND sbd = ?2",
                                   session, sbd, failed, locked));
    return centre::AppendAudit(db, audit);
  };
  if (!writer_.Submit(std::move(op), std::move(done))) {
    // The counters stay in memory and go with the candidate's next write.
    std::fprintf(stderr, "khaothi-server: writer queue full; the login counters of %s wait\n",
                 seat.key.c_str());
  }
}

void ExamService::RecordCandidateIncident(Seat& seat, std::string kind, std::string action,
                                          std::string text, const json::object& detail) {
  const int64_t now = NowMs();
  const std::string actor = "candidate:" + seat.sbd;
  centre::AuditEntry audit{now, actor, std::move(action), seat.key, Canonical(detail)};
  auto op = [session = seat.session->id, room = seat.room, sbd = seat.sbd, now, actor,
             kind = std::move(kind), text = std::move(text), detail = json::serialize(detail),
             audit = std::move(audit)](store::Database& db) {
    KHAOTHI_RETURN_IF_ERROR(RunSql(db,
                                   "INSERT INTO incidents(session_id, room, sbd, at_ms, actor, "
                                   "kind, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                   session, room, sbd, now, actor, kind, text, detail));
    return centre::AppendAudit(db, audit);
  };
  if (!writer_.Submit(std::move(op), nullptr)) {
    std::fprintf(stderr, "khaothi-server: writer queue full; an incident of %s was not recorded\n",
                 seat.key.c_str());
  }
}

}  // namespace khaothi::server
