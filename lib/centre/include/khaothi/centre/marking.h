// Double marking of the practical (chấm hai vòng, TTLT 17; docs/practical.md "Marking").
//
// The workflow, each step audited in the transaction that makes it:
//   1. The secretariat assigns each task a candidate drew (practical_assignments) to a first and
//      a second marker, accounts of the role `marker` (AssignMarkers). Each candidate gets a
//      marking code (phách): random, unique in the session. Markers see the code, the task and
//      the work files, never the candidate's name or số báo danh.
//   2. Each marker enters a mark per line of the task's points table, 0..the line's points with
//      at most the blueprint's decimals, and a note (EnterMarks). Neither sees the other's
//      marks. A marker may change their marks (a new entry; every entry is kept) until the chair
//      has decided the case or its marks are final.
//   3. When both have marked: totals that differ by at most the threshold (centre policy,
//      kDefaultMarkingThreshold) agree, and the task's mark is their mean, rounded by the
//      blueprint's policy. Totals further apart go to the chair (the `head` account: the
//      centre's director chairs the exam council, shared/DOMAIN.md §5), who sees both and decides
//      a mark per line with a reason (DecideMarks).
//   4. FinalizeMarking stores each candidate whose every drawn task has a mark as a signed
//      revision of practical_marks, the path `results import-marks` takes, with the provenance:
//      the markers, their totals, the decision, and the SHA-256 of every file marked.
//
// Every entry names the work versions the marker saw (the latest complete version of each file
// received before the deadline, WorkToMark). Final marks are refused while a later version of a
// file came in after a marker marked (FinalizeMarking lists such a case as pending).
//
// Thread safety: functions take the Database the caller uses; callers serialise access to it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/practical.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre {

// The centre's default: totals of the two markers of a task that differ by more than 0.5 point
// go to the chair.
inline constexpr engine::Points kDefaultMarkingThreshold{5000};
// A marker's note or the chair's reason, in bytes of UTF-8.
inline constexpr size_t kMaxMarkingNoteBytes = 2000;

enum class MarkRound { kFirst = 1, kSecond = 2, kDecision = 3 };

// Who marks what: the candidates (empty: every candidate of the session with a drawn task), the
// sub-part (empty: every drawn task), the two markers and the threshold.
struct MarkerAssignment {
  std::vector<std::string> sbds;
  std::string subpart;
  std::string first_marker;
  std::string second_marker;
  engine::Points threshold = kDefaultMarkingThreshold;
};

struct AssignReport {
  int tasks = 0;      // (candidate, task) rows assigned or re-assigned
  int new_codes = 0;  // candidates given a marking code now
};

// Assigns the markers (see above). kInvalidArgument for an unknown candidate or sub-part, the
// same account twice, a threshold above the scale; kNotFound for an account that does not
// exist; kFailedPrecondition for an account that is not an enabled marker, a candidate without
// a drawn task, or a task whose marker would change after that marker has marked. All or none.
Result<AssignReport> AssignMarkers(store::Database& db, const std::string& session_id,
                                   const MarkerAssignment& assignment, const Change& change);

// One work file as marked: a version of the shared register (practical_work.h).
struct MarkedFile {
  std::string name;
  int version = 0;
  std::string sha256;
  int64_t size = 0;
  int64_t received_ms = 0;
  std::string machine;

  friend bool operator==(const MarkedFile&, const MarkedFile&) = default;
};

struct LineMark {
  std::string code;  // the points-table line
  engine::Points points;

  friend bool operator==(const LineMark&, const LineMark&) = default;
};

// One entry of marks, as stored (immutable).
struct MarkEntry {
  int64_t id = 0;
  MarkRound round = MarkRound::kFirst;
  std::string marker;
  std::vector<LineMark> lines;  // in points-table order
  engine::Points total;
  std::string note;
  std::vector<MarkedFile> files;  // what the marker saw
  int64_t at_ms = 0;
};

enum class CaseState {
  kWaiting,   // fewer than two markers have marked
  kAgreed,    // both marked, totals within the threshold
  kDisputed,  // both marked, totals further apart: the chair decides
  kDecided,   // the chair decided
};
std::string_view ToString(CaseState s);  // "waiting", "agreed", "disputed", "decided"

// One task of one candidate to mark.
struct MarkingCase {
  std::string session_id;
  std::string sbd;   // never shown to markers
  std::string code;  // the marking code (phách)
  std::string part;
  std::string subpart;
  engine::PracticalTask task;  // the drawn version, with its points table
  std::string first_marker;
  std::string second_marker;
  engine::Points threshold;
  int decimals = 2;  // the blueprint's: at most this many decimals per mark
  // The latest entry of each round.
  std::optional<MarkEntry> first;
  std::optional<MarkEntry> second;
  std::optional<MarkEntry> decision;
  CaseState state = CaseState::kWaiting;
  // The task's mark once agreed or decided.
  std::optional<engine::Points> final_mark;

  // The round `username` marks in, or nullopt when they are neither marker.
  std::optional<MarkRound> RoundOf(const std::string& username) const;
};

// The case of task `subpart` of the candidate with marking code `code`. kNotFound when there is
// none.
Result<MarkingCase> GetMarkingCase(store::Database& db, const std::string& session_id,
                                   const std::string& code, const std::string& subpart);

// Every case of `session_id` (every session when empty) that `marker` marks (every case when
// empty), by session, code and sub-part.
Result<std::vector<MarkingCase>> ListMarkingCases(store::Database& db,
                                                  const std::string& session_id,
                                                  const std::string& marker);

// The files of the case's task to mark: the latest complete version of each before the
// candidate's deadline, by name.
Result<std::vector<MarkedFile>> WorkToMark(store::Database& db, const MarkingCase& c);

// `username` (the case's first or second marker) enters a mark for every line of the points
// table, `marks` by line code, as typed ("0.5", "1"; a decimal comma is accepted), and a note.
// kPermissionDenied for anyone else; kInvalidArgument naming every bad line (missing, not a
// mark, above the line's points, more decimals than the blueprint's) or a note too long;
// kFailedPrecondition once the chair has decided or the marks are final, or when `seen` (the
// SHA-256 of each file the marker was shown, in WorkToMark's order) is given and a file has
// changed since. Nothing is stored on error. Returns the entry stored.
Result<MarkEntry> EnterMarks(store::Database& db, const std::string& session_id,
                             const std::string& code, const std::string& subpart,
                             const std::string& username,
                             const std::map<std::string, std::string>& marks,
                             const std::string& note, const Change& change,
                             const std::optional<std::vector<std::string>>& seen = std::nullopt);

// The chair (`username`, an enabled `head` account) decides a disputed case: a mark per line as
// in EnterMarks and a reason (required). kPermissionDenied for anyone else; kFailedPrecondition
// before both markers have marked, for a case they agree on, once the marks are final, or for
// files changed since `seen` as in EnterMarks; kInvalidArgument as EnterMarks or without a
// reason. A later decision replaces the earlier one (both are kept).
Result<MarkEntry> DecideMarks(store::Database& db, const std::string& session_id,
                              const std::string& code, const std::string& subpart,
                              const std::string& username,
                              const std::map<std::string, std::string>& marks,
                              const std::string& reason, const Change& change,
                              const std::optional<std::vector<std::string>>& seen = std::nullopt);

struct FinalizeReport {
  int stored = 0;     // candidates whose marks were stored now
  int unchanged = 0;  // already stored from the same entries
  // One line per candidate not ready: "CODE subpart: why" (not marked, disputed, new files).
  std::vector<std::string> pending;
};

// Stores, for every candidate of the session all of whose drawn tasks of entered part `part`
// (empty: the blueprint's only entered part) have a mark, a signed revision of practical_marks
// (kind khaothi.marks.v1) whose record adds "marking": per sub-part the task, both markers with
// their totals and entries, the decision, the final mark and the files marked with SHA-256.
// A candidate whose latest revision came from the same entries is left as it is; one that has
// other marks (imported, or from earlier entries) gets a new revision only with a `reason`
// (kFailedPrecondition otherwise, nothing stored). kFailedPrecondition when a sub-part of the
// part draws no task (its marks come from paper: results import-marks).
Result<FinalizeReport> FinalizeMarking(store::Database& db, const std::string& session_id,
                                       const std::string& part, const std::string& reason,
                                       const crypto::SigningKey& key, const Change& change);

// One line of the register of work files (sổ bài làm thực hành), for inspection: every version
// of every file the stations uploaded, and whether it is the version marked.
struct WorkRegisterLine {
  std::string sbd;
  std::string code;     // the marking code; empty when the candidate has none yet
  std::string subpart;  // of the task the file belongs to
  std::string task_id;
  int task_version = 0;
  MarkedFile file;
  bool marked = false;  // the latest version before the deadline: the one marked
};

// The register of session `session_id`, by candidate, task, file and version. kNotFound for an
// unknown session.
Result<std::vector<WorkRegisterLine>> WorkRegister(store::Database& db,
                                                   const std::string& session_id);

}  // namespace khaothi::centre
