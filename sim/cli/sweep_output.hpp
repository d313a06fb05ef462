// Running a sweep's seeds and writing a sweep directory: shared by `sweep`
// (which runs seeds), `merge` (which combines shard directories) and
// `compare` (which sweeps once per algorithm). A sweep directory holds
//   sweep.json    what was run (SweepIdentity, including the shard)
//   seeds.jsonl   one SeedRecord line per seed, ascending
//   summary.json  the aggregate over those seeds
#pragma once

#include <filesystem>
#include <string>

#include "sim/cli/commands.hpp"
#include "sim/cli/sweep_summary.hpp"
#include "sim/scenario.hpp"

namespace holocron::cli {

inline constexpr const char* kSweepFileName = "sweep.json";
inline constexpr const char* kSeedsFileName = "seeds.jsonl";
inline constexpr const char* kSummaryFileName = "summary.json";

struct SweepResult {
  SweepAggregate aggregate;
};

// Runs the seeds of identity's shard in `jobs` worker processes; writes
// their records to seeds_path (unless empty) in seed order.
[[nodiscard]] SweepResult sweep_seeds(const CommandContext& context, const sim::Scenario& scenario,
                                      const SweepIdentity& identity, unsigned jobs,
                                      const std::string& seeds_path);

// Creates the directory (and parents). Throws ScenarioError when the path
// is a file or cannot be created.
void prepare_output_directory(const std::filesystem::path& directory);

// Writes sweep.json and summary.json.
void write_sweep_directory(const std::filesystem::path& directory, const SweepIdentity& identity,
                           const SweepAggregate& aggregate);

}  // namespace holocron::cli
