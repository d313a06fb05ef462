// L1 (a leader within the bound after the last fault heals) and L2 (with no
// faults, stable's leader changes tend to zero). Both are judged at run end
// from what was recorded as the run went.
#include <algorithm>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/checkers.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {

LivenessChecker::LivenessChecker(const CheckerOptions& options) : Checker(Property::kL1, options) {}

void LivenessChecker::on_header(const RunHeader& header) {
  Checker::on_header(header);
  bound_ns_ = options().liveness_bound_ns;
  if (bound_ns_ == 0) bound_ns_ = header.liveness_bound_ns;
  if (bound_ns_ == 0) {
    bound_ns_ = header.lease_ns + header.poll_interval_ns + 4 * kDefaultRoundTripP99Ns;
  }
  HOLO_ASSERT(bound_ns_ > 0);
  node_acting_.assign(header.node_names.size(), 0);
  acting_count_ = 0;
  leaderless_since_ns_ = 0;
  leaderless_.clear();
}

void LivenessChecker::on_acting(const ActingFact& fact) {
  HOLO_ASSERT(fact.node < node_acting_.size());
  std::uint8_t& acting = node_acting_[fact.node];
  if (fact.started) {
    if (acting != 0) return;
    acting = 1;
    // Only a gap longer than the bound can break L1, whatever the heal
    // instant turns out to be; the others are not kept (a naive run has a
    // gap at nearly every handover).
    if (acting_count_ == 0 && fact.true_ns - leaderless_since_ns_ > bound_ns_) {
      leaderless_.emplace_back(leaderless_since_ns_, fact.true_ns);
    }
    ++acting_count_;
    return;
  }
  if (acting == 0) return;
  acting = 0;
  HOLO_ASSERT(acting_count_ > 0);
  --acting_count_;
  if (acting_count_ == 0) leaderless_since_ns_ = fact.true_ns;
}

void LivenessChecker::on_fault(const FaultFact& fact) {
  last_heal_ns_ = std::max({last_heal_ns_, fact.true_ns, fact.until_ns});
}

void LivenessChecker::on_run_end(const RunEnd& end) {
  if (acting_count_ == 0) leaderless_.emplace_back(leaderless_since_ns_, kNanosMax);
  const Nanos heal_ns = std::max(last_heal_ns_, end.last_fault_heal_ns);
  // Every leaderless stretch after the heal is judged, not only the one the
  // heal falls in: a cluster that elects a leader in time and later loses it
  // for good, with no fault to explain it, breaks liveness all the same.
  // With faults at a steady rate there is no fault-free tail to judge (a
  // lost renewal may cost a failover longer than the bound), so only the
  // stretch the heal falls in is.
  for (const auto& [start_ns, end_ns] : leaderless_) {
    if (end_ns <= heal_ns) continue;  // before the heal: faults explain it
    if (end.steady_faults && start_ns > heal_ns) break;
    judge_gap(std::max(start_ns, heal_ns), end_ns, start_ns, heal_ns, end.end_ns);
  }
}

void LivenessChecker::judge_gap(Nanos from_ns, Nanos until_ns, Nanos since_ns, Nanos heal_ns,
                                Nanos run_end_ns) {
  HOLO_ASSERT(from_ns >= heal_ns);
  HOLO_ASSERT(until_ns > from_ns);
  const Nanos deadline_ns = saturating_add(from_ns, bound_ns_);
  if (until_ns <= deadline_ns) return;
  // What the stretch is measured from: the heal (or the run's start), or,
  // for a stretch that began later, its own start.
  const std::string reference = heal_ns == 0 ? std::string("the start of the run")
                                             : "the last fault healed at " + duration_text(heal_ns);
  const bool began_before_heal = since_ns <= heal_ns;
  if (deadline_ns > run_end_ns) {
    // The run ended before the bound elapsed. Only a stretch that holds the
    // heal is worth a note: a later one cut short by the end (every run's
    // leader stops acting at the end) says nothing yet.
    if (!began_before_heal) return;
    note(fmt::format(
        "{} no leader since {} and the run ended at {}, before the bound of {} after {} elapsed",
        kInconclusiveNotePrefix, duration_text(since_ns), duration_text(run_end_ns),
        duration_text(bound_ns_), reference));
    return;
  }
  if (!will_store_else_count()) return;
  Violation violation = new_violation(deadline_ns);
  const std::string until = until_ns == kNanosMax
                                ? fmt::format("the end of the run at {}", duration_text(run_end_ns))
                                : duration_text(until_ns);
  violation.message =
      began_before_heal
          ? fmt::format(
                "no node acted as leader from {} until {}: more than the bound of {} after {}",
                duration_text(since_ns), until, duration_text(bound_ns_), reference)
          : fmt::format(
                "no node acted as leader from {} until {}: longer than the bound of {}, "
                "with no fault left to heal since {}",
                duration_text(since_ns), until, duration_text(bound_ns_),
                heal_ns == 0 ? std::string("the start of the run") : duration_text(heal_ns));
  record(std::move(violation));
}

StabilityChecker::StabilityChecker(const CheckerOptions& options)
    : Checker(Property::kL2, options) {}

void StabilityChecker::on_acting(const ActingFact& fact) {
  if (!fact.started) return;
  if (last_leader_ != kNoNode && fact.node != last_leader_) {
    ++leader_changes_;
    // The change that exceeds the allowance is the violation's instant; the
    // allowance depends on the run's length, so keep every change's details
    // (stable without faults has few; other algorithms are not tracked).
    if (header().algorithm == Algorithm::kStable && changes_.size() < kChangesKeptMax) {
      changes_.push_back({fact.true_ns, last_leader_, fact.node, fact.epoch});
    }
  }
  last_leader_ = fact.node;
}

void StabilityChecker::on_store_op(const StoreOpFact& fact) {
  // A 409 ConditionalRequestConflict is how S3 answers two conditional
  // writes racing for one key, which elections do in fault-free runs too;
  // every other injected status (500, 503, brownouts) is a fault.
  if (!fact.injected.empty() && fact.status != Status::kConflict) faulty_ = true;
}

void StabilityChecker::on_lost_response(const LostResponseFact& fact) {
  // Lost after commit, or dropped by a partition: faults. A timeout alone is
  // a slow store (the latency model's tail), which fault-free runs have too.
  if (fact.cause != "timeout") faulty_ = true;
}

void StabilityChecker::on_fault(const FaultFact& fact) {
  (void)fact;
  faulty_ = true;
}

void StabilityChecker::on_assumption(const AssumptionFact& fact) {
  (void)fact;
  faulty_ = true;
}

void StabilityChecker::on_lifecycle(const LifecycleFact& fact) {
  if (fact.kind == LifecycleKind::kStarted || fact.kind == LifecycleKind::kStopped) return;
  faulty_ = true;
}

void StabilityChecker::on_run_end(const RunEnd& end) {
  if (header().algorithm != Algorithm::kStable) return;
  if (faulty_) {
    note("not judged: the run had faults");
    return;
  }
  const Nanos length_ns = header().duration_ns > 0 ? header().duration_ns : end.end_ns;
  const std::uint64_t allowed =
      options().l2_changes_allowed +
      options().l2_changes_allowed_per_hour * static_cast<std::uint64_t>(length_ns / kNanosPerHour);
  if (leader_changes_ <= allowed) return;
  HOLO_ASSERT(!changes_.empty());
  const Change& change = changes_[std::min<std::size_t>(allowed, changes_.size() - 1)];
  if (!will_store_else_count()) return;
  Violation violation = new_violation(change.at_ns);
  violation.nodes = {change.from, change.to};
  violation.epochs = {change.epoch};
  violation.message = fmt::format(
      "stable changed leader {} times in a run with no faults (allowed: {}); change {} was {} -> "
      "{} at {} (epoch {})",
      leader_changes_, allowed, allowed + 1, node_label(change.from), node_label(change.to),
      duration_text(change.at_ns), change.epoch);
  record(std::move(violation));
}

}  // namespace holocron::reports
