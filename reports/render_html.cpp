// The HTML reports: one self-contained page each, inline CSS and SVG, no
// scripts and nothing fetched from the network, so a report opens anywhere,
// offline, years later.
#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/names.hpp"
#include "reports/render.hpp"
#include "reports/render_text.hpp"
#include "reports/svg_charts.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {
namespace {

constexpr std::string_view kStyle = R"css(
:root{--fg:#1d2330;--muted:#5b6474;--line:#d8dde6;--bg:#ffffff;--panel:#f6f8fb;--ok:#1a7f37;--bad:#c62828;--warn:#b26a00}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:1040px;margin:0 auto;padding:0 20px}
header{padding-top:24px}
h1{font-size:22px;margin:0 0 6px}
h2{font-size:17px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 8px}
p.lead{color:var(--muted);margin:0 0 12px}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff;font-size:13px;vertical-align:middle}
.badge.ok{background:var(--ok)}.badge.bad{background:var(--bad)}.badge.warn{background:var(--warn)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px;margin:14px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.card .k{color:var(--muted);font-size:12px}.card .v{font-size:18px;font-weight:600}
table{border-collapse:collapse;margin:8px 0 14px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--panel)}
td.n{text-align:right;font-variant-numeric:tabular-nums}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--panel);padding:1px 4px;border-radius:3px;word-break:break-all}
.bad{color:var(--bad)}.ok{color:var(--ok)}.muted{color:var(--muted)}
.badge.ok,.badge.bad,.badge.warn{color:#fff}
.charts{overflow-x:auto}
details{margin:10px 0}summary{cursor:pointer;font-weight:600}
svg.chart{display:block;max-width:100%;height:auto;margin:6px 0}
svg .lbl{font-size:11px;fill:#3a4250}svg .small{font-size:10px}svg .title{font-weight:600}
svg .axis{stroke:#8a93a3;stroke-width:1}svg .grid{stroke:#e6e9ef;stroke-width:1}
svg .lane{fill:#f3f5f8}
svg .act{opacity:.92}
svg .n0,svg .a0{fill:#3b6fd4}svg .n1,svg .a1{fill:#2b9c6a}svg .n2,svg .a2{fill:#8a56c9}svg .n3,svg .a3{fill:#d4883b}
svg .n4,svg .a4{fill:#2f9bb5}svg .n5,svg .a5{fill:#b5447d}svg .n6,svg .a6{fill:#6f8a2f}svg .n7,svg .a7{fill:#5b5fc7}
svg .n8,svg .a8{fill:#a86b3c}svg .n9,svg .a9{fill:#4a7a8c}
svg .dual{fill:#e53935;opacity:.35}
svg .fwin{fill:#ffb74d;opacity:.35}svg .down{fill:#9e9e9e;opacity:.35}
svg .fmark{stroke:#e65100;stroke-width:1.5}svg .crash{stroke:#212121;stroke-width:2}
svg .assume{fill:#7b1fa2}svg .nerr{fill:#c62828}
svg .bar{fill:#3b6fd4}
svg .series{fill:none;stroke-width:1.6}svg .s1{stroke:#3b6fd4;stroke-width:3.2}
svg .s2{stroke:#d4883b;stroke-dasharray:6 3}
)css";

std::string page(std::string_view title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      html_escape(title), kStyle, body);
}

std::string card(std::string_view key, const std::string& value, std::string_view cls = {}) {
  return fmt::format(
      "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v{}{}\">{}</div></div>",
      html_escape(key), cls.empty() ? "" : " ", cls, html_escape(value));
}

std::string badge(bool passed, std::string_view text) {
  return fmt::format("<span class=\"badge {}\">{}</span>", passed ? "ok" : "bad",
                     html_escape(text));
}

std::string property_cell(const PropertyResult& result) {
  if (!result.enabled) return "<span class=\"muted\">disabled</span>";
  std::string text;
  if (result.violations > 0) {
    text = fmt::format("<span class=\"bad\">{} violation{}</span>", count_text(result.violations),
                       result.violations == 1 ? "" : "s");
  }
  if (result.outside_assumptions > 0) {
    if (!text.empty()) text += "; ";
    text += fmt::format("{} outside the assumptions", count_text(result.outside_assumptions));
  }
  if (text.empty() && inconclusive(result)) text = "<span class=\"muted\">inconclusive</span>";
  if (text.empty()) text = "<span class=\"ok\">held</span>";
  if (result.notes > 0) text += "<br><span class=\"muted\">" + html_escape(result.note) + "</span>";
  return text;
}

std::string sweep_body(const SweepReport& report, std::string_view h) {
  std::string out;
  out += "<div class=\"cards\">";
  out += card("runs", count_text(report.runs));
  out += card("passed", count_text(report.passed), "ok");
  out += card("failed", count_text(report.failed), report.failed > 0 ? "bad" : "");
  out += card("crashed", count_text(report.crashed), report.crashed > 0 ? "bad" : "");
  out += card("simulated time", duration_text(report.simulated_ns));
  out += card("store cost, all runs", usd_text(report.cost_micro_usd, 4));
  out += "</div>";

  out += fmt::format(
      "<{0}>Checks</{0}><table><tr><th>Property</th><th>What it checks</th>"
      "<th>Seeds violating</th><th>Seeds outside assumptions</th></tr>",
      h);
  for (std::size_t i = 0; i < kPropertyCount; ++i) {
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"n{}\">{}</td><td class=\"n\">{}</td></tr>",
        property_name(kAllProperties[i]), html_escape(property_title(kAllProperties[i])),
        report.seeds_violating[i] > 0 ? " bad" : "", count_text(report.seeds_violating[i]),
        count_text(report.seeds_outside_assumptions[i]));
  }
  out += "</table>";

  out += fmt::format(
      "<{0}>Across seeds</{0}><table><tr><th>Metric</th><th>Seeds</th><th>p50</th>"
      "<th>p90</th><th>p99</th><th>max</th><th>Seed with the max</th></tr>",
      h);
  for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
    const auto metric = static_cast<SweepMetric>(m);
    const SeedDistribution& d = report.distributions[m];
    if (d.count == 0) {
      out += fmt::format(
          "<tr><td>{}</td><td class=\"n\">0</td><td colspan=\"5\" class=\"muted\">"
          "no values</td></tr>",
          html_escape(sweep_metric_title(metric)));
      continue;
    }
    out += fmt::format(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        html_escape(sweep_metric_title(metric)), count_text(d.count),
        sweep_metric_value_text(metric, d.p50), sweep_metric_value_text(metric, d.p90),
        sweep_metric_value_text(metric, d.p99), sweep_metric_value_text(metric, d.max), d.max_seed);
  }
  out += "</table>";

  out += fmt::format("<{0}>Distributions across seeds</{0}><div class=\"charts\">", h);
  for (SweepMetric metric : {SweepMetric::kFailoverP99, SweepMetric::kFailoverMax,
                             SweepMetric::kLeaderless, SweepMetric::kDualLeader,
                             SweepMetric::kElectionsPerHourMilli, SweepMetric::kCostPerMonth}) {
    const auto& values = report.values[static_cast<std::size_t>(metric)];
    if (values.empty()) continue;
    out += fmt::format("<h4>{}</h4>", html_escape(sweep_metric_title(metric)));
    out += distribution_svg(values, sweep_metric_value_unit(metric), sweep_metric_title(metric));
  }
  out += "</div>";

  out += fmt::format("<{0}>Failover times, all seeds</{0}><div class=\"charts\">{1}</div>", h,
                     failover_histogram_svg(report.failover_histogram));

  out += fmt::format("<{0}>Worst seeds</{0}>", h);
  if (report.worst.empty()) {
    out += "<p>No runs.</p>";
  } else {
    out +=
        "<table><tr><th>Seed</th><th>Result</th><th>Violations</th><th>Two leaders</th>"
        "<th>Worst failover</th><th>No leader</th><th>Reproduce</th></tr>";
    for (const RunSummary& run : report.worst) {
      const std::string result = !run.error.empty()
                                     ? "<span class=\"bad\">crashed</span>"
                                     : (run.stats.passed ? "<span class=\"ok\">passed</span>"
                                                         : "<span class=\"bad\">failed</span>");
      std::string violations = violation_counts_text(run.violations);
      if (!run.error.empty()) violations = run.error;
      for (const Violation& violation : run.first_violations) {
        if (violation.outside_assumptions) continue;
        violations += fmt::format("\n{} at {}: {}", property_name(violation.property),
                                  instant_text(violation.first_ns), violation.message);
        break;
      }
      std::string violations_html = html_escape(violations.empty() ? "-" : violations);
      for (std::size_t at = violations_html.find('\n'); at != std::string::npos;
           at = violations_html.find('\n', at)) {
        violations_html.replace(at, 1, "<br>");
      }
      out += fmt::format(
          "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>"
          "<td class=\"n\">{}</td><td class=\"n\">{}</td><td><code>{}</code></td></tr>",
          run.seed, result, violations_html, duration_text(run.stats.dual_leader_ns),
          run.stats.failover.count > 0 ? duration_text(run.stats.failover.max_ns) : "-",
          duration_text(run.stats.leaderless_ns), html_escape(run.repro_command));
    }
    out += "</table>";
  }
  if (!report.crashed_runs.empty()) {
    out += fmt::format(
        "<{0}>Crashed seeds</{0}><table><tr><th>Seed</th><th>Error</th>"
        "<th>Reproduce</th></tr>",
        h);
    for (const RunSummary& run : report.crashed_runs) {
      out += fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td><code>{}</code></td></tr>",
                         run.seed, html_escape(run.error), html_escape(run.repro_command));
    }
    out += "</table>";
  }

  out += fmt::format("<{0}>Store and faults</{0}>", h);
  const std::uint64_t total =
      report.list_requests + report.get_requests + report.put_requests + report.delete_requests;
  out += fmt::format("<p>{} requests (LIST {}, GET {}, PUT {}, DELETE {}).</p>", count_text(total),
                     count_text(report.list_requests), count_text(report.get_requests),
                     count_text(report.put_requests), count_text(report.delete_requests));
  if (!report.fault_totals.empty()) {
    out += "<table><tr><th>Fault</th><th>Injected, all seeds</th></tr>";
    for (const auto& [name, count] : report.fault_totals) {
      out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td></tr>", html_escape(name),
                         count_text(count));
    }
    out += "</table>";
  } else {
    out += "<p>No faults were injected.</p>";
  }
  if (!report.never_fired_seeds.empty()) {
    out += "<table><tr><th>Configured but never fired</th><th>Seeds</th></tr>";
    for (const auto& [name, seeds] : report.never_fired_seeds) {
      out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td></tr>", html_escape(name),
                         count_text(seeds));
    }
    out += "</table>";
  }
  return out;
}

}  // namespace

std::string render_run_html(const RunReport& report) {
  const RunHeader& run = report.header.run;
  const RunStats& stats = report.stats;
  const Verdict& verdict = report.footer.verdict;
  const Nanos duration_ns = stats.duration_ns;
  std::string body;
  body += "<header>";
  if (report.footer.stopped_early.empty()) {
    body += fmt::format("<h1>{} {}</h1>", html_escape(run.scenario_name),
                        badge(verdict.passed, verdict.passed ? "PASSED" : "FAILED"));
  } else {
    // An incomplete run neither passed nor failed: its own badge, and the
    // reason before anything the checks found about the part before the stop.
    body += fmt::format("<h1>{} <span class=\"badge warn\">STOPPED EARLY</span></h1>",
                        html_escape(run.scenario_name));
    body += fmt::format(
        "<p class=\"bad\">The run did not complete, so it neither passed nor failed; the checks "
        "below cover only its first {}. Reason: {}</p>",
        duration_text(duration_ns), html_escape(report.footer.stopped_early));
  }
  body += fmt::format(
      "<p class=\"lead\">{} algorithm, seed {}, {} nodes, {} simulated. Scenario digest "
      "<code>{}</code>, holocron {}.</p>",
      algorithm_name(run.algorithm), run.seed, run.node_names.size(), duration_text(duration_ns),
      html_escape(run.scenario_digest), html_escape(run.program_version));
  body +=
      fmt::format("<p>Reproduce: <code>{}</code></p>", html_escape(report.header.repro_command));
  body += "</header><main>";

  body += "<div class=\"cards\">";
  body += card("leader changes", count_text(stats.leader_changes));
  body += card("elections per hour", milli_text(per_hour_milli(stats.epochs_created, duration_ns)));
  body += card("failover p50 / p99", stats.failover.count > 0
                                         ? duration_text(stats.failover.p50_ns) + " / " +
                                               duration_text(stats.failover.p99_ns)
                                         : std::string("no failovers"));
  body += card("time with no leader",
               duration_text(stats.leaderless_ns) + " (" +
                   percent_text(ratio_ppm(stats.leaderless_ns, duration_ns)) + ")");
  body += card("time with two leaders",
               duration_text(stats.dual_leader_ns) + " (" +
                   percent_text(ratio_ppm(stats.dual_leader_ns, duration_ns)) + ")",
               stats.dual_leader_ns > 0 ? "bad" : "");
  body += card("store cost per month", usd_text(stats.cost_per_month_micro_usd, 2));
  body += "</div>";

  body += "<h2>Leadership timeline</h2><div class=\"charts\">";
  body += timeline_svg(report);
  body += "</div>";

  body += "<h2>Time to a new leader after a failure</h2>";
  if (stats.failover.count > 0) {
    body += fmt::format("<p>{} failover{}: p50 {}, p90 {}, p99 {}, max {}.</p>",
                        count_text(stats.failover.count), stats.failover.count == 1 ? "" : "s",
                        duration_text(stats.failover.p50_ns), duration_text(stats.failover.p90_ns),
                        duration_text(stats.failover.p99_ns), duration_text(stats.failover.max_ns));
    body += "<div class=\"charts\">" + failover_histogram_svg(stats.failover_histogram) + "</div>";
  } else {
    body += "<p>No failovers: leadership was never lost and regained in this run.</p>";
  }
  body +=
      fmt::format("<p class=\"muted\">First leader after {}; no leader at the end for {}.</p>",
                  instant_text(stats.first_leader_ns), duration_text(stats.leaderless_at_end_ns));

  body +=
      "<h2>Leadership per node</h2><table><tr><th>Node</th><th>Acting time</th><th>Share</th>"
      "<th>Epochs won</th><th>Epochs led</th></tr>";
  for (const NodeShare& share : report.nodes) {
    body += fmt::format(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td></tr>",
        html_escape(run.node_names.at(share.node)), duration_text(share.acting_ns),
        percent_text(ratio_ppm(share.acting_ns, duration_ns)), count_text(share.epochs_won),
        count_text(share.epochs_led));
  }
  body += "</table>";

  body +=
      "<h2>Store operations and cost</h2><table><tr><th>Operation</th><th>Requests</th>"
      "<th>Per month (30 days)</th></tr>";
  const std::pair<const char*, std::uint64_t> operations[] = {{"LIST", stats.list_requests},
                                                              {"GET", stats.get_requests},
                                                              {"PUT", stats.put_requests},
                                                              {"DELETE", stats.delete_requests}};
  std::uint64_t total = 0;
  for (const auto& [name, count] : operations) {
    total += count;
    body += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", name,
                        count_text(count), count_text(per_month(count, duration_ns)));
  }
  body +=
      fmt::format("<tr><th>Total</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></table>",
                  count_text(total), count_text(per_month(total, duration_ns)));
  body +=
      fmt::format("<p>Cost {} in this run, {} per month at this rate.</p>",
                  usd_text(stats.cost_micro_usd, 6), usd_text(stats.cost_per_month_micro_usd, 2));

  body += "<h2>Objects over time</h2>";
  body += fmt::format("<p>At most {} object{} ({} epoch lock object{}); {} at the end.</p>",
                      count_text(stats.objects_max), stats.objects_max == 1 ? "" : "s",
                      count_text(stats.epoch_objects_max), stats.epoch_objects_max == 1 ? "" : "s",
                      count_text(stats.objects_final));
  body += "<div class=\"charts\">" + objects_svg(report.footer) + "</div>";

  body += "<h2>Faults</h2>";
  if (report.footer.fault_counts.empty()) {
    body += "<p>No faults were injected.</p>";
  } else {
    body += "<table><tr><th>Fault</th><th>Injected</th></tr>";
    for (const auto& [name, count] : report.footer.fault_counts) {
      body += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td></tr>", html_escape(name),
                          count_text(count));
    }
    body += fmt::format("</table><p>The last fault healed at {}.</p>",
                        instant_text(report.footer.last_fault_heal_ns));
  }
  if (!report.footer.faults_never_fired.empty()) {
    body += fmt::format("<p class=\"bad\">Configured but never fired: {}.</p>",
                        html_escape(name_list_text(report.footer.faults_never_fired)));
  }

  body += "<h2>Checks</h2><table><tr><th>Property</th><th>What it checks</th><th>Result</th></tr>";
  for (const PropertyResult& result : verdict.properties) {
    body +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", property_name(result.property),
                    html_escape(property_title(result.property)), property_cell(result));
  }
  body += "</table>";

  body += "<h2>Violations</h2>";
  if (verdict.violations.empty()) {
    body += "<p>None.</p>";
  } else {
    body +=
        "<table><tr><th>Property</th><th>First at</th><th>Nodes</th><th>Epochs</th>"
        "<th>What happened</th></tr>";
    for (const Violation& violation : verdict.violations) {
      std::string what = html_escape(violation.message);
      if (violation.outside_assumptions) {
        what += "<br><span class=\"muted\">Outside the assumptions: " +
                html_escape(violation.assumption) + "</span>";
      }
      body += fmt::format(
          "<tr><td class=\"{}\">{}</td><td "
          "class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
          violation.outside_assumptions ? "muted" : "bad", property_name(violation.property),
          instant_text(violation.first_ns),
          html_escape(node_list_text(run.node_names, violation.nodes)),
          epoch_list_text(violation.epochs), what);
    }
    body += "</table>";
    if (verdict.violations_not_stored > 0) {
      body += fmt::format("<p>... and {} more not listed.</p>",
                          count_text(verdict.violations_not_stored));
    }
    body +=
        fmt::format("<p>Reproduce: <code>{}</code></p>", html_escape(report.header.repro_command));
  }
  body += "</main><footer><p class=\"muted\">";
  body += fmt::format(
      "Trace digest <code>{}</code>, event digest <code>{}</code>.",
      html_escape(report.footer.digest.empty() ? "-" : report.footer.digest),
      html_escape(report.footer.event_digest.empty() ? "-" : report.footer.event_digest));
  body += "</p></footer>\n";
  return page(fmt::format("{}: election-stability report (seed {})", run.scenario_name, run.seed),
              body);
}

std::string render_sweep_html(const SweepReport& report) {
  std::string body;
  body += "<header>";
  body += fmt::format("<h1>{} ({}) {}</h1>", html_escape(report.scenario_name),
                      html_escape(report.algorithm),
                      badge(report.failed == 0 && report.crashed == 0,
                            report.failed == 0 && report.crashed == 0 ? "ALL PASSED" : "FAILURES"));
  body += fmt::format("<p class=\"lead\">Sweep of {} seeds, {}..{}.</p>", count_text(report.runs),
                      report.seed_min, report.seed_max);
  body += "</header><main>";
  body += sweep_body(report, "h2");
  body += "</main>\n";
  return page(fmt::format("{}: sweep report ({})", report.scenario_name, report.algorithm), body);
}

std::string render_comparison_html(const ComparisonReport& report) {
  std::string body;
  body += "<header>";
  body += fmt::format("<h1>{}: algorithms compared</h1>", html_escape(report.scenario_name));
  if (!report.algorithms.empty()) {
    body += fmt::format(
        "<p class=\"lead\">The same scenario and seeds ({}..{}) under each "
        "algorithm.</p>",
        report.algorithms.front().seed_min, report.algorithms.front().seed_max);
  }
  body += "</header><main>";
  std::vector<std::string> labels;
  for (const SweepReport& sweep : report.algorithms) labels.push_back(sweep.algorithm);

  body += "<h2>Side by side</h2><table><tr><th></th>";
  for (const std::string& label : labels) body += "<th>" + html_escape(label) + "</th>";
  body += "</tr>";
  for (const ComparisonRow& row : comparison_rows(report)) {
    const std::string title =
        row.seed_label.empty() ? row.title : fmt::format("{} ({})", row.title, row.seed_label);
    body += "<tr><td>" + html_escape(title) + "</td>";
    for (const std::string& cell : row.cells) body += "<td class=\"n\">" + cell + "</td>";
    body += "</tr>";
  }
  body += "</table>";

  body +=
      "<h2>At a glance</h2><div class=\"cards\" "
      "style=\"grid-template-columns:repeat(auto-fill,minmax(300px,1fr))\">";
  const auto chart = [&](std::string_view title, auto&& value, ValueUnit unit) {
    std::vector<std::int64_t> values;
    for (const SweepReport& sweep : report.algorithms) values.push_back(value(sweep));
    body += "<div>" + bars_svg(labels, values, unit, title) + "</div>";
  };
  chart(
      "seeds with a violation",
      [](const SweepReport& s) { return static_cast<std::int64_t>(s.failed + s.crashed); },
      ValueUnit::kCount);
  chart(
      "time with two leaders, worst seed",
      [](const SweepReport& s) {
        return s.distributions[static_cast<std::size_t>(SweepMetric::kDualLeader)].max;
      },
      ValueUnit::kNanos);
  chart(
      "failover p99, median seed",
      [](const SweepReport& s) {
        return s.distributions[static_cast<std::size_t>(SweepMetric::kFailoverP99)].p50;
      },
      ValueUnit::kNanos);
  chart(
      "time with no leader, median seed",
      [](const SweepReport& s) {
        return s.distributions[static_cast<std::size_t>(SweepMetric::kLeaderless)].p50;
      },
      ValueUnit::kNanos);
  chart(
      "elections per hour, median seed",
      [](const SweepReport& s) {
        return s.distributions[static_cast<std::size_t>(SweepMetric::kElectionsPerHourMilli)].p50;
      },
      ValueUnit::kMilli);
  chart(
      "store cost per month, median seed",
      [](const SweepReport& s) {
        return s.distributions[static_cast<std::size_t>(SweepMetric::kCostPerMonth)].p50;
      },
      ValueUnit::kMicroUsd);
  body += "</div>";

  // One above the other: a histogram with many buckets needs the full width.
  body += "<h2>Failover times</h2><div class=\"charts\">";
  for (const SweepReport& sweep : report.algorithms) {
    body += "<div><h3>" + html_escape(sweep.algorithm) + "</h3>" +
            failover_histogram_svg(sweep.failover_histogram) + "</div>";
  }
  body += "</div>";

  for (const SweepReport& sweep : report.algorithms) {
    body += fmt::format("<details><summary>{}: {} passed, {} failed, {} crashed</summary>",
                        html_escape(sweep.algorithm), count_text(sweep.passed),
                        count_text(sweep.failed), count_text(sweep.crashed));
    body += sweep_body(sweep, "h3");
    body += "</details>";
  }
  body += "</main>\n";
  return page(fmt::format("{}: algorithms compared", report.scenario_name), body);
}

}  // namespace holocron::reports
