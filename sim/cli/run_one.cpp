#include "sim/cli/run_one.hpp"

#include <algorithm>
#include <fstream>
#include <optional>

#include "core/assert.hpp"
#include "reports/event_trace.hpp"
#include "reports/perfetto.hpp"
#include "reports/trace_recorder.hpp"
#include "sim/cli/report_output.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/simulation.hpp"

namespace holocron::cli {
namespace {

// Output files are opened before the run, so that a bad path fails at once
// instead of after a long simulation.
void open_output(std::ofstream& file, const std::string& path) {
  if (path.empty()) return;
  create_parent_directories(path);
  file.open(path, std::ios::binary | std::ios::trunc);
  if (!file) throw ScenarioError(path, "", "cannot be opened for writing");
}

void close_output(std::ofstream& file, const std::string& path) {
  if (path.empty()) return;
  file.flush();
  if (!file) throw ScenarioError(path, "", "could not be written completely (disk full?)");
}

}  // namespace

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
  std::optional<CanonicalScenario> computed;
  const CanonicalScenario& canonical = setup.canonical != nullptr
                                           ? *setup.canonical
                                           : computed.emplace(canonical_scenario(scenario));
  outcome.scenario_digest = canonical.digest;

  sim::EngineOptions engine_options;
  engine_options.scenario_json = canonical.json;
  engine_options.scenario_digest = canonical.digest;

  std::ofstream trace_file;
  open_output(trace_file, setup.trace_path);
  std::ofstream event_trace_file;
  open_output(event_trace_file, setup.event_trace_path);
  std::ofstream perfetto_file;
  open_output(perfetto_file, setup.perfetto_path);
  reports::CheckerSet checkers(checker_options(scenario));
  reports::TraceOptions trace_options;
  trace_options.repro_command = setup.repro_command;
  reports::TraceRecorder recorder(trace_options, setup.trace_path.empty() ? nullptr : &trace_file);

  std::vector<reports::FactSink*> sinks{&checkers, &recorder};
  std::optional<reports::EventTraceWriter> event_trace;
  if (!setup.event_trace_path.empty()) sinks.push_back(&event_trace.emplace(event_trace_file));
  sinks.insert(sinks.end(), setup.extra_sinks.begin(), setup.extra_sinks.end());
  outcome.result = sim::run_simulation(scenario, setup.seed, sinks, std::move(engine_options));
  outcome.verdict = checkers.verdict();
  outcome.report = recorder.finish(outcome.verdict);
  // The verdict the trace records, which for a run that stopped early does
  // not say passed (the checks judged only part of the scenario).
  outcome.verdict = outcome.report.footer.verdict;
  outcome.trace_digest = recorder.digest();
  if (!setup.perfetto_path.empty()) reports::write_perfetto(perfetto_file, outcome.report);
  event_trace.reset();  // flushes its buffer
  close_output(trace_file, setup.trace_path);
  close_output(event_trace_file, setup.event_trace_path);
  close_output(perfetto_file, setup.perfetto_path);
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
