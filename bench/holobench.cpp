// holobench: runs the performance anchors' workload (../shared/anchors/)
// through the real election core and the real engine, and prints store
// operations simulated per wall second and memory, in the same key=value
// form as ../shared/anchors/run.sh so that bench/run.sh can compare them.
//
//   holobench [--nodes 1000] [--duration 1h] [--seed 1] [--algorithm naive]
//             [--checkers] [--trace-file PATH] [--fence] [--store-stats]
//
// Exit status: 0 on success, 1 when the run stopped early (a limit), 2 for
// bad flags.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/measure.hpp"
#include "core/time.hpp"

using namespace holocron;

namespace {

constexpr int kExitBadFlags = 2;
constexpr int kExitRunFailed = 1;

constexpr std::string_view kUsage =
    "usage: holobench [--nodes N] [--duration D] [--seed S] [--algorithm A]\n"
    "                 [--checkers] [--trace-file PATH] [--fence] [--store-stats]\n"
    "  --nodes N         simulated nodes (default 1000)\n"
    "  --duration D      simulated time, e.g. 1h, 10m, 90s (default 1h)\n"
    "  --seed S          run seed (default 1)\n"
    "  --algorithm A     naive, lease or stable (default naive)\n"
    "  --checkers        attach every checker and the per-epoch trace recorder\n"
    "  --trace-file PATH with --checkers: write the per-epoch trace here\n"
    "                    (default: format it in full, then discard it)\n"
    "  --fence           also run the engine's fenced resource (not in the anchors)\n"
    "  --store-stats     diagnostics: store operations by status, epoch objects over\n"
    "                    time, stale wins (slows the run; not for timing)\n";

// Bad input at the edge: the message names the flag and what was expected.
struct FlagError {
  std::string message;
};

std::uint64_t parse_count(std::string_view flag, const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || end == nullptr || *end != '\0' || errno == ERANGE) {
    throw FlagError{std::string(flag) + ": expected an integer from 0 to 2^64 - 1, got \"" + text +
                    "\""};
  }
  return value;
}

// Flags are "--name value" or "--name=value"; switches take no value.
bench::MeasureOptions parse_flags(const std::vector<std::string>& args, bool& help) {
  bench::MeasureOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> inline_value;
    if (const auto equals = flag.find('='); equals != std::string::npos) {
      inline_value = flag.substr(equals + 1);
      flag.resize(equals);
    }
    const auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) throw FlagError{flag + ": expected a value after it"};
      return args[++i];
    };
    if (flag == "--help" || flag == "-h") {
      help = true;
    } else if (flag == "--nodes") {
      const std::uint64_t nodes = parse_count(flag, value());
      if (nodes == 0 || nodes > sim::kNodesMax) {
        throw FlagError{"--nodes: expected 1.." + std::to_string(sim::kNodesMax) + ", got " +
                        std::to_string(nodes)};
      }
      options.workload.node_count = static_cast<std::uint32_t>(nodes);
    } else if (flag == "--duration") {
      const std::string text = value();
      const DurationParse duration = parse_duration(text);
      if (!duration.value || *duration.value <= 0) {
        throw FlagError{"--duration: expected a positive duration such as 1h or 90s, got \"" +
                        text + "\"" + (duration.error.empty() ? "" : ": " + duration.error)};
      }
      options.workload.duration_ns = *duration.value;
    } else if (flag == "--seed") {
      options.seed = parse_count(flag, value());
    } else if (flag == "--algorithm") {
      const std::string text = value();
      const std::optional<Algorithm> algorithm = parse_algorithm(text);
      if (!algorithm) {
        throw FlagError{"--algorithm: expected naive, lease or stable, got \"" + text + "\""};
      }
      options.workload.algorithm = *algorithm;
    } else if (flag == "--checkers" && !inline_value) {
      options.checkers = true;
    } else if (flag == "--store-stats" && !inline_value) {
      options.store_stats = true;
    } else if (flag == "--fence" && !inline_value) {
      options.workload.fenced_resource = true;
    } else if (flag == "--trace-file") {
      options.trace_path = value();
    } else {
      throw FlagError{"unknown flag \"" + args[i] + "\""};
    }
  }
  if (!options.trace_path.empty()) {
    if (!options.checkers) throw FlagError{"--trace-file: needs --checkers"};
    std::ofstream probe(options.trace_path, std::ios::binary | std::ios::trunc);
    if (!probe) throw FlagError{"--trace-file: cannot write \"" + options.trace_path + "\""};
  }
  return options;
}

double per(double amount, double span) {
  return span > 0 ? amount / span : 0;
}

unsigned long long as_ull(std::uint64_t value) {
  return static_cast<unsigned long long>(value);
}

void print(const bench::MeasureOptions& options, const bench::Measurement& m) {
  const double nodes = options.workload.node_count;
  const double ops = static_cast<double>(m.store_ops);
  const std::uint64_t grown_kib =
      m.peak_rss_kib > m.baseline_rss_kib ? m.peak_rss_kib - m.baseline_rss_kib : 0;
  // The first line has the anchors' shape (plus CPU time); bench/run.sh
  // parses it.
  std::printf(
      "holobench       wall_s=%.3f rss_kib=%llu store_ops=%llu ops_per_s=%.0f cpu_s=%.3f"
      " ops_per_cpu_s=%.0f\n",
      m.wall_s, as_ull(m.peak_rss_kib), as_ull(m.store_ops), per(ops, m.wall_s), m.cpu_s,
      per(ops, m.cpu_s));
  std::printf("  nodes=%u duration=%s seed=%llu algorithm=%s checkers=%s\n",
              options.workload.node_count, format_duration(options.workload.duration_ns).c_str(),
              as_ull(options.seed), std::string(to_string(options.workload.algorithm)).c_str(),
              options.checkers ? "on" : "off");
  std::printf(
      "  lists=%llu puts=%llu gets=%llu deletes=%llu keys_per_list=%.1f\n",
      as_ull(m.ops.list_requests), as_ull(m.ops.put_requests), as_ull(m.ops.get_requests),
      as_ull(m.ops.delete_requests),
      per(static_cast<double>(m.list_keys_returned), static_cast<double>(m.ops.list_requests)));
  std::printf("  events=%llu events_per_cpu_s=%.0f leader_starts=%llu events_in_flight_max=%zu\n",
              as_ull(m.events), per(static_cast<double>(m.events), m.cpu_s),
              as_ull(m.leader_starts), m.events_in_flight_high_water);
  // Per-node memory: what the run added to the process (peak minus the
  // resident size before the engine existed), divided by the nodes.
  std::printf("  baseline_rss_kib=%llu bytes_per_node=%.0f peak_bytes_per_node=%.0f\n",
              as_ull(m.baseline_rss_kib), static_cast<double>(grown_kib) * 1024.0 / nodes,
              static_cast<double>(m.peak_rss_kib) * 1024.0 / nodes);
  std::printf("  event_digest=%s", m.event_digest.c_str());
  if (options.checkers) {
    std::printf(" verdict=%s violations=%llu", m.verdict_passed ? "pass" : "violations",
                as_ull(m.violations));
  }
  std::printf("\n");
  if (!m.store_stats.empty()) std::fputs(m.store_stats.c_str(), stdout);
}

}  // namespace

int main(int argc, char** argv) {
  bench::MeasureOptions options;
  try {
    bool help = false;
    options = parse_flags(std::vector<std::string>(argv + 1, argv + argc), help);
    if (help) {
      std::fputs(kUsage.data(), stdout);
      return 0;
    }
  } catch (const FlagError& error) {
    std::fprintf(stderr, "holobench: %s\n%s", error.message.c_str(), kUsage.data());
    return kExitBadFlags;
  }
  const bench::Measurement measurement = bench::measure(options);
  print(options, measurement);
  if (!measurement.run_ok) {
    std::fprintf(stderr, "holobench: the run stopped early: %s\n", measurement.run_error.c_str());
    return kExitRunFailed;
  }
  return 0;
}
