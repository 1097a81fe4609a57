// Item analysis as Moodle's quiz statistics define it (PEERS.md A.4; Moodle
// question/classes/statistics/questions/calculator.php and quiz/classes/statistics):
//   facility index            F = 100 × mean(x) / max, x the item's score in an attempt
//   discrimination index      D = 100 × r(x, rest), rest = the attempt's total minus x
//                             (Pearson correlation with the rest of the test)
//   discriminative efficiency E = 100 × cov(x, rest) / cov_max, cov_max the covariance of the
//                             same two samples each sorted ascending (the largest possible)
//   coefficient of internal consistency (Cronbach's α)
//                             α = 100 × k/(k-1) × (1 − Σ var(slot) / var(total)), over the k
//                             slots (positions) of forms with k slots
//   random guess score        G = 100 × the mean credit of the item's options, each chosen
//                             alone: what a candidate earns on average by picking one option at
//                             random (Moodle's qtype_multichoice); none for multiple-answer items
//   intended weight           W = 100 × max / (the form's total max): the share of the test the
//                             setter meant the item to carry, averaged over the forms holding it
//   effective weight          EW = 100 × sqrt(cov(x, total)) / S, S = Σ sqrt(cov(x_j, total))
//                             over the items j of a form with cov(x_j, total) >= 0, averaged over
//                             the attempts; none when cov(x, total) < 0 or S = 0. It is the
//                             share of the spread of totals the item actually causes; with one
//                             fixed form it is exactly Moodle's (quiz statistics calculator)
// Variances and covariances are sample ones (n − 1). A statistic that needs a non-zero variance
// or more attempts than there are is nullopt. Forms are random, so an item is analysed over the
// attempts whose form held it, and α over the slots (as Moodle does for random questions).
//
// Flags for the setters: kKeySuspect when the strongest quarter (by rest score) of those who saw
// the item score lower on it than the weakest quarter, or D < 0 — the key may be wrong;
// kUnusedDistractor when a wrong option was never chosen in at least 10 attempts; kTooHard /
// kTooEasy for F < 20 / F > 95 with at least 10 attempts.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "khaothi/engine/item.h"

namespace khaothi::engine {

struct SlotObservation {
  std::string item_id;
  int item_version = 0;
  double score = 0;         // points earned on the item
  double max = 1;           // points it is worth
  std::vector<int> chosen;  // authored option indices
  int option_count = 0;
  std::vector<int> key;  // authored indices of the correct options
  // The fraction of `max` a random guess earns (RandomGuessScore); nullopt when undefined.
  std::optional<double> random_guess;
};

struct AttemptObservation {
  std::vector<SlotObservation> slots;
};

enum class ItemFlag { kKeySuspect, kUnusedDistractor, kTooHard, kTooEasy };
std::string_view ToString(ItemFlag f);

struct ItemStatistics {
  std::string item_id;
  int attempts = 0;
  double max = 1;
  double facility = 0;       // percent
  std::optional<double> sd;  // of the score as percent of max
  std::optional<double> discrimination_index;
  std::optional<double> discriminative_efficiency;
  std::optional<double> random_guess_score;  // percent of max
  double intended_weight = 0;                // percent of the form's total max
  std::optional<double> effective_weight;    // percent
  std::vector<int> option_picks;             // per authored option
  std::vector<int> unused_distractors;       // authored indices
  std::optional<double> upper_facility;      // percent, strongest quarter
  std::optional<double> lower_facility;      // percent, weakest quarter
  std::vector<ItemFlag> flags;
};

struct TestStatistics {
  int attempts = 0;
  double mean = 0;  // total points
  std::optional<double> sd;
  std::optional<double> alpha;        // percent, Moodle's CIC
  std::vector<ItemStatistics> items;  // by item id
};

// The mean credit, as a fraction of the item's points, of choosing one option at random: the mean
// of ItemCredit(item, {o}) over the options o. nullopt for a multiple-answer item (as in Moodle,
// a random guess there has no single natural model) or an item without options.
std::optional<double> RandomGuessScore(const Item& item);

TestStatistics AnalyseItems(const std::vector<AttemptObservation>& attempts);

}  // namespace khaothi::engine
