// Rule (engine, clocks): a node's local time is true time plus offset, drift
// (ppm, exact integer arithmetic) and steps; the engine finds the true
// instant a local deadline is reached, and never one in the past.
#include <doctest/doctest.h>

#include "core/prng.hpp"
#include "sim/local_clock.hpp"

using namespace holocron;
using namespace holocron::sim;

TEST_CASE("LocalClock: offset and drift") {
  const LocalClock exact;
  CHECK(exact.local_at(seconds(5)) == seconds(5));
  const LocalClock ahead(seconds(2), 0);
  CHECK(ahead.local_at(seconds(5)) == seconds(7));
  // +100 ppm gains 100 us per true second.
  const LocalClock fast(0, 100);
  CHECK(fast.local_at(seconds(10)) == seconds(10) + microseconds(1000));
  const LocalClock slow(0, -100);
  CHECK(slow.local_at(seconds(10)) == seconds(10) - microseconds(1000));
}

TEST_CASE("LocalClock: true_at is the first true instant the local clock reaches a deadline") {
  Prng prng(3);
  for (int i = 0; i < 2'000; ++i) {
    const LocalClock clock(prng.between(-seconds(5), seconds(5)), prng.between(-500'000, 500'000));
    const Nanos now_ns = prng.between(0, hours(1));
    const Nanos deadline_ns = clock.local_at(now_ns) + prng.between(-seconds(1), seconds(60));
    const Nanos at_ns = clock.true_at(deadline_ns, now_ns);
    CHECK(at_ns >= now_ns);
    CHECK(clock.local_at(at_ns) >= deadline_ns);
    if (at_ns > now_ns) CHECK(clock.local_at(at_ns - 1) < deadline_ns);
  }
}

TEST_CASE("LocalClock: a deadline already passed is reached now") {
  const LocalClock clock(seconds(1), 0);
  CHECK(clock.true_at(0, seconds(3)) == seconds(3));
}

TEST_CASE("LocalClock: steps move local time and so the true instant of a deadline") {
  LocalClock clock;
  const Nanos deadline_ns = seconds(10);
  CHECK(clock.true_at(deadline_ns, seconds(1)) == seconds(10));
  clock.step(seconds(3));  // forward: the deadline comes sooner
  CHECK(clock.local_at(seconds(1)) == seconds(4));
  CHECK(clock.true_at(deadline_ns, seconds(1)) == seconds(7));
  clock.step(-seconds(5));  // back: later
  CHECK(clock.true_at(deadline_ns, seconds(1)) == seconds(12));
}
