// A node's local clock as a function of true (simulator) time. It stands for
// the real faults of a machine's clock: a constant offset (a clock that was
// never synchronised well), rate drift (a crystal running fast or slow, in
// parts per million), and steps (NTP correcting a bad clock at once, a VM
// resuming from a snapshot, an operator setting the time), forward or back.
//
//   local_ns(t) = t + offset_ns + floor(t * drift_ppm / 1,000,000)
//                   + (sum of step.by_ns for every step with step.at_ns <= t)
//
// in exact integer arithmetic (128-bit intermediates). Between steps local
// time never decreases (|drift_ppm| < 1,000,000), so true_ns_for_local can
// find by binary search the first true instant at or after a given one when a
// node's local deadline is reached: that is when the engine fires the node's
// timer. A backward step can make a local instant come round twice; the
// inverse returns the first time at or after `not_before_true_ns`.
//
// ClockModel::for_node builds a node's clock from the scenario: an explicit
// entry if there is one, otherwise offset and drift drawn uniformly within
// the configured bounds from Prng::derive(seed, "clocks", node); random steps
// (steps_per_hour > 0) from Prng::derive(seed, "clocks.steps", node).
#pragma once

#include <cstdint>
#include <vector>

#include "core/int128.hpp"
#include "core/time.hpp"
#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

// At most this many steps per node per run; random arrivals beyond it are
// dropped.
inline constexpr std::size_t kClockStepsMax = 10'000;

class ClockModel {
 public:
  ClockModel() = default;  // a perfect clock: local time == true time
  // |drift_ppm| < 1,000,000; steps in any order (kept sorted by at_ns,
  // stable, so steps at one instant apply in the given order).
  ClockModel(Nanos offset_ns, std::int64_t drift_ppm, std::vector<ClockStep> steps);

  [[nodiscard]] static ClockModel for_node(const ClocksConfig& config, std::uint64_t seed,
                                           NodeIndex node, Nanos run_duration_ns);

  // The node's local time at true time true_ns (clamped to the Nanos range).
  [[nodiscard]] Nanos local_ns(Nanos true_ns) const;

  // The smallest true time t >= not_before_true_ns with local_ns(t) >=
  // local_deadline_ns; kNanosMax if the clock never gets there.
  [[nodiscard]] Nanos true_ns_for_local(Nanos local_deadline_ns, Nanos not_before_true_ns) const;

  [[nodiscard]] Nanos offset_ns() const { return offset_ns_; }
  [[nodiscard]] std::int64_t drift_ppm() const { return drift_ppm_; }
  [[nodiscard]] const std::vector<ClockStep>& steps() const { return steps_; }
  // True when the clock differs from true time at all.
  [[nodiscard]] bool is_skewed() const { return offset_ns_ != 0 || drift_ppm_ != 0; }

 private:
  // The first index into steps_ whose at_ns is > true_ns.
  [[nodiscard]] std::size_t steps_through(Nanos true_ns) const;
  // Local time at true_ns with the first `applied` steps summed in.
  [[nodiscard]] Nanos local_with_steps(Nanos true_ns, std::size_t applied) const;

  Nanos offset_ns_ = 0;
  std::int64_t drift_ppm_ = 0;
  std::vector<ClockStep> steps_;
  // step_sums_ns_[i]: the sum of the first i steps' by_ns (size steps + 1),
  // so a lookup costs a binary search, not a walk over every step.
  std::vector<Int128> step_sums_ns_ = std::vector<Int128>(1, 0);
};

}  // namespace holocron::faultmodels
