// Facts: what the simulator tells the reports layer as a run goes. This is the
// seam between `sim` and `reports`: the simulator produces facts, and the
// checkers, the trace writers and the metrics consume them through FactSink.
// `reports` never links `sim`; a trace file holds enough of these facts to
// rebuild every report offline.
//
// All times are true (simulator) time in nanoseconds unless a field says
// local. String views in facts point into the producer's storage and are valid
// only during the call: a sink that keeps one must copy it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/elector.hpp"
#include "core/store.hpp"
#include "core/time.hpp"

namespace holocron::reports {

// Nodes are numbered 0..node_count-1; RunHeader::node_names gives their ids.
using NodeIndex = std::uint32_t;
inline constexpr NodeIndex kNoNode = UINT32_MAX;

struct RunHeader {
  std::string scenario_name;
  std::string scenario_digest;  // hex digest of the canonical scenario JSON
  std::string scenario_json;    // the canonical scenario, for replay
  std::uint64_t seed = 0;
  std::string program_version;
  std::string swarm_json;  // the swarm draw for this seed ("{}" when off)
  Algorithm algorithm = Algorithm::kStable;
  std::vector<std::string> node_names;
  Nanos duration_ns = 0;
  Nanos lease_ns = 0;
  Nanos poll_interval_ns = 0;
  Nanos liveness_bound_ns = 0;  // L1: a leader within this long after the last heal
};

// One request applied by the store (or rejected by it, or by a fault model
// before it reached the store: then `applied` is false and `injected` names
// the fault). Emitted when the request arrives at the store.
struct StoreOpFact {
  Nanos true_ns = 0;
  NodeIndex node = kNoNode;
  OpKind op = OpKind::kGet;
  Condition condition = Condition::kNone;
  std::string_view bucket;
  std::string_view key;
  Status status = Status::kOk;
  bool applied = false;  // the store's state changed (a commit)
  // Set when key is an epoch lock key. For a request that did not commit,
  // only when some sink's needs() asks for it (FactNeeds): most store
  // operations do not commit, and only an event log reads their epochs.
  std::optional<Epoch> epoch;
  std::string_view owner_after;  // PUT to an epoch key: the owner recorded in the new body
  std::uint32_t list_keys_returned = 0;
  std::string_view injected;  // non-empty: the fault model that produced `status`
};

// A response that the node will never see (lost after the store applied it,
// or dropped by a partition), or that it gave up on (timeout).
struct LostResponseFact {
  Nanos true_ns = 0;
  NodeIndex node = kNoNode;
  OpKind op = OpKind::kGet;
  std::string_view key;
  std::string_view cause;  // "lost_response", "partition", "request_dropped"
};

// An event the node's election core emitted, with both clocks.
struct NodeEventFact {
  Nanos true_ns = 0;
  Nanos local_ns = 0;
  NodeIndex node = kNoNode;
  const Event* event = nullptr;
};

enum class LifecycleKind : std::uint8_t {
  kStarted,
  kCrashed,    // volatile state lost; pending responses discarded
  kRestarted,  // a fresh process with the same identity, starting from scratch
  kResumed,    // a fresh process resuming the identity from the store (virtual node)
  kPaused,     // stop-the-world: no events processed, the clock keeps running
  kUnpaused,
  kStopped,
};

struct LifecycleFact {
  Nanos true_ns = 0;
  NodeIndex node = kNoNode;
  LifecycleKind kind = LifecycleKind::kStarted;
  Nanos duration_ns = 0;  // pauses and crash-to-restart delays, when known
};

// A node starts or stops acting as leader of `epoch`. The simulator computes
// the end as the earlier of the core's StoppedLeading event and the true
// instant at which the node's local clock reaches acting_until_local_ns.
struct ActingFact {
  Nanos true_ns = 0;
  NodeIndex node = kNoNode;
  Epoch epoch = 0;
  bool started = true;
  std::string_view reason;  // for ends: a StopReason name, "deadline", "crash", ...
};

// A write to the fenced resource by a node that believed it led `token`.
struct FencedWriteFact {
  Nanos true_ns = 0;
  NodeIndex node = kNoNode;
  Epoch token = 0;
  bool accepted = false;
  Epoch highest_accepted_before = 0;
  bool writer_acting = false;  // the writer's acting interval covered this instant
};

// A fault model injected something (or a scheduled fault began or healed).
struct FaultFact {
  Nanos true_ns = 0;
  NodeIndex node = kNoNode;  // kNoNode for store-wide faults
  std::string_view model;  // "latency", "store_errors", "partition", "crash", "pause", "clock", ...
  std::string_view what;   // e.g. "begin", "heal", "500", "drop_response", "step"
  Nanos until_ns = 0;      // for windows: when it heals (0 if instantaneous)
};

// The run left (or returned within) an algorithm assumption: a pause longer
// than the margin, a clock drift beyond max_drift_ppm, a clock step.
struct AssumptionFact {
  Nanos true_ns = 0;
  NodeIndex node = kNoNode;
  std::string_view assumption;  // "pause_bound", "drift_bound", "clock_step"
  std::string_view detail;
};
// A clock drifting beyond the bound: unlike a pause or a step (an instant
// whose effects last a while), it holds for the whole run, since a clock
// plan's drift is fixed.
inline constexpr std::string_view kAssumptionDriftBound = "drift_bound";

struct ObjectCountFact {
  Nanos true_ns = 0;
  std::uint64_t objects = 0;        // all objects in all buckets
  std::uint64_t epoch_objects = 0;  // objects under the election prefix
};

struct OpCounters {
  std::uint64_t list_requests = 0;
  std::uint64_t get_requests = 0;
  std::uint64_t put_requests = 0;
  std::uint64_t delete_requests = 0;
  double cost_usd = 0;  // priced with the scenario's price table
};

struct RunEnd {
  Nanos end_ns = 0;
  OpCounters ops;
  Nanos last_fault_heal_ns = 0;  // 0 when the run had no faults
  // Some fault model injected at a steady rate all run (lost responses,
  // random 500s), so faults never all healed: L1 then judges only the
  // leaderless stretch that last_fault_heal_ns falls in.
  bool steady_faults = false;
  std::vector<std::pair<std::string, std::uint64_t>> fault_counts;  // model/what -> count, sorted
  std::vector<std::string> faults_never_fired;  // configured, but injected nothing
  std::string event_digest;                     // hex digest of every event the engine processed
  // Empty when the run reached its duration. Otherwise the run stopped early
  // (a limit was exceeded) and this says which limit, where and when: every
  // other field then describes the run only up to end_ns, so nothing about
  // the rest of the scenario may be concluded from it.
  std::string stopped_early;
};

// What a sink reads of the facts, so that the producer can skip work that no
// sink wants. The defaults are everything: a sink that does not say gets full
// facts.
struct FactNeeds {
  // StoreOpFact::epoch of requests that did not commit (applied == false).
  bool unapplied_store_op_epochs = true;
  // A StoreOpFact for every request that did not commit and met no injected
  // fault. False: such requests are counted instead (StoreOpCountsFact).
  bool each_unapplied_store_op = true;
};

// The store operations that did not commit and met no injected fault since
// the last counts, for a sink whose needs() say each_unapplied_store_op =
// false (in a race for an epoch, every request but the winner's). Delivered,
// when not all zero, before the next StoreOpFact the sink receives and before
// the run end, but not before other facts: the counted operations changed no
// history, so a sink that attributes operations to the history's current
// state (the trace's per-epoch tallies) attributes them as it would one fact
// each, and a sink that needs them in order with other facts must not ask
// for counts.
struct StoreOpCountsFact {
  Nanos true_ns = 0;                     // the latest counted operation
  std::array<std::uint64_t, 4> by_op{};  // indexed by OpKind
  std::uint64_t failed = 0;              // of them, those whose status was not kOk
};

// Receives facts in true-time order (counts of store operations aside: see
// StoreOpCountsFact). Every method has a no-op default, so a
// sink implements only what it needs.
class FactSink {
 public:
  virtual ~FactSink() = default;
  // Asked once, before on_header; the answer must not change during a run.
  [[nodiscard]] virtual FactNeeds needs() const { return {}; }
  virtual void on_header(const RunHeader&) {}
  virtual void on_store_op(const StoreOpFact&) {}
  virtual void on_store_op_counts(const StoreOpCountsFact&) {}
  virtual void on_lost_response(const LostResponseFact&) {}
  virtual void on_node_event(const NodeEventFact&) {}
  virtual void on_lifecycle(const LifecycleFact&) {}
  virtual void on_acting(const ActingFact&) {}
  virtual void on_fenced_write(const FencedWriteFact&) {}
  virtual void on_fault(const FaultFact&) {}
  virtual void on_assumption(const AssumptionFact&) {}
  virtual void on_object_count(const ObjectCountFact&) {}
  virtual void on_run_end(const RunEnd&) {}
};

}  // namespace holocron::reports
