// Text that the Markdown and the HTML reports both show: built once here, and
// each renderer then escapes it and marks it up in its own language, so that
// the two forms of one report cannot come to say different things.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reports/sweep.hpp"

namespace holocron::reports {

// The nodes by name, separated by ", "; kNoNode (or any index past the
// names) reads "the store".
[[nodiscard]] std::string node_list_text(const std::vector<std::string>& node_names,
                                         const std::vector<NodeIndex>& nodes);
// The epochs separated by ", ".
[[nodiscard]] std::string epoch_list_text(const std::vector<Epoch>& epochs);
// The names separated by ", ".
[[nodiscard]] std::string name_list_text(const std::vector<std::string>& names);
// A seed's violations per property, "S1 x2, S5 x1"; empty when there are none.
[[nodiscard]] std::string violation_counts_text(
    const std::array<std::uint64_t, kPropertyCount>& violations);
// A value of a sweep metric in the metric's unit.
[[nodiscard]] std::string sweep_metric_value_text(SweepMetric metric, std::int64_t value);

// One row of the table that puts the algorithms of a comparison side by
// side: a cell per algorithm, in the report's order.
struct ComparisonRow {
  std::string title;
  // For a metric's rows, which seed the cells show ("median seed" or "worst
  // seed"), which each renderer joins to the title in its own way; empty for
  // the other rows.
  std::string_view seed_label;
  std::vector<std::string> cells;
};
// The rows in the order both reports show them: the run counts, the seeds
// violating each property, then each metric's median and worst seed.
[[nodiscard]] std::vector<ComparisonRow> comparison_rows(const ComparisonReport& report);

}  // namespace holocron::reports
