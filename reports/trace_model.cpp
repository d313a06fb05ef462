#include "reports/trace_model.hpp"

#include "core/assert.hpp"

namespace holocron::reports {

std::string_view timeline_kind_name(TimelineKind kind) {
  switch (kind) {
    case TimelineKind::kFault:
      return "fault";
    case TimelineKind::kAssumption:
      return "assumption";
    case TimelineKind::kLifecycle:
      return "lifecycle";
    case TimelineKind::kNodeError:
      return "node_error";
  }
  HOLO_UNREACHABLE("unknown TimelineKind");
}

std::optional<TimelineKind> parse_timeline_kind_name(std::string_view name) {
  for (TimelineKind kind : {TimelineKind::kFault, TimelineKind::kAssumption,
                            TimelineKind::kLifecycle, TimelineKind::kNodeError}) {
    if (timeline_kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

void replay_trace(const Trace& trace, TraceConsumer& consumer) {
  consumer.on_trace_header(trace.header);
  for (const EpochRecord& record : trace.epochs) consumer.on_epoch(record);
  for (const TimelineEvent& event : trace.timeline) consumer.on_timeline(event);
  consumer.on_trace_footer(trace.footer);
}

}  // namespace holocron::reports
