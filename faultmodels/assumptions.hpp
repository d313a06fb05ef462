// Assumption tracking: does a run stay within what the election algorithm
// assumes? The stable algorithm's safety argument (core's stable header) is
//
//   renew_deadline * (1 + drift) < lease * (1 - drift)
//
// on every node's clock, where drift is the bound max_drift_ppm. Its slack,
// the timing margin lease * (1 - drift) - renew_deadline * (1 + drift), is how
// long a leader may be late to stop acting (a process pause after its
// validity check, a clock step) before a follower may take over while it
// still acts. So a run leaves the assumptions when
//
//   "drift_bound"  a node's clock drifts by more than max_drift_ppm;
//   "pause_bound"  a node pauses for the margin or longer;
//   "clock_step"   a node's clock steps (either way) by the margin or more.
//
// Overlapping leaders outside the assumptions are expected failures (what
// fencing tokens are for); inside them they are bugs. The checkers use the
// recorded breaks to tell the two apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "faultmodels/clock.hpp"
#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

struct AlgorithmBounds {
  std::int64_t max_drift_ppm = 0;
  Nanos margin_ns = 0;  // <= 0: no margin at all (any pause or step breaks it)
};

// The timing margin of the stable algorithm, in exact integer arithmetic
// (rounded down): lease * (1 - d) - renew_deadline * (1 + d), d = ppm / 10^6.
[[nodiscard]] Nanos timing_margin_ns(Nanos lease_ns, Nanos renew_deadline_ns,
                                     std::int64_t max_drift_ppm);

struct AssumptionBreak {
  Nanos true_ns = 0;
  NodeIndex node = 0;
  std::string assumption;  // "drift_bound", "pause_bound" or "clock_step"
  std::string message;     // a sentence naming the assumption and the numbers
};

class AssumptionTracker {
 public:
  explicit AssumptionTracker(AlgorithmBounds bounds);

  // Each check returns the break it found (and records it), or nullopt.
  std::optional<AssumptionBreak> check_drift(NodeIndex node, std::int64_t drift_ppm);
  std::optional<AssumptionBreak> check_pause(NodeIndex node, Nanos true_ns, Nanos pause_ns);
  std::optional<AssumptionBreak> check_step(NodeIndex node, Nanos true_ns, Nanos by_ns);
  // check_drift for the clock's drift and check_step for each of its steps.
  std::vector<AssumptionBreak> check_clock(NodeIndex node, const ClockModel& clock);

  [[nodiscard]] bool within_assumptions() const { return breaks_.empty(); }
  [[nodiscard]] const std::vector<AssumptionBreak>& breaks() const { return breaks_; }
  [[nodiscard]] const AlgorithmBounds& bounds() const { return bounds_; }

 private:
  AlgorithmBounds bounds_;
  std::vector<AssumptionBreak> breaks_;
};

}  // namespace holocron::faultmodels
