// The scenario that engine and fault tests start from.
#pragma once

#include <cstdint>

#include "core/time.hpp"
#include "faultmodels/config.hpp"
#include "sim/scenario.hpp"

namespace holocron::sim::testing {

// A fault-free scenario with zero latency, all nodes starting at true time 0
// and no fenced resource: each test adds only what it is about, so a failure
// points at that one thing.
inline Scenario quiet_scenario(std::uint32_t node_count) {
  Scenario scenario;
  scenario.cluster.node_count = node_count;
  scenario.cluster.start_spread_ns = 0;
  scenario.duration_ns = seconds(10);
  scenario.fenced_resource.enabled = false;
  scenario.store.object_count_sample_interval_ns = 0;
  scenario.faults.latency.preset = faultmodels::LatencyPreset::kNone;
  scenario.faults.store_errors.throttle.enabled = false;
  scenario.faults.store_errors.conflict_window_ns = 0;
  return scenario;
}

}  // namespace holocron::sim::testing
