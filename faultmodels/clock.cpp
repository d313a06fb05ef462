#include "faultmodels/clock.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/prng.hpp"
#include "faultmodels/distributions.hpp"

namespace holocron::faultmodels {
namespace {

constexpr std::int64_t kPpm = 1'000'000;

// floor(a / b) for b > 0 (C++ division truncates toward zero).
Int128 floor_div(Int128 a, Int128 b) {
  Int128 quotient = a / b;
  if ((a % b != 0) && (a < 0)) --quotient;
  return quotient;
}

Nanos clamp_to_nanos(Int128 value) {
  if (value > static_cast<Int128>(kNanosMax)) return kNanosMax;
  if (value < static_cast<Int128>(INT64_MIN)) return INT64_MIN;
  return static_cast<Nanos>(value);
}

}  // namespace

ClockModel::ClockModel(Nanos offset_ns, std::int64_t drift_ppm, std::vector<ClockStep> steps)
    : offset_ns_(offset_ns), drift_ppm_(drift_ppm), steps_(std::move(steps)) {
  HOLO_ASSERT(drift_ppm > -kPpm);
  HOLO_ASSERT(drift_ppm < kPpm);
  std::stable_sort(steps_.begin(), steps_.end(),
                   [](const ClockStep& a, const ClockStep& b) { return a.at_ns < b.at_ns; });
  step_sums_ns_.assign(1, 0);
  step_sums_ns_.reserve(steps_.size() + 1);
  for (const ClockStep& step : steps_) step_sums_ns_.push_back(step_sums_ns_.back() + step.by_ns);
  HOLO_ASSERT(step_sums_ns_.size() == steps_.size() + 1);
}

ClockModel ClockModel::for_node(const ClocksConfig& config, std::uint64_t seed, NodeIndex node,
                                Nanos run_duration_ns) {
  Nanos offset_ns = 0;
  std::int64_t drift_ppm = 0;
  std::vector<ClockStep> steps;
  const auto explicit_entry =
      std::find_if(config.nodes.begin(), config.nodes.end(),
                   [&](const NodeClockConfig& entry) { return entry.node == node; });
  if (explicit_entry != config.nodes.end()) {
    offset_ns = explicit_entry->offset_ns;
    drift_ppm = explicit_entry->drift_ppm;
    steps = explicit_entry->steps;
  } else if (config.offset_max_ns > 0 || config.drift_max_ppm > 0) {
    Prng prng = Prng::derive(seed, "clocks", node);
    offset_ns = uniform_ns(prng, -config.offset_max_ns, config.offset_max_ns);
    drift_ppm = uniform_ns(prng, -config.drift_max_ppm, config.drift_max_ppm);
  }
  if (config.steps_per_hour > 0) {
    Prng prng = Prng::derive(seed, "clocks.steps", node);
    Nanos at_ns = 0;
    std::size_t drawn = 0;
    while (drawn < kClockStepsMax) {
      at_ns = saturating_add(at_ns, poisson_gap_ns(prng, config.steps_per_hour));
      if (at_ns >= run_duration_ns) break;
      const Nanos magnitude_ns =
          uniform_ns(prng, std::min(milliseconds(1), config.step_max_ns), config.step_max_ns);
      const bool backwards = bernoulli(prng, Ratio{1, 2});
      steps.push_back(ClockStep{at_ns, backwards ? -magnitude_ns : magnitude_ns});
      ++drawn;
    }
  }
  return ClockModel(offset_ns, drift_ppm, std::move(steps));
}

std::size_t ClockModel::steps_through(Nanos true_ns) const {
  const auto after =
      std::upper_bound(steps_.begin(), steps_.end(), true_ns,
                       [](Nanos value, const ClockStep& step) { return value < step.at_ns; });
  return static_cast<std::size_t>(after - steps_.begin());
}

Nanos ClockModel::local_with_steps(Nanos true_ns, std::size_t applied) const {
  HOLO_ASSERT(applied <= steps_.size());
  const Int128 local = static_cast<Int128>(true_ns) + offset_ns_ +
                       floor_div(static_cast<Int128>(true_ns) * drift_ppm_, kPpm) +
                       step_sums_ns_[applied];
  return clamp_to_nanos(local);
}

Nanos ClockModel::local_ns(Nanos true_ns) const {
  return local_with_steps(true_ns, steps_through(true_ns));
}

Nanos ClockModel::true_ns_for_local(Nanos local_deadline_ns, Nanos not_before_true_ns) const {
  // Walk the segments between steps from not_before_true_ns on. Within a
  // segment local time is non-decreasing in true time, so the first instant
  // that reaches the deadline can be found by binary search.
  Nanos segment_begin_ns = not_before_true_ns;
  std::size_t applied = steps_through(segment_begin_ns);
  while (true) {
    const bool last_segment = applied == steps_.size();
    const Nanos segment_last_ns = last_segment ? kNanosMax : steps_[applied].at_ns - 1;
    if (local_with_steps(segment_begin_ns, applied) >= local_deadline_ns) return segment_begin_ns;
    if (local_with_steps(segment_last_ns, applied) >= local_deadline_ns) {
      // Invariant: local(low) < deadline <= local(high).
      Nanos low_ns = segment_begin_ns;
      Nanos high_ns = segment_last_ns;
      while (high_ns - low_ns > 1) {
        const Nanos middle_ns = low_ns + (high_ns - low_ns) / 2;
        if (local_with_steps(middle_ns, applied) >= local_deadline_ns) {
          high_ns = middle_ns;
        } else {
          low_ns = middle_ns;
        }
      }
      HOLO_ASSERT(local_with_steps(high_ns, applied) >= local_deadline_ns);
      return high_ns;
    }
    if (last_segment) return kNanosMax;
    // Steps at one instant all apply together: skip to past the last of them.
    segment_begin_ns = steps_[applied].at_ns;
    applied = steps_through(segment_begin_ns);
  }
}

}  // namespace holocron::faultmodels
