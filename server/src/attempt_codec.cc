#include "attempt_codec.h"

#include <type_traits>

#include <boost/json.hpp>

namespace khaothi::server {
namespace {

namespace json = boost::json;
using engine::TimeCredit;

int64_t Ms(engine::TimePoint t) { return t.time_since_epoch().count(); }
engine::TimePoint At(int64_t ms) { return engine::TimePoint(engine::Duration(ms)); }

std::string_view KindName(TimeCredit::Kind k) {
  switch (k) {
    case TimeCredit::Kind::kExtension:
      return "extension";
    case TimeCredit::Kind::kPause:
      return "pause";
    case TimeCredit::Kind::kDowntime:
      return "downtime";
  }
  return "?";
}

// A whole number that fits int64_t, or Corruption naming `field`.
Result<int64_t> Number(const json::value& v, std::string_view field) {
  boost::system::error_code ec;
  const int64_t n = v.to_number<int64_t>(ec);
  if (ec) {
    return Status::Corruption("attempt record: " + std::string(field) + " is not a whole number");
  }
  return n;
}

// The field `name` of `o` as T, or Corruption naming the field that is missing or of the wrong
// kind. T is std::string_view, int64_t, bool or const json::array*; a string_view and an array
// pointer refer into `o`.
template <typename T>
Result<T> Read(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  const auto wrong = [name](const char* kind) {
    return Status::Corruption("attempt record: " + std::string(name) + " is missing or not " +
                              kind);
  };
  if constexpr (std::is_same_v<T, std::string_view>) {
    if (v == nullptr || !v->is_string()) {
      return wrong("a string");
    }
    return std::string_view(v->get_string());
  } else if constexpr (std::is_same_v<T, int64_t>) {
    if (v == nullptr) {
      return wrong("a number");
    }
    return Number(*v, name);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (v == nullptr || !v->is_bool()) {
      return wrong("true or false");
    }
    return v->get_bool();
  } else {
    static_assert(std::is_same_v<T, const json::array*>);
    if (v == nullptr || !v->is_array()) {
      return wrong("an array");
    }
    return &v->get_array();
  }
}

}  // namespace

std::string AttemptRecordToJson(const engine::AttemptRecord& r) {
  json::object o;
  o["state"] = engine::ToString(r.state);
  o["duration_ms"] = r.duration.count();
  o["unlock_required"] = r.policy.unlock_required;
  o["charge_server_downtime"] = r.policy.charge_server_downtime;
  json::array counts;
  for (int c : r.option_counts) {
    counts.push_back(c);
  }
  o["option_counts"] = std::move(counts);
  if (r.started_at) {
    o["started_ms"] = Ms(*r.started_at);
  }
  json::array credits;
  for (const TimeCredit& c : r.credits) {
    credits.push_back(json::object{{"kind", KindName(c.kind)},
                                   {"ms", c.amount.count()},
                                   {"reason", c.reason},
                                   {"at_ms", Ms(c.at)}});
  }
  o["credits"] = std::move(credits);
  if (r.paused_at) {
    o["paused_ms"] = Ms(*r.paused_at);
    o["pause_reason"] = r.pause_reason;
  }
  if (r.closed_at) {
    o["closed_ms"] = Ms(*r.closed_at);
  }
  o["submitted_by"] = engine::ToString(r.submitted_by);
  o["submit_reason"] = r.submit_reason;
  return json::serialize(o);
}

Result<engine::AttemptRecord> AttemptRecordFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return Status::Corruption("attempt record is not a JSON object");
  }
  const json::object& o = v.get_object();
  engine::AttemptRecord r;
  KHAOTHI_ASSIGN_OR_RETURN(const std::string_view state, Read<std::string_view>(o, "state"));
  bool found = false;
  for (auto s : {engine::AttemptState::kCreated, engine::AttemptState::kUnlocked,
                 engine::AttemptState::kInProgress, engine::AttemptState::kSuspended,
                 engine::AttemptState::kSubmitted, engine::AttemptState::kGraded}) {
    if (engine::ToString(s) == state) {
      r.state = s;
      found = true;
    }
  }
  if (!found) {
    return Status::Corruption("unknown attempt state '" + std::string(state) + "'");
  }
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t duration_ms, Read<int64_t>(o, "duration_ms"));
  r.duration = engine::Duration(duration_ms);
  KHAOTHI_ASSIGN_OR_RETURN(r.policy.unlock_required, Read<bool>(o, "unlock_required"));
  KHAOTHI_ASSIGN_OR_RETURN(r.policy.charge_server_downtime,
                           Read<bool>(o, "charge_server_downtime"));
  KHAOTHI_ASSIGN_OR_RETURN(const json::array* counts, Read<const json::array*>(o, "option_counts"));
  for (const json::value& c : *counts) {
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t count, Number(c, "option_counts"));
    r.option_counts.push_back(static_cast<int>(count));
  }
  r.slots.resize(r.option_counts.size());
  if (o.contains("started_ms")) {
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t started, Read<int64_t>(o, "started_ms"));
    r.started_at = At(started);
  }
  KHAOTHI_ASSIGN_OR_RETURN(const json::array* credits, Read<const json::array*>(o, "credits"));
  for (const json::value& cv : *credits) {
    if (!cv.is_object()) {
      return Status::Corruption("attempt record: a credit is not an object");
    }
    const json::object& c = cv.get_object();
    TimeCredit credit;
    KHAOTHI_ASSIGN_OR_RETURN(const std::string_view kind, Read<std::string_view>(c, "kind"));
    credit.kind = kind == "extension" ? TimeCredit::Kind::kExtension
                  : kind == "pause"   ? TimeCredit::Kind::kPause
                                      : TimeCredit::Kind::kDowntime;
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t ms, Read<int64_t>(c, "ms"));
    credit.amount = engine::Duration(ms);
    KHAOTHI_ASSIGN_OR_RETURN(const std::string_view reason, Read<std::string_view>(c, "reason"));
    credit.reason = std::string(reason);
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t at_ms, Read<int64_t>(c, "at_ms"));
    credit.at = At(at_ms);
    r.credits.push_back(std::move(credit));
  }
  if (o.contains("paused_ms")) {
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t paused, Read<int64_t>(o, "paused_ms"));
    r.paused_at = At(paused);
    KHAOTHI_ASSIGN_OR_RETURN(const std::string_view reason,
                             Read<std::string_view>(o, "pause_reason"));
    r.pause_reason = std::string(reason);
  }
  if (o.contains("closed_ms")) {
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t closed, Read<int64_t>(o, "closed_ms"));
    r.closed_at = At(closed);
  }
  KHAOTHI_ASSIGN_OR_RETURN(const std::string_view by, Read<std::string_view>(o, "submitted_by"));
  for (auto b : {engine::SubmittedBy::kNone, engine::SubmittedBy::kCandidate,
                 engine::SubmittedBy::kClock, engine::SubmittedBy::kProctor}) {
    if (engine::ToString(b) == by) {
      r.submitted_by = b;
    }
  }
  KHAOTHI_ASSIGN_OR_RETURN(const std::string_view submit_reason,
                           Read<std::string_view>(o, "submit_reason"));
  r.submit_reason = std::string(submit_reason);
  return r;
}

std::string ChoiceToJson(const std::vector<int>& chosen) {
  json::array a;
  for (int c : chosen) {
    a.push_back(c);
  }
  return json::serialize(a);
}

Result<std::vector<int>> ChoiceFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) {
    return Status::Corruption("answer choice is not a JSON array");
  }
  std::vector<int> out;
  for (const json::value& e : v.get_array()) {
    if (!e.is_int64()) {
      return Status::Corruption("answer choice holds a non-integer");
    }
    out.push_back(static_cast<int>(e.get_int64()));
  }
  return out;
}

}  // namespace khaothi::server
