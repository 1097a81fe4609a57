// The data of item analysis: every graded attempt's observations, and score histograms.

#include <algorithm>
#include <map>
#include <utility>

#include <boost/json.hpp>

#include "khaothi/centre/results.h"

#include "centre_internal.h"
#include "result_json.h"

namespace khaothi::centre {

using internal::Audit;

Result<std::vector<engine::AttemptObservation>> LoadObservations(
    store::Database& db, const std::vector<std::string>& session_ids) {
  std::vector<engine::AttemptObservation> out;
  std::map<std::pair<std::string, int>, engine::Item> items;
  for (const std::string& session_id : session_ids) {
    KHAOTHI_ASSIGN_OR_RETURN(SessionInfo info, GetSession(db, session_id));
    store::Statement q = db.Prepare(
        "SELECT a.sbd, coalesce((SELECT result FROM result_revisions r WHERE r.session_id = "
        "a.session_id AND r.sbd = a.sbd ORDER BY revision DESC LIMIT 1), a.result) FROM attempts "
        "a WHERE a.session_id = ?1 AND a.result IS NOT NULL AND a.result <> '' ORDER BY a.sbd");
    q.Bind(1, session_id);
    std::vector<std::pair<std::string, std::string>> graded;  // (sbd, latest result)
    KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) {
      graded.emplace_back(row.ColumnText(0), row.ColumnText(1));
    }));
    for (const auto& [sbd, result] : graded) {
      KHAOTHI_ASSIGN_OR_RETURN(const engine::GradeResult g, internal::GradeFromJson(result, 0));
      KHAOTHI_ASSIGN_OR_RETURN(const std::vector<std::vector<int>> chosen,
                               internal::LoadResponses(db, session_id, sbd, g.slots.size()));
      engine::AttemptObservation obs;
      for (size_t i = 0; i < g.slots.size(); ++i) {
        const engine::SlotGrade& sg = g.slots[i];
        auto key = std::make_pair(sg.item_id, sg.item_version);
        auto it = items.find(key);
        if (it == items.end()) {
          // An item version the bank no longer holds, or cannot parse, is analysed as an item
          // without options.
          Result<engine::Item> item = store::ReadItemVersion(db, sg.item_id, sg.item_version);
          if (!item.ok() && !item.status().IsNotFound() && !item.status().IsCorruption()) {
            return item.status();
          }
          it = items.emplace(key, item.ok() ? std::move(item).value() : engine::Item{}).first;
        }
        engine::SlotObservation so;
        so.item_id = sg.item_id;
        so.item_version = sg.item_version;
        const double pts = static_cast<double>(sg.points.ten_thousandths) / engine::Points::kOne;
        so.max = pts;
        so.score = pts * static_cast<double>(sg.credit) / static_cast<double>(engine::kFullCredit);
        so.chosen = chosen[i];
        so.option_count = static_cast<int>(it->second.options.size());
        so.random_guess = engine::RandomGuessScore(it->second);
        for (size_t o = 0; o < it->second.options.size(); ++o) {
          if (it->second.options[o].correct) {
            so.key.push_back(static_cast<int>(o));
          }
        }
        obs.slots.push_back(std::move(so));
      }
      out.push_back(std::move(obs));
    }
  }
  return out;
}

std::vector<int> ScoreHistogram(const std::vector<engine::Points>& scores, engine::Points scale,
                                int bins) {
  std::vector<int> counts(static_cast<size_t>(std::max(bins, 1)), 0);
  if (scale.ten_thousandths <= 0) {
    return counts;
  }
  const int64_t n = static_cast<int64_t>(counts.size());
  for (const engine::Points& p : scores) {
    int64_t i = p.ten_thousandths * n / scale.ten_thousandths;
    i = std::clamp<int64_t>(i, 0, n - 1);
    ++counts[static_cast<size_t>(i)];
  }
  return counts;
}

}  // namespace khaothi::centre
