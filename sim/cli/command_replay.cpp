#include "sim/cli/command_replay.hpp"

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/assert.hpp"
#include "holocron_version.hpp"
#include "reports/event_trace.hpp"
#include "reports/trace_reader.hpp"
#include "sim/cli/determinism_check.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/json_file.hpp"
#include "sim/cli/output_paths.hpp"
#include "sim/cli/repro.hpp"
#include "sim/cli/run_one.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"

namespace holocron::cli {
namespace {

// Lines of a differing record shown in full up to this many characters; a
// per-epoch record can hold 64-entry lists, which nobody reads in a terminal.
constexpr std::size_t kShownLineChars = 400;

// Seeds checked by one determinism run, at most (each is run twice).
constexpr std::uint64_t kDeterminismSeedsMax = 100'000;

std::string shorten(const std::string& line) {
  if (line.empty()) return "(the trace ended here)";
  if (line.size() <= kShownLineChars) return line;
  return line.substr(0, kShownLineChars) + "...";
}

// A temporary file name that is unique per process and purpose; it never
// reaches a result, so the process id is harmless for determinism.
std::filesystem::path temp_path(const std::string& purpose) {
  return std::filesystem::temp_directory_path() /
         fmt::format("holosim-replay-{}-{}.jsonl", ::getpid(), purpose);
}

// Describes a JSON Lines record briefly: its type, time, node and epoch when
// it has them, so the first difference reads as "at 12.3s, node 2, ...".
std::string describe_record(const std::string& line) {
  if (line.empty()) return "nothing (the trace ended)";
  const auto record = nlohmann::json::parse(line, nullptr, false);
  if (!record.is_object()) return "an unreadable line";
  std::string text = record.value("type", std::string("record"));
  for (const char* key : {"epoch", "winner", "true_ns", "node", "op", "kind", "name", "detail"}) {
    const auto found = record.find(key);
    if (found != record.end() && !found->is_null()) {
      text += fmt::format(" {}={}", key, found->dump());
    }
  }
  return text;
}

void print_divergence(std::ostream& out, const std::string& what,
                      const reports::Divergence& divergence, const std::string& first_name,
                      const std::string& second_name) {
  out << fmt::format("  first {} that differs: line {}\n", what, divergence.line);
  out << fmt::format("    {:<10} {}\n", first_name, describe_record(divergence.first));
  out << fmt::format("    {:<10} {}\n", second_name, describe_record(divergence.second));
  out << fmt::format("    {:<10} {}\n", first_name, shorten(divergence.first));
  out << fmt::format("    {:<10} {}\n", second_name, shorten(divergence.second));
}

std::optional<reports::Divergence> compare_files(const std::filesystem::path& first,
                                                 const std::filesystem::path& second) {
  std::ifstream first_in(first, std::ios::binary);
  std::ifstream second_in(second, std::ios::binary);
  if (!first_in) throw ScenarioError(first.string(), "", "cannot be read");
  if (!second_in) throw ScenarioError(second.string(), "", "cannot be read");
  return reports::first_divergence(first_in, second_in);
}

// Removes the temporary files it was given when it goes out of scope.
class TempFiles {
 public:
  TempFiles() = default;
  TempFiles(const TempFiles&) = delete;
  TempFiles& operator=(const TempFiles&) = delete;
  ~TempFiles() {
    for (const auto& path : paths_) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  }
  std::filesystem::path add(std::filesystem::path path) {
    paths_.push_back(path);
    return path;
  }

 private:
  std::vector<std::filesystem::path> paths_;
};

}  // namespace

int command_replay(const CommandContext& context, const ReplayOptions& options) {
  HOLO_ASSERT(!options.trace_path.empty());
  // The replayed trace is compared with the recorded one afterwards; written
  // over it, it would destroy the recording and always "match".
  check_output_paths("replay", {{"the TRACE", options.trace_path}},
                     {{"-o", options.replay_trace_path}});
  check_readable_file(options.trace_path);
  const reports::Trace recorded = reports::read_trace_file(options.trace_path);
  const reports::RunHeader& header = recorded.header.run;
  const std::string origin = options.trace_path + " (header.scenario.canonical)";
  const auto document = nlohmann::json::parse(header.scenario_json, nullptr, false);
  if (document.is_discarded()) {
    throw ScenarioError(options.trace_path, "header.scenario.canonical",
                        "is not valid JSON; expected the canonical scenario");
  }
  const sim::Scenario scenario = parse_scenario(document, origin);
  const std::string digest = scenario_digest(scenario);
  if (digest != header.scenario_digest) {
    throw ScenarioError(options.trace_path, "header.scenario.digest",
                        fmt::format("is {}, but the embedded scenario's digest is {}; expected "
                                    "them to match (was the file edited?)",
                                    header.scenario_digest, digest));
  }
  const bool same_version = header.program_version == HOLOCRON_VERSION;
  context.out << fmt::format("replay {}: scenario {} ({}), seed {}\n", options.trace_path,
                             header.scenario_name, digest.substr(0, 16), header.seed);
  if (!same_version) {
    context.out << fmt::format(
        "  program version differs: the trace was written by {}, this is {}; a different "
        "digest may be the version, not nondeterminism\n",
        header.program_version, HOLOCRON_VERSION);
  }

  TempFiles temporaries;
  const std::filesystem::path replay_path = options.replay_trace_path.empty()
                                                ? temporaries.add(temp_path("trace"))
                                                : std::filesystem::path(options.replay_trace_path);
  RunSetup setup;
  setup.seed = header.seed;
  setup.trace_path = replay_path.string();
  setup.repro_command = recorded.header.repro_command;
  const RunOutcome outcome = run_scenario(scenario, setup);
  context.out << fmt::format("  recorded digest {}\n  replayed digest {}\n", recorded.footer.digest,
                             outcome.trace_digest);
  if (outcome.trace_digest == recorded.footer.digest) {
    context.out << "  match: the run is reproduced exactly\n";
    // Reproduced, but incomplete: it exits as `holosim run` did for it, so
    // that a script does not take the recording for a good run.
    if (!recorded.footer.stopped_early.empty()) {
      context.out << fmt::format("  INCOMPLETE: the recorded run stopped early: {}\n",
                                 recorded.footer.stopped_early);
      return kExitBadInput;
    }
    return kExitPassed;
  }

  context.out << (same_version ? "  MISMATCH: the same binary gave a different run\n"
                               : "  MISMATCH (different program version)\n");
  if (const auto divergence = compare_files(options.trace_path, replay_path)) {
    print_divergence(context.out, "trace record", *divergence, "recorded", "replayed");
  }
  // The per-epoch trace summarises; the event-level trace of two fresh runs
  // names the first fact that differs, when this binary diverges from itself.
  const auto first_events = temporaries.add(temp_path("events-1"));
  const auto second_events = temporaries.add(temp_path("events-2"));
  for (const auto& path : {first_events, second_events}) {
    RunSetup event_setup;
    event_setup.seed = header.seed;
    event_setup.event_trace_path = path.string();
    event_setup.repro_command = recorded.header.repro_command;
    static_cast<void>(run_scenario(scenario, event_setup));
  }
  if (const auto divergence = compare_files(first_events, second_events)) {
    context.out << "  two more runs in this process diverge from each other:\n";
    print_divergence(context.out, "event", *divergence, "run 1", "run 2");
  } else {
    context.out << "  two more runs in this process agree event by event: the difference is "
                   "between this binary (or version) and the one that wrote the trace\n";
  }
  return kExitCheckFailed;
}

std::uint64_t parse_fraction_stride(const std::string& text, const std::string& option) {
  const auto fail = [&] {
    return ScenarioError(option, "",
                         fmt::format("\"{}\" is not a fraction; expected 1/N, 0.1 or 10% (above "
                                     "0, at most 1)",
                                     text));
  };
  // A whole piece of text as a number; trailing characters are an error.
  const auto number = [&](const std::string& piece) {
    std::size_t used = 0;
    const double value = std::stod(piece, &used);
    if (used != piece.size()) throw fail();
    return value;
  };
  double value = 0;
  try {
    if (const auto slash = text.find('/'); slash != std::string::npos) {
      value = number(text.substr(0, slash)) / number(text.substr(slash + 1));
    } else if (!text.empty() && text.back() == '%') {
      value = number(text.substr(0, text.size() - 1)) / 100.0;
    } else {
      value = number(text);
    }
  } catch (const std::logic_error&) {
    throw fail();
  }
  if (!(value > 0.0) || value > 1.0) throw fail();
  // Rounding down the reciprocal checks at least the fraction asked for.
  const auto stride = static_cast<std::uint64_t>(1.0 / value);
  return stride == 0 ? 1 : stride;
}

int command_determinism(const CommandContext& context, const DeterminismOptions& options) {
  HOLO_ASSERT(options.stride >= 1);
  const sim::Scenario scenario = load_scenario(options.scenario_path, options.overrides);
  const SeedSequence sample =
      determinism_sample(SeedSequence{options.seeds.first, options.seeds.last, 1}, options.stride);
  if (sample.count() > kDeterminismSeedsMax) {
    throw ScenarioError("--seeds", "",
                        fmt::format("checks {} seeds; expected at most {} (use --fraction)",
                                    sample.count(), kDeterminismSeedsMax));
  }
  const auto repro_for = [&](std::uint64_t seed) {
    return repro_command(context.program, options.scenario_path, seed, options.overrides);
  };
  const auto digests_text = [](const RunDigests& digests) {
    return fmt::format("{} events {}", digests.trace, digests.event);
  };
  const RunDigestsOf digests_of =
      options.digests_of ? options.digests_of : RunDigestsOf(run_digests_of);
  DeterminismTally tally;
  for (std::uint64_t index = 0; index < sample.count(); ++index) {
    const std::uint64_t seed = sample.first + index * sample.stride;
    const std::string first = digests_text(digests_of(scenario, seed, repro_for(seed)));
    const std::string second = digests_text(digests_of(scenario, seed, repro_for(seed)));
    tally.add(seed, first, second);
  }
  tally.print_mismatches(context.out, "trace digest and event digest", repro_for);
  context.out << fmt::format("determinism: {} seeds run twice, {} mismatched\n", tally.checked(),
                             tally.mismatches().size());
  return tally.exit_code();
}

}  // namespace holocron::cli
