#include "khaothi/registry/push.h"

#include <vector>

#include <boost/json.hpp>

#include "khaothi/registry/messages.h"
#include "khaothi/registry/records.h"

namespace khaothi::registry {

namespace json = boost::json;

HttpReply ErrorReply(unsigned status, std::string_view code, std::string_view message) {
  return {status, json::serialize(json::object{{"error", code},
                                               {"message", Localize(message, true)},
                                               {"message_vi", Localize(message, false)}})};
}

HttpReply HandlePush(pg::Connection& conn, const std::string& centre_code, std::string_view body,
                     const RegistryLimits& limits) {
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  const json::value* records =
      !ec && parsed.is_object() ? parsed.as_object().if_contains("records") : nullptr;
  if (records == nullptr || !records->is_array()) {
    return ErrorReply(400, "malformed",
                      Bilingual("thân yêu cầu phải là JSON {\"records\":[...]}",
                                "the body must be JSON {\"records\":[...]}"));
  }
  const json::array& batch = records->as_array();
  if (batch.empty()) {
    return ErrorReply(400, "empty_batch",
                      Bilingual("lô gửi không có bản ghi nào", "the batch holds no records"));
  }
  if (batch.size() > limits.max_batch_records) {
    return ErrorReply(
        413, "too_many_records",
        Bilingual("một lô tối đa " + std::to_string(limits.max_batch_records) +
                      " bản ghi; lô này có " + std::to_string(batch.size()),
                  "a batch holds at most " + std::to_string(limits.max_batch_records) +
                      " records; this one holds " + std::to_string(batch.size())));
  }
  Result<std::vector<Arrival>> arrivals =
      StoreBatch(conn, centre_code, std::vector<json::value>(batch.begin(), batch.end()));
  if (!arrivals.ok()) {
    const Status& s = arrivals.status();
    if (s.IsNotFound()) {
      return ErrorReply(403, "unknown_centre", s.message());
    }
    if (s.IsPermissionDenied()) {
      return ErrorReply(403, "suspended", s.message());
    }
    if (s.IsUnavailable()) {
      return ErrorReply(503, "unavailable",
                        Bilingual("cơ sở dữ liệu tạm thời không phục vụ; hãy gửi lại sau",
                                  "the database is unavailable; push again later"));
    }
    return ErrorReply(500, "internal",
                      Bilingual("lỗi cơ sở dữ liệu; không bản ghi nào được lưu",
                                "database error; nothing was stored"));
  }
  json::array results;
  int64_t stored = 0;
  int64_t duplicate = 0;
  int64_t refused = 0;
  for (const Arrival& a : *arrivals) {
    json::object r{{"id", a.record_id}, {"status", ToString(a.outcome)}};
    if (a.outcome == Outcome::kRefused) {
      r["code"] = a.code;
      r["reason"] = Localize(a.reason, true);
      r["reason_vi"] = Localize(a.reason, false);
    }
    stored += a.outcome == Outcome::kStored ? 1 : 0;
    duplicate += a.outcome == Outcome::kDuplicate ? 1 : 0;
    refused += a.outcome == Outcome::kRefused ? 1 : 0;
    results.push_back(std::move(r));
  }
  return {200, json::serialize(json::object{{"results", std::move(results)},
                                            {"stored", stored},
                                            {"duplicate", duplicate},
                                            {"refused", refused}})};
}

}  // namespace khaothi::registry
