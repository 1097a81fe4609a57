// Synthetic banks and blueprints for the engine's tests and benchmarks. Header-only; test code.
#pragma once

#include <string>
#include <vector>

#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/item.h"
#include "khaothi/engine/outline.h"

namespace khaothi::engine::testing {

// `total` active items spread round-robin over IU01..IU06, difficulties 40 % easy, 40 % medium,
// 20 % hard, four options (one correct; every seventh item has a fixed last option; every fifth
// is a multiple-answer item with two keys; every eleventh is weighted). Every `group_every`-th item
// of a module shares an exclusion group with the item after it (0: no groups).
inline std::vector<Item> SyntheticBank(int total, int group_every = 9) {
  const Outline& outline = Outline::Default();
  std::vector<Item> bank;
  bank.reserve(static_cast<size_t>(total));
  int per_module[7] = {};
  for (int k = 0; k < total; ++k) {
    const int m = 1 + k % 6;
    const int n = per_module[m]++;
    Item item;
    const std::string module = "IU0" + std::to_string(m);
    std::string number = std::to_string(n + 1);
    number.insert(0, 4 - number.size(), '0');
    item.id = module + "-" + number;
    item.version = 1 + n % 3;
    item.module = module;
    const auto leaves = outline.LeavesOf(module);
    item.topic = leaves[static_cast<size_t>(n / 10 + n) % leaves.size()]->code;
    const int band = n % 10;
    item.difficulty = band < 4   ? Difficulty::kEasy
                      : band < 8 ? Difficulty::kMedium
                                 : Difficulty::kHard;
    item.status = ItemStatus::kActive;
    item.stem = "Câu hỏi " + item.id;
    for (int o = 0; o < 4; ++o) {
      Option opt;
      opt.text = "Phương án " + std::to_string(o);
      opt.correct = o == n % 4;
      item.options.push_back(opt);
    }
    if (n % 5 == 0) {
      item.mode = ResponseMode::kMultiple;
      item.options[static_cast<size_t>((n + 1) % 4)].correct = true;
      if (n % 11 == 0) {
        for (Option& o : item.options) {
          o.weight = o.correct ? 50.0 : -100.0;
        }
      }
    }
    if (n % 7 == 0) {
      item.options[3].fixed = true;
    }
    if (group_every > 0 && (n % group_every == 0 || n % group_every == 1)) {
      item.exclusion_group = module + "-G" + std::to_string(n / group_every);
    }
    bank.push_back(std::move(item));
  }
  return bank;
}

// 30 items: 5 per module IU01..IU06, 2 easy / 2 medium / 1 hard, like basic-30.blueprint.
inline Blueprint Basic30() {
  Blueprint b;
  b.id = "basic-30";
  b.name = "test";
  Part theory;
  theory.name = "theory";
  theory.kind = PartKind::kMultipleChoice;
  Part practical;
  practical.name = "practical";
  practical.kind = PartKind::kEntered;
  practical.subparts = {"van-ban", "bang-tinh", "trinh-chieu"};
  b.parts = {theory, practical};
  for (int m = 1; m <= 6; ++m) {
    const std::string module = "IU0" + std::to_string(m);
    b.cells.push_back({module, "", Difficulty::kEasy, 2});
    b.cells.push_back({module, "", Difficulty::kMedium, 2});
    b.cells.push_back({module, "", Difficulty::kHard, 1});
  }
  return b;
}

}  // namespace khaothi::engine::testing
