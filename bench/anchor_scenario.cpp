#include "bench/anchor_scenario.hpp"

#include "core/assert.hpp"

namespace holocron::bench {

sim::Scenario anchor_scenario(const WorkloadOptions& options) {
  HOLO_ASSERT(options.node_count > 0);
  HOLO_ASSERT(options.latency_min_ns <= options.latency_max_ns);
  sim::Scenario scenario;
  scenario.name = "anchor-workload";
  scenario.description = "the workload of ../shared/anchors (naive, 1 s rounds, 10-50 ms)";
  scenario.duration_ns = options.duration_ns;
  // The scale runs go past the default per-scenario node limit; the hard
  // ceiling (sim::kNodesMax) still applies.
  scenario.limits.max_nodes = sim::kNodesMax;

  sim::ClusterConfig& cluster = scenario.cluster;
  cluster.node_count = options.node_count;
  // The anchors start each node's first round uniformly in [0, poll).
  cluster.start_spread_ns = options.poll_interval_ns;
  ElectorOptions& elector = cluster.elector;
  elector.algorithm = options.algorithm;
  elector.poll_interval_ns = options.poll_interval_ns;
  // "The store keeps only the newest 16": the winner deletes everything
  // older than the newest 16 at once, with no minimum age, because the
  // anchors' store drops old epochs the instant a new one is created.
  elector.gc_keep = options.epochs_kept;
  elector.gc_min_age_ns = 0;

  faultmodels::FaultsConfig& faults = scenario.faults;
  const auto uniform =
      faultmodels::DurationDistribution::uniform(options.latency_min_ns, options.latency_max_ns);
  faults.latency.preset = faultmodels::LatencyPreset::kNone;
  faults.latency.get = uniform;
  faults.latency.put = uniform;
  faults.latency.list = uniform;
  faults.latency.delete_ = uniform;
  faults.latency.request_share_percent = 50;
  // The anchors' store never throttles and never answers 409.
  faults.store_errors.throttle.enabled = false;
  faults.store_errors.conflict_window_ns = 0;

  scenario.fenced_resource.enabled = options.fenced_resource;
  // The checkers only see what the sinks see; nothing is checked unless the
  // benchmark adds the checker sinks itself.
  scenario.checks.expected_verdict = sim::ExpectedVerdict::kAny;

  HOLO_ASSERT(!sim::validate_scenario(scenario).has_value());
  return scenario;
}

}  // namespace holocron::bench
