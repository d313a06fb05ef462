// `holosim sweep FILE --seeds A..B`: every seed of the range (or of one
// shard of it) in worker processes, one summary line per seed in seed
// order, and the aggregate report. See sweep_output.hpp for the files.
// With --check-determinism, a sample of the seeds runs a second time.
#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "holocron_version.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/determinism_check.hpp"
#include "sim/cli/output_paths.hpp"
#include "sim/cli/repro.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "sim/cli/sweep_output.hpp"

namespace holocron::cli {
namespace {

// Runs each sampled seed again in this process and compares its event
// digest with the one its worker reported. The second run is in a different
// process from the first, with a different heap, so a result that depends
// on addresses (pointer-keyed containers, say) shows up here too. Event
// digests, not trace digests, because the sweep's workers write no trace.
DeterminismTally check_sweep_determinism(const CommandContext& context,
                                         const sim::Scenario& scenario, const SweepOptions& options,
                                         const std::map<std::uint64_t, std::string>& recorded) {
  const RunDigestsOf digests_of =
      options.digests_of ? options.digests_of : RunDigestsOf(run_digests_of);
  const auto repro_for = [&](std::uint64_t seed) {
    return repro_command(context.program, options.scenario_path, seed, options.overrides);
  };
  DeterminismTally tally;
  for (const auto& [seed, first] : recorded) {
    if (first.empty()) {
      tally.skip();  // the worker crashed: already a finding of the sweep
      continue;
    }
    tally.add(seed, first, digests_of(scenario, seed, repro_for(seed)).event);
  }
  return tally;
}

}  // namespace

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
  // A scenario kept in the output directory under one of its names would be
  // replaced by the sweep that reads it.
  std::vector<NamedPath> outputs;
  outputs.reserve(std::size(kSweepDirectoryFiles));
  for (const char* name : kSweepDirectoryFiles) {
    outputs.push_back({"-o", (out_dir / name).string()});
  }
  check_output_paths("sweep", {{"the scenario FILE", options.scenario_path}}, outputs);
  StagedSweepDirectory output(out_dir);
  const SweepResult result =
      sweep_seeds(context, scenario, identity, options.jobs,
                  (output.staging() / kSeedsFileName).string(), options.determinism_stride);
  const reports::SweepReport report = result.builder.build();
  write_sweep_directory(output.staging(), identity, report);
  output.commit();
  print_sweep_summary(context.out, context.terminal, identity, report, result.expected_met);
  context.out << fmt::format("  output        {}/ ({}, {}, {}, {})\n", options.out_dir,
                             kSeedsFileName, kSummaryFileName, kMarkdownReportFileName,
                             kHtmlReportFileName);
  const int sweep_code = sweep_exit_code(report);
  if (options.determinism_stride == 0) return sweep_code;

  const DeterminismTally tally =
      check_sweep_determinism(context, scenario, options, result.sampled_event_digests);
  context.out << fmt::format("  determinism   {} seeds run twice (one in {}), {} mismatched{}\n",
                             tally.checked(), options.determinism_stride, tally.mismatches().size(),
                             tally.skipped() == 0
                                 ? std::string()
                                 : fmt::format("; {} crashed seeds not rerun", tally.skipped()));
  tally.print_mismatches(context.out, "event digest", [&](std::uint64_t seed) {
    return repro_command(context.program, options.scenario_path, seed, options.overrides);
  });
  return std::max(sweep_code, tally.exit_code());
}

}  // namespace holocron::cli
