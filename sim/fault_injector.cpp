#include "sim/fault_injector.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/prng.hpp"
#include "faultmodels/model_names.hpp"

namespace holocron::sim {

FaultInjector::FaultInjector(const faultmodels::FaultsConfig& config, std::uint64_t seed,
                             std::uint32_t node_count)
    : config_(config), seed_(seed) {
  HOLO_ASSERT(node_count > 0);
  latency_.reserve(node_count);
  clocks_.reserve(node_count);
  const faultmodels::ClocksConfig& clocks = config.clocks;
  for (std::uint32_t node = 0; node < node_count; ++node) {
    latency_.emplace_back(config.latency, seed, node);
    // Explicit clocks win; the others are drawn from their own stream, so
    // adding an explicit clock for one node leaves the others' draws alone.
    Prng clock_prng = Prng::derive(seed, faultmodels::kModelClockSkew, node);
    Nanos offset_ns = clock_prng.between(-clocks.offset_max_ns, clocks.offset_max_ns);
    std::int64_t drift_ppm = clock_prng.between(-clocks.drift_max_ppm, clocks.drift_max_ppm);
    for (const faultmodels::NodeClockConfig& explicit_clock : clocks.nodes) {
      if (explicit_clock.node == node) {
        offset_ns = explicit_clock.offset_ns;
        drift_ppm = explicit_clock.drift_ppm;
      }
    }
    clocks_.emplace_back(offset_ns, drift_ppm);
  }
  HOLO_ASSERT(clocks_.size() == node_count);
}

FaultInjector::~FaultInjector() = default;

faultmodels::LatencyDraw FaultInjector::latency(reports::NodeIndex node, OpKind op,
                                                Nanos /*now_ns*/) {
  HOLO_ASSERT(node < latency_.size());
  return latency_[node].draw(op);
}

InjectedError FaultInjector::on_arrival(reports::NodeIndex /*node*/,
                                        const StoreRequest& /*request*/, Nanos /*now_ns*/) {
  return InjectedError{};
}

bool FaultInjector::lose_response(reports::NodeIndex /*node*/, Nanos /*now_ns*/) {
  return false;
}

LocalClock FaultInjector::clock_for(reports::NodeIndex node) const {
  HOLO_ASSERT(node < clocks_.size());
  return clocks_[node];
}

void FaultInjector::count(std::string_view model, std::string_view what) {
  ++counts_[{model, what}];
  ++injections_by_model_[model];
}

void FaultInjector::configured(std::string_view model) {
  if (std::find(configured_.begin(), configured_.end(), model) == configured_.end()) {
    configured_.push_back(model);
  }
}

std::vector<std::pair<std::string, std::uint64_t>> FaultInjector::fault_counts() const {
  std::vector<std::pair<std::string, std::uint64_t>> result;
  result.reserve(counts_.size());
  for (const auto& [key, count] : counts_) {
    std::string name(key.first);
    name += '/';
    name += key.second;
    result.emplace_back(std::move(name), count);
  }
  std::sort(result.begin(), result.end());
  return result;
}

std::vector<std::string> FaultInjector::never_fired() const {
  std::vector<std::string> result;
  for (const std::string_view model : configured_) {
    if (injections_by_model_.find(model) == injections_by_model_.end()) {
      result.emplace_back(model);
    }
  }
  std::sort(result.begin(), result.end());
  return result;
}

}  // namespace holocron::sim
