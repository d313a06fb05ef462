#include "sim/fault_injector.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace holocron::sim {

namespace {

bool store_errors_can_fire(const faultmodels::StoreErrorsConfig& config) {
  return !config.internal_error_rate.is_zero() || config.throttle.enabled ||
         config.conflict_window_ns > 0 || !config.brownouts.empty();
}

bool responses_can_be_lost(const faultmodels::LostResponsesConfig& config) {
  return !config.rate.is_zero() || !config.windows.empty();
}

}  // namespace

FaultInjector::FaultInjector(const faultmodels::FaultsConfig& config, std::uint64_t seed,
                             std::uint32_t node_count, Nanos run_duration_ns,
                             const ElectorOptions& elector)
    : swarm_(faultmodels::draw_swarm(config, seed, run_duration_ns,
                                     elector.publish_state
                                         ? faultmodels::CrashResume::kAllowed
                                         : faultmodels::CrashResume::kNotAllowed)),
      latency_(swarm_.config.latency),
      store_errors_(swarm_.config.store_errors, seed),
      store_errors_live_(store_errors_can_fire(swarm_.config.store_errors)),
      lost_responses_(swarm_.config.lost_responses, seed, node_count),
      lost_responses_live_(responses_can_be_lost(swarm_.config.lost_responses)),
      leader_pauses_(swarm_.config.pauses.on_became_leader, seed),
      crashes_(swarm_.config.crashes, seed, run_duration_ns),
      pauses_(swarm_.config.pauses, seed, run_duration_ns),
      partitions_(swarm_.config.partitions, seed, run_duration_ns),
      corrupt_(swarm_.config.corrupt_objects, seed),
      assumptions_(faultmodels::AlgorithmBounds{
          static_cast<std::int64_t>(elector.max_drift_ppm),
          faultmodels::timing_margin_ns(elector.lease_ns, elector.renew_deadline_ns,
                                        elector.max_drift_ppm)}),
      accounting_(faultmodels::configured_models(swarm_.config)) {
  HOLO_ASSERT(node_count > 0);
  latency_streams_.reserve(node_count);
  clocks_.reserve(node_count);
  for (std::uint32_t node = 0; node < node_count; ++node) {
    latency_streams_.push_back(faultmodels::latency_stream(seed, node));
    clocks_.push_back(
        faultmodels::ClockModel::for_node(swarm_.config.clocks, seed, node, run_duration_ns));
  }
  HOLO_ASSERT(clocks_.size() == node_count);
}

InjectedError FaultInjector::on_arrival(const StoreRequest& request, Nanos now_ns) {
  if (!store_errors_live_) return InjectedError{};
  const faultmodels::StoreErrorDecision decision = store_errors_.on_arrival(request, now_ns);
  return InjectedError{decision.status, decision.model, decision.what};
}

bool FaultInjector::lose_response(std::uint32_t node, Nanos now_ns) {
  return lost_responses_live_ && lost_responses_.lose(node, now_ns);
}

std::optional<Nanos> FaultInjector::pause_on_became_leader(std::uint32_t node, Nanos now_ns) {
  return leader_pauses_.on_became_leader(node, now_ns);
}

const faultmodels::ClockModel& FaultInjector::clock_plan(std::uint32_t node) const {
  HOLO_ASSERT(node < clocks_.size());
  return clocks_[node];
}

std::vector<std::pair<std::string, std::uint64_t>> FaultInjector::fault_counts() const {
  std::vector<std::pair<std::string, std::uint64_t>> result;
  for (const auto& [model, by_what] : accounting_.counts()) {
    for (const auto& [what, count] : by_what) {
      std::string name = model;
      name.append("/").append(what);
      result.emplace_back(std::move(name), count);
    }
  }
  std::sort(result.begin(), result.end());
  return result;
}

Nanos FaultInjector::last_window_end_ns(Nanos run_duration_ns) const {
  HOLO_ASSERT(run_duration_ns >= 0);
  Nanos last_end_ns = 0;
  const auto note_window = [&](Nanos at_ns, Nanos for_ns) {
    HOLO_ASSERT(for_ns >= 0);
    if (at_ns < run_duration_ns) last_end_ns = std::max(last_end_ns, saturating_add(at_ns, for_ns));
  };
  for (const faultmodels::BrownoutWindow& window : config().store_errors.brownouts) {
    note_window(window.at_ns, window.for_ns);
  }
  for (const faultmodels::LostResponseWindow& window : config().lost_responses.windows) {
    note_window(window.at_ns, window.for_ns);
  }
  return last_end_ns;
}

}  // namespace holocron::sim
