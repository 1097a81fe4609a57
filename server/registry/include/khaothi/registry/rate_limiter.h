// The public lookup's limit per client address: a token bucket per address, in a table of
// bounded size (docs/registry.md "Public lookup").
//
// Each address has a bucket of at most `burst` lookups, refilled by one every `refill`; a lookup
// takes one, and an empty bucket refuses it with the time until the next refill. IPv6 addresses
// count by their /64 prefix, since one subscriber is usually given a whole /64 and could
// otherwise change address for every lookup.
//
// The table holds at most `max_addresses` buckets, least recently used first out: a bucket not
// seen for `burst * refill` is full again and forgetting it changes nothing, and under a flood
// from more addresses than that, the oldest ones are forgotten (their limit starts afresh)
// rather than the memory growing or new addresses being refused. Each entry costs about 150
// bytes.
//
// Thread safety: Admit may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace khaothi::registry {

class LookupRateLimiter {
 public:
  // REQUIRES: burst >= 1, refill > 0, max_addresses >= 1.
  LookupRateLimiter(int burst, std::chrono::milliseconds refill, size_t max_addresses);
  LookupRateLimiter(const LookupRateLimiter&) = delete;
  LookupRateLimiter& operator=(const LookupRateLimiter&) = delete;

  // Takes one lookup from the bucket of `address` (an IP address as text) at `now_ms` (a
  // monotonic clock, milliseconds). nullopt when allowed; otherwise how long until one is
  // allowed again (nothing is taken then).
  std::optional<std::chrono::milliseconds> Admit(std::string_view address, int64_t now_ms);

  // How many addresses the table holds now (tests).
  size_t size() const;

  // The key `address` counts under: itself for IPv4, its /64 prefix for IPv6
  // ("2001:db8:1:2::/64"), the text as it is when it is not an address.
  static std::string Key(std::string_view address);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;  // when `tokens` was computed
    std::list<std::string>::iterator lru;
  };

  // Constant after construction
  const double burst_;
  const double refill_ms_;
  const size_t max_addresses_;

  mutable std::mutex mu_;
  // Guarded by mu_
  std::unordered_map<std::string, Bucket> buckets_;
  std::list<std::string> lru_;  // most recently used first
};

}  // namespace khaothi::registry
