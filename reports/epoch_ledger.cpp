#include "reports/epoch_ledger.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace holocron::reports {

void EpochLedger::set_node_names(const std::vector<std::string>& names) {
  owners_.set_node_names(names);
}

EpochLedger::EpochState& EpochLedger::state_beyond_dense(Epoch epoch) {
  HOLO_ASSERT(epoch >= dense_.size());
  if (epoch - dense_.size() < kDenseGrowthMax) {
    // Grown a block of epochs ahead, not to epoch + 1: epochs come one more
    // at a time, and a resize per new epoch cost about a hundred
    // instructions each. The states past the highest epoch written are
    // empty, as find() expects of an epoch never written. (Not doubled: a
    // few hostile keys would then grow the table exponentially.)
    dense_.resize(epoch + kDenseGrowthAhead);
    // Sparse epochs the dense table now covers move into it: an epoch must
    // have one state, not a stale one in sparse_ and a fresh one here, and
    // newest_below relies on every sparse epoch being above every dense one.
    auto covered = sparse_.begin();
    while (covered != sparse_.end() && covered->first < dense_.size()) {
      dense_[covered->first] = covered->second;
      covered = sparse_.erase(covered);
    }
    return dense_[epoch];
  }
  return sparse_[epoch];
}

const EpochLedger::EpochState* EpochLedger::find(Epoch epoch) const {
  if (epoch < dense_.size()) {
    const EpochState& state = dense_[epoch];
    return state.creates == 0 && !state.exists ? nullptr : &state;
  }
  const auto found = sparse_.find(epoch);
  return found == sparse_.end() ? nullptr : &found->second;
}

std::optional<Epoch> EpochLedger::newest_below(Epoch epoch) const {
  // Sparse epochs are above every dense one.
  for (auto it = sparse_.lower_bound(epoch); it != sparse_.begin();) {
    --it;
    if (it->second.exists) return it->first;
  }
  for (Epoch candidate = std::min<Epoch>(epoch, dense_.size()); candidate > 0;) {
    --candidate;
    if (dense_[candidate].exists) return candidate;
  }
  return std::nullopt;
}

EpochLedger::Change EpochLedger::apply(const StoreOpFact& fact) {
  Change change;
  if (!fact.applied || !fact.epoch.has_value()) return change;
  if (fact.op != OpKind::kPut && fact.op != OpKind::kDelete) return change;
  const Epoch epoch = *fact.epoch;
  change.epoch = epoch;
  change.writer = fact.node;
  EpochState& state = state_for(epoch);
  change.owner_before = state.exists ? state.current_owner : kNoNode;

  if (fact.op == OpKind::kDelete) {
    if (!state.exists) {
      change.kind = ChangeKind::kDeletedMissing;
      return change;
    }
    HOLO_ASSERT(newest_.has_value());
    change.was_newest = *newest_ == epoch;
    change.kind = ChangeKind::kDeleted;
    state.exists = false;
    // Deleting the newest is itself a violation (S7), so this scan is rare.
    if (change.was_newest) newest_ = newest_below(epoch);
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
  if (!newest_ || epoch > *newest_) newest_ = epoch;
  HOLO_ASSERT(state.creates > 0);
  return change;
}

}  // namespace holocron::reports
