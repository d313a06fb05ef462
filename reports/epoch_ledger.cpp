#include "reports/epoch_ledger.hpp"

#include "core/assert.hpp"

namespace holocron::reports {

void EpochLedger::set_node_names(const std::vector<std::string>& names) {
  node_by_name_.clear();
  for (std::size_t i = 0; i < names.size(); ++i) {
    node_by_name_.emplace(names[i], static_cast<NodeIndex>(i));
  }
  HOLO_ASSERT(node_by_name_.size() <= names.size());
}

NodeIndex EpochLedger::owner_index(std::string_view owner, NodeIndex fallback) const {
  if (owner.empty()) return fallback;
  const auto found = node_by_name_.find(owner);
  return found == node_by_name_.end() ? kNoNode : found->second;
}

EpochLedger::Change EpochLedger::apply(const StoreOpFact& fact) {
  Change change;
  if (!fact.applied || !fact.epoch.has_value()) return change;
  if (fact.op != OpKind::kPut && fact.op != OpKind::kDelete) return change;
  const Epoch epoch = *fact.epoch;
  change.epoch = epoch;
  change.writer = fact.node;
  EpochState& state = epochs_[epoch];
  change.owner_before = state.exists ? state.current_owner : kNoNode;

  if (fact.op == OpKind::kDelete) {
    if (!state.exists) {
      change.kind = ChangeKind::kDeletedMissing;
      return change;
    }
    HOLO_ASSERT(!existing_.empty());
    change.was_newest = *existing_.rbegin() == epoch;
    change.kind = ChangeKind::kDeleted;
    state.exists = false;
    existing_.erase(epoch);
    return change;
  }

  change.owner_after = owner_index(fact.owner_after, fact.node);
  const bool is_create = fact.condition == Condition::kIfNoneMatch || !state.exists;
  if (!is_create) {
    change.kind = ChangeKind::kOverwritten;
    state.current_owner = change.owner_after;
    return change;
  }
  if (state.exists) {
    change.kind = ChangeKind::kCreatedOverExisting;
  } else if (state.creates > 0) {
    change.kind = ChangeKind::kRecreated;
  } else {
    change.kind = ChangeKind::kCreated;
    state.first_owner = change.owner_after;
  }
  state.exists = true;
  state.creates += 1;
  state.current_owner = change.owner_after;
  state.created_ns = fact.true_ns;
  existing_.insert(epoch);
  HOLO_ASSERT(state.creates > 0);
  return change;
}

const EpochLedger::EpochState* EpochLedger::find(Epoch epoch) const {
  const auto found = epochs_.find(epoch);
  return found == epochs_.end() ? nullptr : &found->second;
}

std::optional<Epoch> EpochLedger::newest_existing() const {
  if (existing_.empty()) return std::nullopt;
  return *existing_.rbegin();
}

}  // namespace holocron::reports
