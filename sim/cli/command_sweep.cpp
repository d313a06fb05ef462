// `holosim sweep FILE --seeds A..B`: every seed of the range (or of one
// shard of it) in worker processes, one summary line per seed in seed
// order, and the aggregate report. See sweep_output.hpp for the files.
#include <filesystem>

#include <fmt/format.h>

#include "holocron_version.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "sim/cli/sweep_output.hpp"

namespace holocron::cli {

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
  const reports::SweepReport report = result.builder.build();
  write_sweep_directory(out_dir, identity, report);
  print_sweep_summary(context.out, context.terminal, identity, report, result.expected_met);
  context.out << fmt::format("  output        {}/ ({}, {}, {}, {})\n", options.out_dir,
                             kSeedsFileName, kSummaryFileName, kMarkdownReportFileName,
                             kHtmlReportFileName);
  return sweep_exit_code(report);
}

}  // namespace holocron::cli
