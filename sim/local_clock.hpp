// A simulated node's local clock: local_ns = true_ns + offset + drift + steps,
// in exact integer arithmetic. Drift is a rate error in parts per million (a
// clock with +100 ppm gains 100 us every true second); steps are jumps forward
// or back (an NTP correction, a VM resumed on another host) applied by the
// engine at their true instant.
//
// The engine needs the inverse too: the true instant at which the local clock
// reaches a deadline the core asked for (poll_timeout, acting_until). That
// instant is computed for the clock as it is now; a later step changes it, and
// the engine re-arms the node's timers when it applies one.
#pragma once

#include <cstdint>

#include "core/assert.hpp"
#include "core/int128.hpp"
#include "core/time.hpp"

namespace holocron::sim {

// The two divisions of a drifting clock, exact. Each has a 64-bit version,
// which the clock uses, and the __int128 reference it must equal bit for bit
// (tests/sim/local_clock_test.cpp compares them). A 128-bit division is a
// call into libgcc of about a hundred instructions, and a swarm seed, whose
// clocks drift, converted a clock at every event: it was 4% of a seed.
namespace clock_arithmetic {

inline constexpr std::int64_t kPpmPerUnit = 1'000'000;

// floor(true_ns * drift_ppm / 1e6) for |drift_ppm| < 1e6.
[[nodiscard]] inline Nanos drift_floor_reference(Nanos true_ns, std::int64_t drift_ppm) {
  const Int128 product = static_cast<Int128>(true_ns) * drift_ppm;
  Int128 quotient = product / kPpmPerUnit;
  if (product % kPpmPerUnit != 0 && product < 0) --quotient;
  return static_cast<Nanos>(quotient);
}

// The same in 64 bits. With true_ns = q * 1e6 + r (C++ division: q and r
// take the sign of true_ns), true_ns * drift / 1e6 = q * drift + r * drift /
// 1e6, and q * drift is an integer, so only r * drift / 1e6 needs the floor.
// Neither product overflows: |q| <= 2^63 / 1e6 and |drift| < 1e6 bound
// |q * drift| below 2^63, and |r * drift| < 1e12.
[[nodiscard]] inline Nanos drift_floor(Nanos true_ns, std::int64_t drift_ppm) {
  HOLO_ASSERT(drift_ppm < kPpmPerUnit);
  HOLO_ASSERT(drift_ppm > -kPpmPerUnit);
  const Nanos whole = true_ns / kPpmPerUnit;  // a constant divisor: a multiply
  const Nanos rest = true_ns % kPpmPerUnit;
  const std::int64_t rest_product = rest * drift_ppm;
  std::int64_t rest_quotient = rest_product / kPpmPerUnit;
  if (rest_product % kPpmPerUnit != 0 && rest_product < 0) --rest_quotient;
  return whole * drift_ppm + rest_quotient;
}

// target * 1e6 / (1e6 + drift_ppm), rounded toward zero as C++ divides: the
// true time at which a clock drifting by drift_ppm has run target_ns.
[[nodiscard]] inline Int128 undrifted_reference(Int128 target_ns, std::int64_t drift_ppm) {
  return target_ns * kPpmPerUnit / (kPpmPerUnit + drift_ppm);
}

// The same with 64-bit divisions when target_ns fits in 64 bits (always, but
// for clocks stepped near the ends of time). With target = q * d + r for
// d = 1e6 + drift, target * 1e6 / d = q * 1e6 + r * 1e6 / d; q * 1e6 is an
// integer of the same sign as r * 1e6 / d, so truncating the sum truncates
// the second term only. |r| < d < 2e6 keeps r * 1e6 within 64 bits; q * 1e6
// may not fit, so it is multiplied (not divided) in 128 bits.
[[nodiscard]] inline Int128 undrifted(Int128 target_ns, std::int64_t drift_ppm) {
  HOLO_ASSERT(drift_ppm < kPpmPerUnit);
  HOLO_ASSERT(drift_ppm > -kPpmPerUnit);
  if (target_ns > INT64_MAX || target_ns < INT64_MIN) {
    return undrifted_reference(target_ns, drift_ppm);
  }
  const auto target = static_cast<std::int64_t>(target_ns);
  const std::int64_t divisor = kPpmPerUnit + drift_ppm;
  const std::int64_t whole = target / divisor;
  const std::int64_t rest = target % divisor;
  return static_cast<Int128>(whole) * kPpmPerUnit + rest * kPpmPerUnit / divisor;
}

}  // namespace clock_arithmetic

// |drift| must stay below one second per second, or local time would stop or
// run backwards between steps.
inline constexpr std::int64_t kDriftPpmMax = 999'999;

class LocalClock {
 public:
  LocalClock() = default;
  LocalClock(Nanos offset_ns, std::int64_t drift_ppm)
      : offset_ns_(offset_ns), drift_ppm_(drift_ppm) {
    HOLO_ASSERT(drift_ppm <= kDriftPpmMax);
    HOLO_ASSERT(drift_ppm >= -kDriftPpmMax);
  }

  // The local reading at true instant true_ns (true_ns >= 0).
  [[nodiscard]] Nanos local_at(Nanos true_ns) const {
    return true_ns + drift_of(true_ns) + offset_ns_ + steps_ns_;
  }

  // The first true instant t >= not_before_ns at which local_at(t) >= local_ns.
  [[nodiscard]] Nanos true_at(Nanos local_ns, Nanos not_before_ns) const {
    HOLO_ASSERT(not_before_ns >= 0);
    if (local_at(not_before_ns) >= local_ns) return not_before_ns;
    // Solve t + t * drift / 1e6 >= target for the smallest t: start from the
    // rounded-down real solution and step up; the floor in drift_of makes the
    // estimate off by at most a nanosecond or two.
    const Int128 target = static_cast<Int128>(local_ns) - offset_ns_ - steps_ns_;
    Int128 estimate = clock_arithmetic::undrifted(target, drift_ppm_);
    if (estimate < not_before_ns) estimate = not_before_ns;
    if (estimate > kNanosMax) return kNanosMax;
    auto t = static_cast<Nanos>(estimate);
    while (t > not_before_ns && local_at(t - 1) >= local_ns) --t;
    while (local_at(t) < local_ns) ++t;
    HOLO_ASSERT(t >= not_before_ns);
    return t;
  }

  // A step of the local clock by by_ns (negative: backwards).
  void step(Nanos by_ns) { steps_ns_ += by_ns; }

  [[nodiscard]] Nanos offset_ns() const { return offset_ns_; }
  [[nodiscard]] std::int64_t drift_ppm() const { return drift_ppm_; }
  [[nodiscard]] Nanos steps_ns() const { return steps_ns_; }

 private:
  [[nodiscard]] Nanos drift_of(Nanos true_ns) const {
    // Most clocks do not drift.
    if (drift_ppm_ == 0) return 0;
    return clock_arithmetic::drift_floor(true_ns, drift_ppm_);
  }

  Nanos offset_ns_ = 0;
  std::int64_t drift_ppm_ = 0;
  Nanos steps_ns_ = 0;
};

}  // namespace holocron::sim
