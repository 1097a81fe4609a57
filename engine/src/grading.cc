#include "khaothi/engine/grading.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

namespace khaothi::engine {
namespace {

// 128-bit intermediate products: scale (up to 1e7 units) × earned (up to about 1e16) does not fit
// in 64 bits. __extension__ keeps -Wpedantic quiet about the GCC/Clang built-in type.
__extension__ using Int128 = __int128;

// A percent weight as millionths of the item, rounded to the nearest (0.0001 %).
int64_t WeightToCredit(double percent) {
  return static_cast<int64_t>(std::llround(percent * 10000.0));
}

int64_t Clamp(int64_t v) { return std::clamp<int64_t>(v, 0, kFullCredit); }

int64_t Pow10(int e) {
  int64_t v = 1;
  for (int i = 0; i < e; ++i) {
    v *= 10;
  }
  return v;
}

Points RoundQuotient(Int128 num, Int128 den, const ScoringPolicy& policy) {
  KHAOTHI_DCHECK(num >= 0 && den > 0);
  Int128 q = num / den;
  const Int128 rem = num % den;
  switch (policy.rounding) {
    case RoundingMode::kHalfUp:
      if (2 * rem >= den) {
        ++q;
      }
      break;
    case RoundingMode::kHalfEven:
      if (2 * rem > den || (2 * rem == den && q % 2 != 0)) {
        ++q;
      }
      break;
    case RoundingMode::kDown:
      break;
  }
  return Points{static_cast<int64_t>(q) * Pow10(Points::kMaxDecimals - policy.decimals)};
}

Result<GradeResult> Grade(const Form& form, const std::vector<const Item*>& slot_items,
                          const std::vector<std::vector<int>>& responses,
                          const Blueprint& blueprint) {
  const size_t n = form.slots.size();
  if (slot_items.size() != n || responses.size() != n) {
    return Status::InvalidArgument("the form has " + std::to_string(n) + " slots, but " +
                                   std::to_string(slot_items.size()) + " items and " +
                                   std::to_string(responses.size()) + " responses were given");
  }
  if (n == 0) {
    return Status::InvalidArgument("the form has no slots");
  }
  GradeResult r;
  r.blueprint_id = form.blueprint_id;
  r.seed = form.seed;
  r.slots.reserve(n);
  Int128 earned = 0;
  Int128 possible = 0;
  for (size_t i = 0; i < n; ++i) {
    const FormSlot& slot = form.slots[i];
    const Item* item = slot_items[i];
    if (item == nullptr || item->id != slot.item_id ||
        item->options.size() != slot.option_order.size() || item->version != slot.item_version) {
      return Status::InvalidArgument("slot " + std::to_string(i) + " is item " + slot.item_id +
                                     " version " + std::to_string(slot.item_version) +
                                     ", but another item was given");
    }
    if (slot.cell < 0 || static_cast<size_t>(slot.cell) >= blueprint.cells.size()) {
      return Status::InvalidArgument("slot " + std::to_string(i) + " names cell " +
                                     std::to_string(slot.cell) + ", which blueprint " +
                                     blueprint.id + " does not have");
    }
    const Points points = blueprint.cells[static_cast<size_t>(slot.cell)].points;
    const int64_t credit = ItemCredit(*item, responses[i]);
    earned += Int128{credit} * points.ten_thousandths;
    possible += Int128{kFullCredit} * points.ten_thousandths;
    r.slots.push_back({item->id, item->version, credit, points});
  }
  r.earned = static_cast<int64_t>(earned);
  r.possible = static_cast<int64_t>(possible);
  r.score = ScaleAndRound(r.earned, r.possible, blueprint.scoring);
  r.passed = r.score >= blueprint.MultipleChoicePart().pass;
  return r;
}

}  // namespace

int64_t ItemCredit(const Item& item, const std::vector<int>& chosen) {
  const int n = static_cast<int>(item.options.size());
  for (int c : chosen) {
    if (c < 0 || c >= n) {
      return 0;
    }
  }
  const bool weighted = item.weighted();
  if (item.mode == ResponseMode::kSingle) {
    if (chosen.size() != 1) {
      return 0;
    }
    const Option& o = item.options[static_cast<size_t>(chosen[0])];
    if (weighted) {
      return Clamp(o.weight ? WeightToCredit(*o.weight) : 0);
    }
    return o.correct ? kFullCredit : 0;
  }
  if (weighted) {
    int64_t sum = 0;
    for (int c : chosen) {
      const Option& o = item.options[static_cast<size_t>(c)];
      sum += o.weight ? WeightToCredit(*o.weight) : 0;
    }
    return Clamp(sum);
  }
  std::vector<bool> picked(static_cast<size_t>(n), false);
  for (int c : chosen) {
    picked[static_cast<size_t>(c)] = true;
  }
  for (size_t i = 0; i < item.options.size(); ++i) {
    if (picked[i] != item.options[i].correct) {
      return 0;
    }
  }
  return kFullCredit;
}

std::vector<int> DisplayedToAuthored(const FormSlot& slot, const std::vector<int>& displayed) {
  std::vector<int> authored;
  authored.reserve(displayed.size());
  for (int p : displayed) {
    if (p >= 0 && static_cast<size_t>(p) < slot.option_order.size()) {
      authored.push_back(slot.option_order[static_cast<size_t>(p)]);
    }
  }
  std::sort(authored.begin(), authored.end());
  return authored;
}

Points ScaleAndRound(int64_t numerator, int64_t denominator, const ScoringPolicy& policy) {
  KHAOTHI_DCHECK(numerator >= 0 && denominator > 0);
  // score_units = scale_units × num / den, kept in quanta of 10^-decimals points.
  const int64_t quantum = Pow10(Points::kMaxDecimals - policy.decimals);
  return RoundQuotient(Int128{policy.scale.ten_thousandths} * numerator,
                       Int128{denominator} * quantum, policy);
}

Result<std::vector<const Item*>> ResolveFormItems(const Form& form, const std::vector<Item>& bank) {
  // One pass over the bank, each item looked up among the form's ids by binary search.
  std::vector<std::pair<std::string_view, size_t>> wanted;
  wanted.reserve(form.slots.size());
  for (size_t i = 0; i < form.slots.size(); ++i) {
    wanted.emplace_back(form.slots[i].item_id, i);
  }
  std::sort(wanted.begin(), wanted.end());
  std::vector<const Item*> items(form.slots.size(), nullptr);
  for (const Item& item : bank) {
    auto it = std::lower_bound(wanted.begin(), wanted.end(), std::string_view(item.id),
                               [](const std::pair<std::string_view, size_t>& w,
                                  std::string_view id) { return w.first < id; });
    for (; it != wanted.end() && it->first == item.id; ++it) {
      if (form.slots[it->second].item_version == item.version) {
        items[it->second] = &item;
      }
    }
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i] == nullptr) {
      return Status::NotFound("item " + form.slots[i].item_id + " version " +
                              std::to_string(form.slots[i].item_version) + " is not in the bank");
    }
  }
  return items;
}

Result<GradeResult> GradeAttempt(const Form& form, const std::vector<const Item*>& slot_items,
                                 const std::vector<std::vector<int>>& responses,
                                 const Blueprint& blueprint) {
  return Grade(form, slot_items, responses, blueprint);
}

Result<GradeResult> Regrade(const GradeResult& previous, const Form& form,
                            const std::vector<const Item*>& slot_items,
                            const std::vector<std::vector<int>>& responses,
                            const Blueprint& blueprint, std::string reason) {
  if (reason.empty()) {
    return Status::InvalidArgument("a regrade needs a reason");
  }
  if (previous.blueprint_id != form.blueprint_id || previous.seed != form.seed ||
      previous.slots.size() != form.slots.size()) {
    return Status::InvalidArgument("the previous result is of another form");
  }
  Result<GradeResult> r = Grade(form, slot_items, responses, blueprint);
  if (!r.ok()) {
    return r;
  }
  r->revision = previous.revision + 1;
  r->supersedes = previous.revision;
  r->reason = std::move(reason);
  return r;
}

Result<PartScore> ScoreEnteredPart(const Part& part, const std::vector<Points>& marks,
                                   const ScoringPolicy& policy) {
  const size_t expected = std::max<size_t>(1, part.subparts.size());
  if (part.kind != PartKind::kEntered) {
    return Status::InvalidArgument("part " + part.name + " is not an entered part");
  }
  if (marks.size() != expected) {
    return Status::InvalidArgument("part " + part.name + " needs " + std::to_string(expected) +
                                   " mark(s), got " + std::to_string(marks.size()));
  }
  int64_t sum = 0;
  bool floors_met = true;
  for (const Points& m : marks) {
    if (m < Points{} || m > policy.scale) {
      return Status::InvalidArgument("mark " + FormatPoints(m) + " is outside 0.." +
                                     FormatPoints(policy.scale));
    }
    if (m.ten_thousandths % Pow10(Points::kMaxDecimals - policy.decimals) != 0) {
      return Status::InvalidArgument("mark " + FormatPoints(m) + " has more than " +
                                     std::to_string(policy.decimals) + " decimals");
    }
    sum += m.ten_thousandths;
    // mark >= floor% × scale, as integers: mark × 10000 >= floor_bp × scale.
    if (Int128{m.ten_thousandths} * 10000 <
        Int128{part.floor_basis_points} * policy.scale.ten_thousandths) {
      floors_met = false;
    }
  }
  PartScore s;
  s.part = part.name;
  const int64_t quantum = Pow10(Points::kMaxDecimals - policy.decimals);
  s.score =
      RoundQuotient(Int128{sum}, Int128{static_cast<int64_t>(marks.size())} * quantum, policy);
  s.passed = floors_met && s.score >= part.pass;
  return s;
}

std::string_view ToString(Verdict v) {
  switch (v) {
    case Verdict::kPassed:
      return "passed";
    case Verdict::kFailed:
      return "failed";
    case Verdict::kPending:
      return "pending";
  }
  return "?";
}

TimePoint AddCalendarMonths(TimePoint t, int months) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const Duration time_of_day = t - day;
  year_month_day ymd{day};
  year_month_day target = ymd + std::chrono::months(months);
  if (!target.ok()) {
    target = year_month_day_last(target.year(), month_day_last(target.month()));
  }
  return sys_days(target) + time_of_day;
}

OverallResult DecideOverall(const Blueprint& blueprint,
                            const std::vector<PartOutcome>& this_sitting,
                            const std::vector<PartOutcome>& earlier, TimePoint now) {
  OverallResult result;
  bool any_failed = false;
  bool any_missing = false;
  for (const Part& part : blueprint.parts) {
    PartDecision d;
    d.part = part.name;
    const PartOutcome* current = nullptr;
    for (const PartOutcome& o : this_sitting) {
      if (o.part == part.name) {
        current = &o;
      }
    }
    const PartOutcome* carried = nullptr;
    if (current == nullptr || !current->passed) {
      for (const PartOutcome& o : earlier) {
        if (o.part == part.name && o.passed && blueprint.scoring.carry_over_months > 0 &&
            now < AddCalendarMonths(o.sat_at, blueprint.scoring.carry_over_months) &&
            (carried == nullptr || o.sat_at > carried->sat_at)) {
          carried = &o;
        }
      }
    }
    if (current != nullptr && current->passed) {
      d.source = PartDecision::Source::kThisSitting;
      d.outcome = *current;
    } else if (carried != nullptr) {
      d.source = PartDecision::Source::kCarriedOver;
      d.outcome = *carried;
    } else if (current != nullptr) {
      d.source = PartDecision::Source::kThisSitting;
      d.outcome = *current;
      any_failed = true;
    } else {
      any_missing = true;
    }
    result.parts.push_back(std::move(d));
  }
  result.verdict = any_failed    ? Verdict::kFailed
                   : any_missing ? Verdict::kPending
                                 : Verdict::kPassed;
  return result;
}

}  // namespace khaothi::engine
