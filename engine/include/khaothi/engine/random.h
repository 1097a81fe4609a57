// The specified random numbers behind form generation (docs/forms.md).
//
// A form must be a pure function of (bank snapshot, blueprint, seed) on every compiler and
// machine (DESIGN.md §5), so nothing here uses <random>'s implementation-defined distributions or
// std::shuffle. The generator is xoshiro256** 1.0 (Blackman and Vigna), its 256-bit state filled
// by four successive outputs of SplitMix64 started at the seed. Bounded integers use Lemire's
// multiply-and-shift method with rejection, so every value in [0, n) is exactly equally likely.
// Shuffles are Fisher–Yates driven by that bounded draw. docs/forms.md specifies each step and
// gives test vectors that tests/engine/random_test.cc checks.
//
// Thread safety: a Xoshiro256 is a plain value; one instance must not be used by two threads at
// once. The free functions are pure.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <utility>

namespace khaothi::engine {

// SplitMix64 (Steele, Lea and Flood 2014): used only to expand a 64-bit seed into a state.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next();

 private:
  uint64_t state_;
};

// xoshiro256** 1.0.
class Xoshiro256 {
 public:
  // The state is SplitMix64(seed)'s first four outputs, s[0] first. A state of all zeros cannot
  // arise this way (SplitMix64 is a bijection of its counter, and four consecutive outputs are
  // never all zero).
  explicit Xoshiro256(uint64_t seed);
  // A generator with exactly this state, to check against the reference implementation's test
  // vectors. REQUIRES: not all zero.
  static Xoshiro256 FromState(const std::array<uint64_t, 4>& state);

  // The next 64 uniformly distributed bits.
  uint64_t Next();

 private:
  Xoshiro256() = default;

  std::array<uint64_t, 4> s_{};
};

// A uniformly distributed integer in [0, n), by Lemire's method ("Fast Random Integer Generation
// in an Interval", 2019): m = x * n as a 128-bit product; while the low 64 bits of m are below
// (2^64 - n) mod n, draw x again; return the high 64 bits. Consumes one or more outputs of `rng`.
// REQUIRES: n > 0
uint64_t BoundedDraw(Xoshiro256& rng, uint64_t n);

// Fisher–Yates: for i = size-1 down to 1, j = BoundedDraw(rng, i + 1), swap(v[i], v[j]).
// Consumes size-1 bounded draws (none for 0 or 1 elements).
template <typename T>
void Shuffle(Xoshiro256& rng, std::span<T> v) {
  for (size_t i = v.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(BoundedDraw(rng, i));
    using std::swap;
    swap(v[i - 1], v[j]);
  }
}

}  // namespace khaothi::engine
