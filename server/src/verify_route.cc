#include "khaothi/server/verify_route.h"

#include <algorithm>
#include <string>

#include <boost/json.hpp>

#include "khaothi/centre/certificates.h"
#include "khaothi/web/url.h"

namespace khaothi::server {
namespace {

namespace http = boost::beast::http;

http::response<http::string_body> Json(const http::request<http::string_body>& req,
                                       http::status status, const boost::json::object& body) {
  http::response<http::string_body> res{status, req.version()};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = boost::json::serialize(body);
  res.prepare_payload();
  return res;
}

}  // namespace

std::optional<std::chrono::milliseconds> VerifyRateLimiter::Admit(const std::string& address,
                                                                  int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto expire = [&](std::deque<int64_t>& times) {
    while (!times.empty() && now_ms - times.front() >= window_ms_) {
      times.pop_front();
    }
  };
  // Now and then forget the addresses whose lookups have all left the window, so the map holds
  // only recent callers; not on every lookup, which would cost as many steps as callers.
  if (now_ms - last_sweep_ms_ >= window_ms_ / 10) {
    last_sweep_ms_ = now_ms;
    for (auto it = recent_.begin(); it != recent_.end();) {
      expire(it->second);
      it = it->second.empty() ? recent_.erase(it) : std::next(it);
    }
  }
  std::deque<int64_t>& times = recent_[address];
  expire(times);
  if (static_cast<int>(times.size()) >= max_) {
    return std::chrono::milliseconds(times.front() + window_ms_ - now_ms);
  }
  times.push_back(now_ms);
  return std::nullopt;
}

http::response<http::string_body> TooManyLookups(const http::request<http::string_body>& request,
                                                 std::chrono::milliseconds retry_after,
                                                 bool english) {
  const int64_t seconds = std::max<int64_t>(1, (retry_after.count() + 999) / 1000);
  const int64_t minutes = (seconds + 59) / 60;
  const std::string message =
      english ? "Too many certificate lookups from this address; try again in " +
                    std::to_string(minutes) + (minutes == 1 ? " minute." : " minutes.")
              : "Bạn đã tra cứu chứng chỉ quá nhiều lần; hãy thử lại sau " +
                    std::to_string(minutes) + " phút.";
  http::response<http::string_body> res{http::status::too_many_requests, request.version()};
  res.set(http::field::retry_after, std::to_string(seconds));
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(request.keep_alive());
  const auto accept = request.find(http::field::accept);
  if (accept != request.end() && accept->value().find("text/html") != std::string_view::npos) {
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.body() = std::string("<!DOCTYPE html><html lang=\"") + (english ? "en" : "vi") +
                 "\"><head><meta charset=\"utf-8\"><title>" +
                 (english ? "Too many lookups" : "Tra cứu quá nhiều lần") +
                 "</title></head><body><h1>" +
                 (english ? "Too many lookups" : "Tra cứu quá nhiều lần") + "</h1><p>" + message +
                 "</p></body></html>\n";
  } else {
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.body() = boost::json::serialize(boost::json::object{
        {"error", "too_many_lookups"}, {"message", message}, {"retry_after_s", seconds}});
  }
  res.prepare_payload();
  return res;
}

bool IsVerifyTarget(std::string_view target) { return web::TargetPath(target) == "/verify"; }

http::response<http::string_body> HandleVerify(store::Database& db,
                                               const http::request<http::string_body>& request) {
  if (request.method() != http::verb::get) {
    return Json(request, http::status::method_not_allowed, {{"error", "use GET"}});
  }
  web::Params q = web::TargetQuery(request.target());
  const std::string number = q.count("number") != 0U ? q["number"] : q["serial"];
  if (q["name"].empty() || q["dob"].empty() || number.empty()) {
    return Json(request, http::status::bad_request,
                {{"error", "give name, dob and number (serial or register number NNN/YYYY)"}});
  }
  Result<boost::json::object> r = centre::VerifyLookup(db, q["name"], q["dob"], number);
  if (!r.ok()) {
    return Json(request,
                r.status().IsInvalidArgument() ? http::status::bad_request
                                               : http::status::internal_server_error,
                {{"error", r.status().message()}});
  }
  return Json(request, http::status::ok, *r);
}

}  // namespace khaothi::server
