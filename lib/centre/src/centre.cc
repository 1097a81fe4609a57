#include "khaothi/centre/centre.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/blueprint.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

constexpr size_t kMaxRoomChars = 32;
constexpr int kMaxDurationMinutes = 600;

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool IsId(std::string_view s, size_t max) {
  return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), IsIdChar);
}

size_t CountChars(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// One step of a query expected to return a row: kNotFound with `missing` when it returns none.
Status StepRow(store::Statement& q, const std::string& missing) {
  Result<bool> row = q.Step();
  if (!row.ok()) {
    return row.status();
  }
  return *row ? Status::Ok() : Status::NotFound(missing);
}

Result<std::vector<std::string>> SessionRooms(store::Database& db, const std::string& id) {
  store::Statement q = db.Prepare("SELECT name FROM rooms WHERE session_id = ? ORDER BY rowid");
  q.Bind(1, id);
  std::vector<std::string> rooms;
  while (true) {
    Result<bool> row = q.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      return rooms;
    }
    rooms.push_back(q.ColumnText(0));
  }
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

Candidate ReadCandidate(const store::Statement& q) {
  return {.sbd = q.ColumnText(0),
          .full_name = q.ColumnText(1),
          .date_of_birth = q.ColumnText(2),
          .sex = q.ColumnText(3),
          .place_of_birth = q.ColumnText(4),
          .id_number = q.ColumnText(5),
          .room = q.ColumnText(6),
          .has_password = !q.ColumnIsNull(7)};
}

constexpr std::string_view kCandidateColumns =
    "SELECT sbd, full_name, date_of_birth, sex, place_of_birth, id_number, room, password_hash "
    "FROM candidates WHERE session_id = ? ";

// The session's state, or kNotFound.
Result<std::string> SessionState(store::Database& db, const std::string& id) {
  store::Statement q = db.Prepare("SELECT state FROM sessions WHERE id = ?");
  q.Bind(1, id);
  KHAOTHI_RETURN_IF_ERROR(
      StepRow(q, Bilingual("không có ca thi '" + id + "'", "no session '" + id + "'")));
  return q.ColumnText(0);
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
  while (true) {
    Result<bool> row = q.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      return seen;
    }
    const bool started = q.ColumnInt(2) != 0;
    const bool may_start = q.ColumnText(0) != "closed" && q.ColumnInt(3) != 0;
    if (q.ColumnIsNull(1) || (!started && !may_start)) {
      continue;
    }
    Result<engine::Form> form = FormFromJson(q.ColumnText(1));
    if (!form.ok()) {
      return form.status();
    }
    for (const engine::FormSlot& slot : form->slots) {
      seen.insert(slot.item_id);
    }
  }
}

}  // namespace

std::string Bilingual(std::string_view vi, std::string_view en) {
  std::string out;
  out.reserve(vi.size() + en.size() + 3);
  out += kBilingualOpen;
  out += vi;
  out += kBilingualSeparator;
  out += en;
  out += kBilingualClose;
  return out;
}

std::string Localize(std::string_view message, bool english) {
  std::string out;
  out.reserve(message.size());
  size_t i = 0;
  while (i < message.size()) {
    const size_t open = message.find(kBilingualOpen, i);
    const size_t sep = open == std::string_view::npos ? std::string_view::npos
                                                      : message.find(kBilingualSeparator, open + 1);
    const size_t close =
        sep == std::string_view::npos ? std::string_view::npos : message.find(kBilingualClose, sep);
    if (close == std::string_view::npos) {
      out.append(message.substr(i));
      break;
    }
    out.append(message.substr(i, open - i));
    out.append(english ? message.substr(sep + 1, close - sep - 1)
                       : message.substr(open + 1, sep - open - 1));
    i = close + 1;
  }
  return out;
}

Change CliChange() {
  const char* user = std::getenv("USER");
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return {.actor = std::string("cli:") + (user != nullptr && *user != '\0' ? user : "staff"),
          .at_ms = now.count()};
}

Status InitCentre(store::Database& db, const std::string& code, const std::string& name,
                  const Change& change) {
  if (!IsValidCentreCode(code)) {
    return Status::InvalidArgument(Bilingual(
        "mã trung tâm '" + code + "' chỉ gồm chữ, số, '-' và '_' (1 đến 32 ký tự)",
        "the centre code '" + code + "' may hold only letters, digits, '-' and '_' (1 to 32)"));
  }
  Result<std::string> clean = internal::CleanLine(name);
  if (!clean.ok() || clean->empty()) {
    return Status::InvalidArgument(Bilingual("tên trung tâm phải là một dòng chữ",
                                             "the centre name must be one line of text") +
                                   (clean.ok() ? std::string() : ": " + clean.status().message()));
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  store::Statement exists = db.Prepare("SELECT code FROM centre");
  Result<bool> row = exists.Step();
  if (!row.ok()) {
    return row.status();
  }
  if (*row) {
    return Status::AlreadyExists(
        Bilingual("cơ sở dữ liệu này đã thuộc trung tâm " + exists.ColumnText(0),
                  "this database already belongs to centre " + exists.ColumnText(0)));
  }
  store::Statement insert =
      db.Prepare("INSERT INTO centre(id, code, name, created_ms) VALUES (1, ?, ?, ?)");
  insert.Bind(1, code);
  insert.Bind(2, *clean);
  insert.Bind(3, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(insert.Run());
  KHAOTHI_RETURN_IF_ERROR(
      Audit(db, change, "centre.init", code, {{"code", code}, {"name", *clean}}));
  return tx.Commit();
}

Result<CentreInfo> GetCentre(store::Database& db) {
  store::Statement q = db.Prepare("SELECT code, name, created_ms FROM centre WHERE id = 1");
  KHAOTHI_RETURN_IF_ERROR(
      StepRow(q, Bilingual("cơ sở dữ liệu chưa có trung tâm nào (chạy `khaothi init` để tạo)",
                           "the database holds no centre (run `khaothi init` to create one)")));
  CentreInfo info{.code = q.ColumnText(0), .name = q.ColumnText(1), .created_ms = q.ColumnInt64(2)};
  store::Statement details =
      db.Prepare("SELECT key, value FROM meta WHERE key IN ('centre.place', 'centre.supervisor')");
  for (;;) {
    Result<bool> row = details.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      break;
    }
    (details.ColumnText(0) == "centre.place" ? info.place : info.supervisor) =
        details.ColumnText(1);
  }
  return info;
}

Status SetCentreDetails(store::Database& db, const std::optional<std::string>& place,
                        const std::optional<std::string>& supervisor, const Change& change) {
  json::object detail;
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& [key, value] : {std::pair{"place", &place}, {"supervisor", &supervisor}}) {
    if (!value->has_value()) {
      continue;
    }
    Result<std::string> clean = internal::CleanLine(**value);
    if (!clean.ok() || clean->empty() || CountChars(*clean) > 120) {
      return Status::InvalidArgument(Bilingual(
          std::string(key == std::string("place") ? "địa danh" : "cơ quan chủ quản") +
              " của trung tâm phải là một dòng từ 1 đến 120 ký tự",
          std::string("the centre's ") + key + " must be one line of 1 to 120 characters"));
    }
    detail[key] = *clean;
    rows.emplace_back(std::string("centre.") + key, *clean);
  }
  if (rows.empty()) {
    return Status::InvalidArgument(
        Bilingual("không có gì để đặt (cho --place và/hoặc --supervisor)",
                  "nothing to set (give --place and/or --supervisor)"));
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  Result<CentreInfo> centre = GetCentre(db);
  if (!centre.ok()) {
    return centre.status();
  }
  for (const auto& [key, value] : rows) {
    store::Statement q = db.Prepare(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.Bind(1, key);
    q.Bind(2, value);
    KHAOTHI_RETURN_IF_ERROR(q.Run());
  }
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "centre.details", centre->code, detail));
  return tx.Commit();
}

bool IsValidSessionId(std::string_view id) { return IsId(id, 64); }

bool IsValidCentreCode(std::string_view code) { return IsId(code, 32); }

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
    if (*spec.duration_minutes < 1 || *spec.duration_minutes > kMaxDurationMinutes) {
      return Status::InvalidArgument(Bilingual("thời gian làm bài phải từ 1 đến 600 phút",
                                               "the duration must be 1 to 600 minutes"));
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
    if (!room.ok() || room->empty() || CountChars(*room) > kMaxRoomChars ||
        room->find(',') != std::string::npos) {
      return Status::InvalidArgument(Bilingual(
          "tên phòng '" + r + "' phải dài 1 đến 32 ký tự, một dòng, không có ','",
          "the room name '" + r + "' must be 1 to 32 characters of one line without ','"));
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
  if (Result<std::string> state = SessionState(db, spec.id); state.ok()) {
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
      StepRow(q, Bilingual("không có ca thi '" + id + "'", "no session '" + id + "'")));
  return ReadSession(db, q);
}

Result<std::vector<SessionInfo>> ListSessions(store::Database& db) {
  store::Statement q = db.Prepare(std::string(kSessionColumns) + "ORDER BY exam_date, id");
  std::vector<SessionInfo> out;
  while (true) {
    Result<bool> row = q.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      return out;
    }
    Result<SessionInfo> s = ReadSession(db, q);
    if (!s.ok()) {
      return s.status();
    }
    out.push_back(std::move(s).value());
  }
}

Result<int> ImportCandidates(store::Database& db, const std::string& session_id,
                             std::string_view csv, const Change& change) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  Result<SessionInfo> session = GetSession(db, session_id);
  if (!session.ok()) {
    return session.status();
  }
  if (session->state != "draft") {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " đang ở trạng thái " + session->state +
                      "; chỉ nhập được thí sinh trước khi mở ca thi",
                  "the session " + session_id + " is " + session->state +
                      "; candidates can be imported only before it opens"));
  }
  Result<std::vector<CandidateRow>> rows =
      ParseCandidatesCsv(csv, session->rooms, session->exam_date);
  if (!rows.ok()) {
    return rows.status();
  }
  // Clashes with candidates already in the session, reported like the file's own problems.
  std::map<std::string, std::string> existing_sbd;
  std::map<std::string, std::string> existing_id;
  {
    store::Statement q = db.Prepare("SELECT sbd, id_number FROM candidates WHERE session_id = ?");
    q.Bind(1, session_id);
    while (true) {
      Result<bool> row = q.Step();
      if (!row.ok()) {
        return row.status();
      }
      if (!*row) {
        break;
      }
      existing_sbd.emplace(q.ColumnText(0), q.ColumnText(0));
      existing_id.emplace(q.ColumnText(1), q.ColumnText(0));
    }
  }
  std::string clashes;
  for (const CandidateRow& r : *rows) {
    const std::string prefix = Bilingual("dòng ", "line ") + std::to_string(r.line) + ": ";
    if (existing_sbd.contains(r.candidate.sbd)) {
      clashes += (clashes.empty() ? "" : "\n") + prefix + "số báo danh " + r.candidate.sbd +
                 Bilingual(" đã có trong ca thi ", " is already in session ") + session_id;
    }
    if (auto it = existing_id.find(r.candidate.id_number); it != existing_id.end()) {
      clashes += (clashes.empty() ? "" : "\n") + prefix + "số CCCD " + r.candidate.id_number +
                 Bilingual(" đã có trong ca thi ", " is already in session ") + session_id +
                 " (số báo danh " + it->second + ")";
    }
  }
  if (!clashes.empty()) {
    return Status::InvalidArgument(clashes);
  }
  store::Statement insert = db.Prepare(
      "INSERT INTO candidates(session_id, sbd, full_name, date_of_birth, sex, place_of_birth, "
      "id_number, room) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (const CandidateRow& r : *rows) {
    const Candidate& c = r.candidate;
    insert.Reset();
    insert.Bind(1, session_id);
    insert.Bind(2, c.sbd);
    insert.Bind(3, c.full_name);
    insert.Bind(4, c.date_of_birth);
    insert.Bind(5, c.sex);
    insert.Bind(6, c.place_of_birth);
    insert.Bind(7, c.id_number);
    insert.Bind(8, c.room);
    KHAOTHI_RETURN_IF_ERROR(insert.Run());
  }
  const auto count = static_cast<int64_t>(rows->size());
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "candidates.import", session_id,
                                {{"count", count}, {"csv_sha256", crypto::Sha256Hex(csv)}}));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int>(count);
}

Result<std::vector<Candidate>> ListCandidates(store::Database& db, const std::string& session_id) {
  KHAOTHI_RETURN_IF_ERROR(SessionState(db, session_id).status());
  store::Statement q = db.Prepare(std::string(kCandidateColumns) + "ORDER BY room, sbd");
  q.Bind(1, session_id);
  std::vector<Candidate> out;
  while (true) {
    Result<bool> row = q.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      return out;
    }
    out.push_back(ReadCandidate(q));
  }
}

Result<std::vector<IssuedPassword>> IssuePasswords(store::Database& db,
                                                   const std::string& session_id,
                                                   const PasswordSelection& selection,
                                                   const Change& change) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  Result<SessionInfo> session = GetSession(db, session_id);
  if (!session.ok()) {
    return session.status();
  }
  if (session->state == "closed") {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " đã đóng", "the session " + session_id + " is closed"));
  }
  if (!selection.room.empty() && std::find(session->rooms.begin(), session->rooms.end(),
                                           selection.room) == session->rooms.end()) {
    return Status::NotFound(
        Bilingual("ca thi " + session_id + " không có phòng " + selection.room,
                  "the session " + session_id + " has no room " + selection.room));
  }
  Result<std::vector<Candidate>> all = ListCandidates(db, session_id);
  if (!all.ok()) {
    return all.status();
  }
  std::vector<IssuedPassword> issued;
  for (const Candidate& c : *all) {
    if ((selection.room.empty() || c.room == selection.room) &&
        (selection.sbd.empty() || c.sbd == selection.sbd)) {
      issued.push_back({c, crypto::NewPassword()});
    }
  }
  if (issued.empty()) {
    if (!selection.sbd.empty()) {
      return Status::NotFound(
          Bilingual("không có thí sinh " + selection.sbd + " trong ca thi " + session_id +
                        (selection.room.empty() ? "" : " phòng " + selection.room),
                    "no candidate " + selection.sbd + " in session " + session_id +
                        (selection.room.empty() ? "" : " room " + selection.room)));
    }
    return Status::NotFound(
        Bilingual("ca thi " + session_id + " chưa có thí sinh nào" +
                      (selection.room.empty() ? "" : " ở phòng " + selection.room),
                  "the session " + session_id + " has no candidates" +
                      (selection.room.empty() ? "" : " in room " + selection.room)));
  }
  store::Statement update = db.Prepare(
      "UPDATE candidates SET password_hash = ?, failed_logins = 0, locked_until_ms = 0 "
      "WHERE session_id = ? AND sbd = ?");
  for (IssuedPassword& p : issued) {
    update.Reset();
    update.Bind(1, crypto::HashPassword(p.password));
    update.Bind(2, session_id);
    update.Bind(3, p.candidate.sbd);
    KHAOTHI_RETURN_IF_ERROR(update.Run());
    p.candidate.has_password = true;
  }
  json::object detail{{"count", static_cast<int64_t>(issued.size())}};
  if (!selection.room.empty()) {
    detail["room"] = selection.room;
  }
  if (!selection.sbd.empty()) {
    detail["sbd"] = selection.sbd;
  }
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "passwords.issue", session_id, detail));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return issued;
}

Result<OpenReport> OpenSession(store::Database& db, store::ItemStore& bank,
                               const std::string& session_id, const Change& change) {
  // The write lock is taken first: no other writer (a qbank import, another `khaothi`) can
  // commit until this commits, so the snapshot read below through `bank`'s own connection is
  // the bank as it is when the session opens.
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  Result<SessionInfo> session = GetSession(db, session_id);
  if (!session.ok()) {
    return session.status();
  }
  if (session->state != "draft") {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " đã ở trạng thái " + session->state,
                  "the session " + session_id + " is already " + session->state));
  }
  if (session->candidates == 0) {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " chưa có thí sinh; hãy nhập danh sách trước",
                  "the session " + session_id + " has no candidates; import them first"));
  }
  Result<engine::Blueprint> blueprint = engine::ParseBlueprint(session->blueprint);
  if (!blueprint.ok()) {
    return Status::Corruption("session " + session_id +
                              ": stored blueprint: " + blueprint.status().message());
  }
  // The snapshot's exact list of item versions is kept with the session, and its hash chained
  // into the audit log, so that every form can be re-derived later (VerifyForms).
  Result<std::string> manifest = bank.ActiveManifest();
  if (!manifest.ok()) {
    return manifest.status();
  }
  const std::string snapshot = crypto::Sha256Hex(*manifest);
  Result<std::vector<engine::Item>> items = bank.ActiveItems();
  if (!items.ok()) {
    return items.status();
  }
  KHAOTHI_RETURN_IF_ERROR(internal::CheckManifestMatches(*manifest, *items));
  Result<engine::FormGenerator> generator = engine::FormGenerator::Create(*items, *blueprint);
  if (!generator.ok()) {
    return generator.status();
  }
  Result<std::vector<Candidate>> candidates = ListCandidates(db, session_id);
  if (!candidates.ok()) {
    return candidates.status();
  }
  const int window = blueprint->scoring.carry_over_months;
  const std::string window_start =
      window > 0 ? internal::MonthsBefore(session->exam_date, window) : std::string();
  const std::string window_end =
      window > 0 ? internal::MonthsBefore(session->exam_date, -window) : std::string();

  store::Statement add_form =
      db.Prepare("INSERT INTO forms(session_id, sbd, seed, form) VALUES (?, ?, ?, ?)");
  store::Statement add_attempt =
      db.Prepare("INSERT INTO attempts(session_id, sbd, state) VALUES (?, ?, 'created')");
  for (const Candidate& c : *candidates) {
    std::set<std::string> recent;
    if (window > 0) {
      Result<std::set<std::string>> seen =
          RecentlySeen(db, session_id, c.id_number, window_start, window_end);
      if (!seen.ok()) {
        return seen.status();
      }
      recent = std::move(seen).value();
    }
    const uint64_t seed = crypto::RandomSeed();
    Result<engine::Form> form = generator->Generate(seed, recent);
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
    KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "form.issue", session_id + "/" + c.sbd,
                                  {{"form_sha256", crypto::Sha256Hex(form_json)},
                                   {"seed", internal::SeedHex(seed)},
                                   {"recently_seen", std::move(recent_list)}}));
    add_attempt.Reset();
    add_attempt.Bind(1, session_id);
    add_attempt.Bind(2, c.sbd);
    KHAOTHI_RETURN_IF_ERROR(add_attempt.Run());
  }
  store::Statement open = db.Prepare(
      "UPDATE sessions SET state = 'open', bank_snapshot = ?, bank_manifest = ?, opened_ms = ? "
      "WHERE id = ?");
  open.Bind(1, snapshot);
  open.Bind(2, *manifest);
  open.Bind(3, change.at_ms);
  open.Bind(4, session_id);
  KHAOTHI_RETURN_IF_ERROR(open.Run());
  OpenReport report{.bank_snapshot = snapshot,
                    .forms = static_cast<int>(candidates->size()),
                    .without_password = session->without_password};
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "session.open", session_id,
                                {{"bank_snapshot", snapshot},
                                 {"bank_items", static_cast<int64_t>(items->size())},
                                 {"forms", int64_t{report.forms}},
                                 {"without_password", int64_t{report.without_password}}}));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return report;
}

Status CloseSession(store::Database& db, const std::string& session_id, const std::string& reason,
                    const Change& change) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  Result<SessionInfo> session = GetSession(db, session_id);
  if (!session.ok()) {
    return session.status();
  }
  if (session->state != "open") {
    return Status::FailedPrecondition("the session " + session_id + " is " + session->state +
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
  KHAOTHI_RETURN_IF_ERROR(StepRow(q, Bilingual("không có đề thi của " + session_id + "/" + sbd,
                                               "no form for " + session_id + "/" + sbd)));
  return FormFromJson(q.ColumnText(0));
}

}  // namespace khaothi::centre
