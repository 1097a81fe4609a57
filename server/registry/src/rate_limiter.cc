#include "khaothi/registry/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include <boost/asio/ip/address.hpp>

namespace khaothi::registry {

LookupRateLimiter::LookupRateLimiter(int burst, std::chrono::milliseconds refill,
                                     size_t max_addresses)
    : burst_(std::max(1, burst)),
      refill_ms_(static_cast<double>(std::max<int64_t>(1, refill.count()))),
      max_addresses_(std::max<size_t>(1, max_addresses)) {}

std::string LookupRateLimiter::Key(std::string_view address) {
  boost::system::error_code ec;
  const boost::asio::ip::address a = boost::asio::ip::make_address(address, ec);
  if (ec || !a.is_v6()) {
    return std::string(address);
  }
  if (a.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6()).to_string();
  }
  boost::asio::ip::address_v6::bytes_type bytes = a.to_v6().to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

std::optional<std::chrono::milliseconds> LookupRateLimiter::Admit(std::string_view address,
                                                                  int64_t now_ms) {
  const std::string key = Key(address);
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_addresses_) {
      buckets_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.push_front(key);
    it = buckets_.emplace(key, Bucket{burst_, now_ms, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
  }
  Bucket& b = it->second;
  if (now_ms > b.at_ms) {
    b.tokens = std::min(burst_, b.tokens + static_cast<double>(now_ms - b.at_ms) / refill_ms_);
    b.at_ms = now_ms;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait = std::ceil((1.0 - b.tokens) * refill_ms_);
  return std::chrono::milliseconds(static_cast<int64_t>(wait));
}

size_t LookupRateLimiter::size() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace khaothi::registry
