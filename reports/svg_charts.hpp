// Inline SVG charts for the HTML reports: the leadership timeline (one row
// per node, faults overlaid), histograms, the object count over time and bar
// comparisons. Each returns one <svg> element as text, with no scripts and no
// external references, so the page opens offline. Coordinates are computed in
// integer tenths of a pixel: the same report gives the same bytes everywhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reports/run_report.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {

struct TimelineChartOptions {
  int width_px = 960;
  // Rows shown at most: the nodes that led longest (in node order).
  std::size_t nodes_max = 40;
  // Above this many shapes, tooltips are left out to keep the page small.
  std::size_t tooltips_max = 3000;
};

// Leadership timeline: a row per node with its acting intervals coloured by
// node, a red band where two or more nodes acted, fault windows shaded and
// instant faults, crashes and assumption breaks marked on the row they hit.
[[nodiscard]] std::string timeline_svg(const RunReport& report,
                                       const TimelineChartOptions& options = {});

// A one-line placeholder where a chart has nothing to show.
[[nodiscard]] std::string empty_chart_svg(std::string_view message);

// A bar per label; empty labels at both ends are trimmed by the caller.
[[nodiscard]] std::string histogram_svg(const std::vector<std::string>& labels,
                                        const std::vector<std::uint64_t>& counts,
                                        std::string_view x_title, std::string_view y_title);

// The failover histogram of a run or a sweep (fixed buckets).
[[nodiscard]] std::string failover_histogram_svg(const FailoverHistogram& histogram);

// Objects (all, and epoch objects) over the run.
[[nodiscard]] std::string objects_svg(const TraceFooter& footer);

// The distribution of one metric across seeds: up to `bins_max` equal bins.
[[nodiscard]] std::string distribution_svg(const std::vector<std::int64_t>& values, ValueUnit unit,
                                           std::string_view x_title, std::size_t bins_max = 20);

// One bar per label (algorithms side by side).
[[nodiscard]] std::string bars_svg(const std::vector<std::string>& labels,
                                   const std::vector<std::int64_t>& values, ValueUnit unit,
                                   std::string_view title);

}  // namespace holocron::reports
