#include "faultmodels/assumptions.hpp"

#include "core/assert.hpp"
#include "core/int128.hpp"

namespace holocron::faultmodels {
namespace {

constexpr std::int64_t kPpm = 1'000'000;

std::string node_name(NodeIndex node) {
  return "node " + std::to_string(node);
}

}  // namespace

Nanos timing_margin_ns(Nanos lease_ns, Nanos renew_deadline_ns, std::int64_t max_drift_ppm) {
  HOLO_ASSERT(max_drift_ppm >= 0);
  HOLO_ASSERT(max_drift_ppm < kPpm);
  // Scaled by 10^6 so that the whole expression stays in integers.
  const Int128 scaled = static_cast<Int128>(lease_ns) * (kPpm - max_drift_ppm) -
                        static_cast<Int128>(renew_deadline_ns) * (kPpm + max_drift_ppm);
  Int128 margin = scaled / kPpm;
  if (scaled % kPpm != 0 && scaled < 0) --margin;  // round toward minus infinity
  return static_cast<Nanos>(margin);
}

AssumptionTracker::AssumptionTracker(AlgorithmBounds bounds) : bounds_(bounds) {
  HOLO_ASSERT(bounds.max_drift_ppm >= 0);
}

std::optional<AssumptionBreak> AssumptionTracker::check_drift(NodeIndex node,
                                                              std::int64_t drift_ppm) {
  const std::int64_t magnitude_ppm = drift_ppm < 0 ? -drift_ppm : drift_ppm;
  if (magnitude_ppm <= bounds_.max_drift_ppm) return std::nullopt;
  AssumptionBreak found{0, node, "drift_bound",
                        "drift_bound: " + node_name(node) + "'s clock drifts by " +
                            std::to_string(drift_ppm) + " ppm, beyond the algorithm's " +
                            "max_drift_ppm of " + std::to_string(bounds_.max_drift_ppm) +
                            "; its lease timing no longer holds"};
  breaks_.push_back(found);
  return found;
}

std::optional<AssumptionBreak> AssumptionTracker::check_pause(NodeIndex node, Nanos true_ns,
                                                              Nanos pause_ns) {
  HOLO_ASSERT(pause_ns >= 0);
  if (pause_ns < bounds_.margin_ns) return std::nullopt;
  AssumptionBreak found{
      true_ns, node, "pause_bound",
      "pause_bound: " + node_name(node) + " paused for " + format_duration(pause_ns) + " at " +
          format_duration(true_ns) + ", not shorter than the timing margin of " +
          format_duration(bounds_.margin_ns) + "; a leader may act after a follower took over"};
  breaks_.push_back(found);
  return found;
}

std::optional<AssumptionBreak> AssumptionTracker::check_step(NodeIndex node, Nanos true_ns,
                                                             Nanos by_ns) {
  const Nanos magnitude_ns = by_ns < 0 ? -by_ns : by_ns;
  if (magnitude_ns < bounds_.margin_ns || by_ns == 0) return std::nullopt;
  AssumptionBreak found{
      true_ns, node, "clock_step",
      "clock_step: " + node_name(node) + "'s clock stepped " + (by_ns < 0 ? "back" : "forward") +
          " by " + format_duration(magnitude_ns) + " at " + format_duration(true_ns) +
          ", not less than the timing margin of " + format_duration(bounds_.margin_ns) +
          "; lease intervals measured across it cannot be trusted"};
  breaks_.push_back(found);
  return found;
}

std::vector<AssumptionBreak> AssumptionTracker::check_clock(NodeIndex node,
                                                            const ClockModel& clock) {
  std::vector<AssumptionBreak> found;
  if (auto drift = check_drift(node, clock.drift_ppm())) found.push_back(*drift);
  for (const ClockStep& step : clock.steps()) {
    if (auto stepped = check_step(node, step.at_ns, step.by_ns)) found.push_back(*stepped);
  }
  return found;
}

}  // namespace holocron::faultmodels
