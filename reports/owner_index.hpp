// Maps the owner id written in a lock body to a node index, for the trace
// recorder and the epoch ledger (both look up the owner of every committed
// PUT of an epoch key).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/facts.hpp"

namespace holocron::reports {

class OwnerIndex {
 public:
  OwnerIndex() = default;

  void set_node_names(const std::vector<std::string>& names);

  // The index of the node named `owner`: `writer` (the node that sent the
  // PUT) when the body named no owner, kNoNode when it named someone who is
  // not a node. A node almost always writes its own name, so that is checked
  // before the table; with unique names both give the same index.
  // In line up to the writer's own name: the probe, in the same function,
  // cost every lookup its register saves.
  [[nodiscard]] NodeIndex owner_index(std::string_view owner, NodeIndex writer) const {
    if (owner.empty()) return writer;
    if (names_unique_ && writer < names_.size() && names_[writer] == owner) return writer;
    return probe(owner);
  }

 private:
  // The first index of a node named `owner`, or kNoNode.
  [[nodiscard]] NodeIndex probe(std::string_view owner) const;
  // The slot where a probe for `name` starts.
  [[nodiscard]] std::size_t first_slot(std::string_view name) const;

  std::vector<std::string> names_;
  // The first index of each name, by open addressing (linear probing) on
  // the name's hash; kNoNode marks an empty slot, and at least half the
  // slots are empty. Not a std::unordered_map: built once per run (twice per
  // checked run), its node allocations and rehashes cost about a thousand
  // instructions per name, a visible share of a checked minute; and a
  // std::map or a sorted vector of a thousand similar names ("node-0001",
  // ...) cost some 5,000 in string comparisons.
  std::vector<NodeIndex> slots_;
  // Duplicate names (which scenarios reject) map to their first index; the
  // shortcut is taken only when that cannot happen.
  bool names_unique_ = true;
};

}  // namespace holocron::reports
