#include "faultmodels/lost_responses.hpp"

#include <algorithm>
#include <string>

#include "core/assert.hpp"
#include "faultmodels/distributions.hpp"
#include "faultmodels/targets.hpp"

namespace holocron::faultmodels {

LostResponseDecider::LostResponseDecider(const LostResponsesConfig& config, std::uint64_t seed,
                                         std::uint32_t node_count)
    : config_(config), seed_(seed), node_count_(node_count) {
  HOLO_ASSERT(node_count > 0);
  steady_prngs_.reserve(node_count);
  for (NodeIndex node = 0; node < node_count; ++node) {
    steady_prngs_.push_back(Prng::derive(seed, "lost_responses", node));
  }
  const std::vector<NodeIndex> everyone = all_nodes(node_count);
  for (std::size_t i = 0; i < config.windows.size(); ++i) {
    Prng target_prng = Prng::derive(seed, "lost_responses.window_target", i);
    // Windows start at fixed times, with no leader to resolve: "leader" and
    // "random_follower" are rejected by validation.
    window_nodes_.push_back(
        resolve_target(config.windows[i].target, target_prng.next(), std::nullopt, everyone));
  }
  HOLO_ASSERT(window_nodes_.size() == config_.windows.size());
}

bool LostResponseDecider::lose_in_windows(NodeIndex node, Nanos true_ns, bool lost) {
  HOLO_ASSERT(node < node_count_);
  for (std::size_t i = 0; i < config_.windows.size(); ++i) {
    const LostResponseWindow& window = config_.windows[i];
    if (true_ns < window.at_ns || true_ns - window.at_ns >= window.for_ns) continue;
    if (!std::binary_search(window_nodes_[i].begin(), window_nodes_[i].end(), node)) continue;
    auto found = window_prngs_.find({i, node});
    if (found == window_prngs_.end()) {
      const std::string purpose = "lost_responses.window_" + std::to_string(i);
      found = window_prngs_.emplace(std::pair{i, node}, Prng::derive(seed_, purpose, node)).first;
    }
    // Draw even when already lost, so this stream's position does not depend
    // on the other windows or the steady rate.
    lost = bernoulli(found->second, window.rate) || lost;
  }
  return lost;
}

const std::vector<NodeIndex>& LostResponseDecider::window_nodes(std::size_t window) const {
  HOLO_ASSERT(window < window_nodes_.size());
  return window_nodes_[window];
}

}  // namespace holocron::faultmodels
