// A token bucket in exact integer arithmetic: the throttle behind S3's 503
// SlowDown, which S3 applies per partitioned key prefix (3,500 writes and
// 5,500 reads per second by default). A request passes when a whole token is
// available; tokens refill continuously at the configured rate up to the
// burst capacity.
//
// Units: one token is kUnitsPerToken (10^12) units, and the rate is kept in
// thousandths of a token per second, so the refill is exactly
// rate_millis units per nanosecond: no floating point decides whether a
// request passes. The bucket starts full.
#pragma once

#include <cstdint>

#include "core/assert.hpp"
#include "core/int128.hpp"
#include "core/time.hpp"

namespace holocron::faultmodels {

class TokenBucket {
 public:
  static constexpr std::int64_t kUnitsPerToken = 1'000'000'000'000;

  // rate_per_second > 0 (rounded to a thousandth of a token per second, at
  // least one thousandth); burst_ns > 0. The capacity is rate * burst, but at
  // least one token.
  TokenBucket(double rate_per_second, Nanos burst_ns, Nanos now_ns);

  // Takes one token if one is available at now_ns. now_ns never decreases
  // from one call to the next (true time).
  // Inline: the throttle asks once per store request.
  [[nodiscard]] bool try_take(Nanos now_ns) {
    HOLO_ASSERT(now_ns >= last_ns_);
    const Int128 refill = static_cast<Int128>(now_ns - last_ns_) * rate_millis_;
    level_units_ =
        level_units_ + refill > capacity_units_ ? capacity_units_ : level_units_ + refill;
    last_ns_ = now_ns;
    if (level_units_ < kUnitsPerToken) return false;
    level_units_ -= kUnitsPerToken;
    HOLO_ASSERT(level_units_ >= 0);
    return true;
  }

  // Whole tokens available at the last call (for tests and diagnostics).
  [[nodiscard]] std::int64_t tokens() const {
    return static_cast<std::int64_t>(level_units_ / kUnitsPerToken);
  }
  [[nodiscard]] std::int64_t rate_millis() const { return rate_millis_; }

 private:
  std::int64_t rate_millis_ = 0;  // thousandths of a token per second
  Int128 capacity_units_ = 0;
  Int128 level_units_ = 0;
  Nanos last_ns_ = 0;
};

}  // namespace holocron::faultmodels
