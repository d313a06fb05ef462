// Simulated nodes: lifecycle (start, crash, restart, resume, pause, clock
// steps, partitions), driving a core, acting intervals and fenced writes.
#include <algorithm>
#include <string>
#include <utility>

#include "core/assert.hpp"
#include "faultmodels/model_names.hpp"
#include "faultmodels/targets.hpp"
#include "sim/engine_impl.hpp"

namespace holocron::sim {

using namespace engine_detail;

void Engine::Impl::start_node(NodeIndex index, reports::LifecycleKind kind) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(!node.up);
  const ElectorOptions& base = scenario_.cluster.elector;
  ElectorIdentity identity;
  identity.node_id = node.name;
  if (base.layout == Layout::kPerNode) identity.node_bucket = node_bucket(index);
  identity.resume = kind == reports::LifecycleKind::kResumed;
  identity.prng_seed = node.elector_seeds.next();
  if (options_.elector_factory) {
    // A test's factory takes whole options.
    ElectorOptions options = base;
    options.node_id = std::move(identity.node_id);
    options.node_bucket = std::move(identity.node_bucket);
    options.resume = identity.resume;
    options.prng_seed = identity.prng_seed;
    node.elector = options_.elector_factory(options);
  } else {
    // Every core shares one copy of the options (core/elector.hpp).
    HOLO_ASSERT(shared_elector_options_ != nullptr);
    node.elector = make_elector(shared_elector_options_, identity);
  }
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
  // Requests on their way to the store outlive the process that sent them.
  keep_requests_of(index);
  node.elector.reset();
  // Everything the old process was waiting for is now addressed to a process
  // that no longer exists: responses to its requests are discarded on
  // arrival, its timers and fenced writes never happen.
  ++node.incarnation;
  ++node.timer_generation;
  node.timer_armed = false;
  ++node.fence_tick_generation;
  ++node.fence_write_generation;
  node.fence_pending.clear();
  node.fence_pending_head = 0;
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
  HOLO_ASSERT(for_ns >= 0);
  SimNode& node = nodes_[index];
  const Nanos until_ns = now_ + for_ns;
  if (direction != faultmodels::PartitionDirection::kResponses) {
    node.requests_cut_until_ns = std::max(node.requests_cut_until_ns, until_ns);
  }
  if (direction != faultmodels::PartitionDirection::kRequests) {
    node.responses_cut_until_ns = std::max(node.responses_cut_until_ns, until_ns);
  }
  node.cut_until_ns = std::max(node.requests_cut_until_ns, node.responses_cut_until_ns);
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

std::vector<NodeIndex> Engine::Impl::target_candidates(
    const faultmodels::NodeTarget& target) const {
  if (target.kind != faultmodels::TargetKind::kAll) return up_nodes();
  return faultmodels::all_nodes(static_cast<std::uint32_t>(nodes_.size()));
}

std::vector<NodeIndex> Engine::Impl::resolve(const NodeAction& action) const {
  std::vector<NodeIndex> hit = faultmodels::resolve_target(
      action.target, action.pick, current_leader(), target_candidates(action.target));
  // Listed nodes may name indices past the cluster (a scenario written for a
  // larger one); they hit nobody.
  hit.erase(
      std::remove_if(hit.begin(), hit.end(), [&](NodeIndex node) { return node >= nodes_.size(); }),
      hit.end());
  return hit;
}

void Engine::Impl::apply_before_start(NodeIndex index) {
  HOLO_ASSERT(nodes_[index].up);
  // This node's entries are taken out of the list before any is applied, and
  // each action is copied: a crash's restart appends to actions_.
  std::vector<BeforeStart> mine;
  std::erase_if(before_start_, [&](const BeforeStart& entry) {
    if (entry.node != index) return false;
    mine.push_back(entry);
    return true;
  });
  for (const BeforeStart& entry : mine) {
    const NodeAction action = actions_[entry.action];
    if (action.kind == NodeActionKind::kCrash) {
      crash_node(index, action.then, action.amount_ns, action.model);
    } else {
      HOLO_ASSERT(action.kind == NodeActionKind::kPause);
      // What is left of the pause; none if it ended before the start.
      pause_node(index, entry.at_ns + action.amount_ns - now_, action.model);
    }
  }
}

void Engine::Impl::run_action(std::size_t action_index) {
  HOLO_ASSERT(action_index < actions_.size());
  // A copy: a crash with a restart appends its follow-up to actions_, which
  // may move the list while this loop still reads the action.
  const NodeAction action = actions_[action_index];
  const std::vector<NodeIndex> hit = resolve(action);
  if (hit.empty() && !action.model.empty()) {
    emit_fault(reports::kNoNode, action.model, "no_target", 0);
  }
  for (const NodeIndex index : hit) {
    SimNode& node = nodes_[index];
    const bool waits_for_start =
        action.kind == NodeActionKind::kCrash || action.kind == NodeActionKind::kPause;
    if (waits_for_start && not_started(node)) {
      before_start_.push_back(BeforeStart{index, action_index, now_});
      continue;
    }
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

// --- driving a core -------------------------------------------------------

void Engine::Impl::drive(NodeIndex index) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.up);
  const Nanos local_ns = local_now(node);
  // Events first, so that a node that stops acting does so before it sends
  // anything (core/elector.hpp's driver contract).
  // Read in place: on_core_event never calls back into the elector, so the
  // event stays valid until it is popped.
  while (const Event* event = node.elector->peek_event()) {
    on_core_event(index, *event, local_ns);
    node.elector->pop_event();
  }
  // A pause that began while handling those events (the worst moment: just
  // after becoming leader) holds the requests in the core until it ends.
  if (node.paused || !node.up) return;
  // Requests stay where the core wrote them: a slot borrows each one until
  // the core is handed its response (keep_request covers the rare slot that
  // needs it longer), so sending copies no key and no body.
  while (const OutgoingRequest* outgoing = node.elector->borrow_request()) {
    const std::uint32_t slot_index = allocate_slot();
    RequestSlot& slot = slots_[slot_index];
    slot.id = outgoing->id;
    slot.request = &outgoing->request;
    send(index, slot_index);
  }
  arm_timer(index);
}

void Engine::Impl::arm_timer(NodeIndex index) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.up);
  HOLO_ASSERT(!node.paused);
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
  // Nearly every node event (an observation, an attempt) leaves the acting
  // state alone, and its fact, when some sink reads it, is all there is to
  // do: both paths end in a tail call, and this function saves no register.
  // With the fan-out in line, every node event saved and restored six
  // registers, sinks or none.
  static_assert(EventKind::kBecameLeader < EventKind::kStoppedLeading);
  static_assert(EventKind::kLeaseExtended < EventKind::kStoppedLeading);
  if (event.kind <= EventKind::kStoppedLeading) {
    on_acting_event(index, event, local_ns);
    return;
  }
  if (!sinks_.empty()) emit_node_event(index, event, local_ns);
}

void Engine::Impl::on_acting_event(NodeIndex index, const Event& event, Nanos local_ns) {
  HOLO_ASSERT(event.kind <= EventKind::kStoppedLeading);
  // The fact comes before the acting facts it causes.
  if (!sinks_.empty()) emit_node_event(index, event, local_ns);
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
      HOLO_UNREACHABLE("on_acting_event: a kind that does not change the acting state");
  }
}

void Engine::Impl::emit_node_event(NodeIndex index, const Event& event, Nanos local_ns) {
  HOLO_ASSERT(!sinks_.empty());
  // One fact for every sink (about 125,000 node events a checked minute).
  const reports::NodeEventFact fact{now_, local_ns, index, &event};
  emit([&](reports::FactSink& sink) { sink.on_node_event(fact); });
}

void Engine::Impl::start_acting(NodeIndex index, Epoch epoch, Nanos until_local_ns) {
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.up);
  HOLO_ASSERT(epoch > 0);
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
    ++node.fence_tick_generation;
    return;
  }
  node.fence_pending.push_back(*epoch);
  push(now_ + scenario_.fenced_resource.write_latency_ns, kFenceWrite, index,
       node.fence_write_generation);
  // One tick chain per node: restart it from now.
  ++node.fence_tick_generation;
  push(now_ + scenario_.fenced_resource.write_interval_ns, kFenceTick, index,
       node.fence_tick_generation);
}

}  // namespace holocron::sim
