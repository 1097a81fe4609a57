#include "khaothi/engine/random.h"

#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

namespace khaothi::engine {
namespace {

// Every expected value below is in docs/forms.md, computed by the reference C code of
// prng.di.unimi.it (SplitMix64, xoshiro256**) and an independent Python transcription.

TEST_CASE("SplitMix64 matches the reference test vector") {
  SplitMix64 sm(1234567);
  CHECK(sm.Next() == 6457827717110365317U);
  CHECK(sm.Next() == 3203168211198807973U);
  CHECK(sm.Next() == 9817491932198370423U);
}

TEST_CASE("xoshiro256** matches the reference test vector") {
  Xoshiro256 g = Xoshiro256::FromState({1, 2, 3, 4});
  CHECK(g.Next() == 11520U);
  CHECK(g.Next() == 0U);
  CHECK(g.Next() == 1509978240U);
  CHECK(g.Next() == 1215971899390074240U);
}

TEST_CASE("seeding expands the seed with SplitMix64") {
  SECTION("seed 0") {
    Xoshiro256 g(0);
    CHECK(g.Next() == 11091344671253066420U);
    CHECK(g.Next() == 13793997310169335082U);
    CHECK(g.Next() == 1900383378846508768U);
  }
  SECTION("seed 42") {
    Xoshiro256 g(42);
    CHECK(g.Next() == 1546998764402558742U);
    CHECK(g.Next() == 6990951692964543102U);
    CHECK(g.Next() == 12544586762248559009U);
  }
}

TEST_CASE("the bounded draw follows Lemire's method exactly") {
  Xoshiro256 g(42);
  CHECK(BoundedDraw(g, 10) == 0U);
  CHECK(BoundedDraw(g, 10) == 3U);
  CHECK(BoundedDraw(g, 10) == 6U);
  CHECK(BoundedDraw(g, 1000) == 924U);
  CHECK(BoundedDraw(g, 7) == 6U);
  CHECK(BoundedDraw(g, (uint64_t{1} << 63) + 5) == 7099593415032875295U);
  CHECK(BoundedDraw(g, 3) == 2U);
}

TEST_CASE("bounded draws stay in range and a range of one draws zero") {
  const uint64_t seed = GENERATE(take(20, random(uint64_t{0}, ~uint64_t{0})));
  Xoshiro256 g(seed);
  for (uint64_t n = 1; n < 200; ++n) {
    CHECK(BoundedDraw(g, n) < n);
  }
  CHECK(BoundedDraw(g, 1) == 0U);
}

TEST_CASE("a shuffle is a permutation") {
  const uint64_t seed = GENERATE(take(20, random(uint64_t{0}, ~uint64_t{0})));
  Xoshiro256 g(seed);
  std::vector<int> v(17);
  for (int i = 0; i < 17; ++i) {
    v[static_cast<size_t>(i)] = i;
  }
  Shuffle(g, std::span<int>(v));
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 17; ++i) {
    CHECK(sorted[static_cast<size_t>(i)] == i);
  }
}

}  // namespace
}  // namespace khaothi::engine
