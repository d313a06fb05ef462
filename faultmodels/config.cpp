#include "faultmodels/config.hpp"

#include <array>
#include <cmath>
#include <utility>

#include "core/assert.hpp"

namespace holocron::faultmodels {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::pair<std::string_view, Enum>, N>& names,
                               std::string_view name) {
  for (const auto& [text, value] : names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<std::string_view, Enum>, N>& names,
                         Enum value) {
  for (const auto& [text, candidate] : names) {
    if (candidate == value) return text;
  }
  HOLO_UNREACHABLE("no case matched");
  return {};
}

constexpr std::array<std::pair<std::string_view, DistributionShape>, 4> kShapeNames{{
    {"constant", DistributionShape::kConstant},
    {"uniform", DistributionShape::kUniform},
    {"exponential", DistributionShape::kExponential},
    {"lognormal", DistributionShape::kLognormal},
}};
constexpr std::array<std::pair<std::string_view, LatencyPreset>, 4> kPresetNames{{
    {"s3-standard", LatencyPreset::kS3Standard},
    {"s3-express", LatencyPreset::kS3Express},
    {"gcs", LatencyPreset::kGcs},
    {"none", LatencyPreset::kNone},
}};
constexpr std::array<std::pair<std::string_view, TargetKind>, 5> kTargetNames{{
    {"nodes", TargetKind::kNodes},
    {"leader", TargetKind::kLeader},
    {"random", TargetKind::kRandom},
    {"random_follower", TargetKind::kRandomFollower},
    {"all", TargetKind::kAll},
}};
constexpr std::array<std::pair<std::string_view, PartitionDirection>, 3> kDirectionNames{{
    {"requests", PartitionDirection::kRequests},
    {"responses", PartitionDirection::kResponses},
    {"both", PartitionDirection::kBoth},
}};
constexpr std::array<std::pair<std::string_view, CrashMode>, 3> kCrashModeNames{{
    {"restart", CrashMode::kRestart},
    {"resume", CrashMode::kResume},
    {"none", CrashMode::kNone},
}};
constexpr std::array<std::pair<std::string_view, CorruptKind>, 5> kCorruptNames{{
    {"bad_json", CorruptKind::kBadJson},
    {"foreign_key", CorruptKind::kForeignKey},
    {"future_epoch", CorruptKind::kFutureEpoch},
    {"empty_body", CorruptKind::kEmptyBody},
    {"wrong_schema", CorruptKind::kWrongSchema},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Parses a run of decimal digits into `value`; false on overflow or if empty.
bool parse_digits(std::string_view text, std::uint64_t& value) {
  if (text.empty()) return false;
  value = 0;
  for (const char c : text) {
    if (!is_digit(c)) return false;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  return true;
}

// Parses "12.345" (or "12") into numerator / 10^decimals, exactly.
std::optional<Ratio> parse_decimal(std::string_view text, std::uint64_t extra_denominator) {
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  // At most 12 decimals keeps 10^decimals * extra_denominator (<= 100) in range.
  constexpr std::size_t kDecimalsMax = 12;
  if (fraction.size() > kDecimalsMax) return std::nullopt;
  if (whole.empty() && fraction.empty()) return std::nullopt;
  std::uint64_t whole_value = 0;
  if (!whole.empty() && !parse_digits(whole, whole_value)) return std::nullopt;
  std::uint64_t fraction_value = 0;
  if (!fraction.empty() && !parse_digits(fraction, fraction_value)) return std::nullopt;
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  std::uint64_t scale = 1;
  for (std::size_t i = 0; i < fraction.size(); ++i) scale *= 10;
  // A probability is at most 1, so the whole part is 0 or 1 (or 100 for a
  // percentage); anything larger is rejected below without overflowing here.
  if (whole_value > 100) return std::nullopt;
  const std::uint64_t numerator = whole_value * scale + fraction_value;
  const std::uint64_t denominator = scale * extra_denominator;
  if (numerator > denominator) return std::nullopt;
  return Ratio{numerator, denominator};
}

bool ratio_ok(Ratio ratio) {
  return ratio.denominator > 0 && ratio.numerator <= ratio.denominator;
}

// Collects the first problem found; later checks do not overwrite it.
class Problems {
 public:
  void check(bool ok, const std::string& path, std::string_view expected) {
    if (ok || first_.has_value()) return;
    first_ = "faults." + path + ": expected " + std::string(expected);
  }
  [[nodiscard]] std::optional<std::string> first() const { return first_; }

 private:
  std::optional<std::string> first_;
};

void check_distribution(Problems& problems, const DurationDistribution& distribution,
                        const std::string& path) {
  switch (distribution.shape) {
    case DistributionShape::kConstant:
      problems.check(distribution.value_ns >= 0, path + ".value", "a duration >= 0");
      break;
    case DistributionShape::kUniform:
      problems.check(distribution.min_ns >= 0, path + ".min", "a duration >= 0");
      problems.check(distribution.max_ns >= distribution.min_ns, path + ".max",
                     "a duration >= min");
      break;
    case DistributionShape::kExponential:
      problems.check(distribution.mean_ns > 0, path + ".mean", "a duration > 0");
      break;
    case DistributionShape::kLognormal:
      problems.check(distribution.p50_ns > 0, path + ".p50", "a duration > 0");
      problems.check(distribution.p99_ns >= distribution.p50_ns, path + ".p99",
                     "a duration >= p50");
      break;
  }
  problems.check(ratio_ok(distribution.tail.probability), path + ".tail.probability",
                 "a probability between 0 and 1");
  problems.check(distribution.tail.scale_ns > 0, path + ".tail.scale", "a duration > 0");
  problems.check(distribution.tail.alpha > 0.5 && distribution.tail.alpha <= 100,
                 path + ".tail.alpha", "a number in (0.5, 100]");
  problems.check(distribution.cap_ns >= 0, path + ".cap", "a duration >= 0 (0: no cap)");
}

void check_target(Problems& problems, const NodeTarget& target, const std::string& path,
                  std::uint32_t node_count) {
  if (target.kind != TargetKind::kNodes) return;
  problems.check(!target.nodes.empty(), path, "at least one node index");
  for (const NodeIndex node : target.nodes) {
    problems.check(node < node_count, path, "node indices below the node count");
  }
}

bool rate_ok(double rate_per_hour) {
  // A bound keeps plans finite: at most one event per second on average.
  constexpr double kRatePerHourMax = 3600;
  return std::isfinite(rate_per_hour) && rate_per_hour >= 0 && rate_per_hour <= kRatePerHourMax;
}

std::string at(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

}  // namespace

std::string_view to_string(DistributionShape shape) {
  return name_of(kShapeNames, shape);
}
std::string_view to_string(LatencyPreset preset) {
  return name_of(kPresetNames, preset);
}
std::string_view to_string(TargetKind kind) {
  return name_of(kTargetNames, kind);
}
std::string_view to_string(PartitionDirection direction) {
  return name_of(kDirectionNames, direction);
}
std::string_view to_string(CrashMode mode) {
  return name_of(kCrashModeNames, mode);
}
std::string_view to_string(CorruptKind kind) {
  return name_of(kCorruptNames, kind);
}

std::optional<DistributionShape> parse_distribution_shape(std::string_view name) {
  return parse_name(kShapeNames, name);
}
std::optional<LatencyPreset> parse_latency_preset(std::string_view name) {
  return parse_name(kPresetNames, name);
}
std::optional<TargetKind> parse_target_kind(std::string_view name) {
  return parse_name(kTargetNames, name);
}
std::optional<PartitionDirection> parse_partition_direction(std::string_view name) {
  return parse_name(kDirectionNames, name);
}
std::optional<CrashMode> parse_crash_mode(std::string_view name) {
  return parse_name(kCrashModeNames, name);
}
std::optional<CorruptKind> parse_corrupt_kind(std::string_view name) {
  return parse_name(kCorruptNames, name);
}

std::optional<Ratio> parse_ratio(std::string_view text) {
  const auto slash = text.find('/');
  if (slash != std::string_view::npos) {
    std::uint64_t numerator = 0;
    std::uint64_t denominator = 0;
    if (!parse_digits(text.substr(0, slash), numerator)) return std::nullopt;
    if (!parse_digits(text.substr(slash + 1), denominator)) return std::nullopt;
    if (denominator == 0 || numerator > denominator) return std::nullopt;
    return Ratio{numerator, denominator};
  }
  if (!text.empty() && text.back() == '%')
    return parse_decimal(text.substr(0, text.size() - 1), 100);
  return parse_decimal(text, 1);
}

std::string format_ratio(Ratio ratio) {
  return std::to_string(ratio.numerator) + "/" + std::to_string(ratio.denominator);
}

std::optional<std::string> validate(const FaultsConfig& config, std::uint32_t node_count) {
  Problems problems;
  const LatencyConfig& latency = config.latency;
  if (latency.get) check_distribution(problems, *latency.get, "latency.get");
  if (latency.put) check_distribution(problems, *latency.put, "latency.put");
  if (latency.list) check_distribution(problems, *latency.list, "latency.list");
  if (latency.delete_) check_distribution(problems, *latency.delete_, "latency.delete");
  problems.check(latency.request_share_percent <= 100, "latency.request_share_percent",
                 "a percentage between 0 and 100");

  const StoreErrorsConfig& errors = config.store_errors;
  problems.check(ratio_ok(errors.internal_error_rate), "store_errors.internal_error_rate",
                 "a probability between 0 and 1");
  const ThrottleConfig& throttle = errors.throttle;
  problems.check(std::isfinite(throttle.writes_per_second) && throttle.writes_per_second > 0,
                 "store_errors.throttle.writes_per_second", "a rate > 0");
  problems.check(std::isfinite(throttle.reads_per_second) && throttle.reads_per_second > 0,
                 "store_errors.throttle.reads_per_second", "a rate > 0");
  problems.check(std::isfinite(throttle.scale) && throttle.scale > 0 && throttle.scale <= 1e6,
                 "store_errors.throttle.scale", "a factor in (0, 1000000]");
  problems.check(throttle.burst_ns > 0, "store_errors.throttle.burst", "a duration > 0");
  problems.check(errors.conflict_window_ns >= 0, "store_errors.conflict_window",
                 "a duration >= 0 (0: off)");
  for (std::size_t i = 0; i < errors.brownouts.size(); ++i) {
    const BrownoutWindow& window = errors.brownouts[i];
    const std::string path = at("store_errors.brownouts", i);
    problems.check(window.at_ns >= 0, path + ".at", "a time >= 0");
    problems.check(window.for_ns > 0, path + ".for", "a duration > 0");
    problems.check(ratio_ok(window.slow_down_rate), path + ".slow_down_rate",
                   "a probability between 0 and 1");
    problems.check(ratio_ok(window.internal_error_rate), path + ".internal_error_rate",
                   "a probability between 0 and 1");
    problems.check(window.latency_percent >= 100 && window.latency_percent <= 100'000,
                   path + ".latency_percent", "a percentage in [100, 100000]");
  }

  const LostResponsesConfig& lost = config.lost_responses;
  problems.check(ratio_ok(lost.rate), "lost_responses.rate", "a probability between 0 and 1");
  for (std::size_t i = 0; i < lost.windows.size(); ++i) {
    const std::string path = at("lost_responses.windows", i);
    problems.check(lost.windows[i].at_ns >= 0, path + ".at", "a time >= 0");
    problems.check(lost.windows[i].for_ns > 0, path + ".for", "a duration > 0");
    problems.check(ratio_ok(lost.windows[i].rate), path + ".rate", "a probability between 0 and 1");
    check_target(problems, lost.windows[i].target, path + ".target", node_count);
    problems.check(lost.windows[i].target.kind != TargetKind::kLeader &&
                       lost.windows[i].target.kind != TargetKind::kRandomFollower,
                   path + ".target", "node indices, \"random\" or \"all\"");
  }

  const PartitionsConfig& partitions = config.partitions;
  for (std::size_t i = 0; i < partitions.scheduled.size(); ++i) {
    const std::string path = at("partitions.scheduled", i);
    problems.check(partitions.scheduled[i].at_ns >= 0, path + ".at", "a time >= 0");
    problems.check(partitions.scheduled[i].for_ns > 0, path + ".for", "a duration > 0");
    check_target(problems, partitions.scheduled[i].target, path + ".target", node_count);
  }
  problems.check(rate_ok(partitions.random.rate_per_hour), "partitions.random.rate_per_hour",
                 "a rate in [0, 3600] per hour");
  check_distribution(problems, partitions.random.duration, "partitions.random.duration");
  check_target(problems, partitions.random.target, "partitions.random.target", node_count);

  const CrashesConfig& crashes = config.crashes;
  for (std::size_t i = 0; i < crashes.scheduled.size(); ++i) {
    const std::string path = at("crashes.scheduled", i);
    problems.check(crashes.scheduled[i].at_ns >= 0, path + ".at", "a time >= 0");
    problems.check(crashes.scheduled[i].restart_after_ns >= 0, path + ".restart_after",
                   "a duration >= 0");
    check_target(problems, crashes.scheduled[i].target, path + ".target", node_count);
  }
  problems.check(rate_ok(crashes.random.rate_per_hour), "crashes.random.rate_per_hour",
                 "a rate in [0, 3600] per hour");
  check_distribution(problems, crashes.random.restart_after, "crashes.random.restart_after");
  check_target(problems, crashes.random.target, "crashes.random.target", node_count);

  const PausesConfig& pauses = config.pauses;
  for (std::size_t i = 0; i < pauses.scheduled.size(); ++i) {
    const std::string path = at("pauses.scheduled", i);
    problems.check(pauses.scheduled[i].at_ns >= 0, path + ".at", "a time >= 0");
    problems.check(pauses.scheduled[i].for_ns > 0, path + ".for", "a duration > 0");
    check_target(problems, pauses.scheduled[i].target, path + ".target", node_count);
  }
  problems.check(rate_ok(pauses.random.rate_per_hour), "pauses.random.rate_per_hour",
                 "a rate in [0, 3600] per hour");
  check_distribution(problems, pauses.random.duration, "pauses.random.duration");
  check_target(problems, pauses.random.target, "pauses.random.target", node_count);
  problems.check(ratio_ok(pauses.on_became_leader.probability),
                 "pauses.on_became_leader.probability", "a probability between 0 and 1");
  problems.check(pauses.on_became_leader.for_ns > 0, "pauses.on_became_leader.for",
                 "a duration > 0");

  const ClocksConfig& clocks = config.clocks;
  constexpr std::int64_t kDriftPpmMax = 500'000;            // a clock at half or 1.5x speed
  constexpr Nanos kYearNs = hours(std::int64_t{24} * 365);  // bound on offsets and steps
  for (std::size_t i = 0; i < clocks.nodes.size(); ++i) {
    const NodeClockConfig& clock = clocks.nodes[i];
    const std::string path = at("clocks.nodes", i);
    problems.check(clock.node < node_count, path + ".node", "a node index below the node count");
    problems.check(clock.drift_ppm >= -kDriftPpmMax && clock.drift_ppm <= kDriftPpmMax,
                   path + ".drift_ppm", "a drift in [-500000, 500000] ppm");
    problems.check(clock.offset_ns > -kYearNs && clock.offset_ns < kYearNs, path + ".offset",
                   "an offset within a year");
    for (std::size_t s = 0; s < clock.steps.size(); ++s) {
      problems.check(clock.steps[s].at_ns >= 0, at(path + ".steps", s) + ".at", "a time >= 0");
      problems.check(clock.steps[s].by_ns > -kYearNs && clock.steps[s].by_ns < kYearNs,
                     at(path + ".steps", s) + ".by", "a step within a year");
    }
    for (std::size_t j = 0; j < i; ++j) {
      problems.check(clocks.nodes[j].node != clock.node, path + ".node", "each node at most once");
    }
  }
  problems.check(clocks.offset_max_ns >= 0 && clocks.offset_max_ns < kYearNs, "clocks.offset_max",
                 "a duration within a year");
  problems.check(clocks.drift_max_ppm >= 0 && clocks.drift_max_ppm <= kDriftPpmMax,
                 "clocks.drift_max_ppm", "a drift in [0, 500000] ppm");
  problems.check(rate_ok(clocks.steps_per_hour), "clocks.steps_per_hour",
                 "a rate in [0, 3600] per hour");
  problems.check(clocks.step_max_ns >= milliseconds(1) && clocks.step_max_ns < kYearNs,
                 "clocks.step_max", "a duration between 1ms and a year");

  for (std::size_t i = 0; i < config.corrupt_objects.scheduled.size(); ++i) {
    const CorruptObject& object = config.corrupt_objects.scheduled[i];
    const std::string path = at("corrupt_objects.scheduled", i);
    problems.check(object.at_ns >= 0, path + ".at", "a time >= 0");
    problems.check(object.epochs_ahead >= 1 && object.epochs_ahead <= 1'000'000'000,
                   path + ".epochs_ahead", "a count in [1, 1000000000]");
  }

  const SwarmConfig& swarm = config.swarm;
  problems.check(ratio_ok(swarm.family_on), "swarm.family_on", "a probability between 0 and 1");
  problems.check(ratio_ok(swarm.internal_error_rate_max), "swarm.internal_error_rate_max",
                 "a probability between 0 and 1");
  problems.check(ratio_ok(swarm.lost_response_rate_max), "swarm.lost_response_rate_max",
                 "a probability between 0 and 1");
  problems.check(rate_ok(swarm.brownouts_per_hour_max), "swarm.brownouts_per_hour_max",
                 "a rate in [0, 3600] per hour");
  problems.check(rate_ok(swarm.partitions_per_hour_max), "swarm.partitions_per_hour_max",
                 "a rate in [0, 3600] per hour");
  problems.check(rate_ok(swarm.crashes_per_hour_max), "swarm.crashes_per_hour_max",
                 "a rate in [0, 3600] per hour");
  problems.check(rate_ok(swarm.pauses_per_hour_max), "swarm.pauses_per_hour_max",
                 "a rate in [0, 3600] per hour");
  problems.check(rate_ok(swarm.clock_steps_per_hour_max), "swarm.clock_steps_per_hour_max",
                 "a rate in [0, 3600] per hour");
  problems.check(swarm.brownout_for_max_ns >= 0, "swarm.brownout_for_max", "a duration >= 0");
  problems.check(swarm.partition_for_max_ns >= 0, "swarm.partition_for_max", "a duration >= 0");
  problems.check(swarm.restart_after_max_ns >= 0, "swarm.restart_after_max", "a duration >= 0");
  problems.check(swarm.pause_for_max_ns >= 0, "swarm.pause_for_max", "a duration >= 0");
  problems.check(swarm.drift_max_ppm >= 0 && swarm.drift_max_ppm <= kDriftPpmMax,
                 "swarm.drift_max_ppm", "a drift in [0, 500000] ppm");
  problems.check(swarm.offset_max_ns >= 0 && swarm.offset_max_ns < kYearNs, "swarm.offset_max",
                 "a duration within a year");
  problems.check(swarm.clock_step_max_ns >= 0 && swarm.clock_step_max_ns < kYearNs,
                 "swarm.clock_step_max", "a duration within a year");
  return problems.first();
}

}  // namespace holocron::faultmodels
