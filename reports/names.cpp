#include "reports/names.hpp"

#include "core/assert.hpp"

namespace holocron::reports {

std::string_view algorithm_name(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kNaive:
      return "naive";
    case Algorithm::kLease:
      return "lease";
    case Algorithm::kStable:
      return "stable";
  }
  HOLO_ASSERT(false && "unknown Algorithm");
}

std::optional<Algorithm> parse_algorithm_name(std::string_view name) {
  for (Algorithm algorithm : {Algorithm::kNaive, Algorithm::kLease, Algorithm::kStable}) {
    if (algorithm_name(algorithm) == name) return algorithm;
  }
  return std::nullopt;
}

std::string_view stop_reason_name(StopReason reason) {
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
  HOLO_ASSERT(false && "unknown StopReason");
}

std::string_view attempt_outcome_name(AttemptOutcome outcome) {
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
  HOLO_ASSERT(false && "unknown AttemptOutcome");
}

std::optional<AttemptOutcome> parse_attempt_outcome_name(std::string_view name) {
  for (AttemptOutcome outcome :
       {AttemptOutcome::kNone, AttemptOutcome::kWon, AttemptOutcome::kLost,
        AttemptOutcome::kWonAfterUnknown, AttemptOutcome::kLostAfterUnknown, AttemptOutcome::kStale,
        AttemptOutcome::kError}) {
    if (attempt_outcome_name(outcome) == name) return outcome;
  }
  return std::nullopt;
}

std::string_view event_kind_name(EventKind kind) {
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
  HOLO_ASSERT(false && "unknown EventKind");
}

std::string_view lifecycle_name(LifecycleKind kind) {
  switch (kind) {
    case LifecycleKind::kStarted:
      return "started";
    case LifecycleKind::kCrashed:
      return "crashed";
    case LifecycleKind::kRestarted:
      return "restarted";
    case LifecycleKind::kResumed:
      return "resumed";
    case LifecycleKind::kPaused:
      return "paused";
    case LifecycleKind::kUnpaused:
      return "unpaused";
    case LifecycleKind::kStopped:
      return "stopped";
  }
  HOLO_ASSERT(false && "unknown LifecycleKind");
}

std::string_view op_key(OpKind op) {
  switch (op) {
    case OpKind::kList:
      return "list";
    case OpKind::kGet:
      return "get";
    case OpKind::kPut:
      return "put";
    case OpKind::kDelete:
      return "delete";
  }
  HOLO_ASSERT(false && "unknown OpKind");
}

std::string_view condition_name(Condition condition) {
  switch (condition) {
    case Condition::kNone:
      return "none";
    case Condition::kIfNoneMatch:
      return "if_none_match";
    case Condition::kIfMatch:
      return "if_match";
  }
  HOLO_ASSERT(false && "unknown Condition");
}

}  // namespace holocron::reports
