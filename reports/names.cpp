#include "reports/names.hpp"

#include "core/assert.hpp"

namespace holocron::reports {

std::string_view algorithm_name(Algorithm algorithm) {
  return to_string(algorithm);
}

std::optional<Algorithm> parse_algorithm_name(std::string_view name) {
  for (Algorithm algorithm : {Algorithm::kNaive, Algorithm::kLease, Algorithm::kStable}) {
    if (algorithm_name(algorithm) == name) return algorithm;
  }
  return std::nullopt;
}

std::string_view stop_reason_name(StopReason reason) {
  return to_string(reason);
}

std::string_view attempt_outcome_name(AttemptOutcome outcome) {
  return to_string(outcome);
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
  return to_string(kind);
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
  HOLO_UNREACHABLE("unknown LifecycleKind");
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
  HOLO_UNREACHABLE("unknown OpKind");
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
  HOLO_UNREACHABLE("unknown Condition");
}

}  // namespace holocron::reports
