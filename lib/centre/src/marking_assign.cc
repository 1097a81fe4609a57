// Double marking: who marks what, and each candidate's marking code (marking.h, AssignMarkers).

#include <set>

#include <boost/json.hpp>

#include "khaothi/centre/marking.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/crypto/crypto.h"

#include "centre_internal.h"
#include "marking_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

// A marking code: "P" and 7 characters of an alphabet without look-alikes (no 0/O, 1/I/L), from
// the system's random source. 31^7 codes: a guess of another candidate's code in the same session
// is hopeless, and the code says nothing of the số báo danh.
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr size_t kCodeLength = 7;

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
}  // namespace

Result<AssignReport> AssignMarkers(store::Database& db, const std::string& session_id,
                                   const MarkerAssignment& assignment, const Change& change) {
  KHAOTHI_ASSIGN_OR_RETURN(engine::Blueprint bp, internal::SessionBlueprint(db, session_id));
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
}  // namespace khaothi::centre
