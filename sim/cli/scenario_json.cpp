#include "sim/cli/scenario_json.hpp"

#include "core/assert.hpp"
#include "reports/sha256.hpp"

namespace holocron::cli {
namespace {

using nlohmann::json;

// Mirrors sim/cli/scenario_parse.cpp and faults_parse.cpp field for field;
// tests/cli/scenario_json_test.cpp checks that each shipped scenario survives
// parse -> write -> parse unchanged.

std::string duration(Nanos span_ns) {
  return format_duration(span_ns);
}

std::string ratio(const faultmodels::Ratio& value) {
  return faultmodels::format_ratio(value);
}

json target(const faultmodels::NodeTarget& value) {
  if (value.kind != faultmodels::TargetKind::kNodes) return std::string(to_string(value.kind));
  json nodes = json::array();
  for (const auto node : value.nodes) nodes.push_back(node);
  return nodes;
}

json distribution(const faultmodels::DurationDistribution& value) {
  using faultmodels::DistributionShape;
  json out{{"shape", std::string(to_string(value.shape))}};
  switch (value.shape) {
    case DistributionShape::kConstant:
      out["value"] = duration(value.value_ns);
      break;
    case DistributionShape::kUniform:
      out["min"] = duration(value.min_ns);
      out["max"] = duration(value.max_ns);
      break;
    case DistributionShape::kExponential:
      out["mean"] = duration(value.mean_ns);
      break;
    case DistributionShape::kLognormal:
      out["p50"] = duration(value.p50_ns);
      out["p99"] = duration(value.p99_ns);
      break;
  }
  out["tail"] = {{"probability", ratio(value.tail.probability)},
                 {"scale", duration(value.tail.scale_ns)},
                 {"alpha", value.tail.alpha}};
  out["cap"] = duration(value.cap_ns);
  return out;
}

json faults_json(const faultmodels::FaultsConfig& faults) {
  json latency{{"preset", std::string(to_string(faults.latency.preset))},
               {"request_share_percent", faults.latency.request_share_percent}};
  if (faults.latency.get) latency["get"] = distribution(*faults.latency.get);
  if (faults.latency.put) latency["put"] = distribution(*faults.latency.put);
  if (faults.latency.list) latency["list"] = distribution(*faults.latency.list);
  if (faults.latency.delete_) latency["delete"] = distribution(*faults.latency.delete_);

  const auto& errors = faults.store_errors;
  json brownouts = json::array();
  for (const auto& window : errors.brownouts) {
    brownouts.push_back({{"at", duration(window.at_ns)},
                         {"for", duration(window.for_ns)},
                         {"slow_down_rate", ratio(window.slow_down_rate)},
                         {"internal_error_rate", ratio(window.internal_error_rate)},
                         {"latency_percent", window.latency_percent}});
  }
  json store_errors{{"internal_error_rate", ratio(errors.internal_error_rate)},
                    {"throttle",
                     {{"enabled", errors.throttle.enabled},
                      {"writes_per_second", errors.throttle.writes_per_second},
                      {"reads_per_second", errors.throttle.reads_per_second},
                      {"scale", errors.throttle.scale},
                      {"burst", duration(errors.throttle.burst_ns)}}},
                    {"conflict_window", duration(errors.conflict_window_ns)},
                    {"brownouts", brownouts}};

  json lost_windows = json::array();
  for (const auto& window : faults.lost_responses.windows) {
    lost_windows.push_back({{"at", duration(window.at_ns)},
                            {"for", duration(window.for_ns)},
                            {"rate", ratio(window.rate)},
                            {"target", target(window.target)}});
  }
  json lost_responses{{"rate", ratio(faults.lost_responses.rate)}, {"windows", lost_windows}};

  json partitions_scheduled = json::array();
  for (const auto& partition : faults.partitions.scheduled) {
    partitions_scheduled.push_back({{"at", duration(partition.at_ns)},
                                    {"for", duration(partition.for_ns)},
                                    {"target", target(partition.target)},
                                    {"direction", std::string(to_string(partition.direction))}});
  }
  const auto& random_partitions = faults.partitions.random;
  json partitions{{"scheduled", partitions_scheduled},
                  {"random",
                   {{"rate_per_hour", random_partitions.rate_per_hour},
                    {"duration", distribution(random_partitions.duration)},
                    {"target", target(random_partitions.target)},
                    {"direction", std::string(to_string(random_partitions.direction))}}}};

  json crashes_scheduled = json::array();
  for (const auto& crash : faults.crashes.scheduled) {
    crashes_scheduled.push_back({{"at", duration(crash.at_ns)},
                                 {"target", target(crash.target)},
                                 {"restart_after", duration(crash.restart_after_ns)},
                                 {"mode", std::string(to_string(crash.mode))}});
  }
  const auto& random_crashes = faults.crashes.random;
  json crashes{{"scheduled", crashes_scheduled},
               {"random",
                {{"rate_per_hour", random_crashes.rate_per_hour},
                 {"target", target(random_crashes.target)},
                 {"restart_after", distribution(random_crashes.restart_after)},
                 {"mode", std::string(to_string(random_crashes.mode))}}}};

  json pauses_scheduled = json::array();
  for (const auto& pause : faults.pauses.scheduled) {
    pauses_scheduled.push_back({{"at", duration(pause.at_ns)},
                                {"for", duration(pause.for_ns)},
                                {"target", target(pause.target)}});
  }
  const auto& leader_pauses = faults.pauses.on_became_leader;
  json pauses{{"scheduled", pauses_scheduled},
              {"random",
               {{"rate_per_hour", faults.pauses.random.rate_per_hour},
                {"duration", distribution(faults.pauses.random.duration)},
                {"target", target(faults.pauses.random.target)}}},
              {"on_became_leader",
               {{"probability", ratio(leader_pauses.probability)},
                {"for", duration(leader_pauses.for_ns)},
                {"count_max", leader_pauses.count_max},
                {"not_before", duration(leader_pauses.not_before_ns)}}}};

  json clock_nodes = json::array();
  for (const auto& clock : faults.clocks.nodes) {
    json steps = json::array();
    for (const auto& step : clock.steps) {
      steps.push_back({{"at", duration(step.at_ns)}, {"by", duration(step.by_ns)}});
    }
    clock_nodes.push_back({{"node", clock.node},
                           {"offset", duration(clock.offset_ns)},
                           {"drift_ppm", clock.drift_ppm},
                           {"steps", steps}});
  }
  json clocks{{"nodes", clock_nodes},
              {"offset_max", duration(faults.clocks.offset_max_ns)},
              {"drift_max_ppm", faults.clocks.drift_max_ppm},
              {"steps_per_hour", faults.clocks.steps_per_hour},
              {"step_max", duration(faults.clocks.step_max_ns)}};

  json corrupt_scheduled = json::array();
  for (const auto& object : faults.corrupt_objects.scheduled) {
    corrupt_scheduled.push_back({{"at", duration(object.at_ns)},
                                 {"kind", std::string(to_string(object.kind))},
                                 {"epochs_ahead", object.epochs_ahead}});
  }

  const auto& swarm = faults.swarm;
  json swarm_json{{"enabled", swarm.enabled},
                  {"family_on", ratio(swarm.family_on)},
                  {"internal_error_rate_max", ratio(swarm.internal_error_rate_max)},
                  {"lost_response_rate_max", ratio(swarm.lost_response_rate_max)},
                  {"brownouts_per_hour_max", swarm.brownouts_per_hour_max},
                  {"brownout_for_max", duration(swarm.brownout_for_max_ns)},
                  {"partitions_per_hour_max", swarm.partitions_per_hour_max},
                  {"partition_for_max", duration(swarm.partition_for_max_ns)},
                  {"crashes_per_hour_max", swarm.crashes_per_hour_max},
                  {"restart_after_max", duration(swarm.restart_after_max_ns)},
                  {"pauses_per_hour_max", swarm.pauses_per_hour_max},
                  {"pause_for_max", duration(swarm.pause_for_max_ns)},
                  {"drift_max_ppm", swarm.drift_max_ppm},
                  {"offset_max", duration(swarm.offset_max_ns)},
                  {"clock_steps_per_hour_max", swarm.clock_steps_per_hour_max},
                  {"clock_step_max", duration(swarm.clock_step_max_ns)}};

  return json{{"latency", latency},
              {"store_errors", store_errors},
              {"lost_responses", lost_responses},
              {"partitions", partitions},
              {"crashes", crashes},
              {"pauses", pauses},
              {"clocks", clocks},
              {"corrupt_objects", {{"scheduled", corrupt_scheduled}}},
              {"swarm", swarm_json}};
}

json cluster_json(const sim::ClusterConfig& cluster) {
  const ElectorOptions& elector = cluster.elector;
  return json{{"nodes", cluster.node_count},
              {"node_id_prefix", cluster.node_id_prefix},
              {"algorithm", std::string(to_string(elector.algorithm))},
              {"layout", std::string(to_string(elector.layout))},
              {"election_bucket", elector.election_bucket},
              {"election_prefix", elector.election_prefix},
              {"node_bucket_prefix", cluster.node_bucket_prefix},
              {"start_spread", duration(cluster.start_spread_ns)},
              {"poll_interval", duration(elector.poll_interval_ns)},
              {"lease", duration(elector.lease_ns)},
              {"renew_interval", duration(elector.renew_interval_ns)},
              {"renew_deadline", duration(elector.renew_deadline_ns)},
              {"max_drift_ppm", elector.max_drift_ppm},
              {"takeover_jitter", duration(elector.takeover_jitter_ns)},
              {"backoff_base", duration(elector.backoff_base_ns)},
              {"backoff_max", duration(elector.backoff_max_ns)},
              {"retries_max", elector.retries_max},
              {"gc", {{"keep", elector.gc_keep}, {"min_age", duration(elector.gc_min_age_ns)}}},
              {"publish_state", elector.publish_state},
              {"heartbeat_interval", duration(elector.heartbeat_interval_ns)}};
}

std::string verdict_name(sim::ExpectedVerdict verdict) {
  switch (verdict) {
    case sim::ExpectedVerdict::kPass:
      return "pass";
    case sim::ExpectedVerdict::kViolation:
      return "violation";
    case sim::ExpectedVerdict::kAny:
      return "any";
  }
  HOLO_UNREACHABLE("unknown ExpectedVerdict");
  return {};
}

}  // namespace

json scenario_to_json(const sim::Scenario& scenario) {
  json denials = json::array();
  for (const auto& denial : scenario.store.acl_denials) {
    denials.push_back({{"node", denial.node},
                       {"bucket", denial.bucket},
                       {"read", denial.read},
                       {"write", denial.write}});
  }
  const auto& prices = scenario.store.prices;
  const auto& checks = scenario.checks;
  return json{
      {"name", scenario.name},
      {"description", scenario.description},
      {"seed", scenario.seed},
      {"duration", duration(scenario.duration_ns)},
      {"request_timeout", duration(scenario.request_timeout_ns)},
      {"cluster", cluster_json(scenario.cluster)},
      {"store",
       {{"prices",
         {{"put", prices.put_usd_per_1000},
          {"list", prices.list_usd_per_1000},
          {"get", prices.get_usd_per_1000},
          {"delete", prices.delete_usd_per_1000}}},
        {"object_count_sample_interval", duration(scenario.store.object_count_sample_interval_ns)},
        {"acl_denials", denials}}},
      {"fenced_resource",
       {{"enabled", scenario.fenced_resource.enabled},
        {"write_interval", duration(scenario.fenced_resource.write_interval_ns)},
        {"write_latency", duration(scenario.fenced_resource.write_latency_ns)}}},
      {"checks",
       {{"enabled", checks.enabled},
        {"liveness_bound", duration(checks.liveness_bound_ns)},
        {"expected_verdict", verdict_name(checks.expected_verdict)},
        {"expected_violations", checks.expected_violations},
        {"require_faults_fired", checks.require_faults_fired}}},
      {"output",
       {{"trace", scenario.output.trace_path},
        {"event_trace", scenario.output.event_trace_path},
        {"perfetto", scenario.output.perfetto_path},
        {"report", scenario.output.report_path}}},
      {"limits",
       {{"max_nodes", scenario.limits.max_nodes},
        {"max_events_in_flight", scenario.limits.max_events_in_flight},
        {"max_duration", duration(scenario.limits.max_duration_ns)}}},
      {"faults", faults_json(scenario.faults)},
  };
}

std::string canonical_scenario_json(const sim::Scenario& scenario) {
  json document = scenario_to_json(scenario);
  document.erase("seed");
  document.erase("output");
  return document.dump();
}

std::string scenario_digest(const sim::Scenario& scenario) {
  return reports::sha256_hex(canonical_scenario_json(scenario));
}

CanonicalScenario canonical_scenario(const sim::Scenario& scenario) {
  CanonicalScenario canonical;
  canonical.json = canonical_scenario_json(scenario);
  canonical.digest = reports::sha256_hex(canonical.json);
  HOLO_ASSERT(canonical.digest.size() == 64);
  return canonical;
}

}  // namespace holocron::cli
