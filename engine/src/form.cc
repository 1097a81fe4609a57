#include "khaothi/engine/form.h"

#include <algorithm>
#include <map>
#include <span>
#include <utility>

#include "khaothi/engine/random.h"

namespace khaothi::engine {

Result<FormGenerator> FormGenerator::Create(const std::vector<Item>& bank,
                                            const Blueprint& blueprint) {
  KHAOTHI_RETURN_IF_ERROR(ValidateBlueprint(blueprint));
  FormGenerator g;
  g.blueprint_id_ = blueprint.id;
  g.shuffle_options_ = blueprint.shuffle_options;
  g.order_ = blueprint.order;
  g.cells_ = blueprint.cells;
  g.item_count_ = blueprint.ItemCount();
  g.pools_.resize(blueprint.cells.size());

  // The draw must not depend on the order in which the snapshot lists its items: work in id order.
  std::vector<const Item*> active;
  active.reserve(bank.size());
  for (const Item& item : bank) {
    if (item.status == ItemStatus::kActive) {
      active.push_back(&item);
    }
  }
  std::sort(active.begin(), active.end(),
            [](const Item* a, const Item* b) { return a->id < b->id; });
  for (size_t i = 1; i < active.size(); ++i) {
    if (active[i]->id == active[i - 1]->id) {
      return Status::InvalidArgument("the bank snapshot has item " + active[i]->id + " twice");
    }
  }

  std::map<std::string, int> groups;
  std::map<std::string, int> module_ranks;
  for (const Cell& c : blueprint.cells) {
    module_ranks.emplace(c.module, 0);
  }
  int rank = 0;
  for (auto& [module, r] : module_ranks) {
    r = rank++;
  }
  for (const Item* item : active) {
    bool matched = false;
    for (size_t c = 0; c < blueprint.cells.size(); ++c) {
      if (blueprint.Draws(blueprint.cells[c], *item)) {
        if (!matched) {
          if (item->options.size() > 32) {
            return Status::InvalidArgument("item " + item->id + " has more than 32 options");
          }
          Entry e;
          e.id = item->id;
          e.version = item->version;
          e.option_count = static_cast<int>(item->options.size());
          for (size_t o = 0; o < item->options.size(); ++o) {
            if (item->options[o].fixed) {
              e.fixed_mask |= 1U << o;
            }
          }
          if (!item->exclusion_group.empty()) {
            e.group = groups.emplace(item->exclusion_group, static_cast<int>(groups.size()))
                          .first->second;
          }
          e.module_rank = module_ranks.at(item->module);
          g.entries_.push_back(std::move(e));
          matched = true;
        }
        g.pools_[c].push_back(static_cast<uint32_t>(g.entries_.size() - 1));
      }
    }
  }
  for (const auto& pool : g.pools_) {
    g.largest_pool_ = std::max(g.largest_pool_, pool.size());
  }
  return g;
}

std::vector<int> FormGenerator::MatchingCounts() const {
  std::vector<int> counts;
  counts.reserve(pools_.size());
  for (const auto& pool : pools_) {
    counts.push_back(static_cast<int>(pool.size()));
  }
  return counts;
}

Result<Form> FormGenerator::Generate(uint64_t seed,
                                     const std::set<std::string>& recently_seen) const {
  Xoshiro256 rng(seed);
  const size_t n = static_cast<size_t>(item_count_);
  // picked[k] indexes entries_; picked_cell[k] is the cell it was drawn for.
  std::vector<uint32_t> picked;
  std::vector<int> picked_cell;
  std::vector<int> used_groups;
  picked.reserve(n);
  picked_cell.reserve(n);
  used_groups.reserve(n);
  std::vector<uint32_t> scratch(largest_pool_);
  std::string shortfalls;
  // The recently seen items as indices into entries_ (which is in id order), sorted, so that each
  // candidate is checked with an integer search rather than a string lookup.
  std::vector<uint32_t> seen;
  for (const std::string& id : recently_seen) {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), id,
                               [](const Entry& e, const std::string& v) { return e.id < v; });
    if (it != entries_.end() && it->id == id) {
      seen.push_back(static_cast<uint32_t>(it - entries_.begin()));
    }
  }
  std::sort(seen.begin(), seen.end());
  std::vector<uint32_t> tier_b_items;

  for (size_t c = 0; c < cells_.size(); ++c) {
    const std::vector<uint32_t>& pool = pools_[c];
    // Tier A (not seen recently) first, then tier B (seen), each in id order.
    size_t tier_a = 0;
    if (seen.empty()) {
      std::copy(pool.begin(), pool.end(), scratch.begin());
      tier_a = pool.size();
    } else {
      // Both the pool (entries_ is in id order) and `seen` are ascending: one merge pass splits
      // the tiers, each kept in id order.
      tier_b_items.clear();
      auto s = seen.begin();
      for (uint32_t e : pool) {
        while (s != seen.end() && *s < e) {
          ++s;
        }
        if (s != seen.end() && *s == e) {
          tier_b_items.push_back(e);
        } else {
          scratch[tier_a++] = e;
        }
      }
      std::copy(tier_b_items.begin(), tier_b_items.end(),
                scratch.begin() + static_cast<std::ptrdiff_t>(tier_a));
    }
    const int need = cells_[c].count;
    int got = 0;
    int set_aside = 0;
    auto draw_from = [&](uint32_t* tier, size_t m) {
      while (got < need && m > 0) {
        const size_t j = static_cast<size_t>(BoundedDraw(rng, m));
        const uint32_t x = tier[j];
        tier[j] = tier[m - 1];
        tier[m - 1] = x;
        --m;
        const int group = entries_[x].group;
        if (std::find(picked.begin(), picked.end(), x) != picked.end() ||
            (group >= 0 &&
             std::find(used_groups.begin(), used_groups.end(), group) != used_groups.end())) {
          ++set_aside;
          continue;
        }
        picked.push_back(x);
        picked_cell.push_back(static_cast<int>(c));
        if (group >= 0) {
          used_groups.push_back(group);
        }
        ++got;
      }
    };
    draw_from(scratch.data(), tier_a);
    draw_from(scratch.data() + tier_a, pool.size() - tier_a);
    if (got < need) {
      if (!shortfalls.empty()) {
        shortfalls += '\n';
      }
      shortfalls += "cell " + CellLabel(cells_[c]) + ": needs " + std::to_string(need) +
                    ", bank has " + std::to_string(got);
      if (set_aside > 0) {
        shortfalls += " usable of " + std::to_string(pool.size()) + " (" +
                      std::to_string(set_aside) +
                      " set aside by exclusion groups or an overlapping cell)";
      }
      shortfalls += " (short by " + std::to_string(need - got) + ")";
    }
  }
  if (!shortfalls.empty()) {
    return Status::ResourceExhausted(shortfalls);
  }

  // Slot order: positions into `picked`.
  std::vector<uint32_t> order(n);
  for (size_t k = 0; k < n; ++k) {
    order[k] = static_cast<uint32_t>(k);
  }
  if (order_ == QuestionOrder::kShuffled) {
    Shuffle(rng, std::span<uint32_t>(order));
  } else {
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return entries_[picked[a]].module_rank < entries_[picked[b]].module_rank;
    });
    size_t begin = 0;
    while (begin < n) {
      size_t end = begin + 1;
      const int r = entries_[picked[order[begin]]].module_rank;
      while (end < n && entries_[picked[order[end]]].module_rank == r) {
        ++end;
      }
      Shuffle(rng, std::span<uint32_t>(order.data() + begin, end - begin));
      begin = end;
    }
  }

  Form form;
  form.blueprint_id = blueprint_id_;
  form.seed = seed;
  form.slots.resize(n);
  int free_positions[32];
  int free_values[32];
  for (size_t k = 0; k < n; ++k) {
    const Entry& e = entries_[picked[order[k]]];
    FormSlot& slot = form.slots[k];
    slot.item_id = e.id;
    slot.item_version = e.version;
    slot.cell = picked_cell[order[k]];
    const size_t options = static_cast<size_t>(e.option_count);
    slot.option_order.resize(options);
    for (size_t p = 0; p < options; ++p) {
      slot.option_order[p] = static_cast<int>(p);
    }
    if (shuffle_options_) {
      size_t free = 0;
      for (size_t p = 0; p < options; ++p) {
        if ((e.fixed_mask & (1U << p)) == 0) {
          free_positions[free] = static_cast<int>(p);
          free_values[free] = static_cast<int>(p);
          ++free;
        }
      }
      Shuffle(rng, std::span<int>(free_values, free));
      for (size_t i = 0; i < free; ++i) {
        slot.option_order[static_cast<size_t>(free_positions[i])] = free_values[i];
      }
    }
  }
  return form;
}

Result<Form> GenerateForm(const std::vector<Item>& active_bank, const Blueprint& blueprint,
                          uint64_t seed, const std::set<std::string>& recently_seen) {
  Result<FormGenerator> g = FormGenerator::Create(active_bank, blueprint);
  if (!g.ok()) {
    return g.status();
  }
  return g->Generate(seed, recently_seen);
}

int SharedItemCount(const Form& a, const Form& b) {
  std::vector<std::string_view> ids;
  ids.reserve(a.slots.size());
  for (const FormSlot& s : a.slots) {
    ids.push_back(s.item_id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  int shared = 0;
  std::vector<std::string_view> seen_in_b;
  for (const FormSlot& s : b.slots) {
    if (std::binary_search(ids.begin(), ids.end(), std::string_view(s.item_id)) &&
        std::find(seen_in_b.begin(), seen_in_b.end(), s.item_id) == seen_in_b.end()) {
      seen_in_b.push_back(s.item_id);
      ++shared;
    }
  }
  return shared;
}

}  // namespace khaothi::engine
