// A constructed run history for the reports tests: a list of facts, written
// with small builder calls, that can be replayed into any FactSink. Facts hold
// string views and event pointers, so the history owns every string and event
// and builds the facts only while replaying.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "reports/facts.hpp"

namespace holocron::reports::testing {

class History {
 public:
  explicit History(std::size_t node_count, Algorithm algorithm = Algorithm::kStable) {
    header.scenario_name = "constructed";
    header.scenario_digest = "00ff";
    header.scenario_json = R"({"name":"constructed","nodes":)" + std::to_string(node_count) + "}";
    header.seed = 7;
    header.program_version = "test";
    header.swarm_json = "{}";
    header.algorithm = algorithm;
    for (std::size_t i = 0; i < node_count; ++i) header.node_names.push_back(fmt::format("n{}", i));
    header.duration_ns = seconds(60);
    header.lease_ns = seconds(10);
    header.poll_interval_ns = seconds(1);
    header.liveness_bound_ns = seconds(15);
  }

  RunHeader header;
  RunEnd end;

  // A store request that arrived at the store. `owner` defaults to the
  // sender's name for PUTs of epoch keys.
  History& store(Nanos t, NodeIndex node, OpKind op, Condition condition,
                 std::optional<Epoch> epoch, Status status, bool applied, std::string owner = {},
                 std::string injected = {}) {
    StoreStep step;
    step.fact.true_ns = t;
    step.fact.node = node;
    step.fact.op = op;
    step.fact.condition = condition;
    step.fact.status = status;
    step.fact.applied = applied;
    step.fact.epoch = epoch;
    step.bucket = "holocron";
    step.key = epoch ? fmt::format("election/{:020}", *epoch) : std::string("election/");
    if (op == OpKind::kPut && epoch && owner.empty()) owner = header.node_names.at(node);
    step.owner = std::move(owner);
    step.injected = std::move(injected);
    steps_.emplace_back(std::move(step));
    return *this;
  }
  History& create(Nanos t, NodeIndex node, Epoch epoch, bool won = true) {
    return store(t, node, OpKind::kPut, Condition::kIfNoneMatch, epoch,
                 won ? Status::kOk : Status::kPreconditionFailed, won);
  }
  History& renew(Nanos t, NodeIndex node, Epoch epoch, std::string owner = {}) {
    return store(t, node, OpKind::kPut, Condition::kIfMatch, epoch, Status::kOk, true,
                 std::move(owner));
  }
  History& remove(Nanos t, NodeIndex node, Epoch epoch) {
    return store(t, node, OpKind::kDelete, Condition::kNone, epoch, Status::kOk, true);
  }
  History& get(Nanos t, NodeIndex node, Epoch epoch, Status status = Status::kOk) {
    return store(t, node, OpKind::kGet, Condition::kNone, epoch, status, false);
  }
  History& list(Nanos t, NodeIndex node, std::uint32_t keys = 1) {
    store(t, node, OpKind::kList, Condition::kNone, std::nullopt, Status::kOk, false);
    std::get<StoreStep>(steps_.back()).fact.list_keys_returned = keys;
    return *this;
  }

  History& event(Nanos t, NodeIndex node, Event event, Nanos local_t = -1) {
    steps_.emplace_back(EventStep{t, local_t < 0 ? t : local_t, node, std::move(event)});
    return *this;
  }
  History& observed(Nanos t, NodeIndex node, Epoch epoch) {
    Event e;
    e.kind = EventKind::kObservedEpoch;
    e.epoch = epoch;
    return event(t, node, e);
  }
  History& attempt(Nanos t, NodeIndex node, Epoch epoch, AttemptOutcome outcome) {
    Event e;
    e.kind = EventKind::kAttemptEnded;
    e.epoch = epoch;
    e.attempt = outcome;
    return event(t, node, e);
  }
  History& became_leader(Nanos t, NodeIndex node, Epoch epoch) {
    Event e;
    e.kind = EventKind::kBecameLeader;
    e.epoch = epoch;
    e.acting_until_local_ns = t + seconds(6);
    return event(t, node, e);
  }
  History& lease_extended(Nanos t, NodeIndex node, Epoch epoch) {
    Event e;
    e.kind = EventKind::kLeaseExtended;
    e.epoch = epoch;
    e.acting_until_local_ns = t + seconds(6);
    return event(t, node, e);
  }

  History& act(Nanos t, NodeIndex node, Epoch epoch) {
    steps_.emplace_back(ActingStep{{t, node, epoch, true, {}}, {}});
    return *this;
  }
  History& stop(Nanos t, NodeIndex node, Epoch epoch, std::string reason = "renew_deadline") {
    steps_.emplace_back(ActingStep{{t, node, epoch, false, {}}, std::move(reason)});
    return *this;
  }
  // The usual way a node wins: create commits, attempt ends, it acts.
  History& win(Nanos t, NodeIndex node, Epoch epoch) {
    create(t, node, epoch);
    attempt(t + milliseconds(20), node, epoch, AttemptOutcome::kWon);
    became_leader(t + milliseconds(20), node, epoch);
    return act(t + milliseconds(20), node, epoch);
  }

  History& fenced(Nanos t, NodeIndex node, Epoch token, bool accepted, Epoch highest_before,
                  bool writer_acting) {
    steps_.emplace_back(FencedWriteFact{t, node, token, accepted, highest_before, writer_acting});
    return *this;
  }
  History& fault(Nanos t, NodeIndex node, std::string model, std::string what, Nanos until = 0) {
    steps_.emplace_back(FaultStep{{t, node, {}, {}, until}, std::move(model), std::move(what)});
    return *this;
  }
  History& assumption(Nanos t, NodeIndex node, std::string name, std::string detail = {}) {
    steps_.emplace_back(AssumptionStep{{t, node, {}, {}}, std::move(name), std::move(detail)});
    return *this;
  }
  History& lifecycle(Nanos t, NodeIndex node, LifecycleKind kind, Nanos duration = 0) {
    steps_.emplace_back(LifecycleFact{t, node, kind, duration});
    return *this;
  }
  History& objects(Nanos t, std::uint64_t objects, std::uint64_t epoch_objects) {
    steps_.emplace_back(ObjectCountFact{t, objects, epoch_objects});
    return *this;
  }
  History& lost(Nanos t, NodeIndex node, OpKind op, std::string cause) {
    steps_.emplace_back(LostStep{{t, node, op, {}, {}}, std::move(cause)});
    return *this;
  }

  // Header, every step in order, then the run end (end_ns defaults to the
  // header's duration).
  void replay(FactSink& sink) const {
    sink.on_header(header);
    for (const Step& step : steps_) std::visit([&](const auto& s) { deliver(sink, s); }, step);
    RunEnd run_end = end;
    if (run_end.end_ns == 0) run_end.end_ns = header.duration_ns;
    sink.on_run_end(run_end);
  }
  void replay_all(std::initializer_list<FactSink*> sinks) const {
    for (FactSink* sink : sinks) replay(*sink);
  }

 private:
  struct StoreStep {
    StoreOpFact fact;
    std::string bucket, key, owner, injected;
  };
  struct EventStep {
    Nanos t, local_t;
    NodeIndex node;
    Event event;
  };
  struct ActingStep {
    ActingFact fact;
    std::string reason;
  };
  struct FaultStep {
    FaultFact fact;
    std::string model, what;
  };
  struct AssumptionStep {
    AssumptionFact fact;
    std::string name, detail;
  };
  struct LostStep {
    LostResponseFact fact;
    std::string cause;
  };
  using Step = std::variant<StoreStep, EventStep, ActingStep, FencedWriteFact, FaultStep,
                            AssumptionStep, LifecycleFact, ObjectCountFact, LostStep>;

  static void deliver(FactSink& sink, const StoreStep& s) {
    StoreOpFact fact = s.fact;
    fact.bucket = s.bucket;
    fact.key = s.key;
    fact.owner_after = s.owner;
    fact.injected = s.injected;
    sink.on_store_op(fact);
  }
  static void deliver(FactSink& sink, const EventStep& s) {
    sink.on_node_event(NodeEventFact{s.t, s.local_t, s.node, &s.event});
  }
  static void deliver(FactSink& sink, const ActingStep& s) {
    ActingFact fact = s.fact;
    fact.reason = s.reason;
    sink.on_acting(fact);
  }
  static void deliver(FactSink& sink, const FencedWriteFact& s) { sink.on_fenced_write(s); }
  static void deliver(FactSink& sink, const FaultStep& s) {
    FaultFact fact = s.fact;
    fact.model = s.model;
    fact.what = s.what;
    sink.on_fault(fact);
  }
  static void deliver(FactSink& sink, const AssumptionStep& s) {
    AssumptionFact fact = s.fact;
    fact.assumption = s.name;
    fact.detail = s.detail;
    sink.on_assumption(fact);
  }
  static void deliver(FactSink& sink, const LifecycleFact& s) { sink.on_lifecycle(s); }
  static void deliver(FactSink& sink, const ObjectCountFact& s) { sink.on_object_count(s); }
  static void deliver(FactSink& sink, const LostStep& s) {
    LostResponseFact fact = s.fact;
    fact.cause = s.cause;
    sink.on_lost_response(fact);
  }

  std::vector<Step> steps_;
};

}  // namespace holocron::reports::testing
