// The checkers that judge the store's commit history of epoch objects:
// S1 (one winner per epoch), S2 (acting only on granted epochs), S6 (only the
// owner changes its lock) and S7 (the newest epoch is never deleted; a
// recreated key never makes anyone act).
#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/checkers.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {

LedgerChecker::LedgerChecker(Property property, const CheckerOptions& options)
    : Checker(property, options) {}

void LedgerChecker::on_header(const RunHeader& header) {
  Checker::on_header(header);
  // A shared ledger is named by its owner (CheckerSet); this checker's own
  // one is then never read, and naming it cost about 180,000 instructions
  // per checker at a thousand nodes.
  if (ledger_ == &own_) own_.set_node_names(header.node_names);
}

void LedgerChecker::on_store_op(const StoreOpFact& fact) {
  HOLO_ASSERT(ledger_ == &own_);  // a shared ledger is applied by its owner
  const EpochLedger::Change change = own_.apply(fact);
  if (change.kind != EpochLedger::ChangeKind::kNone) on_change(change, fact);
}

void LedgerChecker::share_ledger(const EpochLedger* shared) {
  HOLO_ASSERT(shared != nullptr);
  ledger_ = shared;
}

SingleWinnerChecker::SingleWinnerChecker(const CheckerOptions& options)
    : LedgerChecker(Property::kS1, options) {}

void SingleWinnerChecker::on_change(const EpochLedger::Change& change, const StoreOpFact& fact) {
  if (change.kind != EpochLedger::ChangeKind::kCreatedOverExisting) return;
  if (!will_store_else_count()) return;
  Violation violation = new_violation(fact.true_ns);
  violation.nodes = {change.owner_before, change.owner_after};
  violation.epochs = {change.epoch};
  violation.message = fmt::format(
      "epoch {} has two winners: its lock object, created by {}, still existed when a create "
      "by {} committed at {}",
      change.epoch, node_label(change.owner_before), node_label(change.writer),
      duration_text(fact.true_ns));
  record(std::move(violation));
}

GrantedEpochChecker::GrantedEpochChecker(const CheckerOptions& options)
    : LedgerChecker(Property::kS2, options) {}

void GrantedEpochChecker::on_acting(const ActingFact& fact) {
  if (!fact.started) return;
  const EpochLedger::EpochState* state = ledger().find(fact.epoch);
  const bool granted = state != nullptr && state->creates > 0 &&
                       (state->first_owner == fact.node || state->current_owner == fact.node);
  if (granted) return;
  if (!will_store_else_count()) return;
  Violation violation = new_violation(fact.true_ns);
  violation.nodes = {fact.node};
  violation.epochs = {fact.epoch};
  if (state == nullptr || state->creates == 0) {
    violation.message = fmt::format(
        "{} started acting as leader of epoch {} at {}, but no create of that epoch "
        "ever committed",
        node_label(fact.node), fact.epoch, duration_text(fact.true_ns));
  } else {
    violation.nodes.push_back(state->current_owner);
    violation.message = fmt::format(
        "{} started acting as leader of epoch {} at {}, but the store gave that epoch to {}",
        node_label(fact.node), fact.epoch, duration_text(fact.true_ns),
        node_label(state->current_owner));
  }
  record(std::move(violation));
}

LockOwnerChecker::LockOwnerChecker(const CheckerOptions& options)
    : LedgerChecker(Property::kS6, options) {}

void LockOwnerChecker::on_change(const EpochLedger::Change& change, const StoreOpFact& fact) {
  if (change.kind != EpochLedger::ChangeKind::kOverwritten) return;
  const bool by_owner = change.writer == change.owner_before;
  const bool owner_kept = change.owner_after == change.owner_before;
  if (by_owner && owner_kept) return;
  if (!will_store_else_count()) return;
  Violation violation = new_violation(fact.true_ns);
  violation.nodes = {change.writer, change.owner_before};
  violation.epochs = {change.epoch};
  if (!by_owner) {
    violation.message =
        fmt::format("{} changed the lock object of epoch {} at {}, which belongs to {}",
                    node_label(change.writer), change.epoch, duration_text(fact.true_ns),
                    node_label(change.owner_before));
  } else {
    violation.nodes.push_back(change.owner_after);
    violation.message =
        fmt::format("{} rewrote its lock object of epoch {} at {} naming {} as the owner",
                    node_label(change.writer), change.epoch, duration_text(fact.true_ns),
                    node_label(change.owner_after));
  }
  record(std::move(violation));
}

NewestEpochChecker::NewestEpochChecker(const CheckerOptions& options)
    : LedgerChecker(Property::kS7, options) {}

void NewestEpochChecker::on_change(const EpochLedger::Change& change, const StoreOpFact& fact) {
  if (change.kind != EpochLedger::ChangeKind::kDeleted || !change.was_newest) return;
  if (!will_store_else_count()) return;
  Violation violation = new_violation(fact.true_ns);
  violation.nodes = {change.writer};
  violation.epochs = {change.epoch};
  violation.message =
      fmt::format("{} deleted epoch {} at {} while it was the newest epoch object",
                  node_label(change.writer), change.epoch, duration_text(fact.true_ns));
  record(std::move(violation));
}

void NewestEpochChecker::on_acting(const ActingFact& fact) {
  if (!fact.started) return;
  const EpochLedger::EpochState* state = ledger().find(fact.epoch);
  if (state == nullptr || state->creates < 2) return;
  if (!will_store_else_count()) return;
  Violation violation = new_violation(fact.true_ns);
  violation.nodes = {fact.node};
  if (state->current_owner != fact.node) violation.nodes.push_back(state->current_owner);
  violation.epochs = {fact.epoch};
  violation.message = fmt::format(
      "{} started acting as leader of epoch {} at {}, a key that was deleted and recreated "
      "(latest create by {} at {})",
      node_label(fact.node), fact.epoch, duration_text(fact.true_ns),
      node_label(state->current_owner), duration_text(state->created_ns));
  record(std::move(violation));
}

}  // namespace holocron::reports
