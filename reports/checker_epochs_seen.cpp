// S3: the highest epoch a node has seen never decreases, across garbage
// collection and restarts.
#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/checkers.hpp"
#include "reports/names.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {

EpochsSeenChecker::EpochsSeenChecker(const CheckerOptions& options)
    : Checker(Property::kS3, options) {}

void EpochsSeenChecker::on_header(const RunHeader& header) {
  Checker::on_header(header);
  highest_seen_.assign(header.node_names.size(), 0);
  lifetimes_.assign(header.node_names.size(), Lifetime{});
}

void EpochsSeenChecker::on_lifecycle(const LifecycleFact& fact) {
  if (fact.kind != LifecycleKind::kRestarted && fact.kind != LifecycleKind::kResumed) return;
  HOLO_ASSERT(fact.node < lifetimes_.size());
  Lifetime& lifetime = lifetimes_[fact.node];
  lifetime.restarted = true;
  lifetime.highest_before_lifetime = highest_seen_[fact.node];
  any_restarted_ = true;
}

void EpochsSeenChecker::on_node_event(const NodeEventFact& fact) {
  observe(fact);
}

void EpochsSeenChecker::report_leader_below_seen(const NodeEventFact& fact, Epoch highest_seen) {
  const Event& event = *fact.event;
  HOLO_ASSERT(event.kind == EventKind::kBecameLeader);
  HOLO_ASSERT(event.epoch < highest_seen);
  if (!will_store_else_count()) return;
  Violation violation = new_violation(fact.true_ns);
  violation.nodes = {fact.node};
  violation.epochs = {event.epoch, highest_seen};
  violation.message =
      fmt::format("{} became leader of epoch {} at {} after it had already seen epoch {}",
                  node_label(fact.node), event.epoch, duration_text(fact.true_ns), highest_seen);
  record(std::move(violation));
}

void EpochsSeenChecker::observe_attempt_after_restart(const NodeEventFact& fact) {
  HOLO_ASSERT(any_restarted_);
  HOLO_ASSERT(fact.node < highest_seen_.size());
  check_attempt_after_restart(fact);
  note_attempt(*fact.event, highest_seen_[fact.node]);
}

void EpochsSeenChecker::check_attempt_after_restart(const NodeEventFact& fact) {
  const Event& event = *fact.event;
  HOLO_ASSERT(event.kind == EventKind::kAttemptEnded);
  HOLO_ASSERT(fact.node < lifetimes_.size());
  Lifetime& node = lifetimes_[fact.node];
  const bool stale_attempt = node.restarted && event.epoch <= node.highest_before_lifetime;
  // One report per offending epoch: a create is retried several times.
  if (stale_attempt && event.epoch != node.highest_attempt_fired) {
    node.highest_attempt_fired = event.epoch;
    if (will_store_else_count()) {
      Violation violation = new_violation(fact.true_ns);
      violation.nodes = {fact.node};
      violation.epochs = {event.epoch, node.highest_before_lifetime};
      violation.message = fmt::format(
          "{} tried to create epoch {} (ended {} at {}) after a restart, although before "
          "the restart it had seen epoch {}",
          node_label(fact.node), event.epoch, attempt_outcome_name(event.attempt),
          duration_text(fact.true_ns), node.highest_before_lifetime);
      record(std::move(violation));
    }
  }
}

}  // namespace holocron::reports
