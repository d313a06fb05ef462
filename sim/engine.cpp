#include "sim/engine.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "core/assert.hpp"
#include "core/keys.hpp"
#include "faultmodels/model_names.hpp"
#include "sim/engine_impl.hpp"

namespace holocron::sim {

using namespace engine_detail;

Engine::Impl::Impl(const Scenario& scenario, std::uint64_t seed,
                   std::vector<reports::FactSink*> sinks, EngineOptions options)
    : scenario_(scenario),
      seed_(seed),
      sinks_(std::move(sinks)),
      options_(std::move(options)),
      queue_(scenario.limits.max_events_in_flight,
             EventQueue::calendar_buckets_for(scenario.cluster.node_count)),
      store_(scenario.store.prices),
      faults_(scenario.faults, seed, scenario.cluster.node_count, scenario.duration_ns,
              scenario.cluster.elector) {
  HOLO_ASSERT(!validate_scenario(scenario).has_value());
  for (reports::FactSink* sink : sinks_) {
    const reports::FactNeeds needs = sink->needs();
    if (needs.unapplied_store_op_epochs) unapplied_store_op_epochs_ = true;
    if (needs.each_unapplied_store_op) {
      each_store_op_sinks_.push_back(sink);
    } else {
      counting_store_op_sinks_.push_back(sink);
    }
  }
  if (!each_store_op_sinks_.empty()) {
    store_op_route_ = StoreOpRoute::kSomeWantEach;
  } else if (!counting_store_op_sinks_.empty()) {
    store_op_route_ = StoreOpRoute::kAllCount;
  }
  const ElectorOptions& base = scenario.cluster.elector;
  if (!options_.elector_factory) shared_elector_options_ = share_elector_options(base);
  epoch_prefix_ = epoch_list_prefix(base.election_prefix);
  store_.create_bucket(base.election_bucket, Access{true, true});
  store_.watch_prefix(base.election_bucket, epoch_prefix_);
  const std::uint32_t node_count = scenario.cluster.node_count;
  nodes_.resize(node_count);
  prefetch_next_event_ = node_count >= kPrefetchNodesMin;
  for (std::uint32_t index = 0; index < node_count; ++index) {
    SimNode& node = nodes_[index];
    node.name = node_name(scenario, index);
    if (base.layout == Layout::kPerNode) {
      // Everyone may read a node's bucket (followers read heartbeats);
      // only its owner may write it.
      const std::string bucket = node_bucket(index);
      store_.create_bucket(bucket, Access{true, false});
      store_.set_access(bucket, index, Access{true, true});
    }
    // Offset and drift come from the clock plan; its steps are applied by
    // events at their instants (schedule_fault_plans), so that the engine
    // can re-arm the node's deadlines and report each step when it happens.
    const faultmodels::ClockModel& clock = faults_.clock_plan(index);
    node.clock = LocalClock(clock.offset_ns(), clock.drift_ppm());
    node.elector_seeds = Prng::derive(seed, "elector", index);
  }
  for (const AclDenial& denial : scenario.store.acl_denials) {
    if (!store_.has_bucket(denial.bucket)) store_.create_bucket(denial.bucket, Access{});
    store_.set_access(denial.bucket, denial.node, Access{!denial.read, !denial.write});
  }
}

// --- the run loop -----------------------------------------------------------

RunResult Engine::Impl::run() {
  HOLO_ASSERT(!started_);
  started_ = true;
  const reports::RunHeader header = make_header();
  emit([&](reports::FactSink& sink) { sink.on_header(header); });

  // Nodes start spread over [0, start_spread_ns], each offset drawn from its
  // own stream, so that a cluster does not act in lockstep.
  for (std::uint32_t index = 0; index < nodes_.size(); ++index) {
    Prng start_prng = Prng::derive(seed_, "start", index);
    push(start_prng.between(0, scenario_.cluster.start_spread_ns), kNodeStart, index, 0);
  }
  if (scenario_.store.object_count_sample_interval_ns > 0) push(0, kObjectSample, 0, 0);
  // Skewed clocks are a fault from the first instant: report each, and each
  // drift beyond the algorithm's bound as a broken assumption.
  for (std::uint32_t index = 0; index < nodes_.size(); ++index) {
    const faultmodels::ClockModel& clock = faults_.clock_plan(index);
    if (!clock.is_skewed()) continue;
    faults_.count(faultmodels::kModelClockSkew, "skewed");
    emit_fault(index, faultmodels::kModelClockSkew, "skewed", 0);
    if (auto broken = faults_.assumptions().check_drift(index, clock.drift_ppm())) {
      emit_assumption(index, broken->assumption, broken->message);
    }
  }

  const Nanos duration_ns = scenario_.duration_ns;
  last_fault_heal_ns_ = std::max(last_fault_heal_ns_, faults_.last_window_end_ns(duration_ns));
  QueuedEvent event;
  while (error_.empty() && queue_.pop_due(duration_ns, event)) {
    if (prefetch_next_event_) {
      if (const QueuedEvent* next = queue_.peek_next()) prefetch_for(*next);
    }
    now_ = event.time_ns;
    digest_.add(event.time_ns, event.kind, event.node, event.payload);
    ++result_.events_processed;
    dispatch(event);
  }
  if (error_.empty()) now_ = duration_ns;
  for (std::uint32_t index = 0; index < nodes_.size(); ++index) {
    if (nodes_[index].acting) end_acting(index, "run_end");
  }

  result_.ok = error_.empty();
  result_.error = error_;
  result_.end_ns = now_;
  result_.events_in_flight_high_water = queue_.high_water();
  result_.event_digest = digest_.hex();
  result_.ops = store_.op_counters();
  result_.store = store_.counters();
  result_.fenced_accepted = fenced_.accepted();
  result_.fenced_rejected = fenced_.rejected();
  reports::RunEnd& end = result_.run_end;
  end.end_ns = now_;
  end.ops = result_.ops;
  end.last_fault_heal_ns = last_fault_heal_ns_;
  end.steady_faults = faults_.steady_faults();
  end.fault_counts = faults_.fault_counts();
  end.faults_never_fired = faults_.accounting().never_fired();
  end.event_digest = result_.event_digest;
  end.stopped_early = error_;
  if (store_op_counts_pending()) deliver_store_op_counts();
  emit([&](reports::FactSink& sink) { sink.on_run_end(end); });
  return result_;
}

void Engine::Impl::dispatch(const QueuedEvent& event) {
  switch (event.kind) {
    case kNodeStart:
      start_node(event.node, reports::LifecycleKind::kStarted);
      if (!before_start_.empty()) apply_before_start(event.node);
      return;
    case kNodeTimer: {
      SimNode& node = nodes_[event.node];
      if (!node.up || event.payload != node.timer_generation) return;
      if (hold_if_paused(event)) return;
      node.timer_armed = false;
      node.elector->handle_timeout(local_now(node));
      drive(event.node);
      return;
    }
    case kRequestArrive: {
      std::uint32_t index = 0;
      if (slot_of(event.payload, index) != nullptr) on_request_arrive(index);
      return;
    }
    case kResponseArrive:
    case kRequestTimeout: {
      std::uint32_t index = 0;
      RequestSlot* slot = slot_of(event.payload, index);
      HOLO_ASSERT(slot != nullptr);
      if (slot_live(*slot) && hold_if_paused(event)) return;
      if (event.kind == kResponseArrive) {
        on_response_arrive(index);
      } else {
        on_request_timeout(index);
      }
      return;
    }
    case kActingDeadline: {
      SimNode& node = nodes_[event.node];
      // Not held by a pause: the acting interval is the checkers' view of
      // the node, and it ends when the node's clock passes the deadline,
      // whether or not the process runs.
      if (node.acting && event.payload == node.acting_generation)
        end_acting(event.node, "deadline");
      return;
    }
    case kFenceTick: {
      SimNode& node = nodes_[event.node];
      if (!node.up || event.payload != node.fence_tick_generation) return;
      if (hold_if_paused(event)) return;
      fence_decide(event.node);
      return;
    }
    case kFenceWrite:
      on_fence_write(event);
      return;
    case kAction:
      run_action(event.payload);
      return;
    case kUnpause: {
      SimNode& node = nodes_[event.node];
      if (node.paused && event.payload == node.pause_generation) unpause_node(event.node);
      return;
    }
    case kPartitionHeal: {
      SimNode& node = nodes_[event.node];
      // Only the heal of the latest-ending partition window counts.
      if (now_ >= node.requests_cut_until_ns && now_ >= node.responses_cut_until_ns) {
        emit_fault(event.node, faultmodels::kModelPartitions, "heal", 0);
      }
      return;
    }
    case kPartitionBegin:
      begin_partition_window(event.payload);
      return;
    case kCorruptObject:
      plant_corrupt_object(event.payload);
      return;
    case kObjectSample:
      emit_object_count();
      push(now_ + scenario_.store.object_count_sample_interval_ns, kObjectSample, 0, 0);
      return;
  }
  HOLO_UNREACHABLE("unknown event kind");
}

void Engine::Impl::note_queue_overflow() {
  if (!error_.empty()) return;
  error_ = "limits.max_events_in_flight: more than " +
           std::to_string(queue_.events_in_flight_max()) + " events were in flight at true time " +
           format_duration(queue_.now_ns()) + "; raise limits.max_events_in_flight (at most " +
           std::to_string(kEventsInFlightMax) + ") or make the scenario smaller";
}

void Engine::Impl::on_fence_write(const QueuedEvent& event) {
  SimNode& node = nodes_[event.node];
  if (event.payload != node.fence_write_generation) return;
  if (hold_if_paused(event)) return;
  HOLO_ASSERT(node.fence_pending_head < node.fence_pending.size());
  const Epoch token = node.fence_pending[node.fence_pending_head];
  if (++node.fence_pending_head == node.fence_pending.size()) {
    node.fence_pending.clear();
    node.fence_pending_head = 0;
  }
  const FencedWriteResult written = fenced_.write(token);
  ++result_.facts.fenced_writes;
  const bool writer_acting = node.acting && node.acting_epoch == token;
  emit([&](reports::FactSink& sink) {
    sink.on_fenced_write(reports::FencedWriteFact{now_, event.node, token, written.accepted,
                                                  written.highest_accepted_before, writer_acting});
  });
}

bool Engine::Impl::hold_while_paused(const QueuedEvent& event) {
  SimNode& node = nodes_[event.node];
  HOLO_ASSERT(node.paused);
  if (node.held.size() >= kHeldEventsPerNodeMax) {
    if (error_.empty()) {
      error_ = "node " + node.name + " held more than " + std::to_string(kHeldEventsPerNodeMax) +
               " events during a pause at true time " + format_duration(now_);
    }
    return true;
  }
  node.held.push_back(event);
  return true;
}

// --- Engine -------------------------------------------------------------------

Engine::Engine(const Scenario& scenario, std::uint64_t seed, std::vector<reports::FactSink*> sinks,
               EngineOptions options)
    : impl_(std::make_unique<Impl>(scenario, seed, std::move(sinks), std::move(options))) {
  impl_->schedule_fault_plans();
}

Engine::~Engine() = default;

void Engine::schedule(Nanos at_ns, const NodeAction& action) {
  impl_->schedule(at_ns, action);
}

RunResult Engine::run() {
  return impl_->run();
}

const ObjectStore& Engine::store() const {
  return impl_->store();
}

bool Engine::node_up(NodeIndex node) const {
  return impl_->node_up(node);
}

bool Engine::node_paused(NodeIndex node) const {
  return impl_->node_paused(node);
}

}  // namespace holocron::sim
