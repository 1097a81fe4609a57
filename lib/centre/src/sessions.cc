// Sessions: creating, listing, opening (drawing every candidate's form) and closing them.

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/centre/limits.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/practical.h"
#include "khaothi/store/practical_store.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

Result<std::vector<std::string>> SessionRooms(store::Database& db, const std::string& id) {
  store::Statement q = db.Prepare("SELECT name FROM rooms WHERE session_id = ? ORDER BY rowid");
  q.Bind(1, id);
  std::vector<std::string> rooms;
  KHAOTHI_RETURN_IF_ERROR(
      q.ForEachRow([&](const store::Statement& row) { rooms.push_back(row.ColumnText(0)); }));
  return rooms;
}

constexpr std::string_view kSessionColumns =
    "SELECT id, name, exam_date, blueprint_id, blueprint, duration_ms, unlock_required, state, "
    "bank_snapshot, created_ms, opened_ms, closed_ms, "
    "(SELECT count(*) FROM candidates c WHERE c.session_id = s.id), "
    "(SELECT count(*) FROM candidates c WHERE c.session_id = s.id AND password_hash IS NULL) "
    "FROM sessions s ";

Result<SessionInfo> ReadSession(store::Database& db, const store::Statement& q) {
  SessionInfo s;
  s.id = q.ColumnText(0);
  s.name = q.ColumnText(1);
  s.exam_date = q.ColumnText(2);
  s.blueprint_id = q.ColumnText(3);
  s.blueprint = q.ColumnText(4);
  s.duration_ms = q.ColumnInt64(5);
  s.unlock_required = q.ColumnInt(6) != 0;
  s.state = q.ColumnText(7);
  s.bank_snapshot = q.ColumnText(8);
  s.created_ms = q.ColumnInt64(9);
  if (!q.ColumnIsNull(10)) {
    s.opened_ms = q.ColumnInt64(10);
  }
  if (!q.ColumnIsNull(11)) {
    s.closed_ms = q.ColumnInt64(11);
  }
  s.candidates = q.ColumnInt(12);
  s.without_password = q.ColumnInt(13);
  Result<std::vector<std::string>> rooms = SessionRooms(db, s.id);
  if (!rooms.ok()) {
    return rooms.status();
  }
  s.rooms = std::move(rooms).value();
  return s;
}

// The ids of the items the holder of `id_number` was shown, or may still be shown, in
// another sitting within the carry-over window around this one (sessions dated in [from, to],
// before or after this one): a form counts when its attempt was started (it was shown) or can
// still be started (its session is not closed and the attempt is neither started nor ended). A
// form never started in a closed session, or ended before it was started, was never seen and
// does not count. Forms are drawn when a session opens, before anyone sits it, so all that can be
// known is the forms of sessions already open: each session avoids those, whichever is dated
// first, and a session still in draft will avoid this one's when it opens. Whatever the order of
// opening, no item reaches the same person twice within the window while the bank has another
// (docs/forms.md, "Recently seen").
Result<std::set<std::string>> RecentlySeen(store::Database& db, const std::string& session_id,
                                           const std::string& id_number, const std::string& from,
                                           const std::string& to) {
  store::Statement q = db.Prepare(
      "SELECT s.state, f.form, a.started_ms IS NOT NULL, "
      "coalesce(a.state IN ('created', 'unlocked'), 0) "
      "FROM candidates c JOIN sessions s ON s.id = c.session_id "
      "LEFT JOIN forms f ON f.session_id = c.session_id AND f.sbd = c.sbd "
      "LEFT JOIN attempts a ON a.session_id = c.session_id AND a.sbd = c.sbd "
      "WHERE c.id_number = ? AND s.id != ? AND s.exam_date >= ? AND s.exam_date <= ? "
      "AND s.state != 'draft'");
  q.Bind(1, id_number);
  q.Bind(2, session_id);
  q.Bind(3, from);
  q.Bind(4, to);
  std::set<std::string> seen;
  KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) -> Status {
    const bool started = row.ColumnInt(2) != 0;
    const bool may_start = row.ColumnText(0) != "closed" && row.ColumnInt(3) != 0;
    if (row.ColumnIsNull(1) || (!started && !may_start)) {
      return Status::Ok();
    }
    KHAOTHI_ASSIGN_OR_RETURN(const engine::Form form, FormFromJson(row.ColumnText(1)));
    for (const engine::FormSlot& slot : form.slots) {
      seen.insert(slot.item_id);
    }
    return Status::Ok();
  }));
  return seen;
}

}  // namespace

Status CreateSession(store::Database& db, const SessionSpec& spec, const Change& change) {
  if (!IsValidSessionId(spec.id)) {
    return Status::InvalidArgument(Bilingual(
        "mã ca thi '" + spec.id + "' chỉ gồm chữ, số, '-' và '_' (1 đến 64 ký tự)",
        "the session id '" + spec.id + "' may hold only letters, digits, '-' and '_' (1 to 64)"));
  }
  Result<std::string> name = internal::CleanLine(spec.name);
  if (!name.ok() || name->empty()) {
    return Status::InvalidArgument(
        Bilingual("tên ca thi phải là một dòng chữ", "the session name must be one line of text"));
  }
  if (!internal::ParseIsoDate(spec.exam_date)) {
    return Status::InvalidArgument(
        Bilingual("ngày thi '" + spec.exam_date + "' không phải ngày có thật dạng YYYY-MM-DD",
                  "the exam date '" + spec.exam_date + "' is not a real date written YYYY-MM-DD"));
  }
  Result<engine::Blueprint> blueprint = engine::ParseBlueprint(spec.blueprint_text);
  if (!blueprint.ok()) {
    return Status::InvalidArgument(Bilingual("ma trận đề: ", "blueprint: ") +
                                   blueprint.status().message());
  }
  int64_t duration_ms = std::chrono::milliseconds(blueprint->duration).count();
  if (spec.duration_minutes) {
    if (*spec.duration_minutes < 1 || *spec.duration_minutes > CentreLimits::max_duration_minutes) {
      return Status::InvalidArgument(
          Bilingual("thời gian làm bài phải từ 1 đến " +
                        std::to_string(CentreLimits::max_duration_minutes) + " phút",
                    "the duration must be 1 to " +
                        std::to_string(CentreLimits::max_duration_minutes) + " minutes"));
    }
    duration_ms = int64_t{*spec.duration_minutes} * 60'000;
  }
  if (spec.rooms.empty()) {
    return Status::InvalidArgument(
        Bilingual("ca thi cần ít nhất một phòng", "a session needs at least one room"));
  }
  std::vector<std::string> rooms;
  for (const std::string& r : spec.rooms) {
    Result<std::string> room = internal::CleanLine(r);
    if (!room.ok() || room->empty() || internal::CountChars(*room) > CentreLimits::max_room_chars ||
        room->find(',') != std::string::npos) {
      return Status::InvalidArgument(Bilingual(
          "tên phòng '" + r + "' phải dài 1 đến " + std::to_string(CentreLimits::max_room_chars) +
              " ký tự, một dòng, không có ','",
          "the room name '" + r + "' must be 1 to " + std::to_string(CentreLimits::max_room_chars) +
              " characters of one line without ','"));
    }
    if (std::find(rooms.begin(), rooms.end(), *room) != rooms.end()) {
      return Status::InvalidArgument(Bilingual("phòng " + *room + " được kê hai lần",
                                               "the room " + *room + " is listed twice"));
    }
    rooms.push_back(std::move(room).value());
  }

  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  if (Result<CentreInfo> centre = GetCentre(db); !centre.ok()) {
    return centre.status().IsNotFound() ? Status::FailedPrecondition(centre.status().message())
                                        : centre.status();
  }
  if (Result<std::string> state = internal::SessionState(db, spec.id); state.ok()) {
    return Status::AlreadyExists(
        Bilingual("ca thi " + spec.id + " đã có", "the session " + spec.id + " exists already"));
  } else if (!state.status().IsNotFound()) {
    return state.status();
  }
  store::Statement insert = db.Prepare(
      "INSERT INTO sessions(id, name, exam_date, blueprint_id, blueprint, duration_ms, "
      "unlock_required, state, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?)");
  insert.Bind(1, spec.id);
  insert.Bind(2, *name);
  insert.Bind(3, spec.exam_date);
  insert.Bind(4, blueprint->id);
  insert.Bind(5, spec.blueprint_text);
  insert.Bind(6, duration_ms);
  insert.Bind(7, spec.unlock_required ? 1 : 0);
  insert.Bind(8, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(insert.Run());
  store::Statement add_room = db.Prepare("INSERT INTO rooms(session_id, name) VALUES (?, ?)");
  json::array room_list;
  for (const std::string& r : rooms) {
    add_room.Reset();
    add_room.Bind(1, spec.id);
    add_room.Bind(2, r);
    KHAOTHI_RETURN_IF_ERROR(add_room.Run());
    room_list.emplace_back(r);
  }
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "session.create", spec.id,
                                {{"name", *name},
                                 {"exam_date", spec.exam_date},
                                 {"blueprint_id", blueprint->id},
                                 {"blueprint_sha256", crypto::Sha256Hex(spec.blueprint_text)},
                                 {"duration_ms", duration_ms},
                                 {"unlock_required", spec.unlock_required},
                                 {"rooms", std::move(room_list)}}));
  return tx.Commit();
}

Result<SessionInfo> GetSession(store::Database& db, const std::string& id) {
  store::Statement q = db.Prepare(std::string(kSessionColumns) + "WHERE id = ?");
  q.Bind(1, id);
  KHAOTHI_RETURN_IF_ERROR(
      internal::StepRow(q, Bilingual("không có ca thi '" + id + "'", "no session '" + id + "'")));
  return ReadSession(db, q);
}

Result<std::vector<SessionInfo>> ListSessions(store::Database& db) {
  store::Statement q = db.Prepare(std::string(kSessionColumns) + "ORDER BY exam_date, id");
  std::vector<SessionInfo> out;
  KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) -> Status {
    KHAOTHI_ASSIGN_OR_RETURN(SessionInfo s, ReadSession(db, row));
    out.push_back(std::move(s));
    return Status::Ok();
  }));
  return out;
}

Result<OpenReport> OpenSession(store::Database& db, store::ItemStore& bank,
                               const std::string& session_id, const Change& change) {
  // The write lock is taken first: no other writer (a qbank import, another `khaothi`) can
  // commit until this commits, so the snapshot read below through `bank`'s own connection is
  // the bank as it is when the session opens.
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo session, GetSession(db, session_id));
  if (session.state != "draft") {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " đã ở trạng thái " + session.state,
                  "the session " + session_id + " is already " + session.state));
  }
  if (session.candidates == 0) {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " chưa có thí sinh; hãy nhập danh sách trước",
                  "the session " + session_id + " has no candidates; import them first"));
  }
  Result<engine::Blueprint> blueprint = engine::ParseBlueprint(session.blueprint);
  if (!blueprint.ok()) {
    return Status::Corruption("session " + session_id +
                              ": stored blueprint: " + blueprint.status().message());
  }
  // The snapshot's exact list of item versions is kept with the session, and its hash chained
  // into the audit log, so that every form can be re-derived later (VerifyForms).
  KHAOTHI_ASSIGN_OR_RETURN(std::string manifest, bank.ActiveManifest());
  const std::string snapshot = crypto::Sha256Hex(manifest);
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<engine::Item> items, bank.ActiveItems());
  KHAOTHI_RETURN_IF_ERROR(internal::CheckManifestMatches(manifest, items));
  KHAOTHI_ASSIGN_OR_RETURN(engine::FormGenerator generator,
                           engine::FormGenerator::Create(items, *blueprint));
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<Candidate> candidates, ListCandidates(db, session_id));
  const int window = blueprint->scoring.carry_over_months;
  const std::string window_start =
      window > 0 ? internal::MonthsBefore(session.exam_date, window) : std::string();
  const std::string window_end =
      window > 0 ? internal::MonthsBefore(session.exam_date, -window) : std::string();

  // The practical tasks are drawn from the bank's current packages as the session opens, read in
  // this transaction, and fixed per candidate in practical_assignments (docs/practical.md).
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<engine::PracticalTask> tasks,
                           store::ListCurrentPracticalTasks(db));
  if (std::vector<std::string> problems = engine::CheckPracticalPools(*blueprint, tasks);
      !problems.empty()) {
    std::string text;
    for (const std::string& p : problems) {
      text += "\n  " + p;
    }
    return Status::ResourceExhausted(Bilingual("ngân hàng đề thực hành không đủ cho cấu trúc đề " +
                                                   blueprint->id + "; không có gì thay đổi:",
                                               "the bank's practical tasks cannot fill blueprint " +
                                                   blueprint->id + "; nothing was changed:") +
                                     text);
  }
  std::map<std::string, std::string> module_of;
  for (const engine::PracticalTask& t : tasks) {
    module_of[t.id] = t.module;
  }
  store::Statement add_task = db.Prepare(
      "INSERT INTO practical_assignments(session_id, sbd, part, subpart, module, task_id, "
      "task_version) VALUES (?, ?, ?, ?, ?, ?, ?)");
  store::Statement add_form =
      db.Prepare("INSERT INTO forms(session_id, sbd, seed, form) VALUES (?, ?, ?, ?)");
  store::Statement add_attempt =
      db.Prepare("INSERT INTO attempts(session_id, sbd, state) VALUES (?, ?, 'created')");
  for (const Candidate& c : candidates) {
    std::set<std::string> recent;
    if (window > 0) {
      KHAOTHI_ASSIGN_OR_RETURN(std::set<std::string> seen,
                               RecentlySeen(db, session_id, c.id_number, window_start, window_end));
      recent = std::move(seen);
    }
    const uint64_t seed = crypto::RandomSeed();
    Result<engine::Form> form = generator.Generate(seed, recent);
    if (!form.ok()) {
      return Status(form.status().code(), "the bank (snapshot " + snapshot.substr(0, 12) +
                                              ") cannot fill blueprint " + blueprint->id +
                                              "; nothing was changed:\n" + form.status().message());
    }
    add_form.Reset();
    add_form.Bind(1, session_id);
    add_form.Bind(2, c.sbd);
    // The 64 bits of the seed as SQLite's signed integer; FormToJson keeps it in hex as well.
    add_form.Bind(3, static_cast<int64_t>(seed));
    const std::string form_json = FormToJson(*form);
    add_form.Bind(4, form_json);
    KHAOTHI_RETURN_IF_ERROR(add_form.Run());
    json::array recent_list;
    for (const std::string& id : recent) {
      recent_list.emplace_back(id);
    }
    json::object detail{{"form_sha256", crypto::Sha256Hex(form_json)},
                        {"seed", internal::SeedHex(seed)},
                        {"recently_seen", std::move(recent_list)}};
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<engine::DrawnTask> drawn,
                             engine::DrawPracticalTasks(*blueprint, tasks, seed));
    json::array drawn_list;
    for (const engine::DrawnTask& d : drawn) {
      add_task.Reset();
      add_task.Bind(1, session_id);
      add_task.Bind(2, c.sbd);
      add_task.Bind(3, d.part);
      add_task.Bind(4, d.subpart);
      add_task.Bind(5, module_of[d.task_id]);
      add_task.Bind(6, d.task_id);
      add_task.Bind(7, d.task_version);
      KHAOTHI_RETURN_IF_ERROR(add_task.Run());
      drawn_list.emplace_back(d.subpart + "=" + d.task_id + "@" + std::to_string(d.task_version));
    }
    if (!drawn_list.empty()) {
      // Only with practical tasks, so that the detail of a multiple-choice form is as before.
      detail["practical_tasks"] = std::move(drawn_list);
    }
    KHAOTHI_RETURN_IF_ERROR(
        Audit(db, change, "form.issue", session_id + "/" + c.sbd, std::move(detail)));
    add_attempt.Reset();
    add_attempt.Bind(1, session_id);
    add_attempt.Bind(2, c.sbd);
    KHAOTHI_RETURN_IF_ERROR(add_attempt.Run());
  }
  store::Statement open = db.Prepare(
      "UPDATE sessions SET state = 'open', bank_snapshot = ?, bank_manifest = ?, opened_ms = ? "
      "WHERE id = ?");
  open.Bind(1, snapshot);
  open.Bind(2, manifest);
  open.Bind(3, change.at_ms);
  open.Bind(4, session_id);
  KHAOTHI_RETURN_IF_ERROR(open.Run());
  OpenReport report{.bank_snapshot = snapshot,
                    .forms = static_cast<int>(candidates.size()),
                    .without_password = session.without_password};
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "session.open", session_id,
                                {{"bank_snapshot", snapshot},
                                 {"bank_items", static_cast<int64_t>(items.size())},
                                 {"forms", int64_t{report.forms}},
                                 {"without_password", int64_t{report.without_password}}}));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return report;
}

Status CloseSession(store::Database& db, const std::string& session_id, const std::string& reason,
                    const Change& change) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo session, GetSession(db, session_id));
  if (session.state != "open") {
    return Status::FailedPrecondition("the session " + session_id + " is " + session.state +
                                      ", not open");
  }
  store::Statement close =
      db.Prepare("UPDATE sessions SET state = 'closed', closed_ms = ? WHERE id = ?");
  close.Bind(1, change.at_ms);
  close.Bind(2, session_id);
  KHAOTHI_RETURN_IF_ERROR(close.Run());
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "session.close", session_id, {{"reason", reason}}));
  return tx.Commit();
}

Result<engine::Form> GetForm(store::Database& db, const std::string& session_id,
                             const std::string& sbd) {
  store::Statement q = db.Prepare("SELECT form FROM forms WHERE session_id = ? AND sbd = ?");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  KHAOTHI_RETURN_IF_ERROR(
      internal::StepRow(q, Bilingual("không có đề thi của " + session_id + "/" + sbd,
                                     "no form for " + session_id + "/" + sbd)));
  return FormFromJson(q.ColumnText(0));
}

}  // namespace khaothi::centre
