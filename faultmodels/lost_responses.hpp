// The lost-response decider: the store applied a request (committed a write,
// say) and its response never reaches the node, which sees only a timeout.
// It stands for a dropped connection or a proxy or load balancer that fails
// after the store committed: the "unknown outcome" every store client must
// resolve (a retried create that had committed returns 412 to its own
// writer). Lost at a steady rate, and at a configured rate inside scheduled
// windows for some or all nodes.
//
// Streams: the steady rate draws from Prng::derive(seed, "lost_responses",
// node); window i draws its random target from
// Prng::derive(seed, "lost_responses.window_target", i) and its per-response
// decisions for a node from Prng::derive(seed, "lost_responses.window_<i>",
// node). Each (window, node) stream advances only for responses to that node
// inside that window, so removing a window or a node leaves the others' draws
// unchanged.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "core/assert.hpp"
#include "core/prng.hpp"
#include "core/time.hpp"
#include "faultmodels/config.hpp"
#include "faultmodels/distributions.hpp"

namespace holocron::faultmodels {

class LostResponseDecider {
 public:
  LostResponseDecider(const LostResponsesConfig& config, std::uint64_t seed,
                      std::uint32_t node_count);

  // Called once for each response the store sends to `node`, at the true time
  // it leaves the store. True: the response is lost (the node will time out).
  [[nodiscard]] bool lose(NodeIndex node, Nanos true_ns) {
    HOLO_ASSERT(node < node_count_);
    const bool lost = bernoulli(steady_prngs_[node], config_.rate);
    // Most runs have no windows: the steady draw alone, in line (it runs for
    // every response).
    if (config_.windows.empty()) return lost;
    return lose_in_windows(node, true_ns, lost);
  }

  // The nodes window i applies to (its "random" target already drawn).
  [[nodiscard]] const std::vector<NodeIndex>& window_nodes(std::size_t window) const;

 private:
  LostResponsesConfig config_;
  std::uint64_t seed_ = 0;
  std::uint32_t node_count_ = 0;
  std::vector<Prng> steady_prngs_;  // per node
  // The windows' draws for a response to `node` at true_ns, after the
  // steady draw decided `lost`.
  [[nodiscard]] bool lose_in_windows(NodeIndex node, Nanos true_ns, bool lost);

  std::vector<std::vector<NodeIndex>> window_nodes_;                // per window, sorted
  std::map<std::pair<std::size_t, NodeIndex>, Prng> window_prngs_;  // created on first use
};

}  // namespace holocron::faultmodels
