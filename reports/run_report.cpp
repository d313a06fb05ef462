#include "reports/run_report.hpp"

#include <algorithm>
#include <tuple>

#include "core/assert.hpp"

namespace holocron::reports {

void ReportBuilder::on_trace_header(const TraceHeader& header) {
  report_ = RunReport{};
  report_.header = header;
  report_.nodes.resize(header.run.node_names.size());
  for (std::size_t i = 0; i < report_.nodes.size(); ++i) {
    report_.nodes[i].node = static_cast<NodeIndex>(i);
  }
  epochs_created_ = 0;
  epochs_led_ = 0;
  have_footer_ = false;
  computed_stats_.reset();
}

void ReportBuilder::on_epoch(const EpochRecord& record) {
  computed_stats_.reset();
  if (record.created_true_ns.has_value()) ++epochs_created_;
  if (record.winner != kNoNode && record.winner < report_.nodes.size()) {
    ++report_.nodes[record.winner].epochs_won;
  }
  if (record.acting.empty()) return;
  ++epochs_led_;
  // A node led the epoch once however many intervals it had (a resume adds one).
  std::vector<NodeIndex>& leaders = epoch_leaders_;
  leaders.clear();
  for (const ActingInterval& interval : record.acting) {
    HOLO_ASSERT(interval.node < report_.nodes.size());
    report_.intervals.push_back(interval);
    if (std::find(leaders.begin(), leaders.end(), interval.node) == leaders.end()) {
      leaders.push_back(interval.node);
      ++report_.nodes[interval.node].epochs_led;
    }
  }
}

void ReportBuilder::on_timeline(const TimelineEvent& event) {
  report_.timeline.push_back(event);
}

RunStats ReportBuilder::compute_stats(const TraceFooter& footer) {
  RunStats stats;
  const Nanos end_ns = footer.end_ns;
  stats.duration_ns = end_ns;
  stats.epochs_created = epochs_created_;
  stats.epochs_led = epochs_led_;

  std::vector<ActingInterval>& intervals = report_.intervals;
  std::sort(intervals.begin(), intervals.end(),
            [](const ActingInterval& a, const ActingInterval& b) {
              return std::tie(a.start_ns, a.node, a.epoch, a.end_ns) <
                     std::tie(b.start_ns, b.node, b.epoch, b.end_ns);
            });

  for (NodeShare& share : report_.nodes) share.acting_ns = 0;
  NodeIndex previous_leader = kNoNode;
  // Boundaries: +1 at a start, -1 at an end; ends come first at equal times
  // because intervals are half-open. The starts are the sorted intervals'
  // own (clamping keeps their order), so only the ends are collected and
  // sorted, then merged with them: a list of (time, +1 or -1) pairs was
  // four times the bytes (a third of the checked hour's peak memory went to
  // it and the intervals) and a sort of twice the elements.
  std::vector<Nanos> ends_ns;
  ends_ns.reserve(intervals.size());
  // An interval's part inside the run, [start, stop).
  const auto inside_run = [end_ns](const ActingInterval& interval) {
    const Nanos start_ns = std::clamp<Nanos>(interval.start_ns, 0, end_ns);
    return std::pair{start_ns, std::clamp<Nanos>(interval.end_ns, start_ns, end_ns)};
  };
  for (const ActingInterval& interval : intervals) {
    const auto [start_ns, stop_ns] = inside_run(interval);
    report_.nodes[interval.node].acting_ns += stop_ns - start_ns;
    if (previous_leader != kNoNode && interval.node != previous_leader) ++stats.leader_changes;
    previous_leader = interval.node;
    if (stop_ns != start_ns) ends_ns.push_back(stop_ns);
  }
  std::sort(ends_ns.begin(), ends_ns.end());

  report_.failovers.clear();
  report_.dual_leader.clear();
  int acting = 0;
  Nanos previous_ns = 0;
  Nanos gap_start_ns = 0;
  Nanos dual_start_ns = 0;
  bool had_leader = false;
  const auto step = [&](Nanos at_ns, int delta) {
    const Nanos span_ns = at_ns - previous_ns;
    if (acting == 0) stats.leaderless_ns += span_ns;
    if (acting >= 2) stats.dual_leader_ns += span_ns;
    previous_ns = at_ns;
    const int before = acting;
    acting += delta;
    HOLO_ASSERT(acting >= 0);
    if (before == 0 && acting > 0) {
      if (!had_leader) stats.first_leader_ns = at_ns;
      // A handover at one instant (an end and a start together) is no gap.
      if (had_leader && at_ns > gap_start_ns) report_.failovers.push_back(at_ns - gap_start_ns);
      had_leader = true;
    }
    if (before > 0 && acting == 0) gap_start_ns = at_ns;
    if (before < 2 && acting >= 2) {
      ++stats.dual_leader_episodes;
      dual_start_ns = at_ns;
    }
    if (before >= 2 && acting < 2 && report_.dual_leader.size() < kDualIntervalsKeptMax) {
      report_.dual_leader.emplace_back(dual_start_ns, at_ns);
    }
  };
  std::size_t next_end = 0;
  for (const ActingInterval& interval : intervals) {
    const auto [start_ns, stop_ns] = inside_run(interval);
    if (stop_ns == start_ns) continue;
    for (; next_end < ends_ns.size() && ends_ns[next_end] <= start_ns; ++next_end) {
      step(ends_ns[next_end], -1);
    }
    step(start_ns, +1);
  }
  for (; next_end < ends_ns.size(); ++next_end) step(ends_ns[next_end], -1);
  HOLO_ASSERT(acting == 0);
  stats.leaderless_ns += end_ns - previous_ns;
  stats.leaderless_at_end_ns = had_leader ? end_ns - gap_start_ns : end_ns;
  stats.failover = duration_stats(report_.failovers);
  for (Nanos gap_ns : report_.failovers) ++stats.failover_histogram[failover_bucket(gap_ns)];

  stats.list_requests = footer.list_requests;
  stats.get_requests = footer.get_requests;
  stats.put_requests = footer.put_requests;
  stats.delete_requests = footer.delete_requests;
  stats.cost_micro_usd = footer.cost_micro_usd;
  stats.cost_per_month_micro_usd = cost_per_month(footer.cost_micro_usd, end_ns);
  stats.objects_max = footer.objects_max;
  stats.objects_final = footer.objects_final;
  stats.epoch_objects_max = footer.epoch_objects_max;
  for (const auto& [name, count] : footer.fault_counts) stats.faults_injected += count;
  for (const PropertyResult& result : footer.verdict.properties) {
    if (!result.enabled) continue;
    stats.violations += result.violations;
    stats.outside_assumptions += result.outside_assumptions;
  }
  stats.passed = footer.verdict.passed;
  computed_stats_ = stats;
  return stats;
}

void ReportBuilder::on_trace_footer(const TraceFooter& footer) {
  HOLO_ASSERT(!have_footer_);
  have_footer_ = true;
  report_.footer = footer;
  // A summary equal to compute_stats' result with no epoch since is that
  // result: the recorder's footer (TraceRecorder::finish). compute_stats
  // sorts and sums every acting interval, about half a million
  // instructions a naive minute. (Its other effects on the report are the
  // same for a second call.)
  if (computed_stats_.has_value() && *computed_stats_ == footer.summary) {
    report_.stats = *computed_stats_;
    return;
  }
  report_.stats = compute_stats(footer);
}

RunReport build_run_report(const Trace& trace) {
  ReportBuilder builder;
  replay_trace(trace, builder);
  return builder.take();
}

}  // namespace holocron::reports
