#include "sim/cli/sweep_output.hpp"

#include <unistd.h>

#include <fstream>
#include <map>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

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

StagedSweepDirectory::StagedSweepDirectory(std::filesystem::path target)
    : target_(std::move(target)) {
  namespace fs = std::filesystem;
  check_output_directory(target_);
  std::error_code error;
  created_target_ = !fs::exists(target_, error);
  prepare_output_directory(target_);
  // The process id keeps two commands writing one directory at once from
  // sharing a staging directory (their results still replace each other's).
  staging_ = target_ / fmt::format(".holosim-partial-{}", ::getpid());
  fs::remove_all(staging_, error);
  if (!fs::create_directory(staging_, error) || error) {
    throw ScenarioError(staging_.string(), "",
                        "cannot be created as a staging directory: " + error.message());
  }
}

StagedSweepDirectory::~StagedSweepDirectory() {
  if (committed_) return;
  std::error_code ignored;
  std::filesystem::remove_all(staging_, ignored);
  // remove() deletes only an empty directory, so a target that held
  // anything else by now is kept.
  if (created_target_) std::filesystem::remove(target_, ignored);
}

void StagedSweepDirectory::commit() {
  namespace fs = std::filesystem;
  HOLO_ASSERT(!committed_);
  // sweep.json goes first out and last in: merge refuses a directory without
  // it, so a commit cut short between two renames is never taken for a
  // complete sweep.
  std::error_code error;
  fs::remove(target_ / kSweepFileName, error);
  for (const char* name : kSweepDirectoryFiles) {
    if (std::string_view(name) == kSweepFileName) continue;
    fs::rename(staging_ / name, target_ / name, error);
    if (error) {
      throw ScenarioError((target_ / name).string(), "",
                          "cannot be moved into place: " + error.message());
    }
  }
  fs::rename(staging_ / kSweepFileName, target_ / kSweepFileName, error);
  if (error) {
    throw ScenarioError((target_ / kSweepFileName).string(), "",
                        "cannot be moved into place: " + error.message());
  }
  committed_ = true;
  fs::remove(staging_, error);
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
