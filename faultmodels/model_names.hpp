// The names of the fault models, as they appear in accounting, FaultFacts,
// traces and the run summary. One list, so that a model's injections and its
// "never fired" entry always use the same name.
#pragma once

#include <string_view>

namespace holocron::faultmodels {

inline constexpr std::string_view kModelLatency = "latency";
inline constexpr std::string_view kModelInternalError = "store_errors.internal_error";
inline constexpr std::string_view kModelThrottle = "store_errors.throttle";
inline constexpr std::string_view kModelConflict = "store_errors.conflict";
inline constexpr std::string_view kModelBrownout = "store_errors.brownout";
inline constexpr std::string_view kModelLostResponses = "lost_responses";
inline constexpr std::string_view kModelPartitions = "partitions";
inline constexpr std::string_view kModelCrashes = "crashes";
inline constexpr std::string_view kModelPauses = "pauses";
inline constexpr std::string_view kModelLeaderPauses = "pauses.on_became_leader";
inline constexpr std::string_view kModelClockSkew = "clocks.skew";  // offset and drift
inline constexpr std::string_view kModelClockSteps = "clocks.steps";
inline constexpr std::string_view kModelCorruptObjects = "corrupt_objects";

}  // namespace holocron::faultmodels
