// `holosim run FILE`: one seed, a summary on stdout, the trace and report
// files when asked, and the command that reproduces a violation.
#include <fmt/format.h>

#include "core/assert.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/output_paths.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_output.hpp"
#include "sim/cli/repro.hpp"
#include "sim/cli/run_summary.hpp"
#include "sim/cli/scenario_parse.hpp"

namespace holocron::cli {

int command_run(const CommandContext& context, const RunOptions& options) {
  HOLO_ASSERT(!options.scenario_path.empty());
  const sim::Scenario scenario = load_scenario(options.scenario_path, options.overrides);
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  const std::string trace_path =
      options.trace_path.empty() ? scenario.output.trace_path : options.trace_path;
  const std::string report_path =
      options.report_path.empty() ? scenario.output.report_path : options.report_path;
  // Fail on an unusable report path before spending the run on it.
  check_report_path(report_path);

  RunSetup setup;
  setup.seed = seed;
  setup.trace_path = trace_path;
  setup.event_trace_path = options.event_trace_path.empty() ? scenario.output.event_trace_path
                                                            : options.event_trace_path;
  setup.perfetto_path =
      options.perfetto_path.empty() ? scenario.output.perfetto_path : options.perfetto_path;
  // Each output is opened (and truncated) before the run, so two outputs on
  // one file would interleave, and an output on the scenario would destroy
  // it; both are refused before anything is opened. A path the scenario's
  // "output" section chose is named by its field, since no flag gave it.
  const auto named = [&](const std::string& flag, const std::string& flag_value,
                         const std::string& field, const std::string& path) {
    return NamedPath{
        flag_value.empty() ? fmt::format("output.{} in {}", field, options.scenario_path) : flag,
        path};
  };
  check_output_paths(
      "run", {{"the scenario FILE", options.scenario_path}},
      {named("--trace", options.trace_path, "trace", setup.trace_path),
       named("--event-trace", options.event_trace_path, "event_trace", setup.event_trace_path),
       named("--perfetto", options.perfetto_path, "perfetto", setup.perfetto_path),
       named("--report", options.report_path, "report", report_path)});
  setup.repro_command =
      repro_command(context.program, options.scenario_path, seed, options.overrides);
  ProgressBar bar(context.terminal.stderr_is_tty && !context.quiet, context.err, "sim-s");
  RunProgressSink progress(bar, scenario.duration_ns);
  setup.extra_sinks.push_back(&progress);

  const RunOutcome outcome = run_scenario(scenario, setup);
  bar.finish();
  if (!report_path.empty()) write_run_report(outcome.report, report_path);

  RunSummaryContext summary;
  summary.scenario_path = options.scenario_path;
  summary.seed = seed;
  summary.repro_command = setup.repro_command;
  summary.trace_path = trace_path;
  summary.report_path = report_path;
  print_run_summary(context.out, context.terminal, scenario, outcome, summary);

  if (!outcome.result.ok) {
    // The engine's reason already says what to change (it names the limit),
    // so it is printed as it is, not followed by advice of our own.
    context.err << fmt::format("holosim: the run stopped early: {}\n", outcome.result.error);
    return kExitBadInput;
  }
  return outcome.verdict.passed ? kExitPassed : kExitCheckFailed;
}

}  // namespace holocron::cli
