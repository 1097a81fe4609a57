// The item model: one multiple-choice question of the bank, in one version.
//
// An Item is a plain value. Its text fields are kept normalised (see NormalizeText in
// question-bank): UTF-8, NFC, LF line ends, no trailing whitespace on any line and no leading or
// trailing blank lines, so that two items that read the same compare equal.
//
// Scoring contract (the engine's grading implements it):
//   - kSingle: the candidate picks at most one option. The item scores the chosen option's
//     `weight` percent when it has one, else 100 % when the option is `correct`, else 0.
//   - kMultiple without any weight: all-or-nothing; full marks when the chosen set equals the set
//     of correct options.
//   - kMultiple with weights (GIFT `%w%`): the sum of the chosen options' weights, clamped to
//     [0, 100] percent per item. Options without a weight count 0.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khaothi::engine {

enum class Difficulty { kEasy, kMedium, kHard };
enum class ItemStatus { kDraft, kActive, kRetired };
enum class ResponseMode { kSingle, kMultiple };
// The office software an item is about. kAny: the item holds for any software (its command or
// menu is the same in Microsoft Office and LibreOffice) or is not about office software at all.
// A centre that examines on one suite draws only kAny items and that suite's items (blueprint
// option `software`).
enum class Software { kAny, kMicrosoft, kLibreOffice };

// "easy" / "medium" / "hard", "draft" / "active" / "retired", "single" / "multiple",
// "any" / "microsoft" / "libreoffice".
std::string_view ToString(Difficulty d);
std::string_view ToString(ItemStatus s);
std::string_view ToString(ResponseMode m);
std::string_view ToString(Software s);
// The inverses; nullopt for any other spelling (matching is exact and case-sensitive).
std::optional<Difficulty> ParseDifficulty(std::string_view s);
std::optional<ItemStatus> ParseItemStatus(std::string_view s);
std::optional<ResponseMode> ParseResponseMode(std::string_view s);
std::optional<Software> ParseSoftware(std::string_view s);

inline constexpr int kMinOptions = 2;
inline constexpr int kMaxOptions = 6;

struct Option {
  std::string text;
  // Part of the key.
  bool correct = false;
  // Percent of the item's points earned by choosing this option (may be negative); nullopt when
  // the item is scored by `correct` alone.
  std::optional<double> weight;
  // Keeps its position when options are shuffled ("Tất cả các phương án trên").
  bool fixed = false;
  // Shown after the exam when the candidate chose this option; may be empty.
  std::string feedback;

  friend bool operator==(const Option&, const Option&) = default;
};

struct Item {
  // Stable id, for example "IU01-0042": letters, digits, '.', '_' and '-', at most 64 bytes.
  std::string id;
  // 1, 2, ... as assigned by the item store; 0 for an item not stored yet.
  int version = 0;
  // A free label kept from the source (GIFT `::name::`); may be empty.
  std::string name;
  // "IU01".."IU15"; empty only in a draft whose source carried none.
  std::string module;
  // A leaf of the outline, for example "IU01.1.2"; empty only in a draft.
  std::string topic;
  // nullopt only in a draft.
  std::optional<Difficulty> difficulty;
  ResponseMode mode = ResponseMode::kSingle;
  std::string stem;
  std::vector<Option> options;
  // Items sharing a non-empty group never appear in the same form.
  std::string exclusion_group;
  // The office suite whose commands the item asks about; kAny when it holds for any. Items of a
  // Microsoft/LibreOffice parallel pair share an exclusion group.
  Software software = Software::kAny;
  // Why the key is right; shown to reviewers and, by policy, after the exam.
  std::string explanation;
  ItemStatus status = ItemStatus::kDraft;

  // True when any option carries a weight.
  bool weighted() const;
  // Number of options marked correct.
  int correct_count() const;

  friend bool operator==(const Item&, const Item&) = default;
};

// Whether `id` is a well-formed item id.
bool IsValidItemId(std::string_view id);

// One thing wrong with an item. `field` names the part ("stem", "options", "key", "topic", ...),
// `message` says what is wrong in English.
struct ItemProblem {
  std::string field;
  std::string message;

  friend bool operator==(const ItemProblem&, const ItemProblem&) = default;
};

class Outline;

// Every rule an item must satisfy on its own: a valid id; 2–6 options; no empty stem or option;
// weights within [-100, 100] %; no two options with the same text; at least one correct option, and
// exactly one in a single-answer item; a known module and a topic that is a leaf of `outline` under
// that module; a difficulty; a software value that is one of the enumerators (any value of
// Software is otherwise valid in any module). Drafts may lack module, topic and difficulty. An
// empty result means valid.
std::vector<ItemProblem> CheckItem(const Item& item, const Outline& outline);

}  // namespace khaothi::engine
