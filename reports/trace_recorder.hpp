// TraceRecorder: the FactSink that turns a run's facts into the per-epoch
// trace (reports/trace_model.hpp) and streams it to consumers: optionally a
// TraceWriter (the JSON Lines file), always a ReportBuilder (the run's
// metrics), and any others the caller adds (a Perfetto exporter).
//
// Per-fact work is O(1) or a map lookup among the open epochs; no string is
// formatted per fact. Memory is bounded: an epoch's record is finalized and
// handed on once an epoch `open_epochs_max` higher has been created, nobody
// still acts for it, and no fact has touched it for `settle_ns`; facts that
// arrive about an epoch already handed on are counted in the footer as late,
// not lost silently.
//
// Use: add consumers, feed facts (header first, run end last), then call
// finish(verdict) once with the checkers' verdict: it writes the footer and
// returns the run's report.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "reports/facts.hpp"
#include "reports/owner_index.hpp"
#include "reports/run_report.hpp"
#include "reports/trace_model.hpp"
#include "reports/trace_writer.hpp"

namespace holocron::reports {

struct TraceOptions {
  std::string repro_command;     // recorded in the header (and shown with violations)
  std::uint32_t lists_max = 64;  // contenders/observations listed per epoch
  // Larger clusters get totals, outcome counts and first/last times but no
  // per-node lists: with hundreds of nodes racing for every epoch, the lists
  // would be most of the trace's bytes (and of its cost) and nobody reads
  // them. The header's lists_max says which applied (0: no lists).
  std::uint32_t list_nodes_max = 32;
  // A record is handed on once it is this many epochs below the newest,
  // nobody acts for it, and no fact touched it for settle_ns of true time.
  std::uint32_t open_epochs_max = 64;
  Nanos settle_ns = seconds(10);
  std::uint32_t timeline_per_kind_max = 10'000;  // faults, assumptions, lifecycle, node errors
};

class TraceRecorder final : public FactSink {
 public:
  // `trace_out`, if given, receives the JSON Lines trace and must outlive
  // the recorder.
  explicit TraceRecorder(TraceOptions options = {}, std::ostream* trace_out = nullptr);

  // Consumers receive the trace stream in the order added, after the writer.
  // Add them before on_header.
  void add_consumer(TraceConsumer* consumer);

  // Only commits are assigned to their epoch's record; every other store
  // operation counts in the current record's tally, whatever its key, so
  // the uncommitted ones can come as counts.
  [[nodiscard]] FactNeeds needs() const override {
    return FactNeeds{.unapplied_store_op_epochs = false, .each_unapplied_store_op = false};
  }
  void on_header(const RunHeader& header) override;
  void on_store_op(const StoreOpFact& fact) override;
  void on_store_op_counts(const StoreOpCountsFact& counts) override;
  void on_lost_response(const LostResponseFact& fact) override;
  void on_node_event(const NodeEventFact& fact) override;
  void on_lifecycle(const LifecycleFact& fact) override;
  void on_acting(const ActingFact& fact) override;
  void on_fenced_write(const FencedWriteFact& fact) override;
  void on_fault(const FaultFact& fact) override;
  void on_assumption(const AssumptionFact& fact) override;
  void on_object_count(const ObjectCountFact& fact) override;
  void on_run_end(const RunEnd& end) override;

  // After on_run_end: emits the timeline and the footer (with the verdict and
  // the summary) and returns the run's report. The footer's digest is set
  // when a trace file is written.
  [[nodiscard]] RunReport finish(const Verdict& verdict);

  // "sha256:<hex>" of the written trace, after finish (empty without a file).
  [[nodiscard]] const std::string& digest() const { return digest_; }
  [[nodiscard]] bool trace_ok() const { return writer_ == nullptr || writer_->ok(); }

 private:
  // The fields that node events update are kept apart from the record,
  // together at the start (about two cache lines), and copied into the
  // record when it is handed on (complete_record). The record spreads
  // these fields over five lines, and every attempt and observation (two node
  // events per node and round in a naive run) missed on three of them: perf
  // put TraceRecorder::on_node_event first among the checkers' own functions
  // after SHA-256. (Aligning the struct to a cache line was worse: the map's
  // nodes then came from aligned allocations, and malloc's own misses grew
  // by more than the recorder's shrank.)
  struct OpenEpoch {
    // Every fact, and every attempt. The record's contenders_total is the
    // sum of these counts (each attempt adds one to both), so it is not kept
    // apart.
    Nanos last_fact_ns = 0;  // true time of the latest fact about this epoch
    std::array<std::uint64_t, kAttemptOutcomeCount> outcome_counts{};
    // First observations.
    struct Observers {
      // By node, one bit: first observation recorded. Bits, not bytes: with
      // a thousand nodes and about open_epochs_max open records, bytes were
      // 64 KB read at random, one cache miss per observation.
      std::vector<std::uint64_t> observed;
      std::uint64_t total = 0;
      Nanos first_ns = 0;
      Nanos last_ns = 0;
    };
    Observers observers;
    std::uint32_t open_intervals = 0;
    bool exists = false;
    EpochRecord record;  // the rest, and the lists
  };
  static_assert(sizeof(Nanos) + kAttemptOutcomeCount * sizeof(std::uint64_t) <= 64);
  static_assert(sizeof(OpenEpoch::Observers) <= 64);
  struct NodeActing {
    bool open = false;
    Epoch epoch = 0;
    std::size_t index = 0;  // into record.acting
  };

  // The open record for `epoch`, created if needed; nullptr when that epoch
  // was already handed on (the fact is late). Most facts are about the
  // newest created epoch (the race for it, its observers) or one of the
  // few before it: current_, or a slot of the table, in line.
  OpenEpoch* record_for(Epoch epoch, Nanos now_ns) {
    OpenEpoch* open = nullptr;
    if (current_ != nullptr && epoch == highest_created_) {
      open = current_;
    } else if (const RecordSlot& slot = record_slots_[epoch % kRecordSlots];
               slot.open != nullptr && slot.epoch == epoch) {
      open = slot.open;
    } else {
      return record_for_lookup(epoch, now_ns);
    }
    open->last_fact_ns = now_ns;
    return open;
  }
  // The open record for `epoch` if record_for finds it in line (current_
  // or its slot), else nullptr; last_fact_ns is left to the caller.
  OpenEpoch* record_in_line(Epoch epoch) const {
    if (current_ != nullptr && epoch == highest_created_) return current_;
    const RecordSlot& slot = record_slots_[epoch % kRecordSlots];
    if (slot.open != nullptr && slot.epoch == epoch) return slot.open;
    return nullptr;
  }
  // An open record in open_: its epoch beside it, so that a search reads
  // only the sequence and not the records.
  struct OpenEntry {
    Epoch epoch = 0;
    std::unique_ptr<OpenEpoch> open;
  };
  OpenEpoch* record_for_lookup(Epoch epoch, Nanos now_ns);
  // A new record for `epoch` in open_, from a spare record when there is one.
  OpenEpoch& create_record(Epoch epoch);
  // Resets a handed-on record for reuse, keeping its vectors' allocations.
  static void recycle(OpenEpoch& open);
  // A first observation of `open`'s epoch by the node (else nothing), and an
  // attempt's outcome. In line in on_node_event's common path; each ends in
  // its only call.
  void note_observation(OpenEpoch& open, const NodeEventFact& fact) const {
    HOLO_ASSERT(fact.node < node_count_);
    OpenEpoch::Observers& observers = open.observers;
    HOLO_ASSERT(!observers.observed.empty());
    std::uint64_t& word = observers.observed[fact.node / 64];
    const std::uint64_t bit = std::uint64_t{1} << (fact.node % 64);
    if ((word & bit) != 0) return;
    word |= bit;
    if (observers.total == 0) observers.first_ns = fact.true_ns;
    observers.last_ns = fact.true_ns;
    ++observers.total;
    if (lists_max_ > 0) list_observation(open, fact);
  }
  void note_attempt(OpenEpoch& open, const NodeEventFact& fact) const {
    const Event& event = *fact.event;
    const auto outcome_index = static_cast<std::size_t>(event.attempt);
    HOLO_ASSERT(outcome_index < kAttemptOutcomeCount);
    ++open.outcome_counts[outcome_index];
    const bool won =
        event.attempt == AttemptOutcome::kWon || event.attempt == AttemptOutcome::kWonAfterUnknown;
    if (won && open.record.winner == fact.node && !open.record.created_local_ns) {
      open.record.created_local_ns = fact.local_ns;
    }
    // Lists only for small clusters (lists_max is 0 for large ones): the
    // record's lines are not touched for a list that stays empty.
    if (lists_max_ > 0) list_contender(open, fact);
  }
  // The rest of on_node_event, out of it (see there): a record found only
  // by a lookup (or created), a record's first observation, the rare kinds.
  [[gnu::noinline]] void note_observation_after_lookup(const NodeEventFact& fact);
  [[gnu::noinline]] void note_attempt_after_lookup(const NodeEventFact& fact);
  [[gnu::noinline]] void on_rare_node_event(const NodeEventFact& fact);
  // The rare parts of on_node_event, kept out of it (see there).
  [[gnu::noinline, gnu::cold]] void list_contender(OpenEpoch& open,
                                                   const NodeEventFact& fact) const;
  [[gnu::noinline, gnu::cold]] void list_observation(OpenEpoch& open,
                                                     const NodeEventFact& fact) const;
  [[gnu::noinline, gnu::cold]] void first_observer_words(OpenEpoch::Observers& observers) const;
  [[gnu::noinline, gnu::cold]] void note_node_error(const NodeEventFact& fact);
  OpenEpoch* find_record(Epoch epoch);
  // The first open record whose epoch is not below `epoch` (binary search).
  std::deque<OpenEntry>::iterator first_open_at_or_above(Epoch epoch);
  void remember(Epoch epoch, OpenEpoch* open);
  void forget(Epoch epoch);
  void on_committed(const StoreOpFact& fact, Epoch epoch);
  void on_created(const StoreOpFact& fact, Epoch epoch);
  void close_interval(NodeIndex node, Nanos end_ns, std::string_view reason);
  void flush_settled(Nanos now_ns);
  void settle(OpenEpoch& open);
  void hand_on_settled();
  static void complete_record(OpenEpoch& open);
  void add_timeline(TimelineEvent event);
  [[nodiscard]] NodeIndex owner_index(std::string_view owner, NodeIndex fallback) const;
  void emit_header();

  TraceOptions options_;
  std::unique_ptr<TraceWriter> writer_;
  ReportBuilder builder_;
  std::vector<TraceConsumer*> consumers_;  // writer first, builder last
  std::vector<TraceConsumer*> extra_;

  TraceHeader header_;
  OwnerIndex owners_;
  // The open records by ascending epoch. Epochs are created nearly in order
  // and handed on oldest first, so a new record goes at the back and a
  // settled one leaves at the front; an epoch below the newest is inserted
  // in its place after a binary search (rare). It was a std::map: a
  // red-black-tree rebalance at every insert and erase, and nodes scattered
  // over the heap. The records themselves stay where they were allocated
  // (current_ and the slot table point at them).
  std::deque<OpenEntry> open_;
  // Records handed on, reset (recycle) and ready for new epochs.
  std::vector<std::unique_ptr<OpenEpoch>> spare_records_;
  // Settled records not yet handed to the consumers, oldest first. They are
  // handed on kHandOnBatch at a time: writing a record's line, hashing it and
  // adding it to the report is a few kilobytes of code run once per epoch,
  // and run one record at a time it evicted the simulator's own hot code
  // from the instruction cache at every epoch (docs/PERFORMANCE.md).
  static constexpr std::size_t kHandOnBatch = 32;
  std::vector<std::unique_ptr<OpenEpoch>> settled_;
  Epoch settled_below_ = 0;  // records below this epoch were settled
  // What every node event reads of the recorder, in one cache line: copies
  // of header_.lists_max and the node count sat kilobytes apart from these
  // (behind the report builder and the header), one more miss per event.
  alignas(64) bool any_created_ = false;
  std::uint32_t lists_max_ = 0;  // header_.lists_max
  Epoch highest_created_ = 0;
  OpenEpoch* current_ = nullptr;  // the highest created epoch's record
  std::size_t node_count_ = 0;
  // The open records by epoch, direct-mapped (slot epoch % kRecordSlots):
  // every fact looks its epoch up, and a walk down the map's nodes (scattered
  // over the heap among the engine's data) was a visible share of a checked
  // run's time. The open epochs are nearly consecutive and about
  // open_epochs_max of them, so they rarely share a slot; a miss falls back
  // to the map and takes the slot.
  static constexpr std::size_t kRecordSlots = 256;
  struct RecordSlot {
    Epoch epoch = 0;
    OpenEpoch* open = nullptr;
  };
  std::array<RecordSlot, kRecordSlots> record_slots_{};
  std::vector<NodeActing> node_acting_;

  std::vector<TimelineEvent> timeline_;
  std::array<std::uint32_t, kTimelineKindCount> timeline_counts_{};
  std::uint64_t timeline_dropped_ = 0;

  Nanos object_bucket_ns_ = 1;
  std::vector<ObjectSample> objects_;
  std::uint64_t objects_max_ = 0;
  std::uint64_t epoch_objects_max_ = 0;
  std::uint64_t objects_final_ = 0;

  OpTally ops_before_first_epoch_;
  std::uint64_t epochs_settled_ = 0;
  std::uint64_t late_facts_ = 0;
  RunEnd run_end_;
  bool run_ended_ = false;
  bool finished_ = false;
  std::string digest_;
};

}  // namespace holocron::reports
