// Over 800 lines for now: it holds seat storage, replies, the login guard, receipts and the
// exam core together. Issue 14 (structure) splits it by those responsibilities; it stayed whole
// while issue 13's fixes to the same code landed from several branches at once.

#include "exam_service.h"

#include <algorithm>
#include <cstdio>
#include <future>

#include <boost/json.hpp>

#include "khaothi/bank/native.h"
#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"
#include "khaothi/centre/centre.h"

#include "attempt_codec.h"

namespace khaothi::server {
namespace {

namespace json = boost::json;
using engine::AttemptState;

// `seq` 0 means none: a client's sequence numbers start at 1 (docs/protocol.md). A plain integer,
// not std::optional, because GCC 12 at -O3 reports the optional as maybe-uninitialized.
std::string ErrorMessage(std::string_view code, std::string_view message, uint64_t seq = 0) {
  json::object o{{"type", "error"}, {"code", code}, {"message", message}};
  if (seq != 0) {
    o["seq"] = seq;
  }
  return json::serialize(o);
}

std::string Simple(std::string_view type) { return json::serialize(json::object{{"type", type}}); }

std::string Canonical(const json::value& v) {
  Result<std::string> c = centre::CanonicalJson(v);
  return c.ok() ? *c : json::serialize(v);
}

// Audit details are canonical JSON (the chain hashes their bytes).
std::string CanonicalDetail(const std::string& detail) {
  boost::system::error_code ec;
  json::value v = json::parse(detail, ec);
  return ec ? "{}" : Canonical(v);
}

std::string SeatKey(const std::string& session, const std::string& sbd) {
  return session + "/" + sbd;
}

// SQL: session `s` still has an attempt that was started and not graded.
std::string UnsettledClause() {
  return "EXISTS (SELECT 1 FROM attempts a WHERE a.session_id = s.id AND "
         "a.state IN ('in progress', 'suspended', 'submitted'))";
}

// The `closed` reason a client gets when its attempt was ended by `by`.
std::string CloseReason(engine::SubmittedBy by) {
  return by == engine::SubmittedBy::kClock ? "time_up" : "session_closed";
}

// Số báo danh as the login looks it up: spaces dropped and ASCII letters in capitals, so that
// " ts 001" finds TS001 (docs/protocol.md: case and spaces are ignored).
std::string NormalizeSbd(std::string_view sbd) {
  std::string out;
  for (char c : sbd) {
    if (c == ' ' || c == '\t') {
      continue;
    }
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// What an unknown số báo danh is checked against, so that it costs as much as a wrong password
// (the same scrypt parameters as candidates' passwords) and timing does not tell which numbers
// exist. Computed once.
const std::string& DummyCandidateHash() {
  static const std::string* const kHash = new std::string(crypto::HashPassword("not a password"));
  return *kHash;
}

// The attempts row: the engine's record and the summary columns queries use.
struct AttemptRow {
  std::string session, sbd, state, machine, record, result, receipt, submitted_by;
  std::optional<int64_t> unlocked, started, paused_since, submitted;
  int64_t extension_ms = 0;
  int64_t paused_ms = 0;
};

Status WriteAttemptRow(store::Database& db, const AttemptRow& row) {
  store::Statement up = db.Prepare(
      "UPDATE attempts SET state = ?3, machine = ?4, record = ?5, result = ?6, receipt = ?7, "
      "submitted_by = ?8, unlocked_ms = ?9, started_ms = ?10, paused_since_ms = ?11, "
      "submitted_ms = ?12, extension_ms = ?13, paused_ms = ?14 "
      "WHERE session_id = ?1 AND sbd = ?2");
  up.Bind(1, row.session);
  up.Bind(2, row.sbd);
  up.Bind(3, row.state);
  up.Bind(4, row.machine);
  up.Bind(5, row.record);
  auto text_or_null = [&up](int i, const std::string& v) {
    if (v.empty()) {
      up.BindNull(i);
    } else {
      up.Bind(i, v);
    }
  };
  auto int_or_null = [&up](int i, const std::optional<int64_t>& v) {
    if (v) {
      up.Bind(i, *v);
    } else {
      up.BindNull(i);
    }
  };
  text_or_null(6, row.result);
  text_or_null(7, row.receipt);
  text_or_null(8, row.submitted_by);
  int_or_null(9, row.unlocked);
  int_or_null(10, row.started);
  int_or_null(11, row.paused_since);
  int_or_null(12, row.submitted);
  up.Bind(13, row.extension_ms);
  up.Bind(14, row.paused_ms);
  return up.Run();
}

}  // namespace

struct ExamService::SessionInfo {
  std::string id;
  std::string name;
  std::string exam_date;
  engine::Blueprint blueprint;
  bool unlock_required = true;
  std::string bank_snapshot;
  // `khaothi session close` ran: no login, no start; every attempt is settled.
  bool closed = false;
  // Rooms the proctor paused as a whole: nobody in them may start until the room resumes.
  std::set<std::string> paused_rooms;
};

struct ExamService::Seat {
  std::string key;
  SessionInfo* session = nullptr;
  std::string sbd;
  std::string full_name;
  std::string date_of_birth;
  std::string sex;
  std::string place_of_birth;
  std::string id_number;
  std::string room;
  std::string password_hash;
  int failed_logins = 0;
  int64_t locked_until_ms = 0;

  engine::Form form;
  std::vector<const engine::Item*> items;
  std::optional<engine::Attempt> attempt;
  std::string machine;
  bool move_allowed = false;
  std::optional<int64_t> unlocked_ms;

  std::weak_ptr<Peer> peer;
  const Peer* peer_raw = nullptr;  // identity of the current connection
  int64_t last_contact_ms = 0;
  std::string data_error_report;  // the candidate reported wrong personal data; not acknowledged

  std::string result_json;
  std::string receipt_json;  // {"record":..., "signature":..., "key_id":...}
  std::optional<engine::GradeResult> grade;
  // Finish ran for this attempt (it grades once, even when grading failed).
  bool finished = false;
};

ExamService::ExamService(Writer& writer, const engine::Clock& clock, const ServerLimits& limits,
                         crypto::SigningKey receipt_key)
    : writer_(writer), clock_(clock), limits_(limits), receipt_key_(std::move(receipt_key)) {}

ExamService::~ExamService() = default;

int64_t ExamService::NowMs() const { return clock_.Now().time_since_epoch().count(); }

Result<std::unique_ptr<ExamService>> ExamService::Create(store::Database db, Writer& writer,
                                                         const engine::Clock& clock,
                                                         const ServerLimits& limits,
                                                         crypto::SigningKey receipt_key) {
  std::unique_ptr<ExamService> service(
      new ExamService(writer, clock, limits, std::move(receipt_key)));
  service->read_db_ = std::make_unique<store::Database>(std::move(db));
  std::lock_guard lock(service->mu_);
  KHAOTHI_RETURN_IF_ERROR(service->Load(*service->read_db_, /*settle_only=*/false));
  return service;
}

Result<int> ExamService::SettleClosedSessions(store::Database db, Writer& writer,
                                              const engine::Clock& clock,
                                              const ServerLimits& limits,
                                              crypto::SigningKey receipt_key) {
  std::unique_ptr<ExamService> service(
      new ExamService(writer, clock, limits, std::move(receipt_key)));
  service->read_db_ = std::make_unique<store::Database>(std::move(db));
  std::unique_lock lock(service->mu_);
  KHAOTHI_RETURN_IF_ERROR(service->Load(*service->read_db_, /*settle_only=*/true));
  int settled = 0;
  for (const auto& [key, seat] : service->seats_) {
    settled += seat->finished ? 1 : 0;
  }
  // The completions refer to the service: let them run before it goes.
  std::promise<void> flushed;
  if (writer.Submit([](store::Database&) { return Status::Ok(); },
                    [&flushed](const Status&) { flushed.set_value(); })) {
    lock.unlock();
    flushed.get_future().wait();
  }
  return settled;
}

Status ExamService::WriteHeartbeat(store::Database& db, const engine::Clock& clock) {
  store::Statement st = db.Prepare(
      "INSERT INTO meta(key, value) VALUES ('server_alive_ms', ?1) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st.Bind(1, std::to_string(clock.Now().time_since_epoch().count()));
  return st.Run();
}

Status ExamService::Load(store::Database& db, bool settle_only) {
  {
    store::Statement st = db.Prepare("SELECT code FROM centre WHERE id = 1");
    Result<bool> row = st.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
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
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      break;
    }
    ids.push_back(st.ColumnText(0));
  }
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
    engine::Attempt& a = *seat->attempt;
    if (!settle_only && last_alive && !seat->session->closed &&
        a.state() == AttemptState::kInProgress) {
      const auto before = a.record().credits.size();
      Status s = a.RecoverFromOutage(engine::TimePoint(engine::Duration(*last_alive)));
      if (s.ok() && a.record().credits.size() != before) {
        Persist(*seat, {}, "system", "downtime_credit",
                json::serialize(json::object{{"last_alive_ms", *last_alive}}), nullptr);
      }
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
    Result<bool> row = st.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
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
    for (;;) {
      Result<bool> row = rooms.Step();
      if (!row.ok()) {
        return row.status();
      }
      if (!*row) {
        break;
      }
      session->paused_rooms.insert(rooms.ColumnText(0));
    }
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
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      break;
    }
    auto seat = std::make_unique<Seat>();
    seat->session = session;
    seat->sbd = st.ColumnText(0);
    seat->key = SeatKey(session_id, seat->sbd);
    seat->full_name = st.ColumnText(1);
    seat->date_of_birth = st.ColumnText(2);
    seat->sex = st.ColumnText(3);
    seat->place_of_birth = st.ColumnText(4);
    seat->id_number = st.ColumnText(5);
    seat->room = st.ColumnText(6);
    seat->password_hash = st.ColumnText(7);
    seat->failed_logins = st.ColumnInt(8);
    seat->locked_until_ms = st.ColumnInt64(9);
    Result<engine::Form> form = centre::FormFromJson(st.ColumnText(10));
    if (!form.ok()) {
      return Status::Corruption(seat->key + ": form: " + form.status().message());
    }
    seat->form = std::move(*form);
    seat->machine = st.ColumnText(12);
    if (!st.ColumnIsNull(13)) {
      seat->unlocked_ms = st.ColumnInt64(13);
    }
    seat->result_json = st.ColumnText(14);
    seat->receipt_json = st.ColumnText(15);
    const engine::Duration duration(st.ColumnInt64(16));

    // The items of the form, in the versions the form points to.
    for (const engine::FormSlot& slot : seat->form.slots) {
      auto key = std::make_pair(slot.item_id, slot.item_version);
      auto it = items_.find(key);
      if (it == items_.end()) {
        store::Statement q =
            db.Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
        q.Bind(1, slot.item_id);
        q.Bind(2, slot.item_version);
        Result<bool> r = q.Step();
        if (!r.ok() || !*r) {
          return Status::Corruption(seat->key + ": item " + slot.item_id + " v" +
                                    std::to_string(slot.item_version) + " is missing");
        }
        bank::ParsedBank parsed = bank::ParseNative(q.ColumnText(0), "item store");
        if (parsed.has_errors() || parsed.items.size() != 1) {
          return Status::Corruption("stored item " + slot.item_id + " does not parse");
        }
        engine::Item item = std::move(parsed.items[0].item);
        item.version = slot.item_version;
        it = items_.emplace(key, std::move(item)).first;
      }
      seat->items.push_back(&it->second);
    }

    engine::AttemptPolicy policy;
    policy.unlock_required = session->unlock_required;
    if (st.ColumnIsNull(11) || st.ColumnText(11).empty()) {
      seat->attempt.emplace(seat->form, duration, policy, clock_);
    } else {
      Result<engine::AttemptRecord> record = AttemptRecordFromJson(st.ColumnText(11));
      if (!record.ok()) {
        return Status::Corruption(seat->key + ": " + record.status().message());
      }
      // The slots are the answers rows.
      store::Statement ans = db.Prepare(
          "SELECT slot, choice, flagged, answer_seq, flag_seq, received_ms FROM answers "
          "WHERE session_id = ?1 AND sbd = ?2");
      ans.Bind(1, session_id);
      ans.Bind(2, seat->sbd);
      for (;;) {
        Result<bool> r = ans.Step();
        if (!r.ok()) {
          return r.status();
        }
        if (!*r) {
          break;
        }
        const int slot = ans.ColumnInt(0);
        if (slot < 0 || static_cast<size_t>(slot) >= record->slots.size()) {
          return Status::Corruption(seat->key + ": answer for slot " + std::to_string(slot));
        }
        engine::SlotRecord& s = record->slots[static_cast<size_t>(slot)];
        Result<std::vector<int>> chosen = ChoiceFromJson(ans.ColumnText(1));
        if (!chosen.ok()) {
          return chosen.status();
        }
        s.chosen = std::move(*chosen);
        s.flagged = ans.ColumnInt(2) != 0;
        s.answer_seq = static_cast<uint64_t>(ans.ColumnInt64(3));
        s.flag_seq = static_cast<uint64_t>(ans.ColumnInt64(4));
        s.answered_at = engine::TimePoint(engine::Duration(ans.ColumnInt64(5)));
      }
      Result<engine::Attempt> restored = engine::Attempt::Restore(std::move(*record), clock_);
      if (!restored.ok()) {
        return Status::Corruption(seat->key + ": " + restored.status().message());
      }
      seat->attempt.emplace(std::move(*restored));
    }
    loaded.push_back(std::move(seat));
  }
  for (auto& seat : loaded) {
    seat_by_sbd_[NormalizeSbd(seat->sbd)] = seat->key;
    std::string key = seat->key;
    seats_[key] = std::move(seat);
  }
  sessions_[session_id] = std::move(info);
  return Status::Ok();
}

void ExamService::ReloadIfDue() {
  const int64_t now = NowMs();
  if (now - last_reload_ms_ < 1000) {
    return;
  }
  last_reload_ms_ = now;
  store::Statement st = read_db_->Prepare("SELECT id FROM sessions WHERE state = 'open'");
  std::vector<std::string> fresh;
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok() || !*row) {
      break;
    }
    std::string id = st.ColumnText(0);
    if (sessions_.count(id) == 0) {
      fresh.push_back(std::move(id));
    }
  }
  for (const std::string& id : fresh) {
    Status s = LoadSession(*read_db_, id);
    if (!s.ok()) {
      std::fprintf(stderr, "khaothi-server: cannot load session %s: %s\n", id.c_str(),
                   s.ToString().c_str());
    }
  }
}

ExamService::Seat* ExamService::FindSeat(const std::string& key) {
  auto it = seats_.find(key);
  return it == seats_.end() ? nullptr : it->second.get();
}

ExamService::Seat* ExamService::FindSeat(const std::string& session_id, const std::string& sbd) {
  return FindSeat(SeatKey(session_id, sbd));
}

// ---- Ending attempts ----

bool ExamService::Settle(Seat& seat, const std::string& actor) {
  if (seat.attempt->state() != AttemptState::kSubmitted || seat.finished) {
    return false;
  }
  // Whoever moved the attempt to submitted — the clock inside any engine call, a closed
  // session — it is graded, signed and persisted once, and the connected client is told the
  // result and then why the connection ends.
  std::weak_ptr<Peer> weak = seat.peer;
  Finish(seat, actor,
         [this, weak, key = seat.key,
          reason = CloseReason(seat.attempt->record().submitted_by)](const Status& s) {
           std::shared_ptr<Peer> p = weak.lock();
           if (!p || !s.ok()) {
             return;
           }
           {
             std::lock_guard l(mu_);
             Seat* st = FindSeat(key);
             if (st == nullptr) {
               return;
             }
             p->Send(ResultMessage(*st));
           }
           p->Close(reason);
         });
  return true;
}

void ExamService::CloseSessionLocked(SessionInfo& session, const std::string& actor) {
  session.closed = true;
  for (auto& [key, seat] : seats_) {
    if (seat->session != &session) {
      continue;
    }
    engine::Attempt& a = *seat->attempt;
    a.Refresh();
    if (a.state() == AttemptState::kInProgress || a.state() == AttemptState::kSuspended) {
      static_cast<void>(a.Submit(engine::SubmittedBy::kProctor, "the session was closed"));
    }
    if (a.state() == AttemptState::kSubmitted && !seat->finished) {
      Settle(*seat, actor);
    } else if (std::shared_ptr<Peer> p = seat->peer.lock()) {
      // Not started (absent) or already graded: nothing to grade; the connection ends.
      p->Close("session_closed");
    }
  }
}

void ExamService::PollSessionStates() {
  const int64_t now = NowMs();
  if (now - last_state_poll_ms_ < 1000) {
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

void ExamService::Persist(Seat& seat, const std::vector<int>& slots, std::string actor,
                          std::string action, std::string detail,
                          std::function<void(const Status&)> done, bool record_too) {
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
  centre::AuditEntry audit{NowMs(), std::move(actor), std::move(action), seat.key,
                           CanonicalDetail(detail)};
  auto op = [row = std::move(row), rows = std::move(rows), audit = std::move(audit),
             record_too](store::Database& db) -> Status {
    if (record_too) {
      KHAOTHI_RETURN_IF_ERROR(WriteAttemptRow(db, row));
    }
    for (const SlotRow& s : rows) {
      store::Statement ins = db.Prepare(
          "INSERT INTO answers(session_id, sbd, slot, choice, flagged, answer_seq, flag_seq, "
          "received_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
          "ON CONFLICT(session_id, sbd, slot) DO UPDATE SET choice = excluded.choice, "
          "flagged = excluded.flagged, answer_seq = excluded.answer_seq, "
          "flag_seq = excluded.flag_seq, received_ms = excluded.received_ms");
      ins.Bind(1, row.session);
      ins.Bind(2, row.sbd);
      ins.Bind(3, s.slot);
      ins.Bind(4, s.choice);
      ins.Bind(5, s.flagged ? 1 : 0);
      ins.Bind(6, static_cast<int64_t>(s.answer_seq));
      ins.Bind(7, static_cast<int64_t>(s.flag_seq));
      ins.Bind(8, s.received_ms);
      KHAOTHI_RETURN_IF_ERROR(ins.Run());
    }
    return centre::AppendAudit(db, audit);
  };
  if (!writer_.Submit(std::move(op), std::move(done))) {
    // The queue is full or the server is stopping. The state is in memory; the next write of
    // this attempt persists it. The caller's reply path tells the client to retry.
    std::fprintf(stderr, "khaothi-server: writer queue full; %s not persisted yet\n",
                 seat.key.c_str());
  }
}

void ExamService::PersistCandidate(Seat& seat, std::string actor, std::string action,
                                   std::string detail, std::function<void(const Status&)> done) {
  centre::AuditEntry audit{NowMs(), std::move(actor), std::move(action), seat.key,
                           CanonicalDetail(detail)};
  auto op = [session = seat.session->id, sbd = seat.sbd, failed = seat.failed_logins,
             locked = seat.locked_until_ms, audit = std::move(audit)](store::Database& db) {
    store::Statement up = db.Prepare(
        "UPDATE candidates SET failed_logins = ?3, locked_until_ms = ?4 "
        "WHERE session_id = ?1 AND sbd = ?2");
    up.Bind(1, session);
    up.Bind(2, sbd);
    up.Bind(3, failed);
    up.Bind(4, locked);
    KHAOTHI_RETURN_IF_ERROR(up.Run());
    return centre::AppendAudit(db, audit);
  };
  writer_.Submit(std::move(op), std::move(done));
}

void ExamService::RecordCandidateIncident(Seat& seat, std::string kind, std::string action,
                                          std::string text, const json::object& detail) {
  const int64_t now = NowMs();
  const std::string actor = "candidate:" + seat.sbd;
  centre::AuditEntry audit{now, actor, std::move(action), seat.key, Canonical(detail)};
  auto op = [session = seat.session->id, room = seat.room, sbd = seat.sbd, now, actor,
             kind = std::move(kind), text = std::move(text), detail = json::serialize(detail),
             audit = std::move(audit)](store::Database& db) {
    store::Statement st = db.Prepare(
        "INSERT INTO incidents(session_id, room, sbd, at_ms, actor, kind, reason, detail) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    st.Bind(1, session);
    st.Bind(2, room);
    st.Bind(3, sbd);
    st.Bind(4, now);
    st.Bind(5, actor);
    st.Bind(6, kind);
    st.Bind(7, text);
    st.Bind(8, detail);
    KHAOTHI_RETURN_IF_ERROR(st.Run());
    return centre::AppendAudit(db, audit);
  };
  if (!writer_.Submit(std::move(op), nullptr)) {
    std::fprintf(stderr, "khaothi-server: writer queue full; an incident of %s was not recorded\n",
                 seat.key.c_str());
  }
}

void ExamService::Push(Seat& seat, std::string message) {
  if (std::shared_ptr<Peer> p = seat.peer.lock()) {
    p->Send(std::move(message));
  }
}

std::function<void(const Status&)> ExamService::TimeChanged(Seat& seat, std::string event,
                                                            std::string reason) {
  return [this, weak = seat.peer, key = seat.key, event = std::move(event),
          reason = std::move(reason)](const Status& s) {
    std::shared_ptr<Peer> p = weak.lock();
    if (!p || !s.ok()) {
      return;
    }
    std::lock_guard l(mu_);
    if (Seat* st = FindSeat(key)) {
      p->Send(json::serialize(json::object{{"type", "time"},
                                           {"event", event},
                                           {"reason", reason},
                                           {"remaining_ms", st->attempt->Remaining().count()}}));
    }
  };
}

// ---- Messages ----

std::string ExamService::LoginOk(const Seat& seat) const {
  const engine::Attempt& a = *seat.attempt;
  json::object o{{"type", "login_ok"},
                 {"candidate", json::object{{"sbd", seat.sbd},
                                            {"full_name", seat.full_name},
                                            {"date_of_birth", seat.date_of_birth},
                                            {"sex", seat.sex},
                                            {"place_of_birth", seat.place_of_birth},
                                            {"id_number", seat.id_number},
                                            {"room", seat.room}}},
                 {"session", json::object{{"id", seat.session->id},
                                          {"name", seat.session->name},
                                          {"date", seat.session->exam_date}}},
                 {"state", ProtocolStateName(a.state())},
                 {"unlock_required", seat.session->unlock_required},
                 {"duration_ms", a.record().duration.count()},
                 {"item_count", static_cast<int64_t>(seat.form.slots.size())},
                 {"remaining_ms", a.Remaining().count()}};
  return json::serialize(o);
}

std::string ExamService::FormMessage(Seat& seat) {
  // Built each time rather than kept: a form is sent at the start and after a reconnect only,
  // while keeping it would cost every connected candidate ~9 KiB (DESIGN.md §7, memory).
  json::array slots;
  for (size_t i = 0; i < seat.form.slots.size(); ++i) {
    const engine::FormSlot& fs = seat.form.slots[i];
    const engine::Item& item = *seat.items[i];
    json::array options;
    for (int authored : fs.option_order) {
      options.push_back(json::string(item.options[static_cast<size_t>(authored)].text));
    }
    slots.push_back(json::object{{"slot", static_cast<int64_t>(i)},
                                 {"stem", item.stem},
                                 {"options", std::move(options)},
                                 {"multiple", item.mode == engine::ResponseMode::kMultiple}});
  }
  const engine::AttemptRecord& r = seat.attempt->record();
  json::array answers;
  uint64_t max_seq = 0;
  for (size_t i = 0; i < r.slots.size(); ++i) {
    const engine::SlotRecord& s = r.slots[i];
    max_seq = std::max({max_seq, s.answer_seq, s.flag_seq});
    if (s.answer_seq == 0 && s.flag_seq == 0) {
      continue;
    }
    json::array displayed;
    const std::vector<int>& order = seat.form.slots[i].option_order;
    for (int authored : s.chosen) {
      auto it = std::find(order.begin(), order.end(), authored);
      displayed.push_back(static_cast<int64_t>(it - order.begin()));
    }
    answers.push_back(json::object{{"slot", static_cast<int64_t>(i)},
                                   {"choice", std::move(displayed)},
                                   {"flagged", s.flagged}});
  }
  json::object head{{"type", "form"},
                    {"state", ProtocolStateName(seat.attempt->state())},
                    {"remaining_ms", seat.attempt->Remaining().count()},
                    {"next_seq", max_seq + 1},
                    {"answers", std::move(answers)}};
  std::string out = json::serialize(head);
  out.pop_back();  // '}'
  out += ",\"slots\":";
  out += json::serialize(slots);
  out += '}';
  return out;
}

std::string ExamService::ResultMessage(const Seat& seat) const {
  json::object o{{"type", "result"},
                 {"submitted_by", engine::ToString(seat.attempt->record().submitted_by)}};
  int answered = 0;
  for (const engine::SlotRecord& s : seat.attempt->record().slots) {
    answered += s.chosen.empty() ? 0 : 1;
  }
  o["answered"] = answered;
  o["total"] = static_cast<int64_t>(seat.form.slots.size());
  if (seat.grade && seat.session->blueprint.show_score) {
    // The score of the part just sat, and what it decides of the exam: with a practical part
    // still to be marked the outcome is pending, and nothing claims a pass (docs/protocol.md).
    const engine::Blueprint& b = seat.session->blueprint;
    const engine::Part& part = b.MultipleChoicePart();
    o["score"] = engine::FormatPoints(seat.grade->score, b.scoring.decimals);
    o["scale"] = engine::FormatPoints(b.scoring.scale);
    o["part"] = part.name;
    o["part_passed"] = seat.grade->passed;
    const engine::TimePoint sat_at = seat.attempt->record().closed_at.value_or(engine::TimePoint());
    const engine::OverallResult overall = engine::DecideOverall(
        b, {{part.name, seat.grade->score, seat.grade->passed, sat_at}}, {}, sat_at);
    o["outcome"] = engine::ToString(overall.verdict);
    if (overall.verdict == engine::Verdict::kPending) {
      json::array pending;
      for (const engine::PartDecision& d : overall.parts) {
        if (d.source == engine::PartDecision::Source::kMissing) {
          pending.push_back(json::string(d.part));
        }
      }
      o["pending_parts"] = std::move(pending);
    } else {
      o["passed"] = overall.verdict == engine::Verdict::kPassed;
    }
  }
  if (!seat.receipt_json.empty()) {
    boost::system::error_code ec;
    json::value receipt = json::parse(seat.receipt_json, ec);
    if (!ec) {
      o["receipt"] = std::move(receipt);
    }
  }
  return json::serialize(o);
}

// ---- Handling ----

void ExamService::Handle(PeerState& state, const ClientMessage& m,
                         const std::shared_ptr<Peer>& peer) {
  std::unique_lock lock(mu_);
  // A refused answer or flag names its seq, so the client knows which write was not taken.
  const bool write = m.type == ClientMessageType::kAnswer || m.type == ClientMessageType::kFlag;
  const uint64_t seq = write ? m.seq : 0;
  if (m.type == ClientMessageType::kHello) {
    if (m.protocol != kProtocolVersion) {
      peer->Send(ErrorMessage(error::kVersion, "this server speaks protocol version 1"));
      return;
    }
    state.hello = true;
    peer->Send(json::serialize(json::object{{"type", "hello"},
                                            {"protocol", kProtocolVersion},
                                            {"server", "khaothi-server/0.1"},
                                            {"server_time_ms", NowMs()}}));
    return;
  }
  if (!state.hello) {
    peer->Send(ErrorMessage(error::kHelloFirst, "send hello first", seq));
    return;
  }
  if (m.type == ClientMessageType::kLogin) {
    OnLogin(state, m, peer, lock);
    return;
  }
  Seat* seat = state.seat.empty() ? nullptr : FindSeat(state.seat);
  if (m.type == ClientMessageType::kPing) {
    json::object pong{{"type", "pong"}, {"server_time_ms", NowMs()}};
    if (m.echo) {
      pong["echo"] = *m.echo;
    }
    if (seat != nullptr && seat->peer_raw == peer.get()) {
      seat->last_contact_ms = NowMs();
      seat->attempt->Refresh();
      pong["remaining_ms"] = seat->attempt->Remaining().count();
      peer->Send(json::serialize(pong));
      // A ping past the deadline may be what submits the attempt: result and closed follow.
      Settle(*seat, "system");
      return;
    }
    peer->Send(json::serialize(pong));
    return;
  }
  if (seat == nullptr || seat->peer_raw != peer.get()) {
    peer->Send(ErrorMessage(error::kNotLoggedIn, "log in first", seq));
    return;
  }
  seat->last_contact_ms = NowMs();
  // The clock first (the engine's rule): a message that arrives after the deadline, before the
  // periodic check, finds the attempt submitted, graded and its client told, exactly once; the
  // message itself is then refused as too late.
  seat->attempt->Refresh();
  if (Settle(*seat, "system") && m.type == ClientMessageType::kStart) {
    return;  // the result and `closed` follow the commit
  }
  switch (m.type) {
    case ClientMessageType::kStart:
      OnStart(*seat, peer);
      return;
    case ClientMessageType::kAnswer:
    case ClientMessageType::kFlag:
      OnWrite(*seat, m, peer);
      return;
    case ClientMessageType::kSubmit:
      OnSubmit(*seat, peer);
      return;
    case ClientMessageType::kReport:
      // The candidate says their personal data is wrong: recorded for the proctor, no reply.
      // It becomes an incident of the room (kind data_error), shown on the proctor's tile until
      // the proctor acknowledges it (docs/proctor.md).
      seat->data_error_report = m.text.empty() ? "personal data" : m.text;
      RecordCandidateIncident(*seat, "data_error", "report_data_error",
                              m.text.empty() ? "personal data" : m.text,
                              json::object{{"text", m.text}});
      return;
    default:
      return;
  }
}

void ExamService::OnLogin(PeerState& state, const ClientMessage& m,
                          const std::shared_ptr<Peer>& peer, std::unique_lock<std::mutex>& lock) {
  const int64_t now = NowMs();
  // The PC's name is what the move check compares: a login that does not say which PC it comes
  // from is refused outright, so it can never take over an exam running elsewhere.
  if (IsBlank(m.machine)) {
    peer->Send(ErrorMessage(error::kBadMessage, "login needs \"machine\": this computer's name"));
    return;
  }
  // Rate limit per client address, over all candidates.
  std::vector<int64_t>& times = logins_by_address_[peer->address()];
  std::erase_if(times, [&](int64_t t) { return now - t > limits_.login_rate_window.count(); });
  if (static_cast<int>(times.size()) >= limits_.max_logins_per_address) {
    peer->Send(ErrorMessage(error::kRateLimited, "too many logins from this computer; wait"));
    return;
  }
  times.push_back(now);

  const std::string sbd = NormalizeSbd(m.sbd);
  auto it = seat_by_sbd_.find(sbd);
  if (it == seat_by_sbd_.end()) {
    ReloadIfDue();
    it = seat_by_sbd_.find(sbd);
  }
  Seat* seat = it == seat_by_sbd_.end() ? nullptr : FindSeat(it->second);
  if (seat == nullptr || seat->password_hash.empty()) {
    // Checked against a dummy hash without the lock, so that an unknown number costs what a wrong
    // password costs; then audited (the subject is the number as typed, normalised).
    lock.unlock();
    static_cast<void>(crypto::VerifyPassword(m.password, DummyCandidateHash()));
    lock.lock();
    centre::AuditEntry audit{
        NowMs(), "candidate:?", "login_failed", "sbd:" + sbd,
        CanonicalDetail(json::serialize(json::object{{"address", peer->address()},
                                                     {"machine", m.machine},
                                                     {"reason", "unknown_sbd"},
                                                     {"sbd", m.sbd}}))};
    writer_.Submit(
        [audit = std::move(audit)](store::Database& db) { return centre::AppendAudit(db, audit); },
        nullptr);
    peer->Send(ErrorMessage(error::kBadCredentials, "wrong candidate number or password"));
    return;
  }
  if (seat->session->closed) {
    peer->Send(ErrorMessage(error::kSessionClosed, "this exam session is closed"));
    return;
  }
  if (seat->locked_until_ms > now) {
    json::object o{{"type", "error"},
                   {"code", error::kLocked},
                   {"message", "too many wrong passwords; ask the proctor"},
                   {"retry_after_ms", seat->locked_until_ms - now}};
    peer->Send(json::serialize(o));
    return;
  }
  // scrypt takes milliseconds: run it without holding the service's lock.
  const std::string hash = seat->password_hash;
  const std::string key = seat->key;
  lock.unlock();
  // One-time passwords are capitals and digits; what a candidate types in lower case or with
  // stray spaces is the same password.
  std::string typed;
  for (char c : m.password) {
    if (c != ' ') {
      typed += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
  }
  const bool good = crypto::VerifyPassword(typed, hash);
  lock.lock();
  seat = FindSeat(key);
  if (seat == nullptr) {
    return;
  }
  if (!good) {
    ++seat->failed_logins;
    std::string action = "login_failed";
    if (seat->failed_logins >= limits_.max_failed_logins) {
      seat->locked_until_ms = now + limits_.login_lockout.count();
      seat->failed_logins = 0;
      action = "login_locked";
    }
    PersistCandidate(
        *seat, "candidate:" + seat->sbd, action,
        json::serialize(json::object{{"address", peer->address()}, {"machine", m.machine}}),
        nullptr);
    if (action == "login_locked") {
      // The reply that locks carries the wait too, like every later one.
      peer->Send(
          json::serialize(json::object{{"type", "error"},
                                       {"code", error::kLocked},
                                       {"message", "too many wrong passwords; ask the proctor"},
                                       {"retry_after_ms", seat->locked_until_ms - now}}));
    } else {
      peer->Send(ErrorMessage(error::kBadCredentials, "wrong candidate number or password"));
    }
    return;
  }
  engine::Attempt& a = *seat->attempt;
  const bool sitting =
      a.state() == AttemptState::kInProgress || a.state() == AttemptState::kSuspended;
  if (sitting && !seat->machine.empty() && m.machine != seat->machine && !seat->move_allowed) {
    // Someone with the right password tried to take the exam over from another PC: the proctor
    // sees it on the tile and in the room report (an incident of kind login_refused).
    RecordCandidateIncident(
        *seat, "login_refused", "login_refused_move", m.machine,
        json::object{
            {"address", peer->address()}, {"machine", m.machine}, {"running_on", seat->machine}});
    peer->Send(ErrorMessage(error::kMoveNotAllowed,
                            "this exam is running on " + seat->machine +
                                "; ask the proctor to allow the move to this computer"));
    return;
  }
  // A second connection for the same attempt takes over; the first is told why and closed.
  if (std::shared_ptr<Peer> old = seat->peer.lock(); old && old.get() != peer.get()) {
    old->Close("taken_over");
  }
  seat->peer = peer;
  seat->peer_raw = peer.get();
  seat->failed_logins = 0;
  seat->machine = m.machine;
  seat->move_allowed = false;
  seat->last_contact_ms = now;
  state.seat = seat->key;
  std::weak_ptr<Peer> weak = peer;
  Persist(*seat, {}, "candidate:" + seat->sbd, "login",
          json::serialize(json::object{{"address", peer->address()}, {"machine", m.machine}}),
          [this, weak, key = seat->key](const Status& s) {
            std::shared_ptr<Peer> p = weak.lock();
            if (!p) {
              return;
            }
            std::lock_guard l(mu_);
            Seat* st = FindSeat(key);
            if (st == nullptr) {
              return;
            }
            if (!s.ok()) {
              // The login could not be recorded (disk full, I/O error). The candidate may still see
              // their form and saved answers — reads go on — while writes wait for the disk.
              std::fprintf(stderr, "khaothi-server: login of %s not recorded: %s\n", key.c_str(),
                           s.ToString().c_str());
            }
            p->Send(LoginOk(*st));
          });
}

void ExamService::OnStart(Seat& seat, const std::shared_ptr<Peer>& peer) {
  engine::Attempt& a = *seat.attempt;
  a.Refresh();
  const bool not_started =
      a.state() == AttemptState::kCreated || a.state() == AttemptState::kUnlocked;
  if (not_started && seat.session->closed) {
    peer->Send(ErrorMessage(error::kSessionClosed, "this exam session is closed"));
    return;
  }
  if (not_started && seat.session->paused_rooms.count(seat.room) != 0) {
    peer->Send(
        ErrorMessage(error::kRoomPaused, "the room is paused; wait for the proctor to resume it"));
    return;
  }
  switch (a.state()) {
    case AttemptState::kCreated:
      if (seat.session->unlock_required) {
        peer->Send(ErrorMessage(error::kNotUnlocked, "wait for the proctor to unlock your exam"));
        return;
      }
      [[fallthrough]];
    case AttemptState::kUnlocked: {
      if (Status s = a.Start(); !s.ok()) {
        peer->Send(ErrorMessage(error::kNotInProgress, s.message()));
        return;
      }
      std::weak_ptr<Peer> weak = peer;
      Persist(seat, {}, "candidate:" + seat.sbd, "start", "{}",
              [this, weak, key = seat.key](const Status& s) {
                std::shared_ptr<Peer> p = weak.lock();
                if (!p) {
                  return;
                }
                std::lock_guard l(mu_);
                Seat* st = FindSeat(key);
                if (st == nullptr) {
                  return;
                }
                p->Send(s.ok() ? FormMessage(*st)
                               : ErrorMessage(error::kNotSaved, "could not record the start"));
              });
      return;
    }
    case AttemptState::kInProgress:
    case AttemptState::kSuspended:
      peer->Send(FormMessage(seat));
      return;
    case AttemptState::kSubmitted:
    case AttemptState::kGraded:
      peer->Send(ResultMessage(seat));
      return;
  }
}

void ExamService::OnWrite(Seat& seat, const ClientMessage& m, const std::shared_ptr<Peer>& peer) {
  const bool is_answer = m.type == ClientMessageType::kAnswer;
  if (m.slot < 0 || static_cast<size_t>(m.slot) >= seat.form.slots.size()) {
    peer->Send(ErrorMessage(error::kBadSlot, "no such question", m.seq));
    return;
  }
  const engine::FormSlot& fs = seat.form.slots[static_cast<size_t>(m.slot)];
  const engine::Item& item = *seat.items[static_cast<size_t>(m.slot)];
  std::vector<int> authored;
  if (is_answer) {
    std::vector<int> seen;
    for (int p : m.choice) {
      if (p < 0 || static_cast<size_t>(p) >= fs.option_order.size() ||
          std::find(seen.begin(), seen.end(), p) != seen.end()) {
        peer->Send(ErrorMessage(error::kBadChoice, "no such option", m.seq));
        return;
      }
      seen.push_back(p);
    }
    if (item.mode == engine::ResponseMode::kSingle && m.choice.size() > 1) {
      peer->Send(ErrorMessage(error::kBadChoice, "this question takes one answer", m.seq));
      return;
    }
    authored = engine::DisplayedToAuthored(fs, m.choice);
  }
  const engine::TimePoint received = clock_.Now();
  Result<engine::WriteOutcome> outcome =
      is_answer ? seat.attempt->RecordAnswer(m.slot, authored, m.seq, received)
                : seat.attempt->RecordFlag(m.slot, m.flagged, m.seq, received);
  if (!outcome.ok()) {
    // Outside the answering window: too late when the clock ended the attempt, otherwise the
    // exam is not running (not started, suspended, or handed in).
    const engine::AttemptRecord& r = seat.attempt->record();
    const bool ended = r.state == AttemptState::kSubmitted || r.state == AttemptState::kGraded;
    const std::string_view code = !outcome.status().IsFailedPrecondition() ? error::kBadChoice
                                  : ended && r.submitted_by == engine::SubmittedBy::kClock
                                      ? error::kTooLate
                                      : error::kNotInProgress;
    peer->Send(ErrorMessage(code, outcome.status().message(), m.seq));
    Settle(seat, "system");
    return;
  }
  const std::string_view outcome_name = engine::ToString(*outcome);
  std::weak_ptr<Peer> weak = peer;
  json::object detail{{"slot", m.slot}, {"seq", m.seq}, {"outcome", outcome_name}};
  if (is_answer) {
    json::array c;
    for (int x : authored) {
      c.push_back(x);
    }
    detail["choice"] = std::move(c);
  } else {
    detail["flagged"] = m.flagged;
  }
  // The ack's time left, computed at commit without mu_ (the writer thread acks hundreds of
  // answers per commit and must not queue behind the connections for the lock): a running
  // attempt's deadline is fixed until a proctor's action changes it, and that action sends its
  // own "time" message after this ack; any other state's time left does not move.
  const bool running = seat.attempt->state() == AttemptState::kInProgress;
  const engine::TimePoint deadline = seat.attempt->Deadline().value_or(engine::TimePoint());
  const engine::Duration still = seat.attempt->Remaining();
  // Even a duplicate or stale write persists the slot's current state before it is
  // acknowledged: the earlier write it repeats may not have reached the disk (see the header).
  Persist(
      seat, {m.slot}, "candidate:" + seat.sbd, is_answer ? "answer" : "flag",
      json::serialize(detail),
      [this, weak, slot = m.slot, seq = m.seq, is_answer, outcome_name, running, deadline,
       still](const Status& s) {
        std::shared_ptr<Peer> p = weak.lock();
        if (!p) {
          return;
        }
        if (!s.ok()) {
          p->Send(ErrorMessage(error::kNotSaved,
                               "the answer could not be saved; it will be sent again", seq));
          return;
        }
        const int64_t remaining =
            running ? std::max(engine::Duration(0), deadline - clock_.Now()).count()
                    : still.count();
        p->Send(json::serialize(json::object{{"type", "ack"},
                                             {"kind", is_answer ? "answer" : "flag"},
                                             {"slot", slot},
                                             {"seq", seq},
                                             {"outcome", outcome_name},
                                             {"remaining_ms", remaining}}));
      },
      /*record_too=*/false);
}

void ExamService::OnSubmit(Seat& seat, const std::shared_ptr<Peer>& peer) {
  engine::Attempt& a = *seat.attempt;
  // A second submit, or one after the clock: the exam is no longer running. The result went (or
  // goes, after its commit) to the client once; a reconnecting client gets it with `start`.
  if (Status s = a.Submit(engine::SubmittedBy::kCandidate); !s.ok()) {
    peer->Send(ErrorMessage(error::kNotInProgress, s.message()));
    Settle(seat, "system");
    return;
  }
  std::weak_ptr<Peer> weak = peer;
  Finish(seat, "candidate:" + seat.sbd, [this, weak, key = seat.key](const Status& s) {
    std::shared_ptr<Peer> p = weak.lock();
    if (!p) {
      return;
    }
    std::lock_guard l(mu_);
    Seat* st = FindSeat(key);
    if (st == nullptr) {
      return;
    }
    p->Send(s.ok() ? ResultMessage(*st)
                   : ErrorMessage(error::kNotSaved, "the submission could not be saved; retry"));
  });
}

void ExamService::Finish(Seat& seat, std::string actor, std::function<void(const Status&)> then) {
  KHAOTHI_DCHECK(!seat.finished);
  seat.finished = true;
  engine::Attempt& a = *seat.attempt;
  Result<engine::GradeResult> grade =
      engine::GradeAttempt(seat.form, seat.items, a.Responses(), seat.session->blueprint);
  std::string action = "submit";
  if (grade.ok()) {
    seat.grade = *grade;
    json::array slots;
    for (const engine::SlotGrade& g : grade->slots) {
      slots.push_back(json::object{{"item", g.item_id},
                                   {"version", g.item_version},
                                   {"credit", g.credit},
                                   {"points", engine::FormatPoints(g.points)}});
    }
    seat.result_json = Canonical(json::object{
        {"revision", grade->revision},
        {"blueprint", grade->blueprint_id},
        {"score", engine::FormatPoints(grade->score, seat.session->blueprint.scoring.decimals)},
        {"passed", grade->passed},
        {"earned", grade->earned},
        {"possible", grade->possible},
        {"slots", std::move(slots)}});
    // The receipt: signed proof of what was submitted, when and how.
    json::array responses;
    for (const std::vector<int>& r : a.Responses()) {
      json::array one;
      for (int x : r) {
        one.push_back(x);
      }
      responses.push_back(std::move(one));
    }
    const engine::AttemptRecord& rec = a.record();
    json::object record{
        {"kind", "khaothi.receipt.v1"},
        {"id", centre_code_ + "/" + seat.key},
        {"centre", centre_code_},
        {"session", seat.session->id},
        {"sbd", seat.sbd},
        {"full_name", seat.full_name},
        {"blueprint", seat.form.blueprint_id},
        {"bank_snapshot", seat.session->bank_snapshot},
        {"started_ms", rec.started_at ? rec.started_at->time_since_epoch().count() : 0},
        {"submitted_ms", rec.closed_at ? rec.closed_at->time_since_epoch().count() : 0},
        {"submitted_by", engine::ToString(rec.submitted_by)},
        {"answers_sha256", crypto::Sha256Hex(Canonical(responses))},
        {"key_id", receipt_key_.KeyId()}};
    const std::string canonical = Canonical(record);
    seat.receipt_json =
        Canonical(json::object{{"record", std::move(record)},
                               {"signature", crypto::Base64Encode(receipt_key_.Sign(canonical))},
                               {"key_id", receipt_key_.KeyId()}});
    static_cast<void>(a.MarkGraded());
    action = "submit_graded";
  }
  json::object detail{{"submitted_by", engine::ToString(a.record().submitted_by)}};
  if (grade.ok()) {
    detail["score"] = engine::FormatPoints(grade->score, seat.session->blueprint.scoring.decimals);
  } else {
    detail["grading_error"] = grade.status().message();
  }
  Persist(seat, {}, std::move(actor), action, json::serialize(detail), std::move(then));
}

void ExamService::Disconnected(const PeerState& state, const Peer* peer) {
  std::lock_guard lock(mu_);
  Seat* seat = state.seat.empty() ? nullptr : FindSeat(state.seat);
  if (seat != nullptr && seat->peer_raw == peer) {
    seat->peer_raw = nullptr;
    seat->peer.reset();
  }
}

void ExamService::Tick() {
  std::lock_guard lock(mu_);
  for (auto& [key, seat] : seats_) {
    engine::Attempt& a = *seat->attempt;
    if (a.state() == AttemptState::kInProgress) {
      a.Refresh();
    }
    // The clock submitted it: grade, persist, then tell the client if it is connected.
    Settle(*seat, "system");
  }
  PollSessionStates();
}

void ExamService::CloseAll(std::string reason) {
  std::vector<std::shared_ptr<Peer>> peers;
  {
    std::lock_guard lock(mu_);
    for (auto& [key, seat] : seats_) {
      if (std::shared_ptr<Peer> p = seat->peer.lock()) {
        peers.push_back(std::move(p));
      }
    }
  }
  for (auto& p : peers) {
    p->Close(reason);
  }
}

// ---- Proctor actions ----

Status ExamService::Unlock(const std::string& session_id, const std::string& sbd,
                           const std::string& actor) {
  std::lock_guard lock(mu_);
  Seat* seat = FindSeat(session_id, sbd);
  if (seat == nullptr) {
    return Status::NotFound("no candidate " + sbd + " in session " + session_id);
  }
  KHAOTHI_RETURN_IF_ERROR(seat->attempt->Unlock());
  seat->unlocked_ms = NowMs();
  std::weak_ptr<Peer> weak = seat->peer;
  Persist(*seat, {}, actor, "unlock", "{}", [weak](const Status& s) {
    if (std::shared_ptr<Peer> p = weak.lock(); p && s.ok()) {
      p->Send(Simple("unlocked"));
    }
  });
  return Status::Ok();
}

Status ExamService::Extend(const std::string& session_id, const std::string& sbd, int64_t ms,
                           const std::string& reason, const std::string& actor) {
  std::lock_guard lock(mu_);
  Seat* seat = FindSeat(session_id, sbd);
  if (seat == nullptr) {
    return Status::NotFound("no candidate " + sbd + " in session " + session_id);
  }
  const Status extended = seat->attempt->Extend(engine::Duration(ms), reason);
  Settle(*seat, "system");  // the clock may have ended it first
  KHAOTHI_RETURN_IF_ERROR(extended);
  Persist(*seat, {}, actor, "extend", json::serialize(json::object{{"ms", ms}, {"reason", reason}}),
          TimeChanged(*seat, "extension", reason));
  return Status::Ok();
}

Status ExamService::Suspend(const std::string& session_id, const std::string& sbd,
                            const std::string& reason, const std::string& actor) {
  std::lock_guard lock(mu_);
  Seat* seat = FindSeat(session_id, sbd);
  if (seat == nullptr) {
    return Status::NotFound("no candidate " + sbd + " in session " + session_id);
  }
  const Status paused = seat->attempt->Pause(reason);
  Settle(*seat, "system");  // the clock may have ended it first
  KHAOTHI_RETURN_IF_ERROR(paused);
  Persist(*seat, {}, actor, "suspend", json::serialize(json::object{{"reason", reason}}),
          TimeChanged(*seat, "pause", reason));
  return Status::Ok();
}

Status ExamService::Resume(const std::string& session_id, const std::string& sbd,
                           const std::string& actor, const std::string& reason) {
  std::lock_guard lock(mu_);
  Seat* seat = FindSeat(session_id, sbd);
  if (seat == nullptr) {
    return Status::NotFound("no candidate " + sbd + " in session " + session_id);
  }
  return ResumeLocked(*seat, actor, reason);
}

Status ExamService::ResumeLocked(Seat& seat, const std::string& actor, const std::string& reason) {
  // Without a reason of its own, a resume says which pause it ends.
  const std::string why = reason.empty() ? seat.attempt->record().pause_reason : reason;
  KHAOTHI_RETURN_IF_ERROR(seat.attempt->Resume());
  Persist(seat, {}, actor, "resume", json::serialize(json::object{{"reason", why}}),
          TimeChanged(seat, "resume", why));
  return Status::Ok();
}

Result<std::vector<std::string>> ExamService::PauseRoom(const std::string& session_id,
                                                        const std::string& room,
                                                        const std::string& reason,
                                                        const std::string& actor) {
  if (reason.empty()) {
    return Status::InvalidArgument("a pause needs a reason");
  }
  std::lock_guard lock(mu_);
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) {
    return std::vector<std::string>{};  // not loaded yet: it loads the room's state with it
  }
  if (it->second->closed) {
    return Status::FailedPrecondition("the session " + session_id + " is closed");
  }
  // Under one lock: from here nobody in the room starts, and everyone answering stops.
  it->second->paused_rooms.insert(room);
  std::vector<std::string> paused;
  for (auto& [key, seat] : seats_) {
    if (seat->session != it->second.get() || seat->room != room) {
      continue;
    }
    seat->attempt->Refresh();
    Settle(*seat, "system");
    if (seat->attempt->state() != AttemptState::kInProgress) {
      continue;
    }
    if (seat->attempt->Pause(reason).ok()) {
      Persist(*seat, {}, actor, "suspend", json::serialize(json::object{{"reason", reason}}),
              TimeChanged(*seat, "pause", reason));
      paused.push_back(seat->sbd);
    }
  }
  return paused;
}

Result<std::vector<std::string>> ExamService::ResumeRoom(const std::string& session_id,
                                                         const std::string& room,
                                                         const std::vector<std::string>& sbds,
                                                         const std::string& reason,
                                                         const std::string& actor) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) {
    return std::vector<std::string>{};
  }
  it->second->paused_rooms.erase(room);
  std::vector<std::string> resumed;
  for (const std::string& sbd : sbds) {
    Seat* seat = FindSeat(session_id, sbd);
    if (seat != nullptr && seat->room == room && ResumeLocked(*seat, actor, reason).ok()) {
      resumed.push_back(sbd);
    }
  }
  return resumed;
}

Status ExamService::AllowMove(const std::string& session_id, const std::string& sbd,
                              const std::string& reason, const std::string& actor) {
  if (reason.empty()) {
    return Status::InvalidArgument("a reason is required");
  }
  std::lock_guard lock(mu_);
  Seat* seat = FindSeat(session_id, sbd);
  if (seat == nullptr) {
    return Status::NotFound("no candidate " + sbd + " in session " + session_id);
  }
  seat->move_allowed = true;
  Persist(*seat, {}, actor, "allow_move", json::serialize(json::object{{"reason", reason}}),
          nullptr);
  return Status::Ok();
}

Status ExamService::EndForViolation(const std::string& session_id, const std::string& sbd,
                                    const std::string& minutes, const std::string& actor) {
  std::lock_guard lock(mu_);
  Seat* seat = FindSeat(session_id, sbd);
  if (seat == nullptr) {
    return Status::NotFound("no candidate " + sbd + " in session " + session_id);
  }
  if (Status ended = seat->attempt->Submit(engine::SubmittedBy::kProctor, minutes); !ended.ok()) {
    Settle(*seat, "system");  // the clock may have ended it first
    return ended;
  }
  std::weak_ptr<Peer> weak = seat->peer;
  Finish(*seat, actor, [this, weak, key = seat->key](const Status& s) {
    std::shared_ptr<Peer> p = weak.lock();
    if (!p || !s.ok()) {
      return;
    }
    std::lock_guard l(mu_);
    if (Seat* st = FindSeat(key)) {
      p->Send(ResultMessage(*st));
    }
    p->Close("ended_by_proctor");
  });
  return Status::Ok();
}

Status ExamService::Notice(const std::string& session_id, const std::string& sbd,
                           const std::string& text, const std::string& actor) {
  if (text.empty()) {
    return Status::InvalidArgument("a notice needs text");
  }
  std::lock_guard lock(mu_);
  Seat* seat = FindSeat(session_id, sbd);
  if (seat == nullptr) {
    return Status::NotFound("no candidate " + sbd + " in session " + session_id);
  }
  Persist(*seat, {}, actor, "notice", json::serialize(json::object{{"text", text}}), nullptr);
  Push(*seat, json::serialize(json::object{{"type", "notice"}, {"text", text}}));
  return Status::Ok();
}

Status ExamService::AcknowledgeReport(const std::string& session_id, const std::string& sbd,
                                      const std::string& reason, const std::string& actor) {
  std::lock_guard lock(mu_);
  Seat* seat = FindSeat(session_id, sbd);
  if (seat == nullptr) {
    return Status::NotFound("no candidate " + sbd + " in session " + session_id);
  }
  seat->data_error_report.clear();
  Persist(*seat, {}, actor, "ack_report", json::serialize(json::object{{"reason", reason}}),
          nullptr, /*record_too=*/false);
  return Status::Ok();
}

std::vector<SeatView> ExamService::Seats(const std::string& session_id) const {
  std::lock_guard lock(mu_);
  std::vector<SeatView> out;
  const int64_t now = NowMs();
  for (const auto& [key, seat] : seats_) {
    if (seat->session->id != session_id) {
      continue;
    }
    SeatView v;
    v.session_id = session_id;
    v.sbd = seat->sbd;
    v.full_name = seat->full_name;
    v.room = seat->room;
    v.machine = seat->machine;
    v.state = seat->attempt->state();
    v.connected = seat->peer_raw != nullptr;
    v.total = static_cast<int>(seat->form.slots.size());
    for (const engine::SlotRecord& s : seat->attempt->record().slots) {
      v.answered += s.chosen.empty() ? 0 : 1;
    }
    v.remaining_ms = seat->attempt->Remaining().count();
    v.last_contact_ms = seat->last_contact_ms;
    v.locked = seat->locked_until_ms > now;
    v.data_error_report = seat->data_error_report;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace khaothi::server
