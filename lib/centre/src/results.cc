// A session's results: every part of every candidate, as stored, and the score as shown.

#include "khaothi/centre/results.h"

#include <algorithm>

#include <boost/json.hpp>

#include "centre_internal.h"
#include "result_json.h"

namespace khaothi::centre {
namespace {

using internal::Audit;

// The latest multiple-choice result of (session, sbd), if graded.
Result<std::optional<PartResult>> LoadTheory(store::Database& db, const std::string& session_id,
                                             const std::string& sbd,
                                             const engine::Blueprint& blueprint) {
  store::Statement q = db.Prepare(
      "SELECT result, submitted_ms FROM attempts WHERE session_id = ?1 AND sbd = ?2 AND result "
      "IS NOT NULL AND result <> ''");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return std::optional<PartResult>();
  }
  std::string text = q.ColumnText(0);
  const int64_t at = q.ColumnInt64(1);
  store::Statement r = db.Prepare(
      "SELECT result FROM result_revisions WHERE session_id = ?1 AND sbd = ?2 "
      "ORDER BY revision DESC LIMIT 1");
  r.Bind(1, session_id);
  r.Bind(2, sbd);
  KHAOTHI_ASSIGN_OR_RETURN(bool rrow, r.Step());
  if (rrow) {
    text = r.ColumnText(0);
  }
  KHAOTHI_ASSIGN_OR_RETURN(engine::GradeResult g, internal::GradeFromJson(text, 0));
  PartResult p;
  p.part = blueprint.MultipleChoicePart().name;
  p.score = g.score;
  p.passed = g.passed;
  p.revision = g.revision;
  p.at_ms = at;
  return std::optional<PartResult>(std::move(p));
}

// The latest marks of every entered part of (session, sbd).
Result<std::vector<PartResult>> LoadEntered(store::Database& db, const std::string& session_id,
                                            const std::string& sbd) {
  store::Statement q = db.Prepare(
      "SELECT part, revision, marks, score, passed, entered_ms FROM practical_marks p "
      "WHERE session_id = ?1 AND sbd = ?2 AND revision = (SELECT max(revision) FROM "
      "practical_marks q WHERE q.session_id = p.session_id AND q.sbd = p.sbd AND q.part = "
      "p.part) ORDER BY part");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  std::vector<PartResult> out;
  KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) {
    PartResult p;
    p.part = row.ColumnText(0);
    p.revision = row.ColumnInt(1);
    p.marks = internal::MarksFromJson(row.ColumnText(2));
    p.score = engine::ParsePoints(row.ColumnText(3)).value_or(engine::Points{});
    p.passed = row.ColumnInt(4) != 0;
    p.at_ms = row.ColumnInt64(5);
    out.push_back(std::move(p));
  }));
  return out;
}

engine::PartOutcome Outcome(const PartResult& p) {
  return {p.part, p.score, p.passed, engine::TimePoint(engine::Duration(p.at_ms))};
}

}  // namespace

std::string FormatScore(const engine::Points& p, const engine::Blueprint& b) {
  return engine::FormatPoints(p, b.scoring.decimals);
}

Result<SessionResults> LoadResults(store::Database& db, const std::string& session_id,
                                   int64_t now_ms) {
  SessionResults out;
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo info, GetSession(db, session_id));
  out.session = std::move(info);
  Result<engine::Blueprint> bp = engine::ParseBlueprint(out.session.blueprint);
  if (!bp.ok()) {
    return Status::Corruption("the session's blueprint does not parse: " + bp.status().message());
  }
  out.blueprint = std::move(bp).value();
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<Candidate> cands, ListCandidates(db, session_id));
  std::vector<Candidate> sorted = std::move(cands);
  std::sort(sorted.begin(), sorted.end(),
            [](const Candidate& a, const Candidate& b) { return a.sbd < b.sbd; });
  const engine::TimePoint now{engine::Duration(now_ms)};
  for (Candidate& c : sorted) {
    CandidateResult r;
    store::Statement st =
        db.Prepare("SELECT state FROM attempts WHERE session_id = ?1 AND sbd = ?2");
    st.Bind(1, session_id);
    st.Bind(2, c.sbd);
    KHAOTHI_ASSIGN_OR_RETURN(bool srow, st.Step());
    r.attempt_state = srow ? st.ColumnText(0) : "none";
    KHAOTHI_ASSIGN_OR_RETURN(std::optional<PartResult> theory,
                             LoadTheory(db, session_id, c.sbd, out.blueprint));
    std::vector<engine::PartOutcome> this_sitting;
    if (theory) {
      this_sitting.push_back(Outcome(*theory));
      r.parts[(theory)->part] = *theory;
    }
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<PartResult> entered, LoadEntered(db, session_id, c.sbd));
    for (PartResult& p : entered) {
      this_sitting.push_back(Outcome(p));
      r.parts[p.part] = std::move(p);
    }
    // Earlier sittings of the same person (by id number) in sessions dated before this one.
    std::vector<engine::PartOutcome> earlier;
    store::Statement prev = db.Prepare(
        "SELECT c.session_id, c.sbd FROM candidates c JOIN sessions s ON s.id = c.session_id "
        "WHERE c.id_number = ?1 AND s.exam_date < ?2 AND s.blueprint_id = ?3");
    prev.Bind(1, c.id_number);
    prev.Bind(2, out.session.exam_date);
    prev.Bind(3, out.blueprint.id);
    KHAOTHI_RETURN_IF_ERROR(prev.ForEachRow([&](const store::Statement& row) {
      const std::string psession = row.ColumnText(0);
      const std::string psbd = row.ColumnText(1);
      Result<std::optional<PartResult>> pt = LoadTheory(db, psession, psbd, out.blueprint);
      if (pt.ok() && *pt) {
        earlier.push_back(Outcome(**pt));
      }
      Result<std::vector<PartResult>> pe = LoadEntered(db, psession, psbd);
      if (pe.ok()) {
        for (const PartResult& p : *pe) {
          earlier.push_back(Outcome(p));
        }
      }
    }));
    r.overall = engine::DecideOverall(out.blueprint, this_sitting, earlier, now);
    r.candidate = std::move(c);
    out.candidates.push_back(std::move(r));
  }
  return out;
}

}  // namespace khaothi::centre
