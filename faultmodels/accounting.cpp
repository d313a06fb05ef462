#include "faultmodels/accounting.hpp"

#include <nlohmann/json.hpp>

#include "core/assert.hpp"
#include "faultmodels/model_names.hpp"

namespace holocron::faultmodels {
namespace {

bool any_clock_skew(const ClocksConfig& clocks) {
  if (clocks.offset_max_ns > 0 || clocks.drift_max_ppm > 0) return true;
  for (const NodeClockConfig& node : clocks.nodes) {
    if (node.offset_ns != 0 || node.drift_ppm != 0) return true;
  }
  return false;
}

bool any_clock_steps(const ClocksConfig& clocks) {
  if (clocks.steps_per_hour > 0) return true;
  for (const NodeClockConfig& node : clocks.nodes) {
    if (!node.steps.empty()) return true;
  }
  return false;
}

// The throttle counts as a configured fault only when a scenario made it
// stricter than S3's own limits; at S3's limits it is the store's normal
// behaviour, which an election should never reach.
bool throttle_tightened(const ThrottleConfig& throttle) {
  const ThrottleConfig s3;
  if (!throttle.enabled) return false;
  return throttle.writes_per_second * throttle.scale < s3.writes_per_second ||
         throttle.reads_per_second * throttle.scale < s3.reads_per_second ||
         throttle.burst_ns < s3.burst_ns;
}

}  // namespace

std::vector<std::string> configured_models(const FaultsConfig& config) {
  std::vector<std::string> models;
  const auto add_if = [&](bool on, std::string_view name) {
    if (on) models.emplace_back(name);
  };
  add_if(!config.store_errors.internal_error_rate.is_zero(), kModelInternalError);
  add_if(throttle_tightened(config.store_errors.throttle), kModelThrottle);
  add_if(!config.store_errors.brownouts.empty(), kModelBrownout);
  add_if(!config.lost_responses.rate.is_zero() || !config.lost_responses.windows.empty(),
         kModelLostResponses);
  add_if(!config.partitions.scheduled.empty() || config.partitions.random.rate_per_hour > 0,
         kModelPartitions);
  add_if(!config.crashes.scheduled.empty() || config.crashes.random.rate_per_hour > 0,
         kModelCrashes);
  add_if(!config.pauses.scheduled.empty() || config.pauses.random.rate_per_hour > 0, kModelPauses);
  add_if(!config.pauses.on_became_leader.probability.is_zero() &&
             config.pauses.on_became_leader.count_max > 0,
         kModelLeaderPauses);
  add_if(any_clock_skew(config.clocks), kModelClockSkew);
  add_if(any_clock_steps(config.clocks), kModelClockSteps);
  add_if(!config.corrupt_objects.scheduled.empty(), kModelCorruptObjects);
  return models;
}

FaultAccounting::FaultAccounting(std::vector<std::string> configured)
    : configured_(std::move(configured)) {}

namespace {

using CountsByModel = std::map<std::string, std::map<std::string, std::uint64_t>, std::less<>>;

void add(CountsByModel& counts, std::string_view model, std::string_view what,
         std::uint64_t count) {
  HOLO_ASSERT(!model.empty());
  HOLO_ASSERT(!what.empty());
  auto model_entry = counts.find(model);
  if (model_entry == counts.end()) {
    model_entry = counts.emplace(std::string(model), std::map<std::string, std::uint64_t>{}).first;
  }
  model_entry->second[std::string(what)] += count;
}

std::uint64_t total(const CountsByModel& counts, std::string_view model) {
  const auto found = counts.find(model);
  if (found == counts.end()) return 0;
  std::uint64_t sum = 0;
  for (const auto& [what, count] : found->second) sum += count;
  return sum;
}

nlohmann::json to_object(const CountsByModel& counts) {
  nlohmann::json json = nlohmann::json::object();  // keys sorted by name
  for (const auto& [model, by_what] : counts) {
    for (const auto& [what, count] : by_what) json[model][what] = count;
  }
  return json;
}

}  // namespace

void FaultAccounting::record(std::string_view model, std::string_view what, std::uint64_t count) {
  add(counts_, model, what, count);
}

void FaultAccounting::record_observed(std::string_view model, std::string_view what,
                                      std::uint64_t count) {
  add(observed_, model, what, count);
}

std::uint64_t FaultAccounting::count(std::string_view model) const {
  return total(counts_, model);
}

std::uint64_t FaultAccounting::observed(std::string_view model) const {
  return total(observed_, model);
}

std::uint64_t FaultAccounting::count(std::string_view model, std::string_view what) const {
  const auto found = counts_.find(model);
  if (found == counts_.end()) return 0;
  const auto found_what = found->second.find(std::string(what));
  return found_what == found->second.end() ? 0 : found_what->second;
}

std::vector<std::string> FaultAccounting::never_fired() const {
  std::vector<std::string> silent;
  for (const std::string& model : configured_) {
    if (count(model) == 0) silent.push_back(model);
  }
  return silent;
}

std::string FaultAccounting::to_json() const {
  nlohmann::json json = nlohmann::json::object();  // keys sorted by name
  json["injected"] = to_object(counts_);
  json["observed"] = to_object(observed_);
  json["configured"] = configured_;
  json["never_fired"] = never_fired();
  return json.dump();
}

}  // namespace holocron::faultmodels
