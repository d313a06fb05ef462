// The short summary `holosim run` prints on stdout: what ran (scenario,
// digest, seed, version), leadership and failover, leaderless and
// dual-leader time, store operations and cost, faults, each checker's
// verdict, and on a violation the command that reproduces it.
#pragma once

#include <ostream>
#include <string>

#include "sim/cli/run_one.hpp"
#include "sim/cli/terminal.hpp"

namespace holocron::cli {

struct RunSummaryContext {
  std::string scenario_path;
  std::uint64_t seed = 0;
  std::string repro_command;
  std::string trace_path;   // empty: not written
  std::string report_path;  // empty: not written
};

// Violations listed in full in the summary; the rest are counted.
inline constexpr std::size_t kSummaryViolationsMax = 10;

void print_run_summary(std::ostream& out, const Terminal& terminal, const sim::Scenario& scenario,
                       const RunOutcome& outcome, const RunSummaryContext& context);

}  // namespace holocron::cli
