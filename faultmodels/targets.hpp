// Resolving a fault's node target ("leader", "random_follower", node indices)
// to concrete nodes at the instant the fault begins. Who leads, and who is up,
// is known only to the engine then; the fault models cannot know it when they
// plan. So every planned fault carries `pick`, a number drawn from the fault's
// own stream when it was planned, and the engine resolves the target with this
// pure function: the choice among candidates is then a function of the seed
// and the engine's state alone, and draws no randomness from anyone's stream.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

// `candidates`: the nodes the engine considers eligible (for example, those
// up), sorted ascending. Returns the nodes the fault hits, sorted ascending:
//   kNodes           the listed nodes (eligible or not; the engine decides
//                    what a fault does to a node that is down)
//   kAll             every candidate
//   kLeader          the leader, if there is one (else nobody)
//   kRandom          candidates[pick % size]
//   kRandomFollower  among the candidates other than the leader
[[nodiscard]] std::vector<NodeIndex> resolve_target(const NodeTarget& target, std::uint64_t pick,
                                                    std::optional<NodeIndex> leader,
                                                    const std::vector<NodeIndex>& candidates);

// All of 0..node_count-1, for engines and tests that treat every node as a
// candidate.
[[nodiscard]] std::vector<NodeIndex> all_nodes(std::uint32_t node_count);

}  // namespace holocron::faultmodels
