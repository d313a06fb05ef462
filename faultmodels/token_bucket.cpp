#include "faultmodels/token_bucket.hpp"

#include <algorithm>
#include <cmath>

#include "core/assert.hpp"

namespace holocron::faultmodels {

TokenBucket::TokenBucket(double rate_per_second, Nanos burst_ns, Nanos now_ns) : last_ns_(now_ns) {
  HOLO_ASSERT(rate_per_second > 0.0);
  HOLO_ASSERT(burst_ns > 0);
  // Validation bounds the rate (scale <= 10^6 times a finite rate); the clamp
  // keeps the integer product below in range whatever the caller passes.
  constexpr double kRateMillisMax = 1e15;
  const double rate_millis = std::min(std::round(rate_per_second * 1000.0), kRateMillisMax);
  rate_millis_ = rate_millis < 1.0 ? 1 : static_cast<std::int64_t>(rate_millis);
  capacity_units_ = static_cast<Int128>(rate_millis_) * burst_ns;
  if (capacity_units_ < kUnitsPerToken) capacity_units_ = kUnitsPerToken;
  level_units_ = capacity_units_;
}

}  // namespace holocron::faultmodels
