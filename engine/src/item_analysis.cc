#include "khaothi/engine/item_analysis.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "khaothi/engine/grading.h"

namespace khaothi::engine {
namespace {

double Mean(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

std::optional<double> Covariance(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2 || a.size() != b.size()) {
    return std::nullopt;
  }
  const double ma = Mean(a);
  const double mb = Mean(b);
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    s += (a[i] - ma) * (b[i] - mb);
  }
  return s / static_cast<double>(a.size() - 1);
}

}  // namespace

std::optional<double> RandomGuessScore(const Item& item) {
  if (item.mode != ResponseMode::kSingle || item.options.empty()) {
    return std::nullopt;
  }
  int64_t sum = 0;
  for (size_t o = 0; o < item.options.size(); ++o) {
    sum += ItemCredit(item, {static_cast<int>(o)});
  }
  return static_cast<double>(sum) / static_cast<double>(kFullCredit) /
         static_cast<double>(item.options.size());
}

std::string_view ToString(ItemFlag f) {
  switch (f) {
    case ItemFlag::kKeySuspect:
      return "key-suspect";
    case ItemFlag::kUnusedDistractor:
      return "unused-distractor";
    case ItemFlag::kTooHard:
      return "too-hard";
    case ItemFlag::kTooEasy:
      return "too-easy";
  }
  return "";
}

TestStatistics AnalyseItems(const std::vector<AttemptObservation>& attempts) {
  TestStatistics t;
  t.attempts = static_cast<int>(attempts.size());
  std::vector<double> totals;
  for (const AttemptObservation& a : attempts) {
    double s = 0;
    for (const SlotObservation& o : a.slots) {
      s += o.score;
    }
    totals.push_back(s);
  }
  t.mean = Mean(totals);
  if (std::optional<double> v = Covariance(totals, totals); v) {
    t.sd = std::sqrt(*v);
  }
  // Cronbach's alpha over the slots of the most common form length.
  std::map<size_t, int> lengths;
  for (const AttemptObservation& a : attempts) {
    ++lengths[a.slots.size()];
  }
  if (!lengths.empty()) {
    const size_t k = std::max_element(lengths.begin(), lengths.end(), [](auto& x, auto& y) {
                       return x.second < y.second;
                     })->first;
    std::vector<std::vector<double>> per_slot(k);
    std::vector<double> tot;
    for (size_t i = 0; i < attempts.size(); ++i) {
      if (attempts[i].slots.size() != k) {
        continue;
      }
      for (size_t s = 0; s < k; ++s) {
        per_slot[s].push_back(attempts[i].slots[s].score);
      }
      tot.push_back(totals[i]);
    }
    std::optional<double> vt = Covariance(tot, tot);
    if (k > 1 && vt && *vt > 0) {
      double sum = 0;
      for (const auto& s : per_slot) {
        sum += Covariance(s, s).value_or(0);
      }
      const double kd = static_cast<double>(k);
      t.alpha = 100.0 * kd / (kd - 1) * (1 - sum / *vt);
    }
  }
  // Per item.
  struct Acc {
    std::vector<double> x;
    std::vector<double> rest;
    std::vector<double> total;
    double max = 1;
    double weight_sum = 0;  // Σ 100 × max / form max over the attempts
    std::vector<int> picks;
    std::vector<int> key;
    std::optional<double> random_guess;
  };
  std::map<std::string, Acc> items;
  for (size_t i = 0; i < attempts.size(); ++i) {
    double form_max = 0;
    for (const SlotObservation& o : attempts[i].slots) {
      form_max += o.max;
    }
    for (const SlotObservation& o : attempts[i].slots) {
      Acc& acc = items[o.item_id];
      acc.x.push_back(o.score);
      acc.rest.push_back(totals[i] - o.score);
      acc.total.push_back(totals[i]);
      acc.max = o.max > 0 ? o.max : 1;
      acc.weight_sum += form_max > 0 ? 100.0 * o.max / form_max : 0;
      acc.key = o.key;
      acc.random_guess = o.random_guess;
      if (acc.picks.size() < static_cast<size_t>(o.option_count)) {
        acc.picks.resize(static_cast<size_t>(o.option_count), 0);
      }
      for (int c : o.chosen) {
        if (c >= 0 && static_cast<size_t>(c) < acc.picks.size()) {
          ++acc.picks[static_cast<size_t>(c)];
        }
      }
    }
  }
  // Effective weights: sqrt(cov(x, total)) per item, normalised by the mean over the attempts of
  // the sum of those of the attempt's items (Moodle sums over the slots of its one form).
  std::map<std::string, double> root_cov;
  for (const auto& [id, acc] : items) {
    std::optional<double> c = Covariance(acc.x, acc.total);
    if (c && *c >= 0) {
      root_cov[id] = std::sqrt(*c);
    }
  }
  double normaliser = 0;
  for (const AttemptObservation& a : attempts) {
    for (const SlotObservation& o : a.slots) {
      if (auto it = root_cov.find(o.item_id); it != root_cov.end()) {
        normaliser += it->second;
      }
    }
  }
  normaliser = attempts.empty() ? 0 : normaliser / static_cast<double>(attempts.size());
  for (auto& [id, acc] : items) {
    ItemStatistics s;
    s.item_id = id;
    s.attempts = static_cast<int>(acc.x.size());
    s.max = acc.max;
    s.facility = 100.0 * Mean(acc.x) / acc.max;
    if (acc.random_guess) {
      s.random_guess_score = 100.0 * *acc.random_guess;
    }
    s.intended_weight = acc.weight_sum / static_cast<double>(acc.x.size());
    if (auto it = root_cov.find(id); it != root_cov.end() && normaliser > 0) {
      s.effective_weight = 100.0 * it->second / normaliser;
    }
    std::optional<double> vx = Covariance(acc.x, acc.x);
    std::optional<double> vr = Covariance(acc.rest, acc.rest);
    std::optional<double> cxr = Covariance(acc.x, acc.rest);
    if (vx) {
      s.sd = 100.0 * std::sqrt(*vx) / acc.max;
    }
    if (vx && vr && cxr && *vx > 0 && *vr > 0) {
      s.discrimination_index = 100.0 * *cxr / std::sqrt(*vx * *vr);
      std::vector<double> sx = acc.x;
      std::vector<double> sr = acc.rest;
      std::sort(sx.begin(), sx.end());
      std::sort(sr.begin(), sr.end());
      std::optional<double> cmax = Covariance(sx, sr);
      if (cmax && *cmax > 0) {
        s.discriminative_efficiency = 100.0 * *cxr / *cmax;
      }
    }
    // Upper and lower quarters by rest score.
    if (acc.x.size() >= 4) {
      std::vector<size_t> order(acc.x.size());
      std::iota(order.begin(), order.end(), 0);
      // Clang 14 cannot capture a structured binding; capture the vector it names.
      const std::vector<double>& rest = acc.rest;
      std::stable_sort(order.begin(), order.end(),
                       [&rest](size_t a, size_t b) { return rest[a] < rest[b]; });
      const size_t q = std::max<size_t>(1, order.size() / 4);
      double lo = 0;
      double hi = 0;
      for (size_t i = 0; i < q; ++i) {
        lo += acc.x[order[i]];
        hi += acc.x[order[order.size() - 1 - i]];
      }
      s.lower_facility = 100.0 * lo / static_cast<double>(q) / acc.max;
      s.upper_facility = 100.0 * hi / static_cast<double>(q) / acc.max;
    }
    s.option_picks = acc.picks;
    const bool enough = s.attempts >= 10;
    for (size_t o = 0; o < acc.picks.size(); ++o) {
      const bool is_key =
          std::find(acc.key.begin(), acc.key.end(), static_cast<int>(o)) != acc.key.end();
      if (!is_key && acc.picks[o] == 0 && enough) {
        s.unused_distractors.push_back(static_cast<int>(o));
      }
    }
    if ((s.discrimination_index && *s.discrimination_index < 0) ||
        (s.upper_facility && s.lower_facility && *s.upper_facility < *s.lower_facility)) {
      s.flags.push_back(ItemFlag::kKeySuspect);
    }
    if (!s.unused_distractors.empty()) {
      s.flags.push_back(ItemFlag::kUnusedDistractor);
    }
    if (enough && s.facility < 20) {
      s.flags.push_back(ItemFlag::kTooHard);
    }
    if (enough && s.facility > 95) {
      s.flags.push_back(ItemFlag::kTooEasy);
    }
    t.items.push_back(std::move(s));
  }
  return t;
}

}  // namespace khaothi::engine
