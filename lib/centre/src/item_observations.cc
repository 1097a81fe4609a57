// The data of item analysis: every graded attempt's observations, and score histograms.

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "khaothi/bank/native.h"
#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"
#include "result_json.h"

namespace khaothi::centre {

namespace json = boost::json;
using internal::Audit;
using internal::GradeFromJson;
using internal::GradeToJson;
using internal::MarksFromJson;

Result<std::vector<engine::AttemptObservation>> LoadObservations(
    store::Database& db, const std::vector<std::string>& session_ids) {
  std::vector<engine::AttemptObservation> out;
  std::map<std::pair<std::string, int>, engine::Item> items;
  for (const std::string& session_id : session_ids) {
    Result<SessionInfo> info = GetSession(db, session_id);
    if (!info.ok()) {
      return info.status();
    }
    store::Statement q = db.Prepare(
        "SELECT a.sbd, coalesce((SELECT result FROM result_revisions r WHERE r.session_id = "
        "a.session_id AND r.sbd = a.sbd ORDER BY revision DESC LIMIT 1), a.result) FROM attempts "
        "a WHERE a.session_id = ?1 AND a.result IS NOT NULL AND a.result <> '' ORDER BY a.sbd");
    q.Bind(1, session_id);
    for (;;) {
      Result<bool> row = q.Step();
      if (!row.ok()) {
        return row.status();
      }
      if (!*row) {
        break;
      }
      const std::string sbd = q.ColumnText(0);
      Result<engine::GradeResult> g = GradeFromJson(q.ColumnText(1), 0);
      if (!g.ok()) {
        return g.status();
      }
      std::vector<std::vector<int>> chosen(g->slots.size());
      store::Statement a =
          db.Prepare("SELECT slot, choice FROM answers WHERE session_id = ?1 AND sbd = ?2");
      a.Bind(1, session_id);
      a.Bind(2, sbd);
      for (;;) {
        Result<bool> arow = a.Step();
        if (!arow.ok()) {
          return arow.status();
        }
        if (!*arow) {
          break;
        }
        const size_t slot = static_cast<size_t>(a.ColumnInt(0));
        boost::system::error_code ec;
        json::value v = json::parse(a.ColumnText(1), ec);
        if (!ec && v.is_array() && slot < chosen.size()) {
          for (const json::value& x : v.as_array()) {
            if (x.is_int64()) {
              chosen[slot].push_back(static_cast<int>(x.as_int64()));
            }
          }
        }
      }
      engine::AttemptObservation obs;
      for (size_t i = 0; i < g->slots.size(); ++i) {
        const engine::SlotGrade& sg = g->slots[i];
        auto key = std::make_pair(sg.item_id, sg.item_version);
        auto it = items.find(key);
        if (it == items.end()) {
          store::Statement iq =
              db.Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
          iq.Bind(1, sg.item_id);
          iq.Bind(2, sg.item_version);
          Result<bool> irow = iq.Step();
          if (!irow.ok()) {
            return irow.status();
          }
          engine::Item item;
          if (*irow) {
            bank::ParsedBank parsed = bank::ParseNative(iq.ColumnText(0), "item store");
            if (!parsed.has_errors() && parsed.items.size() == 1) {
              item = std::move(parsed.items[0].item);
            }
          }
          it = items.emplace(key, std::move(item)).first;
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
