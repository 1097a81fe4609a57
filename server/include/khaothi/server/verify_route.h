// GET /verify: the public certificate lookup (docs/regulations.md §7), for the dashboard's HTTP
// router.
//
//   GET /verify?name=<full name>&dob=<YYYY-MM-DD or dd/mm/yyyy>&number=<serial or NNN/YYYY>
//
// Answers 200 with centre::VerifyLookup's JSON ({"found":false} or the signed certificate, its
// checked status "valid"/"revoked"/"tampered", the revocation and the issuer's public key), 400
// when a parameter is missing, 405 for another method. Query values are percent-decoded ('+' is
// a space). No cookie or session is needed; the caller must know all three facts.
//
// Lookups are limited per client address (ServerLimits::max_verify_lookups_per_address in each
// verify_rate_window): the router asks VerifyRateLimiter first and answers TooManyLookups, 429
// with Retry-After and a page saying in how many minutes to try again, when it refuses.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <boost/beast/http.hpp>

#include "khaothi/store/database.h"

namespace khaothi::server {

// Lookups per address in a sliding window. Thread-safe.
class VerifyRateLimiter {
 public:
  VerifyRateLimiter(int max_per_window, std::chrono::milliseconds window)
      : max_(max_per_window), window_ms_(window.count()) {}

  // Counts one lookup from `address` at `now_ms` and returns nullopt when it is allowed, or how
  // long until the next one is (the lookup is then not counted).
  std::optional<std::chrono::milliseconds> Admit(const std::string& address, int64_t now_ms);

 private:
  // Constant after construction
  const int max_;
  const int64_t window_ms_;

  std::mutex mu_;
  // Guarded by mu_
  std::map<std::string, std::deque<int64_t>> recent_;
  int64_t last_sweep_ms_ = 0;
};

// 429 Too Many Requests with Retry-After: an HTML page for a browser (Accept: text/html), JSON
// {"error":"too_many_lookups","message":..,"retry_after_s":N} otherwise; Vietnamese unless
// `english`.
boost::beast::http::response<boost::beast::http::string_body> TooManyLookups(
    const boost::beast::http::request<boost::beast::http::string_body>& request,
    std::chrono::milliseconds retry_after, bool english);

// Whether `target` (the request target, with its query) is the /verify route.
bool IsVerifyTarget(std::string_view target);

// Handles one request for /verify using `db` (the caller serialises access to it).
boost::beast::http::response<boost::beast::http::string_body> HandleVerify(
    store::Database& db,
    const boost::beast::http::request<boost::beast::http::string_body>& request);

}  // namespace khaothi::server
