#include "faultmodels/targets.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace holocron::faultmodels {

std::vector<NodeIndex> resolve_target(const NodeTarget& target, std::uint64_t pick,
                                      std::optional<NodeIndex> leader,
                                      const std::vector<NodeIndex>& candidates) {
  HOLO_ASSERT(std::is_sorted(candidates.begin(), candidates.end()));
  std::vector<NodeIndex> hit;
  switch (target.kind) {
    case TargetKind::kNodes:
      hit = target.nodes;
      std::sort(hit.begin(), hit.end());
      hit.erase(std::unique(hit.begin(), hit.end()), hit.end());
      break;
    case TargetKind::kAll:
      hit = candidates;
      break;
    case TargetKind::kLeader:
      if (leader.has_value()) hit.push_back(*leader);
      break;
    case TargetKind::kRandom:
      if (!candidates.empty()) hit.push_back(candidates[pick % candidates.size()]);
      break;
    case TargetKind::kRandomFollower: {
      std::vector<NodeIndex> followers;
      for (const NodeIndex node : candidates) {
        if (!leader.has_value() || node != *leader) followers.push_back(node);
      }
      if (!followers.empty()) hit.push_back(followers[pick % followers.size()]);
      break;
    }
  }
  HOLO_ASSERT(std::is_sorted(hit.begin(), hit.end()));
  return hit;
}

std::vector<NodeIndex> all_nodes(std::uint32_t node_count) {
  std::vector<NodeIndex> nodes(node_count);
  for (std::uint32_t i = 0; i < node_count; ++i) nodes[i] = i;
  return nodes;
}

}  // namespace holocron::faultmodels
