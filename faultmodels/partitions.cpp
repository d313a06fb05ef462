#include "faultmodels/partitions.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/prng.hpp"
#include "faultmodels/distributions.hpp"
#include "faultmodels/targets.hpp"

namespace holocron::faultmodels {

PartitionSchedule::PartitionSchedule(const PartitionsConfig& config, std::uint64_t seed,
                                     Nanos run_duration_ns) {
  HOLO_ASSERT(run_duration_ns >= 0);
  for (std::size_t i = 0; i < config.scheduled.size(); ++i) {
    const ScheduledPartition& scheduled = config.scheduled[i];
    Prng prng = Prng::derive(seed, "partitions.scheduled", i);
    PartitionWindow window;
    window.begin_ns = scheduled.at_ns;
    window.end_ns = saturating_add(scheduled.at_ns, scheduled.for_ns);
    window.target = scheduled.target;
    window.direction = scheduled.direction;
    window.pick = prng.next();
    windows_.push_back(std::move(window));
  }
  const RandomPartitions& random = config.random;
  if (random.rate_per_hour > 0) {
    Prng prng = Prng::derive(seed, "partitions.random", 0);
    Nanos at_ns = 0;
    while (true) {
      at_ns = saturating_add(at_ns, poisson_gap_ns(prng, random.rate_per_hour));
      if (at_ns >= run_duration_ns) break;
      if (windows_.size() >= kPartitionWindowsMax) {
        truncated_ = true;
        break;
      }
      PartitionWindow window;
      window.begin_ns = at_ns;
      window.end_ns =
          saturating_add(at_ns, std::max<Nanos>(1, draw_duration(prng, random.duration)));
      window.target = random.target;
      window.direction = random.direction;
      window.pick = prng.next();
      window.random = true;
      windows_.push_back(std::move(window));
    }
  }
  std::stable_sort(
      windows_.begin(), windows_.end(),
      [](const PartitionWindow& a, const PartitionWindow& b) { return a.begin_ns < b.begin_ns; });
  HOLO_ASSERT(windows_.size() <= kPartitionWindowsMax + config.scheduled.size());
}

const std::vector<NodeIndex>& PartitionSchedule::begin(std::size_t window,
                                                       std::optional<NodeIndex> leader,
                                                       const std::vector<NodeIndex>& candidates) {
  HOLO_ASSERT(window < windows_.size());
  PartitionWindow& begun = windows_[window];
  HOLO_ASSERT(!begun.begun);
  begun.nodes = resolve_target(begun.target, begun.pick, leader, candidates);
  begun.begun = true;
  active_.push_back(window);
  return begun.nodes;
}

bool PartitionSchedule::blocked(NodeIndex node, Nanos true_ns, bool requests) {
  HOLO_ASSERT(true_ns >= last_query_ns_);
  last_query_ns_ = true_ns;
  // Healed windows leave the active list here, so a long run with many
  // partitions checks only the ones still open.
  std::erase_if(active_, [&](std::size_t index) { return windows_[index].end_ns <= true_ns; });
  for (const std::size_t index : active_) {
    const PartitionWindow& window = windows_[index];
    if (true_ns < window.begin_ns) continue;
    const bool direction_matches = window.direction == PartitionDirection::kBoth ||
                                   (requests ? window.direction == PartitionDirection::kRequests
                                             : window.direction == PartitionDirection::kResponses);
    if (!direction_matches) continue;
    if (std::binary_search(window.nodes.begin(), window.nodes.end(), node)) return true;
  }
  return false;
}

bool PartitionSchedule::requests_blocked(NodeIndex node, Nanos true_ns) {
  return blocked(node, true_ns, true);
}

bool PartitionSchedule::responses_blocked(NodeIndex node, Nanos true_ns) {
  return blocked(node, true_ns, false);
}

}  // namespace holocron::faultmodels
