// One line of a sweep's seeds.jsonl: what one seed did. Written by the
// worker that ran the seed (or by the parent, for a seed whose worker
// crashed), copied verbatim by merge, and read back to aggregate. The bytes
// are a pure function of (scenario, seed, binary, command line), which is
// what makes a merged sweep byte-identical to the unsharded one.
//
//   {"seed":7,"outcome":"failed","expected":true,"event_digest":"...",
//    "summary":{RunStats},"verdict":{Verdict},"crash":"","repro":"holosim run ..."}
//
// "summary" and "verdict" are reports/trace_codec.hpp's encodings (null for a
// crashed seed); "outcome" is "passed", "failed" or "crashed".
#pragma once

#include <cstdint>
#include <string>

#include "reports/run_stats.hpp"
#include "reports/verdict.hpp"
#include "sim/cli/run_one.hpp"

namespace holocron::cli {

enum class SeedOutcome : std::uint8_t { kPassed, kFailed, kCrashed };

struct SeedRecord {
  std::uint64_t seed = 0;
  SeedOutcome outcome = SeedOutcome::kPassed;
  bool expected = false;  // met the scenario's expected verdict
  std::string event_digest;
  reports::RunStats stats;   // not for crashed seeds
  reports::Verdict verdict;  // not for crashed seeds
  std::string crash;         // crashed seeds: how the worker died
  std::string repro;
};

[[nodiscard]] SeedRecord record_from_outcome(const sim::Scenario& scenario, std::uint64_t seed,
                                             const RunOutcome& outcome, std::string repro);
[[nodiscard]] SeedRecord record_from_crash(std::uint64_t seed, std::string crash,
                                           std::string repro);

// One line, without the newline.
[[nodiscard]] std::string write_seed_record(const SeedRecord& record);
// Parses one line; `file` and `line_number` name it in errors (TraceFormatError).
[[nodiscard]] SeedRecord read_seed_record(const std::string& line, const std::string& file,
                                          std::uint64_t line_number);

}  // namespace holocron::cli
