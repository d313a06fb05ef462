#include "sim/cli/command_line.hpp"

#include <algorithm>
#include <array>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/program_options.hpp>

#include "core/assert.hpp"
#include "holocron_version.hpp"
#include "sim/cli/command_history.hpp"
#include "sim/cli/command_replay.hpp"
#include "sim/cli/command_shrink.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/suggest.hpp"

namespace holocron::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage = R"(usage: holosim COMMAND [OPTIONS]

Deterministic simulation of leader election over object storage.

commands:
  run FILE        run one seed of a scenario; print a summary
  validate FILE.. check scenario files without running them
  sweep FILE      run a range of seeds in worker processes
  merge DIR..     combine sharded sweep outputs into one
  compare FILE    run the same seeds under several algorithms
  report TRACE    render the report of a trace file
  replay TRACE    re-run the scenario and seed of a trace; compare digests
  determinism FILE  run a fraction of a seed range twice; compare digests
  shrink FILE     find a smaller scenario that fails the same checker
  history FILE    run a seed; print the epoch lock objects the leaders wrote

`holosim COMMAND --help` or `holosim help COMMAND` describes each command.
Exit codes: 0 all checks passed, 1 a check failed, 2 bad input or usage,
3 internal error.
)";

const std::vector<std::string>& command_names() {
  static const std::vector<std::string> kNames{"run",         "validate", "sweep",  "merge",
                                               "compare",     "report",   "replay", "shrink",
                                               "determinism", "history"};
  return kNames;
}

bool command_names_contain(const std::string& name) {
  const auto& names = command_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The parsed command line of one command, or the exit code to return at
// once (after --help, or on a usage error).
struct Parsed {
  po::variables_map values;
  std::optional<int> exit_now;
};

// `options` are shown by --help; `hidden` are the positional arguments,
// which the synopsis names instead.
Parsed parse(const std::string& command, const std::string& synopsis,
             const std::string& description, po::options_description& options,
             const po::options_description& hidden,
             const po::positional_options_description& positional, int argc, char** argv,
             std::ostream& out, std::ostream& err) {
  options.add_options()("help,h", "show this help");
  po::options_description all;
  all.add(options).add(hidden);
  Parsed parsed;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
              parsed.values);
    if (parsed.values.count("help") != 0) {
      out << "usage: holosim " << command << " " << synopsis << "\n\n"
          << description << "\n\n"
          << options
          << "\nexit codes: 0 all checks passed, 1 a check failed, 2 bad input or "
             "usage, 3 internal error\n";
      parsed.exit_now = kExitPassed;
      return parsed;
    }
    po::notify(parsed.values);
  } catch (const po::required_option& error) {
    // Positional arguments are declared as options; name them as the
    // synopsis does.
    const std::string name = error.get_option_name();
    std::string argument = name;
    if (name == "--scenario") argument = "a scenario FILE";
    if (name == "--trace") argument = "a TRACE file";
    if (name == "--dirs") argument = "the shard directories (DIR...)";
    if (name == "--seeds") argument = "--seeds A..B";
    err << "holosim " << command << ": missing " << argument << "\n"
        << "usage: holosim " << command << " " << synopsis << "  (see holosim " << command
        << " --help)\n";
    parsed.exit_now = kExitBadInput;
  } catch (const po::error& error) {
    err << "holosim " << command << ": " << error.what() << "\n"
        << "usage: holosim " << command << " " << synopsis << "  (see holosim " << command
        << " --help)\n";
    parsed.exit_now = kExitBadInput;
  }
  return parsed;
}

CommandContext make_context(const po::variables_map& values, const std::string& program) {
  CommandContext context{std::cout, std::cerr, detect_terminal(), program,
                         values.count("quiet") != 0};
  return context;
}

void add_overrides(po::options_description& options, std::vector<std::string>& overrides) {
  options.add_options()("set", po::value(&overrides)->composing(),
                        "override a scenario field: PATH=VALUE (repeatable), e.g. --set "
                        "cluster.nodes=9");
}

int main_run(int argc, char** argv, const std::string& program) {
  RunOptions options;
  std::string seed;
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&options.scenario_path)->required());
  described.add_options()("seed", po::value(&seed), "seed (default: the scenario's \"seed\")")(
      "trace", po::value(&options.trace_path), "write the per-epoch trace (JSON Lines) here")(
      "report", po::value(&options.report_path), "write the report here (.html, .md or .json)")(
      "event-trace", po::value(&options.event_trace_path),
      "write the event-level trace (JSON Lines, one line per fact) here")(
      "perfetto", po::value(&options.perfetto_path),
      "write the Chrome trace event format (for ui.perfetto.dev) here")("quiet,q",
                                                                        "no progress bar");
  add_overrides(described, options.overrides);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  auto parsed = parse("run",
                      "FILE [--seed N] [--trace PATH] [--report PATH] [--perfetto PATH] "
                      "[--event-trace PATH] [--set PATH=VALUE]...",
                      "Runs one seed of the scenario and prints a summary: leader changes, "
                      "failover p50/p99, leaderless and dual-leader time, store operations and "
                      "cost, and each checker's verdict. On a violation it prints the command that "
                      "reproduces it.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] {
    if (parsed.values.count("seed") != 0) options.seed = parse_seed(seed);
    return command_run(context, options);
  });
}

int main_validate(int argc, char** argv, const std::string& program) {
  ValidateOptions options;
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&options.scenario_paths)->required());
  add_overrides(described, options.overrides);
  po::positional_options_description positional;
  positional.add("scenario", -1);
  auto parsed = parse("validate", "FILE... [--set PATH=VALUE]...",
                      "Checks each scenario file (every field, unknown keys, limits) without "
                      "running it. Prints one line per valid file; problems go to stderr.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] { return command_validate(context, options); });
}

int main_sweep(int argc, char** argv, const std::string& program) {
  SweepOptions options;
  std::string jobs = std::to_string(default_jobs());
  std::string seeds;
  std::string shard = "0/1";
  std::string determinism_fraction;
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&options.scenario_path)->required());
  described.add_options()("seeds", po::value(&seeds)->required(), "seeds A..B (both included)")(
      "jobs,j", po::value(&jobs)->default_value(jobs), "worker processes at a time")(
      "shard", po::value(&shard)->default_value(shard),
      "run only shard K of N (0 <= K < N): the seeds at positions "
      "K, K+N, K+2N, ... of the range")("out,o",
                                        po::value(&options.out_dir)->default_value(options.out_dir),
                                        "output directory (seeds.jsonl, summary.json, sweep.json)")(
      "check-determinism", po::value(&determinism_fraction),
      "run this fraction of the seeds (1/10, 10%, 0.1) a second time, in this process, and fail "
      "(exit 1, naming the seed and both event digests) if any run differs from its worker's")(
      "quiet,q", "no progress bar");
  add_overrides(described, options.overrides);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  auto parsed = parse("sweep",
                      "FILE --seeds A..B [--jobs N] [--shard K/N] [--out DIR] "
                      "[--check-determinism FRACTION]",
                      "Runs every seed of the range in worker processes and writes one line per "
                      "seed and an aggregate summary. A seed whose worker crashes is reported "
                      "with its repro command and counts as a failed check (exit 1); the sweep "
                      "goes on. Shards run anywhere (GNU "
                      "parallel, Slurm, Kubernetes) and `holosim merge` combines them into "
                      "exactly what one unsharded sweep writes. --check-determinism F reruns "
                      "every (1/F)th seed of the shard, starting with the first, after the sweep "
                      "and compares event digests; the output files do not change.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] {
    options.seeds = parse_seed_range(seeds);
    options.shard = parse_shard(shard);
    options.jobs = parse_jobs(jobs);
    if (parsed.values.count("check-determinism") != 0) {
      options.determinism_stride =
          parse_fraction_stride(determinism_fraction, "--check-determinism");
    }
    return command_sweep(context, options);
  });
}

int main_merge(int argc, char** argv, const std::string& program) {
  MergeOptions options;
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("dirs", po::value(&options.shard_dirs)->required());
  described.add_options()("out,o", po::value(&options.out_dir)->default_value(options.out_dir),
                          "output directory");
  po::positional_options_description positional;
  positional.add("dirs", -1);
  auto parsed = parse("merge", "DIR... [--out DIR]",
                      "Combines the outputs of `holosim sweep --shard K/N` (all N shards of one "
                      "sweep) into exactly what the unsharded sweep writes, byte for byte.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] { return command_merge(context, options); });
}

int main_compare(int argc, char** argv, const std::string& program) {
  CompareOptions options;
  std::string jobs = std::to_string(default_jobs());
  std::string algorithms = "naive,lease,stable";
  std::string seeds = "1..10";
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&options.scenario_path)->required());
  described.add_options()("algorithms", po::value(&algorithms)->default_value(algorithms),
                          "comma-separated algorithms")(
      "seeds", po::value(&seeds)->default_value(seeds), "seeds A..B (both included)")(
      "jobs,j", po::value(&jobs)->default_value(jobs), "worker processes at a time")(
      "out,o", po::value(&options.out_dir),
      "also write compare.json, compare.md and compare.html into this directory")(
      "quiet,q", "no progress bar");
  add_overrides(described, options.overrides);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  auto parsed = parse("compare", "FILE --algorithms naive,lease,stable --seeds A..B",
                      "Runs the same scenario and seeds under each algorithm and prints them side "
                      "by side.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] {
    options.algorithms = parse_algorithm_list(algorithms);
    options.seeds = parse_seed_range(seeds);
    options.jobs = parse_jobs(jobs);
    return command_compare(context, options);
  });
}

int main_report(int argc, char** argv, const std::string& program) {
  ReportOptions options;
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("trace", po::value(&options.trace_path)->required());
  described.add_options()(
      "output,o", po::value(&options.output_path),
      "write the report here (.html, .md or .json); default: Markdown on stdout")(
      "perfetto", po::value(&options.perfetto_path),
      "also write the Chrome trace event format (for ui.perfetto.dev) here");
  po::positional_options_description positional;
  positional.add("trace", 1);
  auto parsed = parse("report", "TRACE [-o PATH] [--perfetto PATH]",
                      "Renders the election-stability report of a trace file, without "
                      "re-running the simulation.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] { return command_report(context, options); });
}

int main_replay(int argc, char** argv, const std::string& program) {
  ReplayOptions options;
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("trace", po::value(&options.trace_path)->required());
  described.add_options()("output,o", po::value(&options.replay_trace_path),
                          "keep the replayed trace here (default: a temporary file)");
  po::positional_options_description positional;
  positional.add("trace", 1);
  auto parsed = parse("replay", "TRACE [-o PATH]",
                      "Re-runs the scenario and seed recorded in the trace header and checks "
                      "that the new trace has the same digest. On a mismatch it names the first "
                      "record that differs, and the first event when two fresh runs differ.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] { return command_replay(context, options); });
}

int main_determinism(int argc, char** argv, const std::string& program) {
  DeterminismOptions options;
  std::string seeds;
  std::string fraction = "1";
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&options.scenario_path)->required());
  described.add_options()("seeds", po::value(&seeds)->required(), "seed range A..B")(
      "fraction", po::value(&fraction), "run this share of the seeds twice (1/10, 10%; default 1)");
  add_overrides(described, options.overrides);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  auto parsed = parse("determinism", "FILE --seeds A..B [--fraction F] [--set PATH=VALUE]...",
                      "Runs every seed of a fraction of the range twice in this process and "
                      "fails (exit 1) when any seed gives two different trace digests.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] {
    options.seeds = parse_seed_range(seeds);
    options.stride = parse_fraction_stride(fraction);
    return command_determinism(context, options);
  });
}

int main_shrink(int argc, char** argv, const std::string& program) {
  ShrinkOptions options;
  std::string seed;
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&options.scenario_path)->required());
  described.add_options()("seed", po::value(&seed), "seed (default: the scenario's \"seed\")")(
      "output,o", po::value(&options.output_path),
      "write the shrunk scenario here (default: FILE's name with .shrunk.json)");
  add_overrides(described, options.overrides);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  auto parsed = parse("shrink", "FILE [--seed N] [-o PATH] [--set PATH=VALUE]...",
                      "Finds a smaller scenario that fails the same checker with the same seed: "
                      "fewer faults (delta debugging), lower fault rates, fewer nodes, a shorter "
                      "run. Writes it as a scenario file and checks each remaining fault is "
                      "needed. Exit 1 when a failing scenario was written.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] {
    if (parsed.values.count("seed") != 0) options.seed = parse_seed(seed);
    return command_shrink(context, options);
  });
}

int main_history(int argc, char** argv, const std::string& program) {
  HistoryOptions options;
  std::string seed;
  po::options_description described("options");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&options.scenario_path)->required());
  described.add_options()("seed", po::value(&seed), "seed (default: the scenario's \"seed\")");
  add_overrides(described, options.overrides);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  auto parsed = parse("history", "FILE [--seed N] [--set PATH=VALUE]...",
                      "Runs one seed and prints the cluster's history as the leaders saw it: "
                      "each epoch lock object left in the store, with its owner, previous epoch "
                      "and ETag, and the members with their roles and last heartbeats. It runs "
                      "no checkers (`holosim run` gives the verdict): it exits 0 once the run "
                      "completed, whatever happened in it.",
                      described, hidden, positional, argc, argv, std::cout, std::cerr);
  if (parsed.exit_now) return *parsed.exit_now;
  const auto context = make_context(parsed.values, program);
  return run_guarded(context.err, [&] {
    if (parsed.values.count("seed") != 0) options.seed = parse_seed(seed);
    return command_history(context, options);
  });
}

// An unknown command: the closest known name, the usage, exit 2.
int unknown_command(const std::string& command) {
  std::string message = fmt::format("holosim: unknown command \"{}\"", command);
  if (const auto suggestion = nearest_name(command, command_names())) {
    message += fmt::format("; did you mean \"{}\"?", *suggestion);
  }
  std::cerr << message << "\n\n" << kUsage;
  return kExitBadInput;
}

// One command with its own arguments (sub_argv[0] names the command).
int run_command(const std::string& command, int sub_argc, char** sub_argv,
                const std::string& program) {
  if (command == "run") return main_run(sub_argc, sub_argv, program);
  if (command == "validate") return main_validate(sub_argc, sub_argv, program);
  if (command == "sweep") return main_sweep(sub_argc, sub_argv, program);
  if (command == "merge") return main_merge(sub_argc, sub_argv, program);
  if (command == "compare") return main_compare(sub_argc, sub_argv, program);
  if (command == "report") return main_report(sub_argc, sub_argv, program);
  if (command == "replay") return main_replay(sub_argc, sub_argv, program);
  if (command == "determinism") return main_determinism(sub_argc, sub_argv, program);
  if (command == "shrink") return main_shrink(sub_argc, sub_argv, program);
  if (command == "history") return main_history(sub_argc, sub_argv, program);
  HOLO_UNREACHABLE("run_command: a command command_names() does not list");
}

}  // namespace

int holosim_main(int argc, char** argv) {
  const std::string program = argc > 0 ? argv[0] : "holosim";
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitBadInput;
  }
  const std::string command = argv[1];
  if (command == "help" && argc >= 3 && std::string(argv[2]) != "help") {
    // `holosim help run` is `holosim run --help`, as in git and cargo.
    std::string help_command = argv[2];
    if (!command_names_contain(help_command)) return unknown_command(help_command);
    std::string help_flag = "--help";
    std::array<char*, 3> help_argv{help_command.data(), help_flag.data(), nullptr};
    return run_command(help_command, 2, help_argv.data(), program);
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitPassed;
  }
  if (command == "--version") {
    std::cout << "holosim " << HOLOCRON_VERSION << "\n";
    return kExitPassed;
  }
  // Each command parses its own arguments (argv[1] plays argv[0]).
  if (command_names_contain(command)) return run_command(command, argc - 1, argv + 1, program);
  return unknown_command(command);
}

}  // namespace holocron::cli
