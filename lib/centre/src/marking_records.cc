// Double marking's records: the final marks stored as signed practical_marks revisions with
// their provenance, and the register of work files (marking.h, FinalizeMarking, WorkRegister).

#include <algorithm>
#include <map>

#include <boost/json.hpp>

#include "khaothi/centre/marking.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/centre/registry_outbox.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"
#include "marking_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;
using internal::FilesToJson;
using internal::LinesToJson;

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
}  // namespace

Result<FinalizeReport> FinalizeMarking(store::Database& db, const std::string& session_id,
                                       const std::string& part_name, const std::string& reason,
                                       const crypto::SigningKey& key, const Change& change) {
  KHAOTHI_ASSIGN_OR_RETURN(engine::Blueprint bp, internal::SessionBlueprint(db, session_id));
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
    KHAOTHI_ASSIGN_OR_RETURN(int64_t end, PracticalEnd(db, session_id, cand.sbd));
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<WorkVersion> latest,
                             LatestWork(db, session_id, cand.sbd, end));
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
