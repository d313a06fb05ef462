// S5: no two nodes act as leader at the same true instant while the run stays
// within the algorithm's assumptions; zombie writes to the fenced resource.
#include <algorithm>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/checkers.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {

OverlapChecker::OverlapChecker(const CheckerOptions& options) : Checker(Property::kS5, options) {}

void OverlapChecker::on_header(const RunHeader& header) {
  Checker::on_header(header);
  window_ns_ = options().assumption_window_ns;
  if (window_ns_ == 0) window_ns_ = kAssumptionWindowLeases * std::max(header.lease_ns, seconds(1));
  HOLO_ASSERT(window_ns_ > 0);
  acting_.clear();
  pending_.clear();
  taints_.assign(header.node_names.size(), Taint{});
  global_taint_ = Taint{};
  any_taint_ = false;
  paused_since_.assign(header.node_names.size(), kNotPaused);
}

const OverlapChecker::Taint* OverlapChecker::taint_at(NodeIndex node, Nanos at_ns) const {
  if (!any_taint_) return nullptr;
  if (node < taints_.size()) {
    const Taint& taint = taints_[node];
    if (taint.since_ns <= at_ns && at_ns <= taint.until_ns) return &taint;
  }
  if (global_taint_.since_ns <= at_ns && at_ns <= global_taint_.until_ns) return &global_taint_;
  return nullptr;
}

void OverlapChecker::confirm_pending(Nanos now_ns) {
  if (pending_.empty() || pending_.front().at_ns >= now_ns) return;
  for (const PendingOverlap& overlap : pending_) {
    HOLO_ASSERT(overlap.at_ns == pending_.front().at_ns);
    report_overlap(overlap);
  }
  pending_.clear();
}

void OverlapChecker::report_overlap(const PendingOverlap& overlap) {
  // Without any assumption broken yet (a naive run), no call at all.
  const Taint* taint = nullptr;
  if (any_taint_) {
    taint = taint_at(overlap.started.node, overlap.at_ns);
    if (taint == nullptr) taint = taint_at(overlap.other.node, overlap.at_ns);
  }
  const bool outside = taint != nullptr;
  if (!will_store()) {
    count_unstored(outside);
    return;
  }
  store_overlap(overlap, taint);
}

void OverlapChecker::store_overlap(const PendingOverlap& overlap, const Taint* taint) {
  HOLO_ASSERT(will_store());
  const bool outside = taint != nullptr;
  Violation violation = new_violation(overlap.at_ns);
  violation.nodes = {overlap.other.node, overlap.started.node};
  violation.epochs = {overlap.other.epoch, overlap.started.epoch};
  violation.message = fmt::format("{} (epoch {}) and {} (epoch {}) both act as leader from {}",
                                  node_label(overlap.other.node), overlap.other.epoch,
                                  node_label(overlap.started.node), overlap.started.epoch,
                                  duration_text(overlap.at_ns));
  if (outside) {
    violation.outside_assumptions = true;
    violation.assumption = taint->assumption;
  }
  record(std::move(violation));
}

void OverlapChecker::on_acting(const ActingFact& fact) {
  HOLO_ASSERT(fact.node < taints_.size());
  confirm_pending(fact.true_ns);
  const auto same_node = [&](const Acting& acting) { return acting.node == fact.node; };
  // A node acts for one epoch at a time: a start while acting replaces the
  // previous epoch.
  acting_.erase(std::remove_if(acting_.begin(), acting_.end(), same_node), acting_.end());
  if (fact.started) {
    const Acting started{fact.node, fact.epoch};
    for (const Acting& other : acting_) pending_.push_back({fact.true_ns, started, other});
    acting_.push_back(started);
    return;
  }
  // A taint held while the node acted ends a window after its acting does.
  end_taint_while_acting(taints_[fact.node], fact.true_ns, window_ns_);
  // An end at the instant of a pending start means the intervals only touch.
  pending_.erase(std::remove_if(pending_.begin(), pending_.end(),
                                [&](const PendingOverlap& overlap) {
                                  return overlap.at_ns == fact.true_ns &&
                                         (overlap.started.node == fact.node ||
                                          overlap.other.node == fact.node);
                                }),
                 pending_.end());
}

void OverlapChecker::on_fenced_write(const FencedWriteFact& fact) {
  confirm_pending(fact.true_ns);
  if (fact.writer_acting) return;
  const auto other = std::find_if(acting_.begin(), acting_.end(),
                                  [&](const Acting& acting) { return acting.node != fact.node; });
  if (other == acting_.end()) return;
  if (!fact.accepted) {
    if (note_pending()) {
      note(
          fmt::format("fencing held: {} no longer acted as leader but wrote with token {} at {} "
                      "while {} led epoch {}; the resource rejected it",
                      node_label(fact.node), fact.token, duration_text(fact.true_ns),
                      node_label(other->node), other->epoch));
    } else {
      count_note();
    }
    return;
  }
  const Taint* taint = taint_at(fact.node, fact.true_ns);
  if (taint == nullptr) taint = taint_at(other->node, fact.true_ns);
  if (!will_store()) {
    count_unstored(taint != nullptr);
    return;
  }
  Violation violation = new_violation(fact.true_ns);
  violation.nodes = {fact.node, other->node};
  violation.epochs = {fact.token, other->epoch};
  violation.message = fmt::format(
      "{} no longer acted as leader but its write with token {} was accepted at {} while {} "
      "led epoch {}",
      node_label(fact.node), fact.token, duration_text(fact.true_ns), node_label(other->node),
      other->epoch);
  if (taint != nullptr) {
    violation.outside_assumptions = true;
    violation.assumption = taint->assumption;
  }
  record(std::move(violation));
}

void OverlapChecker::end_taint_while_acting(Taint& taint, Nanos now_ns, Nanos window_ns) {
  if (!taint.while_acting) return;
  taint.while_acting = false;
  if (!taint.for_the_run) taint.until_ns = now_ns + window_ns;
}

void OverlapChecker::on_lease_extended(const NodeEventFact& fact) {
  HOLO_ASSERT(fact.event->kind == EventKind::kLeaseExtended);
  HOLO_ASSERT(fact.node < taints_.size());
  end_taint_while_acting(taints_[fact.node], fact.true_ns, window_ns_);
}

void OverlapChecker::on_assumption(const AssumptionFact& fact) {
  HOLO_ASSERT(fact.node == kNoNode || fact.node < taints_.size());
  Taint& taint = fact.node == kNoNode ? global_taint_ : taints_[fact.node];
  any_taint_ = true;
  const bool active = taint.since_ns <= fact.true_ns && fact.true_ns <= taint.until_ns;
  if (!active) taint.since_ns = fact.true_ns;
  // A drift beyond the bound lasts the run: a window after the fact would
  // judge the drifting node's later overlaps as if its lease timing held.
  if (fact.assumption == kAssumptionDriftBound) taint.for_the_run = true;
  taint.until_ns =
      taint.for_the_run ? kNanosMax : std::max(taint.until_ns, fact.true_ns + window_ns_);
  // A leader whose clock breaks goes on acting on beliefs formed across the
  // break (a step back of an hour moves its deadline an hour away, and its
  // next renewal too): every overlap of that acting interval is outside the
  // assumptions, however long after the break it begins, until the interval
  // ends or a renewal measured after the break sets a new deadline.
  const bool acting = std::any_of(acting_.begin(), acting_.end(),
                                  [&](const Acting& entry) { return entry.node == fact.node; });
  if (fact.node != kNoNode && acting) {
    taint.while_acting = true;
    taint.until_ns = kNanosMax;
  }
  // The latest break names the window: it is the one a reader will look for.
  taint.assumption =
      fmt::format("{} on {} at {}{}{}", fact.assumption, node_label(fact.node),
                  duration_text(fact.true_ns), fact.detail.empty() ? "" : ": ", fact.detail);
}

void OverlapChecker::on_lifecycle(const LifecycleFact& fact) {
  if (fact.node >= paused_since_.size()) return;
  if (fact.kind == LifecycleKind::kPaused) {
    paused_since_[fact.node] = fact.true_ns;
    return;
  }
  if (fact.kind != LifecycleKind::kUnpaused && fact.kind != LifecycleKind::kCrashed) return;
  const Nanos since_ns = paused_since_[fact.node];
  paused_since_[fact.node] = kNotPaused;
  if (since_ns == kNotPaused || fact.kind == LifecycleKind::kCrashed) return;
  // A node that was outside the assumptions at any time during its pause
  // wakes up with beliefs from that time: keep it outside for a window more.
  Taint& taint = taints_[fact.node];
  const Taint* during = nullptr;
  if (taint.until_ns >= since_ns && taint.since_ns <= fact.true_ns) {
    during = &taint;
  } else if (global_taint_.until_ns >= since_ns && global_taint_.since_ns <= fact.true_ns) {
    during = &global_taint_;
  }
  if (during == nullptr) return;
  if (during != &taint) {
    taint.since_ns = fact.true_ns;
    taint.assumption = during->assumption;
  }
  taint.until_ns = std::max(taint.until_ns, fact.true_ns + window_ns_);
}

void OverlapChecker::on_run_end(const RunEnd& end) {
  (void)end;
  confirm_pending(kNanosMax);
  HOLO_ASSERT(pending_.empty());
}

}  // namespace holocron::reports
