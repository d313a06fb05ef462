#include "reports/render_text.hpp"

#include <fmt/format.h>

#include "reports/text_format.hpp"

namespace holocron::reports {

std::string node_list_text(const std::vector<std::string>& node_names,
                           const std::vector<NodeIndex>& nodes) {
  std::string text;
  for (NodeIndex node : nodes) {
    if (!text.empty()) text += ", ";
    text += node < node_names.size() ? node_names[node] : std::string("the store");
  }
  return text;
}

std::string epoch_list_text(const std::vector<Epoch>& epochs) {
  std::string text;
  for (Epoch epoch : epochs) {
    if (!text.empty()) text += ", ";
    text += std::to_string(epoch);
  }
  return text;
}

std::string name_list_text(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) {
    if (!text.empty()) text += ", ";
    text += name;
  }
  return text;
}

std::string violation_counts_text(const std::array<std::uint64_t, kPropertyCount>& violations) {
  std::string text;
  for (std::size_t i = 0; i < kPropertyCount; ++i) {
    if (violations[i] == 0) continue;
    if (!text.empty()) text += ", ";
    text += fmt::format("{} x{}", property_name(kAllProperties[i]), violations[i]);
  }
  return text;
}

std::string sweep_metric_value_text(SweepMetric metric, std::int64_t value) {
  return value_text(value, sweep_metric_value_unit(metric));
}

std::vector<ComparisonRow> comparison_rows(const ComparisonReport& report) {
  std::vector<ComparisonRow> rows;
  const auto add = [&](std::string title, std::string_view seed_label, auto&& cell) {
    ComparisonRow& row = rows.emplace_back();
    row.title = std::move(title);
    row.seed_label = seed_label;
    for (const SweepReport& sweep : report.algorithms) row.cells.push_back(cell(sweep));
  };
  add("runs", "", [](const SweepReport& s) { return count_text(s.runs); });
  add("passed", "", [](const SweepReport& s) { return count_text(s.passed); });
  add("failed", "", [](const SweepReport& s) { return count_text(s.failed); });
  add("crashed", "", [](const SweepReport& s) { return count_text(s.crashed); });
  for (std::size_t i = 0; i < kPropertyCount; ++i) {
    add(fmt::format("seeds violating {}", property_name(kAllProperties[i])), "",
        [&](const SweepReport& s) { return count_text(s.seeds_violating[i]); });
  }
  for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
    const auto metric = static_cast<SweepMetric>(m);
    const std::string title(sweep_metric_title(metric));
    add(title, "median seed", [&](const SweepReport& s) {
      const SeedDistribution& d = s.distributions[m];
      return d.count == 0 ? std::string("-") : sweep_metric_value_text(metric, d.p50);
    });
    add(title, "worst seed", [&](const SweepReport& s) {
      const SeedDistribution& d = s.distributions[m];
      return d.count == 0 ? std::string("-") : sweep_metric_value_text(metric, d.max);
    });
  }
  return rows;
}

}  // namespace holocron::reports
