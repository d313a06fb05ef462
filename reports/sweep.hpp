// Many runs: the per-seed summary a sweep keeps (RunSummary, one JSON line
// per seed, which is also what sweep shards write and `holosim merge`
// combines), the aggregate across seeds (SweepReport), and algorithms side by
// side (ComparisonReport).
//
// Aggregation is independent of the order in which seeds are added: every
// order-sensitive step sorts by seed first. So N shards merged give exactly
// what one unsharded sweep gives.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "reports/json_read.hpp"
#include "reports/run_report.hpp"
#include "reports/run_stats.hpp"
#include "reports/text_format.hpp"
#include "reports/verdict.hpp"

namespace holocron::reports {

// Violations kept per seed in a summary (the counts cover all of them).
inline constexpr std::size_t kSummaryViolationsMax = 5;
// Worst seeds listed in a sweep report.
inline constexpr std::size_t kWorstSeedsMax = 10;
// Crashed seeds listed in a sweep report (all are counted).
inline constexpr std::size_t kCrashedSeedsListedMax = 50;

struct RunSummary {
  std::string scenario_name;
  std::string algorithm;  // "naive", "lease", "stable"
  std::uint64_t seed = 0;
  std::string repro_command;
  // Non-empty when the run did not complete (the worker crashed or hit an
  // internal error): then only the identity fields and this are meaningful.
  std::string error;
  RunStats stats;
  std::array<std::uint64_t, kPropertyCount> violations{};           // per property
  std::array<std::uint64_t, kPropertyCount> outside_assumptions{};  // per property
  std::vector<Violation> first_violations;                          // at most kSummaryViolationsMax
  std::vector<std::pair<std::string, std::uint64_t>> fault_counts;
  std::vector<std::string> faults_never_fired;
  std::string trace_digest;
  std::string event_digest;
};

[[nodiscard]] RunSummary summarize_run(const RunReport& report);
// A summary for a seed whose run did not complete.
[[nodiscard]] RunSummary crashed_run(std::string scenario_name, std::string algorithm,
                                     std::uint64_t seed, std::string repro_command,
                                     std::string error);

// One line of JSON, no newline.
[[nodiscard]] std::string run_summary_json(const RunSummary& summary);
// Parses one line written by run_summary_json; errors name `source`.
[[nodiscard]] RunSummary parse_run_summary(std::string_view line, const JsonSource& source);

// Distribution of one metric across seeds (nearest-rank percentiles).
struct SeedDistribution {
  std::uint64_t count = 0;
  std::int64_t min = 0;
  std::int64_t p50 = 0;
  std::int64_t p90 = 0;
  std::int64_t p99 = 0;
  std::int64_t max = 0;
  std::uint64_t max_seed = 0;  // the seed with the largest value (smallest seed on ties)
};

// The metrics a sweep shows as distributions across seeds.
enum class SweepMetric : std::uint8_t {
  kFailoverP50,
  kFailoverP99,
  kFailoverMax,
  kLeaderless,
  kDualLeader,
  kLeaderChanges,
  kElectionsPerHourMilli,
  kCostPerMonth,
  kObjectsMax,
};
inline constexpr std::size_t kSweepMetricCount = 9;
[[nodiscard]] std::string_view sweep_metric_key(SweepMetric metric);    // JSON key
[[nodiscard]] std::string_view sweep_metric_title(SweepMetric metric);  // for people
// How values of the metric read: "ns", "count", "milli" or "micro_usd" (the
// JSON schema's names), and the same as a ValueUnit for formatting.
[[nodiscard]] std::string_view sweep_metric_unit(SweepMetric metric);
[[nodiscard]] ValueUnit sweep_metric_value_unit(SweepMetric metric);

struct SweepReport {
  std::string scenario_name;
  std::string algorithm;
  std::uint64_t runs = 0;
  std::uint64_t passed = 0;
  std::uint64_t failed = 0;   // completed with a violation
  std::uint64_t crashed = 0;  // did not complete
  std::uint64_t seed_min = 0;
  std::uint64_t seed_max = 0;
  std::array<std::uint64_t, kPropertyCount> seeds_violating{};
  std::array<std::uint64_t, kPropertyCount> seeds_outside_assumptions{};
  std::array<SeedDistribution, kSweepMetricCount> distributions{};
  // Per-seed values of each metric, by seed (for the charts).
  std::array<std::vector<std::int64_t>, kSweepMetricCount> values;
  FailoverHistogram failover_histogram{};
  std::uint64_t list_requests = 0;
  std::uint64_t get_requests = 0;
  std::uint64_t put_requests = 0;
  std::uint64_t delete_requests = 0;
  std::int64_t cost_micro_usd = 0;
  Nanos simulated_ns = 0;
  std::vector<std::pair<std::string, std::uint64_t>> fault_totals;       // by name
  std::vector<std::pair<std::string, std::uint64_t>> never_fired_seeds;  // name -> seeds
  std::vector<RunSummary> worst;         // failed first, then by how bad; at most kWorstSeedsMax
  std::vector<RunSummary> crashed_runs;  // at most kCrashedSeedsListedMax, by seed
};

class SweepBuilder {
 public:
  void add(const RunSummary& summary);
  [[nodiscard]] SweepReport build() const;
  [[nodiscard]] std::uint64_t runs() const { return runs_; }

 private:
  struct SeedValues {
    std::uint64_t seed = 0;
    std::array<std::int64_t, kSweepMetricCount> values{};
  };
  std::string scenario_name_;
  std::string algorithm_;
  std::uint64_t runs_ = 0;
  std::uint64_t passed_ = 0;
  std::uint64_t failed_ = 0;
  std::uint64_t seed_min_ = UINT64_MAX;
  std::uint64_t seed_max_ = 0;
  std::array<std::uint64_t, kPropertyCount> seeds_violating_{};
  std::array<std::uint64_t, kPropertyCount> seeds_outside_{};
  std::vector<SeedValues> seed_values_;
  FailoverHistogram failover_histogram_{};
  std::uint64_t list_requests_ = 0;
  std::uint64_t get_requests_ = 0;
  std::uint64_t put_requests_ = 0;
  std::uint64_t delete_requests_ = 0;
  std::int64_t cost_micro_usd_ = 0;
  Nanos simulated_ns_ = 0;
  std::map<std::string, std::uint64_t> fault_totals_;
  std::map<std::string, std::uint64_t> never_fired_;
  std::vector<RunSummary> worst_;    // kept sorted, at most kWorstSeedsMax
  std::vector<RunSummary> crashed_;  // kept sorted by seed, at most the listed max
  std::uint64_t crashed_count_ = 0;
};

// The badness order of worst-seed lists: crashed, then failed, then more
// violations, more dual-leader time, longer worst failover, more leaderless
// time; ties by seed. True when `a` is worse than `b`.
[[nodiscard]] bool worse_run(const RunSummary& a, const RunSummary& b);

struct ComparisonReport {
  std::string scenario_name;
  std::vector<SweepReport> algorithms;  // in the order requested
};

}  // namespace holocron::reports
