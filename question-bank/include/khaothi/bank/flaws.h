// Item-writing-flaw checks: cues that let a candidate who does not know the answer pick the key
// anyway (the key is the longest option, "all of the above", a stem word repeated only in the
// key), stems that hide their negative, command items that name no program, and items of
// different modules that ask the same thing. The rules and their thresholds are documented in
// docs/bank-format.md ("Item-writing-flaw checks"). They give warnings, never errors: a flawed
// item is still a valid item.
//
// All functions are pure and thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/item.h"

namespace khaothi::bank {

// The thresholds of the flaw checks; every field has a documented default and a `qbank` option.
struct FlawOptions {
  // An item's key is "much longer" when its length is at least this many times the length of
  // its longest distractor. Must be > 1. (`--key-ratio`)
  double key_much_longer_ratio = 1.5;
  // Two items of different modules outside a common exclusion group are reported when the
  // similarity (as StemSimilarity) of their stems followed by their keys is at least this. Lower
  // than kNearDuplicateThreshold: the same task asked in two programs is worded differently.
  // In (0, 1]. (`--cross-module-similarity`)
  double cross_module_similarity = 0.45;
  // A module is reported when the key is strictly the longest option in more than this share of
  // its single-key items. In [0, 1]. (`--max-key-longest`)
  double max_key_longest_rate = 0.30;
  // A module is reported when "always pick the longest option" scores more than this share of
  // the points. In [0, 1]. (`--max-always-longest`)
  double max_always_longest_score = 0.35;
  // The two module rates above are judged only for modules with at least this many items: on a
  // handful of items a rate says nothing. >= 1. (`--min-module-items`)
  int min_module_items = 20;
};

// Empty when every field is within its range, else an English message naming the first bad one.
std::string CheckFlawOptions(const FlawOptions& options);

enum class FlawKind {
  kKeyMuchLonger,         // key >= ratio × the longest distractor
  kAllOrNone,             // an "all of the above" / "none of the above" option
  kNegativeStem,          // a negative stem whose negative word is not in capitals
  kStemKeyWord,           // a content word of the stem found in the key and in no distractor
  kProgramNotNamed,       // a shortcut or menu path in the options, no program in the stem
  kCrossModuleDuplicate,  // stem and key close to another module's item, no common group
  kKeyLongestRate,        // module: key strictly longest too often
  kAlwaysLongestScore,    // module: "always pick the longest" scores too much
};
inline constexpr size_t kFlawKindCount = 8;

// "key-much-longer", "all-or-none", "negative-stem", "stem-key-word", "program-not-named",
// "cross-module-duplicate", "key-longest-rate", "always-longest-score".
std::string_view ToString(FlawKind kind);

// One flaw. `item` indexes the vector given to FindFlaws; for the two module kinds it is the
// module's first item. `message` is English and starts with "item <id>: " or "module <code>: ".
struct Flaw {
  FlawKind kind;
  size_t item = 0;
  std::string message;
};

// Figures of one module.
struct ModuleFlawStats {
  std::string module;
  int items = 0;
  // Items with exactly one correct option and at least one distractor: the base of the rate.
  int single_key = 0;
  // Of those, the items whose key is longer than every distractor.
  int key_strictly_longest = 0;
  // The points "always pick the longest option" earns, summed over all items of the module
  // (each item is worth 1; a tie among the longest splits evenly).
  double always_longest_points = 0;
  // Warnings of each kind, indexed by FlawKind.
  std::array<int, kFlawKindCount> counts{};

  double key_longest_rate() const;      // key_strictly_longest / single_key; 0 when none
  double always_longest_score() const;  // always_longest_points / items; 0 when none
};

struct FlawReport {
  std::vector<Flaw> flaws;
  // In order of first appearance of the module among the items.
  std::vector<ModuleFlawStats> modules;
};

// The length by which options are compared: Unicode code points of the NFC form (what a reader
// sees as characters in Vietnamese, where every letter has a precomposed form). REQUIRES: valid
// UTF-8.
size_t OptionLength(std::string_view text);

// Runs every flaw check over `items` (a whole bank: the cross-module check compares all pairs).
// REQUIRES: CheckFlawOptions(options) is empty.
FlawReport FindFlaws(const std::vector<engine::Item>& items, const FlawOptions& options);

}  // namespace khaothi::bank
