// Maps the owner id written in a lock body to a node index, for the trace
// recorder and the epoch ledger (both look up the owner of every committed
// PUT of an epoch key).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "reports/facts.hpp"

namespace holocron::reports {

class OwnerIndex {
 public:
  void set_node_names(const std::vector<std::string>& names);

  // The index of the node named `owner`: `writer` (the node that sent the
  // PUT) when the body named no owner, kNoNode when it named someone who is
  // not a node. A node almost always writes its own name, so that is checked
  // before the map; with unique names both give the same index.
  [[nodiscard]] NodeIndex owner_index(std::string_view owner, NodeIndex writer) const;

 private:
  std::vector<std::string> names_;
  std::map<std::string, NodeIndex, std::less<>> node_by_name_;
  // Duplicate names (which scenarios reject) map to their first index; the
  // shortcut is taken only when that cannot happen.
  bool names_unique_ = true;
};

}  // namespace holocron::reports
