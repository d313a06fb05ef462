// `holosim shrink FILE --seed N [-o PATH]`: finds a smaller scenario that
// fails the same checker with the same seed. It works on the scenario's JSON
// form (scenario_to_json), so every candidate is a scenario file the parser
// accepts: delta debugging (ddmin) over the elements of the fault lists, then
// ratios lowered to zero or halved, fewer nodes, shorter duration, and
// again from the fault list until a round changes nothing. Fault
// models derive one random stream per model, so removing one fault does not
// reshuffle the others' draws. Runs and rounds are bounded (kShrinkRunsMax,
// kShrinkRoundsMax).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/verdict.hpp"
#include "sim/cli/commands.hpp"

namespace holocron::cli {

// Runs one shrink may spend, at most; the result so far is kept when it runs out.
inline constexpr std::uint64_t kShrinkRunsMax = 400;
// Rounds of (fault list, rates, nodes, duration) one shrink may make, at
// most. A later round can drop faults that only became unnecessary once the
// run got smaller; shrinking stops earlier at a fixpoint (a round that
// changes nothing).
inline constexpr std::uint32_t kShrinkRoundsMax = 6;

struct ShrinkOptions {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;  // default: the scenario's seed
  std::string output_path;            // default: <FILE stem>.shrunk.json
  std::vector<std::string> overrides;
  std::uint64_t runs_max = kShrinkRunsMax;
  std::uint32_t rounds_max = kShrinkRoundsMax;
};

struct ShrinkResult {
  nlohmann::json scenario;  // the smallest failing scenario (scenario_to_json layout)
  reports::Property property = reports::Property::kS1;  // the checker it fails
  std::size_t faults_before = 0;
  std::size_t faults_after = 0;
  std::uint32_t nodes_before = 0;
  std::uint32_t nodes_after = 0;
  std::int64_t duration_before_ns = 0;
  std::int64_t duration_after_ns = 0;
  std::uint64_t runs = 0;
  bool runs_exhausted = false;
  std::uint32_t rounds = 0;  // rounds made, the last of them changing nothing at a fixpoint
  bool fixpoint = false;     // false: stopped by rounds_max or runs_max
  // Each remaining fault was checked: removing it alone makes the failure go away.
  std::vector<bool> fault_needed;
};

// Shrinks `scenario` (a scenario_to_json document that fails with `seed`).
// Returns nullopt when the scenario does not fail any checker with that seed.
[[nodiscard]] std::optional<ShrinkResult> shrink_scenario(
    const nlohmann::json& scenario, std::uint64_t seed, std::uint64_t runs_max,
    std::uint32_t rounds_max = kShrinkRoundsMax);

// The fault-list elements of a scenario document, as JSON pointers
// ("/faults/crashes/scheduled/0"), in document order.
[[nodiscard]] std::vector<std::string> fault_element_pointers(const nlohmann::json& scenario);

int command_shrink(const CommandContext& context, const ShrinkOptions& options);

}  // namespace holocron::cli
