// `holosim report TRACE [-o PATH]`: the election-stability report of a trace
// file, rendered without re-running anything (reports/ needs only the trace).
#include <fmt/format.h>

#include "reports/perfetto.hpp"
#include "reports/run_report.hpp"
#include "reports/trace_reader.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/json_file.hpp"
#include "sim/cli/output_paths.hpp"
#include "sim/cli/report_output.hpp"

namespace holocron::cli {

int command_report(const CommandContext& context, const ReportOptions& options) {
  check_report_path(options.output_path);
  // The trace is read whole before anything is written, but an output on it
  // would still replace the only copy of the run with its report.
  check_output_paths("report", {{"the TRACE", options.trace_path}},
                     {{"-o", options.output_path}, {"--perfetto", options.perfetto_path}});
  // A missing file or a directory gets the same message as a scenario file.
  check_readable_file(options.trace_path);
  const reports::Trace trace = reports::read_trace_file(options.trace_path);
  const reports::RunReport report = reports::build_run_report(trace);
  if (!options.perfetto_path.empty()) {
    write_text_file(options.perfetto_path, reports::perfetto_json(report));
  }
  if (options.output_path.empty()) {
    if (options.perfetto_path.empty()) context.out << render_report_text(report, ".md");
  } else {
    write_run_report(report, options.output_path);
    context.out << options.output_path << "\n";
  }
  // A trace of a run that stopped early exits as `holosim run` did for that
  // run: the scenario exceeded a limit, which is bad input, not a finding.
  if (!report.footer.stopped_early.empty()) {
    context.err << fmt::format("holosim report: {}: the run stopped early: {}\n",
                               options.trace_path, report.footer.stopped_early);
    return kExitBadInput;
  }
  return report.footer.verdict.passed ? kExitPassed : kExitCheckFailed;
}

}  // namespace holocron::cli
