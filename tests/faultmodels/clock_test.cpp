// Clocks: exact local time with offset, drift and steps; the inverse finds
// the first true instant a local deadline is reached and round-trips.
#include <doctest/doctest.h>

#include <vector>

#include "faultmodels/clock.hpp"

namespace holocron::faultmodels {
namespace {

TEST_CASE("a default clock is true time") {
  const ClockModel clock;
  CHECK(clock.local_ns(0) == 0);
  CHECK(clock.local_ns(seconds(5)) == seconds(5));
  CHECK(clock.true_ns_for_local(seconds(5), 0) == seconds(5));
  CHECK_FALSE(clock.is_skewed());
}

TEST_CASE("offset and drift are exact integers, rounded down") {
  const ClockModel fast(seconds(1), 100, {});  // +1 s, 100 ppm fast
  CHECK(fast.local_ns(0) == seconds(1));
  CHECK(fast.local_ns(seconds(10)) == seconds(11) + milliseconds(1));
  CHECK(fast.local_ns(9'999) == seconds(1) + 9'999);  // 0.9999 ns of drift rounds down
  const ClockModel slow(0, -500'000, {});             // half speed
  CHECK(slow.local_ns(seconds(10)) == seconds(5));
  CHECK(slow.local_ns(3) == 1);  // 3 - 1.5, floor -> 1
}

TEST_CASE("steps apply from their instant on, forward and back") {
  const ClockModel clock(0, 0, {{seconds(20), -seconds(5)}, {seconds(10), seconds(3)}});
  CHECK(clock.local_ns(seconds(10) - 1) == seconds(10) - 1);
  CHECK(clock.local_ns(seconds(10)) == seconds(13));
  CHECK(clock.local_ns(seconds(20)) == seconds(18));
  CHECK(clock.steps().front().at_ns == seconds(10));  // kept sorted
}

TEST_CASE("the inverse round-trips for drifting clocks") {
  for (const std::int64_t drift_ppm : {-999'999L, -10'000L, -1L, 0L, 1L, 37L, 250'000L}) {
    const ClockModel clock(-milliseconds(250), drift_ppm, {});
    for (const Nanos true_ns : {Nanos{0}, Nanos{1}, Nanos{999}, seconds(1) + 7, hours(5) + 3}) {
      const Nanos local = clock.local_ns(true_ns);
      const Nanos found = clock.true_ns_for_local(local, 0);
      INFO("drift ", drift_ppm, " true ", true_ns);
      // The first true instant reaching `local`: at most true_ns, and the
      // instant before it is still short of it.
      CHECK(found <= true_ns);
      CHECK(clock.local_ns(found) >= local);
      if (found > 0) CHECK(clock.local_ns(found - 1) < local);
    }
  }
}

TEST_CASE("the inverse handles steps: a forward step reaches deadlines early") {
  const ClockModel clock(0, 0, {{seconds(10), seconds(30)}});
  // Local 25 s is reached at true 10 s, when the clock jumps from 10 s to 40 s.
  CHECK(clock.true_ns_for_local(seconds(25), 0) == seconds(10));
  CHECK(clock.true_ns_for_local(seconds(45), 0) == seconds(15));
  CHECK(clock.true_ns_for_local(seconds(5), 0) == seconds(5));
}

TEST_CASE("the inverse handles steps: a backward step delays deadlines") {
  const ClockModel clock(0, 0, {{seconds(10), -seconds(5)}});
  // Local 8 s is first reached at true 8 s; asked from true 11 s on (local
  // 6 s), it comes round again at true 13 s.
  CHECK(clock.true_ns_for_local(seconds(8), 0) == seconds(8));
  CHECK(clock.true_ns_for_local(seconds(8), seconds(11)) == seconds(13));
  // A deadline already passed is reached at once.
  CHECK(clock.true_ns_for_local(seconds(1), seconds(11)) == seconds(11));
}

TEST_CASE("for_node: explicit entries, random draws within bounds, per-node streams") {
  ClocksConfig config;
  config.nodes.push_back(NodeClockConfig{2, milliseconds(7), 50, {{seconds(1), seconds(2)}}});
  config.offset_max_ns = milliseconds(100);
  config.drift_max_ppm = 200;
  const ClockModel explicit_clock = ClockModel::for_node(config, 9, 2, hours(1));
  CHECK(explicit_clock.offset_ns() == milliseconds(7));
  CHECK(explicit_clock.drift_ppm() == 50);
  CHECK(explicit_clock.steps().size() == 1);
  bool any_differs = false;
  for (NodeIndex node = 0; node < 50; ++node) {
    if (node == 2) continue;
    const ClockModel clock = ClockModel::for_node(config, 9, node, hours(1));
    CHECK(clock.offset_ns() >= -milliseconds(100));
    CHECK(clock.offset_ns() <= milliseconds(100));
    CHECK(clock.drift_ppm() >= -200);
    CHECK(clock.drift_ppm() <= 200);
    CHECK(clock.offset_ns() == ClockModel::for_node(config, 9, node, hours(1)).offset_ns());
    any_differs = any_differs ||
                  clock.offset_ns() != ClockModel::for_node(config, 10, node, hours(1)).offset_ns();
  }
  CHECK(any_differs);
}

TEST_CASE("random steps arrive at their rate, sized within bounds") {
  ClocksConfig config;
  config.steps_per_hour = 60;
  config.step_max_ns = seconds(2);
  std::size_t steps = 0;
  for (NodeIndex node = 0; node < 20; ++node) {
    const ClockModel clock = ClockModel::for_node(config, 4, node, hours(1));
    for (const ClockStep& step : clock.steps()) {
      const Nanos magnitude = step.by_ns < 0 ? -step.by_ns : step.by_ns;
      CHECK(magnitude >= milliseconds(1));
      CHECK(magnitude <= seconds(2));
      CHECK(step.at_ns < hours(1));
    }
    steps += clock.steps().size();
  }
  CHECK(steps > 20 * 60 * 8 / 10);
  CHECK(steps < 20 * 60 * 12 / 10);
}

}  // namespace
}  // namespace holocron::faultmodels
