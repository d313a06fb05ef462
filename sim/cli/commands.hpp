// The holosim commands as plain functions over plain option structs, so that
// the tests can call them and only the executable's main needs an option
// parser (Boost.Program_options, in command_line.cpp). Each returns an exit
// code (exit_codes.hpp) and writes results to `out` and diagnostics to `err`.
// Bad input is thrown as ScenarioError; run_guarded turns exceptions into
// exit codes and messages.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/elector.hpp"
#include "sim/cli/determinism_check.hpp"
#include "sim/cli/terminal.hpp"

namespace holocron::cli {

// What every command shares.
struct CommandContext {
  std::ostream& out;
  std::ostream& err;
  Terminal terminal;
  std::string program = "holosim";  // argv[0], for repro commands
  bool quiet = false;               // no progress bar
};

// A closed range of seeds, "A..B" on the command line (or a single "A").
struct SeedRange {
  std::uint64_t first = 1;
  std::uint64_t last = 1;
  [[nodiscard]] std::uint64_t count() const { return last - first + 1; }
};

// This process's share of a sweep, "K/N" on the command line: the seeds whose
// position in the range is K modulo N (0 <= K < N).
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
};

// Seeds in one --seeds range, at most (sharded or not: split the range to go beyond).
inline constexpr std::uint64_t kSweepSeedsMax = 1'000'000'000;
inline constexpr std::uint64_t kShardsMax = 1'000'000;
inline constexpr unsigned kJobsMax = 1024;

[[nodiscard]] SeedRange parse_seed_range(const std::string& text);
// One seed, a decimal integer from 0 to 2^64 - 1 (a leading "-" is refused
// rather than wrapped around).
[[nodiscard]] std::uint64_t parse_seed(const std::string& text);
// A job count from 1 to kJobsMax.
[[nodiscard]] unsigned parse_jobs(const std::string& text);
[[nodiscard]] Shard parse_shard(const std::string& text);
// Parses "naive,lease,stable" (no duplicates).
[[nodiscard]] std::vector<Algorithm> parse_algorithm_list(const std::string& text);
// The default --jobs: the machine's hardware threads (at least 1).
[[nodiscard]] unsigned default_jobs();

struct RunOptions {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;  // default: the scenario's seed
  std::string trace_path;             // default: the scenario's output.trace
  std::string report_path;            // default: the scenario's output.report
  std::string event_trace_path;       // default: the scenario's output.event_trace
  std::string perfetto_path;          // default: the scenario's output.perfetto
  std::vector<std::string> overrides;
};
int command_run(const CommandContext& context, const RunOptions& options);

struct ValidateOptions {
  std::vector<std::string> scenario_paths;
  std::vector<std::string> overrides;
};
int command_validate(const CommandContext& context, const ValidateOptions& options);

struct SweepOptions {
  std::string scenario_path;
  SeedRange seeds;
  unsigned jobs = 1;
  Shard shard;
  std::string out_dir = "sweep-out";
  std::vector<std::string> overrides;
  // --check-determinism: every Nth seed of the shard runs a second time, in
  // this process, and its event digest must equal the worker's (0: off).
  std::uint64_t determinism_stride = 0;
  // Runs the second time (empty: run_digests_of). Tests plant a mismatch here.
  RunDigestsOf digests_of;
};
int command_sweep(const CommandContext& context, const SweepOptions& options);

struct MergeOptions {
  std::vector<std::string> shard_dirs;
  std::string out_dir = "sweep-out";
};
int command_merge(const CommandContext& context, const MergeOptions& options);

struct CompareOptions {
  std::string scenario_path;
  std::vector<Algorithm> algorithms;
  SeedRange seeds;
  unsigned jobs = 1;
  std::string out_dir;  // empty: print only
  std::vector<std::string> overrides;
};
int command_compare(const CommandContext& context, const CompareOptions& options);

struct ReportOptions {
  std::string trace_path;
  std::string output_path;    // empty: Markdown on stdout (unless perfetto_path)
  std::string perfetto_path;  // also export the Chrome trace event format here
};
int command_report(const CommandContext& context, const ReportOptions& options);

// Runs `command`, mapping ScenarioError and trace-format errors to a message on
// `err` and kExitBadInput, and anything else to kExitInternalError.
int run_guarded(std::ostream& err, const std::function<int()>& command);

}  // namespace holocron::cli
