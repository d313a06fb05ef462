#include "sim/cli/run_one.hpp"

#include <algorithm>
#include <fstream>

#include "core/assert.hpp"
#include "reports/trace_recorder.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/simulation.hpp"

namespace holocron::cli {

reports::CheckerOptions checker_options(const sim::Scenario& scenario) {
  reports::CheckerOptions options;
  if (!scenario.checks.enabled.empty()) {
    options.enabled.fill(false);
    for (const auto& name : scenario.checks.enabled) {
      const auto property = reports::parse_property_name(name);
      HOLO_ASSERT(property.has_value());  // the parser accepts only checker names
      options.enabled[reports::property_index(*property)] = true;
    }
  }
  options.liveness_bound_ns = scenario.checks.liveness_bound_ns;
  return options;
}

RunOutcome run_scenario(const sim::Scenario& scenario, const RunSetup& setup) {
  HOLO_ASSERT(!sim::validate_scenario(scenario).has_value());
  RunOutcome outcome;
  outcome.scenario_digest = scenario_digest(scenario);

  sim::EngineOptions engine_options;
  engine_options.scenario_json = canonical_scenario_json(scenario);
  engine_options.scenario_digest = outcome.scenario_digest;

  std::ofstream trace_file;
  if (!setup.trace_path.empty()) {
    trace_file.open(setup.trace_path, std::ios::binary | std::ios::trunc);
    if (!trace_file) {
      throw ScenarioError(setup.trace_path, "", "cannot be opened for writing (the trace file)");
    }
  }
  reports::CheckerSet checkers(checker_options(scenario));
  reports::TraceOptions trace_options;
  trace_options.repro_command = setup.repro_command;
  reports::TraceRecorder recorder(trace_options, setup.trace_path.empty() ? nullptr : &trace_file);

  std::vector<reports::FactSink*> sinks{&checkers, &recorder};
  sinks.insert(sinks.end(), setup.extra_sinks.begin(), setup.extra_sinks.end());
  outcome.result = sim::run_simulation(scenario, setup.seed, sinks, std::move(engine_options));
  outcome.verdict = checkers.verdict();
  outcome.report = recorder.finish(outcome.verdict);
  outcome.trace_digest = recorder.digest();
  if (!setup.trace_path.empty()) {
    trace_file.flush();
    if (!trace_file || !recorder.trace_ok()) {
      throw ScenarioError(setup.trace_path, "", "could not be written completely (disk full?)");
    }
  }
  return outcome;
}

bool meets_expectation(const sim::Scenario& scenario, const reports::Verdict& verdict) {
  switch (scenario.checks.expected_verdict) {
    case sim::ExpectedVerdict::kAny:
      return true;
    case sim::ExpectedVerdict::kPass:
      return verdict.passed;
    case sim::ExpectedVerdict::kViolation:
      break;
  }
  if (verdict.passed) return false;
  // Every checker the scenario names must have fired (others may too).
  for (const auto& name : scenario.checks.expected_violations) {
    const auto property = reports::parse_property_name(name);
    HOLO_ASSERT(property.has_value());
    const auto& result = verdict.properties[reports::property_index(*property)];
    if (result.violations == 0) return false;
  }
  return true;
}

}  // namespace holocron::cli
