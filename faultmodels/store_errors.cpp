#include "faultmodels/store_errors.hpp"

#include <algorithm>
#include <cstring>

#include "core/assert.hpp"
#include "faultmodels/distributions.hpp"
#include "faultmodels/model_names.hpp"

namespace holocron::faultmodels {
namespace {

bool is_write(OpKind op) {
  return op == OpKind::kPut || op == OpKind::kDelete;
}

std::vector<TimeWindow> brownout_windows(const StoreErrorsConfig& config) {
  std::vector<TimeWindow> windows;
  for (const BrownoutWindow& window : config.brownouts) {
    windows.push_back(TimeWindow{window.at_ns, saturating_add(window.at_ns, window.for_ns)});
  }
  return windows;
}

// Appends the throttle prefix of `request` to `out`.
void append_throttle_prefix(const StoreRequest& request, std::string& out) {
  const auto slash = request.key.rfind('/');
  out.append(request.bucket);
  out.push_back('/');
  if (slash != std::string::npos) out.append(request.key, 0, slash + 1);
}

// Whether the `size` bytes at `a` and at `b` are equal: memcmp, compared
// eight bytes at a time in line. The throttle compares a bucket name and a
// key directory (tens of bytes) twice per request, and the library call
// cost more than the comparison.
bool same_bytes(const char* a, const char* b, std::size_t size) {
  const auto word = [](const char* at) {
    std::uint64_t value = 0;
    std::memcpy(&value, at, 8);
    return value;
  };
  if (size >= 8) {
    // Whole words, then the last eight bytes (overlapping the previous word
    // when size is not a multiple of eight) instead of a loop over the tail.
    for (std::size_t at = 0; at + 8 < size; at += 8) {
      if (word(a + at) != word(b + at)) return false;
    }
    return word(a + size - 8) == word(b + size - 8);
  }
  for (std::size_t at = 0; at < size; ++at) {
    if (a[at] != b[at]) return false;
  }
  return true;
}

// Whether `key` ("r:" or "w:", then a throttle prefix, as
// append_throttle_prefix writes it) is the key of `request`'s throttle
// prefix, compared in place without building it. The stored prefix is
// bucket + "/" + directory, where the directory is empty or ends with a
// slash: `request`'s key has that directory when it starts with it and has
// no slash after it (a forward search, which is cheaper than rfind).
bool matches_throttle_key(std::string_view key, const StoreRequest& request) {
  key.remove_prefix(2);
  const std::string_view bucket = request.bucket;
  if (key.size() <= bucket.size() || key[bucket.size()] != '/' ||
      !same_bytes(key.data(), bucket.data(), bucket.size())) {
    return false;
  }
  const std::string_view directory = key.substr(bucket.size() + 1);
  const std::string_view request_key = request.key;
  return request_key.size() >= directory.size() &&
         same_bytes(request_key.data(), directory.data(), directory.size()) &&
         request_key.find('/', directory.size()) == std::string_view::npos;
}

}  // namespace

std::string throttle_prefix(const StoreRequest& request) {
  std::string prefix;
  append_throttle_prefix(request, prefix);
  return prefix;
}

StoreErrorInjector::StoreErrorInjector(const StoreErrorsConfig& config, std::uint64_t seed)
    : config_(config),
      internal_error_prng_(Prng::derive(seed, "store_errors.internal_error", 0)),
      brownouts_at_arrival_(brownout_windows(config)),
      brownouts_at_send_(brownout_windows(config)) {
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
  std::array<LastUsed, kLastUsedMax>& recent = last_used_[write ? 1 : 0];
  for (std::size_t i = 0; i < kLastUsedMax && recent[i].bucket != nullptr; ++i) {
    if (!matches_throttle_key(*recent[i].key, request)) continue;
    // Most recent first: the hit moves to the front.
    const LastUsed hit = recent[i];
    std::copy_backward(recent.begin(), recent.begin() + static_cast<std::ptrdiff_t>(i),
                       recent.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    recent[0] = hit;
    return !hit.bucket->try_take(true_ns);
  }
  scratch_key_.assign(write ? "w:" : "r:");
  append_throttle_prefix(request, scratch_key_);
  auto found = buckets_.find(std::string_view(scratch_key_));
  if (found == buckets_.end()) {
    HOLO_ASSERT(buckets_.size() < 2 * kThrottlePrefixesMax);
    const double rate =
        (write ? throttle.writes_per_second : throttle.reads_per_second) * throttle.scale;
    found = buckets_.emplace(scratch_key_, TokenBucket(rate, throttle.burst_ns, true_ns)).first;
  }
  std::copy_backward(recent.begin(), recent.end() - 1, recent.end());
  recent[0] = LastUsed{&found->first, &found->second};
  return !found->second.try_take(true_ns);
}

bool StoreErrorInjector::conflicts(const StoreRequest& request, Nanos true_ns) {
  const Nanos window_ns = config_.conflict_window_ns;
  if (window_ns == 0) return false;
  if (!is_write(request.op) || request.condition == Condition::kNone) return false;
  // Forget writes that have left the window, so memory stays bounded by the
  // write rate times the window.
  while (!recent_writes_.empty() && true_ns - recent_writes_.front().first >= window_ns) {
    const auto [arrival_ns, entry] = recent_writes_.front();
    // The key's latest write is this one: no later write refers to the entry.
    if (entry->second == arrival_ns) last_write_by_key_.erase(entry);
    recent_writes_.pop_front();
  }
  scratch_key_.assign(request.bucket);
  scratch_key_.push_back('/');
  scratch_key_.append(request.key);
  const auto latest = last_write_by_key_.find(std::string_view(scratch_key_));
  if (latest != last_write_by_key_.end() && true_ns - latest->second < window_ns) return true;
  // Only writes that went through occupy the key: a rejected write never
  // reached it.
  HOLO_ASSERT(recent_writes_.size() < kConflictWritesTrackedMax);
  LastWriteByKey::iterator entry = latest;
  if (entry != last_write_by_key_.end()) {
    // Strictly later than the key's previous write (an equal time is inside
    // the window and conflicts above), so expiry can tell the writes apart.
    HOLO_ASSERT(true_ns > entry->second);
    entry->second = true_ns;
  } else {
    entry = last_write_by_key_.emplace(scratch_key_, true_ns).first;
  }
  recent_writes_.emplace_back(true_ns, entry);
  return false;
}

StoreErrorDecision StoreErrorInjector::on_arrival(const StoreRequest& request, Nanos true_ns) {
  HOLO_ASSERT(true_ns >= last_arrival_ns_);
  last_arrival_ns_ = true_ns;

  // Every random cause draws first, whatever the outcome, so that each
  // stream's position depends only on the requests it has seen.
  bool brownout_slow_down = false;
  bool brownout_internal_error = false;
  // Most runs have no brownout at all; asking the cursor would still cost
  // a call and a pass over its (empty) lists per request.
  if (!config_.brownouts.empty()) {
    for (const std::size_t i : brownouts_at_arrival_.covering(true_ns)) {
      const BrownoutWindow& window = config_.brownouts[i];
      const bool slow_down = bernoulli(brownout_prngs_[i], window.slow_down_rate);
      const bool internal_error = bernoulli(brownout_prngs_[i], window.internal_error_rate);
      brownout_slow_down = brownout_slow_down || slow_down;
      brownout_internal_error = brownout_internal_error || internal_error;
    }
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

std::uint32_t StoreErrorInjector::latency_percent_in_brownouts(Nanos true_ns) {
  std::uint32_t percent = 100;
  for (const std::size_t i : brownouts_at_send_.covering(true_ns)) {
    percent = std::max(percent, config_.brownouts[i].latency_percent);
  }
  HOLO_ASSERT(percent >= 100);
  return percent;
}

}  // namespace holocron::faultmodels
