// Blueprints (ma trận đề): what one exam is made of and how it is scored.
//
// A Blueprint names the parts of the exam and the rule each must pass, the cells of its
// multiple-choice part (module, optional topic prefix, difficulty, how many items, points per
// item), the time allowed, the order of questions, whether options are shuffled, whether the
// candidate sees the score, and the scoring policy (scale, rounding, carry-over of passed parts).
// Its defaults are the centre policy of docs/regulations.md §3: scale 10, 2 decimals rounded
// half-up, pass at 5.00 per part, a 40 % floor per practical sub-part, passed parts kept for 12
// months.
//
// The text form is documented in docs/blueprint.md; ParseBlueprint and SerializeBlueprint convert
// between it and the struct, and Parse(Serialize(b)) == b for every valid b.
//
// Every amount of points is an exact decimal (Points), never a double, so that "5.00 passes" and
// half-up rounding mean exactly what is written.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/item.h"
#include "khaothi/engine/status.h"

namespace khaothi::engine {

// An exact decimal amount of points, kept in ten-thousandths: 1.25 points is {12500}.
struct Points {
  static constexpr int64_t kOne = 10000;
  static constexpr int kMaxDecimals = 4;

  int64_t ten_thousandths = 0;

  static constexpr Points Whole(int64_t n) { return {n * kOne}; }

  friend auto operator<=>(const Points&, const Points&) = default;
};

// "5", "5.25", "0.0001", at most four decimals, no sign, no exponent; nullopt otherwise or when
// the value exceeds 1,000,000 points.
std::optional<Points> ParsePoints(std::string_view s);
// The shortest exact spelling ("5", "5.25"): FormatPoints(*ParsePoints(s)) reads back the same.
std::string FormatPoints(Points p);
// Exactly `decimals` decimals (0..4), for display: FormatPoints({50000}, 2) == "5.00".
// REQUIRES: p has no more than `decimals` significant decimals (it was rounded to them).
std::string FormatPoints(Points p, int decimals);

enum class QuestionOrder {
  kGroupedByModule,  // modules in code order (IU01, IU02, ...); items shuffled within a module
  kShuffled,         // all items in one random order
};
enum class PartKind {
  kMultipleChoice,  // generated from the bank and graded by the engine
  kEntered,         // marks entered later by the markers (the practical test)
};
enum class RoundingMode {
  kHalfUp,    // 4.125 -> 4.13 (the centre's rule)
  kHalfEven,  // 4.125 -> 4.12, 4.135 -> 4.14
  kDown,      // 4.129 -> 4.12
};

// The office software a centre examines on: which items a form may draw (Item::software).
enum class SoftwareChoice {
  kBoth,         // every item, whatever its software
  kMicrosoft,    // items for any software and Microsoft Office items
  kLibreOffice,  // items for any software and LibreOffice items
};

// "grouped-by-module" / "shuffled", "multiple-choice" / "entered", "half-up" / "half-even" /
// "down", "both" / "microsoft" / "libreoffice"; the Parse functions are their exact inverses.
std::string_view ToString(QuestionOrder o);
std::string_view ToString(PartKind k);
std::string_view ToString(RoundingMode m);
std::string_view ToString(SoftwareChoice s);
std::optional<QuestionOrder> ParseQuestionOrder(std::string_view s);
std::optional<PartKind> ParsePartKind(std::string_view s);
std::optional<RoundingMode> ParseRoundingMode(std::string_view s);
std::optional<SoftwareChoice> ParseSoftwareChoice(std::string_view s);

// Whether a centre examining on `choice` may ask `item`: always for kBoth and for an item whose
// software is kAny, otherwise only when the item's software is the chosen suite.
bool SoftwareMatches(SoftwareChoice choice, const Item& item);

// One cell of the matrix: `count` distinct items of `module` (and, when set, of a topic under
// `topic_prefix`) at `difficulty`, each worth `points`.
struct Cell {
  std::string module;        // "IU04"
  std::string topic_prefix;  // "" or an outline code under `module`: "IU04.5", "IU04.5.1"
  Difficulty difficulty = Difficulty::kEasy;
  int count = 1;  // 1..1000
  Points points = Points::Whole(1);

  friend bool operator==(const Cell&, const Cell&) = default;
};

// "IU04 hard", "IU04.5 easy": how a cell is named in messages and in the blueprint file.
std::string CellLabel(const Cell& cell);

// Whether `item` belongs to `cell`: same module, the topic equal to `topic_prefix` or under it
// ("IU04.5" covers "IU04.5.1" but not "IU04.50.1"), and the same difficulty. The item's status is
// not looked at: callers count or draw among active items only.
bool CellMatches(const Cell& cell, const Item& item);

// How scores are computed and kept.
struct ScoringPolicy {
  // Full marks of every part.
  Points scale = Points::Whole(10);
  // Part scores are rounded to this many decimals (0..4) with `rounding`.
  int decimals = 2;
  RoundingMode rounding = RoundingMode::kHalfUp;
  // A part passed at an earlier sitting counts for a retake started within this many calendar
  // months (0 = never carried over).
  int carry_over_months = 12;

  friend bool operator==(const ScoringPolicy&, const ScoringPolicy&) = default;
};

// An entered part's sub-part whose task each form draws from the bank's practical task
// packages (docs/practical.md): one task of `module` from `pool`.
struct SubpartTask {
  std::string subpart;  // one of Part::subparts
  std::string module;   // "IU04"
  std::string pool;     // letters, digits, '-', '_'; by default the module code

  friend bool operator==(const SubpartTask&, const SubpartTask&) = default;
};

struct Part {
  // Unique within the blueprint: letters, digits, '-' and '_' ("theory", "practical").
  std::string name;
  PartKind kind = PartKind::kMultipleChoice;
  // The rounded part score must be at least this (0 <= pass <= scale).
  Points pass = Points::Whole(5);
  // Entered parts only: the names of the sub-parts whose marks are entered separately. The part
  // score is their mean, and each must reach `floor_basis_points` of the scale. Empty: one mark.
  std::vector<std::string> subparts;
  // The floor per sub-part in hundredths of a percent (4000 = 40 %), 0..10000.
  int floor_basis_points = 4000;
  // Entered parts only: the sub-parts that draw a task from the bank, in `subparts` order, at most
  // one per sub-part and per module. Sub-parts without one are marked on paper (marks entered).
  std::vector<SubpartTask> tasks;

  friend bool operator==(const Part&, const Part&) = default;
};

struct Blueprint {
  // Letters, digits, '.', '_' and '-', at most 64 bytes ("basic-30"); stored with each form.
  std::string id;
  // Free text, one line.
  std::string name;
  // Exactly one multiple-choice part, and any number of entered parts.
  std::vector<Part> parts;
  // The cells of the multiple-choice part, in the order they are drawn. At least one; no two
  // with the same module, topic prefix and difficulty.
  std::vector<Cell> cells;
  // Time for the multiple-choice part.
  std::chrono::minutes duration{30};
  QuestionOrder order = QuestionOrder::kGroupedByModule;
  bool shuffle_options = true;
  // Whether the candidate sees the score when the attempt ends.
  bool show_score = true;
  // Which office software the items may be about. Form generation, its re-derivation by the
  // audit and `qbank stats --blueprint` all draw from the items Draws() accepts.
  SoftwareChoice software = SoftwareChoice::kBoth;
  ScoringPolicy scoring;

  // The number of items a form has: the sum of the cells' counts.
  int ItemCount() const;
  // The multiple-choice part. REQUIRES: the blueprint is valid.
  const Part& MultipleChoicePart() const;
  // Whether a form of this blueprint may draw `item` for `cell` (one of `cells`): CellMatches and
  // SoftwareMatches. The status is not looked at, as in CellMatches.
  bool Draws(const Cell& cell, const Item& item) const;

  friend bool operator==(const Blueprint&, const Blueprint&) = default;
};

// Parses the text form (docs/blueprint.md). On failure the status is InvalidArgument and its
// message starts with the line: "line 12: unknown difficulty 'hrad'". Whole-blueprint problems
// (no multiple-choice part) name the last line.
Result<Blueprint> ParseBlueprint(std::string_view text);

// The text form, with every field written out and cells under the multiple-choice part.
// REQUIRES: ValidateBlueprint(b).ok()
std::string SerializeBlueprint(const Blueprint& b);

// The rules ParseBlueprint enforces, for a blueprint built in code: InvalidArgument naming the
// first problem, or OK.
Status ValidateBlueprint(const Blueprint& b);

}  // namespace khaothi::engine
