// One run's election-stability report as values: the metrics computed from a
// trace (live from the recorder, or offline from a trace file; both go
// through ReportBuilder, so they agree), plus what the renderers draw.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "reports/run_stats.hpp"
#include "reports/trace_model.hpp"

namespace holocron::reports {

struct NodeShare {
  NodeIndex node = kNoNode;
  Nanos acting_ns = 0;           // total time this node acted as leader
  std::uint64_t epochs_won = 0;  // epochs whose first create it committed
  std::uint64_t epochs_led = 0;  // epochs it acted as leader of
};

// Intervals drawn as the red band of the timeline are capped: a naive run can
// have one per round, and the chart only needs where they are.
inline constexpr std::size_t kDualIntervalsKeptMax = 10'000;

struct RunReport {
  TraceHeader header;
  TraceFooter footer;  // requests, objects, faults, verdict, digest
  RunStats stats;
  std::vector<NodeShare> nodes;                      // one per node, in node order
  std::vector<ActingInterval> intervals;             // every acting interval, by (start, node)
  std::vector<Nanos> failovers;                      // every failover gap, ascending
  std::vector<std::pair<Nanos, Nanos>> dual_leader;  // [start, end) with >= 2 acting
  std::vector<TimelineEvent> timeline;
};

// Builds a RunReport from a trace stream. Memory is one entry per acting
// interval and timeline event, not per store operation.
class ReportBuilder final : public TraceConsumer {
 public:
  void on_trace_header(const TraceHeader& header) override;
  void on_epoch(const EpochRecord& record) override;
  void on_timeline(const TimelineEvent& event) override;
  void on_trace_footer(const TraceFooter& footer) override;

  // The stats of everything seen so far, with `footer` supplying the run's
  // end, requests, objects, faults and verdict (its summary is ignored). The
  // recorder calls this to fill the footer's summary before writing it.
  [[nodiscard]] RunStats compute_stats(const TraceFooter& footer);

  // The report; valid after on_trace_footer.
  [[nodiscard]] const RunReport& report() const { return report_; }
  [[nodiscard]] RunReport take() { return std::move(report_); }

 private:
  RunReport report_;
  std::uint64_t epochs_created_ = 0;
  std::uint64_t epochs_led_ = 0;
  bool have_footer_ = false;
  // compute_stats' last result, until the next epoch: the recorder computes
  // the footer's summary just before it hands the footer on, and
  // on_trace_footer then takes that result instead of computing it again.
  std::optional<RunStats> computed_stats_;
  // on_epoch's scratch list of the epoch's leaders, kept to save an
  // allocation per epoch.
  std::vector<NodeIndex> epoch_leaders_;
};

[[nodiscard]] RunReport build_run_report(const Trace& trace);

}  // namespace holocron::reports
