#include "reports/perfetto.hpp"

#include <fmt/format.h>

#include "reports/json_writer.hpp"
#include "reports/names.hpp"

namespace holocron::reports {
namespace {

// Track ids: 0 is the cluster track, node i is i + 1.
constexpr std::int64_t kClusterTrack = 0;
constexpr std::int64_t kProcessId = 1;

std::int64_t track_of(NodeIndex node) {
  return node == kNoNode ? kClusterTrack : static_cast<std::int64_t>(node) + 1;
}

// Nanoseconds as microseconds with three decimals, from integers only.
std::string micros(Nanos ns) {
  const char* sign = ns < 0 ? "-" : "";
  const std::uint64_t magnitude =
      ns < 0 ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  return fmt::format("{}{}.{:03}", sign, magnitude / 1000, magnitude % 1000);
}

void common(JsonWriter& json, std::string_view name, std::string_view category,
            std::string_view phase, std::int64_t track, Nanos at_ns) {
  json.begin_object();
  json.field("name", name);
  json.field("cat", category);
  json.field("ph", phase);
  json.field("pid", kProcessId);
  json.field("tid", track);
  json.key("ts");
  json.raw(micros(at_ns));
}

void metadata(JsonWriter& json, std::string_view kind, std::int64_t track, std::string_view name,
              std::int64_t sort_index) {
  json.begin_object();
  json.field("name", kind);
  json.field("ph", "M");
  json.field("pid", kProcessId);
  json.field("tid", track);
  json.key("args");
  json.begin_object();
  if (kind == "thread_sort_index") {
    json.field("sort_index", sort_index);
  } else {
    json.field("name", name);
  }
  json.end_object();
  json.end_object();
}

}  // namespace

std::string perfetto_json(const RunReport& report) {
  const RunHeader& run = report.header.run;
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("displayTimeUnit", "ms");
  json.key("traceEvents");
  json.begin_array();
  metadata(
      json, "process_name", kClusterTrack,
      fmt::format("{} ({}, seed {})", run.scenario_name, algorithm_name(run.algorithm), run.seed),
      0);
  metadata(json, "thread_name", kClusterTrack, "cluster", 0);
  metadata(json, "thread_sort_index", kClusterTrack, "", 0);
  for (std::size_t i = 0; i < run.node_names.size(); ++i) {
    const std::int64_t track = track_of(static_cast<NodeIndex>(i));
    metadata(json, "thread_name", track, run.node_names[i], 0);
    metadata(json, "thread_sort_index", track, "", track);
  }

  for (const ActingInterval& interval : report.intervals) {
    common(json, fmt::format("epoch {}", interval.epoch), "leader", "X", track_of(interval.node),
           interval.start_ns);
    json.key("dur");
    json.raw(micros(interval.end_ns - interval.start_ns));
    json.key("args");
    json.begin_object();
    json.field("epoch", interval.epoch);
    json.field("end_reason", interval.end_reason);
    json.end_object();
    json.end_object();
  }
  for (const auto& [start_ns, end_ns] : report.dual_leader) {
    common(json, "two or more leaders", "overlap", "X", kClusterTrack, start_ns);
    json.key("dur");
    json.raw(micros(end_ns - start_ns));
    json.end_object();
  }
  for (const TimelineEvent& event : report.timeline) {
    const std::string name = event.detail.empty() || event.kind != TimelineKind::kFault
                                 ? event.name
                                 : event.name + ": " + event.detail;
    common(json, name, timeline_kind_name(event.kind), "i", track_of(event.node), event.true_ns);
    json.field("s", event.node == kNoNode ? "g" : "t");
    json.key("args");
    json.begin_object();
    json.field("detail", event.detail);
    if (event.until_ns > 0) {
      // The same time base as "ts": microseconds.
      json.key("until_us");
      json.raw(micros(event.until_ns));
    }
    json.end_object();
    json.end_object();
  }
  json.end_array();
  json.end_object();
  out.push_back('\n');
  return out;
}

void write_perfetto(std::ostream& out, const RunReport& report) {
  const std::string text = perfetto_json(report);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace holocron::reports
