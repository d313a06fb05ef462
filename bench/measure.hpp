// One benchmark run: build the anchor scenario, run it through the real
// engine and core (optionally with the checkers and the per-epoch trace
// recorder attached as sinks), and measure wall time and memory around it.
//
// Wall time is measured here, outside the simulation: it never reaches the
// simulation's results, which stay a pure function of (scenario, seed,
// binary).
#pragma once

#include <cstdint>
#include <string>

#include "bench/anchor_scenario.hpp"
#include "reports/facts.hpp"

namespace holocron::bench {

struct MeasureOptions {
  WorkloadOptions workload;
  std::uint64_t seed = 1;
  // Attach reports' CheckerSet (all properties) and TraceRecorder.
  bool checkers = false;
  // With checkers: where the per-epoch JSON Lines trace goes. Empty: it is
  // encoded in full and then discarded, so that the encoding is measured
  // but the disk is not.
  std::string trace_path;
  // Attach bench/store_stats.hpp's diagnostic sink (slows the run: use it to
  // explain a cost, not to time one).
  bool store_stats = false;
};

struct Measurement {
  bool run_ok = true;
  std::string run_error;
  double wall_s = 0;
  double cpu_s = 0;  // user + system CPU seconds of the measured span
  std::uint64_t peak_rss_kib = 0;
  // Resident memory just before the engine was built: the program, its
  // libraries and the allocator's arenas, which do not grow with nodes.
  std::uint64_t baseline_rss_kib = 0;
  reports::OpCounters ops;
  std::uint64_t store_ops = 0;           // every request the store handled
  std::uint64_t list_keys_returned = 0;  // summed over every LIST page
  std::uint64_t events = 0;              // events the engine processed
  std::uint64_t leader_starts = 0;
  std::size_t events_in_flight_high_water = 0;
  std::string event_digest;
  // With checkers: whether every property held, and the violation count
  // (naive is expected to overlap: S5 fires, which is the point of naive).
  bool verdict_passed = true;
  std::uint64_t violations = 0;
  // With store_stats: StoreStats::describe().
  std::string store_stats;
};

// Runs once. Peak RSS is the process's peak so far, so a fresh process per
// measurement is what makes it this run's peak (bench/run.sh does that).
[[nodiscard]] Measurement measure(const MeasureOptions& options);

}  // namespace holocron::bench
