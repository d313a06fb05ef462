// The epoch ledger: one state per epoch whether the epoch first arrives far
// beyond the others (kept aside, as a hostile key would be) or in order.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "reports/epoch_ledger.hpp"

namespace holocron::reports {
namespace {

StoreOpFact create(Epoch epoch, NodeIndex node, Nanos true_ns) {
  StoreOpFact fact;
  fact.true_ns = true_ns;
  fact.node = node;
  fact.op = OpKind::kPut;
  fact.condition = Condition::kIfNoneMatch;
  fact.applied = true;
  fact.epoch = epoch;
  fact.owner_after = node == 0 ? "n0" : "n1";
  return fact;
}

StoreOpFact remove(Epoch epoch, NodeIndex node, Nanos true_ns) {
  StoreOpFact fact = create(epoch, node, true_ns);
  fact.op = OpKind::kDelete;
  fact.condition = Condition::kNone;
  fact.owner_after = {};
  return fact;
}

TEST_CASE("an epoch first seen far ahead keeps its state once the epochs below reach it") {
  EpochLedger ledger;
  ledger.set_node_names({"n0", "n1"});
  // Far beyond every epoch seen so far, so it is kept aside at first.
  const Epoch far = 200000;
  CHECK(ledger.apply(create(far, 0, 5)).kind == EpochLedger::ChangeKind::kCreated);
  // The epochs below grow towards it, then one just above it makes the
  // table reach it.
  for (Epoch epoch = 1; epoch < far; epoch += 1000) {
    REQUIRE(ledger.apply(create(epoch, 1, 10)).kind == EpochLedger::ChangeKind::kCreated);
  }
  REQUIRE(ledger.apply(create(far + 5, 1, 20)).kind == EpochLedger::ChangeKind::kCreated);
  const EpochLedger::EpochState* state = ledger.find(far);
  REQUIRE(state != nullptr);
  CHECK(state->exists);
  CHECK(state->creates == 1);
  CHECK(state->first_owner == 0);
  CHECK(state->created_ns == 5);
  // A second create of that epoch is a create over an existing object.
  CHECK(ledger.apply(create(far, 1, 30)).kind == EpochLedger::ChangeKind::kCreatedOverExisting);
  CHECK(ledger.find(far)->creates == 2);
  CHECK(ledger.newest_existing() == far + 5);
  // Deleting the newest falls back to the highest that still exists: far.
  const EpochLedger::Change deleted = ledger.apply(remove(far + 5, 1, 40));
  CHECK(deleted.kind == EpochLedger::ChangeKind::kDeleted);
  CHECK(deleted.was_newest);
  CHECK(ledger.newest_existing() == far);
}

TEST_CASE("epochs kept aside stay apart from the table while it has not reached them") {
  EpochLedger ledger;
  ledger.set_node_names({"n0", "n1"});
  const Epoch far = 1000000;
  CHECK(ledger.apply(create(far, 0, 5)).kind == EpochLedger::ChangeKind::kCreated);
  CHECK(ledger.apply(create(3, 1, 6)).kind == EpochLedger::ChangeKind::kCreated);
  CHECK(ledger.find(far)->first_owner == 0);
  CHECK(ledger.find(3)->first_owner == 1);
  CHECK(ledger.find(4) == nullptr);
  CHECK(ledger.find(far - 1) == nullptr);
  CHECK(ledger.newest_existing() == far);
  CHECK(ledger.apply(remove(far, 0, 7)).was_newest);
  CHECK(ledger.newest_existing() == 3);
}

}  // namespace
}  // namespace holocron::reports
