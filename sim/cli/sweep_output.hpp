// Running a sweep's seeds and writing a sweep directory: shared by `sweep`
// (which runs seeds), `merge` (which combines shard directories) and
// `compare` (which sweeps once per algorithm). A sweep directory holds
//   sweep.json    what was run (SweepIdentity, including the shard)
//   seeds.jsonl   one reports::RunSummary line per seed, ascending
//   summary.json  the aggregate (reports' sweep report, JSON)
//   report.md, report.html   the same for people
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "reports/sweep.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/sweep_summary.hpp"
#include "sim/scenario.hpp"

namespace holocron::cli {

inline constexpr const char* kSweepFileName = "sweep.json";
inline constexpr const char* kSeedsFileName = "seeds.jsonl";
inline constexpr const char* kSummaryFileName = "summary.json";
inline constexpr const char* kMarkdownReportFileName = "report.md";
inline constexpr const char* kHtmlReportFileName = "report.html";
// Every file a sweep directory holds, which `sweep` and `merge` write and own.
inline constexpr std::array<const char*, 5> kSweepDirectoryFiles{
    kSweepFileName, kSeedsFileName, kSummaryFileName, kMarkdownReportFileName, kHtmlReportFileName};

struct SweepResult {
  reports::SweepBuilder builder;
  std::uint64_t expected_met = 0;  // seeds that met the scenario's expected verdict
  // The event digests of the seeds sampled for a determinism check, by seed;
  // empty text for a seed that did not complete.
  std::map<std::uint64_t, std::string> sampled_event_digests;
};

// Runs the seeds of identity's shard in `jobs` worker processes; writes
// their summaries to seeds_path (unless empty) in seed order. With a
// determinism_stride N above 0, keeps the event digests of the seeds at
// positions 0, N, 2N, ... of the shard (determinism_sample's seeds).
[[nodiscard]] SweepResult sweep_seeds(const CommandContext& context, const sim::Scenario& scenario,
                                      const SweepIdentity& identity, unsigned jobs,
                                      const std::string& seeds_path,
                                      std::uint64_t determinism_stride = 0);

// Throws ScenarioError when the path exists and is not a directory; creates
// nothing (for commands that write their directory only at the end).
void check_output_directory(const std::filesystem::path& directory);

// Creates the directory (and parents). Throws ScenarioError when the path
// is a file or cannot be created.
void prepare_output_directory(const std::filesystem::path& directory);

// A sweep directory written whole or not at all (finding A6: a failed merge
// or an interrupted sweep used to leave a new, partial seeds.jsonl beside the
// summary and reports of an earlier sweep, which looked complete). The files
// are written into a staging directory inside the target, and commit() moves
// them into place once all of them are written. Until then the target keeps
// what it held; if the command fails, the destructor removes the staging
// directory, and the target too when this object created it and it is still
// empty. A process killed before commit() leaves only the hidden staging
// directory (".holosim-partial-PID") beside the earlier files.
class StagedSweepDirectory {
 public:
  // Throws ScenarioError when `target` is a file or cannot be created.
  explicit StagedSweepDirectory(std::filesystem::path target);
  ~StagedSweepDirectory();
  StagedSweepDirectory(const StagedSweepDirectory&) = delete;
  StagedSweepDirectory& operator=(const StagedSweepDirectory&) = delete;

  // Where the command writes the files of kSweepDirectoryFiles.
  [[nodiscard]] const std::filesystem::path& staging() const { return staging_; }

  // Moves every file of kSweepDirectoryFiles from the staging directory
  // into the target, replacing the earlier ones. Throws ScenarioError.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool created_target_ = false;
  bool committed_ = false;
};

// Writes sweep.json, summary.json, report.md and report.html.
void write_sweep_directory(const std::filesystem::path& directory, const SweepIdentity& identity,
                           const reports::SweepReport& report);

}  // namespace holocron::cli
