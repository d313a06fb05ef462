// `holosim sweep FILE --seeds A..B`: every seed of the range (or of one
// shard of it) in worker processes, one record per seed in seed order, and
// the aggregate. See sweep_summary.hpp for what makes shards mergeable.
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "holocron_version.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_output.hpp"
#include "sim/cli/repro.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "sim/cli/sweep_output.hpp"
#include "sim/cli/worker_pool.hpp"

namespace holocron::cli {

SweepResult sweep_seeds(const CommandContext& context, const sim::Scenario& scenario,
                        const SweepIdentity& identity, unsigned jobs,
                        const std::string& seeds_path) {
  const SeedSequence sequence = shard_seeds(identity.seeds, identity.shard);
  std::ofstream seeds_file;
  if (!seeds_path.empty()) {
    seeds_file.open(seeds_path, std::ios::binary | std::ios::trunc);
    if (!seeds_file) throw ScenarioError(seeds_path, "", "cannot be opened for writing");
  }
  ProgressBar bar(context.terminal.stderr_is_tty && !context.quiet, context.err, "seeds");
  SweepResult result;
  // Workers finish in any order; records are written and aggregated in seed
  // order, so the outputs do not depend on --jobs or on timing.
  std::map<std::uint64_t, std::string> finished;
  std::uint64_t next_index = 0;
  std::uint64_t done_count = 0;
  const auto repro_for = [&](std::uint64_t seed) {
    return repro_command(context.program, identity.scenario_path, seed, identity.overrides);
  };
  const SeedWork work = [&](std::uint64_t seed) {
    RunSetup setup;
    setup.seed = seed;
    setup.repro_command = repro_for(seed);
    const RunOutcome outcome = run_scenario(scenario, setup);
    return write_seed_record(record_from_outcome(scenario, seed, outcome, setup.repro_command));
  };
  const SeedDone done = [&](WorkerOutcome&& worker) {
    std::string line = worker.crashed ? write_seed_record(record_from_crash(
                                            worker.seed, worker.crash, repro_for(worker.seed)))
                                      : std::move(worker.output);
    finished.emplace(worker.seed, std::move(line));
    while (next_index < sequence.count()) {
      const std::uint64_t seed = sequence.first + next_index * sequence.stride;
      const auto found = finished.find(seed);
      if (found == finished.end()) break;
      // Aggregating the parsed line (not the in-memory outcome) keeps the
      // sweep on exactly the code path merge takes.
      result.aggregate.add(read_seed_record(found->second, "<worker>", next_index + 1));
      if (!seeds_path.empty()) seeds_file << found->second << '\n';
      finished.erase(found);
      ++next_index;
    }
    ++done_count;
    bar.update(done_count, sequence.count());
  };
  run_in_workers(sequence, jobs, work, done);
  bar.finish();
  HOLO_ASSERT(finished.empty());
  HOLO_ASSERT(next_index == sequence.count());
  if (!seeds_path.empty()) {
    seeds_file.flush();
    if (!seeds_file) throw ScenarioError(seeds_path, "", "could not be written completely");
  }
  return result;
}

int command_sweep(const CommandContext& context, const SweepOptions& options) {
  const sim::Scenario scenario = load_scenario(options.scenario_path, options.overrides);
  SweepIdentity identity;
  identity.program_version = HOLOCRON_VERSION;
  identity.scenario_name = scenario.name;
  identity.scenario_path = options.scenario_path;
  identity.scenario_digest = scenario_digest(scenario);
  identity.overrides = options.overrides;
  identity.seeds = options.seeds;
  identity.shard = options.shard;

  const std::filesystem::path out_dir(options.out_dir);
  prepare_output_directory(out_dir);
  const SweepResult result =
      sweep_seeds(context, scenario, identity, options.jobs, (out_dir / kSeedsFileName).string());
  write_sweep_directory(out_dir, identity, result.aggregate);
  result.aggregate.print(context.out, context.terminal, identity);
  context.out << fmt::format("  output        {}\n", options.out_dir);
  return result.aggregate.exit_code();
}

}  // namespace holocron::cli
