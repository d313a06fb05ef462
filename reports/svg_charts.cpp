#include "reports/svg_charts.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "core/int128.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {
namespace {

// Node colours cycle through this many CSS classes (n0..n9).
constexpr std::size_t kNodeColours = 10;

// Tenths of a pixel as SVG text: 1234 -> "123.4".
std::string tenths(std::int64_t value) {
  const char* sign = value < 0 ? "-" : "";
  const std::int64_t magnitude = value < 0 ? -value : value;
  if (magnitude % 10 == 0) return fmt::format("{}{}", sign, magnitude / 10);
  return fmt::format("{}{}.{}", sign, magnitude / 10, magnitude % 10);
}

// value / domain * range, in integers (range in tenths of a pixel).
std::int64_t scale(std::int64_t value, std::int64_t domain, std::int64_t range) {
  if (domain <= 0) return 0;
  return static_cast<std::int64_t>(static_cast<Int128>(value) * range / domain);
}

class Svg {
 public:
  Svg(int width_px, int height_px, std::string_view label) {
    out_ = fmt::format(
        R"svg(<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" )svg"
        R"svg(width="{}" height="{}" role="img" aria-label="{}">)svg",
        width_px, height_px, width_px, height_px, html_escape(label));
  }

  void rect(std::int64_t x, std::int64_t y, std::int64_t w, std::int64_t h, std::string_view cls,
            std::string_view title = {}) {
    if (w < 1) w = 1;  // everything drawn stays visible, however short
    out_ += fmt::format(R"svg(<rect x="{}" y="{}" width="{}" height="{}" class="{}")svg", tenths(x),
                        tenths(y), tenths(w), tenths(h), cls);
    close(title);
  }

  void line(std::int64_t x1, std::int64_t y1, std::int64_t x2, std::int64_t y2,
            std::string_view cls, std::string_view title = {}) {
    out_ += fmt::format(R"svg(<line x1="{}" y1="{}" x2="{}" y2="{}" class="{}")svg", tenths(x1),
                        tenths(y1), tenths(x2), tenths(y2), cls);
    close(title);
  }

  void text(std::int64_t x, std::int64_t y, std::string_view content, std::string_view cls,
            std::string_view anchor = "start", bool rotated = false) {
    out_ += fmt::format(R"svg(<text x="{}" y="{}" class="{}" text-anchor="{}")svg", tenths(x),
                        tenths(y), cls, anchor);
    if (rotated)
      out_ += fmt::format(R"svg( transform="rotate(-40 {} {})")svg", tenths(x), tenths(y));
    out_ += ">" + html_escape(content) + "</text>";
  }

  void polyline(const std::vector<std::pair<std::int64_t, std::int64_t>>& points,
                std::string_view cls) {
    if (points.empty()) return;
    out_ += R"svg(<polyline points=")svg";
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (i > 0) out_.push_back(' ');
      out_ += tenths(points[i].first) + "," + tenths(points[i].second);
    }
    out_ += fmt::format(R"svg(" class="{}"/>)svg", cls);
  }

  // A small diamond centred on (x, y).
  void diamond(std::int64_t x, std::int64_t y, std::int64_t half, std::string_view cls,
               std::string_view title = {}) {
    out_ += fmt::format(R"svg(<path d="M{} {}L{} {}L{} {}L{} {}Z" class="{}")svg", tenths(x),
                        tenths(y - half), tenths(x + half), tenths(y), tenths(x), tenths(y + half),
                        tenths(x - half), tenths(y), cls);
    close(title);
  }

  [[nodiscard]] std::string finish() {
    out_ += "</svg>";
    return std::move(out_);
  }

 private:
  void close(std::string_view title) {
    if (title.empty()) {
      out_ += "/>";
      return;
    }
    out_ += "><title>" + html_escape(title) + "</title></" + element_of_last() + ">";
  }
  // The element name of the tag being closed (the last "<name " opened).
  std::string element_of_last() const {
    const std::size_t open = out_.rfind('<');
    HOLO_ASSERT(open != std::string::npos);
    const std::size_t end = out_.find(' ', open);
    HOLO_ASSERT(end != std::string::npos);
    return out_.substr(open + 1, end - open - 1);
  }

  std::string out_;
};

// A step for time axes: the smallest "nice" span giving at most `ticks_max`
// ticks over `span_ns`.
Nanos time_step(Nanos span_ns, std::int64_t ticks_max) {
  static constexpr std::array<Nanos, 30> kSteps = {
      milliseconds(1),  milliseconds(2),   milliseconds(5),   milliseconds(10),  milliseconds(20),
      milliseconds(50), milliseconds(100), milliseconds(200), milliseconds(500), seconds(1),
      seconds(2),       seconds(5),        seconds(10),       seconds(15),       seconds(30),
      minutes(1),       minutes(2),        minutes(5),        minutes(10),       minutes(15),
      minutes(30),      hours(1),          hours(2),          hours(3),          hours(6),
      hours(12),        hours(24),         hours(48),         hours(24 * 7),     hours(24 * 30)};
  for (Nanos step : kSteps) {
    if (span_ns / step <= ticks_max) return step;
  }
  return span_ns / ticks_max + 1;
}

// A step for value axes: 1, 2 or 5 times a power of ten, at most `ticks_max` ticks.
std::int64_t value_step(std::int64_t max_value, std::int64_t ticks_max) {
  std::int64_t power = 1;
  while (true) {
    for (std::int64_t factor : {1, 2, 5}) {
      if (max_value / (power * factor) <= ticks_max) return power * factor;
    }
    HOLO_ASSERT(power < INT64_MAX / 10);
    power *= 10;
  }
}

struct Rows {
  std::vector<NodeIndex> shown;      // nodes with a row, in node order
  std::vector<std::int64_t> row_of;  // by node: row index or -1
};

Rows choose_rows(const RunReport& report, std::size_t rows_max) {
  Rows rows;
  const std::size_t count = report.nodes.size();
  std::vector<NodeIndex> order;
  for (std::size_t i = 0; i < count; ++i) order.push_back(static_cast<NodeIndex>(i));
  if (count > rows_max) {
    std::stable_sort(order.begin(), order.end(), [&](NodeIndex a, NodeIndex b) {
      return report.nodes[a].acting_ns > report.nodes[b].acting_ns;
    });
    order.resize(rows_max);
    std::sort(order.begin(), order.end());
  }
  rows.shown = order;
  rows.row_of.assign(count, -1);
  for (std::size_t row = 0; row < order.size(); ++row) {
    rows.row_of[order[row]] = static_cast<std::int64_t>(row);
  }
  return rows;
}

}  // namespace

std::string empty_chart_svg(std::string_view message) {
  Svg svg(320, 40, message);
  svg.text(100, 240, message, "lbl");
  return svg.finish();
}

std::string timeline_svg(const RunReport& report, const TimelineChartOptions& options) {
  constexpr std::int64_t kLabelPx = 110;
  constexpr std::int64_t kRightPx = 12;
  constexpr std::int64_t kTopPx = 8;
  constexpr std::int64_t kRowPx = 18;
  constexpr std::int64_t kGapPx = 4;
  constexpr std::int64_t kAxisPx = 26;
  constexpr std::int64_t kLegendPx = 24;
  HOLO_ASSERT(options.width_px > kLabelPx + kRightPx + 100);

  const Rows rows = choose_rows(report, options.nodes_max);
  const auto row_count = static_cast<std::int64_t>(rows.shown.size());
  const std::int64_t plot_px = options.width_px - kLabelPx - kRightPx;
  const std::int64_t rows_px = row_count * (kRowPx + kGapPx);
  const std::int64_t height_px = kTopPx + rows_px + kAxisPx + kLegendPx;
  const Nanos duration_ns = std::max<Nanos>(report.stats.duration_ns, 1);
  const auto x_of = [&](Nanos at_ns) {
    return kLabelPx * 10 +
           scale(std::clamp<Nanos>(at_ns, 0, duration_ns), duration_ns, plot_px * 10);
  };
  const auto row_top = [&](std::int64_t row) { return (kTopPx + row * (kRowPx + kGapPx)) * 10; };
  // Intervals closer than a pixel are drawn as one shape.
  const Nanos pixel_ns = std::max<Nanos>(duration_ns / plot_px, 1);

  Svg svg(options.width_px, static_cast<int>(height_px), "leadership timeline per node");
  const std::size_t shapes = report.intervals.size() + report.timeline.size();
  const bool tooltips = shapes <= options.tooltips_max;

  // Row backgrounds and labels.
  for (std::int64_t row = 0; row < row_count; ++row) {
    const NodeIndex node = rows.shown[static_cast<std::size_t>(row)];
    svg.rect(kLabelPx * 10, row_top(row), plot_px * 10, kRowPx * 10, "lane");
    svg.text((kLabelPx - 6) * 10, row_top(row) + 130, report.header.run.node_names.at(node), "lbl",
             "end");
  }

  // Fault windows under the intervals.
  for (const TimelineEvent& event : report.timeline) {
    const bool window = event.until_ns > event.true_ns;
    if (!window) continue;
    if (event.kind != TimelineKind::kFault && event.kind != TimelineKind::kLifecycle) continue;
    const std::string cls = event.kind == TimelineKind::kFault ? "fwin" : "down";
    const std::string title =
        tooltips ? fmt::format("{} {} from {} to {}", event.name, event.detail,
                               instant_text(event.true_ns), instant_text(event.until_ns))
                 : std::string();
    const std::int64_t x = x_of(event.true_ns);
    const std::int64_t w = x_of(event.until_ns) - x;
    if (event.node == kNoNode || event.node >= rows.row_of.size()) {
      svg.rect(x, kTopPx * 10, w, rows_px * 10, cls, title);
    } else if (rows.row_of[event.node] >= 0) {
      svg.rect(x, row_top(rows.row_of[event.node]), w, kRowPx * 10, cls, title);
    }
  }

  // Acting intervals, merged per node within a pixel.
  std::vector<std::vector<const ActingInterval*>> by_node(report.nodes.size());
  for (const ActingInterval& interval : report.intervals) {
    if (interval.node < by_node.size()) by_node[interval.node].push_back(&interval);
  }
  for (std::int64_t row = 0; row < row_count; ++row) {
    const NodeIndex node = rows.shown[static_cast<std::size_t>(row)];
    const std::string cls = fmt::format("act n{}", node % kNodeColours);
    const auto& list = by_node[node];
    std::size_t i = 0;
    while (i < list.size()) {
      Nanos start_ns = list[i]->start_ns;
      Nanos end_ns = list[i]->end_ns;
      std::size_t j = i + 1;
      while (j < list.size() && list[j]->start_ns <= end_ns + pixel_ns) {
        end_ns = std::max(end_ns, list[j]->end_ns);
        ++j;
      }
      std::string title;
      if (tooltips) {
        const std::string& name = report.header.run.node_names.at(node);
        title = j == i + 1
                    ? fmt::format("{} led epoch {} from {} to {} ({})", name, list[i]->epoch,
                                  instant_text(start_ns), instant_text(end_ns), list[i]->end_reason)
                    : fmt::format("{} led epochs {}..{} from {} to {}", name, list[i]->epoch,
                                  list[j - 1]->epoch, instant_text(start_ns), instant_text(end_ns));
      }
      const std::int64_t x = x_of(start_ns);
      svg.rect(x, row_top(row) + 20, x_of(end_ns) - x, (kRowPx - 4) * 10, cls, title);
      i = j;
    }
  }

  // Two or more leaders: a red band across every row.
  std::size_t d = 0;
  while (d < report.dual_leader.size()) {
    Nanos start_ns = report.dual_leader[d].first;
    Nanos end_ns = report.dual_leader[d].second;
    std::size_t e = d + 1;
    while (e < report.dual_leader.size() && report.dual_leader[e].first <= end_ns + pixel_ns) {
      end_ns = std::max(end_ns, report.dual_leader[e].second);
      ++e;
    }
    const std::int64_t x = x_of(start_ns);
    svg.rect(x, kTopPx * 10, x_of(end_ns) - x, rows_px * 10, "dual",
             tooltips ? fmt::format("two or more leaders from {} to {}", instant_text(start_ns),
                                    instant_text(end_ns))
                      : std::string());
    d = e;
  }

  // Instant markers on top.
  for (const TimelineEvent& event : report.timeline) {
    if (event.kind == TimelineKind::kLifecycle &&
        (event.name == "started" || event.name == "unpaused" || event.name == "stopped")) {
      continue;
    }
    const std::int64_t x = x_of(event.true_ns);
    const std::string title = tooltips
                                  ? fmt::format("{} at {}: {}{}{}", timeline_kind_name(event.kind),
                                                instant_text(event.true_ns), event.name,
                                                event.detail.empty() ? "" : " ", event.detail)
                                  : std::string();
    std::int64_t top = kTopPx * 10;
    std::int64_t bottom = (kTopPx + rows_px) * 10;
    if (event.node != kNoNode && event.node < rows.row_of.size()) {
      if (rows.row_of[event.node] < 0) continue;
      top = row_top(rows.row_of[event.node]);
      bottom = top + kRowPx * 10;
    }
    switch (event.kind) {
      case TimelineKind::kAssumption:
        svg.diamond(x, (top + bottom) / 2, 50, "assume", title);
        break;
      case TimelineKind::kNodeError:
        svg.diamond(x, (top + bottom) / 2, 35, "nerr", title);
        break;
      case TimelineKind::kLifecycle:
        svg.line(x, top, x, bottom, "crash", title);
        break;
      case TimelineKind::kFault:
        svg.line(x, top, x, bottom, "fmark", title);
        break;
    }
  }

  // Time axis.
  const std::int64_t axis_y = (kTopPx + rows_px) * 10;
  svg.line(kLabelPx * 10, axis_y, (kLabelPx + plot_px) * 10, axis_y, "axis");
  const Nanos step_ns = time_step(duration_ns, 10);
  for (Nanos at_ns = 0; at_ns <= duration_ns; at_ns += step_ns) {
    const std::int64_t x = x_of(at_ns);
    svg.line(x, axis_y, x, axis_y + 40, "axis");
    svg.text(x, axis_y + 150, instant_text(at_ns), "lbl", "middle");
  }

  // Legend.
  const std::int64_t legend_y = (kTopPx + rows_px + kAxisPx) * 10;
  std::int64_t legend_x = kLabelPx * 10;
  const auto legend = [&](std::string_view cls, std::string_view label, bool marker) {
    if (marker) {
      svg.line(legend_x + 50, legend_y, legend_x + 50, legend_y + 120, cls);
    } else {
      svg.rect(legend_x, legend_y, 100, 120, cls);
    }
    svg.text(legend_x + 140, legend_y + 105, label, "lbl");
    legend_x += 140 + static_cast<std::int64_t>(label.size()) * 70 + 100;
  };
  legend("act n0", "acting leader", false);
  legend("dual", "two or more leaders", false);
  legend("fwin", "fault window", false);
  legend("down", "crashed or paused", false);
  legend("fmark", "fault", true);
  legend("crash", "crash / restart", true);
  svg.diamond(legend_x + 50, legend_y + 60, 50, "assume");
  svg.text(legend_x + 140, legend_y + 105, "assumption broken", "lbl");
  legend_x += 140 + 17 * 70 + 100;
  svg.diamond(legend_x + 50, legend_y + 60, 35, "nerr");
  svg.text(legend_x + 140, legend_y + 105, "node error", "lbl");
  if (rows.shown.size() < report.nodes.size()) {
    svg.text((kLabelPx + plot_px) * 10, legend_y + 105,
             fmt::format("showing the {} of {} nodes that led longest", rows.shown.size(),
                         report.nodes.size()),
             "lbl", "end");
  }
  return svg.finish();
}

std::string histogram_svg(const std::vector<std::string>& labels,
                          const std::vector<std::uint64_t>& counts, std::string_view x_title,
                          std::string_view y_title) {
  HOLO_ASSERT(labels.size() == counts.size());
  constexpr std::int64_t kLeftPx = 56;
  constexpr std::int64_t kTopPx = 12;
  constexpr std::int64_t kPlotHeightPx = 180;
  constexpr std::int64_t kBottomPx = 78;
  const auto bars = static_cast<std::int64_t>(std::max<std::size_t>(labels.size(), 1));
  const std::int64_t bar_px = std::clamp<std::int64_t>(560 / bars, 14, 60);
  // Wide enough for the axis titles even with a single bar.
  const std::int64_t width_px = std::max<std::int64_t>(kLeftPx + bars * bar_px + 16, 320);
  const std::int64_t height_px = kTopPx + kPlotHeightPx + kBottomPx;
  Svg svg(static_cast<int>(width_px), static_cast<int>(height_px), x_title);

  std::uint64_t max_count = 1;
  for (std::uint64_t count : counts) max_count = std::max(max_count, count);
  const auto max_value = static_cast<std::int64_t>(max_count);
  const std::int64_t step = value_step(max_value, 5);
  const std::int64_t base_y = (kTopPx + kPlotHeightPx) * 10;
  const std::int64_t top_value = (max_value + step - 1) / step * step;
  for (std::int64_t tick = 0; tick <= top_value; tick += step) {
    const std::int64_t y = base_y - scale(tick, top_value, kPlotHeightPx * 10);
    svg.line(kLeftPx * 10, y, (width_px - 16) * 10, y, "grid");
    svg.text((kLeftPx - 6) * 10, y + 40, count_text(static_cast<std::uint64_t>(tick)), "lbl",
             "end");
  }
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const auto value = static_cast<std::int64_t>(counts[i]);
    const std::int64_t h = scale(value, top_value, kPlotHeightPx * 10);
    const std::int64_t x = (kLeftPx + static_cast<std::int64_t>(i) * bar_px) * 10;
    if (value > 0) {
      svg.rect(x + 15, base_y - h, bar_px * 10 - 30, h, "bar",
               fmt::format("{}: {}", labels[i], count_text(counts[i])));
    }
    svg.text(x + bar_px * 5, base_y + 120, labels[i], "lbl small", "end", true);
  }
  svg.line(kLeftPx * 10, base_y, (width_px - 16) * 10, base_y, "axis");
  svg.text(kLeftPx * 10, (height_px - 4) * 10, x_title, "lbl");
  svg.text(10, kTopPx * 10 - 20, y_title, "lbl");
  return svg.finish();
}

std::string failover_histogram_svg(const FailoverHistogram& histogram) {
  std::size_t first = kFailoverBuckets;
  std::size_t last = 0;
  for (std::size_t i = 0; i < kFailoverBuckets; ++i) {
    if (histogram[i] == 0) continue;
    first = std::min(first, i);
    last = i;
  }
  std::vector<std::string> labels;
  std::vector<std::uint64_t> counts;
  if (first == kFailoverBuckets) return empty_chart_svg("no failovers");
  for (std::size_t i = first; i <= last; ++i) {
    labels.push_back(failover_bucket_label(i));
    counts.push_back(histogram[i]);
  }
  return histogram_svg(labels, counts, "time to a new leader", "failovers");
}

std::string objects_svg(const TraceFooter& footer) {
  constexpr std::int64_t kWidthPx = 640;
  constexpr std::int64_t kLeftPx = 56;
  constexpr std::int64_t kTopPx = 12;
  constexpr std::int64_t kPlotHeightPx = 160;
  constexpr std::int64_t kBottomPx = 48;
  const std::int64_t plot_px = kWidthPx - kLeftPx - 16;
  Svg svg(static_cast<int>(kWidthPx), static_cast<int>(kTopPx + kPlotHeightPx + kBottomPx),
          "objects in the store over time");
  const Nanos duration_ns = std::max<Nanos>(footer.end_ns, 1);
  const auto max_value = static_cast<std::int64_t>(std::max<std::uint64_t>(footer.objects_max, 1));
  const std::int64_t step = value_step(max_value, 5);
  const std::int64_t top_value = (max_value + step - 1) / step * step;
  const std::int64_t base_y = (kTopPx + kPlotHeightPx) * 10;
  const auto x_of = [&](Nanos at_ns) {
    return kLeftPx * 10 +
           scale(std::clamp<Nanos>(at_ns, 0, duration_ns), duration_ns, plot_px * 10);
  };
  const auto y_of = [&](std::uint64_t value) {
    return base_y - scale(static_cast<std::int64_t>(value), top_value, kPlotHeightPx * 10);
  };
  for (std::int64_t tick = 0; tick <= top_value; tick += step) {
    const std::int64_t y = y_of(static_cast<std::uint64_t>(tick));
    svg.line(kLeftPx * 10, y, (kLeftPx + plot_px) * 10, y, "grid");
    svg.text((kLeftPx - 6) * 10, y + 40, count_text(static_cast<std::uint64_t>(tick)), "lbl",
             "end");
  }
  // Steps: each sample holds until the next one (or the end of the run).
  // All objects are drawn wide and the epoch objects dashed on top, so the
  // two stay visible where they coincide (a run without node-state objects).
  for (int series = 0; series < 2; ++series) {
    std::vector<std::pair<std::int64_t, std::int64_t>> points;
    for (std::size_t i = 0; i < footer.objects.size(); ++i) {
      const ObjectSample& sample = footer.objects[i];
      const std::uint64_t value = series == 0 ? sample.objects : sample.epoch_objects;
      const Nanos until_ns =
          i + 1 < footer.objects.size() ? footer.objects[i + 1].at_ns : duration_ns;
      points.emplace_back(x_of(sample.at_ns), y_of(value));
      points.emplace_back(x_of(until_ns), y_of(value));
    }
    svg.polyline(points, series == 0 ? "series s1" : "series s2");
  }
  svg.line(kLeftPx * 10, base_y, (kLeftPx + plot_px) * 10, base_y, "axis");
  const Nanos time_step_ns = time_step(duration_ns, 6);
  for (Nanos at_ns = 0; at_ns <= duration_ns; at_ns += time_step_ns) {
    svg.text(x_of(at_ns), base_y + 150, instant_text(at_ns), "lbl", "middle");
  }
  const std::int64_t legend_y = (kTopPx + kPlotHeightPx + 34) * 10;
  svg.line(kLeftPx * 10, legend_y, (kLeftPx + 20) * 10, legend_y, "series s1");
  svg.text((kLeftPx + 26) * 10, legend_y + 40, "all objects", "lbl");
  svg.line((kLeftPx + 140) * 10, legend_y, (kLeftPx + 160) * 10, legend_y, "series s2");
  svg.text((kLeftPx + 166) * 10, legend_y + 40, "epoch lock objects", "lbl");
  return svg.finish();
}

std::string distribution_svg(const std::vector<std::int64_t>& values, ValueUnit unit,
                             std::string_view x_title, std::size_t bins_max) {
  HOLO_ASSERT(bins_max > 0);
  std::vector<std::string> labels;
  std::vector<std::uint64_t> counts;
  if (!values.empty()) {
    const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
    // Bins of a "nice" width (1, 2 or 5 times a power of ten, in the value's
    // own unit) starting at a multiple of it, so the labels read as round
    // numbers: 100ms, 200ms, ... rather than 113.7ms, 227.4ms.
    const std::int64_t span = *max_it - *min_it;
    const auto bins_wanted = static_cast<std::int64_t>(bins_max);
    const std::int64_t width = span == 0 ? 1 : value_step(span, bins_wanted - 1);
    const std::int64_t floor_min =
        *min_it >= 0 ? *min_it / width * width : -((-*min_it + width - 1) / width) * width;
    const std::int64_t bins = (*max_it - floor_min) / width + 1;
    HOLO_ASSERT(bins >= 1);
    HOLO_ASSERT(bins <= bins_wanted + 1);
    counts.assign(static_cast<std::size_t>(bins), 0);
    for (std::int64_t value : values)
      ++counts[static_cast<std::size_t>((value - floor_min) / width)];
    for (std::int64_t bin = 0; bin < bins; ++bin) {
      const std::int64_t from = floor_min + bin * width;
      labels.push_back(width == 1 ? value_text(from, unit) : "≥" + value_text(from, unit));
    }
  }
  return histogram_svg(labels, counts, x_title, "seeds");
}

std::string bars_svg(const std::vector<std::string>& labels,
                     const std::vector<std::int64_t>& values, ValueUnit unit,
                     std::string_view title) {
  HOLO_ASSERT(labels.size() == values.size());
  constexpr std::int64_t kTopPx = 22;
  constexpr std::int64_t kPlotHeightPx = 120;
  constexpr std::int64_t kBarPx = 70;
  const auto bars = static_cast<std::int64_t>(labels.size());
  const std::int64_t width_px = std::max<std::int64_t>(bars * kBarPx + 20, 300);
  const std::int64_t height_px = kTopPx + kPlotHeightPx + 40;
  Svg svg(static_cast<int>(width_px), static_cast<int>(height_px), title);
  std::int64_t max_value = 1;
  for (std::int64_t value : values) max_value = std::max(max_value, value);
  const std::int64_t base_y = (kTopPx + kPlotHeightPx) * 10;
  svg.text(100, 140, title, "lbl title");
  for (std::int64_t i = 0; i < bars; ++i) {
    const std::int64_t value = std::max<std::int64_t>(values[static_cast<std::size_t>(i)], 0);
    const std::int64_t h = scale(value, max_value, (kPlotHeightPx - 20) * 10);
    const std::int64_t x = (10 + i * kBarPx) * 10;
    const std::string text = value_text(values[static_cast<std::size_t>(i)], unit);
    svg.rect(x + 80, base_y - h, kBarPx * 10 - 160, h,
             fmt::format("a{}", static_cast<std::size_t>(i) % kNodeColours),
             labels[static_cast<std::size_t>(i)] + ": " + text);
    svg.text(x + kBarPx * 5, base_y - h - 40, text, "lbl small", "middle");
    svg.text(x + kBarPx * 5, base_y + 150, labels[static_cast<std::size_t>(i)], "lbl", "middle");
  }
  svg.line(100, base_y, (width_px - 10) * 10, base_y, "axis");
  return svg.finish();
}

}  // namespace holocron::reports
