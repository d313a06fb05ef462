// `holosim compare FILE --algorithms naive,lease,stable --seeds A..B`: the
// same scenario and seeds under each algorithm (cluster.algorithm
// overridden), aggregated per algorithm and printed side by side.
#include <filesystem>

#include <fmt/format.h>

#include "holocron_version.hpp"
#include "reports/json_writer.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/display.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/report_output.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "sim/cli/sweep_output.hpp"

namespace holocron::cli {
namespace {

struct Column {
  Algorithm algorithm = Algorithm::kStable;
  SweepIdentity identity;
  SweepResult result;
};

// The per-seed distributions the table shows, read back from the summary
// JSON so that the table and compare.json can never disagree.
std::string cell(const nlohmann::json& summary, const char* metric, const char* percentile,
                 bool duration) {
  const auto& distribution = summary["across_seeds"][metric];
  if (distribution["count"].get<std::uint64_t>() == 0) return "-";
  const auto value = distribution[percentile].get<std::int64_t>();
  return duration ? display_duration(value) : display_count(static_cast<std::uint64_t>(value));
}

}  // namespace

int command_compare(const CommandContext& context, const CompareOptions& options) {
  std::vector<Column> columns;
  for (const Algorithm algorithm : options.algorithms) {
    Column column;
    column.algorithm = algorithm;
    std::vector<std::string> overrides = options.overrides;
    overrides.push_back(fmt::format("cluster.algorithm={}", to_string(algorithm)));
    const sim::Scenario scenario = load_scenario(options.scenario_path, overrides);
    column.identity.program_version = HOLOCRON_VERSION;
    column.identity.scenario_name = scenario.name;
    column.identity.scenario_path = options.scenario_path;
    column.identity.scenario_digest = scenario_digest(scenario);
    column.identity.overrides = overrides;
    column.identity.seeds = options.seeds;
    columns.push_back(std::move(column));
  }
  // All scenarios are checked before any seed runs, so a bad file fails fast.
  int status = kExitPassed;
  std::vector<nlohmann::json> summaries;
  for (auto& column : columns) {
    const sim::Scenario scenario = load_scenario(options.scenario_path, column.identity.overrides);
    column.result = sweep_seeds(context, scenario, column.identity, options.jobs, "");
    status = std::max(status, column.result.aggregate.exit_code());
    summaries.push_back(
        nlohmann::json::parse(column.result.aggregate.summary_json(column.identity)));
  }

  auto& out = context.out;
  out << fmt::format("{} seeds {}..{}: ", columns.front().identity.scenario_name,
                     options.seeds.first, options.seeds.last);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    out << (i == 0 ? "" : " vs ") << to_string(columns[i].algorithm);
  }
  out << "\n";
  const auto row = [&](const std::string& label, const auto& value_of) {
    out << fmt::format("  {:<26}", label);
    for (std::size_t i = 0; i < columns.size(); ++i) out << fmt::format("{:>18}", value_of(i));
    out << "\n";
  };
  row("", [&](std::size_t i) { return std::string(to_string(columns[i].algorithm)); });
  row("seeds passed", [&](std::size_t i) {
    const auto& aggregate = columns[i].result.aggregate;
    return fmt::format("{}/{}", aggregate.passed(), aggregate.seeds());
  });
  row("seeds crashed",
      [&](std::size_t i) { return display_count(columns[i].result.aggregate.crashed()); });
  row("leader changes p50",
      [&](std::size_t i) { return cell(summaries[i], "leader_changes", "p50", false); });
  row("leader changes max",
      [&](std::size_t i) { return cell(summaries[i], "leader_changes", "max", false); });
  row("failover p99 (p50 of seeds)",
      [&](std::size_t i) { return cell(summaries[i], "failover_p99_ns", "p50", true); });
  row("failover max (max of seeds)",
      [&](std::size_t i) { return cell(summaries[i], "failover_max_ns", "max", true); });
  row("leaderless p50",
      [&](std::size_t i) { return cell(summaries[i], "leaderless_ns", "p50", true); });
  row("dual-leader max",
      [&](std::size_t i) { return cell(summaries[i], "dual_leader_ns", "max", true); });
  row("seeds with dual leaders", [&](std::size_t i) {
    return display_count(
        summaries[i]["across_seeds"]["seeds_with_dual_leader"].get<std::uint64_t>());
  });
  row("cost per month p50", [&](std::size_t i) {
    const auto& distribution = summaries[i]["across_seeds"]["cost_per_month_micro_usd"];
    if (distribution["count"].get<std::uint64_t>() == 0) return std::string("-");
    return display_usd(distribution["p50"].get<std::int64_t>());
  });
  for (std::size_t p = 0; p < reports::kPropertyCount; ++p) {
    row(fmt::format("{} seeds violating", reports::property_name(reports::kAllProperties[p])),
        [&](std::size_t i) {
          return display_count(
              summaries[i]["properties"][p]["seeds_violating"].get<std::uint64_t>());
        });
  }

  if (!options.out_dir.empty()) {
    const std::filesystem::path out_dir(options.out_dir);
    prepare_output_directory(out_dir);
    std::string text;
    reports::JsonWriter json(text);
    json.begin_object();
    json.field("format", "holocron-compare");
    json.key("algorithms");
    json.begin_array();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      json.begin_object();
      json.field("algorithm", to_string(columns[i].algorithm));
      json.key("summary");
      std::string summary = columns[i].result.aggregate.summary_json(columns[i].identity);
      summary.pop_back();  // the trailing newline
      json.raw(summary);
      json.end_object();
    }
    json.end_array();
    json.end_object();
    text += "\n";
    write_text_file((out_dir / "compare.json").string(), text);
    out << fmt::format("  output        {}\n", (out_dir / "compare.json").string());
  }
  return status;
}

}  // namespace holocron::cli
