#include "sim/simulation.hpp"

#include <utility>

#include "core/assert.hpp"
#include "faultmodels/model_names.hpp"

namespace holocron::sim {

void schedule_faults(const Scenario& scenario, std::uint64_t /*seed*/, Engine& engine) {
  const faultmodels::FaultsConfig& faults = scenario.faults;
  for (const faultmodels::ScheduledCrash& crash : faults.crashes.scheduled) {
    NodeAction action;
    action.kind = NodeActionKind::kCrash;
    action.target = crash.target;
    action.amount_ns = crash.restart_after_ns;
    action.then = crash.mode;
    action.model = faultmodels::kModelCrashes;
    engine.schedule(crash.at_ns, action);
  }
  for (const faultmodels::ScheduledPause& pause : faults.pauses.scheduled) {
    NodeAction action;
    action.kind = NodeActionKind::kPause;
    action.target = pause.target;
    action.amount_ns = pause.for_ns;
    action.model = faultmodels::kModelPauses;
    engine.schedule(pause.at_ns, action);
  }
  for (const faultmodels::ScheduledPartition& partition : faults.partitions.scheduled) {
    NodeAction action;
    action.kind = NodeActionKind::kPartition;
    action.target = partition.target;
    action.amount_ns = partition.for_ns;
    action.direction = partition.direction;
    action.model = faultmodels::kModelPartitions;
    engine.schedule(partition.at_ns, action);
  }
  for (const faultmodels::NodeClockConfig& clock : faults.clocks.nodes) {
    for (const faultmodels::ClockStep& step : clock.steps) {
      NodeAction action = NodeAction::on_node(NodeActionKind::kClockStep, clock.node, step.by_ns);
      action.model = faultmodels::kModelClockSteps;
      engine.schedule(step.at_ns, action);
    }
  }
}

RunResult run_simulation(const Scenario& scenario, std::uint64_t seed,
                         const std::vector<reports::FactSink*>& sinks, EngineOptions options) {
  HOLO_ASSERT(!validate_scenario(scenario).has_value());
  Engine engine(scenario, seed, sinks, std::move(options));
  schedule_faults(scenario, seed, engine);
  return engine.run();
}

}  // namespace holocron::sim
