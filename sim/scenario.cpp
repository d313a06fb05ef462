#include "sim/scenario.hpp"

#include <string>
#include <utility>

#include "core/assert.hpp"

namespace holocron::sim {

namespace {

bool is_node_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

// The largest node id the elector accepts (ElectorOptions::node_id).
constexpr std::size_t kNodeIdCharsMax = 64;

}  // namespace

std::string node_name(const Scenario& scenario, std::uint32_t index) {
  HOLO_ASSERT(index < scenario.cluster.node_count);
  return scenario.cluster.node_id_prefix + std::to_string(index);
}

std::optional<std::string> validate_scenario(const Scenario& scenario) {
  const LimitsConfig& limits = scenario.limits;
  if (limits.max_nodes == 0 || limits.max_nodes > kNodesMax) {
    return "limits.max_nodes: expected 1.." + std::to_string(kNodesMax) + ", got " +
           std::to_string(limits.max_nodes);
  }
  if (limits.max_events_in_flight == 0 || limits.max_events_in_flight > kEventsInFlightMax) {
    return "limits.max_events_in_flight: expected 1.." + std::to_string(kEventsInFlightMax) +
           ", got " + std::to_string(limits.max_events_in_flight);
  }
  if (limits.max_duration_ns <= 0 || limits.max_duration_ns > kDurationMax) {
    return "limits.max_duration: expected a positive duration of at most " +
           format_duration(kDurationMax) + ", got " + format_duration(limits.max_duration_ns);
  }
  const std::uint32_t node_count = scenario.cluster.node_count;
  if (node_count == 0 || node_count > limits.max_nodes) {
    return "cluster.node_count: expected 1.." + std::to_string(limits.max_nodes) +
           " (limits.max_nodes), got " + std::to_string(node_count);
  }
  if (scenario.duration_ns <= 0 || scenario.duration_ns > limits.max_duration_ns) {
    return "duration: expected a positive duration of at most " +
           format_duration(limits.max_duration_ns) + " (limits.max_duration), got " +
           format_duration(scenario.duration_ns);
  }
  const std::string& prefix = scenario.cluster.node_id_prefix;
  for (const char c : prefix) {
    if (!is_node_id_char(c)) {
      return "cluster.node_id_prefix: expected only the characters [A-Za-z0-9_.-], got \"" +
             prefix + "\"";
    }
  }
  if (prefix.size() + std::to_string(node_count - 1).size() > kNodeIdCharsMax) {
    return "cluster.node_id_prefix: expected a prefix that leaves node ids of at most " +
           std::to_string(kNodeIdCharsMax) + " characters, got \"" + prefix + "\"";
  }
  if (scenario.cluster.start_spread_ns < 0) {
    return "cluster.start_spread: expected a duration >= 0, got " +
           format_duration(scenario.cluster.start_spread_ns);
  }
  if (scenario.request_timeout_ns <= 0) {
    return "request_timeout: expected a positive duration, got " +
           format_duration(scenario.request_timeout_ns);
  }
  const Nanos sample_interval_ns = scenario.store.object_count_sample_interval_ns;
  if (sample_interval_ns < 0 ||
      (sample_interval_ns > 0 && sample_interval_ns < kRecurringIntervalMin)) {
    return "store.object_count_sample_interval: expected 0s (off) or a duration of at least " +
           format_duration(kRecurringIntervalMin) + ", got " + format_duration(sample_interval_ns);
  }
  for (std::size_t i = 0; i < scenario.store.acl_denials.size(); ++i) {
    if (scenario.store.acl_denials[i].node >= node_count) {
      return "store.acl_denials[" + std::to_string(i) + "].node: expected a node index below " +
             std::to_string(node_count) + ", got " +
             std::to_string(scenario.store.acl_denials[i].node);
    }
  }
  const FencedResourceConfig& fenced = scenario.fenced_resource;
  if (fenced.enabled && fenced.write_interval_ns < kRecurringIntervalMin) {
    return "fenced_resource.write_interval: expected a duration of at least " +
           format_duration(kRecurringIntervalMin) + ", got " +
           format_duration(fenced.write_interval_ns);
  }
  // The core accepts any positive interval; the simulator runs each of these
  // on a timer for the whole run, so it needs the same floor as above.
  const ElectorOptions& elector = scenario.cluster.elector;
  const std::pair<const char*, Nanos> recurring[] = {
      {"cluster.poll_interval", elector.poll_interval_ns},
      {"cluster.renew_interval", elector.renew_interval_ns},
      {"cluster.heartbeat_interval", elector.heartbeat_interval_ns},
      {"cluster.backoff_base", elector.backoff_base_ns},
  };
  for (const auto& [field, interval_ns] : recurring) {
    if (interval_ns < kRecurringIntervalMin) {
      return std::string(field) + ": expected a duration of at least " +
             format_duration(kRecurringIntervalMin) + ", got " + format_duration(interval_ns);
    }
  }
  if (fenced.enabled && fenced.write_latency_ns < 0) {
    return "fenced_resource.write_latency: expected a duration >= 0, got " +
           format_duration(fenced.write_latency_ns);
  }
  if (scenario.checks.liveness_bound_ns < 0) {
    return "checks.liveness_bound: expected a duration >= 0 (0: default), got " +
           format_duration(scenario.checks.liveness_bound_ns);
  }
  if (auto fault_error = faultmodels::validate(scenario.faults, node_count)) {
    return fault_error;
  }
  // The elector options as node 0 gets them (the others differ only in
  // names), and with `resume` set when a fault resumes a virtual node.
  ElectorOptions options = scenario.cluster.elector;
  options.node_id = node_name(scenario, 0);
  if (options.layout == Layout::kPerNode) {
    options.node_bucket = scenario.cluster.node_bucket_prefix + options.node_id;
  }
  if (auto options_error = validate_options(options)) {
    return "cluster.elector." + *options_error;
  }
  bool resumes = scenario.faults.crashes.random.rate_per_hour > 0 &&
                 scenario.faults.crashes.random.mode == faultmodels::CrashMode::kResume;
  for (const faultmodels::ScheduledCrash& crash : scenario.faults.crashes.scheduled) {
    resumes = resumes || crash.mode == faultmodels::CrashMode::kResume;
  }
  if (resumes) {
    options.resume = true;
    if (auto options_error = validate_options(options)) {
      return "faults.crashes: a crash with mode \"resume\" needs cluster.elector options that "
             "allow resuming: " +
             *options_error;
    }
  }
  return std::nullopt;
}

}  // namespace holocron::sim
