#include "reports/sweep.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/json_writer.hpp"
#include "reports/names.hpp"
#include "reports/text_format.hpp"
#include "reports/trace_codec.hpp"

namespace holocron::reports {
namespace {

// Marks a metric a run has no value for (no failover happened).
constexpr std::int64_t kAbsent = INT64_MIN;

std::uint64_t total_violations(const RunSummary& summary) {
  std::uint64_t total = 0;
  for (std::uint64_t count : summary.violations) total += count;
  return total;
}

std::int64_t metric_value(const RunSummary& summary, SweepMetric metric) {
  const RunStats& stats = summary.stats;
  const bool has_failover = stats.failover.count > 0;
  switch (metric) {
    case SweepMetric::kFailoverP50:
      return has_failover ? stats.failover.p50_ns : kAbsent;
    case SweepMetric::kFailoverP99:
      return has_failover ? stats.failover.p99_ns : kAbsent;
    case SweepMetric::kFailoverMax:
      return has_failover ? stats.failover.max_ns : kAbsent;
    case SweepMetric::kLeaderless:
      return stats.leaderless_ns;
    case SweepMetric::kDualLeader:
      return stats.dual_leader_ns;
    case SweepMetric::kLeaderChanges:
      return static_cast<std::int64_t>(stats.leader_changes);
    case SweepMetric::kElectionsPerHourMilli:
      return per_hour_milli(stats.epochs_created, stats.duration_ns);
    case SweepMetric::kCostPerMonth:
      return stats.cost_per_month_micro_usd;
    case SweepMetric::kObjectsMax:
      return static_cast<std::int64_t>(stats.objects_max);
  }
  HOLO_UNREACHABLE("unknown SweepMetric");
}

void write_counts(JsonWriter& json, const std::array<std::uint64_t, kPropertyCount>& counts) {
  json.begin_array();
  for (std::uint64_t count : counts) json.value(count);
  json.end_array();
}

void read_counts(const FieldReader& value, std::array<std::uint64_t, kPropertyCount>& counts) {
  if (value.array_size() != kPropertyCount) {
    value.fail(fmt::format("an array of {} counts (S1..S7, L1, L2)", kPropertyCount));
  }
  for (std::size_t i = 0; i < kPropertyCount; ++i) counts[i] = value.element(i).uint64();
}

}  // namespace

std::string_view sweep_metric_key(SweepMetric metric) {
  switch (metric) {
    case SweepMetric::kFailoverP50:
      return "failover_p50_ns";
    case SweepMetric::kFailoverP99:
      return "failover_p99_ns";
    case SweepMetric::kFailoverMax:
      return "failover_max_ns";
    case SweepMetric::kLeaderless:
      return "leaderless_ns";
    case SweepMetric::kDualLeader:
      return "dual_leader_ns";
    case SweepMetric::kLeaderChanges:
      return "leader_changes";
    case SweepMetric::kElectionsPerHourMilli:
      return "elections_per_hour_milli";
    case SweepMetric::kCostPerMonth:
      return "cost_per_month_micro_usd";
    case SweepMetric::kObjectsMax:
      return "objects_max";
  }
  HOLO_UNREACHABLE("unknown SweepMetric");
}

std::string_view sweep_metric_title(SweepMetric metric) {
  switch (metric) {
    case SweepMetric::kFailoverP50:
      return "failover p50";
    case SweepMetric::kFailoverP99:
      return "failover p99";
    case SweepMetric::kFailoverMax:
      return "worst failover";
    case SweepMetric::kLeaderless:
      return "time with no leader";
    case SweepMetric::kDualLeader:
      return "time with two leaders";
    case SweepMetric::kLeaderChanges:
      return "leader changes";
    case SweepMetric::kElectionsPerHourMilli:
      return "elections per hour";
    case SweepMetric::kCostPerMonth:
      return "store cost per month";
    case SweepMetric::kObjectsMax:
      return "most objects";
  }
  HOLO_UNREACHABLE("unknown SweepMetric");
}

std::string_view sweep_metric_unit(SweepMetric metric) {
  switch (metric) {
    case SweepMetric::kFailoverP50:
    case SweepMetric::kFailoverP99:
    case SweepMetric::kFailoverMax:
    case SweepMetric::kLeaderless:
    case SweepMetric::kDualLeader:
      return "ns";
    case SweepMetric::kLeaderChanges:
    case SweepMetric::kObjectsMax:
      return "count";
    case SweepMetric::kElectionsPerHourMilli:
      return "milli";
    case SweepMetric::kCostPerMonth:
      return "micro_usd";
  }
  HOLO_UNREACHABLE("unknown SweepMetric");
}

ValueUnit sweep_metric_value_unit(SweepMetric metric) {
  const std::string_view unit = sweep_metric_unit(metric);
  if (unit == "ns") return ValueUnit::kNanos;
  if (unit == "milli") return ValueUnit::kMilli;
  if (unit == "micro_usd") return ValueUnit::kMicroUsd;
  return ValueUnit::kCount;
}

RunSummary summarize_run(const RunReport& report) {
  RunSummary summary;
  const RunHeader& run = report.header.run;
  summary.scenario_name = run.scenario_name;
  summary.algorithm = std::string(algorithm_name(run.algorithm));
  summary.seed = run.seed;
  summary.repro_command = report.header.repro_command;
  summary.stats = report.stats;
  const Verdict& verdict = report.footer.verdict;
  for (std::size_t i = 0; i < kPropertyCount; ++i) {
    if (!verdict.properties[i].enabled) continue;
    summary.violations[i] = verdict.properties[i].violations;
    summary.outside_assumptions[i] = verdict.properties[i].outside_assumptions;
  }
  for (const Violation& violation : verdict.violations) {
    if (summary.first_violations.size() >= kSummaryViolationsMax) break;
    summary.first_violations.push_back(violation);
  }
  summary.fault_counts = report.footer.fault_counts;
  summary.faults_never_fired = report.footer.faults_never_fired;
  summary.trace_digest = report.footer.digest;
  summary.event_digest = report.footer.event_digest;
  return summary;
}

RunSummary crashed_run(std::string scenario_name, std::string algorithm, std::uint64_t seed,
                       std::string repro_command, std::string error) {
  HOLO_ASSERT(!error.empty());
  RunSummary summary;
  summary.scenario_name = std::move(scenario_name);
  summary.algorithm = std::move(algorithm);
  summary.seed = seed;
  summary.repro_command = std::move(repro_command);
  summary.error = std::move(error);
  summary.stats.passed = false;
  return summary;
}

std::string run_summary_json(const RunSummary& summary) {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("scenario", summary.scenario_name);
  json.field("algorithm", summary.algorithm);
  json.field("seed", summary.seed);
  json.field("repro_command", summary.repro_command);
  json.field("error", summary.error);
  json.key("stats");
  write_run_stats(json, summary.stats);
  json.key("violations");
  write_counts(json, summary.violations);
  json.key("outside_assumptions");
  write_counts(json, summary.outside_assumptions);
  json.key("first_violations");
  json.begin_array();
  for (const Violation& violation : summary.first_violations) write_violation(json, violation);
  json.end_array();
  write_fault_lists(json, summary.fault_counts, summary.faults_never_fired);
  json.field("trace_digest", summary.trace_digest);
  json.field("event_digest", summary.event_digest);
  json.end_object();
  return out;
}

RunSummary parse_run_summary(std::string_view line, const JsonSource& source) {
  const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
  if (parsed.is_discarded()) throw TraceFormatError(source_prefix(source) + "not valid JSON");
  const FieldReader value(parsed, "", source);
  RunSummary summary;
  summary.scenario_name = value.at("scenario").string();
  summary.algorithm = value.at("algorithm").string();
  summary.seed = value.at("seed").uint64();
  summary.repro_command = value.at("repro_command").string();
  summary.error = value.at("error").string();
  summary.stats = read_run_stats(value.at("stats"));
  read_counts(value.at("violations"), summary.violations);
  read_counts(value.at("outside_assumptions"), summary.outside_assumptions);
  const FieldReader violations = value.at("first_violations");
  for (std::size_t i = 0; i < violations.array_size(); ++i) {
    summary.first_violations.push_back(read_violation(violations.element(i)));
  }
  read_fault_lists(value, summary.fault_counts, summary.faults_never_fired);
  summary.trace_digest = value.at("trace_digest").string();
  summary.event_digest = value.at("event_digest").string();
  return summary;
}

bool worse_run(const RunSummary& a, const RunSummary& b) {
  const auto key = [](const RunSummary& s) {
    return std::make_tuple(!s.error.empty(), !s.stats.passed, total_violations(s),
                           s.stats.dual_leader_ns, s.stats.failover.max_ns, s.stats.leaderless_ns);
  };
  const auto key_a = key(a);
  const auto key_b = key(b);
  if (key_a != key_b) return key_a > key_b;
  return a.seed < b.seed;
}

void SweepBuilder::add(const RunSummary& summary) {
  // The names come from the smallest seed, so they do not depend on the
  // order of adds (all seeds of a sweep share them anyway).
  if (runs_ == 0 || summary.seed < seed_min_) {
    scenario_name_ = summary.scenario_name;
    algorithm_ = summary.algorithm;
  }
  ++runs_;
  seed_min_ = std::min(seed_min_, summary.seed);
  seed_max_ = std::max(seed_max_, summary.seed);

  const auto keep_worst = [&](std::vector<RunSummary>& list, std::size_t limit, auto&& order) {
    if (list.size() >= limit && !order(summary, list.back())) return;
    list.insert(std::upper_bound(list.begin(), list.end(), summary, order), summary);
    if (list.size() > limit) list.pop_back();
  };

  if (!summary.error.empty()) {
    ++crashed_count_;
    keep_worst(crashed_, kCrashedSeedsListedMax,
               [](const RunSummary& a, const RunSummary& b) { return a.seed < b.seed; });
    keep_worst(worst_, kWorstSeedsMax, worse_run);
    return;
  }
  if (summary.stats.passed) {
    ++passed_;
  } else {
    ++failed_;
  }
  for (std::size_t i = 0; i < kPropertyCount; ++i) {
    if (summary.violations[i] > 0) ++seeds_violating_[i];
    if (summary.outside_assumptions[i] > 0) ++seeds_outside_[i];
  }
  SeedValues values;
  values.seed = summary.seed;
  for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
    values.values[m] = metric_value(summary, static_cast<SweepMetric>(m));
  }
  seed_values_.push_back(values);
  for (std::size_t b = 0; b < kFailoverBuckets; ++b) {
    failover_histogram_[b] += summary.stats.failover_histogram[b];
  }
  list_requests_ += summary.stats.list_requests;
  get_requests_ += summary.stats.get_requests;
  put_requests_ += summary.stats.put_requests;
  delete_requests_ += summary.stats.delete_requests;
  cost_micro_usd_ += summary.stats.cost_micro_usd;
  simulated_ns_ = saturating_add(simulated_ns_, summary.stats.duration_ns);
  for (const auto& [name, count] : summary.fault_counts) fault_totals_[name] += count;
  for (const std::string& name : summary.faults_never_fired) ++never_fired_[name];
  keep_worst(worst_, kWorstSeedsMax, worse_run);
}

SweepReport SweepBuilder::build() const {
  SweepReport report;
  report.scenario_name = scenario_name_;
  report.algorithm = algorithm_;
  report.runs = runs_;
  report.passed = passed_;
  report.failed = failed_;
  report.crashed = crashed_count_;
  report.seed_min = runs_ == 0 ? 0 : seed_min_;
  report.seed_max = seed_max_;
  report.seeds_violating = seeds_violating_;
  report.seeds_outside_assumptions = seeds_outside_;
  std::vector<SeedValues> by_seed = seed_values_;
  std::sort(by_seed.begin(), by_seed.end(),
            [](const SeedValues& a, const SeedValues& b) { return a.seed < b.seed; });
  for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
    std::vector<std::pair<std::int64_t, std::uint64_t>> sorted;
    for (const SeedValues& values : by_seed) {
      if (values.values[m] == kAbsent) continue;
      report.values[m].push_back(values.values[m]);
      sorted.emplace_back(values.values[m], values.seed);
    }
    if (sorted.empty()) continue;
    std::sort(sorted.begin(), sorted.end());
    SeedDistribution& distribution = report.distributions[m];
    distribution.count = sorted.size();
    distribution.min = sorted.front().first;
    distribution.p50 = sorted[nearest_rank_index(sorted.size(), 50)].first;
    distribution.p90 = sorted[nearest_rank_index(sorted.size(), 90)].first;
    distribution.p99 = sorted[nearest_rank_index(sorted.size(), 99)].first;
    distribution.max = sorted.back().first;
    // The smallest seed among those with the largest value.
    const auto first_max = std::lower_bound(sorted.begin(), sorted.end(),
                                            std::make_pair(distribution.max, std::uint64_t{0}));
    distribution.max_seed = first_max->second;
  }
  report.failover_histogram = failover_histogram_;
  report.list_requests = list_requests_;
  report.get_requests = get_requests_;
  report.put_requests = put_requests_;
  report.delete_requests = delete_requests_;
  report.cost_micro_usd = cost_micro_usd_;
  report.simulated_ns = simulated_ns_;
  report.fault_totals.assign(fault_totals_.begin(), fault_totals_.end());
  report.never_fired_seeds.assign(never_fired_.begin(), never_fired_.end());
  report.worst = worst_;
  report.crashed_runs = crashed_;
  return report;
}

}  // namespace holocron::reports
