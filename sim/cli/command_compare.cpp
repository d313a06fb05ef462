// `holosim compare FILE --algorithms naive,lease,stable --seeds A..B`: the
// same scenario and seeds under each algorithm (cluster.algorithm
// overridden), aggregated per algorithm and printed side by side; with
// --out, reports' comparison report in JSON, Markdown and HTML.
#include <filesystem>

#include <fmt/format.h>

#include "holocron_version.hpp"
#include "reports/render.hpp"
#include "reports/text_format.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/output_paths.hpp"
#include "sim/cli/report_output.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "sim/cli/sweep_output.hpp"

namespace holocron::cli {
namespace {

using reports::SweepMetric;

std::string metric_cell(const reports::SweepReport& report, SweepMetric metric,
                        std::int64_t reports::SeedDistribution::*field) {
  const auto& distribution = report.distributions[static_cast<std::size_t>(metric)];
  if (distribution.count == 0) return "-";
  const std::int64_t value = distribution.*field;
  const auto unit = reports::sweep_metric_unit(metric);
  if (unit == "ns") return reports::duration_text(value);
  if (unit == "micro_usd") return reports::usd_text(value, 2);
  if (unit == "milli") return reports::milli_text(value);
  return reports::count_text(static_cast<std::uint64_t>(value));
}

}  // namespace

int command_compare(const CommandContext& context, const CompareOptions& options) {
  struct Column {
    Algorithm algorithm;
    sim::Scenario scenario;
    SweepIdentity identity;
  };
  // The output directory is written only after every seed has run, so its
  // problems (a file in its place, a file in it that is the scenario) are
  // refused first, not after the whole comparison.
  const std::vector<std::string> out_files{"compare.json", "compare.md", "compare.html"};
  if (!options.out_dir.empty()) {
    const std::filesystem::path out_dir(options.out_dir);
    std::vector<NamedPath> outputs;
    outputs.reserve(out_files.size());
    for (const auto& name : out_files) outputs.push_back({"-o", (out_dir / name).string()});
    check_output_paths("compare", {{"the scenario FILE", options.scenario_path}}, outputs);
    check_output_directory(out_dir);
  }
  // Every variant is loaded before any seed runs, so a bad file (or an
  // algorithm the scenario's timing does not suit) fails at once.
  std::vector<Column> columns;
  for (const Algorithm algorithm : options.algorithms) {
    std::vector<std::string> overrides = options.overrides;
    overrides.push_back(fmt::format("cluster.algorithm={}", to_string(algorithm)));
    Column column{algorithm, load_scenario(options.scenario_path, overrides), {}};
    column.identity.program_version = HOLOCRON_VERSION;
    column.identity.scenario_name = column.scenario.name;
    column.identity.scenario_path = options.scenario_path;
    column.identity.scenario_digest = scenario_digest(column.scenario);
    column.identity.overrides = overrides;
    column.identity.seeds = options.seeds;
    columns.push_back(std::move(column));
  }
  reports::ComparisonReport comparison;
  comparison.scenario_name = columns.front().scenario.name;
  int status = kExitPassed;
  for (const auto& column : columns) {
    const SweepResult result =
        sweep_seeds(context, column.scenario, column.identity, options.jobs, "");
    comparison.algorithms.push_back(result.builder.build());
    status = std::max(status, sweep_exit_code(comparison.algorithms.back()));
  }

  auto& out = context.out;
  out << fmt::format("{} seeds {}..{}, algorithms side by side\n", comparison.scenario_name,
                     options.seeds.first, options.seeds.last);
  const auto row = [&](const std::string& label, const auto& value_of) {
    out << fmt::format("  {:<28}", label);
    for (const auto& report : comparison.algorithms) out << fmt::format("{:>16}", value_of(report));
    out << "\n";
  };
  using Report = reports::SweepReport;
  using Distribution = reports::SeedDistribution;
  row("", [](const Report& report) { return report.algorithm; });
  row("seeds passed",
      [](const Report& report) { return fmt::format("{}/{}", report.passed, report.runs); });
  row("seeds crashed", [](const Report& report) { return reports::count_text(report.crashed); });
  row("leader changes p50", [](const Report& report) {
    return metric_cell(report, SweepMetric::kLeaderChanges, &Distribution::p50);
  });
  row("leader changes max", [](const Report& report) {
    return metric_cell(report, SweepMetric::kLeaderChanges, &Distribution::max);
  });
  row("failover p50 (p50 of seeds)", [](const Report& report) {
    return metric_cell(report, SweepMetric::kFailoverP50, &Distribution::p50);
  });
  row("failover p99 (p99 of seeds)", [](const Report& report) {
    return metric_cell(report, SweepMetric::kFailoverP99, &Distribution::p99);
  });
  row("failover max (max of seeds)", [](const Report& report) {
    return metric_cell(report, SweepMetric::kFailoverMax, &Distribution::max);
  });
  row("leaderless p50", [](const Report& report) {
    return metric_cell(report, SweepMetric::kLeaderless, &Distribution::p50);
  });
  row("dual-leader p50", [](const Report& report) {
    return metric_cell(report, SweepMetric::kDualLeader, &Distribution::p50);
  });
  row("dual-leader max", [](const Report& report) {
    return metric_cell(report, SweepMetric::kDualLeader, &Distribution::max);
  });
  row("cost per month p50", [](const Report& report) {
    return metric_cell(report, SweepMetric::kCostPerMonth, &Distribution::p50);
  });
  for (std::size_t p = 0; p < reports::kPropertyCount; ++p) {
    row(fmt::format("{} seeds violating", reports::property_name(reports::kAllProperties[p])),
        [p](const Report& report) { return reports::count_text(report.seeds_violating[p]); });
  }

  if (!options.out_dir.empty()) {
    const std::filesystem::path out_dir(options.out_dir);
    prepare_output_directory(out_dir);
    write_text_file((out_dir / out_files[0]).string(), reports::render_comparison_json(comparison));
    write_text_file((out_dir / out_files[1]).string(),
                    reports::render_comparison_markdown(comparison));
    write_text_file((out_dir / out_files[2]).string(), reports::render_comparison_html(comparison));
    out << fmt::format("  output        {}/ (compare.json, compare.md, compare.html)\n",
                       options.out_dir);
  }
  return status;
}

}  // namespace holocron::cli
