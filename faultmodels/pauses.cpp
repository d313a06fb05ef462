#include "faultmodels/pauses.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "faultmodels/distributions.hpp"

namespace holocron::faultmodels {

PausePlan::PausePlan(const PausesConfig& config, std::uint64_t seed, Nanos run_duration_ns) {
  HOLO_ASSERT(run_duration_ns >= 0);
  for (std::size_t i = 0; i < config.scheduled.size(); ++i) {
    const ScheduledPause& scheduled = config.scheduled[i];
    Prng prng = Prng::derive(seed, "pauses.scheduled", i);
    actions_.push_back(
        PauseAction{scheduled.at_ns, scheduled.for_ns, scheduled.target, prng.next(), false});
  }
  const RandomPauses& random = config.random;
  if (random.rate_per_hour > 0) {
    Prng prng = Prng::derive(seed, "pauses.random", 0);
    Nanos at_ns = 0;
    while (true) {
      at_ns = saturating_add(at_ns, poisson_gap_ns(prng, random.rate_per_hour));
      if (at_ns >= run_duration_ns) break;
      if (actions_.size() >= kPauseActionsMax) {
        truncated_ = true;
        break;
      }
      const Nanos for_ns = std::max<Nanos>(1, draw_duration(prng, random.duration));
      actions_.push_back(PauseAction{at_ns, for_ns, random.target, prng.next(), true});
    }
  }
  std::stable_sort(actions_.begin(), actions_.end(),
                   [](const PauseAction& a, const PauseAction& b) { return a.at_ns < b.at_ns; });
  HOLO_ASSERT(actions_.size() <= kPauseActionsMax + config.scheduled.size());
}

LeaderPauseDecider::LeaderPauseDecider(const LeaderPauses& config, std::uint64_t seed)
    : config_(config), prng_(Prng::derive(seed, "pauses.on_became_leader", 0)) {
  HOLO_ASSERT(config.probability.denominator > 0);
  HOLO_ASSERT(config.for_ns > 0);
}

std::optional<Nanos> LeaderPauseDecider::on_became_leader(NodeIndex node, Nanos true_ns) {
  (void)node;  // every node is eligible; the parameter documents the call site
  if (fired_ >= config_.count_max) return std::nullopt;
  if (true_ns < config_.not_before_ns) return std::nullopt;
  if (!bernoulli(prng_, config_.probability)) return std::nullopt;
  ++fired_;
  HOLO_ASSERT(fired_ <= config_.count_max);
  return config_.for_ns;
}

}  // namespace holocron::faultmodels
