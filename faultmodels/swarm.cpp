#include "faultmodels/swarm.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/assert.hpp"
#include "core/int128.hpp"
#include "core/prng.hpp"
#include "faultmodels/distributions.hpp"

namespace holocron::faultmodels {
namespace {

// Strengths are drawn in thousandths of the bound, in (0, 1]: an "on"
// family is never switched on at zero strength.
constexpr std::uint64_t kStrengthSteps = 1000;

std::uint64_t draw_strength_permille(Prng& prng) {
  return 1 + prng.below(kStrengthSteps);
}

// bound * permille / 1000 as an exact ratio (reduced only by the common
// factor 1000 where possible, so it stays exact).
Ratio scale_ratio(Ratio bound, std::uint64_t permille) {
  HOLO_ASSERT(permille >= 1);
  HOLO_ASSERT(permille <= kStrengthSteps);
  const Uint128 numerator = static_cast<Uint128>(bound.numerator) * permille;
  const Uint128 denominator = static_cast<Uint128>(bound.denominator) * kStrengthSteps;
  if (denominator <= UINT64_MAX) {
    return Ratio{static_cast<std::uint64_t>(numerator), static_cast<std::uint64_t>(denominator)};
  }
  // A huge denominator: fall back to parts per 10^18 (rounded down).
  constexpr std::uint64_t kScale = 1'000'000'000'000'000'000ULL;
  return Ratio{static_cast<std::uint64_t>(numerator * kScale / denominator), kScale};
}

double scale_rate(double bound, std::uint64_t permille) {
  return bound * static_cast<double>(permille) / static_cast<double>(kStrengthSteps);
}

Nanos scale_duration(Nanos bound_ns, std::uint64_t permille) {
  return static_cast<Nanos>(static_cast<Int128>(bound_ns) * permille / kStrengthSteps);
}

// Is family `name` switched on? Draws once from its stream, always, so the
// strength draws that follow sit at the same stream position either way.
bool switched_on(Prng& prng, const SwarmConfig& swarm, bool bound_nonzero) {
  const bool on = bernoulli(prng, swarm.family_on);
  return on && bound_nonzero;
}

}  // namespace

const std::vector<std::string>& swarm_families() {
  static const std::vector<std::string> kFamilies = {
      "store_errors", "brownouts", "lost_responses", "partitions", "crashes", "pauses", "clocks"};
  return kFamilies;
}

SwarmDraw draw_swarm(const FaultsConfig& base, std::uint64_t seed, Nanos run_duration_ns,
                     CrashResume resume) {
  SwarmDraw draw{base, {}, "{}"};
  const SwarmConfig& swarm = base.swarm;
  if (!swarm.enabled) return draw;
  HOLO_ASSERT(run_duration_ns >= 0);

  nlohmann::ordered_json families = nlohmann::ordered_json::object();
  FaultsConfig& config = draw.config;
  const auto stream = [&](const std::string& family) {
    return Prng::derive(seed, "swarm." + family, 0);
  };
  const auto note = [&](const std::string& family, bool on) {
    families[family]["on"] = on;
    if (on) draw.families_on.push_back(family);
  };

  {
    Prng prng = stream("store_errors");
    const bool on = switched_on(prng, swarm, !swarm.internal_error_rate_max.is_zero());
    note("store_errors", on);
    if (on) {
      config.store_errors.internal_error_rate =
          scale_ratio(swarm.internal_error_rate_max, draw_strength_permille(prng));
      families["store_errors"]["internal_error_rate"] =
          format_ratio(config.store_errors.internal_error_rate);
    }
  }
  {
    Prng prng = stream("brownouts");
    const bool on =
        switched_on(prng, swarm, swarm.brownouts_per_hour_max > 0 && swarm.brownout_for_max_ns > 0);
    note("brownouts", on);
    if (on) {
      const double rate_per_hour =
          scale_rate(swarm.brownouts_per_hour_max, draw_strength_permille(prng));
      const Nanos for_max_ns = std::max<Nanos>(
          1, scale_duration(swarm.brownout_for_max_ns, draw_strength_permille(prng)));
      Nanos at_ns = 0;
      std::size_t added = 0;
      while (added < kSwarmBrownoutsMax) {
        at_ns = saturating_add(at_ns, poisson_gap_ns(prng, rate_per_hour));
        if (at_ns >= run_duration_ns) break;
        BrownoutWindow window;
        window.at_ns = at_ns;
        window.for_ns = uniform_ns(prng, 1, for_max_ns);
        config.store_errors.brownouts.push_back(window);
        ++added;
      }
      families["brownouts"]["per_hour"] = rate_per_hour;
      families["brownouts"]["for_max"] = format_duration(for_max_ns);
      families["brownouts"]["windows"] = added;
    }
  }
  {
    Prng prng = stream("lost_responses");
    const bool on = switched_on(prng, swarm, !swarm.lost_response_rate_max.is_zero());
    note("lost_responses", on);
    if (on) {
      config.lost_responses.rate =
          scale_ratio(swarm.lost_response_rate_max, draw_strength_permille(prng));
      families["lost_responses"]["rate"] = format_ratio(config.lost_responses.rate);
    }
  }
  {
    Prng prng = stream("partitions");
    const bool on = switched_on(
        prng, swarm, swarm.partitions_per_hour_max > 0 && swarm.partition_for_max_ns > 0);
    note("partitions", on);
    if (on) {
      RandomPartitions& random = config.partitions.random;
      random.rate_per_hour =
          scale_rate(swarm.partitions_per_hour_max, draw_strength_permille(prng));
      const Nanos for_max_ns = std::max<Nanos>(
          1, scale_duration(swarm.partition_for_max_ns, draw_strength_permille(prng)));
      random.duration = DurationDistribution::uniform(std::min(seconds(1), for_max_ns), for_max_ns);
      constexpr PartitionDirection kDirections[] = {
          PartitionDirection::kRequests, PartitionDirection::kResponses, PartitionDirection::kBoth};
      random.direction = kDirections[prng.below(3)];
      random.target =
          NodeTarget{prng.below(2) == 0 ? TargetKind::kRandom : TargetKind::kLeader, {}};
      families["partitions"]["per_hour"] = random.rate_per_hour;
      families["partitions"]["for_max"] = format_duration(for_max_ns);
      families["partitions"]["direction"] = to_string(random.direction);
      families["partitions"]["target"] = to_string(random.target.kind);
    }
  }
  {
    Prng prng = stream("crashes");
    const bool on = switched_on(prng, swarm, swarm.crashes_per_hour_max > 0);
    note("crashes", on);
    if (on) {
      RandomCrashes& random = config.crashes.random;
      random.rate_per_hour = scale_rate(swarm.crashes_per_hour_max, draw_strength_permille(prng));
      const Nanos restart_max_ns =
          scale_duration(swarm.restart_after_max_ns, draw_strength_permille(prng));
      random.restart_after = DurationDistribution::uniform(0, restart_max_ns);
      const bool drew_resume = prng.below(2) != 0;
      random.mode =
          drew_resume && resume == CrashResume::kAllowed ? CrashMode::kResume : CrashMode::kRestart;
      random.target =
          NodeTarget{prng.below(2) == 0 ? TargetKind::kRandom : TargetKind::kLeader, {}};
      families["crashes"]["per_hour"] = random.rate_per_hour;
      families["crashes"]["restart_after_max"] = format_duration(restart_max_ns);
      families["crashes"]["mode"] = to_string(random.mode);
      families["crashes"]["target"] = to_string(random.target.kind);
    }
  }
  {
    Prng prng = stream("pauses");
    const bool on =
        switched_on(prng, swarm, swarm.pauses_per_hour_max > 0 && swarm.pause_for_max_ns > 0);
    note("pauses", on);
    if (on) {
      RandomPauses& random = config.pauses.random;
      random.rate_per_hour = scale_rate(swarm.pauses_per_hour_max, draw_strength_permille(prng));
      const Nanos for_max_ns =
          std::max<Nanos>(1, scale_duration(swarm.pause_for_max_ns, draw_strength_permille(prng)));
      random.duration = DurationDistribution::uniform(1, for_max_ns);
      random.target =
          NodeTarget{prng.below(2) == 0 ? TargetKind::kRandom : TargetKind::kLeader, {}};
      families["pauses"]["per_hour"] = random.rate_per_hour;
      families["pauses"]["for_max"] = format_duration(for_max_ns);
      families["pauses"]["target"] = to_string(random.target.kind);
    }
  }
  {
    Prng prng = stream("clocks");
    const bool on =
        switched_on(prng, swarm,
                    swarm.drift_max_ppm > 0 || swarm.offset_max_ns > 0 ||
                        (swarm.clock_steps_per_hour_max > 0 && swarm.clock_step_max_ns > 0));
    note("clocks", on);
    if (on) {
      ClocksConfig& clocks = config.clocks;
      clocks.drift_max_ppm = static_cast<std::int64_t>(
          static_cast<Int128>(swarm.drift_max_ppm) * draw_strength_permille(prng) / kStrengthSteps);
      clocks.offset_max_ns = scale_duration(swarm.offset_max_ns, draw_strength_permille(prng));
      const std::uint64_t steps_permille = draw_strength_permille(prng);
      const Nanos step_max_ns =
          scale_duration(swarm.clock_step_max_ns, draw_strength_permille(prng));
      // Steps need a size of at least 1 ms (ClocksConfig's lower bound).
      if (step_max_ns >= milliseconds(1)) {
        clocks.steps_per_hour = scale_rate(swarm.clock_steps_per_hour_max, steps_permille);
        clocks.step_max_ns = step_max_ns;
      }
      families["clocks"]["drift_max_ppm"] = clocks.drift_max_ppm;
      families["clocks"]["offset_max"] = format_duration(clocks.offset_max_ns);
      families["clocks"]["steps_per_hour"] = clocks.steps_per_hour;
      families["clocks"]["step_max"] = format_duration(clocks.step_max_ns);
    }
  }
  HOLO_ASSERT(families.size() == swarm_families().size());
  nlohmann::ordered_json description;
  description["families"] = families;
  draw.description_json = description.dump();
  return draw;
}

}  // namespace holocron::faultmodels
