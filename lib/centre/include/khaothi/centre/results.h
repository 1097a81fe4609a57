// Exam results of a session: the multiple-choice part as graded by the server (and regraded on
// re-marking, phúc khảo), the entered parts' marks (the practical, imported as CSV), and the
// overall verdict by the blueprint's rules (engine/grading.h: ScoreEnteredPart, Regrade,
// DecideOverall — the rules live there and only there).
//
// Every result revision is kept: attempts.result is revision 1 of the multiple-choice part;
// result_revisions holds regrades (2, 3, ...), each signed and naming the revision it
// supersedes; practical_marks holds one signed revision per (re-)marking. The latest revision
// counts. Records are signed with the results key (the server's receipt key), see
// signed_record.h; kinds "khaothi.result.v1" and "khaothi.marks.v1".
//
// Thread safety: functions take the Database the caller uses; callers serialise access to it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/grading.h"
#include "khaothi/engine/item_analysis.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre {

struct PartResult {
  std::string part;
  engine::Points score;
  bool passed = false;
  int revision = 1;
  std::vector<engine::Points> marks;  // entered parts only: the sub-part marks
  int64_t at_ms = 0;                  // submitted (multiple choice) or entered
};

struct CandidateResult {
  Candidate candidate;
  std::string attempt_state;  // "graded", "created" (absent), ...
  // By part name; a part without a result is missing.
  std::map<std::string, PartResult> parts;
  engine::OverallResult overall;

  bool passed() const { return overall.verdict == engine::Verdict::kPassed; }
};

struct SessionResults {
  SessionInfo session;
  engine::Blueprint blueprint;
  std::vector<CandidateResult> candidates;  // by sbd
};

// The session's results at `now_ms`. Carry-over of parts passed at earlier sittings is taken from
// earlier sessions of the same candidate (matched by id number) within the policy's window.
// kNotFound for an unknown session; kCorruption when a stored result does not parse.
Result<SessionResults> LoadResults(store::Database& db, const std::string& session_id,
                                   int64_t now_ms);

// Imports the marks of entered part `part` (empty: the blueprint's only entered part) from CSV:
// a header "sbd" then one column per sub-part, named as in the blueprint (or "mark"/"diem" for a
// part without sub-parts); comma or semicolon separated; a decimal comma is accepted with ';'.
// Every row or none: kInvalidArgument listing every bad line. A candidate who already has marks
// for the part gets a new revision only when `reason` is non-empty (a re-mark); otherwise
// kFailedPrecondition. Each revision is signed with `key`. Returns how many rows were stored.
Result<int> ImportMarks(store::Database& db, const std::string& session_id, std::string_view csv,
                        const std::string& part, const std::string& reason,
                        const crypto::SigningKey& key, const Change& change);

struct RegradeOutcome {
  std::string sbd;
  engine::Points before;
  engine::Points after;
  int revision = 0;
  bool changed = false;  // false: nothing stored (the score and credits are the same)
};

// Regrades (phúc khảo) the multiple-choice part of `sbd` (every graded candidate when empty) from
// the stored answers against the item versions in the candidate's form, the versions they were
// shown, with engine::Regrade: a version published later never changes an exam already given. A
// result that differs is stored as a new signed revision superseding the latest; the old ones
// stay. kInvalidArgument without a reason; kCorruption when a form's version is missing.
Result<std::vector<RegradeOutcome>> RegradeSession(
    store::Database& db, const std::string& session_id, const std::string& sbd,
    const std::string& reason, const crypto::SigningKey& key, const Change& change);

// A histogram of scores 0..scale in `bins` equal bins (the last one closed): counts[i] holds
// scores in [i*w, (i+1)*w). Pure.
std::vector<int> ScoreHistogram(const std::vector<engine::Points>& scores, engine::Points scale,
                                int bins);

// The graded attempts of `session_ids` as item-analysis input (engine/item_analysis.h): per
// attempt its slots in form order with the points earned (latest result revision), the options
// chosen and the key of the version graded. kNotFound for an unknown session.
Result<std::vector<engine::AttemptObservation>> LoadObservations(
    store::Database& db, const std::vector<std::string>& session_ids);

// Helpers shared by the results and certificate code.
// The text of a part score for display, with the policy's decimals.
std::string FormatScore(const engine::Points& p, const engine::Blueprint& b);

}  // namespace khaothi::centre
