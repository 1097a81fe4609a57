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

namespace khaothi::engine {

struct SlotObservation {
  std::string item_id;
  int item_version = 0;
  double score = 0;         // points earned on the item
  double max = 1;           // points it is worth
  std::vector<int> chosen;  // authored option indices
  int option_count = 0;
  std::vector<int> key;  // authored indices of the correct options
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
  std::vector<int> option_picks;         // per authored option
  std::vector<int> unused_distractors;   // authored indices
  std::optional<double> upper_facility;  // percent, strongest quarter
  std::optional<double> lower_facility;  // percent, weakest quarter
  std::vector<ItemFlag> flags;
};

struct TestStatistics {
  int attempts = 0;
  double mean = 0;  // total points
  std::optional<double> sd;
  std::optional<double> alpha;        // percent, Moodle's CIC
  std::vector<ItemStatistics> items;  // by item id
};

TestStatistics AnalyseItems(const std::vector<AttemptObservation>& attempts);

}  // namespace khaothi::engine
