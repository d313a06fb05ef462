#include "reports/owner_index.hpp"

#include "core/assert.hpp"

namespace holocron::reports {

void OwnerIndex::set_node_names(const std::vector<std::string>& names) {
  names_ = names;
  node_by_name_.clear();
  for (std::size_t i = 0; i < names.size(); ++i) {
    node_by_name_.emplace(names[i], static_cast<NodeIndex>(i));
  }
  HOLO_ASSERT(node_by_name_.size() <= names.size());
  names_unique_ = node_by_name_.size() == names.size();
}

NodeIndex OwnerIndex::owner_index(std::string_view owner, NodeIndex writer) const {
  if (owner.empty()) return writer;
  if (names_unique_ && writer < names_.size() && names_[writer] == owner) return writer;
  const auto found = node_by_name_.find(owner);
  HOLO_ASSERT(found == node_by_name_.end() || found->second < names_.size());
  return found == node_by_name_.end() ? kNoNode : found->second;
}

}  // namespace holocron::reports
