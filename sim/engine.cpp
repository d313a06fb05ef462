#include "sim/engine.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <utility>

#include "core/assert.hpp"
#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "core/prng.hpp"
#include "faultmodels/model_names.hpp"
#include "faultmodels/targets.hpp"
#include "holocron_version.hpp"
#include "sim/event_digest.hpp"
#include "sim/event_queue.hpp"
#include "sim/fault_injector.hpp"
#include "sim/fenced_resource.hpp"
#include "sim/local_clock.hpp"

namespace holocron::sim {

namespace {

// What a queued event means; the payload's meaning depends on it.
enum QueuedKind : std::uint32_t {
  kNodeStart = 1,        // payload: unused
  kNodeTimer = 2,        // payload: the node's timer generation
  kRequestArrive = 3,    // payload: slot handle
  kResponseArrive = 4,   // payload: slot handle
  kRequestTimeout = 5,   // payload: slot handle
  kActingDeadline = 6,   // payload: the node's acting generation
  kFenceTick = 7,        // payload: the node's fence tick generation
  kFenceWrite = 8,       // payload: the node's fence write generation
  kAction = 9,           // payload: index into actions_
  kUnpause = 10,         // payload: the node's pause generation
  kPartitionHeal = 11,   // payload: unused
  kObjectSample = 12,    // payload: unused
  kPartitionBegin = 13,  // payload: index into the partition schedule
  kCorruptObject = 14,   // payload: index into the corrupt-object plan
};

// Held events of one paused node: its timers, responses, timeouts and fenced
// writes wait here until it resumes. A node can produce only a few events
// (one timer, its in-flight requests, its fenced writes), so this bound is
// far above any real count; past it the run stops with an error.
constexpr std::size_t kHeldEventsPerNodeMax = 65'536;

// A request in flight. Slots are reused; the handle in an event carries the
// slot's generation so that a stale handle is recognised.
struct RequestSlot {
  StoreRequest request;
  StoreResponse response;
  RequestId id = 0;
  NodeIndex node = 0;
  std::uint32_t incarnation = 0;
  std::uint32_t generation = 0;
  std::uint32_t pending_events = 0;  // queued or held events naming this slot
  Nanos deadline_ns = 0;             // the node gives up at this true instant
  Nanos response_latency_ns = 0;     // store -> node
  bool awaiting_node = false;        // the node has not been answered yet
  bool timeout_scheduled = false;
  bool loss_reported = false;  // a LostResponseFact was emitted for it
};

struct SimNode {
  std::string name;
  ElectorOptions options;
  std::unique_ptr<Elector> elector;
  LocalClock clock;
  Prng elector_seeds{0};  // one seed per core instance (start, restart, resume)
  bool up = false;
  bool paused = false;
  std::uint32_t incarnation = 0;
  std::uint32_t restarts = 0;

  std::uint64_t timer_generation = 0;
  bool timer_armed = false;
  Nanos timer_local_ns = 0;

  bool acting = false;
  Epoch acting_epoch = 0;
  Nanos acting_until_local_ns = 0;
  std::uint64_t acting_generation = 0;

  std::uint64_t fence_tick_generation = 0;
  bool fence_ticking = false;
  std::uint64_t fence_write_generation = 0;
  std::deque<Epoch> fence_pending;  // tokens decided, not yet written

  std::uint64_t pause_generation = 0;
  Nanos paused_until_ns = 0;
  std::vector<QueuedEvent> held;  // events that arrived while paused

  Nanos requests_cut_until_ns = 0;   // partition: requests dropped before this
  Nanos responses_cut_until_ns = 0;  // partition: responses dropped before this
};

std::uint64_t slot_handle(std::uint32_t index, std::uint32_t generation) {
  return (static_cast<std::uint64_t>(generation) << 32) | index;
}

}  // namespace

class Engine::Impl {
 public:
  Impl(const Scenario& scenario, std::uint64_t seed, std::vector<reports::FactSink*> sinks,
       EngineOptions options)
      : scenario_(scenario),
        seed_(seed),
        sinks_(std::move(sinks)),
        options_(std::move(options)),
        queue_(scenario.limits.max_events_in_flight),
        store_(scenario.store.prices),
        faults_(scenario.faults, seed, scenario.cluster.node_count, scenario.duration_ns,
                scenario.cluster.elector) {
    HOLO_ASSERT(!validate_scenario(scenario).has_value());
    if (!options_.elector_factory) {
      options_.elector_factory = [](const ElectorOptions& elector_options) {
        return make_elector(elector_options);
      };
    }
    const ElectorOptions& base = scenario.cluster.elector;
    epoch_prefix_ = epoch_list_prefix(base.election_prefix);
    store_.create_bucket(base.election_bucket, Access{true, true});
    store_.watch_prefix(base.election_bucket, epoch_prefix_);
    const std::uint32_t node_count = scenario.cluster.node_count;
    nodes_.resize(node_count);
    for (std::uint32_t index = 0; index < node_count; ++index) {
      SimNode& node = nodes_[index];
      node.name = node_name(scenario, index);
      node.options = base;
      node.options.node_id = node.name;
      node.options.resume = false;
      if (base.layout == Layout::kPerNode) {
        // Everyone may read a node's bucket (followers read heartbeats);
        // only its owner may write it.
        node.options.node_bucket = scenario.cluster.node_bucket_prefix + node.name;
        store_.create_bucket(node.options.node_bucket, Access{true, false});
        store_.set_access(node.options.node_bucket, index, Access{true, true});
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

  void schedule(Nanos at_ns, const NodeAction& action) {
    HOLO_ASSERT(at_ns >= 0);
    HOLO_ASSERT(!started_);
    actions_.push_back(action);
    push(at_ns, kAction, reports::kNoNode, actions_.size() - 1);
  }

  RunResult run();
  void schedule_fault_plans();

  const ObjectStore& store() const { return store_; }
  bool node_up(NodeIndex node) const { return nodes_.at(node).up; }
  bool node_paused(NodeIndex node) const { return nodes_.at(node).paused; }

 private:
  // --- events -------------------------------------------------------------
  void push(Nanos at_ns, std::uint32_t kind, std::uint32_t node, std::uint64_t payload) {
    if (!queue_.push(at_ns, kind, node, payload) && error_.empty()) {
      error_ = "limits.max_events_in_flight: more than " +
               std::to_string(queue_.events_in_flight_max()) +
               " events were in flight at true time " + format_duration(queue_.now_ns()) +
               "; raise limits.max_events_in_flight (at most " +
               std::to_string(kEventsInFlightMax) + ") or make the scenario smaller";
    }
  }
  void dispatch(const QueuedEvent& event);
  // True when the event was held because its node is paused.
  bool hold_if_paused(const QueuedEvent& event);

  // --- nodes --------------------------------------------------------------
  Nanos local_now(const SimNode& node) const { return node.clock.local_at(now_); }
  void start_node(NodeIndex index, reports::LifecycleKind kind);
  void crash_node(NodeIndex index, faultmodels::CrashMode then, Nanos restart_after_ns,
                  std::string_view model);
  void pause_node(NodeIndex index, Nanos duration_ns, std::string_view model);
  void unpause_node(NodeIndex index);
  void step_clock(NodeIndex index, Nanos by_ns, std::string_view model);
  void partition_node(NodeIndex index, Nanos for_ns, faultmodels::PartitionDirection direction,
                      std::string_view model);
  void drive(NodeIndex index);
  void arm_timer(NodeIndex index);
  void on_core_event(NodeIndex index, const Event& event, Nanos local_ns);
  void start_acting(NodeIndex index, Epoch epoch, Nanos until_local_ns);
  void end_acting(NodeIndex index, std::string_view reason);
  void schedule_acting_deadline(NodeIndex index);
  void fence_decide(NodeIndex index);
  void release_held(SimNode& node);
  std::optional<NodeIndex> current_leader() const;
  std::vector<NodeIndex> resolve(const NodeAction& action) const;
  void run_action(const NodeAction& action);
  std::vector<NodeIndex> up_nodes() const;
  void begin_partition_window(std::size_t window);
  void plant_corrupt_object(std::size_t index);

  // --- network ------------------------------------------------------------
  void send(NodeIndex index, OutgoingRequest&& outgoing);
  void on_request_arrive(std::uint32_t slot_index);
  void on_response_arrive(std::uint32_t slot_index);
  void on_request_timeout(std::uint32_t slot_index);
  std::uint32_t allocate_slot();
  void unref_slot(std::uint32_t slot_index);
  bool slot_live(const RequestSlot& slot) const {
    return slot.awaiting_node && nodes_[slot.node].incarnation == slot.incarnation;
  }
  // The slot an event names, or nullptr when the handle is stale.
  RequestSlot* slot_of(std::uint64_t handle, std::uint32_t& index);

  // --- facts --------------------------------------------------------------
  template <typename Call>
  void emit(Call&& call) {
    for (reports::FactSink* sink : sinks_) call(*sink);
  }
  void emit_store_op(NodeIndex index, const RequestSlot& slot, bool applied,
                     const InjectedError& injected);
  void emit_lost(NodeIndex index, const StoreRequest& request, std::string_view cause);
  void emit_lifecycle(NodeIndex index, reports::LifecycleKind kind, Nanos duration_ns);
  void emit_fault(NodeIndex index, std::string_view model, std::string_view what, Nanos until_ns);
  void emit_assumption(NodeIndex index, std::string_view assumption, std::string_view detail);
  void emit_object_count();
  reports::RunHeader make_header() const;

  Scenario scenario_;
  std::uint64_t seed_;
  std::vector<reports::FactSink*> sinks_;
  EngineOptions options_;
  EventQueue queue_;
  ObjectStore store_;
  FaultInjector faults_;
  FencedResource fenced_;
  EventDigest digest_;
  std::vector<SimNode> nodes_;
  std::vector<NodeAction> actions_;
  std::vector<RequestSlot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::string epoch_prefix_;
  Nanos now_ = 0;
  Nanos last_fault_heal_ns_ = 0;
  bool started_ = false;
  std::string error_;
  RunResult result_;
};

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
  while (error_.empty() && !queue_.empty() && queue_.next_time_ns() <= duration_ns) {
    const QueuedEvent event = queue_.pop();
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
  end.fault_counts = faults_.fault_counts();
  end.faults_never_fired = faults_.accounting().never_fired();
  end.event_digest = result_.event_digest;
  emit([&](reports::FactSink& sink) { sink.on_run_end(end); });
  return result_;
}

void Engine::Impl::dispatch(const QueuedEvent& event) {
  switch (event.kind) {
    case kNodeStart:
      start_node(event.node, reports::LifecycleKind::kStarted);
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
    case kFenceWrite: {
      SimNode& node = nodes_[event.node];
      if (event.payload != node.fence_write_generation) return;
      if (hold_if_paused(event)) return;
      HOLO_ASSERT(!node.fence_pending.empty());
      const Epoch token = node.fence_pending.front();
      node.fence_pending.pop_front();
      const FencedWriteResult written = fenced_.write(token);
      ++result_.facts.fenced_writes;
      const bool writer_acting = node.acting && node.acting_epoch == token;
      emit([&](reports::FactSink& sink) {
        sink.on_fenced_write(reports::FencedWriteFact{now_, event.node, token, written.accepted,
                                                      written.highest_accepted_before,
                                                      writer_acting});
      });
      return;
    }
    case kAction:
      HOLO_ASSERT(event.payload < actions_.size());
      run_action(actions_[event.payload]);
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
  HOLO_ASSERT(false && "unknown event kind");
}

bool Engine::Impl::hold_if_paused(const QueuedEvent& event) {
  SimNode& node = nodes_[event.node];
  if (!node.paused) return false;
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

// --- node lifecycle -----------------------------------------------------------

void Engine::Impl::start_node(NodeIndex index, reports::LifecycleKind kind) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(!node.up);
  ElectorOptions options = node.options;
  options.resume = kind == reports::LifecycleKind::kResumed;
  options.prng_seed = node.elector_seeds.next();
  node.elector = options_.elector_factory(options);
  HOLO_ASSERT(node.elector != nullptr);
  node.up = true;
  node.paused = false;
  node.timer_armed = false;
  emit_lifecycle(index, kind, 0);
  node.elector->handle_start(local_now(node));
  drive(index);
}

void Engine::Impl::crash_node(NodeIndex index, faultmodels::CrashMode then, Nanos restart_after_ns,
                              std::string_view model) {
  SimNode& node = nodes_[index];
  if (!node.up) return;  // already down: nothing to lose
  if (node.acting) end_acting(index, "crash");
  node.up = false;
  node.paused = false;
  ++node.pause_generation;
  node.elector.reset();
  // Everything the old process was waiting for is now addressed to a process
  // that no longer exists: responses to its requests are discarded on
  // arrival, its timers and fenced writes never happen.
  ++node.incarnation;
  ++node.timer_generation;
  node.timer_armed = false;
  ++node.fence_tick_generation;
  node.fence_ticking = false;
  ++node.fence_write_generation;
  node.fence_pending.clear();
  release_held(node);
  const bool restarts = then != faultmodels::CrashMode::kNone;
  emit_lifecycle(index, reports::LifecycleKind::kCrashed, restarts ? restart_after_ns : 0);
  if (!model.empty()) {
    faults_.count(model, "crash");
    emit_fault(index, model, "crash", restarts ? now_ + restart_after_ns : 0);
  }
  if (restarts) {
    NodeAction follow_up =
        NodeAction::on_node(then == faultmodels::CrashMode::kResume ? NodeActionKind::kResume
                                                                    : NodeActionKind::kRestart,
                            index);
    follow_up.model = model;
    actions_.push_back(follow_up);
    push(now_ + restart_after_ns, kAction, reports::kNoNode, actions_.size() - 1);
    last_fault_heal_ns_ = std::max(last_fault_heal_ns_, now_ + restart_after_ns);
  }
}

void Engine::Impl::release_held(SimNode& node) {
  for (const QueuedEvent& event : node.held) {
    if (event.kind == kResponseArrive || event.kind == kRequestTimeout) {
      std::uint32_t slot_index = 0;
      if (slot_of(event.payload, slot_index) != nullptr) {
        ++result_.responses_discarded;
        unref_slot(slot_index);
      }
    }
  }
  node.held.clear();
}

void Engine::Impl::pause_node(NodeIndex index, Nanos duration_ns, std::string_view model) {
  SimNode& node = nodes_[index];
  if (!node.up || duration_ns <= 0) return;
  const Nanos until_ns = std::max(node.paused ? node.paused_until_ns : now_, now_ + duration_ns);
  node.paused = true;
  node.paused_until_ns = until_ns;
  ++node.pause_generation;
  push(until_ns, kUnpause, index, node.pause_generation);
  emit_lifecycle(index, reports::LifecycleKind::kPaused, duration_ns);
  if (!model.empty()) {
    faults_.count(model, "pause");
    emit_fault(index, model, "pause", until_ns);
  }
  last_fault_heal_ns_ = std::max(last_fault_heal_ns_, until_ns);
  // A pause as long as the algorithm's timing margin can make a leader act
  // after a follower took over: outside the assumptions.
  if (auto broken = faults_.assumptions().check_pause(index, now_, duration_ns)) {
    emit_assumption(index, broken->assumption, broken->message);
  }
}

void Engine::Impl::unpause_node(NodeIndex index) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.paused);
  node.paused = false;
  emit_lifecycle(index, reports::LifecycleKind::kUnpaused, 0);
  // Held events run now, in the order they arrived, after anything the core
  // had already decided before the pause (drive sends that first).
  std::vector<QueuedEvent> held;
  held.swap(node.held);
  for (const QueuedEvent& event : held) push(now_, event.kind, event.node, event.payload);
  drive(index);
}

void Engine::Impl::step_clock(NodeIndex index, Nanos by_ns, std::string_view model) {
  SimNode& node = nodes_[index];
  node.clock.step(by_ns);
  if (!model.empty()) {
    faults_.count(model, by_ns >= 0 ? "step_forward" : "step_back");
    emit_fault(index, model, by_ns >= 0 ? "step_forward" : "step_back", 0);
  }
  if (auto broken = faults_.assumptions().check_step(index, now_, by_ns)) {
    emit_assumption(index, broken->assumption, broken->message);
  }
  // Local deadlines now fall at other true instants: re-arm them.
  if (node.acting) schedule_acting_deadline(index);
  if (node.up && !node.paused) {
    node.timer_armed = false;
    arm_timer(index);
  }
}

void Engine::Impl::partition_node(NodeIndex index, Nanos for_ns,
                                  faultmodels::PartitionDirection direction,
                                  std::string_view model) {
  SimNode& node = nodes_[index];
  const Nanos until_ns = now_ + for_ns;
  if (direction != faultmodels::PartitionDirection::kResponses) {
    node.requests_cut_until_ns = std::max(node.requests_cut_until_ns, until_ns);
  }
  if (direction != faultmodels::PartitionDirection::kRequests) {
    node.responses_cut_until_ns = std::max(node.responses_cut_until_ns, until_ns);
  }
  emit_fault(index, model.empty() ? faultmodels::kModelPartitions : model, "begin", until_ns);
  push(until_ns, kPartitionHeal, index, 0);
  last_fault_heal_ns_ = std::max(last_fault_heal_ns_, until_ns);
}

std::optional<NodeIndex> Engine::Impl::current_leader() const {
  // The acting node with the highest epoch (the one a fenced resource would
  // follow); ties, which only a broken algorithm produces, go to the lowest
  // index.
  std::optional<NodeIndex> leader;
  for (std::uint32_t index = 0; index < nodes_.size(); ++index) {
    const SimNode& node = nodes_[index];
    if (!node.acting) continue;
    if (!leader || node.acting_epoch > nodes_[*leader].acting_epoch) leader = index;
  }
  return leader;
}

std::vector<NodeIndex> Engine::Impl::up_nodes() const {
  std::vector<NodeIndex> up;
  for (std::uint32_t index = 0; index < nodes_.size(); ++index) {
    if (nodes_[index].up) up.push_back(index);
  }
  return up;
}

std::vector<NodeIndex> Engine::Impl::resolve(const NodeAction& action) const {
  std::vector<NodeIndex> hit =
      faultmodels::resolve_target(action.target, action.pick, current_leader(), up_nodes());
  // Listed nodes may name indices past the cluster (a scenario written for a
  // larger one); they hit nobody.
  hit.erase(
      std::remove_if(hit.begin(), hit.end(), [&](NodeIndex node) { return node >= nodes_.size(); }),
      hit.end());
  return hit;
}

void Engine::Impl::run_action(const NodeAction& action) {
  const std::vector<NodeIndex> hit = resolve(action);
  if (hit.empty() && !action.model.empty()) {
    emit_fault(reports::kNoNode, action.model, "no_target", 0);
  }
  for (const NodeIndex index : hit) {
    SimNode& node = nodes_[index];
    switch (action.kind) {
      case NodeActionKind::kCrash:
        crash_node(index, action.then, action.amount_ns, action.model);
        break;
      case NodeActionKind::kRestart:
        if (!node.up) start_node(index, reports::LifecycleKind::kRestarted);
        break;
      case NodeActionKind::kResume:
        if (!node.up) start_node(index, reports::LifecycleKind::kResumed);
        break;
      case NodeActionKind::kPause:
        pause_node(index, action.amount_ns, action.model);
        break;
      case NodeActionKind::kClockStep:
        step_clock(index, action.amount_ns, action.model);
        break;
      case NodeActionKind::kResign:
        if (node.up && !node.paused) {
          node.elector->handle_resign(local_now(node));
          drive(index);
        }
        break;
      case NodeActionKind::kPartition:
        partition_node(index, action.amount_ns, action.direction, action.model);
        break;
    }
  }
}

void Engine::Impl::schedule_fault_plans() {
  for (const faultmodels::CrashAction& crash : faults_.crash_plan().actions()) {
    NodeAction action;
    action.kind = NodeActionKind::kCrash;
    action.target = crash.target;
    action.pick = crash.pick;
    action.amount_ns = crash.restart_after_ns;
    action.then = crash.mode;
    action.model = faultmodels::kModelCrashes;
    schedule(crash.at_ns, action);
  }
  for (const faultmodels::PauseAction& pause : faults_.pause_plan().actions()) {
    NodeAction action;
    action.kind = NodeActionKind::kPause;
    action.target = pause.target;
    action.pick = pause.pick;
    action.amount_ns = pause.for_ns;
    action.model = faultmodels::kModelPauses;
    schedule(pause.at_ns, action);
  }
  for (std::uint32_t index = 0; index < nodes_.size(); ++index) {
    for (const faultmodels::ClockStep& step : faults_.clock_plan(index).steps()) {
      NodeAction action = NodeAction::on_node(NodeActionKind::kClockStep, index, step.by_ns);
      action.model = faultmodels::kModelClockSteps;
      schedule(step.at_ns, action);
    }
  }
  const auto& windows = faults_.partitions().windows();
  for (std::size_t window = 0; window < windows.size(); ++window) {
    push(windows[window].begin_ns, kPartitionBegin, reports::kNoNode, window);
  }
  const auto& corrupt = faults_.corrupt_plan().actions();
  for (std::size_t index = 0; index < corrupt.size(); ++index) {
    push(corrupt[index].at_ns, kCorruptObject, reports::kNoNode, index);
  }
}

void Engine::Impl::begin_partition_window(std::size_t window) {
  faultmodels::PartitionSchedule& schedule = faults_.partitions();
  HOLO_ASSERT(window < schedule.windows().size());
  const std::vector<NodeIndex> hit = schedule.begin(window, current_leader(), up_nodes());
  const faultmodels::PartitionWindow& planned = schedule.windows()[window];
  if (hit.empty()) emit_fault(reports::kNoNode, faultmodels::kModelPartitions, "no_target", 0);
  for (const NodeIndex index : hit) {
    if (index >= nodes_.size()) continue;
    faults_.count(faultmodels::kModelPartitions, "begin");
    partition_node(index, planned.end_ns - now_, planned.direction, faultmodels::kModelPartitions);
  }
}

void Engine::Impl::plant_corrupt_object(std::size_t index) {
  const auto& actions = faults_.corrupt_plan().actions();
  HOLO_ASSERT(index < actions.size());
  const faultmodels::CorruptObjectAction& action = actions[index];
  const ElectorOptions& base = scenario_.cluster.elector;
  // The highest epoch in the store now (keys under the epoch prefix that are
  // not epoch keys, such as an earlier foreign object, are skipped).
  Epoch highest = 0;
  for (const std::string_view key : store_.keys(base.election_bucket, epoch_prefix_)) {
    if (const std::optional<Epoch> epoch = parse_epoch_key(base.election_prefix, key)) {
      highest = std::max(highest, *epoch);
    }
  }
  std::string key;
  std::string body = action.body;
  std::optional<Epoch> epoch;
  if (action.kind == faultmodels::CorruptKind::kForeignKey) {
    key = base.election_prefix + action.foreign_key;
  } else {
    epoch = highest + action.epochs_ahead;
    key = epoch_key(base.election_prefix, *epoch);
    if (action.kind == faultmodels::CorruptKind::kFutureEpoch) {
      LockRecord record;
      record.epoch = *epoch;
      record.owner = action.owner;
      record.lease_ns = base.lease_ns;
      body = encode_lock_record(record);
    }
  }
  store_.put_direct(base.election_bucket, key, body);
  const std::string_view what = faultmodels::to_string(action.kind);
  faults_.count(faultmodels::kModelCorruptObjects, what);
  emit_fault(reports::kNoNode, faultmodels::kModelCorruptObjects, what, 0);
  // The commit history includes it: the key exists now, written by no node.
  ++result_.facts.store_ops;
  reports::StoreOpFact fact;
  fact.true_ns = now_;
  fact.node = reports::kNoNode;
  fact.op = OpKind::kPut;
  fact.bucket = base.election_bucket;
  fact.key = key;
  fact.status = Status::kOk;
  fact.applied = true;
  fact.epoch = epoch;
  if (action.kind == faultmodels::CorruptKind::kFutureEpoch) fact.owner_after = action.owner;
  fact.injected = faultmodels::kModelCorruptObjects;
  emit([&](reports::FactSink& sink) { sink.on_store_op(fact); });
}

// --- driving a core -------------------------------------------------------

void Engine::Impl::drive(NodeIndex index) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.up);
  const Nanos local_ns = local_now(node);
  // Events first, so that a node that stops acting does so before it sends
  // anything (core/elector.hpp's driver contract).
  while (std::optional<Event> event = node.elector->poll_event()) {
    on_core_event(index, *event, local_ns);
  }
  // A pause that began while handling those events (the worst moment: just
  // after becoming leader) holds the requests in the core until it ends.
  if (node.paused || !node.up) return;
  while (std::optional<OutgoingRequest> outgoing = node.elector->poll_request()) {
    send(index, std::move(*outgoing));
  }
  arm_timer(index);
}

void Engine::Impl::arm_timer(NodeIndex index) {
  SimNode& node = nodes_[index];
  const std::optional<Nanos> deadline = node.elector->poll_timeout();
  if (!deadline) {
    if (node.timer_armed) ++node.timer_generation;
    node.timer_armed = false;
    return;
  }
  // The same deadline as the one already queued: nothing to do. This is the
  // common case after a response, and skipping it keeps the queue small.
  if (node.timer_armed && node.timer_local_ns == *deadline) return;
  ++node.timer_generation;
  node.timer_armed = true;
  node.timer_local_ns = *deadline;
  push(node.clock.true_at(*deadline, now_), kNodeTimer, index, node.timer_generation);
}

void Engine::Impl::on_core_event(NodeIndex index, const Event& event, Nanos local_ns) {
  ++result_.facts.node_events;
  emit([&](reports::FactSink& sink) {
    sink.on_node_event(reports::NodeEventFact{now_, local_ns, index, &event});
  });
  SimNode& node = nodes_[index];
  switch (event.kind) {
    case EventKind::kBecameLeader:
      start_acting(index, event.epoch, event.acting_until_local_ns);
      break;
    case EventKind::kLeaseExtended:
      if (node.acting && node.acting_epoch == event.epoch) {
        node.acting_until_local_ns = event.acting_until_local_ns;
        schedule_acting_deadline(index);
      } else if (!node.acting && event.acting_until_local_ns > local_ns) {
        // A renewal confirmed after the deadline had passed makes the core
        // act again (acting_epoch says so): a new interval.
        start_acting(index, event.epoch, event.acting_until_local_ns);
      }
      break;
    case EventKind::kStoppedLeading:
      if (node.acting && node.acting_epoch == event.epoch) {
        end_acting(index, to_string(event.stop_reason));
      }
      break;
    default:
      break;
  }
}

void Engine::Impl::start_acting(NodeIndex index, Epoch epoch, Nanos until_local_ns) {
  SimNode& node = nodes_[index];
  if (node.acting) end_acting(index, "replaced");
  node.acting = true;
  node.acting_epoch = epoch;
  node.acting_until_local_ns = until_local_ns;
  ++result_.leader_starts;
  ++result_.facts.acting;
  emit([&](reports::FactSink& sink) {
    sink.on_acting(reports::ActingFact{now_, index, epoch, true, {}});
  });
  schedule_acting_deadline(index);
  if (scenario_.fenced_resource.enabled) {
    // A new leader writes at once (the decision is taken now, the write lands
    // write_latency_ns later), then every write_interval_ns while it acts.
    fence_decide(index);
  }
  // The worst moment for a pause: the node has decided it leads (and may
  // have decided to write) and has not acted on it yet.
  if (const std::optional<Nanos> pause_ns = faults_.pause_on_became_leader(index, now_)) {
    pause_node(index, *pause_ns, faultmodels::kModelLeaderPauses);
  }
}

void Engine::Impl::end_acting(NodeIndex index, std::string_view reason) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.acting);
  node.acting = false;
  ++node.acting_generation;
  ++result_.facts.acting;
  emit([&](reports::FactSink& sink) {
    sink.on_acting(reports::ActingFact{now_, index, node.acting_epoch, false, reason});
  });
}

void Engine::Impl::schedule_acting_deadline(NodeIndex index) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.acting);
  ++node.acting_generation;
  push(node.clock.true_at(node.acting_until_local_ns, now_), kActingDeadline, index,
       node.acting_generation);
}

void Engine::Impl::fence_decide(NodeIndex index) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.up);
  const std::optional<Epoch> epoch = node.elector->acting_epoch(local_now(node));
  if (!epoch) {
    // Not acting any more: the tick chain ends until the next election.
    node.fence_ticking = false;
    ++node.fence_tick_generation;
    return;
  }
  node.fence_pending.push_back(*epoch);
  push(now_ + scenario_.fenced_resource.write_latency_ns, kFenceWrite, index,
       node.fence_write_generation);
  // One tick chain per node: restart it from now.
  ++node.fence_tick_generation;
  node.fence_ticking = true;
  push(now_ + scenario_.fenced_resource.write_interval_ns, kFenceTick, index,
       node.fence_tick_generation);
}

// --- the network --------------------------------------------------------------

std::uint32_t Engine::Impl::allocate_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t index = free_slots_.back();
    free_slots_.pop_back();
    return index;
  }
  HOLO_ASSERT(slots_.size() < UINT32_MAX);
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void Engine::Impl::unref_slot(std::uint32_t slot_index) {
  RequestSlot& slot = slots_[slot_index];
  HOLO_ASSERT(slot.pending_events > 0);
  if (--slot.pending_events > 0) return;
  ++slot.generation;  // stale handles to this slot are now recognisable
  free_slots_.push_back(slot_index);
}

RequestSlot* Engine::Impl::slot_of(std::uint64_t handle, std::uint32_t& index) {
  index = static_cast<std::uint32_t>(handle & 0xffffffffU);
  HOLO_ASSERT(index < slots_.size());
  RequestSlot& slot = slots_[index];
  if (slot.generation != static_cast<std::uint32_t>(handle >> 32)) return nullptr;
  return &slot;
}

void Engine::Impl::send(NodeIndex index, OutgoingRequest&& outgoing) {
  const std::uint32_t slot_index = allocate_slot();
  RequestSlot& slot = slots_[slot_index];
  HOLO_ASSERT(slot.pending_events == 0);
  slot.request = std::move(outgoing.request);
  slot.id = outgoing.id;
  slot.node = index;
  slot.incarnation = nodes_[index].incarnation;
  slot.deadline_ns = now_ + scenario_.request_timeout_ns;
  slot.awaiting_node = true;
  slot.timeout_scheduled = false;
  slot.loss_reported = false;
  const faultmodels::LatencyDraw latency = faults_.latency(index, slot.request.op, now_);
  slot.response_latency_ns = latency.response_ns;
  const std::uint64_t handle = slot_handle(slot_index, slot.generation);
  if (now_ < nodes_[index].requests_cut_until_ns) {
    // Partitioned: the request never reaches the store; the node times out.
    faults_.count(faultmodels::kModelPartitions, "request_dropped");
    emit_lost(index, slot.request, "request_dropped");
    slot.loss_reported = true;
    slot.timeout_scheduled = true;
    ++slot.pending_events;
    push(slot.deadline_ns, kRequestTimeout, index, handle);
    return;
  }
  const Nanos arrive_ns = now_ + latency.request_ns;
  ++slot.pending_events;
  push(arrive_ns, kRequestArrive, index, handle);
  if (arrive_ns >= slot.deadline_ns) {
    slot.timeout_scheduled = true;
    ++slot.pending_events;
    push(slot.deadline_ns, kRequestTimeout, index, handle);
  }
}

void Engine::Impl::on_request_arrive(std::uint32_t slot_index) {
  RequestSlot& slot = slots_[slot_index];
  const NodeIndex index = slot.node;
  const InjectedError injected = faults_.on_arrival(slot.request, now_);
  bool applied = false;
  if (injected.status != Status::kOk) {
    store_.count_rejected(slot.request.op);
    slot.response.status = injected.status;
    slot.response.etag.clear();
    slot.response.body.clear();
    slot.response.objects.clear();
    slot.response.truncated = false;
    faults_.count(injected.model, injected.what);
  } else {
    applied = store_.apply(index, slot.request, slot.response);
  }
  emit_store_op(index, slot, applied, injected);
  const std::uint64_t handle = slot_handle(slot_index, slot.generation);
  if (slot_live(slot)) {
    const SimNode& node = nodes_[index];
    std::string_view lost_cause;
    if (now_ < node.responses_cut_until_ns) {
      lost_cause = "partition";
      faults_.count(faultmodels::kModelPartitions, "response_dropped");
    } else if (faults_.lose_response(index, now_)) {
      lost_cause = "lost_response";
      faults_.count(faultmodels::kModelLostResponses, "lost");
    }
    if (!lost_cause.empty()) {
      emit_lost(index, slot.request, lost_cause);
      slot.loss_reported = true;
    }
    const Nanos response_ns = now_ + slot.response_latency_ns;
    if (lost_cause.empty() && response_ns < slot.deadline_ns) {
      ++slot.pending_events;
      push(response_ns, kResponseArrive, index, handle);
    } else if (!slot.timeout_scheduled) {
      slot.timeout_scheduled = true;
      ++slot.pending_events;
      push(slot.deadline_ns, kRequestTimeout, index, handle);
    }
  } else if (slot.awaiting_node) {
    ++result_.responses_discarded;  // its process crashed meanwhile
  }
  unref_slot(slot_index);
}

void Engine::Impl::on_response_arrive(std::uint32_t slot_index) {
  RequestSlot& slot = slots_[slot_index];
  if (!slot_live(slot)) {
    ++result_.responses_discarded;
    unref_slot(slot_index);
    return;
  }
  const NodeIndex index = slot.node;
  SimNode& node = nodes_[index];
  slot.awaiting_node = false;
  node.elector->handle_response(slot.id, std::move(slot.response), local_now(node));
  unref_slot(slot_index);
  drive(index);
}

void Engine::Impl::on_request_timeout(std::uint32_t slot_index) {
  RequestSlot& slot = slots_[slot_index];
  if (!slot_live(slot)) {
    unref_slot(slot_index);
    return;
  }
  const NodeIndex index = slot.node;
  SimNode& node = nodes_[index];
  slot.awaiting_node = false;
  ++result_.requests_timed_out;
  if (!slot.loss_reported) emit_lost(index, slot.request, "timeout");
  StoreResponse timeout;
  timeout.status = Status::kTimeout;
  node.elector->handle_response(slot.id, std::move(timeout), local_now(node));
  unref_slot(slot_index);
  drive(index);
}

// --- facts ------------------------------------------------------------------

void Engine::Impl::emit_store_op(NodeIndex index, const RequestSlot& slot, bool applied,
                                 const InjectedError& injected) {
  ++result_.facts.store_ops;
  if (sinks_.empty()) return;  // the epoch and owner are decoded only for a sink
  const StoreRequest& request = slot.request;
  reports::StoreOpFact fact;
  fact.true_ns = now_;
  fact.node = index;
  fact.op = request.op;
  fact.condition = request.condition;
  fact.bucket = request.bucket;
  fact.key = request.key;
  fact.status = slot.response.status;
  fact.applied = applied;
  fact.injected = injected.status != Status::kOk ? injected.model : std::string_view{};
  fact.list_keys_returned =
      request.op == OpKind::kList ? static_cast<std::uint32_t>(slot.response.objects.size()) : 0;
  std::optional<LockDecode> decoded;
  if (request.op != OpKind::kList && request.bucket == scenario_.cluster.elector.election_bucket) {
    fact.epoch = parse_epoch_key(scenario_.cluster.elector.election_prefix, request.key);
    if (fact.epoch && applied && request.op == OpKind::kPut) {
      decoded = decode_lock_record(request.body);
      if (decoded->record) fact.owner_after = decoded->record->owner;
    }
  }
  emit([&](reports::FactSink& sink) { sink.on_store_op(fact); });
}

void Engine::Impl::emit_lost(NodeIndex index, const StoreRequest& request, std::string_view cause) {
  ++result_.facts.lost_responses;
  emit([&](reports::FactSink& sink) {
    sink.on_lost_response(reports::LostResponseFact{now_, index, request.op, request.key, cause});
  });
}

void Engine::Impl::emit_lifecycle(NodeIndex index, reports::LifecycleKind kind, Nanos duration_ns) {
  ++result_.facts.lifecycle;
  emit([&](reports::FactSink& sink) {
    sink.on_lifecycle(reports::LifecycleFact{now_, index, kind, duration_ns});
  });
}

void Engine::Impl::emit_fault(NodeIndex index, std::string_view model, std::string_view what,
                              Nanos until_ns) {
  ++result_.facts.faults;
  emit([&](reports::FactSink& sink) {
    sink.on_fault(reports::FaultFact{now_, index, model, what, until_ns});
  });
}

void Engine::Impl::emit_assumption(NodeIndex index, std::string_view assumption,
                                   std::string_view detail) {
  ++result_.facts.assumptions;
  emit([&](reports::FactSink& sink) {
    sink.on_assumption(reports::AssumptionFact{now_, index, assumption, detail});
  });
}

void Engine::Impl::emit_object_count() {
  ++result_.facts.object_counts;
  emit([&](reports::FactSink& sink) {
    sink.on_object_count(
        reports::ObjectCountFact{now_, store_.object_count(), store_.watched_object_count()});
  });
}

reports::RunHeader Engine::Impl::make_header() const {
  reports::RunHeader header;
  header.scenario_name = scenario_.name;
  header.scenario_digest = options_.scenario_digest;
  header.scenario_json = options_.scenario_json;
  header.seed = seed_;
  header.program_version = HOLOCRON_VERSION;
  header.swarm_json = faults_.swarm_json();
  header.algorithm = scenario_.cluster.elector.algorithm;
  header.node_names.reserve(nodes_.size());
  for (const SimNode& node : nodes_) header.node_names.push_back(node.name);
  header.duration_ns = scenario_.duration_ns;
  header.lease_ns = scenario_.cluster.elector.lease_ns;
  header.poll_interval_ns = scenario_.cluster.elector.poll_interval_ns;
  header.liveness_bound_ns = scenario_.checks.liveness_bound_ns;
  return header;
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
