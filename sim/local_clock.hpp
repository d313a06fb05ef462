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
    Int128 estimate = target * kPpmPerUnit / (kPpmPerUnit + drift_ppm_);
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
  static constexpr std::int64_t kPpmPerUnit = 1'000'000;

  // floor(true_ns * drift_ppm / 1e6), exact.
  [[nodiscard]] Nanos drift_of(Nanos true_ns) const {
    // Most clocks do not drift; skip the 128-bit division (a visible share of
    // a large cluster's run time, since every event reads a local clock).
    if (drift_ppm_ == 0) return 0;
    const Int128 product = static_cast<Int128>(true_ns) * drift_ppm_;
    Int128 quotient = product / kPpmPerUnit;
    if (product % kPpmPerUnit != 0 && product < 0) --quotient;
    return static_cast<Nanos>(quotient);
  }

  Nanos offset_ns_ = 0;
  std::int64_t drift_ppm_ = 0;
  Nanos steps_ns_ = 0;
};

}  // namespace holocron::sim
