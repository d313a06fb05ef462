#include "tests/fuzz/elector_oracle.hpp"

#include <algorithm>

#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "core/node_state.hpp"
#include "tests/fuzz/fuzz_targets.hpp"

namespace holocron::fuzz {

ElectorOracle::ElectorOracle(const ElectorOptions& options) : options_(options) {}

Nanos ElectorOracle::span_ns() const {
  switch (options_.algorithm) {
    case Algorithm::kNaive:
      return options_.poll_interval_ns;
    case Algorithm::kLease:
      return options_.lease_ns;
    case Algorithm::kStable:
      return options_.renew_deadline_ns;
  }
  return 0;
}

void ElectorOracle::check_acting_bound(Epoch epoch, Nanos until_ns) const {
  const auto sent = latest_put_send_ns_.find(epoch);
  require(sent != latest_put_send_ns_.end(),
          "acting for epoch " + std::to_string(epoch) + " without ever writing its key");
  require(until_ns <= saturating_add(sent->second, span_ns()),
          "acting for epoch " + std::to_string(epoch) + " until " + std::to_string(until_ns) +
              ", past the last write of its key (" + std::to_string(sent->second) +
              ") plus the algorithm's span");
}

void ElectorOracle::check_lock_write(const StoreRequest& request, Epoch epoch) const {
  require(request.condition != Condition::kNone,
          "an unconditional PUT of lock object " + request.key);
  const LockDecode decoded = decode_lock_record(request.body);
  require(decoded.record.has_value(),
          "a PUT of lock object " + request.key + " with an undecodable body: " + decoded.error);
  require(decoded.record->epoch == epoch,
          "a PUT of lock object " + request.key + " naming another epoch");
  require(decoded.record->owner == options_.node_id,
          "a PUT of lock object " + request.key + " naming another owner: only owners write");
}

void ElectorOracle::on_request(const StoreRequest& request, Nanos now_ns, const Elector& elector) {
  require(!stopping_ && !stopped_, "a request after handle_stop");
  require(!request.bucket.empty(), "a request without a bucket");
  if (request.op == OpKind::kList) {
    require(request.max_keys >= 1 && request.max_keys <= kListPageKeysMax,
            "a LIST asking for " + std::to_string(request.max_keys) + " keys");
    return;
  }
  require(!request.key.empty(), "a request without a key");
  std::optional<Epoch> epoch;
  if (request.bucket == options_.election_bucket) {
    epoch = parse_epoch_key(options_.election_prefix, request.key);
  }
  if (request.op == OpKind::kPut && epoch) {
    check_lock_write(request, *epoch);
    // The latest send on any timeline: after a backwards clock step the
    // bound only gets looser, never wrong.
    const auto [entry, inserted] = latest_put_send_ns_.try_emplace(*epoch, now_ns);
    if (!inserted) entry->second = std::max(entry->second, now_ns);
  } else if (request.op == OpKind::kPut) {
    const NodeStateDecode decoded = decode_node_state(request.body);
    require(decoded.state.has_value(),
            "a PUT of " + request.key + " that is neither a lock nor a node state");
    require(decoded.state->node_id == options_.node_id, "a node-state PUT naming another node");
  } else if (request.op == OpKind::kDelete) {
    require(request.condition == Condition::kIfMatch, "an unconditional DELETE");
    require(epoch.has_value(), "a DELETE of a key that is not an epoch: " + request.key);
    const Epoch deleted = epoch.value_or(0);
    require(deleted < elector.highest_epoch_seen(),
            "a DELETE of epoch " + std::to_string(deleted) + ", not below the highest seen (" +
                std::to_string(elector.highest_epoch_seen()) + ")");
  }
}

void ElectorOracle::on_response(const StoreRequest& request, const StoreResponse& response) {
  if (response.status != Status::kOk || request.bucket != options_.election_bucket) return;
  const auto epoch = parse_epoch_key(options_.election_prefix, request.key);
  if (!epoch) return;
  if (request.op == OpKind::kPut && request.condition == Condition::kIfNoneMatch) {
    evidence_.insert(*epoch);
  } else if (request.op == OpKind::kPut && request.condition == Condition::kIfMatch &&
             options_.resume) {
    evidence_.insert(*epoch);
  } else if (request.op == OpKind::kGet) {
    const LockDecode decoded = decode_lock_record(response.body);
    if (decoded.record && decoded.record->epoch == *epoch &&
        decoded.record->owner == options_.node_id) {
      evidence_.insert(*epoch);
    }
  }
}

void ElectorOracle::on_event(const Event& event) {
  require(!stopped_, "an event after handle_stop: " + std::string(to_string(event.kind)));
  if (stopping_) {
    require(event.kind == EventKind::kStoppedLeading,
            "handle_stop emitted " + std::string(to_string(event.kind)));
  }
  const std::string epoch_text = std::to_string(event.epoch);
  switch (event.kind) {
    case EventKind::kBecameLeader:
      require(has_evidence(event.epoch), "became leader of epoch " + epoch_text +
                                             " without a won create or a read-back of it");
      require(!open_epoch_.has_value(), "became leader of epoch " + epoch_text +
                                            " while still acting for epoch " +
                                            std::to_string(open_epoch_.value_or(0)));
      check_acting_bound(event.epoch, event.acting_until_local_ns);
      open_epoch_ = event.epoch;
      open_until_ns_ = event.acting_until_local_ns;
      return;
    case EventKind::kLeaseExtended:
      require(open_epoch_ == event.epoch,
              "extended epoch " + epoch_text + " without acting for it");
      check_acting_bound(event.epoch, event.acting_until_local_ns);
      open_until_ns_ = event.acting_until_local_ns;
      return;
    case EventKind::kStoppedLeading:
      require(open_epoch_ == event.epoch,
              "stopped leading epoch " + epoch_text + " without acting for it");
      require(event.stop_reason != StopReason::kNone, "stopped leading without a reason");
      open_epoch_.reset();
      return;
    case EventKind::kObservedEpoch:
      require(event.epoch != 0, "observed epoch 0");
      require(event.epoch > highest_observed_event_, "observed epoch " + epoch_text +
                                                         " after epoch " +
                                                         std::to_string(highest_observed_event_));
      highest_observed_event_ = event.epoch;
      return;
    case EventKind::kAttemptEnded:
      require(event.attempt != AttemptOutcome::kNone, "an attempt ended without an outcome");
      if (event.attempt == AttemptOutcome::kWon ||
          event.attempt == AttemptOutcome::kWonAfterUnknown) {
        require(has_evidence(event.epoch),
                "an attempt on epoch " + epoch_text + " reported won without evidence");
      }
      return;
    default:
      return;
  }
}

void ElectorOracle::after_input(const Elector& elector, Nanos now_ns, bool has_timer) {
  const Epoch seen = elector.highest_epoch_seen();
  require(seen >= highest_seen_, "highest_epoch_seen went down from " +
                                     std::to_string(highest_seen_) + " to " + std::to_string(seen));
  require(seen >= highest_observed_event_, "highest_epoch_seen below an observed epoch");
  highest_seen_ = seen;
  if (now_ns > INT64_MIN) {
    require(!elector.acting_epoch(now_ns - 1).has_value(),
            "acting_epoch answered an instant before the last input");
  }
  const auto acting = elector.acting_epoch(now_ns);
  if (stopped_) {
    require(!acting.has_value(), "acting after handle_stop");
    require(!has_timer, "a timer after handle_stop");
  }
  if (!acting) return;
  const std::string epoch_text = std::to_string(*acting);
  require(has_evidence(*acting), "acting for epoch " + epoch_text + " without evidence");
  require(open_epoch_ == *acting,
          "acting_epoch says " + epoch_text + " but no acting interval for it is open");
  require(now_ns < open_until_ns_, "acting for epoch " + epoch_text + " past its announced end");
  // F9: after its newest epoch vanished, a node restarts at epoch 1.
  if (options_.algorithm != Algorithm::kNaive && !avoiding("F9")) {
    require(seen == *acting,
            "acting for epoch " + epoch_text + " knowing of epoch " + std::to_string(seen));
  }
}

}  // namespace holocron::fuzz
