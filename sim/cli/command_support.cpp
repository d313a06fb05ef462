// Argument values shared by several commands (seed ranges, shards, algorithm
// lists, job counts) and the mapping of exceptions to exit codes.
#include <charconv>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "reports/json_read.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/output_paths.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/suggest.hpp"

namespace holocron::cli {
namespace {

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

SeedRange parse_seed_range(const std::string& text) {
  const auto bad = [&](const std::string& why) {
    throw ScenarioError("--seeds", "",
                        fmt::format("\"{}\": {}; expected A..B (both included, A <= B) or a "
                                    "single seed, e.g. 1..1000",
                                    text, why));
  };
  const auto dots = text.find("..");
  SeedRange range;
  if (dots == std::string::npos) {
    const auto single = parse_u64(text);
    if (!single) bad("not a seed");
    range.first = range.last = *single;
    return range;
  }
  const auto first = parse_u64(std::string_view(text).substr(0, dots));
  const auto last = parse_u64(std::string_view(text).substr(dots + 2));
  if (!first || !last) bad("not a range of seeds");
  if (*first > *last) bad("the range is empty");
  if (*last - *first >= kSweepSeedsMax) {
    // The limit is on the range itself, sharded or not: a shard of it would
    // not help, so the advice is to split the range.
    bad(fmt::format("more than {} seeds; split the range into runs of at most {} seeds each",
                    kSweepSeedsMax, kSweepSeedsMax));
  }
  range.first = *first;
  range.last = *last;
  return range;
}

std::uint64_t parse_seed(const std::string& text) {
  const auto seed = parse_u64(text);
  if (!seed) {
    throw ScenarioError(
        "--seed", "", fmt::format("\"{}\": expected a seed from 0 to 18446744073709551615", text));
  }
  return *seed;
}

unsigned parse_jobs(const std::string& text) {
  const auto jobs = parse_u64(text);
  if (!jobs || *jobs == 0 || *jobs > kJobsMax) {
    throw ScenarioError(
        "--jobs", "",
        fmt::format("\"{}\": expected a number of worker processes from 1 to {}", text, kJobsMax));
  }
  return static_cast<unsigned>(*jobs);
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  const auto index = slash == std::string::npos
                         ? std::nullopt
                         : parse_u64(std::string_view(text).substr(0, slash));
  const auto count = slash == std::string::npos
                         ? std::nullopt
                         : parse_u64(std::string_view(text).substr(slash + 1));
  if (!index || !count || *count == 0 || *count > kShardsMax || *index >= *count) {
    throw ScenarioError("--shard", "",
                        fmt::format("\"{}\": expected K/N with 0 <= K < N <= {} (shards are "
                                    "numbered from 0, as Kubernetes Indexed Jobs and Slurm "
                                    "arrays from 0 number them)",
                                    text, kShardsMax));
  }
  return Shard{*index, *count};
}

std::vector<Algorithm> parse_algorithm_list(const std::string& text) {
  std::vector<Algorithm> algorithms;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const std::string name =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto algorithm = parse_algorithm(name);
    if (!algorithm) {
      std::string message = fmt::format(
          "\"{}\" is not an algorithm; expected a comma-separated list of naive, "
          "lease, stable",
          name);
      if (const auto suggestion = nearest_name(name, {"naive", "lease", "stable"})) {
        message += fmt::format(" (did you mean \"{}\"?)", *suggestion);
      }
      throw ScenarioError("--algorithms", "", message);
    }
    for (const auto seen : algorithms) {
      if (seen == *algorithm) {
        throw ScenarioError(
            "--algorithms", "",
            fmt::format("\"{}\" is listed twice; expected each algorithm once", name));
      }
    }
    algorithms.push_back(*algorithm);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return algorithms;
}

unsigned default_jobs() {
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : std::min(hardware, kJobsMax);
}

int run_guarded(std::ostream& err, const std::function<int()>& command) {
  try {
    return command();
  } catch (const PathConflictError& error) {
    // Its message names the command already ("holosim run: ...").
    err << error.what() << "\n";
    return kExitBadInput;
  } catch (const ScenarioError& error) {
    err << "holosim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const reports::TraceFormatError& error) {
    err << "holosim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& error) {
    err << "holosim: internal error: " << error.what() << "\n";
    return kExitInternalError;
  }
}

}  // namespace holocron::cli
