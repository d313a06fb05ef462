// The store's true commit history of epoch lock objects, rebuilt from the
// StoreOpFacts that committed (applied PUTs and DELETEs of epoch keys). The
// safety checkers that reason about who was given an epoch (S1, S2, S6, S7)
// read it; a CheckerSet keeps one for all of them. It holds one small entry
// per epoch ever created, indexed by epoch (epochs are dense: each is one
// more than an existing one), so a committed write costs O(1).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/facts.hpp"
#include "reports/owner_index.hpp"

namespace holocron::reports {

class EpochLedger {
 public:
  struct EpochState {
    NodeIndex first_owner = kNoNode;    // owner of the first incarnation
    NodeIndex current_owner = kNoNode;  // owner of the latest incarnation
    bool exists = false;
    std::uint32_t creates = 0;  // incarnations: >1 means recreated after a delete
    Nanos created_ns = 0;       // the latest incarnation's commit
  };

  enum class ChangeKind : std::uint8_t {
    kNone,                 // not a committed write of an epoch key
    kCreated,              // the first incarnation of the key
    kRecreated,            // created again after it had been deleted
    kCreatedOverExisting,  // a create committed although the key existed
    kOverwritten,          // a non-create PUT replaced an existing lock object
    kDeleted,
    kDeletedMissing,  // a delete committed for a key we had no record of
  };

  struct Change {
    ChangeKind kind = ChangeKind::kNone;
    Epoch epoch = 0;
    NodeIndex writer = kNoNode;        // the node that sent the request
    NodeIndex owner_before = kNoNode;  // current owner before the write
    NodeIndex owner_after = kNoNode;   // owner recorded by the write (PUTs)
    bool was_newest = false;           // deletes: the key was the highest existing
  };

  void set_node_names(const std::vector<std::string>& names);

  // Applies one store fact and says what it changed. Facts that did not
  // commit or do not touch an epoch key return kNone.
  Change apply(const StoreOpFact& fact);

  [[nodiscard]] const EpochState* find(Epoch epoch) const;
  [[nodiscard]] std::optional<Epoch> newest_existing() const { return newest_; }

  // Maps an owner id from a lock body to a node index: the fallback when the
  // body named no owner, kNoNode when it named someone who is not a node.
  [[nodiscard]] NodeIndex owner_index(std::string_view owner, NodeIndex fallback) const {
    return owners_.owner_index(owner, fallback);
  }

 private:
  // Epochs below dense_.size() live in dense_; an epoch far beyond the
  // largest seen (a corrupt or hostile key) goes to sparse_ instead of
  // growing dense_ without bound.
  static constexpr Epoch kDenseGrowthMax = 1 << 16;
  // How many epochs past a new one dense_ grows to at once.
  static constexpr Epoch kDenseGrowthAhead = 1 << 10;

  // In line for an epoch the dense table holds (nearly every write): the
  // growth below, in the same function, cost every call its register saves.
  EpochState& state_for(Epoch epoch) {
    return epoch < dense_.size() ? dense_[epoch] : state_beyond_dense(epoch);
  }
  EpochState& state_beyond_dense(Epoch epoch);
  [[nodiscard]] std::optional<Epoch> newest_below(Epoch epoch) const;

  OwnerIndex owners_;
  std::vector<EpochState> dense_;
  std::map<Epoch, EpochState> sparse_;
  std::optional<Epoch> newest_;  // the highest epoch whose object exists
};

}  // namespace holocron::reports
