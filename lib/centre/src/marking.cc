// Double marking of the practical: assignments, marking codes, marks, the chair's decisions and
// the final marks (marking.h).

#include "khaothi/centre/marking.h"

#include <algorithm>
#include <limits>
#include <set>

#include <boost/json.hpp>

#include "khaothi/bank/practical.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/centre/registry_outbox.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

// A marking code: "P" and 7 characters of an alphabet without look-alikes (no 0/O, 1/I/L), from
// the system's random source. 31^7 codes: a guess of another candidate's code in the same session
// is hopeless, and the code says nothing of the số báo danh.
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr size_t kCodeLength = 7;

// The deadline WorkToMark passes to LatestWork. The server refuses a version that arrives after
// the candidate's practical deadline (docs/protocol.md), so every stored version was received in
// time and the latest one is the one to mark.
// TODO(marking): pass the candidate's own deadline once the sitting records it.
constexpr int64_t kEveryStoredVersion = std::numeric_limits<int64_t>::max();

std::string NewMarkingCode() {
  const std::string bytes = crypto::RandomBytes(kCodeLength);
  std::string code = "P";
  for (char b : bytes) {
    // 256 = 8 × 31 + 8: the bias of the modulo (8 of 256 values) is irrelevant for a label.
    code.push_back(kCodeAlphabet[static_cast<unsigned char>(b) % kCodeAlphabet.size()]);
  }
  return code;
}

struct DrawnRow {
  std::string part;
  std::string subpart;
  std::string task_id;
  int task_version = 0;
};

// The tasks (session, sbd) drew, in the blueprint's order of parts and sub-parts.
Result<std::vector<DrawnRow>> DrawnTasks(store::Database& db, const std::string& session_id,
                                         const std::string& sbd) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<AssignedTask> tasks, AssignedTasks(db, session_id, sbd));
  std::vector<DrawnRow> rows;
  for (const AssignedTask& t : tasks) {
    rows.push_back({t.part, t.subpart, t.task_id, t.task_version});
  }
  return rows;
}

Result<engine::Blueprint> SessionBlueprint(store::Database& db, const std::string& session_id) {
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo info, GetSession(db, session_id));
  Result<engine::Blueprint> bp = engine::ParseBlueprint(info.blueprint);
  if (!bp.ok()) {
    return Status::Corruption("the blueprint of session " + session_id + " does not parse");
  }
  return std::move(bp).value();
}

// The points table and files of (id, version) from the bank's stored manifest.
Result<engine::PracticalTask> LoadTask(store::Database& db, const std::string& id, int version) {
  store::Statement q =
      db.Prepare("SELECT manifest FROM practical_versions WHERE id = ?1 AND version = ?2");
  q.Bind(1, id);
  q.Bind(2, version);
  KHAOTHI_RETURN_IF_ERROR(
      internal::StepRow(q, "no task " + id + " version " + std::to_string(version)));
  Result<bank::ParsedManifest> m =
      bank::ParsePracticalManifest(q.ColumnText(0), id + " version " + std::to_string(version));
  if (!m.ok()) {
    return Status::Corruption("the stored manifest of " + id +
                              " does not parse: " + m.status().message());
  }
  engine::PracticalTask task = std::move(m->task);
  task.version = version;
  return task;
}

json::array LinesToJson(const std::vector<LineMark>& lines) {
  json::array a;
  for (const LineMark& l : lines) {
    a.push_back(json::array{json::string(l.code), json::string(engine::FormatPoints(l.points))});
  }
  return a;
}

json::object FileToJson(const MarkedFile& f) {
  return json::object{{"name", f.name}, {"version", f.version},         {"sha256", f.sha256},
                      {"size", f.size}, {"received_ms", f.received_ms}, {"machine", f.machine}};
}

json::array FilesToJson(const std::vector<MarkedFile>& files) {
  json::array a;
  for (const MarkedFile& f : files) {
    a.push_back(FileToJson(f));
  }
  return a;
}

Result<MarkEntry> EntryFromRow(store::Statement& q) {
  MarkEntry e;
  e.id = q.ColumnInt64(0);
  e.round = static_cast<MarkRound>(q.ColumnInt(1));
  e.marker = q.ColumnText(2);
  const std::optional<engine::Points> total = engine::ParsePoints(q.ColumnText(4));
  if (!total) {
    return Status::Corruption("marks entry " + std::to_string(e.id) + ": bad total");
  }
  e.total = *total;
  e.note = q.ColumnText(5);
  e.at_ms = q.ColumnInt64(7);
  try {
    const json::value lines = json::parse(q.ColumnText(3));
    const json::value files = json::parse(q.ColumnText(6));
    for (const json::value& v : lines.as_array()) {
      const json::array& pair = v.as_array();
      const std::optional<engine::Points> p = engine::ParsePoints(pair.at(1).as_string());
      if (!p) {
        return Status::Corruption("marks entry " + std::to_string(e.id) + ": bad line mark");
      }
      e.lines.push_back({std::string(pair.at(0).as_string()), *p});
    }
    for (const json::value& v : files.as_array()) {
      const json::object& o = v.as_object();
      e.files.push_back({std::string(o.at("name").as_string()),
                         static_cast<int>(o.at("version").as_int64()),
                         std::string(o.at("sha256").as_string()), o.at("size").as_int64(),
                         o.at("received_ms").as_int64(), std::string(o.at("machine").as_string())});
    }
  } catch (const std::exception& ex) {
    return Status::Corruption("marks entry " + std::to_string(e.id) + ": " + ex.what());
  }
  return e;
}

// The state and final mark from the latest entries.
void Settle(MarkingCase& c, const engine::ScoringPolicy& policy) {
  c.final_mark.reset();
  if (c.decision) {
    c.state = CaseState::kDecided;
    c.final_mark = c.decision->total;
    return;
  }
  if (!c.first || !c.second) {
    c.state = CaseState::kWaiting;
    return;
  }
  const int64_t a = c.first->total.ten_thousandths;
  const int64_t b = c.second->total.ten_thousandths;
  if ((a > b ? a - b : b - a) > c.threshold.ten_thousandths) {
    c.state = CaseState::kDisputed;
    return;
  }
  c.state = CaseState::kAgreed;
  // The mean of the two totals, rounded like every score: scale × (a + b) / (2 × scale).
  c.final_mark = engine::ScaleAndRound(a + b, 2 * policy.scale.ten_thousandths, policy);
}

constexpr std::string_view kCaseColumns =
    "SELECT a.session_id, a.sbd, c.code, a.part, a.subpart, a.task_id, a.task_version, "
    "a.first_marker, a.second_marker, a.threshold FROM marking_assignments a "
    "JOIN marking_codes c ON c.session_id = a.session_id AND c.sbd = a.sbd ";

// The case of the current row of a kCaseColumns query, with its entries.
Result<MarkingCase> CaseFromRow(store::Database& db, store::Statement& q,
                                std::map<std::string, engine::Blueprint>& blueprints) {
  MarkingCase c;
  c.session_id = q.ColumnText(0);
  c.sbd = q.ColumnText(1);
  c.code = q.ColumnText(2);
  c.part = q.ColumnText(3);
  c.subpart = q.ColumnText(4);
  const std::string task_id = q.ColumnText(5);
  const int task_version = q.ColumnInt(6);
  c.first_marker = q.ColumnText(7);
  c.second_marker = q.ColumnText(8);
  const std::optional<engine::Points> threshold = engine::ParsePoints(q.ColumnText(9));
  if (!threshold) {
    return Status::Corruption("marking threshold of " + c.session_id + "/" + c.code);
  }
  c.threshold = *threshold;
  auto bp = blueprints.find(c.session_id);
  if (bp == blueprints.end()) {
    KHAOTHI_ASSIGN_OR_RETURN(engine::Blueprint b, SessionBlueprint(db, c.session_id));
    bp = blueprints.emplace(c.session_id, std::move(b)).first;
  }
  c.decimals = bp->second.scoring.decimals;
  KHAOTHI_ASSIGN_OR_RETURN(c.task, LoadTask(db, task_id, task_version));
  store::Statement e = db.Prepare(
      "SELECT id, round, marker, lines, total, note, files, at_ms FROM marking_marks m "
      "WHERE session_id = ?1 AND sbd = ?2 AND part = ?3 AND subpart = ?4 AND id = (SELECT "
      "max(id) FROM marking_marks n WHERE n.session_id = m.session_id AND n.sbd = m.sbd AND "
      "n.part = m.part AND n.subpart = m.subpart AND n.round = m.round)");
  e.Bind(1, c.session_id);
  e.Bind(2, c.sbd);
  e.Bind(3, c.part);
  e.Bind(4, c.subpart);
  while (true) {
    KHAOTHI_ASSIGN_OR_RETURN(bool row, e.Step());
    if (!row) {
      break;
    }
    KHAOTHI_ASSIGN_OR_RETURN(MarkEntry entry, EntryFromRow(e));
    switch (entry.round) {
      case MarkRound::kFirst:
        c.first = std::move(entry);
        break;
      case MarkRound::kSecond:
        c.second = std::move(entry);
        break;
      case MarkRound::kDecision:
        c.decision = std::move(entry);
        break;
    }
  }
  Settle(c, bp->second.scoring);
  return c;
}

// Whether the latest practical_marks revision of (session, sbd, part) was made from the marking
// entries `basis`.
Result<bool> StoredFromBasis(store::Database& db, const std::string& session_id,
                             const std::string& sbd, const std::string& part,
                             const std::string& basis) {
  store::Statement q = db.Prepare(
      "SELECT json_extract(signed, '$.record.marking.basis') FROM practical_marks WHERE "
      "session_id = ?1 AND sbd = ?2 AND part = ?3 ORDER BY revision DESC LIMIT 1");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  q.Bind(3, part);
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  return row && !q.ColumnIsNull(0) && q.ColumnText(0) == basis;
}

// The marks by line code as typed, checked against the points table: the lines in table order,
// or kInvalidArgument listing every bad line.
Result<std::vector<LineMark>> ReadLineMarks(const MarkingCase& c,
                                            const std::map<std::string, std::string>& marks) {
  std::string problems;
  std::vector<LineMark> lines;
  int64_t step = 1;
  for (int i = c.decimals; i < engine::Points::kMaxDecimals; ++i) {
    step *= 10;
  }
  std::set<std::string> known;
  for (const engine::PointsLine& line : c.task.points) {
    known.insert(line.code);
    const std::string where = Bilingual("ý ", "line ") + line.code + ": ";
    auto it = marks.find(line.code);
    std::string text = it == marks.end() ? std::string() : it->second;
    std::erase_if(text, [](char ch) { return ch == ' ' || ch == '\t'; });
    std::replace(text.begin(), text.end(), ',', '.');
    if (text.empty()) {
      problems += where + Bilingual("chưa nhập điểm", "no mark") + "\n";
      continue;
    }
    const std::optional<engine::Points> p = engine::ParsePoints(text);
    if (!p) {
      problems += where +
                  Bilingual("'" + text + "' không phải điểm", "'" + text + "' is not a mark") +
                  "\n";
      continue;
    }
    if (*p > line.points) {
      problems +=
          where +
          Bilingual("điểm " + text + " lớn hơn điểm tối đa " + engine::FormatPoints(line.points),
                    "mark " + text + " is above the line's " + engine::FormatPoints(line.points) +
                        " points") +
          "\n";
      continue;
    }
    if (p->ten_thousandths % step != 0) {
      problems +=
          where +
          Bilingual("điểm " + text + " có quá " + std::to_string(c.decimals) + " chữ số thập phân",
                    "mark " + text + " has more than " + std::to_string(c.decimals) + " decimals") +
          "\n";
      continue;
    }
    lines.push_back({line.code, *p});
  }
  for (const auto& [code, text] : marks) {
    if (known.count(code) == 0) {
      problems += Bilingual("ý ", "line ") + code + ": " +
                  Bilingual("không có trong bảng điểm của đề", "not in the task's points table") +
                  "\n";
    }
  }
  if (!problems.empty()) {
    problems.pop_back();
    return Status::InvalidArgument(problems);
  }
  return lines;
}

Result<std::string> ReadNote(const std::string& note) {
  if (note.size() > kMaxMarkingNoteBytes) {
    return Status::InvalidArgument(
        Bilingual("ghi chú dài quá " + std::to_string(kMaxMarkingNoteBytes) + " byte",
                  "the note is longer than " + std::to_string(kMaxMarkingNoteBytes) + " bytes"));
  }
  std::string clean;
  if (!note.empty()) {
    Result<std::string> line = internal::CleanLine(note);
    if (!line.ok()) {
      return Status::InvalidArgument(Bilingual("ghi chú không hợp lệ", "the note is not text"));
    }
    clean = std::move(line).value();
  }
  return clean;
}

// Whether the practical_marks of the case's candidate hold a revision made from marking entries
// (the case is final).
Result<bool> IsFinal(store::Database& db, const MarkingCase& c) {
  store::Statement q = db.Prepare(
      "SELECT 1 FROM practical_marks WHERE session_id = ?1 AND sbd = ?2 AND part = ?3 AND "
      "json_extract(signed, '$.record.marking.basis') IS NOT NULL LIMIT 1");
  q.Bind(1, c.session_id);
  q.Bind(2, c.sbd);
  q.Bind(3, c.part);
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  return row;
}

Result<MarkEntry> StoreEntry(store::Database& db, const MarkingCase& c, MarkRound round,
                             const std::string& username, std::vector<LineMark> lines,
                             std::string note, const Change& change, const std::string& action,
                             const std::optional<std::vector<std::string>>& seen) {
  MarkEntry e;
  e.round = round;
  e.marker = username;
  e.lines = std::move(lines);
  for (const LineMark& l : e.lines) {
    e.total.ten_thousandths += l.points.ten_thousandths;
  }
  e.note = std::move(note);
  e.at_ms = change.at_ms;
  KHAOTHI_ASSIGN_OR_RETURN(e.files, WorkToMark(db, c));
  if (seen) {
    std::vector<std::string> now;
    for (const MarkedFile& f : e.files) {
      now.push_back(f.sha256);
    }
    if (now != *seen) {
      return Status::FailedPrecondition(
          Bilingual("bài làm đã có phiên bản mới từ khi bạn mở trang; hãy tải lại trang và chấm "
                    "theo bản mới",
                    "the work has changed since the page was opened; reload it and mark the new "
                    "version"));
    }
  }
  store::Statement ins = db.Prepare(
      "INSERT INTO marking_marks(session_id, sbd, part, subpart, round, marker, lines, total, "
      "note, files, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id");
  ins.Bind(1, c.session_id);
  ins.Bind(2, c.sbd);
  ins.Bind(3, c.part);
  ins.Bind(4, c.subpart);
  ins.Bind(5, static_cast<int64_t>(round));
  ins.Bind(6, username);
  ins.Bind(7, json::serialize(LinesToJson(e.lines)));
  ins.Bind(8, engine::FormatPoints(e.total));
  ins.Bind(9, e.note);
  ins.Bind(10, json::serialize(FilesToJson(e.files)));
  ins.Bind(11, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(ins.Step().status());
  e.id = ins.ColumnInt64(0);
  json::object detail{{"code", c.code},
                      {"subpart", c.subpart},
                      {"task", c.task.id + "/" + std::to_string(c.task.version)},
                      {"round", static_cast<int>(round)},
                      {"marker", username},
                      {"lines", LinesToJson(e.lines)},
                      {"total", engine::FormatPoints(e.total)},
                      {"note", e.note}};
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, action, c.session_id + "/" + c.sbd, detail));
  return e;
}

}  // namespace

std::string_view ToString(CaseState s) {
  switch (s) {
    case CaseState::kWaiting:
      return "waiting";
    case CaseState::kAgreed:
      return "agreed";
    case CaseState::kDisputed:
      return "disputed";
    case CaseState::kDecided:
      return "decided";
  }
  return "waiting";
}

std::optional<MarkRound> MarkingCase::RoundOf(const std::string& username) const {
  if (username == first_marker) {
    return MarkRound::kFirst;
  }
  if (username == second_marker) {
    return MarkRound::kSecond;
  }
  return std::nullopt;
}

Result<AssignReport> AssignMarkers(store::Database& db, const std::string& session_id,
                                   const MarkerAssignment& assignment, const Change& change) {
  KHAOTHI_ASSIGN_OR_RETURN(engine::Blueprint bp, SessionBlueprint(db, session_id));
  if (assignment.first_marker == assignment.second_marker) {
    return Status::InvalidArgument(Bilingual("hai vòng chấm phải do hai người khác nhau chấm",
                                             "the first and second marker must differ"));
  }
  if (assignment.threshold > bp.scoring.scale) {
    return Status::InvalidArgument(
        Bilingual("ngưỡng chênh lệch lớn hơn thang điểm", "the threshold exceeds the scale"));
  }
  for (const std::string& user : {assignment.first_marker, assignment.second_marker}) {
    store::Statement q = db.Prepare("SELECT role, disabled FROM staff WHERE username = ?1");
    q.Bind(1, user);
    KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) {
      return Status::NotFound(Bilingual("không có tài khoản " + user, "no account " + user));
    }
    if (q.ColumnText(0) != "marker" || q.ColumnInt(1) != 0) {
      return Status::FailedPrecondition(Bilingual(
          "tài khoản " + user + " không phải cán bộ chấm thi (vai trò marker) đang hoạt động",
          "account " + user + " is not an enabled marker (role marker)"));
    }
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<Candidate> candidates, ListCandidates(db, session_id));
  std::vector<std::string> sbds = assignment.sbds;
  if (sbds.empty()) {
    for (const Candidate& c : candidates) {
      sbds.push_back(c.sbd);
    }
  } else {
    std::set<std::string> known;
    for (const Candidate& c : candidates) {
      known.insert(c.sbd);
    }
    for (const std::string& sbd : sbds) {
      if (known.count(sbd) == 0) {
        return Status::InvalidArgument(
            Bilingual("không có thí sinh " + sbd + " trong ca thi " + session_id,
                      "no candidate " + sbd + " in session " + session_id));
      }
    }
  }
  if (!assignment.subpart.empty()) {
    bool found = false;
    for (const engine::Part& p : bp.parts) {
      for (const engine::SubpartTask& t : p.tasks) {
        found = found || t.subpart == assignment.subpart;
      }
    }
    if (!found) {
      return Status::InvalidArgument(Bilingual(
          "ma trận đề không có phần thi '" + assignment.subpart + "' rút đề thực hành",
          "the blueprint has no sub-part '" + assignment.subpart + "' drawing a practical task"));
    }
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  AssignReport report;
  std::set<std::string> used_codes;
  {
    store::Statement q = db.Prepare("SELECT code FROM marking_codes WHERE session_id = ?1");
    q.Bind(1, session_id);
    while (true) {
      KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) {
        break;
      }
      used_codes.insert(q.ColumnText(0));
    }
  }
  for (const std::string& sbd : sbds) {
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<DrawnRow> drawn, DrawnTasks(db, session_id, sbd));
    std::erase_if(drawn, [&](const DrawnRow& d) {
      return !assignment.subpart.empty() && d.subpart != assignment.subpart;
    });
    if (drawn.empty()) {
      if (!assignment.sbds.empty()) {
        return Status::FailedPrecondition(
            Bilingual("thí sinh " + sbd + " chưa được rút đề thực hành nào",
                      "candidate " + sbd + " has drawn no practical task"));
      }
      continue;
    }
    store::Statement has =
        db.Prepare("SELECT code FROM marking_codes WHERE session_id = ?1 AND sbd = ?2");
    has.Bind(1, session_id);
    has.Bind(2, sbd);
    KHAOTHI_ASSIGN_OR_RETURN(bool coded, has.Step());
    if (!coded) {
      std::string code;
      do {
        code = NewMarkingCode();
      } while (!used_codes.insert(code).second);
      store::Statement ins =
          db.Prepare("INSERT INTO marking_codes(session_id, sbd, code) VALUES (?1, ?2, ?3)");
      ins.Bind(1, session_id);
      ins.Bind(2, sbd);
      ins.Bind(3, code);
      KHAOTHI_RETURN_IF_ERROR(ins.Run());
      ++report.new_codes;
    }
    for (const DrawnRow& d : drawn) {
      // A marker who has marked keeps the task: the marks stay theirs.
      store::Statement prev = db.Prepare(
          "SELECT first_marker, second_marker FROM marking_assignments WHERE session_id = ?1 AND "
          "sbd = ?2 AND part = ?3 AND subpart = ?4");
      prev.Bind(1, session_id);
      prev.Bind(2, sbd);
      prev.Bind(3, d.part);
      prev.Bind(4, d.subpart);
      KHAOTHI_ASSIGN_OR_RETURN(bool existed, prev.Step());
      if (existed) {
        const std::string old_markers[2] = {prev.ColumnText(0), prev.ColumnText(1)};
        const std::string new_markers[2] = {assignment.first_marker, assignment.second_marker};
        for (int round = 1; round <= 2; ++round) {
          if (old_markers[round - 1] == new_markers[round - 1]) {
            continue;
          }
          store::Statement marked = db.Prepare(
              "SELECT 1 FROM marking_marks WHERE session_id = ?1 AND sbd = ?2 AND part = ?3 AND "
              "subpart = ?4 AND round = ?5 LIMIT 1");
          marked.Bind(1, session_id);
          marked.Bind(2, sbd);
          marked.Bind(3, d.part);
          marked.Bind(4, d.subpart);
          marked.Bind(5, round);
          KHAOTHI_ASSIGN_OR_RETURN(bool has_marks, marked.Step());
          if (has_marks) {
            return Status::FailedPrecondition(Bilingual(
                "thí sinh " + sbd + ", " + d.subpart + ": " + old_markers[round - 1] +
                    " đã chấm vòng " + std::to_string(round) + ", không thể giao cho người khác",
                "candidate " + sbd + ", " + d.subpart + ": " + old_markers[round - 1] +
                    " has marked round " + std::to_string(round) +
                    "; it cannot be given to someone else"));
          }
        }
      }
      store::Statement up = db.Prepare(
          "INSERT INTO marking_assignments(session_id, sbd, part, subpart, task_id, task_version, "
          "first_marker, second_marker, threshold, assigned_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
          "?7, ?8, ?9, ?10) ON CONFLICT (session_id, sbd, part, subpart) DO UPDATE SET "
          "first_marker = excluded.first_marker, second_marker = excluded.second_marker, "
          "threshold = excluded.threshold, assigned_ms = excluded.assigned_ms");
      up.Bind(1, session_id);
      up.Bind(2, sbd);
      up.Bind(3, d.part);
      up.Bind(4, d.subpart);
      up.Bind(5, d.task_id);
      up.Bind(6, d.task_version);
      up.Bind(7, assignment.first_marker);
      up.Bind(8, assignment.second_marker);
      up.Bind(9, engine::FormatPoints(assignment.threshold));
      up.Bind(10, change.at_ms);
      KHAOTHI_RETURN_IF_ERROR(up.Run());
      ++report.tasks;
      KHAOTHI_RETURN_IF_ERROR(
          Audit(db, change, "marking_assign", session_id + "/" + sbd,
                json::object{{"part", d.part},
                             {"subpart", d.subpart},
                             {"task", d.task_id + "/" + std::to_string(d.task_version)},
                             {"first", assignment.first_marker},
                             {"second", assignment.second_marker},
                             {"threshold", engine::FormatPoints(assignment.threshold)}}));
    }
  }
  if (report.tasks == 0) {
    return Status::FailedPrecondition(
        Bilingual("không có bài thực hành nào để giao chấm", "no practical task to assign"));
  }
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return report;
}

Result<MarkingCase> GetMarkingCase(store::Database& db, const std::string& session_id,
                                   const std::string& code, const std::string& subpart) {
  store::Statement q = db.Prepare(std::string(kCaseColumns) +
                                  "WHERE a.session_id = ?1 AND c.code = ?2 AND a.subpart = ?3");
  q.Bind(1, session_id);
  q.Bind(2, code);
  q.Bind(3, subpart);
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return Status::NotFound(
        Bilingual("không có bài " + code + " " + subpart, "no task " + code + " " + subpart));
  }
  std::map<std::string, engine::Blueprint> blueprints;
  return CaseFromRow(db, q, blueprints);
}

Result<std::vector<MarkingCase>> ListMarkingCases(store::Database& db,
                                                  const std::string& session_id,
                                                  const std::string& marker) {
  store::Statement q =
      db.Prepare(std::string(kCaseColumns) +
                 "WHERE (?1 = '' OR a.session_id = ?1) AND (?2 = '' OR a.first_marker = ?2 OR "
                 "a.second_marker = ?2) ORDER BY a.session_id, c.code, a.part, a.subpart");
  q.Bind(1, session_id);
  q.Bind(2, marker);
  std::vector<MarkingCase> cases;
  std::map<std::string, engine::Blueprint> blueprints;
  while (true) {
    KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) {
      break;
    }
    KHAOTHI_ASSIGN_OR_RETURN(MarkingCase c, CaseFromRow(db, q, blueprints));
    cases.push_back(std::move(c));
  }
  return cases;
}

Result<std::vector<MarkedFile>> WorkToMark(store::Database& db, const MarkingCase& c) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<WorkVersion> latest,
                           LatestWork(db, c.session_id, c.sbd, kEveryStoredVersion));
  std::vector<MarkedFile> files;
  for (const WorkVersion& w : latest) {
    if (w.task_id == c.task.id) {
      files.push_back({w.name, w.version, w.sha256, w.size, w.received_ms, w.machine});
    }
  }
  std::sort(files.begin(), files.end(),
            [](const MarkedFile& a, const MarkedFile& b) { return a.name < b.name; });
  return files;
}

Result<MarkEntry> EnterMarks(store::Database& db, const std::string& session_id,
                             const std::string& code, const std::string& subpart,
                             const std::string& username,
                             const std::map<std::string, std::string>& marks,
                             const std::string& note, const Change& change,
                             const std::optional<std::vector<std::string>>& seen) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(MarkingCase c, GetMarkingCase(db, session_id, code, subpart));
  const std::optional<MarkRound> round = c.RoundOf(username);
  if (!round) {
    return Status::PermissionDenied(
        Bilingual("bài này không được giao cho bạn chấm", "this task is not assigned to you"));
  }
  if (c.decision) {
    return Status::FailedPrecondition(Bilingual("chủ tịch hội đồng đã quyết định điểm bài này",
                                                "the chair has decided this task"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(bool final, IsFinal(db, c));
  if (final) {
    return Status::FailedPrecondition(
        Bilingual("điểm bài này đã được chốt", "the marks of this task are final"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<LineMark> lines, ReadLineMarks(c, marks));
  KHAOTHI_ASSIGN_OR_RETURN(std::string clean_note, ReadNote(note));
  const bool change_of_mind =
      (*round == MarkRound::kFirst && c.first) || (*round == MarkRound::kSecond && c.second);
  KHAOTHI_ASSIGN_OR_RETURN(
      MarkEntry e, StoreEntry(db, c, *round, username, std::move(lines), std::move(clean_note),
                              change, change_of_mind ? "marking_change" : "marking_mark", seen));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return e;
}

Result<MarkEntry> DecideMarks(store::Database& db, const std::string& session_id,
                              const std::string& code, const std::string& subpart,
                              const std::string& username,
                              const std::map<std::string, std::string>& marks,
                              const std::string& reason, const Change& change,
                              const std::optional<std::vector<std::string>>& seen) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  {
    store::Statement q = db.Prepare("SELECT role, disabled FROM staff WHERE username = ?1");
    q.Bind(1, username);
    KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row || q.ColumnText(0) != "head" || q.ColumnInt(1) != 0) {
      return Status::PermissionDenied(Bilingual("chỉ chủ tịch hội đồng (head) quyết định điểm",
                                                "only the chair (head) decides marks"));
    }
  }
  KHAOTHI_ASSIGN_OR_RETURN(MarkingCase c, GetMarkingCase(db, session_id, code, subpart));
  if (!c.first || !c.second) {
    return Status::FailedPrecondition(
        Bilingual("chưa đủ hai vòng chấm", "both markers have not marked yet"));
  }
  if (c.state == CaseState::kAgreed) {
    return Status::FailedPrecondition(
        Bilingual("hai vòng chấm không chênh lệch quá ngưỡng; không cần quyết định",
                  "the two markers agree within the threshold; there is nothing to decide"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(bool final, IsFinal(db, c));
  if (final) {
    return Status::FailedPrecondition(
        Bilingual("điểm bài này đã được chốt", "the marks of this task are final"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<LineMark> lines, ReadLineMarks(c, marks));
  KHAOTHI_ASSIGN_OR_RETURN(std::string clean_reason, ReadNote(reason));
  if (clean_reason.empty()) {
    return Status::InvalidArgument(Bilingual("quyết định cần lý do", "a decision needs a reason"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(MarkEntry e,
                           StoreEntry(db, c, MarkRound::kDecision, username, std::move(lines),
                                      std::move(clean_reason), change, "marking_decision", seen));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return e;
}

Result<FinalizeReport> FinalizeMarking(store::Database& db, const std::string& session_id,
                                       const std::string& part_name, const std::string& reason,
                                       const crypto::SigningKey& key, const Change& change) {
  KHAOTHI_ASSIGN_OR_RETURN(engine::Blueprint bp, SessionBlueprint(db, session_id));
  const engine::Part* part = nullptr;
  for (const engine::Part& p : bp.parts) {
    if (p.kind == engine::PartKind::kEntered && (part_name.empty() || p.name == part_name)) {
      if (part != nullptr && part_name.empty()) {
        return Status::InvalidArgument(
            Bilingual("ma trận đề có nhiều phần chấm tay; hãy chỉ rõ một phần",
                      "the blueprint has several entered parts; name one"));
      }
      part = &p;
    }
  }
  if (part == nullptr) {
    return Status::InvalidArgument(
        Bilingual("ma trận đề không có phần chấm tay '" + part_name + "'",
                  "the blueprint has no entered part '" + part_name + "'"));
  }
  if (part->subparts.empty() || part->tasks.size() != part->subparts.size()) {
    return Status::FailedPrecondition(
        Bilingual("phần " + part->name +
                      " có phần thi không rút đề thực hành; hãy nhập điểm từ phiếu chấm "
                      "(results import-marks)",
                  "part " + part->name +
                      " has sub-parts that draw no practical task; enter their marks from paper "
                      "(results import-marks)"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(CentreInfo centre, GetCentre(db));
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<MarkingCase> all, ListMarkingCases(db, session_id, ""));
  std::map<std::string, std::map<std::string, const MarkingCase*>> by_sbd;
  for (const MarkingCase& c : all) {
    if (c.part == part->name) {
      by_sbd[c.sbd][c.subpart] = &c;
    }
  }
  FinalizeReport report;
  for (const auto& [sbd, cases] : by_sbd) {
    const std::string& code = cases.begin()->second->code;
    std::vector<engine::Points> marks;
    json::array subparts;
    std::string basis;
    bool ready = true;
    for (const std::string& sp : part->subparts) {
      auto it = cases.find(sp);
      if (it == cases.end()) {
        report.pending.push_back(code + " " + sp + ": " +
                                 Bilingual("chưa giao chấm", "not assigned"));
        ready = false;
        continue;
      }
      const MarkingCase& c = *it->second;
      if (!c.final_mark) {
        report.pending.push_back(
            code + " " + sp + ": " +
            (c.state == CaseState::kDisputed
                 ? Bilingual("chờ chủ tịch hội đồng quyết định", "waiting for the chair")
                 : Bilingual("chưa chấm đủ hai vòng", "not marked by both markers")));
        ready = false;
        continue;
      }
      KHAOTHI_ASSIGN_OR_RETURN(std::vector<MarkedFile> files, WorkToMark(db, c));
      std::vector<const MarkEntry*> counted = {&*c.first, &*c.second};
      if (c.decision) {
        counted = {&*c.decision};
      }
      bool stale = false;
      for (const MarkEntry* e : counted) {
        stale = stale || e->files != files;
      }
      if (stale) {
        report.pending.push_back(code + " " + sp + ": " +
                                 Bilingual("bài làm có phiên bản mới sau khi chấm; cần chấm lại",
                                           "the work changed after it was marked; mark it again"));
        ready = false;
        continue;
      }
      marks.push_back(*c.final_mark);
      auto entry_json = [](const MarkEntry& e) {
        return json::object{{"entry", e.id},
                            {"marker", e.marker},
                            {"lines", LinesToJson(e.lines)},
                            {"total", engine::FormatPoints(e.total)},
                            {"note", e.note},
                            {"at_ms", e.at_ms}};
      };
      json::object s{{"subpart", sp},
                     {"task", c.task.id},
                     {"task_version", c.task.version},
                     {"code", c.code},
                     {"threshold", engine::FormatPoints(c.threshold)},
                     {"first", entry_json(*c.first)},
                     {"second", entry_json(*c.second)},
                     {"mark", engine::FormatPoints(*c.final_mark)},
                     {"files", FilesToJson(files)}};
      if (c.decision) {
        s["decision"] = entry_json(*c.decision);
      }
      subparts.push_back(std::move(s));
      for (const MarkEntry* e : {&*c.first, &*c.second}) {
        basis += std::to_string(e->id) + ",";
      }
      basis += c.decision ? std::to_string(c.decision->id) : "-";
      basis += ";";
    }
    if (!ready) {
      continue;
    }
    KHAOTHI_ASSIGN_OR_RETURN(bool same, StoredFromBasis(db, session_id, sbd, part->name, basis));
    if (same) {
      ++report.unchanged;
      continue;
    }
    Result<engine::PartScore> score = engine::ScoreEnteredPart(*part, marks, bp.scoring);
    if (!score.ok()) {
      return Status::Corruption("marks of " + code + ": " + score.status().message());
    }
    store::Statement last = db.Prepare(
        "SELECT max(revision) FROM practical_marks WHERE session_id = ?1 AND sbd = ?2 AND "
        "part = ?3");
    last.Bind(1, session_id);
    last.Bind(2, sbd);
    last.Bind(3, part->name);
    KHAOTHI_RETURN_IF_ERROR(last.Step().status());
    const int previous = last.ColumnIsNull(0) ? 0 : last.ColumnInt(0);
    if (previous > 0 && reason.empty()) {
      return Status::FailedPrecondition(
          Bilingual("thí sinh " + sbd + " đã có điểm phần " + part->name +
                        "; chấm lại (phúc khảo) cần --reason và giữ điểm cũ",
                    "candidate " + sbd + " already has marks for " + part->name +
                        "; a re-mark (phúc khảo) needs --reason, and keeps the earlier marks"));
    }
    json::array marks_json;
    for (const engine::Points& m : marks) {
      marks_json.push_back(json::string(engine::FormatPoints(m)));
    }
    const std::string score_text = FormatScore(score->score, bp);
    json::object rec{
        {"kind", "khaothi.marks.v1"},
        {"id", centre.code + "/" + session_id + "/" + sbd + "/" + part->name + "/" +
                   std::to_string(previous + 1)},
        {"centre", centre.code},
        {"session", session_id},
        {"sbd", sbd},
        {"part", part->name},
        {"revision", previous + 1},
        {"marks", marks_json},
        {"score", score_text},
        {"passed", score->passed},
        {"entered_ms", change.at_ms},
        {"entered_by", change.actor},
        {"marking", json::object{{"basis", basis}, {"subparts", std::move(subparts)}}}};
    if (previous > 0) {
      rec["supersedes"] = previous;
      rec["reason"] = reason;
    }
    KHAOTHI_ASSIGN_OR_RETURN(std::string signed_text, SignRecord(key, rec));
    store::Statement ins = db.Prepare(
        "INSERT INTO practical_marks(session_id, sbd, part, revision, marks, score, passed, "
        "reason, signed, entered_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    ins.Bind(1, session_id);
    ins.Bind(2, sbd);
    ins.Bind(3, part->name);
    ins.Bind(4, previous + 1);
    ins.Bind(5, json::serialize(marks_json));
    ins.Bind(6, score_text);
    ins.Bind(7, score->passed ? 1 : 0);
    ins.Bind(8, reason);
    ins.Bind(9, signed_text);
    ins.Bind(10, change.at_ms);
    KHAOTHI_RETURN_IF_ERROR(ins.Run());
    KHAOTHI_RETURN_IF_ERROR(QueueForRegistry(db, signed_text, change.at_ms));
    json::object detail{
        {"part", part->name}, {"revision", previous + 1}, {"score", score_text}, {"basis", basis}};
    if (previous > 0) {
      detail["reason"] = reason;
    }
    KHAOTHI_RETURN_IF_ERROR(
        Audit(db, change, previous > 0 ? "remark" : "marks_final", session_id + "/" + sbd, detail));
    ++report.stored;
  }
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return report;
}

Result<std::vector<WorkRegisterLine>> WorkRegister(store::Database& db,
                                                   const std::string& session_id) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<Candidate> candidates, ListCandidates(db, session_id));
  std::vector<WorkRegisterLine> lines;
  for (const Candidate& cand : candidates) {
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<AssignedTask> tasks,
                             AssignedTasks(db, session_id, cand.sbd));
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<WorkVersion> versions,
                             WorkVersions(db, session_id, cand.sbd));
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<WorkVersion> latest,
                             LatestWork(db, session_id, cand.sbd, kEveryStoredVersion));
    store::Statement q =
        db.Prepare("SELECT code FROM marking_codes WHERE session_id = ?1 AND sbd = ?2");
    q.Bind(1, session_id);
    q.Bind(2, cand.sbd);
    KHAOTHI_ASSIGN_OR_RETURN(bool coded, q.Step());
    const std::string code = coded ? q.ColumnText(0) : std::string();
    for (const WorkVersion& v : versions) {
      WorkRegisterLine line;
      line.sbd = cand.sbd;
      line.code = code;
      line.task_id = v.task_id;
      for (const AssignedTask& t : tasks) {
        if (t.task_id == v.task_id) {
          line.subpart = t.subpart;
          line.task_version = t.task_version;
        }
      }
      line.file = {v.name, v.version, v.sha256, v.size, v.received_ms, v.machine};
      line.marked = std::find(latest.begin(), latest.end(), v) != latest.end();
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace khaothi::centre
