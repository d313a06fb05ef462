#include "reports/owner_index.hpp"

#include <bit>
#include <functional>

#include "core/assert.hpp"

namespace holocron::reports {

std::size_t OwnerIndex::first_slot(std::string_view name) const {
  // A power of two (set_node_names): std::has_single_bit here cost a call to
  // the runtime's popcount per name without -mpopcnt.
  HOLO_ASSERT(!slots_.empty());
  return std::hash<std::string_view>{}(name) & (slots_.size() - 1);
}

void OwnerIndex::set_node_names(const std::vector<std::string>& names) {
  names_ = names;
  slots_.assign(std::bit_ceil(2 * names_.size() + 2), kNoNode);
  HOLO_ASSERT(std::has_single_bit(slots_.size()));
  names_unique_ = true;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    // The first of equal names keeps the slot: that is the one a lookup
    // returns.
    for (std::size_t slot = first_slot(names_[i]);; slot = (slot + 1) & (slots_.size() - 1)) {
      if (slots_[slot] == kNoNode) {
        slots_[slot] = static_cast<NodeIndex>(i);
        break;
      }
      if (names_[slots_[slot]] == names_[i]) {
        names_unique_ = false;
        break;
      }
    }
  }
}

NodeIndex OwnerIndex::probe(std::string_view owner) const {
  HOLO_ASSERT(!owner.empty());
  if (slots_.empty()) return kNoNode;  // no names set
  for (std::size_t slot = first_slot(owner);; slot = (slot + 1) & (slots_.size() - 1)) {
    const NodeIndex node = slots_[slot];
    if (node == kNoNode) return kNoNode;
    HOLO_ASSERT(node < names_.size());
    if (names_[node] == owner) return node;
  }
}

}  // namespace holocron::reports
