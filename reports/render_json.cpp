// JSON reports (schema: reports/REPORT_FORMAT.md). Integers for counts and
// nanoseconds; decimals (rates, fractions, dollars) are exact renderings of
// integer arithmetic, written as JSON numbers with fixed digits.
#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/json_writer.hpp"
#include "reports/names.hpp"
#include "reports/render.hpp"
#include "reports/text_format.hpp"
#include "reports/trace_codec.hpp"

namespace holocron::reports {
namespace {

// Non-negative millionths as a decimal number with six digits: "0.123456".
std::string millionths(std::int64_t value) {
  const char* sign = value < 0 ? "-" : "";
  const std::int64_t magnitude = value < 0 ? -value : value;
  return fmt::format("{}{}.{:06}", sign, magnitude / 1'000'000, magnitude % 1'000'000);
}

void raw_field(JsonWriter& json, std::string_view name, const std::string& number) {
  json.key(name);
  json.raw(number);
}

void write_properties(JsonWriter& json, const Verdict& verdict) {
  json.begin_array();
  for (const PropertyResult& result : verdict.properties) {
    json.begin_object();
    json.field("property", property_name(result.property));
    json.field("title", property_title(result.property));
    json.field("enabled", result.enabled);
    json.field("violations", result.violations);
    json.field("outside_assumptions", result.outside_assumptions);
    json.field("notes", result.notes);
    json.field("note", result.note);
    json.end_object();
  }
  json.end_array();
}

void write_fault_counts(JsonWriter& json,
                        const std::vector<std::pair<std::string, std::uint64_t>>& counts) {
  json.begin_array();
  for (const auto& [name, count] : counts) {
    json.begin_object();
    json.field("fault", name);
    json.field("count", count);
    json.end_object();
  }
  json.end_array();
}

void write_histogram(JsonWriter& json, const FailoverHistogram& histogram) {
  json.begin_array();
  for (std::size_t i = 0; i < kFailoverBuckets; ++i) {
    json.begin_object();
    json.field("bucket", failover_bucket_label(i));
    json.key("below_ns");
    if (i < kFailoverBucketUpperNs.size()) {
      json.value(kFailoverBucketUpperNs[i]);
    } else {
      json.null();
    }
    json.field("count", histogram[i]);
    json.end_object();
  }
  json.end_array();
}

void write_requests(JsonWriter& json, std::uint64_t list, std::uint64_t get, std::uint64_t put,
                    std::uint64_t del) {
  json.begin_object();
  json.field("list", list);
  json.field("get", get);
  json.field("put", put);
  json.field("delete", del);
  json.field("total", list + get + put + del);
  json.end_object();
}

void write_run_metrics(JsonWriter& json, const RunReport& report) {
  const RunStats& stats = report.stats;
  const Nanos duration_ns = stats.duration_ns;
  json.begin_object();
  json.key("elections");
  json.begin_object();
  json.field("epochs_created", stats.epochs_created);
  json.field("epochs_led", stats.epochs_led);
  raw_field(json, "per_hour", milli_text(per_hour_milli(stats.epochs_created, duration_ns)));
  json.field("leader_changes", stats.leader_changes);
  json.field("first_leader_ns", stats.first_leader_ns);
  json.end_object();

  json.key("failover");
  json.begin_object();
  json.field("count", stats.failover.count);
  json.field("p50_ns", stats.failover.p50_ns);
  json.field("p90_ns", stats.failover.p90_ns);
  json.field("p99_ns", stats.failover.p99_ns);
  json.field("max_ns", stats.failover.max_ns);
  json.key("histogram");
  write_histogram(json, stats.failover_histogram);
  json.end_object();

  json.key("leaderless");
  json.begin_object();
  json.field("total_ns", stats.leaderless_ns);
  raw_field(json, "fraction", millionths(ratio_ppm(stats.leaderless_ns, duration_ns)));
  json.field("at_end_ns", stats.leaderless_at_end_ns);
  json.end_object();

  json.key("dual_leader");
  json.begin_object();
  json.field("total_ns", stats.dual_leader_ns);
  raw_field(json, "fraction", millionths(ratio_ppm(stats.dual_leader_ns, duration_ns)));
  json.field("episodes", stats.dual_leader_episodes);
  json.end_object();

  json.key("leadership");
  json.begin_array();
  for (const NodeShare& share : report.nodes) {
    json.begin_object();
    json.field("node", report.header.run.node_names.at(share.node));
    json.field("index", share.node);
    json.field("acting_ns", share.acting_ns);
    raw_field(json, "share", millionths(ratio_ppm(share.acting_ns, duration_ns)));
    json.field("epochs_won", share.epochs_won);
    json.field("epochs_led", share.epochs_led);
    json.end_object();
  }
  json.end_array();

  json.key("store");
  json.begin_object();
  json.key("requests");
  write_requests(json, stats.list_requests, stats.get_requests, stats.put_requests,
                 stats.delete_requests);
  json.key("requests_per_month");
  write_requests(
      json, per_month(stats.list_requests, duration_ns), per_month(stats.get_requests, duration_ns),
      per_month(stats.put_requests, duration_ns), per_month(stats.delete_requests, duration_ns));
  raw_field(json, "cost_usd", millionths(stats.cost_micro_usd));
  raw_field(json, "cost_per_month_usd", millionths(stats.cost_per_month_micro_usd));
  json.end_object();

  json.key("objects");
  json.begin_object();
  json.field("max", stats.objects_max);
  json.field("final", stats.objects_final);
  json.field("epoch_max", stats.epoch_objects_max);
  json.key("samples");
  write_object_samples(json, report.footer.objects);
  json.end_object();

  json.key("faults");
  json.begin_object();
  json.field("injected", stats.faults_injected);
  json.key("counts");
  write_fault_counts(json, report.footer.fault_counts);
  json.key("never_fired");
  json.begin_array();
  for (const std::string& name : report.footer.faults_never_fired) json.value(name);
  json.end_array();
  json.field("last_heal_ns", report.footer.last_fault_heal_ns);
  json.end_object();
  json.end_object();
}

void write_violations(JsonWriter& json, const std::vector<Violation>& violations,
                      const std::string& repro_command) {
  json.begin_array();
  for (const Violation& violation : violations) {
    json.begin_object();
    write_violation_fields(json, violation);
    json.field("repro_command", repro_command);
    json.end_object();
  }
  json.end_array();
}

void write_distribution(JsonWriter& json, const SeedDistribution& distribution) {
  json.begin_object();
  json.field("count", distribution.count);
  json.field("min", distribution.min);
  json.field("p50", distribution.p50);
  json.field("p90", distribution.p90);
  json.field("p99", distribution.p99);
  json.field("max", distribution.max);
  json.field("max_seed", distribution.max_seed);
  json.end_object();
}

void write_summary_entry(JsonWriter& json, const RunSummary& summary) {
  json.begin_object();
  json.field("seed", summary.seed);
  json.field("passed", summary.error.empty() && summary.stats.passed);
  json.field("error", summary.error);
  json.field("repro_command", summary.repro_command);
  json.key("violations");
  json.begin_object();
  for (std::size_t i = 0; i < kPropertyCount; ++i) {
    if (summary.violations[i] == 0) continue;
    json.field(property_name(kAllProperties[i]), summary.violations[i]);
  }
  json.end_object();
  json.key("first_violations");
  write_violations(json, summary.first_violations, summary.repro_command);
  json.key("stats");
  write_run_stats(json, summary.stats);
  json.end_object();
}

void write_sweep_body(JsonWriter& json, const SweepReport& report) {
  json.field("scenario", report.scenario_name);
  json.field("algorithm", report.algorithm);
  json.field("runs", report.runs);
  json.field("passed", report.passed);
  json.field("failed", report.failed);
  json.field("crashed", report.crashed);
  json.key("seeds");
  json.begin_object();
  json.field("min", report.seed_min);
  json.field("max", report.seed_max);
  json.end_object();
  json.field("simulated_ns", report.simulated_ns);
  json.key("properties");
  json.begin_array();
  for (std::size_t i = 0; i < kPropertyCount; ++i) {
    json.begin_object();
    json.field("property", property_name(kAllProperties[i]));
    json.field("title", property_title(kAllProperties[i]));
    json.field("seeds_violating", report.seeds_violating[i]);
    json.field("seeds_outside_assumptions", report.seeds_outside_assumptions[i]);
    json.end_object();
  }
  json.end_array();
  json.key("distributions");
  json.begin_object();
  for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
    json.key(sweep_metric_key(static_cast<SweepMetric>(m)));
    write_distribution(json, report.distributions[m]);
  }
  json.end_object();
  json.key("failover_histogram");
  write_histogram(json, report.failover_histogram);
  json.key("requests");
  write_requests(json, report.list_requests, report.get_requests, report.put_requests,
                 report.delete_requests);
  raw_field(json, "cost_usd", millionths(report.cost_micro_usd));
  json.key("faults");
  json.begin_object();
  json.key("totals");
  write_fault_counts(json, report.fault_totals);
  json.key("never_fired_seeds");
  write_fault_counts(json, report.never_fired_seeds);
  json.end_object();
  json.key("worst");
  json.begin_array();
  for (const RunSummary& summary : report.worst) write_summary_entry(json, summary);
  json.end_array();
  json.key("crashed_runs");
  json.begin_array();
  for (const RunSummary& summary : report.crashed_runs) write_summary_entry(json, summary);
  json.end_array();
}

}  // namespace

std::optional<ReportFormat> report_format_for_path(std::string_view path) {
  const auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends_with(".json")) return ReportFormat::kJson;
  if (ends_with(".md") || ends_with(".markdown")) return ReportFormat::kMarkdown;
  if (ends_with(".html") || ends_with(".htm")) return ReportFormat::kHtml;
  return std::nullopt;
}

std::string render_run_json(const RunReport& report) {
  const RunHeader& run = report.header.run;
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("schema", "holocron-report/run/1");
  json.key("scenario");
  json.begin_object();
  json.field("name", run.scenario_name);
  json.field("digest", run.scenario_digest);
  json.end_object();
  json.field("algorithm", algorithm_name(run.algorithm));
  json.field("seed", run.seed);
  json.field("program_version", run.program_version);
  json.key("nodes");
  json.begin_array();
  for (const std::string& name : run.node_names) json.value(name);
  json.end_array();
  json.field("duration_ns", report.stats.duration_ns);
  json.field("repro_command", report.header.repro_command);
  json.field("passed", report.footer.verdict.passed);
  // Only for an incomplete run, so that complete runs' reports are unchanged.
  if (!report.footer.stopped_early.empty()) {
    json.field("stopped_early", report.footer.stopped_early);
  }
  json.key("metrics");
  write_run_metrics(json, report);
  json.key("checks");
  write_properties(json, report.footer.verdict);
  json.key("violations");
  write_violations(json, report.footer.verdict.violations, report.header.repro_command);
  json.field("violations_not_stored", report.footer.verdict.violations_not_stored);
  json.key("trace");
  json.begin_object();
  json.field("digest", report.footer.digest);
  json.field("event_digest", report.footer.event_digest);
  json.field("epochs", report.footer.epochs_recorded);
  json.field("late_facts", report.footer.late_facts);
  json.field("timeline_dropped", report.footer.timeline_dropped);
  json.end_object();
  json.end_object();
  HOLO_ASSERT(json.depth() == 0);
  out.push_back('\n');
  return out;
}

std::string render_sweep_json(const SweepReport& report) {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("schema", "holocron-report/sweep/1");
  write_sweep_body(json, report);
  json.end_object();
  out.push_back('\n');
  return out;
}

std::string render_comparison_json(const ComparisonReport& report) {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("schema", "holocron-report/comparison/1");
  json.field("scenario", report.scenario_name);
  json.key("algorithms");
  json.begin_array();
  for (const SweepReport& sweep : report.algorithms) {
    json.begin_object();
    write_sweep_body(json, sweep);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  out.push_back('\n');
  return out;
}

std::string render_run(const RunReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson:
      return render_run_json(report);
    case ReportFormat::kMarkdown:
      return render_run_markdown(report);
    case ReportFormat::kHtml:
      return render_run_html(report);
  }
  HOLO_UNREACHABLE("unknown ReportFormat");
}

std::string render_sweep(const SweepReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson:
      return render_sweep_json(report);
    case ReportFormat::kMarkdown:
      return render_sweep_markdown(report);
    case ReportFormat::kHtml:
      return render_sweep_html(report);
  }
  HOLO_UNREACHABLE("unknown ReportFormat");
}

std::string render_comparison(const ComparisonReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson:
      return render_comparison_json(report);
    case ReportFormat::kMarkdown:
      return render_comparison_markdown(report);
    case ReportFormat::kHtml:
      return render_comparison_html(report);
  }
  HOLO_UNREACHABLE("unknown ReportFormat");
}

}  // namespace holocron::reports
