// The engine's private parts, shared by its implementation files
// (engine.cpp: construction and the run loop; engine_nodes.cpp: lifecycle,
// driving cores, acting intervals and the fenced resource; engine_network.cpp:
// requests in flight; engine_faults.cpp: fault plans; engine_facts.cpp: facts).
// Nothing outside sim/engine*.cpp includes it; use sim/engine.hpp.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/elector.hpp"
#include "core/prng.hpp"
#include "reports/facts.hpp"
#include "sim/engine.hpp"
#include "sim/epoch_key_memo.hpp"
#include "sim/event_digest.hpp"
#include "sim/event_queue.hpp"
#include "sim/fault_injector.hpp"
#include "sim/fenced_resource.hpp"
#include "sim/local_clock.hpp"
#include "sim/object_store.hpp"

namespace holocron::sim {

namespace engine_detail {

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
  // The core's request, borrowed where the core keeps it (core/elector.hpp):
  // it stays valid until the core is handed the response or destroyed. A
  // slot whose request has still to reach the store at that point keeps a
  // copy (keep_request), which is rare: a timeout before arrival, a crash.
  RequestId id = 0;
  const StoreRequest* request = nullptr;
  StoreRequest kept;  // the copy `request` points to once kept
  StoreResponse response;
  NodeIndex node = 0;
  std::uint32_t incarnation = 0;
  std::uint32_t generation = 0;
  std::uint32_t pending_events = 0;  // queued or held events naming this slot
  Nanos deadline_ns = 0;             // the node gives up at this true instant
  Nanos response_latency_ns = 0;     // store -> node
  bool awaiting_node = false;        // the node has not been answered yet
  bool timeout_scheduled = false;
  bool loss_reported = false;    // a LostResponseFact was emitted for it
  bool arrival_pending = false;  // a kRequestArrive event for it is queued
  // While the slot is free: the next free slot (kNoFreeSlot ends the list).
  std::uint32_t next_free = 0;
};

struct alignas(64) SimNode {
  // The fields that every event of the node reads fill exactly its first
  // cache line (the node is line-aligned): at 10,000 nodes the node table is
  // far larger than the cache, each line a round touches is a miss, and
  // unaligned nodes straddled two lines (cachegrind with an 8 MB last-level
  // cache). The partition windows are read at every send and arrival, so
  // the later of their two ends stands here; the two ends themselves are
  // read only while a partition may be on.
  std::unique_ptr<Elector> elector;
  LocalClock clock;
  bool up = false;
  bool paused = false;
  bool timer_armed = false;
  bool acting = false;
  std::uint32_t incarnation = 0;
  std::uint64_t timer_generation = 0;
  Nanos timer_local_ns = 0;
  // max(requests_cut_until_ns, responses_cut_until_ns): before it, one of
  // them may cut this node's traffic.
  Nanos cut_until_ns = 0;

  Epoch acting_epoch = 0;
  Nanos acting_until_local_ns = 0;
  std::uint64_t acting_generation = 0;

  Nanos requests_cut_until_ns = 0;   // partition: requests dropped before this
  Nanos responses_cut_until_ns = 0;  // partition: responses dropped before this

  std::uint64_t pause_generation = 0;
  Nanos paused_until_ns = 0;
  std::vector<QueuedEvent> held;  // events that arrived while paused

  std::uint32_t restarts = 0;
  // Tokens decided, not yet written: fence_pending[fence_pending_head, end),
  // oldest first (a vector and an index, not a deque: a deque's empty map and
  // block cost 576 bytes a node).
  std::uint32_t fence_pending_head = 0;
  Prng elector_seeds{0};  // one seed per core instance (start, restart, resume)

  std::uint64_t fence_tick_generation = 0;
  std::uint64_t fence_write_generation = 0;
  std::vector<Epoch> fence_pending;

  // The node's options are the scenario's (cluster.elector) with this name
  // as the node id (start_node builds them): not a copy per node.
  std::string name;
};

static_assert(offsetof(SimNode, cut_until_ns) + sizeof(Nanos) <= 64,
              "SimNode: the fields every event reads must fill its first cache line");
// Four lines, a power of two: every event indexes the node table, and a
// power of two makes that a shift (576 bytes cost an instruction more).
// The size follows from libstdc++'s string and vector layouts on a 64-bit
// target; another standard library gives another size, which costs that
// instruction but is no error, so the check holds only where it was tuned.
#if defined(__GLIBCXX__) && defined(__x86_64__)
static_assert(sizeof(SimNode) == 256);
#endif

// Ends the engine's list of free request slots.
constexpr std::uint32_t kNoFreeSlot = UINT32_MAX;

inline std::uint64_t slot_handle(std::uint32_t index, std::uint32_t generation) {
  return (static_cast<std::uint64_t>(generation) << 32) | index;
}

}  // namespace engine_detail

class Engine::Impl {
  using SimNode = engine_detail::SimNode;
  using RequestSlot = engine_detail::RequestSlot;

 public:
  Impl(const Scenario& scenario, std::uint64_t seed, std::vector<reports::FactSink*> sinks,
       EngineOptions options);

  void schedule(Nanos at_ns, const NodeAction& action) {
    HOLO_ASSERT(at_ns >= 0);
    HOLO_ASSERT(!started_);
    actions_.push_back(action);
    push(at_ns, engine_detail::kAction, reports::kNoNode, actions_.size() - 1);
  }

  RunResult run();
  void schedule_fault_plans();

  const ObjectStore& store() const { return store_; }
  bool node_up(NodeIndex node) const { return nodes_.at(node).up; }
  bool node_paused(NodeIndex node) const { return nodes_.at(node).paused; }

 private:
  // --- events -------------------------------------------------------------
  // In line, with the overflow's message out of line: building it in here
  // made every push save six registers for a case that ends the run
  // (callgrind, holobench 1,000 x 60 s: 20 instructions a push).
  void push(Nanos at_ns, std::uint32_t kind, std::uint32_t node, std::uint64_t payload) {
    if (!queue_.push(at_ns, kind, node, payload)) [[unlikely]] {
      note_queue_overflow();
    }
  }
  // The run's error for a full queue (the first error stands).
  [[gnu::cold, gnu::noinline]] void note_queue_overflow();
  void dispatch(const QueuedEvent& event);
  // dispatch's kFenceWrite, out of line: with its fact folded in, dispatch
  // saved six registers for every event of a run without a fenced resource.
  [[gnu::noinline]] void on_fence_write(const QueuedEvent& event);
  // True when the event was held because its node is paused. In line: nearly
  // every event asks, and a node is rarely paused, so the common answer costs
  // no call.
  bool hold_if_paused(const QueuedEvent& event) {
    return nodes_[event.node].paused && hold_while_paused(event);
  }
  // hold_if_paused's paused case: keeps the event until the node resumes.
  bool hold_while_paused(const QueuedEvent& event);

  // --- nodes --------------------------------------------------------------
  Nanos local_now(const SimNode& node) const { return node.clock.local_at(now_); }
  // Layout::kPerNode: node `index`'s own bucket.
  std::string node_bucket(NodeIndex index) const {
    return scenario_.cluster.node_bucket_prefix + nodes_[index].name;
  }
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
  // on_core_event's two paths, out of line (see there): the events that
  // change the acting state, and the NodeEventFact for the sinks.
  [[gnu::noinline]] void on_acting_event(NodeIndex index, const Event& event, Nanos local_ns);
  [[gnu::noinline]] void emit_node_event(NodeIndex index, const Event& event, Nanos local_ns);
  void start_acting(NodeIndex index, Epoch epoch, Nanos until_local_ns);
  void end_acting(NodeIndex index, std::string_view reason);
  void schedule_acting_deadline(NodeIndex index);
  void fence_decide(NodeIndex index);
  void release_held(SimNode& node);
  std::optional<NodeIndex> current_leader() const;
  std::vector<NodeIndex> resolve(const NodeAction& action) const;
  void run_action(std::size_t action_index);
  std::vector<NodeIndex> up_nodes() const;
  // Who a fault aimed at `target` may hit: every node of the cluster for
  // "all" (a node that has not started yet included: "all" means all), the
  // nodes that are up for a pick.
  std::vector<NodeIndex> target_candidates(const faultmodels::NodeTarget& target) const;
  // A node that has not started yet (its first start is still queued).
  bool not_started(const SimNode& node) const { return !node.up && node.incarnation == 0; }
  // Crashes and pauses that hit a node before its first start, applied when
  // it starts (so that "crash all at 50 ms" also crashes a node that starts
  // at 80 ms), in the order they hit.
  struct BeforeStart {
    NodeIndex node = 0;
    std::size_t action = 0;  // into actions_
    Nanos at_ns = 0;         // when it hit
  };
  void apply_before_start(NodeIndex index);
  void begin_partition_window(std::size_t window);
  void plant_corrupt_object(std::size_t index);

  // --- network ------------------------------------------------------------
  // Sends the request polled into slot `slot_index`.
  void send(NodeIndex index, std::uint32_t slot_index);
  void on_request_arrive(std::uint32_t slot_index);
  void on_response_arrive(std::uint32_t slot_index);
  void on_request_timeout(std::uint32_t slot_index);
  std::uint32_t allocate_slot();
  // Copies the slot's request into the slot before its core lets go of it.
  static void keep_request(RequestSlot& slot);
  // keep_request for every request of node `index` that has not reached the
  // store yet, before its core is destroyed.
  void keep_requests_of(NodeIndex index);
  // Drops one queued or held event's hold on the slot; the last frees it.
  // In line, and the free slots a list through the slots themselves rather
  // than a vector: a vector's push_back brought its reallocation into the
  // function, which then saved six registers on each of about 250,000 calls
  // a minute (callgrind, holobench 1,000 x 60 s). Freed slots are taken
  // again last in, first out, as the vector gave them, so handles (and the
  // event digest) are unchanged.
  void unref_slot(std::uint32_t slot_index) {
    RequestSlot& slot = slots_[slot_index];
    HOLO_ASSERT(slot.pending_events > 0);
    if (--slot.pending_events > 0) return;
    ++slot.generation;  // stale handles to this slot are now recognisable
    slot.next_free = free_slot_head_;
    free_slot_head_ = slot_index;
  }
  bool slot_live(const RequestSlot& slot) const {
    return slot.awaiting_node && nodes_[slot.node].incarnation == slot.incarnation;
  }
  // The slot an event names, or nullptr when the handle is stale. In line:
  // dispatch asks for every request event (about 250,000 a minute), and the
  // call cost more than the lookup.
  RequestSlot* slot_of(std::uint64_t handle, std::uint32_t& index) {
    index = static_cast<std::uint32_t>(handle & 0xffffffffU);
    HOLO_ASSERT(index < slots_.size());
    RequestSlot& slot = slots_[index];
    if (slot.generation != static_cast<std::uint32_t>(handle >> 32)) return nullptr;
    return &slot;
  }

  // Starts loading what `next` reads first, its node's first line and, for
  // a request event, its slot's, while the current event runs: at 10,000
  // nodes the node table and the slots are far larger than the cache, and
  // these two loads were most of dispatch's time. Always in line: as a
  // call, g++ 12's mod/ref analysis took a function that only prefetches
  // for one without effects and dropped the call. The addresses are
  // computed as integers, so an index past its table (a store-wide event's
  // node, another kind's payload) makes no out-of-bounds pointer; a
  // prefetch never faults. (The integer-to-pointer casts cost no
  // optimization here: nothing but the prefetch reads them.)
  [[gnu::always_inline]] void prefetch_for(const QueuedEvent& next) const {
    const auto nodes = reinterpret_cast<std::uintptr_t>(nodes_.data());
    const std::uintptr_t node_line = nodes + next.node * sizeof(SimNode);
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    __builtin_prefetch(reinterpret_cast<const void*>(node_line));
    // The three kinds whose payload is a slot handle are consecutive, so
    // one unsigned comparison tells them.
    static_assert(engine_detail::kResponseArrive == engine_detail::kRequestArrive + 1);
    static_assert(engine_detail::kRequestTimeout == engine_detail::kRequestArrive + 2);
    if (next.kind - engine_detail::kRequestArrive <=
        engine_detail::kRequestTimeout - engine_detail::kRequestArrive) {
      const auto slots = reinterpret_cast<std::uintptr_t>(slots_.data());
      const std::uintptr_t slot_line = slots + (next.payload & 0xffffffffU) * sizeof(RequestSlot);
      // NOLINTNEXTLINE(performance-no-int-to-ptr)
      __builtin_prefetch(reinterpret_cast<const void*>(slot_line));
    }
  }

  // --- facts --------------------------------------------------------------
  template <typename Call>
  void emit(Call&& call) {
    for (reports::FactSink* sink : sinks_) call(*sink);
  }
  // Every StoreOpFact but the counted ones goes through here: the counts
  // are delivered first (StoreOpCountsFact's contract).
  void emit_store_fact(const reports::StoreOpFact& fact) {
    if (store_op_counts_pending()) deliver_store_op_counts();
    emit([&](reports::FactSink& sink) { sink.on_store_op(fact); });
  }
  void deliver_store_op_counts();
  // Whether some operation was counted since the counts were last delivered.
  bool store_op_counts_pending() const { return store_op_counts_.true_ns != kNoCountsNs; }
  // Most requests neither commit nor meet a fault (every loser of a race):
  // they change no history, and the sinks that judge and record it only
  // count them. In line, because they are most of a run's store operations.
  void emit_store_op(NodeIndex index, const RequestSlot& slot, bool applied,
                     const InjectedError& injected) {
    ++result_.facts.store_ops;
    // The epoch and owner are decoded only for a sink.
    if (store_op_route_ == StoreOpRoute::kNoSinks) return;
    // Most operations: every sink counts them, and this one is counted.
    if (store_op_route_ == StoreOpRoute::kAllCount && !applied && injected.status == Status::kOk) {
      count_store_op(slot);
      return;
    }
    emit_store_op_slow(index, slot, applied, injected);
  }
  // A request that neither committed nor met a fault, for the counting sinks.
  void count_store_op(const RequestSlot& slot) {
    const auto op = static_cast<std::size_t>(slot.request->op);
    HOLO_ASSERT(op < store_op_counts_.by_op.size());
    ++store_op_counts_.by_op[op];
    if (slot.response.status != Status::kOk) ++store_op_counts_.failed;
    store_op_counts_.true_ns = now_;
  }
  // The rest of emit_store_op, out of line: a counted operation while some
  // sink wants each one, and every fact.
  [[gnu::noinline]] void emit_store_op_slow(NodeIndex index, const RequestSlot& slot, bool applied,
                                            const InjectedError& injected);
  // `counted`: the counting sinks have it already; only the others get it.
  void emit_store_op_fact(NodeIndex index, const RequestSlot& slot, bool applied,
                          const InjectedError& injected, bool counted);
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
  // Whether the run loop prefetches for the next event (prefetch_for): for
  // clusters of kPrefetchNodesMin nodes and more. A small cluster's nodes
  // and slots stay in the first-level cache, and there the peek and the
  // prefetches cost a 5-node sweep 2.7% more time for nothing.
  static constexpr std::uint32_t kPrefetchNodesMin = 64;
  bool prefetch_next_event_ = false;
  std::vector<NodeAction> actions_;
  std::vector<BeforeStart> before_start_;
  std::vector<RequestSlot> slots_;
  std::uint32_t free_slot_head_ = engine_detail::kNoFreeSlot;  // through RequestSlot::next_free
  std::string epoch_prefix_;
  // The scenario's elector options without a node's identity, one copy for
  // every core the default factory builds (null with a test's factory).
  SharedElectorOptions shared_elector_options_;
  // emit_store_op's last keys and their epochs, while some sink reads the
  // epochs of uncommitted operations (unapplied_store_op_epochs_).
  EpochKeyMemo fact_epoch_keys_;
  // Some sink reads the epoch of store operations that did not commit
  // (FactNeeds); without one, emit_store_op parses only committed keys.
  bool unapplied_store_op_epochs_ = false;
  // The sinks that want a StoreOpFact for every uncommitted, fault-free
  // operation, and those that take such operations as counts (FactNeeds).
  std::vector<reports::FactSink*> each_store_op_sinks_;
  std::vector<reports::FactSink*> counting_store_op_sinks_;
  // Which of emit_store_op's paths an operation can take (from FactNeeds).
  enum class StoreOpRoute : std::uint8_t { kNoSinks, kAllCount, kSomeWantEach };
  StoreOpRoute store_op_route_ = StoreOpRoute::kNoSinks;
  // The counts' time while some are pending (store_op_counts_pending), no
  // time (true time is never negative) after a delivery: a flag of its own
  // cost a store for every counted operation, most of a run's operations.
  static constexpr Nanos kNoCountsNs = -1;
  reports::StoreOpCountsFact store_op_counts_{.true_ns = kNoCountsNs};
  Nanos now_ = 0;
  Nanos last_fault_heal_ns_ = 0;
  bool started_ = false;
  std::string error_;
  RunResult result_;
};

}  // namespace holocron::sim
