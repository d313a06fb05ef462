// CheckerSet: runs the enabled checkers and assembles the verdict.
#include "core/assert.hpp"
#include "reports/checkers.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {

CheckerSet::CheckerSet(const CheckerOptions& options)
    : options_(options),
      s1_(options),
      s2_(options),
      s3_(options),
      s4_(options),
      s5_(options),
      s6_(options),
      s7_(options),
      l1_(options),
      l2_(options) {
  s1_.share_ledger(&ledger_);
  s2_.share_ledger(&ledger_);
  s6_.share_ledger(&ledger_);
  s7_.share_ledger(&ledger_);
}

void CheckerSet::on_header(const RunHeader& header) {
  ledger_.set_node_names(header.node_names);
  if (on(Property::kS1)) s1_.on_header(header);
  if (on(Property::kS2)) s2_.on_header(header);
  if (on(Property::kS3)) s3_.on_header(header);
  if (on(Property::kS4)) s4_.on_header(header);
  if (on(Property::kS5)) s5_.on_header(header);
  if (on(Property::kS6)) s6_.on_header(header);
  if (on(Property::kS7)) s7_.on_header(header);
  if (on(Property::kL1)) l1_.on_header(header);
  if (on(Property::kL2)) l2_.on_header(header);
}

void CheckerSet::on_store_op(const StoreOpFact& fact) {
  if (!fact.injected.empty() && on(Property::kL2)) l2_.on_store_op(fact);
  // Only committed writes of epoch keys change the commit history; GETs,
  // LISTs and rejected requests (the vast majority) stop here.
  if (!fact.applied || !fact.epoch.has_value()) return;
  if (fact.op != OpKind::kPut && fact.op != OpKind::kDelete) return;
  const EpochLedger::Change change = ledger_.apply(fact);
  if (change.kind == EpochLedger::ChangeKind::kNone) return;
  if (on(Property::kS1)) s1_.on_change(change, fact);
  if (on(Property::kS6)) s6_.on_change(change, fact);
  if (on(Property::kS7)) s7_.on_change(change, fact);
}

void CheckerSet::on_lost_response(const LostResponseFact& fact) {
  if (on(Property::kL2)) l2_.on_lost_response(fact);
}

void CheckerSet::on_node_event(const NodeEventFact& fact) {
  if (on(Property::kS3)) s3_.observe(fact);
  // S5 reads only renewals, a rare kind: one comparison for the rest.
  if (fact.event->kind == EventKind::kLeaseExtended && on(Property::kS5)) {
    s5_.on_lease_extended(fact);
  }
}

void CheckerSet::on_lifecycle(const LifecycleFact& fact) {
  if (on(Property::kS3)) s3_.on_lifecycle(fact);
  if (on(Property::kS5)) s5_.on_lifecycle(fact);
  if (on(Property::kL2)) l2_.on_lifecycle(fact);
}

void CheckerSet::on_acting(const ActingFact& fact) {
  if (on(Property::kS2)) s2_.on_acting(fact);
  if (on(Property::kS5)) s5_.on_acting(fact);
  if (on(Property::kS7)) s7_.on_acting(fact);
  if (on(Property::kL1)) l1_.on_acting(fact);
  if (on(Property::kL2)) l2_.on_acting(fact);
}

void CheckerSet::on_fenced_write(const FencedWriteFact& fact) {
  if (on(Property::kS4)) s4_.on_fenced_write(fact);
  if (on(Property::kS5)) s5_.on_fenced_write(fact);
}

void CheckerSet::on_fault(const FaultFact& fact) {
  if (on(Property::kL1)) l1_.on_fault(fact);
  if (on(Property::kL2)) l2_.on_fault(fact);
}

void CheckerSet::on_assumption(const AssumptionFact& fact) {
  if (on(Property::kS5)) s5_.on_assumption(fact);
  if (on(Property::kL2)) l2_.on_assumption(fact);
}

void CheckerSet::on_run_end(const RunEnd& end) {
  if (on(Property::kS5)) s5_.on_run_end(end);
  if (on(Property::kL1)) l1_.on_run_end(end);
  if (on(Property::kL2)) l2_.on_run_end(end);
}

Verdict CheckerSet::verdict() const {
  Verdict verdict;
  for (Property property : kAllProperties) {
    PropertyResult& result = verdict.properties[property_index(property)];
    result.property = property;
    result.enabled = on(property);
  }
  const Checker* checkers[] = {&s1_, &s2_, &s3_, &s4_, &s5_, &s6_, &s7_, &l1_, &l2_};
  for (const Checker* checker : checkers) {
    if (on(checker->property())) checker->contribute(verdict);
  }
  finalize_verdict(verdict);
  return verdict;
}

}  // namespace holocron::reports
