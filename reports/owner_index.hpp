// Maps the owner id written in a lock body to a node index, for the trace
// recorder and the epoch ledger (both look up the owner of every committed
// PUT of an epoch key).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reports/facts.hpp"

namespace holocron::reports {

class OwnerIndex {
 public:
  OwnerIndex() = default;
  // Not copyable or movable: the map's keys view the strings in names_, and
  // a moved short string changes address.
  OwnerIndex(const OwnerIndex&) = delete;
  OwnerIndex& operator=(const OwnerIndex&) = delete;

  void set_node_names(const std::vector<std::string>& names);

  // The index of the node named `owner`: `writer` (the node that sent the
  // PUT) when the body named no owner, kNoNode when it named someone who is
  // not a node. A node almost always writes its own name, so that is checked
  // before the map; with unique names both give the same index.
  [[nodiscard]] NodeIndex owner_index(std::string_view owner, NodeIndex writer) const;

 private:
  std::vector<std::string> names_;
  // The first index of each name; the keys view names_. Hashed, not
  // ordered: built once per run (twice per checked run), and both a std::map
  // and a sorted vector of a thousand similar names ("node-0001", ...) cost
  // some 5,000 instructions per name in string comparisons.
  std::unordered_map<std::string_view, NodeIndex> node_by_name_;
  // Duplicate names (which scenarios reject) map to their first index; the
  // shortcut is taken only when that cannot happen.
  bool names_unique_ = true;
};

}  // namespace holocron::reports
