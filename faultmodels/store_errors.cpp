#include "faultmodels/store_errors.hpp"

#include "core/assert.hpp"
#include "faultmodels/distributions.hpp"
#include "faultmodels/model_names.hpp"

namespace holocron::faultmodels {
namespace {

bool is_write(OpKind op) {
  return op == OpKind::kPut || op == OpKind::kDelete;
}

bool covers(const BrownoutWindow& window, Nanos true_ns) {
  return true_ns >= window.at_ns && true_ns - window.at_ns < window.for_ns;
}

std::string key_identity(const StoreRequest& request) {
  return request.bucket + "/" + request.key;
}

}  // namespace

std::string throttle_prefix(const StoreRequest& request) {
  const auto slash = request.key.rfind('/');
  const std::string_view key_prefix = slash == std::string::npos
                                          ? std::string_view{}
                                          : std::string_view(request.key).substr(0, slash + 1);
  return request.bucket + "/" + std::string(key_prefix);
}

StoreErrorInjector::StoreErrorInjector(const StoreErrorsConfig& config, std::uint64_t seed)
    : config_(config), internal_error_prng_(Prng::derive(seed, "store_errors.internal_error", 0)) {
  HOLO_ASSERT(config.conflict_window_ns >= 0);
  brownout_prngs_.reserve(config.brownouts.size());
  for (std::size_t i = 0; i < config.brownouts.size(); ++i) {
    brownout_prngs_.push_back(Prng::derive(seed, "store_errors.brownout", i));
  }
  HOLO_ASSERT(brownout_prngs_.size() == config_.brownouts.size());
}

bool StoreErrorInjector::throttled(const StoreRequest& request, Nanos true_ns) {
  const ThrottleConfig& throttle = config_.throttle;
  if (!throttle.enabled) return false;
  const bool write = is_write(request.op);
  std::string bucket_key = (write ? "w:" : "r:") + throttle_prefix(request);
  auto found = buckets_.find(bucket_key);
  if (found == buckets_.end()) {
    HOLO_ASSERT(buckets_.size() < 2 * kThrottlePrefixesMax);
    const double rate =
        (write ? throttle.writes_per_second : throttle.reads_per_second) * throttle.scale;
    found = buckets_.emplace(std::move(bucket_key), TokenBucket(rate, throttle.burst_ns, true_ns))
                .first;
  }
  return !found->second.try_take(true_ns);
}

bool StoreErrorInjector::conflicts(const StoreRequest& request, Nanos true_ns) {
  const Nanos window_ns = config_.conflict_window_ns;
  if (window_ns == 0) return false;
  if (!is_write(request.op) || request.condition == Condition::kNone) return false;
  // Forget writes that have left the window, so memory stays bounded by the
  // write rate times the window.
  while (!recent_writes_.empty() && true_ns - recent_writes_.front().first >= window_ns) {
    const auto& [arrival_ns, key] = recent_writes_.front();
    const auto latest = last_write_by_key_.find(key);
    if (latest != last_write_by_key_.end() && latest->second == arrival_ns) {
      last_write_by_key_.erase(latest);
    }
    recent_writes_.pop_front();
  }
  std::string key = key_identity(request);
  const auto latest = last_write_by_key_.find(key);
  if (latest != last_write_by_key_.end() && true_ns - latest->second < window_ns) return true;
  // Only writes that went through occupy the key: a rejected write never
  // reached it.
  HOLO_ASSERT(recent_writes_.size() < kConflictWritesTrackedMax);
  last_write_by_key_[key] = true_ns;
  recent_writes_.emplace_back(true_ns, std::move(key));
  return false;
}

StoreErrorDecision StoreErrorInjector::on_arrival(const StoreRequest& request, Nanos true_ns) {
  HOLO_ASSERT(true_ns >= last_arrival_ns_);
  last_arrival_ns_ = true_ns;

  // Every random cause draws first, whatever the outcome, so that each
  // stream's position depends only on the requests it has seen.
  bool brownout_slow_down = false;
  bool brownout_internal_error = false;
  for (std::size_t i = 0; i < config_.brownouts.size(); ++i) {
    const BrownoutWindow& window = config_.brownouts[i];
    if (!covers(window, true_ns)) continue;
    const bool slow_down = bernoulli(brownout_prngs_[i], window.slow_down_rate);
    const bool internal_error = bernoulli(brownout_prngs_[i], window.internal_error_rate);
    brownout_slow_down = brownout_slow_down || slow_down;
    brownout_internal_error = brownout_internal_error || internal_error;
  }
  const bool internal_error = bernoulli(internal_error_prng_, config_.internal_error_rate);

  if (throttled(request, true_ns)) {
    return {Status::kSlowDown, kModelThrottle, "503"};
  }
  if (brownout_slow_down) return {Status::kSlowDown, kModelBrownout, "503"};
  if (brownout_internal_error) return {Status::kInternalError, kModelBrownout, "500"};
  if (internal_error) return {Status::kInternalError, kModelInternalError, "500"};
  if (conflicts(request, true_ns)) return {Status::kConflict, kModelConflict, "409"};
  return {};
}

std::uint32_t StoreErrorInjector::latency_percent(Nanos true_ns) const {
  std::uint32_t percent = 100;
  for (const BrownoutWindow& window : config_.brownouts) {
    if (covers(window, true_ns) && window.latency_percent > percent) {
      percent = window.latency_percent;
    }
  }
  HOLO_ASSERT(percent >= 100);
  return percent;
}

}  // namespace holocron::faultmodels
