#include "reports/run_stats.hpp"

#include <algorithm>
#include <string>

#include "core/assert.hpp"
#include "core/int128.hpp"

namespace holocron::reports {

std::size_t nearest_rank_index(std::size_t count, std::uint64_t percent) {
  HOLO_ASSERT(count > 0);
  HOLO_ASSERT(percent <= 100);
  std::uint64_t rank = (percent * count + 99) / 100;
  if (rank == 0) rank = 1;
  return static_cast<std::size_t>(rank - 1);
}

DurationStats duration_stats(std::vector<Nanos>& samples) {
  DurationStats stats;
  if (samples.empty()) return stats;
  std::sort(samples.begin(), samples.end());
  stats.count = samples.size();
  stats.p50_ns = samples[nearest_rank_index(samples.size(), 50)];
  stats.p90_ns = samples[nearest_rank_index(samples.size(), 90)];
  stats.p99_ns = samples[nearest_rank_index(samples.size(), 99)];
  stats.max_ns = samples.back();
  for (Nanos sample : samples) stats.total_ns = saturating_add(stats.total_ns, sample);
  return stats;
}

std::size_t failover_bucket(Nanos duration_ns) {
  const auto upper =
      std::upper_bound(kFailoverBucketUpperNs.begin(), kFailoverBucketUpperNs.end(), duration_ns);
  return static_cast<std::size_t>(upper - kFailoverBucketUpperNs.begin());
}

std::string failover_bucket_label(std::size_t bucket) {
  HOLO_ASSERT(bucket < kFailoverBuckets);
  if (bucket == 0) return "<" + format_duration(kFailoverBucketUpperNs[0]);
  if (bucket == kFailoverBuckets - 1) return ">=" + format_duration(kFailoverBucketUpperNs.back());
  return format_duration(kFailoverBucketUpperNs[bucket - 1]) + "-" +
         format_duration(kFailoverBucketUpperNs[bucket]);
}

std::int64_t cost_per_month(std::int64_t cost_micro_usd, Nanos duration_ns) {
  if (duration_ns <= 0) return 0;
  // 128-bit intermediate: a week's cost times 30 days in ns overflows 64 bits.
  const Int128 month_ns = static_cast<Int128>(30) * kNanosPerDay;
  const Int128 scaled = static_cast<Int128>(cost_micro_usd) * month_ns / duration_ns;
  return static_cast<std::int64_t>(scaled);
}

}  // namespace holocron::reports
