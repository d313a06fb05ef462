// The partition schedule: when a node (or several, or "the leader") is cut
// off from the store, and in which direction. It stands for a network
// partition between a compute node and the object store endpoint: a broken
// route, a security-group change, a NAT gateway failure. Direction matters:
//   requests   the node's requests never reach the store (nothing applied);
//   responses  the store applies the node's requests, but the answers never
//              come back (the node sees only timeouts: unknown outcomes);
//   both       nothing gets through either way.
//
// The schedule is drawn once at the start of a run: the scenario's scheduled
// windows plus Poisson-random ones over the run's duration, sorted by begin
// time. Targets that depend on the cluster's state ("leader",
// "random_follower") are resolved by the engine at the window's begin
// instant: it calls begin(index, leader, candidates), and until then the
// window cuts nobody off. Fixed targets may be begun the same way (they
// ignore the leader).
//
// Streams: scheduled window i draws its pick from
// Prng::derive(seed, "partitions.scheduled", i); random windows (arrivals,
// durations, picks) come from Prng::derive(seed, "partitions.random", 0).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/time.hpp"
#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

// At most this many windows per run (random arrivals beyond it are dropped
// and truncated() says so).
inline constexpr std::size_t kPartitionWindowsMax = 100'000;

struct PartitionWindow {
  Nanos begin_ns = 0;
  Nanos end_ns = 0;  // exclusive: healed at end_ns
  NodeTarget target;
  PartitionDirection direction = PartitionDirection::kBoth;
  std::uint64_t pick = 0;  // for resolve_target
  bool random = false;     // drawn from the random rate, not scheduled
  bool begun = false;
  std::vector<NodeIndex> nodes;  // resolved at begin(), sorted
};

class PartitionSchedule {
 public:
  PartitionSchedule(const PartitionsConfig& config, std::uint64_t seed, Nanos run_duration_ns);

  // Sorted by begin_ns; ties keep scheduled windows (in configuration order)
  // before random ones.
  [[nodiscard]] const std::vector<PartitionWindow>& windows() const { return windows_; }
  [[nodiscard]] bool truncated() const { return truncated_; }

  // The engine calls this once per window, at its begin_ns, with the current
  // leader and the eligible nodes (sorted); returns the nodes cut off.
  const std::vector<NodeIndex>& begin(std::size_t window, std::optional<NodeIndex> leader,
                                      const std::vector<NodeIndex>& candidates);

  // Is `node` cut off at true_ns from sending requests to the store, or from
  // receiving responses from it? Only begun windows count. true_ns never
  // decreases from one query to the next (healed windows are forgotten).
  [[nodiscard]] bool requests_blocked(NodeIndex node, Nanos true_ns);
  [[nodiscard]] bool responses_blocked(NodeIndex node, Nanos true_ns);

 private:
  bool blocked(NodeIndex node, Nanos true_ns, bool requests);

  std::vector<PartitionWindow> windows_;
  std::vector<std::size_t> active_;  // begun windows not yet known to be healed
  bool truncated_ = false;
  Nanos last_query_ns_ = 0;
};

}  // namespace holocron::faultmodels
