// The discrete-event engine of holosim: simulated nodes, each hosting one
// real election core, talking over a simulated network to the in-memory
// object store, with a fenced resource that leaders write to. It processes
// one event at a time in (true time, insertion sequence) order and tells the
// FactSinks what happened, in true-time order.
//
// Drivers and clocks. Each node drives its core exactly as a production
// driver would: feed one input stamped with the node's *local* time, then
// drain events, then requests, then arm poll_timeout (core/elector.hpp). Local
// time comes from the node's LocalClock (offset, drift, steps). A deadline in
// local time is turned into the true instant the local clock reaches it.
//
// Network. A request's round trip is drawn from the latency model and split
// into an outbound and a return part; the store applies the request at the
// instant it arrives. Fault models may drop the request on the way out (a
// partition), answer it with an injected error instead of applying it (500,
// 503, 409), or drop the response after the store applied it (lost response,
// partition). A node gives up on a request request_timeout_ns after sending it
// and feeds its core Status::kTimeout; a response that would arrive later is
// never delivered.
//
// Lifecycle. A node is up, paused or down. A paused node processes nothing
// (its timers, responses and timeouts are held and replayed, in order, when
// it resumes) while its clock keeps running and its requests already in
// flight still reach the store. A crash discards the core, every pending
// response and every held event; a restart builds a fresh core, and a resume
// builds one with options.resume (a virtual node taking over the identity).
//
// Acting intervals (ActingFact). A node starts acting on kBecameLeader and
// stops at the earlier of kStoppedLeading and the true instant its local
// clock reaches acting_until_local_ns (kLeaseExtended moves that instant), or
// when it crashes; intervals still open at the end of the run end there with
// reason "run_end".
//
// Fenced resource. While a node acts it decides every write_interval_ns
// (and at once when it becomes leader) whether to write: it asks its core's
// acting_epoch(local now). The write reaches the resource write_latency_ns
// later, and a pause in between delays it: the stale write that fencing
// tokens exist to reject.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/elector.hpp"
#include "faultmodels/config.hpp"
#include "reports/facts.hpp"
#include "sim/object_store.hpp"
#include "sim/scenario.hpp"

namespace holocron::sim {

using reports::NodeIndex;

// Builds a node's core. Called once per node start, restart and resume (never
// per event); tests pass scripted cores, runs use make_elector.
using ElectorFactory = std::function<std::unique_ptr<Elector>(const ElectorOptions&)>;

struct EngineOptions {
  ElectorFactory elector_factory;  // empty: make_elector
  // For the run header: the canonical scenario JSON and its digest (the CLI
  // computes them). The swarm draw comes from the fault models.
  std::string scenario_json;
  std::string scenario_digest;
};

// Something that happens to nodes at a true instant: what fault plans
// (crashes, pauses, clock steps, partitions) and tests schedule.
enum class NodeActionKind : std::uint8_t {
  kCrash,      // then, after amount_ns: `then` (restart, resume or none)
  kRestart,    // a fresh process with the same identity
  kResume,     // a fresh process resuming the identity (options.resume)
  kPause,      // for amount_ns
  kClockStep,  // by amount_ns (negative: back)
  kResign,     // handle_resign on the node's core
  kPartition,  // cut the node off from the store for amount_ns
};

struct NodeAction {
  NodeActionKind kind = NodeActionKind::kCrash;
  // Resolved when the action happens (faultmodels::resolve_target) with
  // `pick`, a number drawn by the plan that scheduled it.
  faultmodels::NodeTarget target{faultmodels::TargetKind::kNodes, {}};
  std::uint64_t pick = 0;
  Nanos amount_ns = 0;
  faultmodels::CrashMode then = faultmodels::CrashMode::kNone;                         // kCrash
  faultmodels::PartitionDirection direction = faultmodels::PartitionDirection::kBoth;  // kPartition
  // The fault model that planned it, for FaultFacts and accounting (a static
  // string, e.g. faultmodels::kModelCrashes); empty for test actions.
  std::string_view model;

  static NodeAction on_node(NodeActionKind kind, NodeIndex node, Nanos amount_ns = 0) {
    NodeAction action;
    action.kind = kind;
    action.target.nodes = {node};
    action.amount_ns = amount_ns;
    return action;
  }
};

struct FactCounts {
  std::uint64_t store_ops = 0;
  std::uint64_t lost_responses = 0;
  std::uint64_t node_events = 0;
  std::uint64_t lifecycle = 0;
  std::uint64_t acting = 0;
  std::uint64_t fenced_writes = 0;
  std::uint64_t faults = 0;
  std::uint64_t assumptions = 0;
  std::uint64_t object_counts = 0;
};

struct RunResult {
  // False when the run stopped early (a limit was exceeded); `error` says
  // which limit, and the other fields describe the run up to that point.
  bool ok = true;
  std::string error;
  Nanos end_ns = 0;
  std::uint64_t events_processed = 0;
  std::size_t events_in_flight_high_water = 0;
  std::string event_digest;  // 16 hex digits
  reports::OpCounters ops;
  StoreCounters store;
  FactCounts facts;
  std::uint64_t leader_starts = 0;  // acting intervals begun
  std::uint64_t fenced_accepted = 0;
  std::uint64_t fenced_rejected = 0;
  std::uint64_t requests_timed_out = 0;
  std::uint64_t responses_discarded = 0;  // for a crashed incarnation
  reports::RunEnd run_end;
};

class Engine {
 public:
  // The scenario must pass validate_scenario (asserted). Sinks are borrowed
  // and must outlive run().
  Engine(const Scenario& scenario, std::uint64_t seed, std::vector<reports::FactSink*> sinks,
         EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The scenario's fault plans (crashes, pauses, clock steps, partitions,
  // corrupt objects, drawn from the seed) are scheduled on construction.
  // Schedules one more action at true time at_ns (before run()).
  void schedule(Nanos at_ns, const NodeAction& action);

  // Runs the scenario to its duration (once).
  RunResult run();

  // Inspection, for tests and the CLI's summary.
  [[nodiscard]] const ObjectStore& store() const;
  [[nodiscard]] bool node_up(NodeIndex node) const;
  [[nodiscard]] bool node_paused(NodeIndex node) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace holocron::sim
