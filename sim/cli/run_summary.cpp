#include "sim/cli/run_summary.hpp"

#include <fmt/format.h>

#include "holocron_version.hpp"
#include "reports/text_format.hpp"

namespace holocron::cli {
namespace {

std::string node_list(const sim::Scenario& scenario, const std::vector<reports::NodeIndex>& nodes) {
  std::string text;
  for (const auto node : nodes) {
    if (!text.empty()) text += ",";
    text += node < scenario.cluster.node_count ? sim::node_name(scenario, node)
                                               : "#" + std::to_string(node);
  }
  return text;
}

std::string epoch_list(const std::vector<Epoch>& epochs) {
  std::string text;
  for (const auto epoch : epochs) text += (text.empty() ? "" : ",") + std::to_string(epoch);
  return text;
}

}  // namespace

void print_run_summary(std::ostream& out, const Terminal& terminal, const sim::Scenario& scenario,
                       const RunOutcome& outcome, const RunSummaryContext& context) {
  const reports::RunStats& stats = outcome.report.stats;
  const reports::Verdict& verdict = outcome.verdict;
  const auto& footer = outcome.report.footer;
  const char* end = tone_end(terminal);

  // A run that stopped early neither passed nor failed: the headline says
  // so, and the reason comes next, before any figure of the partial run.
  const bool complete = outcome.result.ok;
  out << fmt::format("{} (seed {}): {}{}{}\n", scenario.name, context.seed,
                     tone_begin(terminal, complete && verdict.passed ? Tone::kGood : Tone::kBad),
                     !complete ? "STOPPED EARLY" : (verdict.passed ? "PASS" : "FAIL"), end);
  if (!complete) {
    out << fmt::format("  stopped early at {} of {} (what follows covers only that part): {}\n",
                       reports::duration_text(outcome.result.end_ns),
                       reports::duration_text(scenario.duration_ns), outcome.result.error);
  }
  out << fmt::format("  scenario      {}  sha256:{}  holosim {}\n", context.scenario_path,
                     outcome.scenario_digest, HOLOCRON_VERSION);
  out << fmt::format("  cluster       {} nodes, {}, {} layout, {} simulated\n",
                     scenario.cluster.node_count, to_string(scenario.cluster.elector.algorithm),
                     to_string(scenario.cluster.elector.layout),
                     reports::duration_text(scenario.duration_ns));
  out << fmt::format("  leadership    leader changes {}, epochs created {}, first leader at {}\n",
                     reports::count_text(stats.leader_changes),
                     reports::count_text(stats.epochs_created),
                     stats.first_leader_ns < 0 ? std::string("never")
                                               : reports::duration_text(stats.first_leader_ns));
  if (stats.failover.count == 0) {
    out << "  failover      none\n";
  } else {
    out << fmt::format("  failover      p50 {}  p99 {}  max {}  (failovers {})\n",
                       reports::duration_text(stats.failover.p50_ns),
                       reports::duration_text(stats.failover.p99_ns),
                       reports::duration_text(stats.failover.max_ns),
                       reports::count_text(stats.failover.count));
  }
  out << fmt::format(
      "  leaderless    {} ({} of the run)\n", reports::duration_text(stats.leaderless_ns),
      reports::percent_text(reports::ratio_ppm(stats.leaderless_ns, stats.duration_ns)));
  out << fmt::format("  dual-leader   {}{}{} (episodes {})\n",
                     tone_begin(terminal, stats.dual_leader_ns > 0 ? Tone::kBad : Tone::kGood),
                     reports::duration_text(stats.dual_leader_ns), end,
                     reports::count_text(stats.dual_leader_episodes));
  out << fmt::format(
      "  store ops     LIST {}  GET {}  PUT {}  DELETE {}  cost {} ({}/month)\n",
      reports::count_text(stats.list_requests), reports::count_text(stats.get_requests),
      reports::count_text(stats.put_requests), reports::count_text(stats.delete_requests),
      reports::usd_text(stats.cost_micro_usd, 4),
      reports::usd_text(stats.cost_per_month_micro_usd, 2));
  std::string faults;
  for (const auto& [name, count] : footer.fault_counts) {
    faults += fmt::format("{}{} {}", faults.empty() ? "" : ", ", name, reports::count_text(count));
  }
  out << fmt::format("  faults        {}\n", faults.empty() ? "none injected" : faults);
  if (!footer.faults_never_fired.empty()) {
    std::string never;
    for (const auto& name : footer.faults_never_fired) never += (never.empty() ? "" : ", ") + name;
    out << fmt::format("  never fired   {} (configured, but injected nothing)\n", never);
  }

  std::string checks;
  for (const auto& result : verdict.properties) {
    if (!checks.empty()) checks += "  ";
    const auto name = reports::property_name(result.property);
    if (!result.enabled) {
      checks += fmt::format("{}{} off{}", tone_begin(terminal, Tone::kDim), name, end);
    } else if (result.violations > 0) {
      checks += fmt::format("{}{} FAIL({}){}", tone_begin(terminal, Tone::kBad), name,
                            result.violations, end);
    } else if (reports::inconclusive(result)) {
      checks += fmt::format("{}{} inconclusive{}", tone_begin(terminal, Tone::kDim), name, end);
    } else if (result.outside_assumptions > 0) {
      checks += fmt::format("{} ok({} outside assumptions)", name, result.outside_assumptions);
    } else {
      checks += fmt::format("{} ok", name);
    }
  }
  out << "  checks        " << checks << "\n";
  std::string expected = "pass";
  if (scenario.checks.expected_verdict == sim::ExpectedVerdict::kViolation) {
    expected = "violation";
    for (std::size_t i = 0; i < scenario.checks.expected_violations.size(); ++i) {
      expected += (i == 0 ? " of " : ", ") + scenario.checks.expected_violations[i];
    }
  } else if (scenario.checks.expected_verdict == sim::ExpectedVerdict::kAny) {
    expected = "any";
  }
  if (!complete) {
    // Whether the scenario's expectation holds is unknown: the checks judged
    // only part of the run.
    out << fmt::format("  expected      {}: {}not judged (the run stopped early){}\n", expected,
                       tone_begin(terminal, Tone::kBad), end);
  } else {
    const bool met = meets_expectation(scenario, verdict);
    out << fmt::format("  expected      {}: {}{}{}\n", expected,
                       tone_begin(terminal, met ? Tone::kGood : Tone::kBad),
                       met ? "met" : "NOT met", end);
  }
  if (!context.trace_path.empty()) {
    out << fmt::format("  trace         {}  {}\n", context.trace_path, outcome.trace_digest);
  }
  if (!context.report_path.empty()) out << fmt::format("  report        {}\n", context.report_path);

  if (!verdict.violations.empty()) {
    out << "  violations\n";
    std::size_t shown = 0;
    for (const auto& violation : verdict.violations) {
      if (shown == kSummaryViolationsMax) break;
      ++shown;
      out << fmt::format(
          "    {} at {}{}{}{}: {}{}\n", reports::property_name(violation.property),
          reports::instant_text(violation.first_ns),
          violation.nodes.empty() ? "" : "  nodes " + node_list(scenario, violation.nodes),
          violation.epochs.empty() ? "" : "  epochs " + epoch_list(violation.epochs),
          violation.outside_assumptions ? "  (outside assumptions)" : "", violation.message,
          violation.assumption.empty() ? "" : " [" + violation.assumption + "]");
    }
    const std::uint64_t total = verdict.violations.size() + verdict.violations_not_stored;
    if (total > shown)
      out << fmt::format("    ... and {} more\n", reports::count_text(total - shown));
  }
  if (!verdict.passed) out << "  reproduce     " << context.repro_command << "\n";
}

}  // namespace holocron::cli
