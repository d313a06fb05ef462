// `holosim replay TRACE` and `holosim determinism FILE --seeds A..B`: the two
// commands that check a run is a pure function of (scenario, seed, binary).
// Replay re-runs the scenario and seed recorded in a trace header and compares
// trace digests; on a mismatch it names the first record that differs, and
// the first event when a second in-process run diverges too. The determinism
// check runs a fraction of a seed range twice and fails on any digest
// mismatch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/determinism_check.hpp"

namespace holocron::cli {

struct ReplayOptions {
  std::string trace_path;
  // Where the replayed trace is written (empty: a file beside the system's
  // temporary directory, removed afterwards).
  std::string replay_trace_path;
};
// Exit 0 when the digest matches, 1 when it differs, 2 on bad input and when
// the recorded run stopped early (a limit; the replay still compares digests).
int command_replay(const CommandContext& context, const ReplayOptions& options);

struct DeterminismOptions {
  std::string scenario_path;
  SeedRange seeds;
  // Runs every `stride`-th seed of the range twice (1: every seed).
  std::uint64_t stride = 1;
  std::vector<std::string> overrides;
  // Runs one seed (empty: run_digests_of). Tests plant a mismatch here.
  RunDigestsOf digests_of;
};
// Exit 0 when every checked seed gave the same trace digest twice, 1 otherwise.
int command_determinism(const CommandContext& context, const DeterminismOptions& options);

// Parses a fraction ("1/10", "0.1", "10%"; `option` names it in errors) into
// a stride of seeds: 1/10 checks every tenth seed. Throws ScenarioError on
// anything outside (0, 1] and on trailing characters.
[[nodiscard]] std::uint64_t parse_fraction_stride(const std::string& text,
                                                  const std::string& option = "--fraction");

}  // namespace holocron::cli
