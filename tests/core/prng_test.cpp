// Rule (engine, randomness): one fixed PRNG algorithm, so a seed gives the
// same draws everywhere; streams derived per (seed, purpose, index) are
// independent of each other.
#include <doctest/doctest.h>

#include <array>
#include <set>

#include "core/prng.hpp"

using namespace holocron;

TEST_CASE("Prng is a fixed algorithm: known first outputs for seed 42") {
  // Pinned values: a change to the generator or its seeding changes every
  // simulation result, so it must be deliberate and show up here.
  Prng prng(42);
  const std::array<std::uint64_t, 3> first{prng.next(), prng.next(), prng.next()};
  Prng again(42);
  CHECK(again.next() == first[0]);
  CHECK(again.next() == first[1]);
  CHECK(again.next() == first[2]);
  CHECK(first[0] != first[1]);
  CHECK(first[0] == 0x15780b2e0c2ec716ULL);
}

TEST_CASE("Prng matches the xoshiro256** reference outputs for state {1,2,3,4}") {
  auto prng = Prng::from_state(1, 2, 3, 4);
  CHECK(prng.next() == 11520ULL);
  CHECK(prng.next() == 0ULL);
  CHECK(prng.next() == 1509978240ULL);
  CHECK(prng.next() == 1215971899390074240ULL);
}

TEST_CASE("derived streams differ by purpose and index and are reproducible") {
  auto a = Prng::derive(7, "latency", 1);
  auto b = Prng::derive(7, "latency", 2);
  auto c = Prng::derive(7, "crash", 1);
  auto a2 = Prng::derive(7, "latency", 1);
  const auto va = a.next();
  CHECK(va != b.next());
  CHECK(va != c.next());
  CHECK(va == a2.next());
}

TEST_CASE("below and between stay in range and cover it") {
  Prng prng(1);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto v = prng.below(10);
    REQUIRE(v < 10);
    seen.insert(v);
  }
  CHECK(seen.size() == 10);
  for (int i = 0; i < 2000; ++i) {
    const auto v = prng.between(-3, 3);
    REQUIRE(v >= -3);
    REQUIRE(v <= 3);
  }
  CHECK(prng.between(5, 5) == 5);
  CHECK(prng.below(1) == 0);
  const double u = prng.unit();
  CHECK(u >= 0.0);
  CHECK(u < 1.0);
}
