// Swarm mode (Groce et al., "Swarm Testing"): instead of running every seed
// with every fault at a moderate rate, each seed draws which fault families
// are on and how strong they are, within the bounds the scenario gives. Runs
// with few, strong faults find bugs that a constant mix of everything hides
// (one fault often masks another: a partitioned node cannot also race).
//
// Families, in draw order: store_errors (random 500s), brownouts,
// lost_responses, partitions, crashes, pauses, clocks. A family is on with
// probability swarm.family_on (and never when its bound is zero); an "on"
// family's strength is drawn uniformly up to its bound, and replaces the
// scenario's random settings for that family (scheduled faults stay as
// configured). Family f draws from Prng::derive(seed, "swarm.<f>", 0) alone,
// so changing one family's bounds never changes another's draw.
//
// The draw is recorded as JSON in the trace header (RunHeader::swarm_json):
// {"families": {"<f>": {"on": bool, ...strength fields}}} with families in
// the order above, so a reader sees exactly what this seed ran with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

// Brownout windows a swarm draw may add to a run, at most.
inline constexpr std::size_t kSwarmBrownoutsMax = 1'000;

struct SwarmDraw {
  FaultsConfig config;                   // the scenario's faults with the draw applied
  std::vector<std::string> families_on;  // in draw order
  std::string description_json;          // "{}" when swarm mode is off
};

// The families in draw order.
[[nodiscard]] const std::vector<std::string>& swarm_families();

// Whether a drawn crash may resume a virtual node: only when the nodes
// publish their state (cluster.publish_state), since there is nothing else
// to resume from.
enum class CrashResume { kAllowed, kNotAllowed };

// When swarm mode is off, returns `base` unchanged with description "{}".
// A crash family drawn as "resume" becomes "restart" when resume is not
// allowed; the draw itself is the same, so the other draws do not move.
[[nodiscard]] SwarmDraw draw_swarm(const FaultsConfig& base, std::uint64_t seed,
                                   Nanos run_duration_ns, CrashResume resume);

}  // namespace holocron::faultmodels
