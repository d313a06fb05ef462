#include "sim/cli/sweep_output.hpp"

#include <fstream>
#include <map>
#include <system_error>

#include "core/assert.hpp"
#include "reports/render.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_output.hpp"
#include "sim/cli/repro.hpp"
#include "sim/cli/run_one.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/worker_pool.hpp"

namespace holocron::cli {

SweepResult sweep_seeds(const CommandContext& context, const sim::Scenario& scenario,
                        const SweepIdentity& identity, unsigned jobs, const std::string& seeds_path,
                        std::uint64_t determinism_stride) {
  const SeedSequence sequence = shard_seeds(identity.seeds, identity.shard);
  std::ofstream seeds_file;
  if (!seeds_path.empty()) {
    seeds_file.open(seeds_path, std::ios::binary | std::ios::trunc);
    if (!seeds_file) throw ScenarioError(seeds_path, "", "cannot be opened for writing");
  }
  ProgressBar bar(context.terminal.stderr_is_tty && !context.quiet, context.err, "seeds");
  SweepResult result;
  const std::string algorithm(to_string(scenario.cluster.elector.algorithm));
  // Workers finish in any order; summaries are written in seed order, so
  // the files do not depend on --jobs or on timing.
  std::map<std::uint64_t, std::string> finished;
  std::uint64_t next_index = 0;
  std::uint64_t done_count = 0;
  const auto repro_for = [&](std::uint64_t seed) {
    return repro_command(context.program, identity.scenario_path, seed, identity.overrides);
  };
  // The same for every seed: computed once here, before the workers fork.
  const CanonicalScenario canonical = canonical_scenario(scenario);
  const SeedWork work = [&](std::uint64_t seed) {
    RunSetup setup;
    setup.seed = seed;
    setup.canonical = &canonical;
    setup.repro_command = repro_for(seed);
    const RunOutcome outcome = run_scenario(scenario, setup);
    if (!outcome.result.ok) {
      // A run that hit a limit did not complete: report it as such.
      return reports::run_summary_json(
          reports::crashed_run(scenario.name, algorithm, seed, setup.repro_command,
                               "stopped early: " + outcome.result.error));
    }
    return reports::run_summary_json(reports::summarize_run(outcome.report));
  };
  const SeedDone done = [&](WorkerOutcome&& worker) {
    std::string line = worker.crashed ? reports::run_summary_json(reports::crashed_run(
                                            scenario.name, algorithm, worker.seed,
                                            repro_for(worker.seed), "worker " + worker.crash))
                                      : std::move(worker.output);
    finished.emplace(worker.seed, std::move(line));
    while (next_index < sequence.count()) {
      const std::uint64_t seed = sequence.first + next_index * sequence.stride;
      const auto found = finished.find(seed);
      if (found == finished.end()) break;
      // Aggregating the parsed line (not the in-memory outcome) keeps the
      // sweep on exactly the code path merge takes.
      const reports::JsonSource source{"<worker>", next_index + 1};
      const reports::RunSummary summary = reports::parse_run_summary(found->second, source);
      HOLO_ASSERT(summary.seed == seed);
      result.builder.add(summary);
      if (summary_meets_expectation(scenario, summary)) ++result.expected_met;
      if (determinism_stride != 0 && next_index % determinism_stride == 0) {
        result.sampled_event_digests.emplace(seed,
                                             summary.error.empty() ? summary.event_digest : "");
      }
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

void check_output_directory(const std::filesystem::path& directory) {
  std::error_code error;
  if (std::filesystem::exists(directory, error) && !std::filesystem::is_directory(directory)) {
    throw ScenarioError(directory.string(), "", "is a file; expected an output directory");
  }
}

void prepare_output_directory(const std::filesystem::path& directory) {
  check_output_directory(directory);
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    throw ScenarioError(directory.string(), "",
                        "cannot be created as an output directory: " + error.message());
  }
}

void write_sweep_directory(const std::filesystem::path& directory, const SweepIdentity& identity,
                           const reports::SweepReport& report) {
  write_text_file((directory / kSweepFileName).string(), write_sweep_identity(identity));
  write_text_file((directory / kSummaryFileName).string(), reports::render_sweep_json(report));
  write_text_file((directory / kMarkdownReportFileName).string(),
                  reports::render_sweep_markdown(report));
  write_text_file((directory / kHtmlReportFileName).string(), reports::render_sweep_html(report));
}

}  // namespace holocron::cli
