// Private to khaothi_engine: what the blueprint's model and validation (blueprint.cc) and its
// text form (blueprint_text.cc) share — the limits, the name and code checks, and Validate, which
// reports errors at the lines of the text the blueprint came from when there is one.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/status.h"

namespace khaothi::engine::blueprint_internal {

inline constexpr int64_t kMaxPoints = 1'000'000 * Points::kOne;
inline constexpr int kMaxCellCount = 1000;
inline constexpr int kMaxFormItems = 1000;
inline constexpr int kMaxDurationMinutes = 24 * 60;
inline constexpr int kMaxCarryOverMonths = 120;
// Points per item and the scale stay below 1,000 so that grading's products fit in 64 bits.
inline constexpr Points kMaxItemPoints = Points::Whole(1000);

// Letters, digits, '-' and '_', 1..64 bytes.
bool IsValidName(std::string_view s);
// "IU04".
bool IsModuleCode(std::string_view s);
// "IU04.5", "IU04.5.1": the module, then one or more '.'-separated numbers.
bool IsTopicCode(std::string_view s);

// Where things came from in the text, for error messages; empty for a blueprint built in code.
struct LineInfo {
  int last = 0;
  int id = 0;
  int scale = 0;
  int decimals = 0;
  std::vector<int> part_header;
  std::vector<int> part_pass;
  std::vector<int> cells;
};

// Checks `b` against the rules of docs/blueprint.md; errors name a line of `lines` when it is not
// null (a blueprint read from text), else only what is wrong.
Status Validate(const Blueprint& b, const LineInfo* lines);

}  // namespace khaothi::engine::blueprint_internal
