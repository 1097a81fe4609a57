// `qbank stats`: active items per module × difficulty, the item-writing-flaw figures per module
// (bank/flaws.h) and, against a blueprint, per cell.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/bank/flaws.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/item.h"

#include "cli.h"

namespace khaothi::tools {

struct CellStats {
  engine::Cell cell;
  int available = 0;  // active items the blueprint may draw for the cell (Blueprint::Draws)
  int distinct = 0;   // the most a form could take: items of one exclusion group count once
  int shortfall = 0;  // max(0, cell.count - distinct)
};

struct StatsReport {
  int total = 0;
  // Rows in outline order, columns easy / medium / hard.
  std::vector<std::pair<std::string, std::array<int, 3>>> per_module;
  // Flaw figures, one row per module that has active items, in outline order.
  std::vector<bank::ModuleFlawStats> flaws;
  std::optional<engine::Blueprint> blueprint;
  std::vector<CellStats> cells;
  int short_cells = 0;
};

// kInvalidArgument when `blueprint_text` does not parse.
// REQUIRES: bank::CheckFlawOptions(flaw_options) is empty.
Result<StatsReport> BuildStats(const std::vector<engine::Item>& active,
                               const std::optional<std::string>& blueprint_text,
                               const bank::FlawOptions& flaw_options);

std::string RenderStats(const StatsReport& report, const std::string& snapshot_id,
                        const Messages& msg);

}  // namespace khaothi::tools
