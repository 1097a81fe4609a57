// Double marking of the practical: the cases (one task of one candidate), the markers' entries
// and the chair's decisions (marking.h). Assignments are marking_assign.cc, final marks and the
// register marking_records.cc.

#include "khaothi/centre/marking.h"

#include <algorithm>

#include <boost/json.hpp>

#include "khaothi/bank/practical.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/engine/grading.h"

#include "centre_internal.h"
#include "marking_internal.h"

namespace khaothi::centre {

namespace json = boost::json;

namespace internal {

Result<engine::Blueprint> SessionBlueprint(store::Database& db, const std::string& session_id) {
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo info, GetSession(db, session_id));
  Result<engine::Blueprint> bp = engine::ParseBlueprint(info.blueprint);
  if (!bp.ok()) {
    return Status::Corruption("the blueprint of session " + session_id + " does not parse");
  }
  return std::move(bp).value();
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

}  // namespace internal

namespace {

using internal::Audit;
using internal::FilesToJson;
using internal::LinesToJson;

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
    KHAOTHI_ASSIGN_OR_RETURN(engine::Blueprint b, internal::SessionBlueprint(db, c.session_id));
    bp = blueprints.emplace(c.session_id, std::move(b)).first;
  }
  c.decimals = bp->second.scoring.decimals;
  KHAOTHI_ASSIGN_OR_RETURN(c.task, internal::LoadTask(db, task_id, task_version));
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
  // The version marked is the latest received before the practical ended (docs/practical.md).
  KHAOTHI_ASSIGN_OR_RETURN(int64_t end, PracticalEnd(db, c.session_id, c.sbd));
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<WorkVersion> latest,
                           LatestWork(db, c.session_id, c.sbd, end));
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
  KHAOTHI_RETURN_IF_ERROR(internal::RequireNoteForChanges(db, c, lines, clean_note));
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
}  // namespace khaothi::centre
