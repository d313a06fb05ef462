// Names of the core's enums, option validation and the algorithm factory.
#include <array>

#include "core/assert.hpp"
#include "core/int128.hpp"
#include "core/lease.hpp"
#include "core/naive.hpp"
#include "core/stable.hpp"

namespace holocron {
namespace {

// Durations above this are refused: it keeps every sum of a few options far
// from overflowing Nanos, and no election needs a lease longer than a day.
constexpr Nanos kOptionDurationMax = kNanosPerDay;
// Clock-rate drift above 10% is not a clock, it is a fault.
constexpr std::uint32_t kDriftPpmMax = 100'000;
constexpr std::uint32_t kRetriesMaxLimit = 64;
constexpr std::size_t kNodeIdLengthMax = 64;
constexpr std::size_t kPrefixLengthMax = 512;

bool is_node_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

std::optional<std::string> check_duration(std::string_view name, Nanos value_ns, bool zero_ok) {
  if (value_ns < 0 || (value_ns == 0 && !zero_ok) || value_ns > kOptionDurationMax) {
    return std::string(name) + ": expected a duration " + (zero_ok ? ">= 0" : "> 0") +
           " and at most 1 day, got " + format_duration(value_ns);
  }
  return std::nullopt;
}

std::optional<std::string> check_identity(const ElectorOptions& options,
                                          const ElectorIdentity& identity) {
  if (identity.node_id.empty() || identity.node_id.size() > kNodeIdLengthMax) {
    return "node_id: expected 1..64 characters of [A-Za-z0-9_.-], got \"" + identity.node_id + "\"";
  }
  for (const char c : identity.node_id) {
    if (!is_node_id_char(c)) {
      return "node_id: expected only [A-Za-z0-9_.-], got \"" + identity.node_id + "\"";
    }
  }
  if (options.election_bucket.empty()) return "election_bucket: expected a bucket name";
  if (options.election_prefix.size() > kPrefixLengthMax) {
    return "election_prefix: expected at most 512 characters";
  }
  if (options.layout == Layout::kPerNode && identity.node_bucket.empty()) {
    return "node_bucket: expected this node's own bucket for layout per-node";
  }
  if (options.layout == Layout::kPerNode && identity.node_bucket == options.election_bucket) {
    return "node_bucket: expected a bucket other than election_bucket for layout per-node";
  }
  return std::nullopt;
}

std::optional<std::string> check_durations(const ElectorOptions& options) {
  const std::array<std::pair<std::string_view, Nanos>, 7> positive{{
      {"poll_interval_ns", options.poll_interval_ns},
      {"lease_ns", options.lease_ns},
      {"renew_interval_ns", options.renew_interval_ns},
      {"renew_deadline_ns", options.renew_deadline_ns},
      {"backoff_base_ns", options.backoff_base_ns},
      {"backoff_max_ns", options.backoff_max_ns},
      {"heartbeat_interval_ns", options.heartbeat_interval_ns},
  }};
  for (const auto& [name, value] : positive) {
    if (auto error = check_duration(name, value, false)) return error;
  }
  if (auto error = check_duration("takeover_jitter_ns", options.takeover_jitter_ns, true)) {
    return error;
  }
  if (auto error = check_duration("gc_min_age_ns", options.gc_min_age_ns, true)) return error;
  if (options.backoff_max_ns < options.backoff_base_ns) {
    return "backoff_max_ns: expected at least backoff_base_ns (" +
           format_duration(options.backoff_base_ns) + "), got " +
           format_duration(options.backoff_max_ns);
  }
  if (options.retries_max == 0 || options.retries_max > kRetriesMaxLimit) {
    return "retries_max: expected 1..64, got " + std::to_string(options.retries_max);
  }
  if (options.max_drift_ppm > kDriftPpmMax) {
    return "max_drift_ppm: expected at most 100000 (10%), got " +
           std::to_string(options.max_drift_ppm);
  }
  return std::nullopt;
}

// The stable algorithm's safety condition (see core/stable.hpp):
//   renew_deadline * (1 + drift) < lease * (1 - drift),
// computed exactly in integers scaled by 1e6.
std::optional<std::string> check_stable_timing(const ElectorOptions& options) {
  const auto drift = static_cast<Int128>(options.max_drift_ppm);
  const Int128 leader_side = static_cast<Int128>(options.renew_deadline_ns) * (1'000'000 + drift);
  const Int128 follower_side = static_cast<Int128>(options.lease_ns) * (1'000'000 - drift);
  if (leader_side >= follower_side) {
    return "renew_deadline_ns: unsafe for stable: renew_deadline_ns * (1 + drift) must be below "
           "lease_ns * (1 - drift) with max_drift_ppm = " +
           std::to_string(options.max_drift_ppm) +
           ", got renew_deadline_ns = " + format_duration(options.renew_deadline_ns) +
           ", lease_ns = " + format_duration(options.lease_ns);
  }
  if (options.renew_interval_ns >= options.renew_deadline_ns) {
    return "renew_interval_ns: expected below renew_deadline_ns (" +
           format_duration(options.renew_deadline_ns) +
           ") so that a renewal can land in time, got " +
           format_duration(options.renew_interval_ns);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate_options(const ElectorOptions& options) {
  return validate_options(options, identity_of(options));
}

std::optional<std::string> validate_options(const ElectorOptions& options,
                                            const ElectorIdentity& identity) {
  if (auto error = check_identity(options, identity)) return error;
  if (auto error = check_durations(options)) return error;
  if (options.algorithm == Algorithm::kStable) {
    if (auto error = check_stable_timing(options)) return error;
  }
  if (options.algorithm == Algorithm::kLease && options.renew_interval_ns >= options.lease_ns) {
    return "renew_interval_ns: expected below lease_ns (" + format_duration(options.lease_ns) +
           ") for lease, got " + format_duration(options.renew_interval_ns);
  }
  if (identity.resume && !options.publish_state) {
    return "resume: expected publish_state = true, since a node can only resume state it stores";
  }
  return std::nullopt;
}

std::string_view to_string(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kNaive:
      return "naive";
    case Algorithm::kLease:
      return "lease";
    case Algorithm::kStable:
      return "stable";
  }
  HOLO_UNREACHABLE("unknown Algorithm");
}

std::string_view to_string(Layout layout) {
  switch (layout) {
    case Layout::kShared:
      return "shared";
    case Layout::kPerNode:
      return "per-node";
  }
  HOLO_UNREACHABLE("unknown Layout");
}

std::string_view to_string(EventKind kind) {
  switch (kind) {
    case EventKind::kBecameLeader:
      return "became_leader";
    case EventKind::kLeaseExtended:
      return "lease_extended";
    case EventKind::kStoppedLeading:
      return "stopped_leading";
    case EventKind::kObservedEpoch:
      return "observed_epoch";
    case EventKind::kAttemptEnded:
      return "attempt_ended";
    case EventKind::kResumed:
      return "resumed";
    case EventKind::kStoreError:
      return "store_error";
    case EventKind::kConfigError:
      return "config_error";
    case EventKind::kAnomaly:
      return "anomaly";
  }
  HOLO_UNREACHABLE("unknown EventKind");
}

std::string_view to_string(StopReason reason) {
  switch (reason) {
    case StopReason::kNone:
      return "none";
    case StopReason::kRoundEnded:
      return "round_ended";
    case StopReason::kRenewDeadline:
      return "renew_deadline";
    case StopReason::kSuperseded:
      return "superseded";
    case StopReason::kRenewRejected:
      return "renew_rejected";
    case StopReason::kResigned:
      return "resigned";
    case StopReason::kStopped:
      return "stopped";
    case StopReason::kClockJump:
      return "clock_jump";
    case StopReason::kLostUnknown:
      return "lost_unknown";
  }
  HOLO_UNREACHABLE("unknown StopReason");
}

std::string_view to_string(AttemptOutcome outcome) {
  switch (outcome) {
    case AttemptOutcome::kNone:
      return "none";
    case AttemptOutcome::kWon:
      return "won";
    case AttemptOutcome::kLost:
      return "lost";
    case AttemptOutcome::kWonAfterUnknown:
      return "won_after_unknown";
    case AttemptOutcome::kLostAfterUnknown:
      return "lost_after_unknown";
    case AttemptOutcome::kStale:
      return "stale";
    case AttemptOutcome::kError:
      return "error";
  }
  HOLO_UNREACHABLE("unknown AttemptOutcome");
}

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  if (name == "naive") return Algorithm::kNaive;
  if (name == "lease") return Algorithm::kLease;
  if (name == "stable") return Algorithm::kStable;
  return std::nullopt;
}

std::optional<Layout> parse_layout(std::string_view name) {
  if (name == "shared") return Layout::kShared;
  if (name == "per-node" || name == "per_node") return Layout::kPerNode;
  return std::nullopt;
}

ElectorIdentity identity_of(const ElectorOptions& options) {
  return ElectorIdentity{options.node_id, options.node_bucket, options.resume, options.prng_seed};
}

SharedElectorOptions share_elector_options(ElectorOptions options) {
  options.node_id.clear();
  options.node_bucket.clear();
  options.resume = false;
  options.prng_seed = 0;
  return std::make_shared<const ElectorOptions>(std::move(options));
}

std::unique_ptr<Elector> make_elector(const ElectorOptions& options) {
  return make_elector(share_elector_options(options), identity_of(options));
}

std::unique_ptr<Elector> make_elector(const SharedElectorOptions& shared,
                                      const ElectorIdentity& identity) {
  HOLO_ASSERT(shared != nullptr);
  const auto error = validate_options(*shared, identity);
  HOLO_ASSERT(!error.has_value());
  switch (shared->algorithm) {
    case Algorithm::kNaive:
      return make_naive_elector(shared, identity);
    case Algorithm::kLease:
      return make_lease_elector(shared, identity);
    case Algorithm::kStable:
      return make_stable_elector(shared, identity);
  }
  HOLO_UNREACHABLE("unknown Algorithm");
}

}  // namespace holocron
