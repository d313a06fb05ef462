#include "reports/trace_recorder.hpp"

#include <algorithm>
#include <cmath>

#include "core/assert.hpp"
#include "reports/names.hpp"

namespace holocron::reports {

TraceRecorder::TraceRecorder(TraceOptions options, std::ostream* trace_out)
    : options_(std::move(options)) {
  HOLO_ASSERT(options_.open_epochs_max >= 1);
  if (trace_out != nullptr) writer_ = std::make_unique<TraceWriter>(*trace_out);
}

void TraceRecorder::add_consumer(TraceConsumer* consumer) {
  HOLO_ASSERT(consumer != nullptr);
  HOLO_ASSERT(consumers_.empty());  // before on_header
  extra_.push_back(consumer);
}

NodeIndex TraceRecorder::owner_index(std::string_view owner, NodeIndex fallback) const {
  return owners_.owner_index(owner, fallback);
}

void TraceRecorder::on_header(const RunHeader& header) {
  HOLO_ASSERT(consumers_.empty());
  header_.run = header;
  header_.repro_command = options_.repro_command;
  header_.lists_max = header.node_names.size() <= options_.list_nodes_max ? options_.lists_max : 0;
  lists_max_ = header_.lists_max;
  node_count_ = header.node_names.size();
  if (writer_) consumers_.push_back(writer_.get());
  consumers_.insert(consumers_.end(), extra_.begin(), extra_.end());
  consumers_.push_back(&builder_);
  owners_.set_node_names(header.node_names);
  node_acting_.assign(header.node_names.size(), NodeActing{});
  const Nanos duration_ns = header.duration_ns > 0 ? header.duration_ns : seconds(1);
  object_bucket_ns_ = std::max<Nanos>(1, (duration_ns + static_cast<Nanos>(kObjectSamplesMax) - 1) /
                                             static_cast<Nanos>(kObjectSamplesMax));
  for (TraceConsumer* consumer : consumers_) consumer->on_trace_header(header_);
}

std::deque<TraceRecorder::OpenEntry>::iterator TraceRecorder::first_open_at_or_above(Epoch epoch) {
  return std::lower_bound(
      open_.begin(), open_.end(), epoch,
      [](const OpenEntry& entry, Epoch wanted) { return entry.epoch < wanted; });
}

TraceRecorder::OpenEpoch* TraceRecorder::find_record(Epoch epoch) {
  const RecordSlot& slot = record_slots_[epoch % kRecordSlots];
  if (slot.open != nullptr && slot.epoch == epoch) return slot.open;
  const auto found = first_open_at_or_above(epoch);
  if (found == open_.end() || found->epoch != epoch) return nullptr;
  remember(epoch, found->open.get());
  return found->open.get();
}

void TraceRecorder::remember(Epoch epoch, OpenEpoch* open) {
  HOLO_ASSERT(open != nullptr);
  record_slots_[epoch % kRecordSlots] = RecordSlot{epoch, open};
}

void TraceRecorder::forget(Epoch epoch) {
  RecordSlot& slot = record_slots_[epoch % kRecordSlots];
  if (slot.epoch == epoch) slot = RecordSlot{};
}

TraceRecorder::OpenEpoch& TraceRecorder::create_record(Epoch epoch) {
  std::unique_ptr<OpenEpoch> open;
  if (spare_records_.empty()) {
    open = std::make_unique<OpenEpoch>();
  } else {
    open = std::move(spare_records_.back());
    spare_records_.pop_back();
  }
  OpenEpoch& created = *open;
  // A new record is nearly always for an epoch above every open one: it
  // goes at the back without a search.
  if (open_.empty() || open_.back().epoch < epoch) {
    open_.push_back(OpenEntry{epoch, std::move(open)});
    return created;
  }
  const auto place = first_open_at_or_above(epoch);
  HOLO_ASSERT(place->epoch != epoch);  // the epoch was not open yet
  open_.insert(place, OpenEntry{epoch, std::move(open)});
  return created;
}

void TraceRecorder::recycle(OpenEpoch& open) {
  // The vectors keep their allocations (cleared); everything else starts
  // over as a fresh record. The observer bits keep their size too, zeroed
  // (a fill of a few words, where assigning them again for the next epoch's
  // first observer cost a hundred and seventy instructions): the first
  // observation then finds them ready.
  std::vector<std::uint64_t> observed = std::move(open.observers.observed);
  std::vector<ContenderEntry> contenders = std::move(open.record.contenders);
  std::vector<ObservationEntry> observations = std::move(open.record.observations);
  std::vector<ActingInterval> acting = std::move(open.record.acting);
  open = OpenEpoch{};
  std::fill(observed.begin(), observed.end(), 0);
  contenders.clear();
  observations.clear();
  acting.clear();
  open.observers.observed = std::move(observed);
  open.record.contenders = std::move(contenders);
  open.record.observations = std::move(observations);
  open.record.acting = std::move(acting);
  HOLO_ASSERT(open.observers.total == 0);
}

TraceRecorder::OpenEpoch* TraceRecorder::record_for_lookup(Epoch epoch, Nanos now_ns) {
  // An epoch above every open one (the first attempt of the race for the
  // next epoch) is new, and above every epoch handed on: no search for it.
  const bool above_open = !open_.empty() && epoch > open_.back().epoch;
  if (!above_open) {
    if (OpenEpoch* open = find_record(epoch)) {
      open->last_fact_ns = now_ns;
      return open;
    }
    if (epoch < settled_below_) {
      ++late_facts_;
      return nullptr;
    }
  }
  HOLO_ASSERT(epoch >= settled_below_);
  OpenEpoch& open = create_record(epoch);
  open.record.epoch = epoch;
  open.last_fact_ns = now_ns;
  remember(epoch, &open);
  return &open;
}

void TraceRecorder::on_store_op(const StoreOpFact& fact) {
  // Commits first, so that the create of a new epoch counts among that
  // epoch's operations.
  if (fact.applied && fact.epoch.has_value()) on_committed(fact, *fact.epoch);
  OpTally& tally = current_ != nullptr ? current_->record.ops : ops_before_first_epoch_;
  switch (fact.op) {
    case OpKind::kList:
      ++tally.list;
      break;
    case OpKind::kGet:
      ++tally.get;
      break;
    case OpKind::kPut:
      ++tally.put;
      break;
    case OpKind::kDelete:
      ++tally.del;
      break;
  }
  if (fact.status != Status::kOk) ++tally.failed;
  if (!fact.injected.empty()) ++tally.injected;
}

void TraceRecorder::on_store_op_counts(const StoreOpCountsFact& counts) {
  OpTally& tally = current_ != nullptr ? current_->record.ops : ops_before_first_epoch_;
  tally.list += counts.by_op[static_cast<std::size_t>(OpKind::kList)];
  tally.get += counts.by_op[static_cast<std::size_t>(OpKind::kGet)];
  tally.put += counts.by_op[static_cast<std::size_t>(OpKind::kPut)];
  tally.del += counts.by_op[static_cast<std::size_t>(OpKind::kDelete)];
  tally.failed += counts.failed;
}

void TraceRecorder::on_committed(const StoreOpFact& fact, Epoch epoch) {
  if (fact.op != OpKind::kPut && fact.op != OpKind::kDelete) return;
  OpenEpoch* open = record_for(epoch, fact.true_ns);
  if (open == nullptr) return;
  if (fact.op == OpKind::kDelete) {
    if (!open->record.deleted_true_ns) open->record.deleted_true_ns = fact.true_ns;
    open->exists = false;
    return;
  }
  const bool is_create = fact.condition == Condition::kIfNoneMatch || !open->exists;
  if (is_create) on_created(fact, epoch);
}

void TraceRecorder::on_created(const StoreOpFact& fact, Epoch epoch) {
  OpenEpoch* open = find_record(epoch);
  HOLO_ASSERT(open != nullptr);
  EpochRecord& record = open->record;
  if (record.creates == 0) {
    record.winner = owner_index(fact.owner_after, fact.node);
    record.created_true_ns = fact.true_ns;
  }
  ++record.creates;
  open->exists = true;
  if (any_created_ && epoch <= highest_created_) return;
  if (current_ != nullptr && !current_->record.superseded_true_ns) {
    current_->record.superseded_true_ns = fact.true_ns;
  }
  any_created_ = true;
  highest_created_ = epoch;
  current_ = open;
  flush_settled(fact.true_ns);
}

void TraceRecorder::on_lost_response(const LostResponseFact& fact) {
  (void)fact;
  OpTally& tally = current_ != nullptr ? current_->record.ops : ops_before_first_epoch_;
  ++tally.lost;
}

// The common cases (an observation, an attempt, about a record in the slot
// table) stay in this function, which makes no call but a last one: it keeps
// no stack frame and saves no register (the lookup, made in the middle, cost
// seven instructions of the forty a node event cost here). Everything that
// looks further, allocates or formats is in separate functions.
void TraceRecorder::on_node_event(const NodeEventFact& fact) {
  HOLO_ASSERT(fact.event != nullptr);
  const Event& event = *fact.event;
  // The two kinds that are nearly every node event (an observation and an
  // attempt per node and round) are tested first, one comparison each: a
  // switch over all kinds was a jump table, a bounds check and an indirect
  // jump for every event.
  if (event.kind == EventKind::kObservedEpoch) {
    OpenEpoch* open = record_in_line(event.epoch);
    if (open == nullptr || open->observers.observed.empty()) {
      note_observation_after_lookup(fact);
      return;
    }
    open->last_fact_ns = fact.true_ns;
    note_observation(*open, fact);
    return;
  }
  if (event.kind == EventKind::kAttemptEnded) {
    OpenEpoch* open = record_in_line(event.epoch);
    if (open == nullptr) {
      note_attempt_after_lookup(fact);
      return;
    }
    open->last_fact_ns = fact.true_ns;
    note_attempt(*open, fact);
    return;
  }
  on_rare_node_event(fact);
}

void TraceRecorder::note_observation_after_lookup(const NodeEventFact& fact) {
  HOLO_ASSERT(fact.event->kind == EventKind::kObservedEpoch);
  OpenEpoch* open = record_for(fact.event->epoch, fact.true_ns);
  if (open == nullptr) return;
  if (open->observers.observed.empty()) first_observer_words(open->observers);
  note_observation(*open, fact);
}

void TraceRecorder::note_attempt_after_lookup(const NodeEventFact& fact) {
  HOLO_ASSERT(fact.event->kind == EventKind::kAttemptEnded);
  OpenEpoch* open = record_for(fact.event->epoch, fact.true_ns);
  if (open == nullptr) return;
  note_attempt(*open, fact);
}

void TraceRecorder::on_rare_node_event(const NodeEventFact& fact) {
  const Event& event = *fact.event;
  switch (event.kind) {
    case EventKind::kLeaseExtended: {
      OpenEpoch* open = record_for(event.epoch, fact.true_ns);
      if (open == nullptr) return;
      RenewalSummary& renewals = open->record.renewals;
      if (renewals.count == 0) {
        renewals.first_ns = fact.true_ns;
      } else {
        renewals.max_gap_ns = std::max(renewals.max_gap_ns, fact.true_ns - renewals.last_ns);
      }
      renewals.last_ns = fact.true_ns;
      ++renewals.count;
      return;
    }
    case EventKind::kConfigError:
    case EventKind::kAnomaly:
      note_node_error(fact);
      return;
    default:
      return;
  }
}

void TraceRecorder::list_contender(OpenEpoch& open, const NodeEventFact& fact) const {
  HOLO_ASSERT(fact.event->kind == EventKind::kAttemptEnded);
  if (open.record.contenders.size() >= lists_max_) return;
  open.record.contenders.push_back({fact.node, fact.event->attempt, fact.true_ns, fact.local_ns});
}

void TraceRecorder::list_observation(OpenEpoch& open, const NodeEventFact& fact) const {
  HOLO_ASSERT(fact.event->kind == EventKind::kObservedEpoch);
  if (open.record.observations.size() >= lists_max_) return;
  open.record.observations.push_back({fact.node, fact.true_ns, fact.local_ns});
}

void TraceRecorder::first_observer_words(OpenEpoch::Observers& observers) const {
  HOLO_ASSERT(observers.observed.empty());
  observers.observed.assign((node_count_ + 63) / 64, 0);
}

void TraceRecorder::note_node_error(const NodeEventFact& fact) {
  const Event& event = *fact.event;
  add_timeline({TimelineKind::kNodeError, fact.true_ns, fact.node,
                std::string(event_kind_name(event.kind)), event.detail, 0});
}

void TraceRecorder::close_interval(NodeIndex node, Nanos end_ns, std::string_view reason) {
  NodeActing& acting = node_acting_[node];
  HOLO_ASSERT(acting.open);
  acting.open = false;
  OpenEpoch* open = find_record(acting.epoch);
  HOLO_ASSERT(open != nullptr);  // records with open intervals are never handed on
  ActingInterval& interval = open->record.acting[acting.index];
  interval.end_ns = end_ns;
  interval.end_reason = reason;
  HOLO_ASSERT(open->open_intervals > 0);
  --open->open_intervals;
}

void TraceRecorder::on_acting(const ActingFact& fact) {
  HOLO_ASSERT(fact.node < node_acting_.size());
  NodeActing& acting = node_acting_[fact.node];
  if (!fact.started) {
    if (!acting.open) {
      ++late_facts_;
      return;
    }
    close_interval(fact.node, fact.true_ns, fact.reason);
    if (!run_ended_) flush_settled(fact.true_ns);
    return;
  }
  // A node acts for one epoch at a time: a start while acting ends the
  // previous interval.
  if (acting.open) close_interval(fact.node, fact.true_ns, "replaced");
  OpenEpoch* open = record_for(fact.epoch, fact.true_ns);
  if (open == nullptr) return;
  open->record.acting.push_back({fact.node, fact.epoch, fact.true_ns, fact.true_ns, {}});
  ++open->open_intervals;
  acting = {true, fact.epoch, open->record.acting.size() - 1};
}

void TraceRecorder::on_fenced_write(const FencedWriteFact& fact) {
  OpenEpoch* open = find_record(fact.token);
  if (open == nullptr) return;
  if (fact.accepted) {
    ++open->record.fenced_accepted;
  } else {
    ++open->record.fenced_rejected;
  }
}

void TraceRecorder::add_timeline(TimelineEvent event) {
  const auto kind = static_cast<std::size_t>(event.kind);
  HOLO_ASSERT(kind < kTimelineKindCount);
  if (timeline_counts_[kind] >= options_.timeline_per_kind_max) {
    ++timeline_dropped_;
    return;
  }
  ++timeline_counts_[kind];
  timeline_.push_back(std::move(event));
}

void TraceRecorder::on_fault(const FaultFact& fact) {
  add_timeline({TimelineKind::kFault, fact.true_ns, fact.node, std::string(fact.model),
                std::string(fact.what), fact.until_ns});
}

void TraceRecorder::on_assumption(const AssumptionFact& fact) {
  add_timeline({TimelineKind::kAssumption, fact.true_ns, fact.node, std::string(fact.assumption),
                std::string(fact.detail), 0});
}

void TraceRecorder::on_lifecycle(const LifecycleFact& fact) {
  add_timeline({TimelineKind::kLifecycle,
                fact.true_ns,
                fact.node,
                std::string(lifecycle_name(fact.kind)),
                {},
                fact.duration_ns > 0 ? saturating_add(fact.true_ns, fact.duration_ns) : 0});
}

void TraceRecorder::on_object_count(const ObjectCountFact& fact) {
  const Nanos bucket = std::min<Nanos>(std::max<Nanos>(fact.true_ns, 0) / object_bucket_ns_,
                                       static_cast<Nanos>(kObjectSamplesMax) - 1);
  const Nanos at_ns = bucket * object_bucket_ns_;
  if (objects_.empty() || objects_.back().at_ns != at_ns) {
    objects_.push_back({at_ns, fact.objects, fact.epoch_objects});
  } else {
    objects_.back().objects = std::max(objects_.back().objects, fact.objects);
    objects_.back().epoch_objects = std::max(objects_.back().epoch_objects, fact.epoch_objects);
  }
  objects_max_ = std::max(objects_max_, fact.objects);
  epoch_objects_max_ = std::max(epoch_objects_max_, fact.epoch_objects);
  objects_final_ = fact.objects;
}

void TraceRecorder::complete_record(OpenEpoch& open) {
  EpochRecord& record = open.record;
  HOLO_ASSERT(record.contenders_total == 0);  // counted in open, not in the record
  record.outcome_counts = open.outcome_counts;
  for (const std::uint64_t count : open.outcome_counts) record.contenders_total += count;
  record.observers_total = open.observers.total;
  record.first_observed_ns = open.observers.first_ns;
  record.last_observed_ns = open.observers.last_ns;
}

// Fixes what the record says about its end; nothing can change it after.
void TraceRecorder::settle(OpenEpoch& open) {
  HOLO_ASSERT(open.open_intervals == 0);
  complete_record(open);
  EpochRecord& record = open.record;
  if (!record.acting.empty()) {
    const auto last = std::max_element(
        record.acting.begin(), record.acting.end(),
        [](const ActingInterval& a, const ActingInterval& b) { return a.end_ns < b.end_ns; });
    record.ended_true_ns = last->end_ns;
    record.ended_reason = last->end_reason;
  } else if (!record.created_true_ns) {
    record.ended_true_ns = 0;
    record.ended_reason = "never_created";
  } else {
    record.ended_true_ns = record.superseded_true_ns.value_or(run_end_.end_ns);
    record.ended_reason = "never_acted";
  }
  ++epochs_settled_;
}

void TraceRecorder::hand_on_settled() {
  for (std::unique_ptr<OpenEpoch>& open : settled_) {
    for (TraceConsumer* consumer : consumers_) consumer->on_epoch(open->record);
    // The record and its vectors are kept for the next epoch: a record was
    // four or five allocations an epoch.
    recycle(*open);
    spare_records_.push_back(std::move(open));
  }
  settled_.clear();
}

void TraceRecorder::flush_settled(Nanos now_ns) {
  while (!open_.empty()) {
    OpenEntry& first = open_.front();
    OpenEpoch& open = *first.open;
    // Settled: far enough below the newest epoch, nobody acting for it, and
    // quiet for a while (late answers and slow observers still arrive).
    const bool settled =
        run_ended_ ||
        (first.epoch + options_.open_epochs_max <= highest_created_ && open.open_intervals == 0 &&
         open.last_fact_ns + options_.settle_ns <= now_ns);
    if (!settled) break;
    HOLO_ASSERT(&open != current_ || run_ended_);
    settle(open);
    settled_below_ = first.epoch + 1;
    forget(first.epoch);
    if (current_ == &open) current_ = nullptr;
    settled_.push_back(std::move(first.open));
    open_.pop_front();
  }
  if (settled_.size() >= kHandOnBatch || (run_ended_ && !settled_.empty())) hand_on_settled();
}

void TraceRecorder::on_run_end(const RunEnd& end) {
  HOLO_ASSERT(!run_ended_);
  run_end_ = end;
  for (std::size_t node = 0; node < node_acting_.size(); ++node) {
    if (node_acting_[node].open) {
      close_interval(static_cast<NodeIndex>(node), end.end_ns, "run_end");
    }
  }
  run_ended_ = true;
  flush_settled(end.end_ns);
  HOLO_ASSERT(open_.empty());
  HOLO_ASSERT(settled_.empty());
}

RunReport TraceRecorder::finish(const Verdict& verdict) {
  HOLO_ASSERT(run_ended_);
  HOLO_ASSERT(!finished_);
  finished_ = true;
  for (const TimelineEvent& event : timeline_) {
    for (TraceConsumer* consumer : consumers_) consumer->on_timeline(event);
  }
  TraceFooter footer;
  footer.end_ns = run_end_.end_ns;
  footer.stopped_early = run_end_.stopped_early;
  footer.list_requests = run_end_.ops.list_requests;
  footer.get_requests = run_end_.ops.get_requests;
  footer.put_requests = run_end_.ops.put_requests;
  footer.delete_requests = run_end_.ops.delete_requests;
  footer.cost_micro_usd = std::llround(run_end_.ops.cost_usd * 1e6);
  footer.last_fault_heal_ns = run_end_.last_fault_heal_ns;
  footer.fault_counts = run_end_.fault_counts;
  footer.faults_never_fired = run_end_.faults_never_fired;
  footer.event_digest = run_end_.event_digest;
  footer.objects = objects_;
  footer.objects_max = objects_max_;
  footer.epoch_objects_max = epoch_objects_max_;
  footer.objects_final = objects_final_;
  footer.epochs_recorded = epochs_settled_;
  footer.timeline_recorded = timeline_.size();
  footer.timeline_dropped = timeline_dropped_;
  footer.late_facts = late_facts_;
  footer.ops_before_first_epoch = ops_before_first_epoch_;
  footer.verdict = verdict;
  // A run that stopped early did not pass, whatever its checks found up to
  // the stop: they judged only part of the scenario. The checks' own results
  // stay as they were, so a report can still show what held until then.
  if (!footer.stopped_early.empty()) footer.verdict.passed = false;
  footer.summary = builder_.compute_stats(footer);
  for (TraceConsumer* consumer : consumers_) {
    consumer->on_trace_footer(footer);
    // The writer is first: everyone after it sees the digest it computed.
    if (consumer == writer_.get()) {
      digest_ = writer_->digest();
      footer.digest = digest_;
    }
  }
  return builder_.take();
}

}  // namespace holocron::reports
