// The scalar election-stability metrics of one run (RunStats): what the trace
// footer's "summary" holds, what a sweep aggregates per seed, and what every
// report's headline shows. All durations are integer nanoseconds and all
// money integer micro-dollars, so equal runs give byte-equal summaries.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace holocron::reports {

// Nearest-rank percentiles of a set of durations.
struct DurationStats {
  std::uint64_t count = 0;
  Nanos p50_ns = 0;
  Nanos p90_ns = 0;
  Nanos p99_ns = 0;
  Nanos max_ns = 0;
  Nanos total_ns = 0;
  friend bool operator==(const DurationStats&, const DurationStats&) = default;
};

// The index of the nearest-rank `percent` percentile in `count` sorted
// values: the smallest value with at least `percent`% of values at or below.
[[nodiscard]] std::size_t nearest_rank_index(std::size_t count, std::uint64_t percent);

// Sorts `samples` in place and returns their count, percentiles, max, total.
[[nodiscard]] DurationStats duration_stats(std::vector<Nanos>& samples);

// The failover histogram's buckets: bucket i holds durations below
// kFailoverBucketUpperNs[i] (and at least the previous bound); the last bucket
// holds everything longer. Fixed edges make histograms of different runs and
// shards add up exactly.
inline constexpr std::size_t kFailoverBuckets = 22;
inline constexpr std::array<Nanos, kFailoverBuckets - 1> kFailoverBucketUpperNs = {
    milliseconds(1),  milliseconds(2),   milliseconds(5),   milliseconds(10),  milliseconds(20),
    milliseconds(50), milliseconds(100), milliseconds(200), milliseconds(500), seconds(1),
    seconds(2),       seconds(5),        seconds(10),       seconds(20),       seconds(30),
    seconds(45),      seconds(60),       seconds(90),       minutes(2),        minutes(5),
    minutes(10)};
using FailoverHistogram = std::array<std::uint64_t, kFailoverBuckets>;

[[nodiscard]] std::size_t failover_bucket(Nanos duration_ns);
// "<1ms", "1ms-2ms", ..., ">=10m": the label of bucket i.
[[nodiscard]] std::string failover_bucket_label(std::size_t bucket);

struct RunStats {
  Nanos duration_ns = 0;             // the run's true length (RunEnd::end_ns)
  std::uint64_t epochs_created = 0;  // epochs whose create committed
  std::uint64_t epochs_led = 0;      // epochs somebody acted as leader of
  std::uint64_t leader_changes = 0;  // acting starts by a node other than the previous leader
  Nanos first_leader_ns = -1;        // first acting start; -1 if nobody ever led
  Nanos leaderless_ns = 0;           // time in [0, end) with no node acting
  Nanos dual_leader_ns = 0;          // time with two or more nodes acting
  std::uint64_t dual_leader_episodes = 0;
  Nanos leaderless_at_end_ns = 0;  // a final gap still open when the run ended
  // Failover: each gap from the moment the last acting node stopped until
  // some node acts again (the initial election and a gap still open at the
  // end are not failovers).
  DurationStats failover;
  FailoverHistogram failover_histogram{};
  std::uint64_t list_requests = 0;
  std::uint64_t get_requests = 0;
  std::uint64_t put_requests = 0;
  std::uint64_t delete_requests = 0;
  std::int64_t cost_micro_usd = 0;
  std::int64_t cost_per_month_micro_usd = 0;  // cost scaled to 30 days
  std::uint64_t objects_max = 0;
  std::uint64_t objects_final = 0;
  std::uint64_t epoch_objects_max = 0;
  std::uint64_t faults_injected = 0;
  std::uint64_t violations = 0;           // that fail the run
  std::uint64_t outside_assumptions = 0;  // S5 findings outside the assumptions
  bool passed = true;
  friend bool operator==(const RunStats&, const RunStats&) = default;
};

// Scales a cost over `duration_ns` to 30 days, in micro-dollars.
[[nodiscard]] std::int64_t cost_per_month(std::int64_t cost_micro_usd, Nanos duration_ns);

}  // namespace holocron::reports
