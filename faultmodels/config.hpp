// The fault models' configuration as plain data: what a scenario file says
// about latency, store errors, lost responses, partitions, crashes, pauses,
// clocks, corrupt objects and swarm mode. `FaultsConfig{}` is a realistic,
// fault-free S3 Standard store: latency from the s3-standard preset, S3's
// per-prefix request-rate limits, 409 on racing conditional writes, and no
// injected faults.
//
// The scenario JSON mirrors these structs field for field: a field `p50_ns`
// is written `"p50": "15ms"` (durations are strings in JSON and Nanos here,
// with the `_ns` suffix dropped); probabilities are `Ratio`s, written "1/1000"
// or 0.001 (see parse_ratio); rates of random events are doubles per hour,
// used only to draw integer gaps, never to order events. Node targets are
// node indices (0..nodes-1) or one of "leader", "random", "random_follower",
// "all". Enumerations are written with the names that to_string returns.
//
// Times named `at_ns` are true (simulator) time since the run began.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace holocron::faultmodels {

// Nodes are numbered 0..node_count-1, as in the simulator and the reports.
using NodeIndex = std::uint32_t;

// A probability as an exact integer ratio, so that a Bernoulli draw is decided
// by integer arithmetic alone: true with probability numerator / denominator.
// numerator <= denominator, denominator > 0.
struct Ratio {
  std::uint64_t numerator = 0;
  std::uint64_t denominator = 1;

  [[nodiscard]] bool is_zero() const { return numerator == 0; }
  friend bool operator==(const Ratio&, const Ratio&) = default;
};

// ---------------------------------------------------------------------------
// Durations drawn at random: latency, partition lengths, restart delays.

enum class DistributionShape : std::uint8_t {
  kConstant,     // always value_ns
  kUniform,      // uniform in [min_ns, max_ns]
  kExponential,  // exponential with mean mean_ns
  kLognormal,    // lognormal with median p50_ns and 99th percentile p99_ns
};

// An optional heavy tail: with probability `probability`, the draw is replaced
// by a Pareto draw with scale `scale_ns` (the smallest tail value) and shape
// `alpha` (smaller alpha = heavier tail). This is what models the rare
// 1-2 second S3 responses that a lognormal body alone underweights.
struct ParetoTail {
  Ratio probability{0, 1};
  Nanos scale_ns = milliseconds(500);
  double alpha = 2.0;
};

struct DurationDistribution {
  DistributionShape shape = DistributionShape::kConstant;
  Nanos value_ns = 0;  // kConstant
  Nanos min_ns = 0;    // kUniform
  Nanos max_ns = 0;    // kUniform
  Nanos mean_ns = 0;   // kExponential
  Nanos p50_ns = 0;    // kLognormal
  Nanos p99_ns = 0;    // kLognormal (>= p50_ns)
  ParetoTail tail;     // any shape
  Nanos cap_ns = 0;    // if > 0, draws are clamped to at most cap_ns

  static DurationDistribution constant(Nanos value_ns) {
    DurationDistribution distribution;
    distribution.value_ns = value_ns;
    return distribution;
  }
  static DurationDistribution uniform(Nanos min_ns, Nanos max_ns) {
    DurationDistribution distribution;
    distribution.shape = DistributionShape::kUniform;
    distribution.min_ns = min_ns;
    distribution.max_ns = max_ns;
    return distribution;
  }
  static DurationDistribution exponential(Nanos mean_ns) {
    DurationDistribution distribution;
    distribution.shape = DistributionShape::kExponential;
    distribution.mean_ns = mean_ns;
    return distribution;
  }
  static DurationDistribution lognormal(Nanos p50_ns, Nanos p99_ns) {
    DurationDistribution distribution;
    distribution.shape = DistributionShape::kLognormal;
    distribution.p50_ns = p50_ns;
    distribution.p99_ns = p99_ns;
    return distribution;
  }
};

// ---------------------------------------------------------------------------
// Latency between a node and the store, per operation kind.

enum class LatencyPreset : std::uint8_t {
  kS3Standard,  // "s3-standard": ARCHITECTURE.md section 5 defaults
  kS3Express,   // "s3-express": S3 Express One Zone, single-digit ms
  kGcs,         // "gcs": Google Cloud Storage, a bit slower than S3 Standard
  kNone,        // "none": zero latency (unit tests, pure logic scenarios)
};

struct LatencyConfig {
  LatencyPreset preset = LatencyPreset::kS3Standard;
  // Overrides of the preset, per operation kind. JSON: "get", "put", "list",
  // "delete". `list` is the latency of one LIST page.
  std::optional<DurationDistribution> get;
  std::optional<DurationDistribution> put;
  std::optional<DurationDistribution> list;
  std::optional<DurationDistribution> delete_;
  // The drawn latency is the round trip the client sees; this share of it
  // (in percent) elapses before the store applies the request, the rest
  // before the response arrives. 50 = the request lands halfway.
  std::uint32_t request_share_percent = 50;
};

// ---------------------------------------------------------------------------
// Store errors: 500s, 503 SlowDown, 409 conflicts, brownouts.

// S3 throttles per partitioned prefix: 3,500 PUT/COPY/POST/DELETE and 5,500
// GET/HEAD (LIST counts as a read) requests per second per prefix, and scales
// further by splitting prefixes. `scale` multiplies both rates to model a
// prefix that S3 has already split (or a smaller limit, with scale < 1).
struct ThrottleConfig {
  bool enabled = true;
  double writes_per_second = 3500;
  double reads_per_second = 5500;
  double scale = 1.0;
  // Bucket capacity, as a span of the rate: a burst of rate * burst_ns worth
  // of requests passes before throttling starts.
  Nanos burst_ns = seconds(1);
};

// A window in which the store degrades: errors and latency rise together, as in
// a regional S3 brownout (a 503 storm with slow successes).
struct BrownoutWindow {
  Nanos at_ns = 0;
  Nanos for_ns = minutes(1);
  Ratio slow_down_rate{1, 5};           // 503 SlowDown per request
  Ratio internal_error_rate{1, 50};     // 500 per request
  std::uint32_t latency_percent = 400;  // latency multiplied by this / 100
};

struct StoreErrorsConfig {
  Ratio internal_error_rate{0, 1};  // random 500 per request
  ThrottleConfig throttle;
  // A conditional write (If-None-Match or If-Match) to a key that another
  // conditional write reached less than conflict_window_ns earlier gets 409
  // ConditionalRequestConflict, as S3 returns for overlapping conditional
  // writes to one key. 0 turns it off.
  Nanos conflict_window_ns = milliseconds(10);
  std::vector<BrownoutWindow> brownouts;
};

// ---------------------------------------------------------------------------
// Node targets (who a partition, crash or pause hits).

enum class TargetKind : std::uint8_t {
  kNodes,           // the listed node indices
  kLeader,          // whoever leads when the fault begins (resolved by the engine)
  kRandom,          // one node drawn from the fault's stream
  kRandomFollower,  // one non-leader node, drawn when the fault begins
  kAll,             // every node
};

struct NodeTarget {
  TargetKind kind = TargetKind::kLeader;
  std::vector<NodeIndex> nodes;  // kNodes only
};

// ---------------------------------------------------------------------------
// Lost responses: the store applied the request, the response never arrives.

struct LostResponseWindow {
  Nanos at_ns = 0;
  Nanos for_ns = seconds(10);
  Ratio rate{1, 1};
  NodeTarget target{TargetKind::kAll, {}};
};

struct LostResponsesConfig {
  Ratio rate{0, 1};  // per response, all the time, all nodes
  std::vector<LostResponseWindow> windows;
};

// ---------------------------------------------------------------------------
// Partitions between nodes and the store.

enum class PartitionDirection : std::uint8_t {
  kRequests,   // "requests": requests never reach the store
  kResponses,  // "responses": the store applies requests, responses are lost
  kBoth,       // "both"
};

struct ScheduledPartition {
  Nanos at_ns = 0;
  Nanos for_ns = seconds(30);
  NodeTarget target;
  PartitionDirection direction = PartitionDirection::kBoth;
};

struct RandomPartitions {
  double rate_per_hour = 0;  // Poisson arrivals over the whole run
  DurationDistribution duration = DurationDistribution::uniform(seconds(5), seconds(60));
  NodeTarget target{TargetKind::kRandom, {}};
  PartitionDirection direction = PartitionDirection::kBoth;
};

struct PartitionsConfig {
  std::vector<ScheduledPartition> scheduled;
  RandomPartitions random;
};

// ---------------------------------------------------------------------------
// Crashes: volatile state lost; then a restart, a virtual-node resume, or none.

enum class CrashMode : std::uint8_t {
  kRestart,  // "restart": a fresh process with the same identity, from scratch
  kResume,   // "resume": a fresh process resuming the identity from the store
  kNone,     // "none": the node stays down
};

struct ScheduledCrash {
  Nanos at_ns = 0;
  NodeTarget target;
  Nanos restart_after_ns = seconds(5);
  CrashMode mode = CrashMode::kRestart;
};

struct RandomCrashes {
  double rate_per_hour = 0;
  NodeTarget target{TargetKind::kRandom, {}};
  DurationDistribution restart_after = DurationDistribution::uniform(seconds(1), seconds(30));
  CrashMode mode = CrashMode::kRestart;
};

struct CrashesConfig {
  std::vector<ScheduledCrash> scheduled;
  RandomCrashes random;
};

// ---------------------------------------------------------------------------
// Process pauses: stop-the-world (GC, VM migration, SIGSTOP); the node
// processes no events, its clock keeps running.

struct ScheduledPause {
  Nanos at_ns = 0;
  Nanos for_ns = seconds(5);
  NodeTarget target;
};

struct RandomPauses {
  double rate_per_hour = 0;
  DurationDistribution duration = DurationDistribution::uniform(milliseconds(100), seconds(5));
  NodeTarget target{TargetKind::kRandom, {}};
};

// The worst moment: right after a node decided it is leader and before its
// next action, the window a validity check cannot protect.
struct LeaderPauses {
  Ratio probability{0, 1};  // per became-leader event
  Nanos for_ns = seconds(15);
  std::uint32_t count_max = 1;  // at most this many in a run
  Nanos not_before_ns = 0;      // skip elections before this true time
};

struct PausesConfig {
  std::vector<ScheduledPause> scheduled;
  RandomPauses random;
  LeaderPauses on_became_leader;
};

// ---------------------------------------------------------------------------
// Clocks: local_ns(true_ns) = true_ns + offset + drift + steps so far.

struct ClockStep {
  Nanos at_ns = 0;  // true time
  Nanos by_ns = 0;  // + forward, - back
};

struct NodeClockConfig {
  NodeIndex node = 0;
  Nanos offset_ns = 0;
  std::int64_t drift_ppm = 0;  // + runs fast, - runs slow; |drift| < 1,000,000
  std::vector<ClockStep> steps;
};

struct ClocksConfig {
  std::vector<NodeClockConfig> nodes;  // explicit clocks; others use the random draw
  // Nodes without an explicit entry draw offset in [-offset_max_ns,
  // offset_max_ns] and drift in [-drift_max_ppm, drift_max_ppm] from the seed.
  Nanos offset_max_ns = 0;
  std::int64_t drift_max_ppm = 0;
  // Random steps (NTP corrections, VM resume), per node, on every node.
  double steps_per_hour = 0;
  Nanos step_max_ns = seconds(1);  // |by| drawn uniformly in [1ms, step_max_ns], either sign
};

// ---------------------------------------------------------------------------
// Corrupt or foreign objects under the election prefix.

enum class CorruptKind : std::uint8_t {
  kBadJson,      // "bad_json": an epoch key whose body is not valid JSON
  kForeignKey,   // "foreign_key": a key under the prefix that is not an epoch key
  kFutureEpoch,  // "future_epoch": a valid-looking lock far above the current epoch
  kEmptyBody,    // "empty_body": an epoch key with an empty body
  kWrongSchema,  // "wrong_schema": valid JSON that is not a lock record
};

struct CorruptObject {
  Nanos at_ns = 0;
  CorruptKind kind = CorruptKind::kBadJson;
  // Every kind but kForeignKey is written at epoch key (highest epoch in the
  // store at that time + epochs_ahead): 1 puts it where the next election
  // will race; future_epoch is typically far ahead (1000).
  std::uint64_t epochs_ahead = 1;
};

struct CorruptObjectsConfig {
  std::vector<CorruptObject> scheduled;
};

// ---------------------------------------------------------------------------
// Swarm mode: per seed, draw which fault families are on and how strong,
// within these bounds. A family whose bound is zero is never switched on.

struct SwarmConfig {
  bool enabled = false;
  Ratio family_on{1, 2};  // each family is on with this probability
  Ratio internal_error_rate_max{1, 100};
  Ratio lost_response_rate_max{1, 100};
  double brownouts_per_hour_max = 2;
  Nanos brownout_for_max_ns = minutes(2);
  double partitions_per_hour_max = 6;
  Nanos partition_for_max_ns = seconds(60);
  double crashes_per_hour_max = 6;
  Nanos restart_after_max_ns = seconds(30);
  double pauses_per_hour_max = 6;
  Nanos pause_for_max_ns = seconds(10);
  std::int64_t drift_max_ppm = 100;
  Nanos offset_max_ns = seconds(1);
  double clock_steps_per_hour_max = 2;
  Nanos clock_step_max_ns = seconds(2);
};

// ---------------------------------------------------------------------------

struct FaultsConfig {
  LatencyConfig latency;
  StoreErrorsConfig store_errors;
  LostResponsesConfig lost_responses;
  PartitionsConfig partitions;
  CrashesConfig crashes;
  PausesConfig pauses;
  ClocksConfig clocks;
  CorruptObjectsConfig corrupt_objects;
  SwarmConfig swarm;
};

// Names as written in scenario files (and traces).
[[nodiscard]] std::string_view to_string(DistributionShape shape);
[[nodiscard]] std::string_view to_string(LatencyPreset preset);
[[nodiscard]] std::string_view to_string(TargetKind kind);
[[nodiscard]] std::string_view to_string(PartitionDirection direction);
[[nodiscard]] std::string_view to_string(CrashMode mode);
[[nodiscard]] std::string_view to_string(CorruptKind kind);
[[nodiscard]] std::optional<DistributionShape> parse_distribution_shape(std::string_view name);
[[nodiscard]] std::optional<LatencyPreset> parse_latency_preset(std::string_view name);
[[nodiscard]] std::optional<TargetKind> parse_target_kind(std::string_view name);
[[nodiscard]] std::optional<PartitionDirection> parse_partition_direction(std::string_view name);
[[nodiscard]] std::optional<CrashMode> parse_crash_mode(std::string_view name);
[[nodiscard]] std::optional<CorruptKind> parse_corrupt_kind(std::string_view name);

// Parses "1/1000", "0.001", "0.1%" or "0" into a Ratio (decimals become an
// exact ratio over a power of ten). nullopt for anything else or a value
// above 1.
[[nodiscard]] std::optional<Ratio> parse_ratio(std::string_view text);
// "1/1000" form, for traces and descriptions.
[[nodiscard]] std::string format_ratio(Ratio ratio);

// Returns nullopt when the configuration is usable, or a message naming the
// offending field (as a JSON path under "faults") and what was expected. The
// scenario parser turns this into an error that names the file.
[[nodiscard]] std::optional<std::string> validate(const FaultsConfig& config,
                                                  std::uint32_t node_count);

}  // namespace holocron::faultmodels
