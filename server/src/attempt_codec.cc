#include "attempt_codec.h"

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
  try {
    const json::object& o = v.get_object();
    engine::AttemptRecord r;
    const std::string_view state = o.at("state").as_string();
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
    r.duration = engine::Duration(o.at("duration_ms").to_number<int64_t>());
    r.policy.unlock_required = o.at("unlock_required").as_bool();
    r.policy.charge_server_downtime = o.at("charge_server_downtime").as_bool();
    for (const json::value& c : o.at("option_counts").as_array()) {
      r.option_counts.push_back(c.to_number<int>());
    }
    r.slots.resize(r.option_counts.size());
    if (const json::value* s = o.if_contains("started_ms")) {
      r.started_at = At(s->to_number<int64_t>());
    }
    for (const json::value& cv : o.at("credits").as_array()) {
      const json::object& c = cv.as_object();
      TimeCredit credit;
      const std::string_view kind = c.at("kind").as_string();
      credit.kind = kind == "extension" ? TimeCredit::Kind::kExtension
                    : kind == "pause"   ? TimeCredit::Kind::kPause
                                        : TimeCredit::Kind::kDowntime;
      credit.amount = engine::Duration(c.at("ms").to_number<int64_t>());
      credit.reason = std::string(c.at("reason").as_string());
      credit.at = At(c.at("at_ms").to_number<int64_t>());
      r.credits.push_back(std::move(credit));
    }
    if (const json::value* p = o.if_contains("paused_ms")) {
      r.paused_at = At(p->to_number<int64_t>());
      r.pause_reason = std::string(o.at("pause_reason").as_string());
    }
    if (const json::value* c = o.if_contains("closed_ms")) {
      r.closed_at = At(c->to_number<int64_t>());
    }
    const std::string_view by = o.at("submitted_by").as_string();
    for (auto b : {engine::SubmittedBy::kNone, engine::SubmittedBy::kCandidate,
                   engine::SubmittedBy::kClock, engine::SubmittedBy::kProctor}) {
      if (engine::ToString(b) == by) {
        r.submitted_by = b;
      }
    }
    r.submit_reason = std::string(o.at("submit_reason").as_string());
    return r;
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("attempt record: ") + e.what());
  }
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
