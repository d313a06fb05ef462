// The properties the elector fuzz target checks from outside the core, on
// every request it sends, every response it is fed and every event it emits.
// A broken property throws InvariantViolation (tests/fuzz/fuzz_targets.hpp).
//
// Leadership needs evidence. The core may report acting as leader of epoch e
// (kBecameLeader, kLeaseExtended, acting_epoch() == e, or an attempt ending
// kWon / kWonAfterUnknown) only if it was fed, for e:
//   - a 200 to its own create-only PUT (If-None-Match) of e's key, or
//   - a 200 to a GET of e's key whose body is a lock naming this node as
//     owner of e (the read-back of an ambiguous create), or
//   - with options.resume only, a 200 to an If-Match PUT of e's key (the
//     renewal with which a virtual node resumes its stored leadership).
// And then:
//   - acting intervals are announced in order: kBecameLeader opens one,
//     kLeaseExtended extends the open one, kStoppedLeading closes it;
//     acting_epoch(now) agrees with the open interval and its end;
//   - an acting interval never ends later than the send time of a PUT of e's
//     key plus the algorithm's span (naive: poll_interval_ns, lease: lease_ns,
//     stable: renew_deadline_ns): the core cannot act on time it never had;
//   - stable and lease never act on an epoch below the highest they have
//     seen (their confirming LIST exists for exactly that);
//   - acting_epoch() of an instant before the last input is nullopt (a clock
//     that stepped back is never answered with an epoch);
//   - highest_epoch_seen() never decreases; kObservedEpoch rises strictly;
//   - writes are well-formed: a lock object is only written conditionally,
//     with a body that names this node as the owner of that key's epoch; a
//     node-state object names this node; a delete is conditional and never
//     removes an epoch at or above the highest seen; a LIST asks for
//     1..kListPageKeysMax keys;
//   - after handle_stop nothing more comes out: no request, event or timer.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/elector.hpp"

namespace holocron::fuzz {

class ElectorOracle {
 public:
  explicit ElectorOracle(const ElectorOptions& options);

  void on_request(const StoreRequest& request, Nanos now_ns, const Elector& elector);
  void on_response(const StoreRequest& request, const StoreResponse& response);
  void on_event(const Event& event);
  // After every input has been fed and its outputs drained.
  void after_input(const Elector& elector, Nanos now_ns, bool has_timer);
  void on_stop() { stopping_ = true; }
  // Called once the outputs of the stop itself were drained.
  void stop_drained() { stopped_ = true; }

 private:
  [[nodiscard]] bool has_evidence(Epoch epoch) const { return evidence_.count(epoch) != 0; }
  [[nodiscard]] Nanos span_ns() const;
  void check_acting_bound(Epoch epoch, Nanos until_ns) const;
  void check_lock_write(const StoreRequest& request, Epoch epoch) const;

  const ElectorOptions options_;
  std::set<Epoch> evidence_;
  std::map<Epoch, Nanos> latest_put_send_ns_;
  std::optional<Epoch> open_epoch_;  // the acting interval announced and not yet closed
  Nanos open_until_ns_ = 0;
  Epoch highest_seen_ = 0;  // highest_epoch_seen() after the previous input
  Epoch highest_observed_event_ = 0;
  bool stopping_ = false;
  bool stopped_ = false;
};

}  // namespace holocron::fuzz
