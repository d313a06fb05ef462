// Stream independence: every model draws from its own Prng::derive(seed,
// "<model>", index) stream, so removing one fault from a scenario leaves every
// other model's draws unchanged. This is what makes shrinking work: the
// shrinker removes a fault and the rest of the run stays the same.
#include <doctest/doctest.h>

#include <vector>

#include "faultmodels/clock.hpp"
#include "faultmodels/crashes.hpp"
#include "faultmodels/latency.hpp"
#include "faultmodels/lost_responses.hpp"
#include "faultmodels/partitions.hpp"
#include "faultmodels/pauses.hpp"
#include "faultmodels/store_errors.hpp"

namespace holocron::faultmodels {
namespace {

// A scenario with a bit of everything.
FaultsConfig everything() {
  FaultsConfig config;
  config.store_errors.internal_error_rate = Ratio{1, 20};
  BrownoutWindow brownout;
  brownout.at_ns = 0;
  brownout.for_ns = hours(1);
  config.store_errors.brownouts.push_back(brownout);
  config.lost_responses.rate = Ratio{1, 50};
  config.partitions.scheduled.push_back(ScheduledPartition{
      seconds(10), seconds(5), {TargetKind::kRandom, {}}, PartitionDirection::kBoth});
  config.partitions.random.rate_per_hour = 20;
  config.crashes.scheduled.push_back(ScheduledCrash{seconds(30), {TargetKind::kRandom, {}}});
  config.crashes.random.rate_per_hour = 10;
  config.pauses.random.rate_per_hour = 10;
  config.clocks.drift_max_ppm = 100;
  config.clocks.offset_max_ns = seconds(1);
  config.clocks.steps_per_hour = 4;
  return config;
}

constexpr std::uint64_t kSeed = 4242;
constexpr std::uint32_t kNodes = 5;
constexpr Nanos kRun = hours(1);

std::vector<Nanos> crash_times(const FaultsConfig& config) {
  std::vector<Nanos> times;
  const CrashPlan plan(config.crashes, kSeed, kRun);
  for (const CrashAction& action : plan.actions()) {
    times.push_back(action.at_ns);
    times.push_back(static_cast<Nanos>(action.pick % 1000));
  }
  return times;
}

std::vector<Nanos> partition_times(const FaultsConfig& config) {
  std::vector<Nanos> times;
  const PartitionSchedule schedule(config.partitions, kSeed, kRun);
  for (const PartitionWindow& window : schedule.windows()) {
    times.push_back(window.begin_ns);
    times.push_back(window.end_ns);
  }
  return times;
}

std::vector<Nanos> pause_times(const FaultsConfig& config) {
  std::vector<Nanos> times;
  const PausePlan plan(config.pauses, kSeed, kRun);
  for (const PauseAction& action : plan.actions()) {
    times.push_back(action.at_ns);
    times.push_back(action.for_ns);
  }
  return times;
}

std::vector<bool> lost_decisions(const FaultsConfig& config) {
  LostResponseDecider decider(config.lost_responses, kSeed, kNodes);
  std::vector<bool> decisions;
  for (int i = 0; i < 2000; ++i) decisions.push_back(decider.lose(i % kNodes, i));
  return decisions;
}

std::vector<Nanos> latencies(const FaultsConfig& config) {
  LatencyModel model(config.latency, kSeed, 2);
  std::vector<Nanos> values;
  for (int i = 0; i < 200; ++i) values.push_back(model.draw(OpKind::kGet).total_ns());
  return values;
}

std::vector<Nanos> clock_readings(const FaultsConfig& config) {
  std::vector<Nanos> readings;
  for (NodeIndex node = 0; node < kNodes; ++node) {
    const ClockModel clock = ClockModel::for_node(config.clocks, kSeed, node, kRun);
    readings.push_back(clock.local_ns(minutes(30)));
    readings.push_back(static_cast<Nanos>(clock.steps().size()));
  }
  return readings;
}

TEST_CASE("removing any one fault family leaves every other model's draws unchanged") {
  const FaultsConfig full = everything();
  struct Removal {
    const char* name;
    void (*remove)(FaultsConfig&);
  };
  const Removal removals[] = {
      {"store errors", [](FaultsConfig& c) { c.store_errors = StoreErrorsConfig{}; }},
      {"lost responses", [](FaultsConfig& c) { c.lost_responses = LostResponsesConfig{}; }},
      {"partitions", [](FaultsConfig& c) { c.partitions = PartitionsConfig{}; }},
      {"crashes", [](FaultsConfig& c) { c.crashes = CrashesConfig{}; }},
      {"pauses", [](FaultsConfig& c) { c.pauses = PausesConfig{}; }},
      {"clocks", [](FaultsConfig& c) { c.clocks = ClocksConfig{}; }},
  };
  for (const Removal& removal : removals) {
    INFO("removed: ", removal.name);
    FaultsConfig reduced = full;
    removal.remove(reduced);
    if (std::string(removal.name) != "crashes") CHECK(crash_times(reduced) == crash_times(full));
    if (std::string(removal.name) != "partitions") {
      CHECK(partition_times(reduced) == partition_times(full));
    }
    if (std::string(removal.name) != "pauses") CHECK(pause_times(reduced) == pause_times(full));
    if (std::string(removal.name) != "lost responses") {
      CHECK(lost_decisions(reduced) == lost_decisions(full));
    }
    if (std::string(removal.name) != "clocks")
      CHECK(clock_readings(reduced) == clock_readings(full));
    CHECK(latencies(reduced) == latencies(full));
  }
}

TEST_CASE("removing one scheduled fault leaves the random ones of its family unchanged") {
  FaultsConfig full = everything();
  FaultsConfig reduced = full;
  reduced.crashes.scheduled.clear();
  reduced.partitions.scheduled.clear();
  std::vector<Nanos> full_random;
  const CrashPlan full_plan(full.crashes, kSeed, kRun);
  for (const CrashAction& action : full_plan.actions()) {
    if (action.random) full_random.push_back(action.at_ns);
  }
  std::vector<Nanos> reduced_random;
  const CrashPlan reduced_plan(reduced.crashes, kSeed, kRun);
  for (const CrashAction& action : reduced_plan.actions()) {
    reduced_random.push_back(action.at_ns);
  }
  CHECK(full_random == reduced_random);
}

TEST_CASE("removing a node's clock entry leaves the other nodes' clocks unchanged") {
  ClocksConfig config;
  config.drift_max_ppm = 100;
  config.nodes.push_back(NodeClockConfig{0, seconds(5), 0, {}});
  ClocksConfig reduced = config;
  reduced.nodes.clear();
  for (NodeIndex node = 1; node < kNodes; ++node) {
    CHECK(ClockModel::for_node(config, kSeed, node, kRun).drift_ppm() ==
          ClockModel::for_node(reduced, kSeed, node, kRun).drift_ppm());
  }
}

}  // namespace
}  // namespace holocron::faultmodels
