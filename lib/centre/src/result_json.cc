#include "result_json.h"

#include <optional>
#include <string_view>
#include <utility>

#include <boost/json.hpp>

#include "khaothi/bank/native.h"

namespace khaothi::centre::internal {

namespace json = boost::json;

namespace {

// A field of a stored result; kCorruption naming it when it is missing or of another type.
Status WrongShape(std::string_view field, std::string_view type) {
  return Status::Corruption("a stored result has the wrong shape: \"" + std::string(field) +
                            "\" is missing or not " + std::string(type));
}

Result<int64_t> ReadInt(const json::object& o, std::string_view field) {
  const json::value* v = o.if_contains(field);
  if (v == nullptr || !v->is_int64()) {
    return WrongShape(field, "an integer");
  }
  return v->get_int64();
}

Result<std::string> ReadString(const json::object& o, std::string_view field) {
  const json::value* v = o.if_contains(field);
  if (v == nullptr || !v->is_string()) {
    return WrongShape(field, "a string");
  }
  return std::string(v->get_string());
}

Result<engine::Points> ReadPoints(const json::object& o, std::string_view field) {
  KHAOTHI_ASSIGN_OR_RETURN(const std::string text, ReadString(o, field));
  std::optional<engine::Points> points = engine::ParsePoints(text);
  if (!points) {
    return Status::Corruption("a stored result has a bad " + std::string(field));
  }
  return *points;
}

}  // namespace

Result<engine::GradeResult> GradeFromJson(const std::string& text, uint64_t seed) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return Status::Corruption("a stored result is not a JSON object");
  }
  const json::object& o = v.as_object();
  engine::GradeResult g;
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t revision, ReadInt(o, "revision"));
  g.revision = static_cast<int>(revision);
  KHAOTHI_ASSIGN_OR_RETURN(g.blueprint_id, ReadString(o, "blueprint"));
  const json::value* passed = o.if_contains("passed");
  if (passed == nullptr || !passed->is_bool()) {
    return WrongShape("passed", "a boolean");
  }
  g.passed = passed->get_bool();
  KHAOTHI_ASSIGN_OR_RETURN(g.earned, ReadInt(o, "earned"));
  KHAOTHI_ASSIGN_OR_RETURN(g.possible, ReadInt(o, "possible"));
  KHAOTHI_ASSIGN_OR_RETURN(g.score, ReadPoints(o, "score"));
  const json::value* slots = o.if_contains("slots");
  if (slots == nullptr || !slots->is_array()) {
    return WrongShape("slots", "an array");
  }
  for (const json::value& s : slots->get_array()) {
    if (!s.is_object()) {
      return WrongShape("slots", "an array of objects");
    }
    const json::object& so = s.get_object();
    KHAOTHI_ASSIGN_OR_RETURN(std::string item, ReadString(so, "item"));
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t version, ReadInt(so, "version"));
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t credit, ReadInt(so, "credit"));
    KHAOTHI_ASSIGN_OR_RETURN(const engine::Points points, ReadPoints(so, "points"));
    g.slots.push_back({std::move(item), static_cast<int>(version), credit, points});
  }
  if (o.contains("supersedes")) {
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t supersedes, ReadInt(o, "supersedes"));
    g.supersedes = static_cast<int>(supersedes);
  }
  if (o.contains("reason")) {
    KHAOTHI_ASSIGN_OR_RETURN(g.reason, ReadString(o, "reason"));
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
