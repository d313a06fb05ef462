// Running one scenario with one seed the way every command does it: the
// checkers the scenario enables, the per-epoch trace recorder (and its file,
// when asked), and the canonical scenario and its digest in the run header
// (the engine adds the swarm draw for the seed). `run`, the sweep workers and `compare` all
// call this, so a seed gives the same verdict and digest whichever command
// ran it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reports/checkers.hpp"
#include "reports/facts.hpp"
#include "reports/run_report.hpp"
#include "reports/verdict.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/engine.hpp"
#include "sim/scenario.hpp"

namespace holocron::cli {

struct RunSetup {
  std::uint64_t seed = 1;
  std::string trace_path;        // empty: no per-epoch trace file
  std::string event_trace_path;  // empty: no event-level trace
  std::string perfetto_path;     // empty: no Chrome trace event export
  std::string repro_command;     // recorded in the trace header and the report
  // Extra sinks (a progress bar), fed after the checkers and the recorder.
  std::vector<reports::FactSink*> extra_sinks;
  // canonical_scenario of the scenario being run, when the caller runs it
  // for many seeds and computed it once; nullptr: computed for this run.
  const CanonicalScenario* canonical = nullptr;
};

struct RunOutcome {
  sim::RunResult result;
  reports::Verdict verdict;
  reports::RunReport report;
  std::string scenario_digest;  // 64 hex digits
  std::string trace_digest;     // "sha256:<hex>" when a trace file was written
};

// The checker options a scenario asks for (checks.enabled, liveness bound).
[[nodiscard]] reports::CheckerOptions checker_options(const sim::Scenario& scenario);

// Runs the scenario (which must have passed validate_scenario). Throws
// ScenarioError when an output file cannot be written.
[[nodiscard]] RunOutcome run_scenario(const sim::Scenario& scenario, const RunSetup& setup);

// Whether the outcome matches the scenario's checks.expected_verdict (and
// expected_violations).
[[nodiscard]] bool meets_expectation(const sim::Scenario& scenario,
                                     const reports::Verdict& verdict);

}  // namespace holocron::cli
