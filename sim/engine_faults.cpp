// Scheduling the fault plans of a run, beginning partition windows and
// planting corrupt objects.
#include <algorithm>
#include <optional>
#include <string>

#include "core/assert.hpp"
#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "faultmodels/model_names.hpp"
#include "sim/engine_impl.hpp"

namespace holocron::sim {

using namespace engine_detail;

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
  const faultmodels::PartitionWindow& planned = schedule.windows()[window];
  const std::vector<NodeIndex> hit =
      schedule.begin(window, current_leader(), target_candidates(planned.target));
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
  emit_store_fact(fact);
}

}  // namespace holocron::sim
