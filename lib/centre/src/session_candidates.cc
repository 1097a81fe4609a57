// A session's candidates: importing them, listing them, issuing their passwords.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

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

}  // namespace

Result<int> ImportCandidates(store::Database& db, const std::string& session_id,
                             std::string_view csv, const Change& change) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo session, GetSession(db, session_id));
  if (session.state != "draft") {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " đang ở trạng thái " + session.state +
                      "; chỉ nhập được thí sinh trước khi mở ca thi",
                  "the session " + session_id + " is " + session.state +
                      "; candidates can be imported only before it opens"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<CandidateRow> rows,
                           ParseCandidatesCsv(csv, session.rooms, session.exam_date));
  // Clashes with candidates already in the session, reported like the file's own problems.
  std::map<std::string, std::string> existing_sbd;
  std::map<std::string, std::string> existing_id;
  {
    store::Statement q = db.Prepare("SELECT sbd, id_number FROM candidates WHERE session_id = ?");
    q.Bind(1, session_id);
    KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) {
      existing_sbd.emplace(row.ColumnText(0), row.ColumnText(0));
      existing_id.emplace(row.ColumnText(1), row.ColumnText(0));
    }));
  }
  std::string clashes;
  for (const CandidateRow& r : rows) {
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
  for (const CandidateRow& r : rows) {
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
  const auto count = static_cast<int64_t>(rows.size());
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "candidates.import", session_id,
                                {{"count", count}, {"csv_sha256", crypto::Sha256Hex(csv)}}));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int>(count);
}

Result<std::vector<Candidate>> ListCandidates(store::Database& db, const std::string& session_id) {
  KHAOTHI_RETURN_IF_ERROR(internal::SessionState(db, session_id).status());
  store::Statement q = db.Prepare(std::string(kCandidateColumns) + "ORDER BY room, sbd");
  q.Bind(1, session_id);
  std::vector<Candidate> out;
  KHAOTHI_RETURN_IF_ERROR(
      q.ForEachRow([&](const store::Statement& row) { out.push_back(ReadCandidate(row)); }));
  return out;
}

Result<std::vector<IssuedPassword>> IssuePasswords(store::Database& db,
                                                   const std::string& session_id,
                                                   const PasswordSelection& selection,
                                                   const Change& change) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo session, GetSession(db, session_id));
  if (session.state == "closed") {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " đã đóng", "the session " + session_id + " is closed"));
  }
  if (!selection.room.empty() && std::find(session.rooms.begin(), session.rooms.end(),
                                           selection.room) == session.rooms.end()) {
    return Status::NotFound(
        Bilingual("ca thi " + session_id + " không có phòng " + selection.room,
                  "the session " + session_id + " has no room " + selection.room));
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<Candidate> all, ListCandidates(db, session_id));
  std::vector<IssuedPassword> issued;
  for (const Candidate& c : all) {
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

}  // namespace khaothi::centre
