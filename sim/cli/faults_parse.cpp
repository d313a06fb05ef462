#include "sim/cli/faults_parse.hpp"

#include <fmt/format.h>

#include "core/assert.hpp"
#include "sim/cli/enum_field.hpp"

namespace holocron::cli {
namespace {

using faultmodels::CorruptKind;
using faultmodels::CrashMode;
using faultmodels::DistributionShape;
using faultmodels::DurationDistribution;
using faultmodels::LatencyPreset;
using faultmodels::NodeTarget;
using faultmodels::PartitionDirection;
using faultmodels::Ratio;
using faultmodels::TargetKind;

// Rates of random events; the fault models refuse more than one a second on
// average, and so does the parser, with the file and path in the message.
constexpr double kRatePerHourMax = 3600;
// A clock at half or one and a half times real speed is the most any
// scenario needs (faultmodels/config.cpp refuses more).
constexpr std::int64_t kDriftPpmMax = 500'000;
constexpr std::size_t kTargetNodesMax = 100'000;

constexpr std::array kShapes{DistributionShape::kConstant, DistributionShape::kUniform,
                             DistributionShape::kExponential, DistributionShape::kLognormal};
constexpr std::array kPresets{LatencyPreset::kS3Standard, LatencyPreset::kS3Express,
                              LatencyPreset::kGcs, LatencyPreset::kNone};
constexpr std::array kDirections{PartitionDirection::kRequests, PartitionDirection::kResponses,
                                 PartitionDirection::kBoth};
constexpr std::array kCrashModes{CrashMode::kRestart, CrashMode::kResume, CrashMode::kNone};
constexpr std::array kCorruptKinds{CorruptKind::kBadJson, CorruptKind::kForeignKey,
                                   CorruptKind::kFutureEpoch, CorruptKind::kEmptyBody,
                                   CorruptKind::kWrongSchema};

Nanos span(FieldReader& reader, std::string_view key, std::optional<Nanos> fallback) {
  return reader.duration(key, fallback, 0, kFaultSpanMax);
}

Nanos positive_span(FieldReader& reader, std::string_view key, std::optional<Nanos> fallback) {
  return reader.duration(key, fallback, 1, kFaultSpanMax);
}

double rate_per_hour(FieldReader& reader, std::string_view key, double fallback) {
  return reader.number(key, fallback, 0, kRatePerHourMax);
}

Ratio ratio(FieldReader& reader, std::string_view key, Ratio fallback) {
  const nlohmann::json* value = reader.raw(key);
  if (value == nullptr) return fallback;
  constexpr const char* kExpected =
      "a probability such as \"1/1000\", \"0.1%\" or 0.001 (from 0 to 1)";
  std::optional<Ratio> parsed;
  if (value->is_string()) {
    parsed = faultmodels::parse_ratio(value->get<std::string>());
  } else if (value->is_number() && !(value->is_number_float() && value->get<double>() < 0)) {
    // nlohmann/json prints a double in its shortest round-trip form
    // ("0.001"), so the ratio is exactly the decimal the user wrote.
    parsed = faultmodels::parse_ratio(value->dump());
  }
  if (!parsed)
    reader.fail(key, fmt::format("expected {}, got {}", kExpected, describe_json(*value)));
  return *parsed;
}

NodeTarget target(FieldReader& reader, std::string_view key, const NodeTarget& fallback,
                  std::uint32_t node_count) {
  const nlohmann::json* value = reader.raw(key);
  if (value == nullptr) return fallback;
  const std::string expected = fmt::format(
      "\"leader\", \"random\", \"random_follower\", \"all\", a node index below {} or an "
      "array of node indices",
      node_count);
  const auto index_of = [&](const nlohmann::json& item) -> faultmodels::NodeIndex {
    if (!item.is_number_integer() || item.get<std::int64_t>() < 0 ||
        item.get<std::int64_t>() >= static_cast<std::int64_t>(node_count)) {
      reader.fail(key, fmt::format("expected {}, got {}", expected, describe_json(*value)));
    }
    return static_cast<faultmodels::NodeIndex>(item.get<std::int64_t>());
  };
  NodeTarget result;
  if (value->is_string()) {
    const auto kind = faultmodels::parse_target_kind(value->get<std::string>());
    if (!kind || *kind == TargetKind::kNodes) {
      reader.fail(key, fmt::format("expected {}, got {}", expected, describe_json(*value)));
    }
    result.kind = *kind;
  } else if (value->is_number_integer()) {
    result.kind = TargetKind::kNodes;
    result.nodes.push_back(index_of(*value));
  } else if (value->is_array() && !value->empty() && value->size() <= kTargetNodesMax) {
    result.kind = TargetKind::kNodes;
    for (const auto& item : *value) result.nodes.push_back(index_of(item));
  } else {
    reader.fail(key, fmt::format("expected {}, got {}", expected, describe_json(*value)));
  }
  return result;
}

DurationDistribution distribution(FieldReader& reader, const DurationDistribution& fallback) {
  DurationDistribution result;
  result.shape = enum_field(reader, "shape", std::optional(fallback.shape), kShapes);
  // Only the fields of the chosen shape are read, so a field of another
  // shape ("min" in a constant distribution) is reported as unknown.
  switch (result.shape) {
    case DistributionShape::kConstant:
      result.value_ns = span(reader, "value", fallback.value_ns);
      break;
    case DistributionShape::kUniform:
      result.min_ns = span(reader, "min", fallback.min_ns);
      result.max_ns = span(reader, "max", fallback.max_ns);
      if (result.max_ns < result.min_ns) {
        reader.fail("max",
                    fmt::format("expected a duration >= min ({}), got {}",
                                format_duration(result.min_ns), format_duration(result.max_ns)));
      }
      break;
    case DistributionShape::kExponential:
      result.mean_ns =
          positive_span(reader, "mean", fallback.mean_ns > 0 ? fallback.mean_ns : seconds(1));
      break;
    case DistributionShape::kLognormal:
      result.p50_ns =
          positive_span(reader, "p50", fallback.p50_ns > 0 ? fallback.p50_ns : milliseconds(10));
      result.p99_ns = span(reader, "p99", std::max(fallback.p99_ns, result.p50_ns));
      if (result.p99_ns < result.p50_ns) {
        reader.fail("p99",
                    fmt::format("expected a duration >= p50 ({}), got {}",
                                format_duration(result.p50_ns), format_duration(result.p99_ns)));
      }
      break;
  }
  if (reader.has("tail")) {
    auto tail = reader.object("tail");
    result.tail.probability = ratio(tail, "probability", fallback.tail.probability);
    result.tail.scale_ns = positive_span(tail, "scale", fallback.tail.scale_ns);
    result.tail.alpha = tail.number("alpha", fallback.tail.alpha, 0.5000001, 100);
    tail.finish();
  } else {
    result.tail = fallback.tail;
  }
  result.cap_ns = span(reader, "cap", fallback.cap_ns);
  reader.finish();
  return result;
}

DurationDistribution distribution_field(FieldReader& parent, std::string_view key,
                                        const DurationDistribution& fallback) {
  if (!parent.has(key)) return fallback;
  auto reader = parent.object(key);
  return distribution(reader, fallback);
}

faultmodels::LatencyConfig parse_latency(FieldReader reader) {
  faultmodels::LatencyConfig latency;
  latency.preset = enum_field(reader, "preset", std::optional(latency.preset), kPresets);
  const auto per_operation = [&](std::string_view key) -> std::optional<DurationDistribution> {
    if (!reader.has(key)) return std::nullopt;
    auto child = reader.object(key);
    return distribution(child, DurationDistribution{});
  };
  latency.get = per_operation("get");
  latency.put = per_operation("put");
  latency.list = per_operation("list");
  latency.delete_ = per_operation("delete");
  latency.request_share_percent = static_cast<std::uint32_t>(
      reader.integer("request_share_percent", latency.request_share_percent, 0, 100));
  reader.finish();
  return latency;
}

faultmodels::StoreErrorsConfig parse_store_errors(FieldReader reader) {
  faultmodels::StoreErrorsConfig errors;
  errors.internal_error_rate = ratio(reader, "internal_error_rate", errors.internal_error_rate);
  {
    auto throttle = reader.object("throttle");
    auto& config = errors.throttle;
    config.enabled = throttle.boolean("enabled", config.enabled);
    config.writes_per_second =
        throttle.number("writes_per_second", config.writes_per_second, 0.001, 1e9);
    config.reads_per_second =
        throttle.number("reads_per_second", config.reads_per_second, 0.001, 1e9);
    config.scale = throttle.number("scale", config.scale, 0.000001, 1e6);
    config.burst_ns = throttle.duration("burst", config.burst_ns, 1, hours(1));
    throttle.finish();
  }
  errors.conflict_window_ns =
      reader.duration("conflict_window", errors.conflict_window_ns, 0, minutes(1));
  for (auto& item : reader.objects("brownouts", kScheduledFaultsMax)) {
    faultmodels::BrownoutWindow window;
    window.at_ns = span(item, "at", kRequired);
    window.for_ns = positive_span(item, "for", window.for_ns);
    window.slow_down_rate = ratio(item, "slow_down_rate", window.slow_down_rate);
    window.internal_error_rate = ratio(item, "internal_error_rate", window.internal_error_rate);
    window.latency_percent = static_cast<std::uint32_t>(
        item.integer("latency_percent", window.latency_percent, 1, 100'000));
    item.finish();
    errors.brownouts.push_back(window);
  }
  reader.finish();
  return errors;
}

faultmodels::LostResponsesConfig parse_lost_responses(FieldReader reader,
                                                      std::uint32_t node_count) {
  faultmodels::LostResponsesConfig lost;
  lost.rate = ratio(reader, "rate", lost.rate);
  for (auto& item : reader.objects("windows", kScheduledFaultsMax)) {
    faultmodels::LostResponseWindow window;
    window.at_ns = span(item, "at", kRequired);
    window.for_ns = positive_span(item, "for", window.for_ns);
    window.rate = ratio(item, "rate", window.rate);
    window.target = target(item, "target", window.target, node_count);
    if (window.target.kind == TargetKind::kLeader ||
        window.target.kind == TargetKind::kRandomFollower) {
      item.fail("target",
                "expected node indices, \"random\" or \"all\" (a lost-response window "
                "applies to responses, which are not tied to a leader)");
    }
    item.finish();
    lost.windows.push_back(window);
  }
  reader.finish();
  return lost;
}

faultmodels::PartitionsConfig parse_partitions(FieldReader reader, std::uint32_t node_count) {
  faultmodels::PartitionsConfig partitions;
  for (auto& item : reader.objects("scheduled", kScheduledFaultsMax)) {
    faultmodels::ScheduledPartition partition;
    partition.at_ns = span(item, "at", kRequired);
    partition.for_ns = positive_span(item, "for", partition.for_ns);
    partition.target = target(item, "target", partition.target, node_count);
    partition.direction =
        enum_field(item, "direction", std::optional(partition.direction), kDirections);
    item.finish();
    partitions.scheduled.push_back(partition);
  }
  {
    auto random = reader.object("random");
    auto& config = partitions.random;
    config.rate_per_hour = rate_per_hour(random, "rate_per_hour", config.rate_per_hour);
    config.duration = distribution_field(random, "duration", config.duration);
    config.target = target(random, "target", config.target, node_count);
    config.direction =
        enum_field(random, "direction", std::optional(config.direction), kDirections);
    random.finish();
  }
  reader.finish();
  return partitions;
}

faultmodels::CrashesConfig parse_crashes(FieldReader reader, std::uint32_t node_count) {
  faultmodels::CrashesConfig crashes;
  for (auto& item : reader.objects("scheduled", kScheduledFaultsMax)) {
    faultmodels::ScheduledCrash crash;
    crash.at_ns = span(item, "at", kRequired);
    crash.target = target(item, "target", crash.target, node_count);
    crash.restart_after_ns = span(item, "restart_after", crash.restart_after_ns);
    crash.mode = enum_field(item, "mode", std::optional(crash.mode), kCrashModes);
    item.finish();
    crashes.scheduled.push_back(crash);
  }
  {
    auto random = reader.object("random");
    auto& config = crashes.random;
    config.rate_per_hour = rate_per_hour(random, "rate_per_hour", config.rate_per_hour);
    config.target = target(random, "target", config.target, node_count);
    config.restart_after = distribution_field(random, "restart_after", config.restart_after);
    config.mode = enum_field(random, "mode", std::optional(config.mode), kCrashModes);
    random.finish();
  }
  reader.finish();
  return crashes;
}

faultmodels::PausesConfig parse_pauses(FieldReader reader, std::uint32_t node_count) {
  faultmodels::PausesConfig pauses;
  for (auto& item : reader.objects("scheduled", kScheduledFaultsMax)) {
    faultmodels::ScheduledPause pause;
    pause.at_ns = span(item, "at", kRequired);
    pause.for_ns = positive_span(item, "for", pause.for_ns);
    pause.target = target(item, "target", pause.target, node_count);
    item.finish();
    pauses.scheduled.push_back(pause);
  }
  {
    auto random = reader.object("random");
    auto& config = pauses.random;
    config.rate_per_hour = rate_per_hour(random, "rate_per_hour", config.rate_per_hour);
    config.duration = distribution_field(random, "duration", config.duration);
    config.target = target(random, "target", config.target, node_count);
    random.finish();
  }
  {
    auto leader = reader.object("on_became_leader");
    auto& config = pauses.on_became_leader;
    config.probability = ratio(leader, "probability", config.probability);
    config.for_ns = positive_span(leader, "for", config.for_ns);
    config.count_max =
        static_cast<std::uint32_t>(leader.integer("count_max", config.count_max, 0, 1'000'000));
    config.not_before_ns = span(leader, "not_before", config.not_before_ns);
    leader.finish();
  }
  reader.finish();
  return pauses;
}

faultmodels::ClocksConfig parse_clocks(FieldReader reader, std::uint32_t node_count) {
  faultmodels::ClocksConfig clocks;
  constexpr Nanos kYear = 365 * kNanosPerDay;
  std::vector<bool> seen(node_count, false);
  for (auto& item : reader.objects("nodes", node_count)) {
    faultmodels::NodeClockConfig clock;
    clock.node =
        static_cast<faultmodels::NodeIndex>(item.integer("node", kRequired, 0, node_count - 1));
    if (seen[clock.node]) {
      item.fail("node", fmt::format("expected each node at most once in clocks.nodes, got node "
                                    "{} again",
                                    clock.node));
    }
    seen[clock.node] = true;
    clock.offset_ns = item.signed_duration("offset", 0, -kYear + 1, kYear - 1);
    clock.drift_ppm = item.integer("drift_ppm", 0, -kDriftPpmMax, kDriftPpmMax);
    for (auto& step_reader : item.objects("steps", kScheduledFaultsMax)) {
      faultmodels::ClockStep step;
      step.at_ns = span(step_reader, "at", kRequired);
      step.by_ns = step_reader.signed_duration("by", kRequired, -kYear + 1, kYear - 1);
      step_reader.finish();
      clock.steps.push_back(step);
    }
    item.finish();
    clocks.nodes.push_back(std::move(clock));
  }
  clocks.offset_max_ns = reader.duration("offset_max", clocks.offset_max_ns, 0, kYear - 1);
  clocks.drift_max_ppm = reader.integer("drift_max_ppm", clocks.drift_max_ppm, 0, kDriftPpmMax);
  clocks.steps_per_hour = rate_per_hour(reader, "steps_per_hour", clocks.steps_per_hour);
  clocks.step_max_ns = reader.duration("step_max", clocks.step_max_ns, milliseconds(1), kYear - 1);
  reader.finish();
  return clocks;
}

faultmodels::CorruptObjectsConfig parse_corrupt_objects(FieldReader reader) {
  faultmodels::CorruptObjectsConfig corrupt;
  for (auto& item : reader.objects("scheduled", kScheduledFaultsMax)) {
    faultmodels::CorruptObject object;
    object.at_ns = span(item, "at", kRequired);
    object.kind = enum_field(item, "kind", std::optional(object.kind), kCorruptKinds);
    object.epochs_ahead = static_cast<std::uint64_t>(item.integer(
        "epochs_ahead", static_cast<std::int64_t>(object.epochs_ahead), 1, 1'000'000'000));
    item.finish();
    corrupt.scheduled.push_back(object);
  }
  reader.finish();
  return corrupt;
}

faultmodels::SwarmConfig parse_swarm(FieldReader reader) {
  faultmodels::SwarmConfig swarm;
  constexpr Nanos kYear = 365 * kNanosPerDay;
  swarm.enabled = reader.boolean("enabled", swarm.enabled);
  swarm.family_on = ratio(reader, "family_on", swarm.family_on);
  swarm.internal_error_rate_max =
      ratio(reader, "internal_error_rate_max", swarm.internal_error_rate_max);
  swarm.lost_response_rate_max =
      ratio(reader, "lost_response_rate_max", swarm.lost_response_rate_max);
  swarm.brownouts_per_hour_max =
      rate_per_hour(reader, "brownouts_per_hour_max", swarm.brownouts_per_hour_max);
  swarm.brownout_for_max_ns = span(reader, "brownout_for_max", swarm.brownout_for_max_ns);
  swarm.partitions_per_hour_max =
      rate_per_hour(reader, "partitions_per_hour_max", swarm.partitions_per_hour_max);
  swarm.partition_for_max_ns = span(reader, "partition_for_max", swarm.partition_for_max_ns);
  swarm.crashes_per_hour_max =
      rate_per_hour(reader, "crashes_per_hour_max", swarm.crashes_per_hour_max);
  swarm.restart_after_max_ns = span(reader, "restart_after_max", swarm.restart_after_max_ns);
  swarm.pauses_per_hour_max =
      rate_per_hour(reader, "pauses_per_hour_max", swarm.pauses_per_hour_max);
  swarm.pause_for_max_ns = span(reader, "pause_for_max", swarm.pause_for_max_ns);
  swarm.drift_max_ppm = reader.integer("drift_max_ppm", swarm.drift_max_ppm, 0, kDriftPpmMax);
  swarm.offset_max_ns = reader.duration("offset_max", swarm.offset_max_ns, 0, kYear - 1);
  swarm.clock_steps_per_hour_max =
      rate_per_hour(reader, "clock_steps_per_hour_max", swarm.clock_steps_per_hour_max);
  swarm.clock_step_max_ns =
      reader.duration("clock_step_max", swarm.clock_step_max_ns, 0, kYear - 1);
  reader.finish();
  return swarm;
}

}  // namespace

faultmodels::FaultsConfig parse_faults(FieldReader& faults, std::uint32_t node_count) {
  HOLO_ASSERT(node_count > 0);
  faultmodels::FaultsConfig config;
  config.latency = parse_latency(faults.object("latency"));
  config.store_errors = parse_store_errors(faults.object("store_errors"));
  config.lost_responses = parse_lost_responses(faults.object("lost_responses"), node_count);
  config.partitions = parse_partitions(faults.object("partitions"), node_count);
  config.crashes = parse_crashes(faults.object("crashes"), node_count);
  config.pauses = parse_pauses(faults.object("pauses"), node_count);
  config.clocks = parse_clocks(faults.object("clocks"), node_count);
  config.corrupt_objects = parse_corrupt_objects(faults.object("corrupt_objects"));
  config.swarm = parse_swarm(faults.object("swarm"));
  faults.finish();
  return config;
}

}  // namespace holocron::cli
