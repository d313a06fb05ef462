// Parsing the "faults" section of a scenario file into
// faultmodels::FaultsConfig. Internal to the scenario parser; the JSON mirrors
// faultmodels/config.hpp field for field (durations as strings without the
// `_ns` suffix, probabilities as ratios).
#pragma once

#include <cstdint>

#include "core/time.hpp"
#include "faultmodels/config.hpp"
#include "sim/cli/field_reader.hpp"

namespace holocron::cli {

// Scheduled fault lists longer than this are generated, not written; a
// generator should use the random fault families instead.
inline constexpr std::size_t kScheduledFaultsMax = 10'000;
// Fault times and spans beyond this are certainly typos.
inline constexpr Nanos kFaultSpanMax = 366 * kNanosPerDay;

// Reads `faults` (and finishes it). node_count bounds node indices.
[[nodiscard]] faultmodels::FaultsConfig parse_faults(FieldReader& faults, std::uint32_t node_count);

}  // namespace holocron::cli
