#include "reports/owner_index.hpp"

#include "core/assert.hpp"

namespace holocron::reports {

void OwnerIndex::set_node_names(const std::vector<std::string>& names) {
  node_by_name_.clear();
  names_ = names;
  node_by_name_.reserve(names_.size());
  // emplace keeps the first of equal names, and that is the one a lookup
  // returns.
  for (std::size_t i = 0; i < names_.size(); ++i) {
    node_by_name_.emplace(names_[i], static_cast<NodeIndex>(i));
  }
  HOLO_ASSERT(node_by_name_.size() <= names_.size());
  names_unique_ = node_by_name_.size() == names_.size();
}

NodeIndex OwnerIndex::owner_index(std::string_view owner, NodeIndex writer) const {
  if (owner.empty()) return writer;
  if (names_unique_ && writer < names_.size() && names_[writer] == owner) return writer;
  const auto found = node_by_name_.find(owner);
  if (found == node_by_name_.end()) return kNoNode;
  HOLO_ASSERT(found->second < names_.size());
  return found->second;
}

}  // namespace holocron::reports
