// The in-memory scenario: everything one holosim run needs besides the seed
// and the binary. Plain data with defaults and no JSON in it: the CLI's
// scenario parser (sim/cli/) fills exactly this struct from a scenario file,
// so field names follow the JSON names (`cluster.node_count` is the JSON path
// `cluster.node_count`, durations end in `_ns` here and are strings such as
// "10s" in the file).
//
// A default-constructed Scenario is a valid, fault-free five-node cluster
// running the stable algorithm for ten simulated minutes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/elector.hpp"
#include "core/time.hpp"
#include "faultmodels/config.hpp"

namespace holocron::sim {

// Hard ceilings that no scenario may raise; the per-scenario `limits` below
// default to these and may only lower them. They exist so that a typo in a
// scenario file ("node_count": 1000000) fails with a clear message instead of
// exhausting memory.
inline constexpr std::uint32_t kNodesMax = 100'000;
inline constexpr std::uint64_t kEventsInFlightMax = 50'000'000;
inline constexpr Nanos kDurationMax = 366 * kNanosPerDay;

// The shortest interval of anything that recurs for the whole run on a timer
// of its own: object-count samples, fenced-resource writes, and the elector's
// polls, renewals, heartbeats and retry backoff. Each such timer adds one
// event per interval for as long as the run lasts, and the in-flight limit
// cannot catch it (only one of its events is queued at a time), so a
// nanosecond interval validates but turns seconds of simulated time into
// hours of wall time. No store answers in under a millisecond, so nothing a
// real deployment does is lost by this floor.
inline constexpr Nanos kRecurringIntervalMin = kNanosPerMillisecond;

struct ClusterConfig {
  std::uint32_t node_count = 5;
  // Node i is named node_id_prefix + i (for example "node-0"); the names must
  // satisfy ElectorOptions::node_id's alphabet.
  std::string node_id_prefix = "node-";
  // The options every node's core starts from. The simulator overrides
  // node_id, node_bucket (per-node layout), prng_seed (derived per node from
  // the run seed) and resume (set for virtual-node resumes) for each node.
  // Algorithm and layout live here: elector.algorithm, elector.layout.
  ElectorOptions elector;
  // kPerNode layout: node i's own bucket is node_bucket_prefix + node id.
  std::string node_bucket_prefix = "holocron-";
  // Nodes start at true time 0 plus a per-node offset drawn uniformly from
  // [0, start_spread_ns], so that a cluster does not act in lockstep.
  Nanos start_spread_ns = milliseconds(100);
};

// Prices per 1,000 requests, in US dollars. S3 Standard by default. A LIST
// page is one request.
struct PriceTable {
  double put_usd_per_1000 = 0.005;
  double list_usd_per_1000 = 0.005;
  double get_usd_per_1000 = 0.0004;
  double delete_usd_per_1000 = 0.0;
};

// One ACL exception: `node` (a node index) loses `read` and/or `write` access
// to `bucket`. This is how a scenario models a misconfigured node (for
// example, no write access to the election bucket).
struct AclDenial {
  std::uint32_t node = 0;
  std::string bucket;
  bool read = false;   // deny GET and LIST
  bool write = false;  // deny PUT and DELETE
};

struct StoreConfig {
  PriceTable prices;
  // How often the object count is sampled (ObjectCountFact); 0: never,
  // otherwise at least kRecurringIntervalMin.
  Nanos object_count_sample_interval_ns = minutes(1);
  // Per-node layout: only the owner may write its node bucket, everyone may
  // read it; everyone may read and write the election bucket. Shared layout:
  // everyone may read and write everything. Denials are applied on top.
  std::vector<AclDenial> acl_denials;
};

// The protected resource the leader writes with its epoch as the fencing
// token. It rejects tokens lower than the highest it has accepted.
struct FencedResourceConfig {
  bool enabled = true;
  Nanos write_interval_ns = seconds(1);  // at least kRecurringIntervalMin
  // The time between a node's decision to write (acting_epoch says yes) and
  // the write reaching the resource. A process pause that lands in this gap
  // delays the write by the pause: the stale-leader write that fencing exists
  // to reject.
  Nanos write_latency_ns = milliseconds(5);
};

enum class ExpectedVerdict : std::uint8_t {
  kPass,       // every enabled checker passes
  kViolation,  // at least one enabled checker reports a violation
  kAny,        // the scenario demonstrates something; no verdict expected
};

struct ChecksConfig {
  // Checker names ("S1".."S7", "L1", "L2"); empty means all of them.
  std::vector<std::string> enabled;
  // L1: a leader within this long after the last fault heals; 0 means the
  // reports layer's default (lease + poll interval + 4 x p99 round trip).
  Nanos liveness_bound_ns = 0;
  ExpectedVerdict expected_verdict = ExpectedVerdict::kPass;
  // When expected_verdict is kViolation: the checkers expected to fire (empty:
  // any).
  std::vector<std::string> expected_violations;
  // Fail the run when a configured fault never fired.
  bool require_faults_fired = false;
};

// Where results go; empty paths mean "not written". The CLI's flags override
// these.
struct OutputConfig {
  std::string trace_path;        // per-epoch trace, JSON Lines
  std::string event_trace_path;  // event-level trace, JSON Lines
  std::string perfetto_path;     // Chrome trace event format
  std::string report_path;       // election-stability report (.json, .md or .html)
};

// Per-scenario limits; each must be at most its k*Max ceiling above.
struct LimitsConfig {
  std::uint32_t max_nodes = 10'000;
  std::uint64_t max_events_in_flight = 10'000'000;
  Nanos max_duration_ns = 31 * kNanosPerDay;
};

struct Scenario {
  std::string name = "unnamed";
  std::string description;
  std::uint64_t seed = 1;  // the CLI's --seed overrides it
  Nanos duration_ns = minutes(10);

  ClusterConfig cluster;
  StoreConfig store;
  // A node gives up on a request after this long on the true clock and feeds
  // its core Status::kTimeout (outcome unknown); a late response is dropped.
  Nanos request_timeout_ns = seconds(2);
  FencedResourceConfig fenced_resource;
  ChecksConfig checks;
  OutputConfig output;
  LimitsConfig limits;

  // Latency, store errors, lost responses, partitions, crashes, pauses,
  // clocks, corrupt objects and swarm bounds (faultmodels/config.hpp).
  faultmodels::FaultsConfig faults;
};

// Checks the limits and the values the simulator depends on (node names,
// intervals, the elector options). Returns nullopt when the scenario can run,
// or a message that names the field by its JSON path and what was expected.
[[nodiscard]] std::optional<std::string> validate_scenario(const Scenario& scenario);

// The name of node `index` in this scenario.
[[nodiscard]] std::string node_name(const Scenario& scenario, std::uint32_t index);

}  // namespace holocron::sim
