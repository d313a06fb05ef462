// The store's true commit history of epoch lock objects, rebuilt from the
// StoreOpFacts that committed (applied PUTs and DELETEs of epoch keys). The
// safety checkers that reason about who was given an epoch (S1, S2, S6, S7)
// each keep one: it is small (one entry per epoch ever created) and costs a
// map operation per committed epoch write, which is rare next to GETs and
// LISTs.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "reports/facts.hpp"

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
  [[nodiscard]] std::optional<Epoch> newest_existing() const;

  // Maps an owner id from a lock body to a node index: the fallback when the
  // body named no owner, kNoNode when it named someone who is not a node.
  [[nodiscard]] NodeIndex owner_index(std::string_view owner, NodeIndex fallback) const;

 private:
  std::map<std::string, NodeIndex, std::less<>> node_by_name_;
  std::map<Epoch, EpochState> epochs_;
  std::set<Epoch> existing_;
};

}  // namespace holocron::reports
