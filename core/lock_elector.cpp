// The lock-object algorithms, `stable` and `lease` (their headers describe
// them and say how they differ): one state machine with a policy, because the
// two share every mechanism and differ in a handful of decisions.
#include <algorithm>

#include "core/assert.hpp"
#include "core/elector_base.hpp"
#include "core/gc.hpp"
#include "core/lease.hpp"
#include "core/lock_body_renewal.hpp"
#include "core/lock_record.hpp"
#include "core/members.hpp"
#include "core/stable.hpp"

namespace holocron {
namespace {

// A LIST to recover (or, for lease, every poll) reads at most this many pages.
constexpr std::uint32_t kListPagesMax = 1000;
// The leader's membership LIST of node state objects reads at most this many pages.
constexpr std::uint32_t kMembersPagesMax = 8;
// Garbage collection runs this many times per gc_min_age_ns (and at most once
// per poll interval).
constexpr Nanos kGcPassesPerMinAge = 4;
// The largest epoch this node creates or leads (F12 in tests/fuzz/HOSTILE_INPUTS.md).
// Keys name epochs up to UINT64_MAX (core/keys.hpp), but both algorithms form
// `epoch + 1` (a follower's probe and candidacy, a leader's probe after each
// renewal), so an epoch at UINT64_MAX has no successor to probe or to take
// over with, and a leader of it could not run the probe that gates its
// renewals. Such a key is hostile or corrupt (honest clusters never get near
// 2^64 epochs): a node that sees it keeps watching, reports an anomaly once,
// and never becomes a candidate again; nobody leads until an operator cleans
// the prefix. A candidacy may create kLeadEpochMax itself, whose probe names
// UINT64_MAX.
constexpr Epoch kLeadEpochMax = UINT64_MAX - 1;

struct LockPolicy {
  bool watch_by_list = false;       // lease: LIST every poll; stable: GET + probe
  bool probe_gates_renewal = true;  // stable: a renewal counts only after the probe
  bool verify_before_takeover = true;
  bool confirm_previous_etag = true;
  bool jitter = true;
  // lease: a resumed leader acts only once a renewal sent lease_ns after its
  // first one is confirmed and probed (see renewal_committed). Stable needs no
  // such wait, because its followers verify the old lock just before a
  // takeover and check it again after their win; lease followers do neither.
  bool resume_waits_lease = false;
};

enum class Role : std::uint8_t { kIdle, kResuming, kFollower, kCandidate, kLeader };

class LockElector final : public ElectorBase {
 public:
  LockElector(const SharedElectorOptions& options, const ElectorIdentity& identity,
              LockPolicy policy)
      : ElectorBase(options, identity), policy_(policy) {
    HOLO_ASSERT(options_.algorithm == Algorithm::kStable ||
                options_.algorithm == Algorithm::kLease);
    acting_span_ns_ =
        options_.algorithm == Algorithm::kStable ? options_.renew_deadline_ns : options_.lease_ns;
    HOLO_ASSERT(acting_span_ns_ > 0);
  }

  void handle_start(Nanos now_ns) override {
    if (!enter(now_ns)) return;
    HOLO_ASSERT(role_ == Role::kIdle);
    if (identity_.resume) {
      // Heartbeats wait for the state read (see on_state_read): a heartbeat
      // sent now would describe a node that knows nothing yet, and a store
      // may apply it before the read, erasing the state being resumed.
      role_ = Role::kResuming;
      send_state_read(now_ns);
      return;
    }
    start_heartbeats(now_ns);
    become_follower(now_ns);
  }

  void handle_resign(Nanos now_ns) override {
    if (!enter(now_ns)) return;
    if (role_ != Role::kLeader) return;
    resign(StopReason::kResigned, now_ns);
  }

  void handle_stop(Nanos now_ns) override {
    if (!enter(now_ns)) return;
    stop_acting(StopReason::kStopped);
    mark_stopped();
  }

  [[nodiscard]] std::optional<Epoch> acting_epoch(Nanos now_ns) const override {
    if (role_ != Role::kLeader || !acting_) return std::nullopt;
    if (now_ns < last_input_ns()) return std::nullopt;  // the clock stepped back
    if (now_ns >= acting_until_ns_ || now_ns < act_not_before_ns_) return std::nullopt;
    return epoch_;
  }

 private:
  // ---------------------------------------------------------------- follower

  void become_follower(Nanos now_ns) {
    HOLO_ASSERT(!acting_);
    HOLO_ASSERT(!creating());
    role_ = Role::kFollower;
    watch_failures_ = 0;
    disarm(Timer::kDeadline);
    disarm(Timer::kGc);
    disarm(Timer::kMembers);
    evaluate_takeover(now_ns);
    on_main_timer_as_follower(now_ns);
  }

  // The newest lock this node knows of changed (or was first seen) at now_ns.
  void note_lock(Epoch epoch, std::string_view etag, std::string_view body, Nanos now_ns) {
    HOLO_ASSERT(epoch != 0);
    HOLO_ASSERT(epoch >= watched_epoch_);
    watch_known_ = true;
    const bool changed = epoch != watched_epoch_ || etag != watched_etag_;
    if (!changed) return;
    watched_epoch_ = epoch;
    watched_etag_ = etag;
    watched_owner_.clear();
    watched_expired_ = false;
    last_change_ns_ = now_ns;
    takeover_jitter_ns_ = policy_.jitter ? prng_.between(0, options_.takeover_jitter_ns) : Nanos{0};
    const LockDecode& decoded = lock_decoder_.decode(body);
    if (!decoded.record) {
      // A corrupt or foreign body: an epoch that exists, that nobody here may
      // act on, and that is never renewed by us. Followers wait out the lease
      // from this change and then take over the next epoch, as for a crash.
      emit_anomaly("unreadable lock object for epoch " + std::to_string(epoch) + ": " +
                   decoded.error);
    } else if (decoded.record->epoch != epoch) {
      emit_anomaly("lock object for epoch " + std::to_string(epoch) + " names epoch " +
                   std::to_string(decoded.record->epoch));
    } else {
      watched_owner_ = decoded.record->owner;
      watched_expired_ = decoded.record->expired;
      members_.heard_from(watched_owner_, now_ns);
      // The view's ages are relative to the lock's creation; only a reader
      // that sees the object before its first renewal knows (about) when that
      // was, so only such a reader adopts them.
      if (decoded.record->renewals == 0) members_.learn_view(decoded.record->members, now_ns);
    }
    observe_epoch(epoch, watched_owner_);
    age_tracker_.note(now_ns, epoch);
  }

  void on_main_timer_as_follower(Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kFollower);
    arm(Timer::kMain, now_ns + poll_delay());
    if (watched_epoch_ == 0 || need_recover_ || policy_.watch_by_list) {
      begin_watch_list(now_ns);
      return;
    }
    // A store slower than the poll interval must not pile up one GET per
    // poll: watch again only once the previous watch GET is answered.
    if (watch_gets_in_flight_ > 0) return;
    ++watch_gets_in_flight_;
    send_epoch_get(Purpose::kWatch, watched_epoch_, now_ns);
  }

  Nanos poll_delay() {
    HOLO_ASSERT(options_.poll_interval_ns > 0);
    if (watch_failures_ == 0) return options_.poll_interval_ns;
    return std::max(options_.poll_interval_ns, backoff_delay(watch_failures_));
  }

  void begin_watch_list(Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kFollower);
    if (list_in_flight_) return;
    list_pages_ = 0;
    list_best_epoch_ = 0;
    list_best_etag_.clear();
    std::string start_after;
    if (watched_epoch_ > 1)
      write_epoch_key(options_.election_prefix, watched_epoch_ - 1, start_after);
    send_watch_list_page(start_after, now_ns);
  }

  void send_watch_list_page(std::string_view start_after, Nanos now_ns) {
    StoreRequest request;
    request.op = OpKind::kList;
    request.bucket = options_.election_bucket;
    request.key = list_prefix();
    request.start_after = start_after;
    ++list_pages_;
    HOLO_ASSERT(list_pages_ <= kListPagesMax);
    HOLO_ASSERT(!list_in_flight_);
    list_in_flight_ = true;
    send(Purpose::kList, 0, std::move(request), now_ns);
  }

  void on_watch_list(StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(list_pages_ >= 1);
    list_in_flight_ = false;
    if (role_ != Role::kFollower) return;  // sent before a candidacy: moot
    if (!response_ok(OpKind::kList, response.status, now_ns)) return;
    for (const ListedObject& object : response.objects) {
      const auto epoch = parse_epoch_key(options_.election_prefix, object.key);
      if (epoch && *epoch >= list_best_epoch_) {
        list_best_epoch_ = *epoch;
        list_best_etag_ = object.etag;
      }
    }
    if (response.truncated && !response.objects.empty() && list_pages_ < kListPagesMax) {
      send_watch_list_page(response.objects.back().key, now_ns);
      return;
    }
    watch_failures_ = 0;
    need_recover_ = false;
    watch_known_ = true;
    if (list_best_epoch_ == 0) {
      if (watched_epoch_ != 0) {
        // Our epoch vanished and nothing is above it: the store was wiped or
        // we cannot see it. Start over as if no epoch existed.
        emit_anomaly("no epoch objects found at or above epoch " + std::to_string(watched_epoch_));
        watched_epoch_ = 0;
        watched_etag_.clear();
      }
      evaluate_takeover(now_ns);
      return;
    }
    if (list_best_epoch_ == watched_epoch_ && list_best_etag_ == watched_etag_) {
      evaluate_takeover(now_ns);
      return;
    }
    // New or changed: read it to learn its owner and expired flag.
    ++watch_gets_in_flight_;
    send_epoch_get(Purpose::kWatch, list_best_epoch_, now_ns);
  }

  void on_watch(const Pending& pending, StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(pending.purpose == Purpose::kWatch);
    HOLO_ASSERT(pending.epoch != 0);
    if (role_ != Role::kFollower) return;  // sent before a candidacy: moot
    if (response.status == Status::kNotFound) {
      if (pending.epoch == watched_epoch_ || watched_epoch_ == 0) {
        need_recover_ = true;
        begin_watch_list(now_ns);
      }
      return;
    }
    if (!response_ok(OpKind::kGet, response.status, now_ns)) return;
    if (pending.epoch < watched_epoch_) return;  // overtaken by a newer observation
    watch_failures_ = 0;
    const bool unchanged = pending.epoch == watched_epoch_ && response.etag == watched_etag_;
    note_lock(pending.epoch, response.etag, response.body, now_ns);
    // No key can follow UINT64_MAX (F12): there is nothing to probe.
    if (unchanged && !policy_.watch_by_list && role_ == Role::kFollower &&
        watched_epoch_ < UINT64_MAX) {
      send_epoch_get(Purpose::kProbe, watched_epoch_ + 1, now_ns);
    }
    evaluate_takeover(now_ns);
  }

  void on_follower_probe(const Pending& pending, StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(pending.purpose == Purpose::kProbe);
    HOLO_ASSERT(role_ != Role::kLeader);
    if (role_ != Role::kFollower) return;
    if (response.status == Status::kNotFound) return;
    if (!response_ok(OpKind::kGet, response.status, now_ns)) return;
    if (pending.epoch <= watched_epoch_) return;
    note_lock(pending.epoch, response.etag, response.body, now_ns);
    evaluate_takeover(now_ns);
  }

  // Arms the takeover timer for the instant this follower may take over the
  // next epoch: lease_ns after the last change it observed, or at once when
  // the lock is marked expired by another node, plus this change's jitter.
  void evaluate_takeover(Nanos now_ns) {
    // Not before this node has seen the store once: a node that just started
    // does not know whether an epoch exists, and must not guess epoch 1.
    if (role_ != Role::kFollower || creating() || !watch_known_) return;
    if (!next_epoch_exists()) {
      // F12: do not time a takeover that begin_candidacy would refuse; the
      // watch goes on (cheaply) in case the prefix is cleaned up.
      disarm(Timer::kTakeover);
      return;
    }
    HOLO_ASSERT(takeover_jitter_ns_ >= 0);
    HOLO_ASSERT(takeover_jitter_ns_ <= options_.takeover_jitter_ns);
    arm(Timer::kTakeover, std::max(eligible_at(now_ns), now_ns) + takeover_jitter_ns_);
  }

  // Whether an epoch this node may lead is left above every epoch it has seen
  // (see kLeadEpochMax). Reports the first time it is not, as an anomaly.
  bool next_epoch_exists() {
    const Epoch basis_epoch = std::max(watched_epoch_, highest_epoch_seen());
    if (basis_epoch < kLeadEpochMax) return true;
    if (!epoch_limit_reported_) {
      epoch_limit_reported_ = true;
      emit_anomaly("epoch " + std::to_string(basis_epoch) +
                   " is at the limit: no epoch can follow it, this node will not take over");
    }
    return false;
  }

  // The local instant from which this follower may take over the next epoch.
  [[nodiscard]] Nanos eligible_at(Nanos now_ns) const {
    Nanos eligible_ns = saturating_add(last_change_ns_, options_.lease_ns);
    if (watched_epoch_ == 0) {
      eligible_ns = now_ns;  // no epoch exists at all: nobody leads
    } else if (watched_expired_ && watched_owner_ != node_id()) {
      eligible_ns = last_change_ns_;  // resigned: hand over now
    }
    // After a failed create (forbidden, throttled), wait out the backoff.
    return std::max(eligible_ns, takeover_not_before_ns_);
  }

  void on_takeover_timer(Nanos now_ns) {
    if (role_ != Role::kFollower || creating() || verify_in_flight_) return;
    HOLO_ASSERT(watch_known_);
    if (now_ns < eligible_at(now_ns)) {
      evaluate_takeover(now_ns);
      return;
    }
    if (watched_epoch_ != 0 && policy_.verify_before_takeover) {
      // The verify must see the very version whose silence was timed: a watch
      // answered while the verify is in flight may move watched_etag_ on.
      verify_in_flight_ = true;
      verify_etag_ = watched_etag_;
      send_epoch_get(Purpose::kVerify, watched_epoch_, now_ns);
      return;
    }
    begin_candidacy(now_ns);
  }

  void on_verify(const Pending& pending, StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(pending.purpose == Purpose::kVerify);
    HOLO_ASSERT(policy_.verify_before_takeover);
    verify_in_flight_ = false;
    if (role_ != Role::kFollower || creating() || pending.epoch != watched_epoch_) return;
    if (response.status == Status::kNotFound) {
      need_recover_ = true;
      begin_watch_list(now_ns);
      return;
    }
    if (!response_ok(OpKind::kGet, response.status, now_ns)) {
      evaluate_takeover(now_ns);
      return;
    }
    if (response.etag != verify_etag_ || watched_etag_ != verify_etag_ ||
        now_ns < eligible_at(now_ns)) {
      // Changed since the silence was timed (seen by this reply or by a watch
      // answered meanwhile): start timing again from the newest version.
      note_lock(pending.epoch, response.etag, response.body, now_ns);
      evaluate_takeover(now_ns);
      return;
    }
    begin_candidacy(now_ns);
  }

  // ---------------------------------------------------------------- candidate

  void begin_candidacy(Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kFollower);
    // A takeover timed before the node saw an epoch at the limit can still
    // fire (F12): refuse here too, and keep watching as a follower.
    if (!next_epoch_exists()) return;
    // The next epoch is above every epoch this node has seen, not only above
    // the watched one: after the newest object vanished the watch starts over
    // at 0, and an epoch at or below one already seen would let a fencing
    // token go backwards.
    const Epoch basis_epoch = std::max(watched_epoch_, highest_epoch_seen());
    HOLO_ASSERT(basis_epoch < kLeadEpochMax);
    role_ = Role::kCandidate;
    // Confirm failures belong to one candidacy; a count left from an earlier
    // one would make the retry timer confirm a create not yet won.
    confirm_failures_ = 0;
    confirm_request_id_ = 0;
    disarm(Timer::kMain);
    disarm(Timer::kTakeover);
    basis_epoch_ = watched_epoch_;
    basis_etag_ = watched_etag_;
    LockRecord record;
    record.epoch = basis_epoch + 1;
    record.owner = node_id();
    record.lease_ns = options_.lease_ns;
    record.previous_epoch = watched_epoch_;
    record.previous_etag = watched_epoch_ != 0 ? watched_etag_ : std::string();
    record.members = members_.snapshot(node_id(), now_ns, live_window_ns());
    candidate_record_ = std::move(record);
    begin_create(candidate_record_.epoch, encode_lock_record(candidate_record_), now_ns);
  }

  Nanos live_window_ns() const {
    return std::max(options_.lease_ns, 3 * options_.heartbeat_interval_ns);
  }

  void on_create_result(CreateResult result, Nanos now_ns) override {
    HOLO_ASSERT(role_ == Role::kCandidate);
    HOLO_ASSERT(result.epoch == candidate_record_.epoch);
    switch (result.outcome) {
      case AttemptOutcome::kWon:
      case AttemptOutcome::kWonAfterUnknown:
        won_outcome_ = result.outcome;
        etag_ = std::move(result.etag);
        create_send_ns_ = result.earliest_send_ns;
        confirm_failures_ = 0;
        send_confirm(now_ns);
        return;
      case AttemptOutcome::kLost:
      case AttemptOutcome::kLostAfterUnknown:
        emit_attempt(result.epoch, result.outcome, result.owner);
        // Someone else holds the epoch we wanted: watch it from now on, and
        // count its silence from now (we have not read it yet).
        watched_epoch_ = result.epoch;
        watched_etag_.clear();
        last_change_ns_ = now_ns;
        become_follower(now_ns);
        return;
      default:
        emit_attempt(result.epoch, AttemptOutcome::kError, {});
        // Back off before trying again: the create failed for a reason that
        // may persist (forbidden, a missing bucket, throttling). Never spin.
        takeover_not_before_ns_ = now_ns + std::max(result.config_error ? config_error_backoff()
                                                                        : options_.backoff_max_ns,
                                                    options_.poll_interval_ns);
        become_follower(now_ns);
        return;
    }
  }

  // After a win: prove that no higher epoch exists, and (stable) that the
  // previous epoch's object is unchanged since the verify GET.
  void send_confirm(Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kCandidate);
    const Epoch epoch = candidate_record_.epoch;
    HOLO_ASSERT(epoch != 0);
    StoreRequest request;
    request.op = OpKind::kList;
    request.bucket = options_.election_bucket;
    request.key = list_prefix();
    if (policy_.confirm_previous_etag) {
      if (epoch >= 3) write_epoch_key(options_.election_prefix, epoch - 2, request.start_after);
      request.max_keys = 3;
    } else {
      write_epoch_key(options_.election_prefix, epoch, request.start_after);
      request.max_keys = 1;
    }
    confirm_request_id_ = send(Purpose::kConfirm, epoch, std::move(request), now_ns);
  }

  void on_confirm(const Pending& pending, StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(pending.purpose == Purpose::kConfirm);
    if (role_ != Role::kCandidate || pending.epoch != candidate_record_.epoch) return;
    // Only the latest confirm of this candidacy counts: one sent by an earlier
    // candidacy for the same epoch (before a clock step, say) proves nothing
    // about this create and its timing.
    if (pending.id != confirm_request_id_) return;
    const Epoch epoch = candidate_record_.epoch;
    if (response.status != Status::kOk) {
      ++confirm_failures_;
      if (response.status != Status::kTimeout) {
        emit_store_error(OpKind::kList, response.status, "confirming a won epoch");
      }
      if (confirm_failures_ <= options_.retries_max) {
        arm(Timer::kRetry, now_ns + backoff_delay(confirm_failures_));
        return;
      }
      // Unknown whether a higher epoch exists: never act. Hand the epoch over.
      emit_attempt(epoch, AttemptOutcome::kError, {});
      take_ownership(now_ns);
      resign(StopReason::kNone, now_ns);
      return;
    }
    bool previous_changed = false;
    bool previous_seen = false;
    for (const ListedObject& object : response.objects) {
      const auto listed = parse_epoch_key(options_.election_prefix, object.key);
      if (!listed) continue;
      if (*listed > epoch) {
        // A stale win below the highest epoch (after garbage collection): the
        // object is ours but nobody may act on it. The next GC deletes it.
        emit_attempt(epoch, AttemptOutcome::kStale, node_id());
        watched_epoch_ = *listed;
        watched_etag_.clear();
        last_change_ns_ = now_ns;
        need_recover_ = true;
        observe_epoch(*listed, {});
        become_follower(now_ns);
        return;
      }
      if (*listed == basis_epoch_) {
        previous_seen = true;
        previous_changed = object.etag != basis_etag_;
      }
    }
    emit_attempt(epoch, won_outcome_, node_id());
    take_ownership(now_ns);
    act_not_before_ns_ = now_ns;
    const bool basis_changed = basis_epoch_ != 0 && (previous_changed || !previous_seen);
    // A candidacy above a vanished epoch (basis below epoch - 1) cannot check
    // the previous leader either, so it waits out a lease the same way.
    const bool basis_skipped = basis_epoch_ + 1 != epoch;
    if (policy_.confirm_previous_etag && (basis_changed || basis_skipped)) {
      // The previous leader renewed after our verify GET (or its object is
      // gone and we cannot tell): it may act until its own deadline, which
      // ends before lease_ns passes on our clock from now (timing argument (b)).
      act_not_before_ns_ = now_ns + options_.lease_ns;
    }
    update_acting(now_ns);
  }

  // ---------------------------------------------------------------- leader

  // The candidate's create is confirmed ours: from now on it renews it.
  void take_ownership(Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kCandidate);
    HOLO_ASSERT(create_send_ns_ <= now_ns);
    role_ = Role::kLeader;
    epoch_ = candidate_record_.epoch;
    record_ = candidate_record_;
    acting_ = false;
    acting_until_ns_ = saturating_add(create_send_ns_, acting_span_ns_);
    renew_failures_ = 0;
    renew_in_flight_ = false;
    last_renew_send_ns_ = create_send_ns_;
    observe_epoch(epoch_, node_id());
    age_tracker_.note(now_ns, epoch_);
    arm(Timer::kMain, std::max(now_ns, create_send_ns_ + options_.renew_interval_ns));
    if (options_.gc_keep > 0) arm(Timer::kGc, now_ns + gc_period_ns());
    if (options_.publish_state && options_.layout == Layout::kShared) arm(Timer::kMembers, now_ns);
    publish_state_now(now_ns);
  }

  Nanos gc_period_ns() const {
    return std::max(options_.poll_interval_ns, options_.gc_min_age_ns / kGcPassesPerMinAge);
  }

  // Starts or ends the acting interval to match [act_not_before, acting_until)
  // and arms the deadline timer for the next boundary.
  void update_acting(Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kLeader);
    if (now_ns >= acting_until_ns_) {
      if (acting_) {
        // No renewal confirmed in time: stop before anyone may take over, and
        // give the epoch up; followers take over once they see the silence.
        stop_acting(StopReason::kRenewDeadline);
        give_up_epoch(now_ns);
        return;
      }
      // Not acting yet (a slow create, a resume, or the wait after a changed
      // previous lock): acting starts with the next confirmed renewal, and
      // schedule_next_renewal gives the epoch up if renewals keep failing.
      if (now_ns < act_not_before_ns_) arm(Timer::kDeadline, act_not_before_ns_);
      return;
    }
    if (now_ns < act_not_before_ns_) {
      arm(Timer::kDeadline, act_not_before_ns_);
      return;
    }
    Event event;
    event.epoch = epoch_;
    event.acting_until_local_ns = acting_until_ns_;
    event.kind = acting_ ? EventKind::kLeaseExtended : EventKind::kBecameLeader;
    HOLO_ASSERT(epoch_ != 0);
    if (!acting_ || acting_until_ns_ != announced_until_ns_) emit(std::move(event));
    acting_ = true;
    announced_until_ns_ = acting_until_ns_;
    arm(Timer::kDeadline, acting_until_ns_);
  }

  void on_main_timer_as_leader(Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kLeader);
    if (renew_in_flight_) return;
    send_renewal(now_ns);
  }

  void send_renewal(Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kLeader);
    HOLO_ASSERT(!renew_in_flight_);
    StoreRequest& request = compose_epoch(OpKind::kPut, epoch_);
    request.condition = Condition::kIfMatch;
    request.etag = etag_;
    // The renewed body is the current one with its count one higher: the
    // count rewritten in place (renew_lock_body) instead of the record
    // encoded again; the full encoding only if the current body is not one
    // encode_lock_record wrote.
    if (!renew_lock_body(record_body(), record_.renewals + 1, request.body)) {
      LockRecord next = record_;
      ++next.renewals;
      request.body = encode_lock_record(next);
    }
    // The record becomes record_ with one more renewal when the renewal
    // commits, and the node state written then carries this body: keep it
    // instead of encoding it again. Assigned, not copied anew, so the
    // strings and the members' vector reuse their buffers.
    record_body_ = request.body;
    record_body_of_ = record_;
    ++record_body_of_.renewals;
    record_body_valid_ = true;
    renew_in_flight_ = true;
    renew_send_ns_ = now_ns;
    send_composed(Purpose::kRenew, epoch_, now_ns);
  }

  void schedule_next_renewal(Nanos now_ns, bool failed) {
    HOLO_ASSERT(role_ == Role::kLeader);
    HOLO_ASSERT(renew_send_ns_ <= now_ns);
    renew_in_flight_ = false;
    if (failed) {
      ++renew_failures_;
      if (!acting_ && renew_failures_ > options_.retries_max) {
        // Never got to act on this epoch and cannot renew it: hand it over.
        give_up_epoch(now_ns);
        return;
      }
      arm(Timer::kMain,
          now_ns + std::min(backoff_delay(renew_failures_), options_.renew_interval_ns));
      return;
    }
    renew_failures_ = 0;
    Nanos next_ns = renew_send_ns_ + options_.renew_interval_ns;
    if (resume_settling_ && renew_send_ns_ < resume_counts_from_ns_) {
      // A settling resumed leader renews at the first instant a renewal may
      // count, not at the next slot after it: every renewal interval it
      // waited beyond the lease would be time with no leader at all.
      next_ns = std::min(next_ns, resume_counts_from_ns_);
    }
    arm(Timer::kMain, std::max(now_ns, next_ns));
  }

  void on_renew(const Pending& pending, StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(pending.purpose == Purpose::kRenew);
    if (role_ != Role::kLeader || pending.epoch != epoch_) return;
    HOLO_ASSERT(renew_in_flight_);
    switch (response.status) {
      case Status::kOk:
        renewal_committed(std::move(response.etag), now_ns);
        return;
      case Status::kPreconditionFailed:
        lose_epoch(StopReason::kRenewRejected, now_ns);
        return;
      case Status::kNotFound:
        // Our object is gone: only garbage collection by a newer leader
        // deletes it, so a higher epoch exists.
        need_recover_ = true;
        lose_epoch(StopReason::kSuperseded, now_ns);
        return;
      case Status::kTimeout:
      case Status::kInternalError:
        // Maybe applied: read the object back to learn which.
        send_epoch_get(Purpose::kRenewReadBack, epoch_, now_ns);
        return;
      default:
        response_ok(OpKind::kPut, response.status, now_ns);
        schedule_next_renewal(now_ns, true);
        return;
    }
  }

  void on_renew_read_back(const Pending& pending, StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(pending.purpose == Purpose::kRenewReadBack);
    if (role_ != Role::kLeader || pending.epoch != epoch_) return;
    HOLO_ASSERT(renew_in_flight_);
    if (response.status == Status::kNotFound) {
      need_recover_ = true;
      lose_epoch(StopReason::kSuperseded, now_ns);
      return;
    }
    if (!response_ok(OpKind::kGet, response.status, now_ns)) {
      schedule_next_renewal(now_ns, true);
      return;
    }
    if (response.etag == etag_) {
      schedule_next_renewal(now_ns, true);  // not applied: renew again
      return;
    }
    const LockDecode decoded = decode_lock_record(response.body);
    const bool ours = decoded.record && decoded.record->owner == node_id() &&
                      decoded.record->epoch == epoch_ &&
                      decoded.record->renewals == record_.renewals + 1 && !decoded.record->expired;
    if (!ours) {
      lose_epoch(StopReason::kRenewRejected, now_ns);
      return;
    }
    renewal_committed(std::move(response.etag), now_ns);
  }

  void renewal_committed(std::string etag, Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kLeader);
    HOLO_ASSERT(renew_in_flight_);
    etag_ = std::move(etag);
    ++record_.renewals;
    if (resuming_leader_) {
      resuming_leader_ = false;
      Event event;
      event.kind = EventKind::kResumed;
      event.epoch = epoch_;
      event.detail = "resumed leadership by renewing the stored lock ETag";
      if (resume_settling_) {
        // The stored ETag matching proves only that nobody wrote this epoch's
        // object: a lease takeover creates the next epoch and leaves this one
        // untouched, so the If-Match succeeds however long the process was
        // down. A follower that last looked before this renewal may still be
        // about to create the next epoch, and it acts on its win without
        // checking this lock again. Such a takeover was decided before the
        // follower's next LIST after this renewal, so it has committed within
        // a lease from now (given requests that complete well within a
        // lease, as the lease scheme assumes everywhere). Only a renewal sent
        // after that, whose probe then finds no next epoch, may count.
        resume_counts_from_ns_ = saturating_add(now_ns, options_.lease_ns);
        event.detail += "; acting after a lease, once a later renewal's probe finds no newer epoch";
      }
      emit(std::move(event));
    }
    // Stable: the renewal counts only once the next key is known to be absent
    // (timing argument (b)). Lease: it counts now and the check follows, but
    // for a resumed leader that is still settling the probe gates it as in
    // stable: its first renewal is bounded by no earlier acting interval.
    const Nanos counted_send_ns = renew_send_ns_;
    if (!renewal_gated_by_probe()) extend_acting(counted_send_ns, now_ns);
    probe_send_ns_ = counted_send_ns;
    if (role_ != Role::kLeader) return;
    HOLO_ASSERT(epoch_ <= kLeadEpochMax);  // the probe's key exists (F12)
    send_epoch_get(Purpose::kProbe, epoch_ + 1, now_ns);
    // Store the new ETag and body, so that a resumed process renews in one
    // round trip (a stale stored ETag is safe, only slower: 412, follower).
    publish_state_now(now_ns);
  }

  // Whether a confirmed renewal waits for its probe (GET epoch + 1 says 404)
  // before it extends the acting interval.
  [[nodiscard]] bool renewal_gated_by_probe() const {
    return policy_.probe_gates_renewal || resume_settling_;
  }

  void extend_acting(Nanos renew_send_ns, Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kLeader);
    HOLO_ASSERT(renew_send_ns <= now_ns);
    const Nanos until_ns = saturating_add(renew_send_ns, acting_span_ns_);
    if (until_ns > acting_until_ns_) acting_until_ns_ = until_ns;
    last_renew_send_ns_ = renew_send_ns;
    update_acting(now_ns);
  }

  void on_leader_probe(const Pending& pending, StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(pending.purpose == Purpose::kProbe);
    if (role_ != Role::kLeader || pending.epoch != epoch_ + 1) return;
    HOLO_ASSERT(renew_in_flight_);
    if (response.status == Status::kOk) {
      const Epoch higher = pending.epoch;
      lose_epoch(StopReason::kSuperseded, now_ns);
      note_lock(higher, response.etag, response.body, now_ns);
      evaluate_takeover(now_ns);
      return;
    }
    if (response.status == Status::kNotFound) {
      if (resume_settling_ && probe_send_ns_ >= resume_counts_from_ns_) {
        // This renewal was sent a lease after the resumed first one, and the
        // next epoch is still absent: any takeover that missed the resumed
        // renewal would have shown up by now. From here on the resumed
        // leader renews like any other.
        resume_settling_ = false;
        extend_acting(probe_send_ns_, now_ns);
      } else if (policy_.probe_gates_renewal) {
        extend_acting(probe_send_ns_, now_ns);
      }
      if (role_ == Role::kLeader) schedule_next_renewal(now_ns, false);
      return;
    }
    response_ok(OpKind::kGet, response.status, now_ns);
    schedule_next_renewal(now_ns, true);
  }

  // The epoch is no longer ours to act on (superseded, rejected).
  void lose_epoch(StopReason reason, Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kLeader);
    HOLO_ASSERT(reason != StopReason::kNone);
    stop_acting(reason);
    give_up_epoch(now_ns);
  }

  // Leaves the leader role: becomes a follower watching its former epoch, as
  // if it had just observed it (it must itself wait out a lease like anyone).
  void give_up_epoch(Nanos now_ns) {
    HOLO_ASSERT(!acting_);
    const Epoch former = epoch_;
    new_generation();  // drop in-flight renewals and probes
    renew_in_flight_ = false;
    resume_settling_ = false;
    if (resuming_leader_) {
      resuming_leader_ = false;
      Event event;
      event.kind = EventKind::kResumed;
      event.epoch = former;
      event.detail = "stored lock could not be renewed (stale ETag or newer epoch): follower";
      emit(std::move(event));
    }
    role_ = Role::kFollower;
    epoch_ = 0;
    if (former != 0 && former >= watched_epoch_) {
      watched_epoch_ = former;
      watched_etag_ = etag_;
      watched_owner_ = node_id();
      watched_expired_ = record_.expired;
      last_change_ns_ = now_ns;
      takeover_jitter_ns_ =
          policy_.jitter ? prng_.between(0, options_.takeover_jitter_ns) : Nanos{0};
    }
    publish_state_now(now_ns);
    become_follower(now_ns);
  }

  void stop_acting(StopReason reason) {
    HOLO_ASSERT(reason != StopReason::kNone);
    if (!acting_) return;
    HOLO_ASSERT(epoch_ != 0);
    acting_ = false;
    Event event;
    event.kind = EventKind::kStoppedLeading;
    event.epoch = epoch_;
    event.stop_reason = reason;
    emit(std::move(event));
  }

  // Stops acting at once, then marks the lock expired (If-Match) so followers
  // take over without waiting out the lease.
  void resign(StopReason reason, Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kLeader);
    if (reason != StopReason::kNone) stop_acting(reason);
    acting_ = false;
    LockRecord expired = record_;
    expired.expired = true;
    StoreRequest request = epoch_request(OpKind::kPut, epoch_);
    request.condition = Condition::kIfMatch;
    request.etag = etag_;
    request.body = encode_lock_record(expired);
    const Epoch epoch = epoch_;
    HOLO_ASSERT(epoch != 0);
    record_.expired = true;
    give_up_epoch(now_ns);
    resign_failures_ = 0;
    resign_retry_epoch_ = 0;
    resign_request_ = request;
    send(Purpose::kResign, epoch, std::move(request), now_ns);
  }

  void on_resign(const Pending& pending, StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(pending.epoch != 0);
    HOLO_ASSERT(resign_request_.has_value());
    if (response.status == Status::kOk) {
      if (pending.epoch == watched_epoch_ && role_ == Role::kFollower) {
        watched_etag_ = response.etag;  // our own write: not a renewal by anyone
      }
      return;
    }
    if (is_retryable(response.status) || response.status == Status::kTimeout) {
      // Best effort: followers take over after the lease anyway. A retry of
      // a write that had applied gets 412, which ends the retries.
      ++resign_failures_;
      if (resign_failures_ <= options_.retries_max) {
        resign_retry_epoch_ = pending.epoch;
        arm(Timer::kRetry, now_ns + backoff_delay(resign_failures_));
      }
    }
  }

  // ---------------------------------------------------------------- duties

  void on_gc_timer(Nanos now_ns) {
    HOLO_ASSERT(options_.gc_keep > 0);
    if (role_ != Role::kLeader) return;
    arm(Timer::kGc, now_ns + gc_period_ns());
    if (gc_running()) return;
    StoreRequest request;
    request.op = OpKind::kList;
    request.bucket = options_.election_bucket;
    request.key = list_prefix();
    send(Purpose::kGcList, epoch_, std::move(request), now_ns);
  }

  void on_gc_list(const Pending& pending, StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(pending.purpose == Purpose::kGcList);
    HOLO_ASSERT(options_.gc_keep > 0);
    if (role_ != Role::kLeader || pending.epoch != epoch_) return;
    if (!response_ok(OpKind::kList, response.status, now_ns)) return;
    for (const ListedObject& object : response.objects) {
      const auto listed = parse_epoch_key(options_.election_prefix, object.key);
      if (listed && *listed > epoch_) {
        lose_epoch(StopReason::kSuperseded, now_ns);
        return;
      }
    }
    const Epoch old_enough = age_tracker_.old_enough(now_ns, options_.gc_min_age_ns);
    plan_gc(response.objects, options_.election_prefix, epoch_, options_.gc_keep, old_enough,
            gc_victims_);
    if (!gc_victims_.empty() && !gc_running()) start_gc_deletes(gc_victims_, now_ns);
  }

  void on_members_timer(Nanos now_ns) {
    HOLO_ASSERT(options_.publish_state);
    HOLO_ASSERT(options_.layout == Layout::kShared);
    if (role_ != Role::kLeader) return;
    arm(Timer::kMembers, now_ns + options_.heartbeat_interval_ns);
    if (members_pages_in_flight_) return;
    members_pages_ = 0;
    send_members_page({}, now_ns);
  }

  void send_members_page(std::string_view start_after, Nanos now_ns) {
    StoreRequest request;
    request.op = OpKind::kList;
    request.bucket = options_.election_bucket;
    request.key = node_state_list_prefix(options_.election_prefix);
    request.start_after = start_after;
    ++members_pages_;
    members_pages_in_flight_ = true;
    send(Purpose::kMembersList, 0, std::move(request), now_ns);
  }

  void on_members_list(StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(members_pages_in_flight_);
    HOLO_ASSERT(members_pages_ <= kMembersPagesMax);
    members_pages_in_flight_ = false;
    if (role_ != Role::kLeader) return;
    if (!response_ok(OpKind::kList, response.status, now_ns)) return;
    for (const ListedObject& object : response.objects) {
      if (const auto node = parse_node_state_key(options_.election_prefix, object.key)) {
        if (*node != node_id()) members_.saw_state_etag(*node, object.etag, now_ns);
      }
    }
    if (response.truncated && !response.objects.empty() && members_pages_ < kMembersPagesMax) {
      send_members_page(response.objects.back().key, now_ns);
    }
  }

  // ---------------------------------------------------------------- resume

  void send_state_read(Nanos now_ns) {
    HOLO_ASSERT(identity_.resume);
    HOLO_ASSERT(role_ == Role::kResuming);
    const ObjectLocation location = node_state_location(options_, identity_);
    StoreRequest request;
    request.op = OpKind::kGet;
    request.bucket = location.bucket;
    request.key = location.key;
    send(Purpose::kStateGet, 0, std::move(request), now_ns);
  }

  void on_state_read(StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(identity_.resume);
    if (role_ != Role::kResuming) return;
    resume_from_state(response, now_ns);
    // The read is final unless it is being retried: from now on this process
    // publishes its own state (handle_start held the heartbeats back).
    if (role_ != Role::kResuming) start_heartbeats(now_ns);
  }

  void resume_from_state(StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(role_ == Role::kResuming);
    Event resumed;
    resumed.kind = EventKind::kResumed;
    if (response.status == Status::kNotFound) {
      resumed.detail = "no stored state: starting fresh";
      emit(std::move(resumed));
      become_follower(now_ns);
      return;
    }
    if (response.status != Status::kOk) {
      if (!response_ok(OpKind::kGet, response.status, now_ns) &&
          (response.status == Status::kForbidden || response.status == Status::kNoSuchBucket)) {
        resumed.detail = "stored state unreadable (configuration): starting fresh";
        emit(std::move(resumed));
        become_follower(now_ns);
        return;
      }
      ++resume_failures_;
      if (resume_failures_ <= options_.retries_max) {
        arm(Timer::kRetry, now_ns + backoff_delay(resume_failures_));
        return;
      }
      resumed.detail = "stored state unreadable: starting fresh";
      emit(std::move(resumed));
      become_follower(now_ns);
      return;
    }
    const NodeStateDecode decoded = decode_node_state(response.body);
    if (!decoded.state || decoded.state->node_id != node_id()) {
      emit_anomaly("stored node state unusable: " +
                   (decoded.state ? std::string("it names another node") : decoded.error));
      resumed.detail = "stored state unusable: starting fresh";
      emit(std::move(resumed));
      become_follower(now_ns);
      return;
    }
    const NodeState& state = *decoded.state;
    observe_epoch(state.last_epoch_seen, {});
    if (state.leader && state.lock_epoch != 0 && !state.lock_etag.empty()) {
      const LockDecode lock = decode_lock_record(state.lock_body);
      // A stored lock above kLeadEpochMax could not be probed after its
      // renewal (F12): it is unusable like a corrupt one.
      if (lock.record && lock.record->epoch == state.lock_epoch &&
          state.lock_epoch <= kLeadEpochMax && lock.record->owner == node_id() &&
          !lock.record->expired) {
        // Resume leadership: renew the stored body with the stored ETag. We
        // do not act until that renewal (and its probe) is confirmed.
        role_ = Role::kLeader;
        epoch_ = state.lock_epoch;
        etag_ = state.lock_etag;
        record_ = *lock.record;
        acting_ = false;
        acting_until_ns_ = INT64_MIN;
        act_not_before_ns_ = now_ns;
        resuming_leader_ = true;
        resume_settling_ = policy_.resume_waits_lease;
        resume_counts_from_ns_ = INT64_MAX;
        observe_epoch(epoch_, node_id());
        if (options_.gc_keep > 0) arm(Timer::kGc, now_ns + gc_period_ns());
        if (options_.publish_state && options_.layout == Layout::kShared) {
          arm(Timer::kMembers, now_ns);
        }
        send_renewal(now_ns);
        return;
      }
      emit_anomaly("stored lock body unusable; resuming as a follower");
    }
    if (state.last_epoch_seen != 0) {
      watched_epoch_ = state.last_epoch_seen;
      watched_etag_.clear();
      last_change_ns_ = now_ns;
    }
    resumed.epoch = state.last_epoch_seen;
    resumed.detail = "resumed as a follower";
    emit(std::move(resumed));
    become_follower(now_ns);
  }

  // ---------------------------------------------------------------- plumbing

  // Reports a non-OK status (configuration errors distinctly) and returns
  // whether the status was OK. Configuration errors back the watch off.
  bool response_ok(OpKind op, Status status, Nanos now_ns) {
    HOLO_ASSERT(role_ != Role::kIdle);
    if (status == Status::kOk) return true;
    if (status == Status::kForbidden || status == Status::kNoSuchBucket) {
      emit_config_error(op, status,
                        std::string(to_string(op)) + " on bucket '" + options_.election_bucket +
                            "' prefix '" + options_.election_prefix +
                            "' refused: check the ACLs "
                            "and that the bucket exists");
      if (role_ == Role::kFollower) {
        takeover_not_before_ns_ = now_ns + config_error_backoff();
        arm(Timer::kMain, takeover_not_before_ns_);
        disarm(Timer::kTakeover);
      }
      return false;
    }
    if (status != Status::kTimeout) emit_store_error(op, status, "will retry");
    if (role_ == Role::kFollower) {
      ++watch_failures_;
      arm(Timer::kMain, now_ns + poll_delay());
    }
    return false;
  }

  void on_timer(Timer timer, Nanos now_ns) override {
    switch (timer) {
      case Timer::kMain:
        if (role_ == Role::kFollower) on_main_timer_as_follower(now_ns);
        if (role_ == Role::kLeader) on_main_timer_as_leader(now_ns);
        return;
      case Timer::kTakeover:
        on_takeover_timer(now_ns);
        return;
      case Timer::kDeadline:
        if (role_ == Role::kLeader) update_acting(now_ns);
        return;
      case Timer::kRetry:
        on_retry_timer(now_ns);
        return;
      case Timer::kGc:
        on_gc_timer(now_ns);
        return;
      case Timer::kMembers:
        on_members_timer(now_ns);
        return;
      default:
        HOLO_UNREACHABLE("lock elector: timer owned by the base");
    }
  }

  void on_retry_timer(Nanos now_ns) {
    if (role_ == Role::kResuming) {
      send_state_read(now_ns);
      return;
    }
    // The retry timer is shared: it may fire for a resign retry while a new
    // candidacy is still resolving its create, which has no win to confirm.
    if (role_ == Role::kCandidate && !creating() && confirm_failures_ > 0) {
      send_confirm(now_ns);
      return;
    }
    if (resign_retry_epoch_ != 0 && resign_request_) {
      const Epoch epoch = resign_retry_epoch_;
      resign_retry_epoch_ = 0;
      send(Purpose::kResign, epoch, *resign_request_, now_ns);
    }
  }

  void on_response(const Pending& pending, StoreResponse& response, Nanos now_ns) override {
    switch (pending.purpose) {
      case Purpose::kStateGet:
        on_state_read(response, now_ns);
        return;
      case Purpose::kResign:
        on_resign(pending, response, now_ns);
        return;
      case Purpose::kMembersList:
        on_members_list(response, now_ns);
        return;
      default:
        break;
    }
    if (pending.purpose == Purpose::kList) list_in_flight_ = false;
    if (pending.purpose == Purpose::kWatch) {
      HOLO_ASSERT(watch_gets_in_flight_ > 0);
      --watch_gets_in_flight_;
    }
    if (!is_current(pending)) return;
    switch (pending.purpose) {
      case Purpose::kList:
        on_watch_list(response, now_ns);
        return;
      case Purpose::kWatch:
        on_watch(pending, response, now_ns);
        return;
      case Purpose::kVerify:
        on_verify(pending, response, now_ns);
        return;
      case Purpose::kProbe:
        if (role_ == Role::kLeader) {
          on_leader_probe(pending, response, now_ns);
        } else {
          on_follower_probe(pending, response, now_ns);
        }
        return;
      case Purpose::kConfirm:
        on_confirm(pending, response, now_ns);
        return;
      case Purpose::kRenew:
        on_renew(pending, response, now_ns);
        return;
      case Purpose::kRenewReadBack:
        on_renew_read_back(pending, response, now_ns);
        return;
      case Purpose::kGcList:
        on_gc_list(pending, response, now_ns);
        return;
      default:
        HOLO_UNREACHABLE("lock elector: unexpected purpose");
    }
  }

  void on_clock_jump(Nanos now_ns) override {
    age_tracker_.clear();
    members_.forget_times();
    switch (role_) {
      case Role::kLeader:
        // The interval measured since the last renewal can no longer be
        // trusted: stop acting now and hand the epoch over.
        stop_acting(StopReason::kClockJump);
        resign(StopReason::kNone, now_ns);
        return;
      case Role::kCandidate:
        // The create's send time is on the old timeline, so an acting
        // interval computed from it could be too long: give the attempt up.
        // If it had committed, the object is an epoch like any other, which
        // followers take over after the lease.
        abandon_create();
        emit_attempt(candidate_record_.epoch, AttemptOutcome::kError, {});
        role_ = Role::kFollower;
        last_change_ns_ = now_ns;
        become_follower(now_ns);
        return;
      default:
        // A follower restarts its measurement of silence from now.
        last_change_ns_ = now_ns;
        evaluate_takeover(now_ns);
        return;
    }
  }

  void describe_state(NodeState& state) const override {
    // A resuming leader keeps reporting the stored lock until its renewal
    // decides: a crash in between must not erase what the next resume needs.
    state.leader = role_ == Role::kLeader;
    if (!state.leader) return;
    state.lock_epoch = epoch_;
    state.lock_etag = etag_;
    state.lock_body = record_body();
  }

  // encode_lock_record(record_), encoded again only when record_ changed.
  const std::string& record_body() const {
    if (!record_body_valid_ || record_body_of_ != record_) {
      record_body_ = encode_lock_record(record_);
      record_body_of_ = record_;
      record_body_valid_ = true;
    }
    return record_body_;
  }

  const LockPolicy policy_;
  Nanos acting_span_ns_ = 0;
  Role role_ = Role::kIdle;

  // Follower: the newest lock known, and when it last changed (local).
  Epoch watched_epoch_ = 0;
  std::string watched_etag_;
  std::string watched_owner_;
  bool watched_expired_ = false;
  LockBodyDecoder lock_decoder_;  // the bodies of the watched lock, renewal after renewal
  Nanos last_change_ns_ = 0;
  Nanos takeover_jitter_ns_ = 0;
  Nanos takeover_not_before_ns_ = INT64_MIN;
  std::uint32_t watch_failures_ = 0;
  bool need_recover_ = false;
  bool watch_known_ = false;           // a watch of the store has succeeded at least once
  bool epoch_limit_reported_ = false;  // the anomaly of next_epoch_exists, once per node (F12)
  bool verify_in_flight_ = false;
  std::string verify_etag_;  // the version a takeover's verify GET must still find
  bool list_in_flight_ = false;
  std::uint32_t list_pages_ = 0;
  Epoch list_best_epoch_ = 0;
  std::string list_best_etag_;

  // Candidate.
  Epoch basis_epoch_ = 0;
  std::string basis_etag_;
  LockRecord candidate_record_;
  AttemptOutcome won_outcome_ = AttemptOutcome::kNone;
  Nanos create_send_ns_ = 0;
  std::uint32_t confirm_failures_ = 0;
  RequestId confirm_request_id_ = 0;
  std::uint32_t watch_gets_in_flight_ =
      0;  // kWatch GETs sent and not yet answered  // the confirm LIST the candidacy waits for

  // Leader.
  Epoch epoch_ = 0;
  std::string etag_;
  LockRecord record_;
  // The body of record_body_of_: the node state's copy of the lock body,
  // which a leader writes at every heartbeat (mutable: a cache that
  // describe_state, a const function, fills).
  mutable LockRecord record_body_of_;
  mutable std::string record_body_;
  mutable bool record_body_valid_ = false;
  bool acting_ = false;
  Nanos acting_until_ns_ = 0;
  Nanos announced_until_ns_ = 0;
  Nanos act_not_before_ns_ = 0;
  Nanos last_renew_send_ns_ = 0;
  Nanos renew_send_ns_ = 0;
  Nanos probe_send_ns_ = 0;
  bool renew_in_flight_ = false;
  std::uint32_t renew_failures_ = 0;
  bool resuming_leader_ = false;
  // lease (policy resume_waits_lease): a resumed leader that has not acted
  // yet. Its renewals count only through their probe, and only those sent at
  // or after resume_counts_from_ns_ (local time; INT64_MAX until its first
  // renewal is confirmed).
  bool resume_settling_ = false;
  Nanos resume_counts_from_ns_ = INT64_MAX;
  std::uint32_t resign_failures_ = 0;
  Epoch resign_retry_epoch_ = 0;
  std::optional<StoreRequest> resign_request_;
  std::uint32_t resume_failures_ = 0;

  // Duties.
  MemberDirectory members_;
  GcAgeTracker age_tracker_;
  std::vector<GcVictim> gc_victims_;
  bool members_pages_in_flight_ = false;
  std::uint32_t members_pages_ = 0;
};

}  // namespace

std::unique_ptr<Elector> make_stable_elector(const SharedElectorOptions& options,
                                             const ElectorIdentity& identity) {
  return std::make_unique<LockElector>(options, identity, LockPolicy{});
}

std::unique_ptr<Elector> make_lease_elector(const SharedElectorOptions& options,
                                            const ElectorIdentity& identity) {
  LockPolicy policy;
  policy.watch_by_list = true;
  policy.probe_gates_renewal = false;
  policy.verify_before_takeover = false;
  policy.confirm_previous_etag = false;
  policy.jitter = false;
  policy.resume_waits_lease = true;
  return std::make_unique<LockElector>(options, identity, policy);
}

}  // namespace holocron
