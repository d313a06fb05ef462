// The checkers: each one is a FactSink that evaluates one property (S1..S7,
// L1, L2 of issue 8) as the run goes and records violations with the first
// instant, the nodes and epochs involved and a message. CheckerSet runs the
// enabled ones and returns the run's Verdict.
//
// Speed: the simulator calls these on every fact of runs with millions of
// store operations. Per-fact work is O(1) or O(log n) (a map lookup keyed by
// epoch); messages are formatted only for the violations that are stored (at
// most CheckerOptions::violations_stored_max per property), never per fact.
//
// Facts arrive in true-time order (reports/facts.hpp). Every checker needs
// on_header first: it sizes per-node state from RunHeader::node_names.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/assert.hpp"
#include "core/time.hpp"
#include "reports/epoch_ledger.hpp"
#include "reports/facts.hpp"
#include "reports/verdict.hpp"

namespace holocron::reports {

// L1's default bound when neither the options nor the header give one:
// lease + poll interval + 4 x this (a p99 round trip to S3, rounded up).
inline constexpr Nanos kDefaultRoundTripP99Ns = milliseconds(300);
// How long an assumption break (AssumptionFact) taints the node it names when
// CheckerOptions::assumption_window_ns is 0: this many leases.
inline constexpr std::int64_t kAssumptionWindowLeases = 3;

struct CheckerOptions {
  std::array<bool, kPropertyCount> enabled = {true, true, true, true, true, true, true, true, true};
  // L1: 0 means RunHeader::liveness_bound_ns, or if that is 0 too,
  // lease + poll interval + 4 x kDefaultRoundTripP99Ns.
  Nanos liveness_bound_ns = 0;
  // S5: an AssumptionFact puts its node (every node, for kNoNode) outside the
  // assumptions from its instant for this long; a node paused at the end of
  // the window stays outside until this long after it unpauses. 0 means
  // kAssumptionWindowLeases x lease.
  Nanos assumption_window_ns = 0;
  // L2: stable with no faults may change leader at most
  // l2_changes_allowed + l2_changes_allowed_per_hour x run hours times after
  // the first election ("tends to zero", not "is zero": a 2 s latency tail
  // can legitimately cost a leader its lease).
  std::uint64_t l2_changes_allowed = 1;
  std::uint64_t l2_changes_allowed_per_hour = 1;
  // Violations kept with full detail per property; the rest are counted.
  std::size_t violations_stored_max = 20;
};

// Shared plumbing: node names for messages, and the capped violation log.
class Checker : public FactSink {
 public:
  Checker(Property property, const CheckerOptions& options);

  [[nodiscard]] Property property() const { return property_; }
  [[nodiscard]] const std::vector<Violation>& violations() const { return stored_; }
  [[nodiscard]] std::uint64_t violation_count() const { return violation_count_; }
  [[nodiscard]] std::uint64_t outside_assumptions_count() const { return outside_count_; }
  [[nodiscard]] std::uint64_t note_count() const { return note_count_; }
  [[nodiscard]] const std::string& first_note() const { return first_note_; }
  // Adds this checker's results (enabled, counts, stored violations).
  void contribute(Verdict& verdict) const;

  void on_header(const RunHeader& header) override;

 protected:
  // True when the next violation will be stored, so the caller formats its
  // message only then.
  [[nodiscard]] bool will_store() const { return stored_.size() < stored_max_; }
  void record(Violation violation);
  void count_unstored(bool outside_assumptions);
  // will_store(), and when it is false, also counts the violation the caller
  // found (inside the assumptions) as not stored: most checkers need nothing
  // more than that before building the violation.
  [[nodiscard]] bool will_store_else_count();
  // A violation of this checker's property, first seen at `first_ns`, for the
  // caller to fill in and record().
  [[nodiscard]] Violation new_violation(Nanos first_ns) const;
  void note(std::string text);
  void count_note() { ++note_count_; }
  [[nodiscard]] bool note_pending() const { return note_count_ == 0; }
  [[nodiscard]] std::string node_label(NodeIndex node) const;
  [[nodiscard]] std::size_t node_count() const { return node_count_; }
  [[nodiscard]] const RunHeader& header() const { return header_; }
  [[nodiscard]] const CheckerOptions& options() const { return options_; }

 private:
  Property property_;
  CheckerOptions options_;
  RunHeader header_;
  std::size_t node_count_ = 0;
  std::size_t stored_max_;
  std::vector<Violation> stored_;
  std::uint64_t violation_count_ = 0;
  std::uint64_t outside_count_ = 0;
  std::uint64_t note_count_ = 0;
  std::string first_note_;
};

// Base of the checkers that judge the store's commit history of epoch
// objects (S1, S2, S6, S7). Used alone, each keeps its own EpochLedger;
// inside a CheckerSet they share one, applied once per committed write, and
// the set calls on_change directly.
class LedgerChecker : public Checker {
 public:
  LedgerChecker(Property property, const CheckerOptions& options);
  void on_header(const RunHeader& header) override;
  // Standalone use only: applies the fact to this checker's own ledger.
  void on_store_op(const StoreOpFact& fact) final;
  // A committed write, already applied to ledger().
  virtual void on_change(const EpochLedger::Change& change, const StoreOpFact& fact) {
    (void)change;
    (void)fact;
  }
  // Reads `shared` (kept up to date by the caller) instead of its own ledger.
  void share_ledger(const EpochLedger* shared);

 protected:
  [[nodiscard]] const EpochLedger& ledger() const { return *ledger_; }

 private:
  EpochLedger own_;
  const EpochLedger* ledger_ = &own_;
};

// S1: at most one winner per epoch in the store's true commit history. A
// create that commits while the key exists is a second winner; a retried
// create that finds its own commit (412) is not. A key recreated after a
// garbage-collection delete is S7's business, not a second winner.
class SingleWinnerChecker final : public LedgerChecker {
 public:
  explicit SingleWinnerChecker(const CheckerOptions& options = {});
  void on_change(const EpochLedger::Change& change, const StoreOpFact& fact) override;
};

// S2: a node starts acting as leader of epoch e only if the store gave it e:
// an applied create of e's key recorded it as the owner.
class GrantedEpochChecker final : public LedgerChecker {
 public:
  explicit GrantedEpochChecker(const CheckerOptions& options = {});
  void on_acting(const ActingFact& fact) override;
};

// S3: the highest epoch a node has seen never decreases, across garbage
// collection and restarts. The checker remembers each node's highest epoch
// across process lifetimes (observed, won, led or resumed) and fires when the
// node reveals a lower belief: it becomes leader of an epoch below one it had
// seen, or, in a later lifetime (after a crash and restart or resume), it
// tries to create an epoch at or below one it had seen before. (Within one
// lifetime an attempt may legitimately end after a higher epoch was observed,
// so attempts are judged only across restarts, where no request is in flight.)
class EpochsSeenChecker final : public Checker {
 public:
  explicit EpochsSeenChecker(const CheckerOptions& options = {});
  void on_header(const RunHeader& header) override;
  void on_node_event(const NodeEventFact& fact) override;
  void on_lifecycle(const LifecycleFact& fact) override;

  // on_node_event, in line: a CheckerSet calls it for every node event
  // (about 180,000 a checked minute), and a call of its own cost about ten
  // instructions of the twenty. The reports (which build a Violation and
  // format a message) are in separate, cold functions.
  void observe(const NodeEventFact& fact) {
    HOLO_ASSERT(fact.event != nullptr);
    HOLO_ASSERT(fact.node < highest_seen_.size());
    const Event& event = *fact.event;
    Epoch& highest_seen = highest_seen_[fact.node];
    // Observations and attempts (nearly every node event) first, one
    // comparison each, before a switch (a jump table) over the rare kinds.
    if (event.kind == EventKind::kObservedEpoch) {
      if (event.epoch > highest_seen) highest_seen = event.epoch;
      return;
    }
    if (event.kind == EventKind::kAttemptEnded) {
      // After a restart, out of line and as the last call: a call followed
      // by more work here made every node event save and restore registers
      // (six of the function's twenty-five instructions).
      if (any_restarted_) {
        observe_attempt_after_restart(fact);
        return;
      }
      note_attempt(event, highest_seen);
      return;
    }
    switch (event.kind) {
      case EventKind::kResumed:
        if (event.epoch > highest_seen) highest_seen = event.epoch;
        return;
      case EventKind::kBecameLeader:
        if (event.epoch >= highest_seen) {
          highest_seen = event.epoch;
          return;
        }
        report_leader_below_seen(fact, highest_seen);
        return;
      default:
        return;
    }
  }

 private:
  // The rare parts of observe, kept out of it (see there).
  [[gnu::noinline, gnu::cold]] void report_leader_below_seen(const NodeEventFact& fact,
                                                             Epoch highest_seen);
  // An attempt once some node restarted: judged, then noted.
  [[gnu::noinline]] void observe_attempt_after_restart(const NodeEventFact& fact);
  void check_attempt_after_restart(const NodeEventFact& fact);
  // A won attempt raises the node's highest epoch seen.
  static void note_attempt(const Event& event, Epoch& highest_seen) {
    HOLO_ASSERT(event.kind == EventKind::kAttemptEnded);
    const bool won =
        event.attempt == AttemptOutcome::kWon || event.attempt == AttemptOutcome::kWonAfterUnknown;
    if (won && event.epoch > highest_seen) highest_seen = event.epoch;
  }

  // What a node's restart leaves behind, read only once some node restarted.
  struct Lifetime {
    Epoch highest_before_lifetime = 0;  // highest seen when this lifetime began
    bool restarted = false;             // this lifetime follows a crash/restart
    Epoch highest_attempt_fired = 0;    // reported once per offending epoch
  };
  // The highest epoch each node has seen, apart from the rest: every node
  // event reads it, and eight bytes a node stay in cache where the whole
  // state (32 bytes a node) was evicted between events by the engine's data.
  std::vector<Epoch> highest_seen_;
  std::vector<Lifetime> lifetimes_;
  bool any_restarted_ = false;
};

// S4: the fenced resource never accepts a token lower than one it accepted
// before. Judged from the checker's own record of accepted tokens, not from
// the fact's highest_accepted_before alone.
class FencingChecker final : public Checker {
 public:
  explicit FencingChecker(const CheckerOptions& options = {});
  void on_fenced_write(const FencedWriteFact& fact) override;

 private:
  Epoch highest_accepted_ = 0;
  bool any_accepted_ = false;
};

// S5: no two nodes act as leader at the same true instant while the run stays
// within the algorithm's assumptions. An overlap that begins while either node
// is inside an assumption window (see CheckerOptions::assumption_window_ns) is
// reported as "outside assumptions" with the assumption that broke, and does
// not fail the run. Acting intervals are half-open, [start, end): a start and
// an end at the same instant do not overlap, whatever order their facts came in.
//
// Fenced writes complete the story: a write by a node that is not acting while
// another node is acting is a "zombie" leader's write. Rejected, it is a note
// (fencing held); accepted, it is an S5 violation (or outside-assumptions
// finding), because two leaders' decisions reached the resource.
class OverlapChecker final : public Checker {
 public:
  explicit OverlapChecker(const CheckerOptions& options = {});
  void on_header(const RunHeader& header) override;
  void on_acting(const ActingFact& fact) override;
  void on_fenced_write(const FencedWriteFact& fact) override;
  void on_assumption(const AssumptionFact& fact) override;
  void on_lifecycle(const LifecycleFact& fact) override;
  void on_run_end(const RunEnd& end) override;
  // A renewal the node confirmed (EventKind::kLeaseExtended): its new
  // deadline was measured after any earlier break of its clock, so a taint
  // held while it acted falls back to a window from now.
  void on_lease_extended(const NodeEventFact& fact);

 private:
  struct Acting {
    NodeIndex node = kNoNode;
    Epoch epoch = 0;
  };
  struct PendingOverlap {
    Nanos at_ns = 0;
    Acting started;
    Acting other;
  };
  struct Taint {
    Nanos since_ns = INT64_MAX;  // empty window until an AssumptionFact opens one
    Nanos until_ns = INT64_MIN;
    std::string assumption;  // "clock_step on n2 at 12.5s: <detail>"
    // The break hit the node while it acted: the taint holds until that
    // acting ends or a renewal re-establishes its deadline (then a window
    // more), however long that is.
    bool while_acting = false;
    bool for_the_run = false;  // a drift beyond the bound: never ends
  };

  void confirm_pending(Nanos now_ns);
  // Counts an overlap, or stores it as a Violation (store_overlap): a naive
  // run at a thousand nodes has about 20,000 overlaps a minute, and all but
  // the first violations_max are only counted, so the Violation and its
  // message are built apart, in a cold function that this one calls.
  void report_overlap(const PendingOverlap& overlap);
  [[gnu::noinline, gnu::cold]] void store_overlap(const PendingOverlap& overlap,
                                                  const Taint* taint);
  [[nodiscard]] const Taint* taint_at(NodeIndex node, Nanos at_ns) const;
  static void end_taint_while_acting(Taint& taint, Nanos now_ns, Nanos window_ns);

  Nanos window_ns_ = 0;
  std::vector<Acting> acting_;  // currently acting nodes (usually 0..2)
  std::vector<PendingOverlap> pending_;
  static constexpr Nanos kNotPaused = INT64_MIN;

  std::vector<Taint> taints_;  // per node
  Taint global_taint_;         // AssumptionFacts naming no node
  // No AssumptionFact yet, so every taint is still empty (a pause only
  // extends a taint that an assumption opened): taint_at answers without
  // reading taints_, 48 bytes a node at random, twice per overlap (a naive
  // run at a thousand nodes has about 1.15 million overlaps an hour).
  bool any_taint_ = false;
  std::vector<Nanos> paused_since_;  // per node; kNotPaused when running
};

// S6: only an epoch's owner changes or resigns its lock object: a committed
// non-create PUT of an existing epoch key must come from the owner and keep
// the owner recorded in the body.
class LockOwnerChecker final : public LedgerChecker {
 public:
  explicit LockOwnerChecker(const CheckerOptions& options = {});
  void on_change(const EpochLedger::Change& change, const StoreOpFact& fact) override;
};

// S7: the newest existing epoch object is never deleted, and once a key has
// been recreated after a delete, nobody starts acting as leader of it.
class NewestEpochChecker final : public LedgerChecker {
 public:
  explicit NewestEpochChecker(const CheckerOptions& options = {});
  void on_change(const EpochLedger::Change& change, const StoreOpFact& fact) override;
  void on_acting(const ActingFact& fact) override;
};

// L1: after the last fault heals (RunEnd::last_fault_heal_ns, or the latest
// heal seen in FaultFacts, whichever is later; the run start when there were
// no faults), no stretch without an acting leader lasts longer than the
// bound: neither the one the heal falls in (counted from the heal) nor any
// later one (unless RunEnd::steady_faults: faults at a steady rate never all
// heal, and only the first is judged). Judged at run end, one violation per
// stretch; when the run ends
// before the bound elapses without a leader, the result is a note
// ("inconclusive"), not a violation.
class LivenessChecker final : public Checker {
 public:
  explicit LivenessChecker(const CheckerOptions& options = {});
  void on_header(const RunHeader& header) override;
  void on_acting(const ActingFact& fact) override;
  void on_fault(const FaultFact& fact) override;
  void on_run_end(const RunEnd& end) override;

  [[nodiscard]] Nanos bound_ns() const { return bound_ns_; }

 private:
  // One leaderless stretch, judged from `from_ns` (its start, or the heal
  // when it began before) to `until_ns` (kNanosMax: still open at the end).
  void judge_gap(Nanos from_ns, Nanos until_ns, Nanos since_ns, Nanos heal_ns, Nanos run_end_ns);

  Nanos bound_ns_ = 0;
  std::uint32_t acting_count_ = 0;
  std::vector<std::uint8_t> node_acting_;
  Nanos leaderless_since_ns_ = 0;
  // Leaderless intervals [start, end) longer than the bound, in time order
  // (the last may end at kNanosMax: open when the run ended).
  std::vector<std::pair<Nanos, Nanos>> leaderless_;
  Nanos last_heal_ns_ = 0;
};

// L2: with no faults (no FaultFact, no AssumptionFact, no crash, pause or
// restart), the stable algorithm's leader changes after the first election
// stay within CheckerOptions' allowance. Other algorithms are not judged.
class StabilityChecker final : public Checker {
 public:
  explicit StabilityChecker(const CheckerOptions& options = {});
  void on_acting(const ActingFact& fact) override;
  // Injected store errors and lost responses are faults too, although the
  // engine reports them per request rather than as FaultFacts.
  void on_store_op(const StoreOpFact& fact) override;
  void on_lost_response(const LostResponseFact& fact) override;
  void on_fault(const FaultFact& fact) override;
  void on_assumption(const AssumptionFact& fact) override;
  void on_lifecycle(const LifecycleFact& fact) override;
  void on_run_end(const RunEnd& end) override;

  [[nodiscard]] std::uint64_t leader_changes() const { return leader_changes_; }

 private:
  struct Change {
    Nanos at_ns = 0;
    NodeIndex from = kNoNode;
    NodeIndex to = kNoNode;
    Epoch epoch = 0;
  };
  // Enough to name the change that exceeded any sensible allowance.
  static constexpr std::size_t kChangesKeptMax = 4096;

  NodeIndex last_leader_ = kNoNode;
  std::uint64_t leader_changes_ = 0;
  std::vector<Change> changes_;
  bool faulty_ = false;
};

// Runs the enabled checkers. Facts are pre-filtered here (for example, only
// committed epoch-key writes reach the store checkers), and the checkers are
// called directly rather than through a list of sinks.
class CheckerSet final : public FactSink {
 public:
  explicit CheckerSet(const CheckerOptions& options = {});

  // The checkers judge committed writes (the ledger) and injected statuses
  // (L2): a request that did not commit and met no fault, and the epoch of
  // any request that did not commit, concern none of them.
  [[nodiscard]] FactNeeds needs() const override {
    return FactNeeds{.unapplied_store_op_epochs = false, .each_unapplied_store_op = false};
  }
  void on_header(const RunHeader& header) override;
  void on_store_op(const StoreOpFact& fact) override;
  void on_lost_response(const LostResponseFact& fact) override;
  void on_node_event(const NodeEventFact& fact) override;
  void on_lifecycle(const LifecycleFact& fact) override;
  void on_acting(const ActingFact& fact) override;
  void on_fenced_write(const FencedWriteFact& fact) override;
  void on_fault(const FaultFact& fact) override;
  void on_assumption(const AssumptionFact& fact) override;
  void on_run_end(const RunEnd& end) override;

  // The verdict so far (complete after on_run_end).
  [[nodiscard]] Verdict verdict() const;
  [[nodiscard]] const CheckerOptions& options() const { return options_; }

 private:
  [[nodiscard]] bool on(Property property) const {
    return options_.enabled[property_index(property)];
  }

  CheckerOptions options_;
  EpochLedger ledger_;  // shared by S1, S2, S6 and S7
  SingleWinnerChecker s1_;
  GrantedEpochChecker s2_;
  EpochsSeenChecker s3_;
  FencingChecker s4_;
  OverlapChecker s5_;
  LockOwnerChecker s6_;
  NewestEpochChecker s7_;
  LivenessChecker l1_;
  StabilityChecker l2_;
};

}  // namespace holocron::reports
