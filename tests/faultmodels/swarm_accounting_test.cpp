// Swarm draws stay within their bounds and repeat for a seed; accounting
// reports configured faults that never fired; assumption tracking names the
// assumption a drift, pause or step breaks.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "core/int128.hpp"
#include "faultmodels/accounting.hpp"
#include "faultmodels/assumptions.hpp"
#include "faultmodels/model_names.hpp"
#include "faultmodels/swarm.hpp"

namespace holocron::faultmodels {
namespace {

// a <= b for ratios, by cross-multiplication in 128 bits.
bool at_most(Ratio a, Ratio b) {
  return static_cast<Uint128>(a.numerator) * b.denominator <=
         static_cast<Uint128>(b.numerator) * a.denominator;
}

TEST_CASE("swarm off: the configuration is unchanged and the description is {}") {
  FaultsConfig base;
  base.store_errors.internal_error_rate = Ratio{1, 7};
  const SwarmDraw draw = draw_swarm(base, 1, hours(1), CrashResume::kAllowed);
  CHECK(draw.description_json == "{}");
  CHECK(draw.families_on.empty());
  CHECK(draw.config.store_errors.internal_error_rate == Ratio{1, 7});
}

TEST_CASE("swarm draws stay within bounds, vary by seed and repeat for a seed") {
  FaultsConfig base;
  base.swarm.enabled = true;
  const SwarmConfig& bounds = base.swarm;
  std::size_t on_counts = 0;
  std::string previous;
  bool descriptions_vary = false;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const SwarmDraw draw = draw_swarm(base, seed, hours(2), CrashResume::kAllowed);
    CHECK(draw.description_json ==
          draw_swarm(base, seed, hours(2), CrashResume::kAllowed).description_json);
    descriptions_vary =
        descriptions_vary || (!previous.empty() && previous != draw.description_json);
    previous = draw.description_json;
    on_counts += draw.families_on.size();
    const FaultsConfig& config = draw.config;
    CHECK(at_most(config.store_errors.internal_error_rate, bounds.internal_error_rate_max));
    CHECK(at_most(config.lost_responses.rate, bounds.lost_response_rate_max));
    CHECK(config.partitions.random.rate_per_hour <= bounds.partitions_per_hour_max);
    CHECK(config.partitions.random.duration.max_ns <= bounds.partition_for_max_ns);
    CHECK(config.crashes.random.rate_per_hour <= bounds.crashes_per_hour_max);
    CHECK(config.crashes.random.restart_after.max_ns <= bounds.restart_after_max_ns);
    CHECK(config.pauses.random.rate_per_hour <= bounds.pauses_per_hour_max);
    CHECK(config.pauses.random.duration.max_ns <= bounds.pause_for_max_ns);
    CHECK(config.clocks.drift_max_ppm <= bounds.drift_max_ppm);
    CHECK(config.clocks.offset_max_ns <= bounds.offset_max_ns);
    CHECK(config.clocks.steps_per_hour <= bounds.clock_steps_per_hour_max);
    for (const BrownoutWindow& window : config.store_errors.brownouts) {
      CHECK(window.for_ns <= bounds.brownout_for_max_ns);
      CHECK(window.at_ns < hours(2));
    }
    CHECK(validate(config, 5) == std::nullopt);
    const auto description = nlohmann::json::parse(draw.description_json);
    CHECK(description["families"].size() == swarm_families().size());
  }
  // family_on = 1/2 over 7 families and 200 seeds: about 700 families on.
  CHECK(on_counts > 550);
  CHECK(on_counts < 850);
  CHECK(descriptions_vary);
}

TEST_CASE("a family with a zero bound is never switched on") {
  FaultsConfig base;
  base.swarm.enabled = true;
  base.swarm.family_on = Ratio{1, 1};
  base.swarm.crashes_per_hour_max = 0;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const SwarmDraw draw = draw_swarm(base, seed, hours(1), CrashResume::kAllowed);
    CHECK(draw.config.crashes.random.rate_per_hour == 0);
    CHECK(std::find(draw.families_on.begin(), draw.families_on.end(), "crashes") ==
          draw.families_on.end());
    CHECK(draw.families_on.size() == swarm_families().size() - 1);
  }
}

TEST_CASE("changing one swarm family's bound leaves the other families' draws alone") {
  FaultsConfig base;
  base.swarm.enabled = true;
  FaultsConfig changed = base;
  changed.swarm.crashes_per_hour_max = 0;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const SwarmDraw a = draw_swarm(base, seed, hours(1), CrashResume::kAllowed);
    const SwarmDraw b = draw_swarm(changed, seed, hours(1), CrashResume::kAllowed);
    CHECK(a.config.partitions.random.rate_per_hour == b.config.partitions.random.rate_per_hour);
    CHECK(a.config.pauses.random.rate_per_hour == b.config.pauses.random.rate_per_hour);
    CHECK(a.config.store_errors.internal_error_rate == b.config.store_errors.internal_error_rate);
    CHECK(a.config.clocks.drift_max_ppm == b.config.clocks.drift_max_ppm);
  }
}

TEST_CASE("accounting: configured models, counts, never_fired and JSON") {
  FaultsConfig config;
  CHECK(configured_models(config).empty());  // a healthy store is no fault
  config.partitions.scheduled.push_back(ScheduledPartition{});
  config.store_errors.internal_error_rate = Ratio{1, 100};
  config.clocks.nodes.push_back(NodeClockConfig{0, 0, 0, {{seconds(1), seconds(1)}}});
  const auto configured = configured_models(config);
  CHECK(configured == std::vector<std::string>{std::string(kModelInternalError),
                                               std::string(kModelPartitions),
                                               std::string(kModelClockSteps)});
  FaultAccounting accounting(configured);
  accounting.record(kModelPartitions, "begin");
  accounting.record(kModelPartitions, "heal");
  accounting.record(kModelConflict, "409", 3);  // ambient: counted, not configured
  CHECK(accounting.count(kModelPartitions) == 2);
  CHECK(accounting.count(kModelPartitions, "begin") == 1);
  CHECK(accounting.count(kModelConflict, "409") == 3);
  CHECK(accounting.count(kModelCrashes) == 0);
  accounting.record_observed(kModelPartitions, "timeout", 4);
  CHECK(accounting.observed(kModelPartitions) == 4);
  CHECK(accounting.count(kModelPartitions) == 2);  // observations are not injections
  CHECK(accounting.never_fired() ==
        std::vector<std::string>{std::string(kModelInternalError), std::string(kModelClockSteps)});
  const auto json = nlohmann::json::parse(accounting.to_json());
  CHECK(json["injected"]["partitions"]["begin"] == 1);
  CHECK(json["never_fired"].size() == 2);
  CHECK(json["observed"]["partitions"]["timeout"] == 4);

  ThrottleConfig strict;
  strict.scale = 0.01;
  config = FaultsConfig{};
  config.store_errors.throttle = strict;
  CHECK(configured_models(config) == std::vector<std::string>{std::string(kModelThrottle)});
}

TEST_CASE("timing margin: lease * (1 - d) - renew_deadline * (1 + d), exactly") {
  // ElectorOptions defaults: lease 10 s, renew deadline 6 s, 10,000 ppm.
  CHECK(timing_margin_ns(seconds(10), seconds(6), 10'000) == milliseconds(3'840));
  CHECK(timing_margin_ns(seconds(10), seconds(6), 0) == seconds(4));
  CHECK(timing_margin_ns(seconds(6), seconds(10), 0) == -seconds(4));
}

TEST_CASE("assumption tracking names the assumption each fault breaks") {
  AssumptionTracker tracker(AlgorithmBounds{10'000, milliseconds(3'840)});
  CHECK_FALSE(tracker.check_drift(0, 9'999).has_value());
  CHECK_FALSE(tracker.check_drift(0, -10'000).has_value());
  CHECK_FALSE(tracker.check_pause(1, seconds(1), seconds(3)).has_value());
  CHECK_FALSE(tracker.check_step(1, seconds(1), -seconds(2)).has_value());
  CHECK(tracker.within_assumptions());

  const auto drift = tracker.check_drift(2, -20'000);
  REQUIRE(drift.has_value());
  CHECK(drift->assumption == "drift_bound");
  CHECK(drift->message.find("max_drift_ppm") != std::string::npos);
  const auto pause = tracker.check_pause(3, minutes(1), seconds(15));
  REQUIRE(pause.has_value());
  CHECK(pause->assumption == "pause_bound");
  CHECK(pause->message.find("15s") != std::string::npos);
  const auto step = tracker.check_step(4, minutes(2), -seconds(5));
  REQUIRE(step.has_value());
  CHECK(step->assumption == "clock_step");
  CHECK(step->message.find("back") != std::string::npos);
  CHECK_FALSE(tracker.within_assumptions());
  CHECK(tracker.breaks().size() == 3);

  const ClockModel clock(0, 50'000, {{seconds(1), seconds(10)}, {seconds(2), milliseconds(1)}});
  CHECK(tracker.check_clock(5, clock).size() == 2);  // the drift and the big step
}

TEST_CASE("swarm draws a resuming crash only when the nodes publish the state to resume") {
  FaultsConfig base;
  base.swarm.enabled = true;
  base.swarm.family_on = Ratio{1, 1};
  int resumes_allowed = 0;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const SwarmDraw allowed = draw_swarm(base, seed, hours(1), CrashResume::kAllowed);
    const SwarmDraw not_allowed = draw_swarm(base, seed, hours(1), CrashResume::kNotAllowed);
    if (allowed.config.crashes.random.mode == CrashMode::kResume) ++resumes_allowed;
    CHECK(not_allowed.config.crashes.random.mode == CrashMode::kRestart);
    // Everything else about the draw is the same.
    CHECK(not_allowed.config.crashes.random.rate_per_hour ==
          allowed.config.crashes.random.rate_per_hour);
    CHECK(not_allowed.config.pauses.random.rate_per_hour ==
          allowed.config.pauses.random.rate_per_hour);
  }
  CHECK(resumes_allowed > 10);
}

}  // namespace
}  // namespace holocron::faultmodels
