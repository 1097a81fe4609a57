#include "result_json.h"

#include <boost/json.hpp>

#include "khaothi/bank/native.h"

namespace khaothi::centre::internal {

namespace json = boost::json;

Result<engine::GradeResult> GradeFromJson(const std::string& text, uint64_t seed) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return Status::Corruption("a stored result is not a JSON object");
  }
  const json::object& o = v.as_object();
  engine::GradeResult g;
  try {
    g.revision = static_cast<int>(o.at("revision").as_int64());
    g.blueprint_id = std::string(o.at("blueprint").as_string());
    g.passed = o.at("passed").as_bool();
    g.earned = o.at("earned").as_int64();
    g.possible = o.at("possible").as_int64();
    std::optional<engine::Points> score = engine::ParsePoints(o.at("score").as_string());
    if (!score) {
      return Status::Corruption("a stored result has a bad score");
    }
    g.score = *score;
    for (const json::value& s : o.at("slots").as_array()) {
      const json::object& so = s.as_object();
      std::optional<engine::Points> pts = engine::ParsePoints(so.at("points").as_string());
      if (!pts) {
        return Status::Corruption("a stored result has bad points");
      }
      g.slots.push_back({std::string(so.at("item").as_string()),
                         static_cast<int>(so.at("version").as_int64()), so.at("credit").as_int64(),
                         *pts});
    }
    if (const json::value* sup = o.if_contains("supersedes"); sup != nullptr) {
      g.supersedes = static_cast<int>(sup->as_int64());
    }
    if (const json::value* r = o.if_contains("reason"); r != nullptr) {
      g.reason = std::string(r->as_string());
    }
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("a stored result has the wrong shape: ") + e.what());
  }
  g.seed = seed;
  return g;
}

json::object GradeToJson(const engine::GradeResult& g, const engine::Blueprint& b) {
  json::array slots;
  for (const engine::SlotGrade& s : g.slots) {
    slots.push_back(json::object{{"item", s.item_id},
                                 {"version", s.item_version},
                                 {"credit", s.credit},
                                 {"points", engine::FormatPoints(s.points)}});
  }
  json::object o{{"revision", g.revision},
                 {"blueprint", g.blueprint_id},
                 {"score", engine::FormatPoints(g.score, b.scoring.decimals)},
                 {"passed", g.passed},
                 {"earned", g.earned},
                 {"possible", g.possible},
                 {"slots", std::move(slots)}};
  if (g.supersedes) {
    o["supersedes"] = *g.supersedes;
    o["reason"] = g.reason;
  }
  return o;
}

std::vector<engine::Points> MarksFromJson(const std::string& text) {
  std::vector<engine::Points> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (!ec && v.is_array()) {
    for (const json::value& m : v.as_array()) {
      if (m.is_string()) {
        out.push_back(engine::ParsePoints(m.as_string()).value_or(engine::Points{}));
      }
    }
  }
  return out;
}

Result<std::vector<std::vector<int>>> LoadResponses(store::Database& db,
                                                    const std::string& session_id,
                                                    const std::string& sbd, size_t slot_count) {
  std::vector<std::vector<int>> responses(slot_count);
  store::Statement q =
      db.Prepare("SELECT slot, choice FROM answers WHERE session_id = ?1 AND sbd = ?2");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) -> Status {
    const size_t slot = static_cast<size_t>(row.ColumnInt(0));
    boost::system::error_code ec;
    const json::value v = json::parse(row.ColumnText(1), ec);
    if (ec || !v.is_array() || slot >= responses.size()) {
      return Status::Corruption("a stored answer of " + sbd + " does not parse");
    }
    for (const json::value& x : v.as_array()) {
      if (x.is_int64()) {
        responses[slot].push_back(static_cast<int>(x.as_int64()));
      }
    }
    return Status::Ok();
  }));
  return responses;
}

}  // namespace khaothi::centre::internal
