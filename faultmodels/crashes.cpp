#include "faultmodels/crashes.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/prng.hpp"
#include "faultmodels/distributions.hpp"

namespace holocron::faultmodels {

CrashPlan::CrashPlan(const CrashesConfig& config, std::uint64_t seed, Nanos run_duration_ns) {
  HOLO_ASSERT(run_duration_ns >= 0);
  for (std::size_t i = 0; i < config.scheduled.size(); ++i) {
    const ScheduledCrash& scheduled = config.scheduled[i];
    Prng prng = Prng::derive(seed, "crashes.scheduled", i);
    actions_.push_back(CrashAction{scheduled.at_ns, scheduled.target, prng.next(),
                                   scheduled.restart_after_ns, scheduled.mode, false});
  }
  const RandomCrashes& random = config.random;
  if (random.rate_per_hour > 0) {
    Prng prng = Prng::derive(seed, "crashes.random", 0);
    Nanos at_ns = 0;
    while (true) {
      at_ns = saturating_add(at_ns, poisson_gap_ns(prng, random.rate_per_hour));
      if (at_ns >= run_duration_ns) break;
      if (actions_.size() >= kCrashActionsMax) {
        truncated_ = true;
        break;
      }
      const Nanos restart_after_ns = draw_duration(prng, random.restart_after);
      actions_.push_back(
          CrashAction{at_ns, random.target, prng.next(), restart_after_ns, random.mode, true});
    }
  }
  std::stable_sort(actions_.begin(), actions_.end(),
                   [](const CrashAction& a, const CrashAction& b) { return a.at_ns < b.at_ns; });
  HOLO_ASSERT(actions_.size() <= kCrashActionsMax + config.scheduled.size());
}

}  // namespace holocron::faultmodels
