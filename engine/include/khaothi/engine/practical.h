// Practical tasks (đề thực hành): one task of the practical test for one module, and how a form
// draws one task per sub-part of the blueprint's practical part.
//
// A PracticalTask is the content of a task package's manifest (docs/practical.md): its module
// (IU03 văn bản, IU04 bảng tính, IU05 trình chiếu; IU02 and IU06 allowed), its pool of equivalent
// tasks (đề A/B/C share a pool), the instructions and the starter and model-solution files (each
// named by its SHA-256 and size, the bytes are kept elsewhere), and the points table the markers
// follow. The question-bank library reads and writes the manifest (khaothi/bank/practical.h); the
// bank store keeps every version (khaothi/store/practical_store.h).
//
// The draw is a pure function of the blueprint, the tasks of the bank and the form's seed, like
// the multiple-choice form itself (docs/forms.md), with its own random stream so that adding
// practical tasks to a blueprint does not change the multiple-choice form a seed gives.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/status.h"

namespace khaothi::engine {

// A file of a package, named by its content. The bytes are the store's business.
struct PracticalFile {
  std::string name;    // IsPracticalFileName
  int64_t size = 0;    // bytes
  std::string sha256;  // 64 lower-case hex digits

  friend bool operator==(const PracticalFile&, const PracticalFile&) = default;
};

// How a points line's checks turn into a proposed mark (docs/practical.md, "Proposed marks").
enum class PartialRule {
  kProportional,  // the points times the mean score of the checks, rounded down to 0.25
  kAll,           // the points when every check passes, otherwise 0
};
std::string_view ToString(PartialRule rule);  // "proportional", "all"
std::optional<PartialRule> ParsePartialRule(std::string_view text);

// One line of the points table (bảng điểm / đáp án chấm): what the markers check and its worth.
struct PointsLine {
  std::string code;         // "1", "2a", "IU04.3": letters, digits, '.', '_', '-'; unique
  Points points;            // above 0
  std::string description;  // one line of text
  // The automatic checks behind the line, each "KIND key=value ..." as written in the manifest
  // (the checker library compiles them); none means the line is marked by hand only.
  std::vector<std::string> checks;
  PartialRule rule = PartialRule::kProportional;

  friend bool operator==(const PointsLine&, const PointsLine&) = default;
};

struct PracticalTask {
  // Like an item id: letters, digits, '.', '_', '-', at most 64 ("IU04-A").
  std::string id;
  // The version the store gave this content; 0 when not stored.
  int version = 0;
  std::string module;  // "IU04"
  std::string title;   // one line
  int minutes = 0;     // a time hint, 1..kMaxTaskMinutes
  // The suite the task is written for; kBoth when it does not depend on it.
  SoftwareChoice software = SoftwareChoice::kBoth;
  // The pool of equivalent tasks a blueprint draws from: letters, digits, '-', '_'.
  std::string pool;
  // Full marks of the task: the sum of `points`, stated in the manifest as a check.
  Points total;
  PracticalFile instructions;            // Markdown or plain text, Vietnamese, UTF-8 NFC
  std::vector<PracticalFile> starters;   // given to the candidate; may be empty
  std::vector<PracticalFile> solutions;  // the model solution; at least one
  std::vector<PointsLine> points;        // 1..kMaxPointsLines lines

  friend bool operator==(const PracticalTask&, const PracticalTask&) = default;
};

// The rules of docs/practical.md that concern the manifest alone (not the files' bytes):
// InvalidArgument naming the first problem, or OK. The points table must add up to `total`.
Status ValidatePracticalTask(const PracticalTask& task);

// The task one sub-part of a form draws.
struct DrawnTask {
  std::string part;     // the blueprint part ("practical")
  std::string subpart;  // "bang-tinh"
  std::string task_id;
  int task_version = 0;

  friend bool operator==(const DrawnTask&, const DrawnTask&) = default;
};

// What is wrong between `blueprint`'s practical sub-parts and `tasks` (the current version of
// every task in the bank), one message per problem, in blueprint order: a pool with no task of the
// sub-part's module ("sub-part bang-tinh: pool IU04-bang-tinh has no IU04 task"), a task of the
// pool whose module differs, a task whose points total is not the blueprint's scale (each sub-part
// is marked out of the scale; the part score is the mean of its sub-parts). Empty when a form can
// be drawn; a blueprint without practical tasks has no problems.
std::vector<std::string> CheckPracticalPools(const Blueprint& blueprint,
                                             const std::vector<PracticalTask>& tasks);

// The tasks of the form with `seed`: for every entered part, in blueprint order, and every
// sub-part of it that names a module, one task drawn uniformly from its pool (the tasks of the
// pool ordered by id). The random stream is xoshiro256** seeded with seed XOR
// kPracticalSeedSalt, one BoundedDraw per sub-part (docs/practical.md, "How a form draws its
// tasks"). InvalidArgument when two tasks share an id or the blueprint is invalid;
// ResourceExhausted with CheckPracticalPools's messages, one per line, when a pool cannot give a
// task. Empty for a blueprint without practical tasks.
Result<std::vector<DrawnTask>> DrawPracticalTasks(const Blueprint& blueprint,
                                                  const std::vector<PracticalTask>& tasks,
                                                  uint64_t seed);

// "PRACTICA" in ASCII: keeps the practical draw's stream apart from the multiple-choice form's.
inline constexpr uint64_t kPracticalSeedSalt = 0x5052414354494341ULL;

}  // namespace khaothi::engine
