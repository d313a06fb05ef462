// Markdown reports (for pull requests) and the short text summary that
// `holosim run` prints.
#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/names.hpp"
#include "reports/render.hpp"
#include "reports/render_text.hpp"
#include "reports/svg_charts.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {
namespace {

std::string property_result_text(const PropertyResult& result) {
  if (!result.enabled) return "disabled";
  std::string text;
  if (result.violations > 0) {
    text = fmt::format("**{} violation{}**", count_text(result.violations),
                       result.violations == 1 ? "" : "s");
  }
  if (result.outside_assumptions > 0) {
    if (!text.empty()) text += "; ";
    text += fmt::format("{} outside the assumptions", count_text(result.outside_assumptions));
  }
  if (text.empty() && inconclusive(result)) return "inconclusive (see the note below)";
  return text.empty() ? "held" : text;
}

std::string verdict_line(const TraceFooter& footer, Nanos duration_ns) {
  // An incomplete run neither passed nor failed: say so before anything the
  // checks found, since they judged only the part before the stop.
  if (!footer.stopped_early.empty()) {
    return fmt::format(
        "**STOPPED EARLY**: the run did not complete, so it neither passed nor failed; the "
        "checks below cover only its first {}. Reason: {}",
        duration_text(duration_ns), footer.stopped_early);
  }
  const Verdict& verdict = footer.verdict;
  if (verdict.passed) return "**PASSED**: every enabled check held.";
  std::string failing;
  std::uint64_t total = 0;
  for (const PropertyResult& result : verdict.properties) {
    if (!result.enabled || result.violations == 0) continue;
    total += result.violations;
    if (!failing.empty()) failing += ", ";
    failing += std::string(property_name(result.property));
  }
  return fmt::format("**FAILED**: {} violation{} of {}.", count_text(total), total == 1 ? "" : "s",
                     failing);
}

void failover_table(std::string& out, const FailoverHistogram& histogram) {
  bool any = false;
  for (std::uint64_t count : histogram) any = any || count > 0;
  if (!any) {
    out += "No failovers.\n\n";
    return;
  }
  out += "| Time to a new leader | Failovers |\n|---|---:|\n";
  for (std::size_t i = 0; i < kFailoverBuckets; ++i) {
    if (histogram[i] == 0) continue;
    out += fmt::format("| {} | {} |\n", failover_bucket_label(i), count_text(histogram[i]));
  }
  out += "\n";
}

void sweep_sections(std::string& out, const SweepReport& report, const std::string& heading) {
  out += fmt::format("{} Checks\n\n", heading);
  out += "| Property | What it checks | Seeds violating | Seeds outside assumptions |\n";
  out += "|---|---|---:|---:|\n";
  for (std::size_t i = 0; i < kPropertyCount; ++i) {
    out += fmt::format("| {} | {} | {} | {} |\n", property_name(kAllProperties[i]),
                       property_title(kAllProperties[i]), count_text(report.seeds_violating[i]),
                       count_text(report.seeds_outside_assumptions[i]));
  }
  out += fmt::format("\n{} Across seeds\n\n", heading);
  out += "| Metric | Seeds | p50 | p90 | p99 | max | Seed with the max |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
    const auto metric = static_cast<SweepMetric>(m);
    const SeedDistribution& d = report.distributions[m];
    if (d.count == 0) {
      out += fmt::format("| {} | 0 | - | - | - | - | - |\n", sweep_metric_title(metric));
      continue;
    }
    out += fmt::format(
        "| {} | {} | {} | {} | {} | {} | {} |\n", sweep_metric_title(metric), count_text(d.count),
        sweep_metric_value_text(metric, d.p50), sweep_metric_value_text(metric, d.p90),
        sweep_metric_value_text(metric, d.p99), sweep_metric_value_text(metric, d.max), d.max_seed);
  }
  out += fmt::format("\n{} Failover times, all seeds\n\n", heading);
  failover_table(out, report.failover_histogram);
  out += fmt::format("{} Store\n\n", heading);
  const std::uint64_t total =
      report.list_requests + report.get_requests + report.put_requests + report.delete_requests;
  out += fmt::format(
      "{} requests (LIST {}, GET {}, PUT {}, DELETE {}) costing {} over {} of simulated time.\n\n",
      count_text(total), count_text(report.list_requests), count_text(report.get_requests),
      count_text(report.put_requests), count_text(report.delete_requests),
      usd_text(report.cost_micro_usd, 4), duration_text(report.simulated_ns));
  out += fmt::format("{} Faults\n\n", heading);
  if (report.fault_totals.empty()) {
    out += "No faults were injected.\n\n";
  } else {
    out += "| Fault | Injected, all seeds |\n|---|---:|\n";
    for (const auto& [name, count] : report.fault_totals) {
      out += fmt::format("| {} | {} |\n", markdown_cell(name), count_text(count));
    }
    out += "\n";
  }
  if (!report.never_fired_seeds.empty()) {
    out += "Configured but never fired:\n\n| Fault | Seeds |\n|---|---:|\n";
    for (const auto& [name, seeds] : report.never_fired_seeds) {
      out += fmt::format("| {} | {} |\n", markdown_cell(name), count_text(seeds));
    }
    out += "\n";
  }
  out += fmt::format("{} Worst seeds\n\n", heading);
  if (report.worst.empty()) {
    out += "No runs.\n\n";
  } else {
    out +=
        "| Seed | Result | Violations | Two leaders | Worst failover | No leader | Reproduce |\n";
    out += "|---:|---|---|---:|---:|---:|---|\n";
    for (const RunSummary& run : report.worst) {
      std::string result =
          run.error.empty() ? (run.stats.passed ? "passed" : "**failed**") : "**crashed**";
      std::string violations = violation_counts_text(run.violations);
      if (!run.error.empty()) violations = markdown_cell(run.error);
      out += fmt::format("| {} | {} | {} | {} | {} | {} | `{}` |\n", run.seed, result,
                         violations.empty() ? "-" : violations,
                         duration_text(run.stats.dual_leader_ns),
                         run.stats.failover.count > 0 ? duration_text(run.stats.failover.max_ns)
                                                      : std::string("-"),
                         duration_text(run.stats.leaderless_ns), markdown_cell(run.repro_command));
    }
    out += "\n";
  }
  if (!report.crashed_runs.empty()) {
    out +=
        fmt::format("{} Crashed seeds\n\n| Seed | Error | Reproduce |\n|---:|---|---|\n", heading);
    for (const RunSummary& run : report.crashed_runs) {
      out += fmt::format("| {} | {} | `{}` |\n", run.seed, markdown_cell(run.error),
                         markdown_cell(run.repro_command));
    }
    out += "\n";
  }
}

}  // namespace

std::string render_run_markdown(const RunReport& report) {
  const RunHeader& run = report.header.run;
  const RunStats& stats = report.stats;
  const Verdict& verdict = report.footer.verdict;
  const Nanos duration_ns = stats.duration_ns;
  std::string out;
  out += fmt::format("# Election-stability report: {}\n\n", run.scenario_name);
  out += verdict_line(report.footer, duration_ns) + "\n\n";
  out += "| Run | |\n|---|---|\n";
  out += fmt::format("| Scenario | {} (digest `{}`) |\n", markdown_cell(run.scenario_name),
                     run.scenario_digest);
  out += fmt::format("| Algorithm | {} |\n", algorithm_name(run.algorithm));
  out += fmt::format("| Seed | {} |\n", run.seed);
  out += fmt::format("| Nodes | {} |\n", run.node_names.size());
  out += fmt::format("| Simulated time | {} |\n", duration_text(duration_ns));
  out += fmt::format("| Program | holocron {} |\n", markdown_cell(run.program_version));
  out += fmt::format("| Reproduce | `{}` |\n\n", markdown_cell(report.header.repro_command));

  out += "## Elections\n\n| Metric | Value |\n|---|---:|\n";
  out += fmt::format("| Epochs created | {} |\n", count_text(stats.epochs_created));
  out += fmt::format("| Elections per hour | {} |\n",
                     milli_text(per_hour_milli(stats.epochs_created, duration_ns)));
  out += fmt::format("| Leader changes | {} |\n", count_text(stats.leader_changes));
  out += fmt::format("| First leader after | {} |\n", instant_text(stats.first_leader_ns));
  out += fmt::format("| Time with no leader | {} ({}) |\n", duration_text(stats.leaderless_ns),
                     percent_text(ratio_ppm(stats.leaderless_ns, duration_ns)));
  out += fmt::format(
      "| Time with two leaders | {} ({}) in {} episode{} |\n", duration_text(stats.dual_leader_ns),
      percent_text(ratio_ppm(stats.dual_leader_ns, duration_ns)),
      count_text(stats.dual_leader_episodes), stats.dual_leader_episodes == 1 ? "" : "s");
  if (stats.failover.count > 0) {
    out += fmt::format("| Failovers | {} |\n", count_text(stats.failover.count));
    out += fmt::format("| Failover p50 / p90 / p99 / max | {} / {} / {} / {} |\n",
                       duration_text(stats.failover.p50_ns), duration_text(stats.failover.p90_ns),
                       duration_text(stats.failover.p99_ns), duration_text(stats.failover.max_ns));
  } else {
    out += "| Failovers | 0 |\n";
  }
  out += fmt::format("| No leader at the end for | {} |\n\n",
                     duration_text(stats.leaderless_at_end_ns));

  out += "### Time to a new leader after a failure\n\n";
  failover_table(out, stats.failover_histogram);

  out += "## Leadership per node\n\n";
  out += "| Node | Acting time | Share | Epochs won | Epochs led |\n|---|---:|---:|---:|---:|\n";
  for (const NodeShare& share : report.nodes) {
    out += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_cell(run.node_names.at(share.node)),
                       duration_text(share.acting_ns),
                       percent_text(ratio_ppm(share.acting_ns, duration_ns)),
                       count_text(share.epochs_won), count_text(share.epochs_led));
  }
  out += "\n## Store operations and cost\n\n";
  out += "| Operation | Requests | Per month (30 days) |\n|---|---:|---:|\n";
  const std::pair<const char*, std::uint64_t> operations[] = {{"LIST", stats.list_requests},
                                                              {"GET", stats.get_requests},
                                                              {"PUT", stats.put_requests},
                                                              {"DELETE", stats.delete_requests}};
  std::uint64_t total = 0;
  for (const auto& [name, count] : operations) {
    total += count;
    out += fmt::format("| {} | {} | {} |\n", name, count_text(count),
                       count_text(per_month(count, duration_ns)));
  }
  out += fmt::format("| Total | {} | {} |\n\n", count_text(total),
                     count_text(per_month(total, duration_ns)));
  out +=
      fmt::format("Cost {} in this run, {} per month at this rate.\n\n",
                  usd_text(stats.cost_micro_usd, 6), usd_text(stats.cost_per_month_micro_usd, 2));

  out += "## Objects\n\n";
  out += fmt::format("At most {} object{} ({} epoch lock object{}); {} at the end.\n\n",
                     count_text(stats.objects_max), stats.objects_max == 1 ? "" : "s",
                     count_text(stats.epoch_objects_max), stats.epoch_objects_max == 1 ? "" : "s",
                     count_text(stats.objects_final));

  out += "## Faults\n\n";
  if (report.footer.fault_counts.empty()) {
    out += "No faults were injected.\n\n";
  } else {
    out += "| Fault | Injected |\n|---|---:|\n";
    for (const auto& [name, count] : report.footer.fault_counts) {
      out += fmt::format("| {} | {} |\n", markdown_cell(name), count_text(count));
    }
    out += fmt::format("\nThe last fault healed at {}.\n\n",
                       instant_text(report.footer.last_fault_heal_ns));
  }
  if (!report.footer.faults_never_fired.empty()) {
    out += fmt::format("Configured but never fired: {}.\n\n",
                       markdown_cell(name_list_text(report.footer.faults_never_fired)));
  }

  out += "## Checks\n\n| Property | What it checks | Result |\n|---|---|---|\n";
  for (const PropertyResult& result : verdict.properties) {
    out += fmt::format("| {} | {} | {} |\n", property_name(result.property),
                       property_title(result.property), property_result_text(result));
  }
  out += "\n";
  for (const PropertyResult& result : verdict.properties) {
    if (result.notes == 0) continue;
    out += fmt::format(
        "- {} note{}: {}{}\n", property_name(result.property), result.notes == 1 ? "" : "s",
        markdown_cell(result.note),
        result.notes > 1 ? fmt::format(" ({} in all)", count_text(result.notes)) : std::string());
  }
  out += "\n## Violations\n\n";
  if (verdict.violations.empty()) {
    out += "None.\n\n";
  } else {
    for (const Violation& violation : verdict.violations) {
      out += fmt::format("- **{}** at {} (nodes {}; epochs {}): {}",
                         property_name(violation.property), instant_text(violation.first_ns),
                         node_list_text(run.node_names, violation.nodes),
                         epoch_list_text(violation.epochs), markdown_cell(violation.message));
      if (violation.outside_assumptions) {
        out += fmt::format(" *Outside the assumptions: {}.*", markdown_cell(violation.assumption));
      }
      out += "\n";
    }
    if (verdict.violations_not_stored > 0) {
      out +=
          fmt::format("- ... and {} more not listed.\n", count_text(verdict.violations_not_stored));
    }
    out += fmt::format("\nReproduce with `{}`.\n\n", markdown_cell(report.header.repro_command));
  }
  out += fmt::format("---\nTrace digest `{}`; event digest `{}`.\n",
                     report.footer.digest.empty() ? "-" : report.footer.digest,
                     report.footer.event_digest.empty() ? "-" : report.footer.event_digest);
  return out;
}

std::string render_sweep_markdown(const SweepReport& report) {
  std::string out;
  out += fmt::format("# Sweep: {} ({}), seeds {}..{}\n\n", report.scenario_name, report.algorithm,
                     report.seed_min, report.seed_max);
  out +=
      fmt::format("**{} runs: {} passed, {} failed, {} crashed.**\n\n", count_text(report.runs),
                  count_text(report.passed), count_text(report.failed), count_text(report.crashed));
  sweep_sections(out, report, "##");
  return out;
}

std::string render_comparison_markdown(const ComparisonReport& report) {
  std::string out;
  out += fmt::format("# Comparison: {}\n\n", report.scenario_name);
  if (report.algorithms.empty()) return out + "No algorithms.\n";
  const SweepReport& first = report.algorithms.front();
  out += fmt::format("The same scenario and seeds ({}..{}) under each algorithm.\n\n",
                     first.seed_min, first.seed_max);
  out += "| | ";
  std::string rule = "|---|";
  for (const SweepReport& sweep : report.algorithms) {
    out += sweep.algorithm + " | ";
    rule += "---:|";
  }
  out.pop_back();
  out += "\n" + rule + "\n";
  for (const ComparisonRow& row : comparison_rows(report)) {
    out += row.seed_label.empty() ? fmt::format("| {} |", row.title)
                                  : fmt::format("| {}, {} |", row.title, row.seed_label);
    for (const std::string& cell : row.cells) out += " " + cell + " |";
    out += "\n";
  }
  out += "\n";
  for (const SweepReport& sweep : report.algorithms) {
    out += fmt::format("## {}\n\n", sweep.algorithm);
    sweep_sections(out, sweep, "###");
  }
  return out;
}

std::string run_summary_text(const RunReport& report) {
  const RunHeader& run = report.header.run;
  const RunStats& stats = report.stats;
  const Verdict& verdict = report.footer.verdict;
  std::string out;
  out += fmt::format("{} ({}, seed {}, {} nodes, {}): {}\n", run.scenario_name,
                     algorithm_name(run.algorithm), run.seed, run.node_names.size(),
                     duration_text(stats.duration_ns),
                     !report.footer.stopped_early.empty() ? "STOPPED EARLY"
                     : verdict.passed                     ? "PASSED"
                                                          : "FAILED");
  if (!report.footer.stopped_early.empty()) {
    out += fmt::format("  stopped early: {}\n", report.footer.stopped_early);
  }
  out += fmt::format("  leader changes {}, elections {} ({}/h), first leader after {}\n",
                     count_text(stats.leader_changes), count_text(stats.epochs_created),
                     milli_text(per_hour_milli(stats.epochs_created, stats.duration_ns)),
                     instant_text(stats.first_leader_ns));
  if (stats.failover.count > 0) {
    out += fmt::format("  failover p50 {}, p99 {}, max {} ({} failover{})\n",
                       duration_text(stats.failover.p50_ns), duration_text(stats.failover.p99_ns),
                       duration_text(stats.failover.max_ns), count_text(stats.failover.count),
                       stats.failover.count == 1 ? "" : "s");
  } else {
    out += "  no failovers\n";
  }
  out +=
      fmt::format("  no leader {} ({}), two leaders {} ({})\n", duration_text(stats.leaderless_ns),
                  percent_text(ratio_ppm(stats.leaderless_ns, stats.duration_ns)),
                  duration_text(stats.dual_leader_ns),
                  percent_text(ratio_ppm(stats.dual_leader_ns, stats.duration_ns)));
  const std::uint64_t total =
      stats.list_requests + stats.get_requests + stats.put_requests + stats.delete_requests;
  out += fmt::format("  store {} requests (LIST {}, GET {}, PUT {}, DELETE {}), {} ({}/month)\n",
                     count_text(total), count_text(stats.list_requests),
                     count_text(stats.get_requests), count_text(stats.put_requests),
                     count_text(stats.delete_requests), usd_text(stats.cost_micro_usd, 6),
                     usd_text(stats.cost_per_month_micro_usd, 2));
  std::string checks;
  for (const PropertyResult& result : verdict.properties) {
    if (!result.enabled) continue;
    if (!checks.empty()) checks += ", ";
    checks += std::string(property_name(result.property)) + " ";
    if (result.violations > 0) {
      checks += fmt::format("FAILED x{}", result.violations);
    } else if (result.outside_assumptions > 0) {
      checks += fmt::format("ok ({} outside assumptions)", result.outside_assumptions);
    } else {
      checks += "ok";
    }
  }
  out += "  checks: " + checks + "\n";
  // The first few; the report has them all.
  constexpr std::size_t kListedMax = 5;
  std::size_t listed = 0;
  std::uint64_t failing = 0;
  for (const PropertyResult& result : verdict.properties)
    failing += result.enabled ? result.violations : 0;
  for (const Violation& violation : verdict.violations) {
    if (violation.outside_assumptions || listed == kListedMax) continue;
    ++listed;
    out += fmt::format("  {} at {}: {}\n", property_name(violation.property),
                       instant_text(violation.first_ns), violation.message);
  }
  if (failing > listed)
    out += fmt::format("  ... and {} more violations\n", count_text(failing - listed));
  if (!verdict.passed) {
    out += fmt::format("  reproduce: {}\n", report.header.repro_command);
  }
  return out;
}

}  // namespace holocron::reports
