#include "khaothi/engine/item_analysis.h"

#include <cmath>

#include <catch2/catch.hpp>

namespace khaothi::engine {
namespace {

Item FourOptions(ResponseMode mode, std::vector<bool> correct,
                 std::vector<std::optional<double>> weights = {}) {
  Item item;
  item.id = "IU01-0001";
  item.version = 1;
  item.mode = mode;
  for (size_t i = 0; i < correct.size(); ++i) {
    Option o;
    o.text = std::string(1, static_cast<char>('A' + i));
    o.correct = correct[i];
    if (i < weights.size()) {
      o.weight = weights[i];
    }
    item.options.push_back(o);
  }
  return item;
}

TEST_CASE("random guess score: the mean credit of one option picked at random", "[item-analysis]") {
  // One key among four options: 1/4.
  CHECK(*RandomGuessScore(FourOptions(ResponseMode::kSingle, {false, false, false, true})) ==
        Approx(0.25));
  // Three options: 1/3.
  CHECK(*RandomGuessScore(FourOptions(ResponseMode::kSingle, {true, false, false})) ==
        Approx(1.0 / 3));
  // Weights 100, 50, 0 and -50 (an option's credit is clamped at 0): (1 + 0.5 + 0 + 0) / 4.
  CHECK(*RandomGuessScore(FourOptions(ResponseMode::kSingle, {true, false, false, false},
                                      {100.0, 50.0, 0.0, -50.0})) == Approx(0.375));
  // Multiple answer: undefined, as in Moodle.
  CHECK_FALSE(RandomGuessScore(FourOptions(ResponseMode::kMultiple, {true, true, false, false}))
                  .has_value());
  CHECK_FALSE(RandomGuessScore(Item{}).has_value());
}

TEST_CASE("intended and effective weight follow Moodle's definitions on one fixed form",
          "[item-analysis]") {
  // Five attempts at one form of three 1-point items.
  //   A = 1 1 1 0 0, B = 1 1 0 1 0, C = 0 0 0 1 1; totals T = 2 2 1 2 1 (mean 1.6).
  //   cov(A, T) = (0.16 + 0.16 - 0.24 - 0.24 + 0.36) / 4 = 0.05
  //   cov(B, T) = (0.16 + 0.16 + 0.36 + 0.16 + 0.36) / 4 = 0.30
  //   cov(C, T) = (-0.16 - 0.16 + 0.24 + 0.24 - 0.36) / 4 = -0.05 (negative: no effective weight)
  //   EW(A) = 100 × sqrt(0.05) / (sqrt(0.05) + sqrt(0.30)) = 28.9898...
  //   EW(B) = 100 × sqrt(0.30) / (sqrt(0.05) + sqrt(0.30)) = 71.0102...
  const double a[] = {1, 1, 1, 0, 0};
  const double b[] = {1, 1, 0, 1, 0};
  const double c[] = {0, 0, 0, 1, 1};
  std::vector<AttemptObservation> attempts;
  for (int i = 0; i < 5; ++i) {
    AttemptObservation o;
    o.slots.push_back({"A", 1, a[i], 1, {a[i] > 0 ? 0 : 1}, 4, {0}, 0.25});
    o.slots.push_back({"B", 1, b[i], 1, {b[i] > 0 ? 0 : 2}, 4, {0}, 0.25});
    o.slots.push_back({"C", 1, c[i], 1, {c[i] > 0 ? 0 : 1}, 4, {0}, std::nullopt});
    attempts.push_back(o);
  }
  const TestStatistics t = AnalyseItems(attempts);
  REQUIRE(t.items.size() == 3);
  const ItemStatistics& sa = t.items[0];
  const ItemStatistics& sb = t.items[1];
  const ItemStatistics& sc = t.items[2];
  CHECK(sa.item_id == "A");
  CHECK(*sa.random_guess_score == Approx(25));
  CHECK_FALSE(sc.random_guess_score.has_value());
  for (const ItemStatistics& s : t.items) {
    CHECK(s.intended_weight == Approx(100.0 / 3));
  }
  CHECK(*sa.effective_weight == Approx(28.98979).epsilon(1e-6));
  CHECK(*sb.effective_weight == Approx(71.01021).epsilon(1e-6));
  CHECK_FALSE(sc.effective_weight.has_value());
}

TEST_CASE("intended weight follows the points and effective weight is averaged over random forms",
          "[item-analysis]") {
  // Two forms from a pool of three items: {A (2 points), B (1 point)} and {A (2 points), C
  // (1 point)}, two attempts each.
  //   form 1: A = 2 0, B = 1 0 → totals 3 0;  form 2: A = 2 0, C = 0 1 → totals 2 1.
  //   W(A) = 100 × 2/3 on every form = 66.67; W(B) = W(C) = 33.33.
  //   A over all four: x = 2 0 2 0 (mean 1), T = 3 0 2 1 (mean 1.5):
  //     cov = (2×1.5 + 1×1.5 + 1×0.5 + 1×0.5)/3 = (1.5 + 1.5 + 0.5 + 0.5)/3 = 4/3
  //   B: x = 1 0 (mean 0.5), T = 3 0 (mean 1.5): cov = (0.5×1.5 + 0.5×1.5)/1 = 1.5
  //   C: x = 0 1 (mean 0.5), T = 2 1 (mean 1.5): cov = (-0.5×0.5 + 0.5×-0.5)/1 = -0.5 → none
  //   S = mean over attempts of the attempt's Σ sqrt(cov ≥ 0)
  //     = (2 × (sqrt(4/3) + sqrt(1.5)) + 2 × sqrt(4/3)) / 4 = sqrt(4/3) + sqrt(1.5)/2
  //   EW(A) = 100 × sqrt(4/3) / S, EW(B) = 100 × sqrt(1.5) / S.
  std::vector<AttemptObservation> attempts;
  auto add = [&](double a, const char* other, double o) {
    AttemptObservation obs;
    obs.slots.push_back({"A", 1, a, 2, {}, 4, {0}, 0.25});
    obs.slots.push_back({other, 1, o, 1, {}, 4, {0}, 0.25});
    attempts.push_back(obs);
  };
  add(2, "B", 1);
  add(0, "B", 0);
  add(2, "C", 0);
  add(0, "C", 1);
  const TestStatistics t = AnalyseItems(attempts);
  REQUIRE(t.items.size() == 3);
  const double s = std::sqrt(4.0 / 3) + std::sqrt(1.5) / 2;
  CHECK(t.items[0].intended_weight == Approx(200.0 / 3));
  CHECK(t.items[1].intended_weight == Approx(100.0 / 3));
  CHECK(t.items[2].intended_weight == Approx(100.0 / 3));
  CHECK(*t.items[0].effective_weight == Approx(100 * std::sqrt(4.0 / 3) / s));
  CHECK(*t.items[1].effective_weight == Approx(100 * std::sqrt(1.5) / s));
  CHECK_FALSE(t.items[2].effective_weight.has_value());
  // The effective weights of one form's items add up to 100 on average: here form 1 sums to
  // 100 × (sqrt(4/3) + sqrt(1.5)) / S and form 2 to 100 × sqrt(4/3) / S.
  const double form1 = *t.items[0].effective_weight + *t.items[1].effective_weight;
  const double form2 = *t.items[0].effective_weight;
  CHECK((form1 + form2) / 2 == Approx(100));
}

}  // namespace
}  // namespace khaothi::engine
