// Grading and pass rules: item credit, part scores on the scale with exact rounding, the pass
// rule per part (with the practical's per-sub-part floor), the carry-over of passed parts to a
// retake, and regrading (against the versions the candidate was shown).
//
// Item credit follows the scoring contract at the top of item.h. It is kept in millionths of the
// item's points (kFullCredit); a weight in percent is converted once, rounded to the nearest
// 0.0001 % (GIFT weights such as 33.33333 are therefore exact to that step). Part scores are
// computed with integers only: score = scale × earned / possible, rounded once to the policy's
// decimals with the policy's rounding mode, so "half-up to 2 decimals" is exact and never subject
// to binary floating point. Pass rules compare the rounded score.
//
// A GradeResult is immutable history: regrading (phúc khảo) returns a new result
// whose `supersedes` names the revision it replaces; the caller keeps both.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/clock.h"
#include "khaothi/engine/form.h"
#include "khaothi/engine/item.h"
#include "khaothi/engine/status.h"

namespace khaothi::engine {

// Credit is in millionths of an item's points.
inline constexpr int64_t kFullCredit = 1'000'000;

// The credit `chosen` (authored option indices, no repeats) earns on `item`, 0..kFullCredit:
//   - single answer: exactly one option chosen, which earns its weight when the item is weighted,
//     else full credit when it is correct; none or several chosen earn 0;
//   - multiple answer without weights: full credit when the chosen set equals the key, else 0;
//   - multiple answer with weights: the sum of the chosen options' weights (an option without one
//     counts 0), clamped to [0, 100] %.
// Indices outside the item's options earn 0.
int64_t ItemCredit(const Item& item, const std::vector<int>& chosen);

// The authored indices behind positions the candidate saw: option_order[p] for each p. Positions
// outside the slot are dropped.
std::vector<int> DisplayedToAuthored(const FormSlot& slot, const std::vector<int>& displayed);

// Rounds scale × numerator / denominator (in ten-thousandths of a point) to policy.decimals with
// policy.rounding, exactly. REQUIRES: numerator >= 0, denominator > 0.
Points ScaleAndRound(int64_t numerator, int64_t denominator, const ScoringPolicy& policy);

struct SlotGrade {
  std::string item_id;
  int item_version = 0;  // the version whose key was used
  int64_t credit = 0;    // 0..kFullCredit
  Points points;         // what the item is worth (its cell's points)

  friend bool operator==(const SlotGrade&, const SlotGrade&) = default;
};

struct GradeResult {
  // 1 for the first grading, then 2, 3, ... for each regrade of the same attempt.
  int revision = 1;
  // The revision this result replaces; nullopt for the first.
  std::optional<int> supersedes;
  // Why it was regraded ("phúc khảo theo đơn ngày 12/12"); empty for the first.
  std::string reason;
  std::string blueprint_id;
  uint64_t seed = 0;
  std::vector<SlotGrade> slots;
  // Σ credit × points and Σ kFullCredit × points, in millionths of ten-thousandths of a point:
  // the exact fraction behind `score`.
  int64_t earned = 0;
  int64_t possible = 0;
  // The multiple-choice part's score on the scale, rounded by the policy.
  Points score;
  bool passed = false;

  friend bool operator==(const GradeResult&, const GradeResult&) = default;
};

// The items behind a form's slots, found in `bank` by id and version. NotFound names the first
// missing one. The pointers point into `bank`.
Result<std::vector<const Item*>> ResolveFormItems(const Form& form, const std::vector<Item>& bank);

// Grades the multiple-choice part. `slot_items[i]` is the item of form slot i in the form's
// version, `responses[i]` the authored indices chosen (Attempt::Responses()). InvalidArgument when
// the sizes differ, an item is not the slot's (id, version, option count), or a slot's cell is
// not in the blueprint.
Result<GradeResult> GradeAttempt(const Form& form, const std::vector<const Item*>& slot_items,
                                 const std::vector<std::vector<int>>& responses,
                                 const Blueprint& blueprint);

// Grades again (phúc khảo): exactly like GradeAttempt, against the versions the form holds, which
// are the versions the candidate was shown. A newer version of an item is refused like any other
// item: it may order its options differently, so the authored indices of the stored answers would
// name other options (a later edit never changes an exam already given). The result has revision
// previous.revision + 1, supersedes previous.revision, and `reason`; `previous` is untouched.
// InvalidArgument when `reason` is empty, `previous` is of another form, or an item is not the
// slot's (id, version, option count).
Result<GradeResult> Regrade(const GradeResult& previous, const Form& form,
                            const std::vector<const Item*>& slot_items,
                            const std::vector<std::vector<int>>& responses,
                            const Blueprint& blueprint, std::string reason);

struct PartScore {
  std::string part;
  Points score;
  bool passed = false;

  friend bool operator==(const PartScore&, const PartScore&) = default;
};

// The score of an entered part (the practical) from its marks: one per sub-part, in the part's
// order, or a single mark when it has none. The score is the mean of the marks, rounded by the
// policy; it passes when the score reaches `pass` and every mark reaches floor × scale.
// InvalidArgument when the number of marks is wrong, a mark is outside 0..scale, or it has more
// decimals than the policy keeps (4.9999 must not round up to a pass).
Result<PartScore> ScoreEnteredPart(const Part& part, const std::vector<Points>& marks,
                                   const ScoringPolicy& policy);

// The result of one part at one sitting.
struct PartOutcome {
  std::string part;
  Points score;
  bool passed = false;
  TimePoint sat_at{};

  friend bool operator==(const PartOutcome&, const PartOutcome&) = default;
};

enum class Verdict { kPassed, kFailed, kPending };
std::string_view ToString(Verdict v);

struct PartDecision {
  enum class Source { kThisSitting, kCarriedOver, kMissing };
  std::string part;
  Source source = Source::kMissing;
  // The outcome that counts; nullopt when missing.
  std::optional<PartOutcome> outcome;

  friend bool operator==(const PartDecision&, const PartDecision&) = default;
};

struct OverallResult {
  // kFailed when some part failed at this sitting and no passed result carries over; else
  // kPending when some part has no result yet (practical marks not entered); else kPassed.
  Verdict verdict = Verdict::kPending;
  std::vector<PartDecision> parts;  // in blueprint order

  friend bool operator==(const OverallResult&, const OverallResult&) = default;
};

// The exam result at `now`: each blueprint part is taken from this sitting when it passed there;
// otherwise from the most recent earlier sitting that passed it, if `now` is before that sitting
// plus carry_over_months calendar months; otherwise from this sitting (failed) or missing.
// Outcomes naming parts the blueprint does not have are ignored.
OverallResult DecideOverall(const Blueprint& blueprint,
                            const std::vector<PartOutcome>& this_sitting,
                            const std::vector<PartOutcome>& earlier, TimePoint now);

// `t` plus `months` calendar months, in UTC, keeping the time of day; a day past the end of the
// target month becomes its last day (31 January + 1 month = 28 or 29 February).
TimePoint AddCalendarMonths(TimePoint t, int months);

}  // namespace khaothi::engine
