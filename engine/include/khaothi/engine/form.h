// Forms (đề thi của một thí sinh): the items one candidate sits, in order, with their options'
// order.
//
// A form is a pure function of (bank snapshot, blueprint, seed, items recently seen by the
// candidate): the same inputs give the same form on every compiler and machine
// (DESIGN.md §5). docs/forms.md specifies the algorithm step by step, and
// tests/engine/form_test.cc checks a test vector against it. In short, for each cell in blueprint
// order, items are drawn without replacement, uniformly, among the active items that match the
// cell and the blueprint's software choice (Blueprint::Draws; ordered by id); an item whose
// exclusion group is already in the form, or that another cell already took, is set aside; items
// the candidate saw recently are drawn only when the cell has no others. Then the slots are ordered
// (grouped by module or shuffled) and each slot's options are permuted, except those fixed in
// place.
//
// Thread safety: Form is a plain value. A FormGenerator is immutable after Create(); Generate()
// may be called from many threads at once.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/item.h"
#include "khaothi/engine/status.h"

namespace khaothi::engine {

struct FormSlot {
  std::string item_id;
  int item_version = 0;
  // The index in Blueprint::cells of the cell the item was drawn for (its points).
  int cell = 0;
  // option_order[p] is the authored index (in Item::options) of the option shown at position p.
  // A permutation of 0..n-1; the identity when options are not shuffled.
  std::vector<int> option_order;

  friend bool operator==(const FormSlot&, const FormSlot&) = default;
};

struct Form {
  std::string blueprint_id;
  uint64_t seed = 0;
  // In the order the candidate sees them.
  std::vector<FormSlot> slots;

  friend bool operator==(const Form&, const Form&) = default;
};

// A blueprint prepared against one bank snapshot, so that many forms can be drawn cheaply (an
// exam session freezes its snapshot and pre-generates every candidate's form). It keeps its own
// copy of what it needs; the bank and blueprint may be destroyed after Create().
class FormGenerator {
 public:
  // InvalidArgument when the blueprint is invalid, when two items of the snapshot share an id, or
  // when an item has more than 32 options. Items whose status is not active are ignored. A bank
  // too small for the blueprint is not an error here; Generate() reports it.
  static Result<FormGenerator> Create(const std::vector<Item>& bank, const Blueprint& blueprint);

  // The form for `seed`. `recently_seen` holds the ids of items the candidate was shown, or may
  // yet be shown, in another sitting within the carry-over window (the caller decides which;
  // docs/forms.md, "Recently seen"); they are drawn only when their cell has no other item left.
  // ResourceExhausted when some cell cannot be filled; the message names every short cell, one
  // per line: "cell IU04 hard: needs 2, bank has 1 (short by 1)".
  Result<Form> Generate(uint64_t seed, const std::set<std::string>& recently_seen = {}) const;

  // The number of active items each cell may draw (by Blueprint::Draws), in blueprint order.
  std::vector<int> MatchingCounts() const;

 private:
  struct Entry {
    std::string id;
    int version = 0;
    int group = -1;  // an index into the snapshot's distinct exclusion groups; -1 for none
    int option_count = 0;
    uint32_t fixed_mask = 0;  // bit i: option i keeps its place
    int module_rank = 0;      // order of the item's module by code, for grouped ordering
  };

  FormGenerator() = default;

  std::string blueprint_id_;
  bool shuffle_options_ = true;
  QuestionOrder order_ = QuestionOrder::kGroupedByModule;
  std::vector<Cell> cells_;
  std::vector<Entry> entries_;  // the active items that match some cell, by id
  // For each cell, the indices into entries_ of the items that match it, in id order.
  std::vector<std::vector<uint32_t>> pools_;
  int item_count_ = 0;
  size_t largest_pool_ = 0;
};

// FormGenerator::Create(active_bank, blueprint) followed by Generate(seed, recently_seen): the
// same result, without keeping the prepared generator.
Result<Form> GenerateForm(const std::vector<Item>& active_bank, const Blueprint& blueprint,
                          uint64_t seed, const std::set<std::string>& recently_seen = {});

// How many items (by id) the two forms have in common, for example for neighbouring seats.
int SharedItemCount(const Form& a, const Form& b);

}  // namespace khaothi::engine
