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
    if (acting_count_ == 0) leaderless_.emplace_back(leaderless_since_ns_, fact.true_ns);
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
  const Nanos deadline_ns = saturating_add(heal_ns, bound_ns_);
  // The leaderless interval that contains the heal instant, if any.
  const auto after = std::upper_bound(
      leaderless_.begin(), leaderless_.end(), heal_ns,
      [](Nanos at_ns, const std::pair<Nanos, Nanos>& interval) { return at_ns < interval.first; });
  if (after == leaderless_.begin()) return;
  const std::pair<Nanos, Nanos>& gap = *(after - 1);
  if (gap.second <= heal_ns) return;  // a leader was acting when the last fault healed
  if (gap.second <= deadline_ns) return;
  if (deadline_ns > end.end_ns) {
    note(
        fmt::format("inconclusive: no leader since {} and the run ended at {}, before the bound "
                    "of {} after the last heal at {} elapsed",
                    duration_text(gap.first), duration_text(end.end_ns), duration_text(bound_ns_),
                    duration_text(heal_ns)));
    return;
  }
  if (!will_store_else_count()) return;
  Violation violation = new_violation(deadline_ns);
  const std::string until = gap.second == kNanosMax
                                ? fmt::format("the end of the run at {}", duration_text(end.end_ns))
                                : duration_text(gap.second);
  violation.message = fmt::format(
      "no node acted as leader from {} until {}: more than the bound of {} after the last fault "
      "healed at {}",
      duration_text(gap.first), until, duration_text(bound_ns_), duration_text(heal_ns));
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
