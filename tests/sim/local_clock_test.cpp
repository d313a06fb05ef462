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

// The 64-bit conversions must equal their __int128 references bit for bit:
// a run's digests depend on every nanosecond of every timer.
namespace {

constexpr std::int64_t kDriftEdges[] = {
    0,      1,       -1,      7,        -7,      999,      -999,         1'000,
    -1'000, 499'999, 500'000, -500'000, 999'998, -999'998, kDriftPpmMax, -kDriftPpmMax};

constexpr Nanos kTimeEdges[] = {0,
                                1,
                                -1,
                                999'999,
                                1'000'000,
                                1'000'001,
                                -999'999,
                                -1'000'000,
                                -1'000'001,
                                1'999'999,
                                INT64_MAX,
                                INT64_MAX - 1,
                                INT64_MAX - 999'999,
                                INT64_MIN,
                                INT64_MIN + 1,
                                INT64_MIN + 1'000'000,
                                kNanosMax / 1'000'000 * 1'000'000,
                                hours(24 * 365 * 100)};

void check_drift_floor(Nanos true_ns, std::int64_t drift_ppm) {
  CAPTURE(true_ns);
  CAPTURE(drift_ppm);
  CHECK(clock_arithmetic::drift_floor(true_ns, drift_ppm) ==
        clock_arithmetic::drift_floor_reference(true_ns, drift_ppm));
}

void check_undrifted(Int128 target_ns, std::int64_t drift_ppm) {
  CAPTURE(static_cast<std::int64_t>(target_ns));
  CAPTURE(drift_ppm);
  CHECK(clock_arithmetic::undrifted(target_ns, drift_ppm) ==
        clock_arithmetic::undrifted_reference(target_ns, drift_ppm));
}

}  // namespace

TEST_CASE("LocalClock: drift_floor equals the 128-bit reference") {
  for (const Nanos true_ns : kTimeEdges) {
    for (const std::int64_t drift_ppm : kDriftEdges) check_drift_floor(true_ns, drift_ppm);
  }
  // The reference floors toward minus infinity: one exact case by hand.
  CHECK(clock_arithmetic::drift_floor(1, -1) == -1);
  CHECK(clock_arithmetic::drift_floor(1'000'000, -1) == -1);
  CHECK(clock_arithmetic::drift_floor(999'999, 1) == 0);
  Prng prng(11);
  for (int i = 0; i < 200'000; ++i) {
    const std::int64_t drift_ppm = prng.between(-kDriftPpmMax, kDriftPpmMax);
    // Half over the whole range, half over the first days, where runs are.
    const Nanos true_ns = i % 2 == 0 ? static_cast<Nanos>(prng.next()) : prng.between(0, hours(72));
    check_drift_floor(true_ns, drift_ppm);
  }
}

TEST_CASE("LocalClock: undrifted equals the 128-bit reference") {
  for (const Nanos target_ns : kTimeEdges) {
    for (const std::int64_t drift_ppm : kDriftEdges) check_undrifted(target_ns, drift_ppm);
  }
  // Beyond 64 bits both take the reference path; the result must still agree.
  const Int128 beyond = static_cast<Int128>(INT64_MAX) + 5;
  check_undrifted(beyond, 10);
  check_undrifted(-beyond, -10);
  Prng prng(12);
  for (int i = 0; i < 200'000; ++i) {
    const std::int64_t drift_ppm = prng.between(-kDriftPpmMax, kDriftPpmMax);
    const Nanos target_ns =
        i % 2 == 0 ? static_cast<Nanos>(prng.next()) : prng.between(-seconds(10), hours(72));
    check_undrifted(target_ns, drift_ppm);
  }
}

TEST_CASE("LocalClock: a drifting clock's conversions at the ends of time") {
  // local_at and true_at near kNanosMax go through the same code as in a
  // run; true_at clamps to kNanosMax when the deadline is out of reach.
  const LocalClock slow(0, -kDriftPpmMax);
  CHECK(slow.true_at(kNanosMax, 0) == kNanosMax);
  const LocalClock fast(0, kDriftPpmMax);
  const Nanos deadline_ns = kNanosMax / 2;
  const Nanos at_ns = fast.true_at(deadline_ns, 0);
  CHECK(fast.local_at(at_ns) >= deadline_ns);
  CHECK(fast.local_at(at_ns - 1) < deadline_ns);
}
