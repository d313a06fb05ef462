// A sweep's identity (sweep.json: what was run, which shard) and the text a
// sweep, a merge or a comparison prints on stdout. The per-seed lines and the
// aggregate are reports/sweep.hpp's RunSummary and SweepReport; the
// aggregate is independent of the order seeds arrive in, which is what lets
// `merge` reproduce the unsharded sweep byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "reports/sweep.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/cli/worker_pool.hpp"
#include "sim/scenario.hpp"

namespace holocron::cli {

inline constexpr std::string_view kSweepFormatName = "holocron-sweep";
inline constexpr int kSweepFormatVersion = 1;

// What a sweep ran: everything merge checks is equal across shards.
struct SweepIdentity {
  std::string program_version;
  std::string scenario_name;
  std::string scenario_path;
  std::string scenario_digest;
  std::vector<std::string> overrides;
  SeedRange seeds;
  Shard shard;
};

[[nodiscard]] std::string write_sweep_identity(const SweepIdentity& identity);
// Throws TraceFormatError naming `file`.
[[nodiscard]] SweepIdentity read_sweep_identity(const std::string& text, const std::string& file);
// The seeds of `identity`'s shard, in order.
[[nodiscard]] SeedSequence shard_seeds(const SeedRange& range, const Shard& shard);

// Whether one seed's summary meets the scenario's expected verdict.
[[nodiscard]] bool summary_meets_expectation(const sim::Scenario& scenario,
                                             const reports::RunSummary& summary);

// kExitCheckFailed if a seed failed a check or its worker crashed (both are
// findings; the output is complete), kExitPassed otherwise.
[[nodiscard]] int sweep_exit_code(const reports::SweepReport& report);

// The text on stdout: seeds passed/failed/crashed, distributions across
// seeds, checks, and the worst and crashed seeds with their repro commands.
// expected_met: how many seeds met the scenario's expected verdict (nullopt
// when unknown).
void print_sweep_summary(std::ostream& out, const Terminal& terminal, const SweepIdentity& identity,
                         const reports::SweepReport& report,
                         std::optional<std::uint64_t> expected_met);

}  // namespace holocron::cli
