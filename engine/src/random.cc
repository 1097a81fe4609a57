#include "khaothi/engine/random.h"

#include <tuple>

#include "khaothi/engine/check.h"

namespace khaothi::engine {
namespace {

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// The full 128-bit product of a and b as (high, low), from 32-bit halves so that the result does
// not depend on a compiler's 128-bit integer extension.
std::pair<uint64_t, uint64_t> Multiply128(uint64_t a, uint64_t b) {
  const uint64_t a_lo = a & 0xffffffffU;
  const uint64_t a_hi = a >> 32;
  const uint64_t b_lo = b & 0xffffffffU;
  const uint64_t b_hi = b >> 32;
  const uint64_t lo_lo = a_lo * b_lo;
  const uint64_t hi_lo = a_hi * b_lo;
  const uint64_t lo_hi = a_lo * b_hi;
  const uint64_t hi_hi = a_hi * b_hi;
  const uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xffffffffU) + lo_hi;
  const uint64_t high = hi_hi + (hi_lo >> 32) + (cross >> 32);
  const uint64_t low = (cross << 32) | (lo_lo & 0xffffffffU);
  return {high, low};
}

}  // namespace

uint64_t SplitMix64::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15U);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9U;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebU;
  return z ^ (z >> 31);
}

Xoshiro256::Xoshiro256(uint64_t seed) {
  SplitMix64 sm(seed);
  for (uint64_t& word : s_) {
    word = sm.Next();
  }
}

Xoshiro256 Xoshiro256::FromState(const std::array<uint64_t, 4>& state) {
  KHAOTHI_DCHECK((state[0] | state[1] | state[2] | state[3]) != 0);
  Xoshiro256 g;
  g.s_ = state;
  return g;
}

uint64_t Xoshiro256::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t BoundedDraw(Xoshiro256& rng, uint64_t n) {
  KHAOTHI_DCHECK(n > 0);
  auto [high, low] = Multiply128(rng.Next(), n);
  if (low < n) {
    // (2^64 - n) mod n, computed in 64 bits as (-n) mod n.
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      std::tie(high, low) = Multiply128(rng.Next(), n);
    }
  }
  return high;
}

}  // namespace khaothi::engine
