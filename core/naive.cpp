#include "core/naive.hpp"

#include <algorithm>
#include <string>

#include "core/assert.hpp"
#include "core/elector_base.hpp"
#include "core/gc.hpp"
#include "core/lock_record.hpp"

namespace holocron {
namespace {

// Spreads the start of consecutive creators' leftover deletions (the 64-bit
// golden ratio: consecutive epochs land far apart modulo any size).
constexpr std::uint64_t kGcStartSpread = 0x9E3779B97F4A7C15ULL;
// round_pages_ is 16 bits wide to keep the round's fields in one line.
static_assert(kNaiveListPagesMax <= UINT16_MAX);
// The encoder fills one line only while it fits this size.
static_assert(sizeof(LockBodyEncoder) <= 64);

// The lock record fields a naive node writes identically in every round.
LockRecord fixed_lock_fields(const ElectorOptions& options, const std::string& node_id) {
  LockRecord record;
  record.owner = node_id;
  record.lease_ns = options.poll_interval_ns;
  record.members.push_back(ViewMember{node_id, MemberRole::kLeader, 0});
  return record;
}

class NaiveElector final : public ElectorBase {
 public:
  NaiveElector(const SharedElectorOptions& options, const ElectorIdentity& identity)
      : ElectorBase(options, identity),
        gc_on_(options_.gc_keep > 0),
        poll_interval_ns_(options_.poll_interval_ns),
        age_tracker_(options_.gc_min_age_ns),
        lock_body_(fixed_lock_fields(options_, node_id())) {
    HOLO_ASSERT(options_.algorithm == Algorithm::kNaive);
  }

  void handle_start(Nanos now_ns) override {
    if (!enter(now_ns)) return;
    HOLO_ASSERT(!started_);
    started_ = true;
    start_heartbeats(now_ns);
    if (identity_.resume) {
      // Read the stored state first, so that epochs seen never go backwards
      // across a restart; the first round starts when the read ends.
      const ObjectLocation location = node_state_location(options_, identity_);
      StoreRequest request;
      request.op = OpKind::kGet;
      request.bucket = location.bucket;
      request.key = location.key;
      send(Purpose::kStateGet, 0, std::move(request), now_ns);
      return;
    }
    begin_round(now_ns);
  }

  void handle_resign(Nanos now_ns) override {
    if (!enter(now_ns)) return;
    stop_acting(StopReason::kResigned);
  }

  void handle_stop(Nanos now_ns) override {
    if (!enter(now_ns)) return;
    stop_acting(StopReason::kStopped);
    mark_stopped();
  }

  [[nodiscard]] std::optional<Epoch> acting_epoch(Nanos now_ns) const override {
    if (!leading_ || now_ns < round_start_ns_ || now_ns >= acting_until_ns_) return std::nullopt;
    if (now_ns < last_input_ns()) return std::nullopt;  // the clock stepped back
    return leader_epoch_;
  }

 private:
  void on_timer(Timer timer, Nanos now_ns) override {
    if (timer == Timer::kMain) begin_round(now_ns);
  }

  void begin_round(Nanos now_ns) {
    HOLO_ASSERT(started_);
    HOLO_ASSERT(poll_interval_ns_ > 0);
    stop_acting(StopReason::kRoundEnded);
    if (round_requests_in_flight_ > 0) {
      // The store is slower than the poll interval: starting a round on every
      // tick would pile up requests without bound. Let the pending round
      // finish instead (it cannot act: its round has ended) and try again.
      arm(Timer::kMain, now_ns + poll_interval_ns_);
      if (!slow_round_reported_) {
        slow_round_reported_ = true;
        emit_anomaly("naive: the previous round's request is still in flight; round skipped");
      }
      return;
    }
    slow_round_reported_ = false;
    new_generation();  // abandon whatever the previous round still waits for
    round_start_ns_ = now_ns;
    arm(Timer::kMain, now_ns + poll_interval_ns_);
    round_max_ = 0;
    round_pages_ = 0;
    round_first_page_.clear();
    send_list_page({}, now_ns);
  }

  void send_list_page(std::string_view start_after, Nanos now_ns) {
    HOLO_ASSERT(round_pages_ < kNaiveListPagesMax);
    HOLO_ASSERT(start_after.empty() == (round_pages_ == 0));
    StoreRequest& request = compose_in_election_bucket(OpKind::kList);
    request.key = list_prefix();
    // compose() left start_after empty: a first page writes nothing there.
    if (!start_after.empty()) request.start_after = start_after;
    ++round_pages_;
    ++round_requests_in_flight_;
    send_composed(Purpose::kList, 0, now_ns);
  }

  void on_response(const Pending& pending, StoreResponse& response, Nanos now_ns) override {
    if (pending.purpose == Purpose::kStateGet) {
      on_state_read(response, now_ns);
      return;
    }
    if (pending.purpose == Purpose::kList || pending.purpose == Purpose::kNaiveCreate ||
        pending.purpose == Purpose::kConfirm) {
      HOLO_ASSERT(round_requests_in_flight_ > 0);
      --round_requests_in_flight_;
    }
    if (!is_current(pending)) return;
    switch (pending.purpose) {
      case Purpose::kList:
        on_list(response, now_ns);
        return;
      case Purpose::kNaiveCreate:
        on_create(pending.epoch, pending.sent_local_ns, response, now_ns);
        return;
      case Purpose::kConfirm:
        on_confirm(pending.epoch, response, now_ns);
        return;
      default:
        HOLO_UNREACHABLE("naive: unexpected purpose");
    }
  }

  void on_list(const StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(round_pages_ >= 1);
    HOLO_ASSERT(!leading_);
    if (response.status != Status::kOk) {
      // The prototype: any error means follower until the next round.
      report_error(OpKind::kList, response.status);
      return;
    }
    // A page is in ascending key order, and epoch keys are fixed-width and
    // zero-padded, so the page's largest epoch is its last parseable epoch
    // key: scan from the back and stop there instead of parsing every key
    // (a LIST of many keys per node per round made parsing the top cost).
    // The largest epoch's ETag is read where it is, in this page, when the
    // round ends on this page (nearly always): it is copied into
    // round_max_etag_ only for a LIST that continues on another page.
    std::string_view page_max_etag;
    bool max_on_this_page = false;
    for (auto object = response.objects.rbegin(); object != response.objects.rend(); ++object) {
      const auto epoch = parse_epoch_key_under(list_prefix(), object->key);
      if (!epoch) continue;
      if (*epoch > round_max_) {
        round_max_ = *epoch;
        page_max_etag = object->etag;
        max_on_this_page = true;
      }
      break;
    }
    // Garbage collection deletes the oldest epochs, which are on the round's
    // first page (a full page holds 1,000 keys, far more than one pass
    // deletes). The page is shared with the response, not copied.
    if (gc_on_ && round_pages_ == 1) round_first_page_ = response.objects;
    // The next page starts after this page's last key.
    const std::string_view last_key = response.objects.empty()
                                          ? std::string_view()
                                          : std::string_view(response.objects.back().key);
    if (response.truncated && !response.objects.empty()) {
      if (round_pages_ >= kNaiveListPagesMax) {
        emit_anomaly("naive: more than kNaiveListPagesMax LIST pages; follower this round");
        return;
      }
      if (last_key.empty()) {
        emit_anomaly("naive: a truncated LIST page ends with an empty key; follower this round");
        return;
      }
      if (max_on_this_page) round_max_etag_ = page_max_etag;
      send_list_page(last_key, now_ns);
      return;
    }
    if (round_max_ != 0) {
      observe_epoch(round_max_, {});
      age_tracker_.note(now_ns, round_max_);
    }
    if (round_max_ == UINT64_MAX) {
      // A hostile or corrupt key at the integer limit: no epoch can follow it.
      emit_anomaly("naive: an epoch key at the largest epoch; no next epoch, follower this round");
      return;
    }
    const Epoch next = round_max_ + 1;
    HOLO_ASSERT(next > round_max_);
    StoreRequest& request = compose_epoch(OpKind::kPut, next);
    request.condition = Condition::kIfNoneMatch;
    const std::string_view previous_etag = round_max_ == 0    ? std::string_view()
                                           : max_on_this_page ? page_max_etag
                                                              : std::string_view(round_max_etag_);
    lock_body_.encode_into(request.body, next, round_max_, previous_etag);
    ++round_requests_in_flight_;
    send_composed(Purpose::kNaiveCreate, next, now_ns);
  }

  // `sent_ns`: when the create was sent (local clock).
  void on_create(Epoch epoch, Nanos sent_ns, const StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(epoch == round_max_ + 1);
    HOLO_ASSERT(!leading_);
    if (response.status != Status::kOk) {
      // Only a creator collects garbage from the round's page: let it go
      // now, while other nodes may still hold it, rather than at the next
      // round, when its last holder frees it cold.
      round_first_page_.clear();
    }
    if (response.status == Status::kPreconditionFailed) {
      emit_attempt(epoch, AttemptOutcome::kLost, {});
      return;
    }
    if (response.status != Status::kOk) {
      emit_attempt(epoch, AttemptOutcome::kError, {});
      report_error(OpKind::kPut, response.status);
      return;
    }
    // Written only by a round that won its create (a few nodes a round), so
    // that it can stay out of the round's line (see the fields below).
    create_sent_ns_ = sent_ns;
    if (!gc_on_) {
      become_leader(epoch, now_ns);
      return;
    }
    // Garbage collection deletes keys, so a won key may be below the newest:
    // prove that nothing above it exists before acting.
    StoreRequest& request = compose_in_election_bucket(OpKind::kList);
    request.key = list_prefix();
    write_epoch_key_under(list_prefix(), epoch, request.start_after);
    request.max_keys = 1;
    ++round_requests_in_flight_;
    send_composed(Purpose::kConfirm, epoch, now_ns);
  }

  void on_confirm(Epoch epoch, const StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(options_.gc_keep > 0);
    HOLO_ASSERT(epoch == round_max_ + 1);
    if (response.status != Status::kOk) {
      // Unknown whether a higher epoch exists: do not act (neither won nor lost).
      emit_attempt(epoch, AttemptOutcome::kError, {});
      report_error(OpKind::kList, response.status);
      return;
    }
    for (const ListedObject& object : response.objects) {
      if (const auto higher = parse_epoch_key_under(list_prefix(), object.key)) {
        observe_epoch(*higher, {});
        emit_attempt(epoch, AttemptOutcome::kStale, {});
        // Overtaken, but this node did create `epoch`: it still deletes its
        // own slot (gc.hpp), or nobody would.
        collect_garbage(epoch, now_ns);
        return;
      }
    }
    become_leader(epoch, now_ns);
    collect_garbage(epoch, now_ns);
  }

  // Returns false when the win came too late to act on (see below).
  bool become_leader(Epoch epoch, Nanos now_ns) {
    HOLO_ASSERT(!leading_);
    observe_epoch(epoch, node_id());
    emit_attempt(epoch, AttemptOutcome::kWon, node_id());
    // Normally the round starts before its create is sent; after a backwards
    // clock step the create may have been sent before the round's start on
    // the new timeline, and the acting interval must not outlast the create
    // by more than one poll interval.
    const Nanos acting_until_ns = std::min(round_start_ns_, create_sent_ns_) + poll_interval_ns_;
    if (acting_until_ns <= now_ns) {
      // A store slower than the poll interval answered after the round's
      // acting interval was over (fuzz finding F13: with a backwards clock
      // step this asserted; without one it announced a leadership that had
      // already ended). The win is reported, but there is nothing to lead.
      emit_anomaly("naive: won epoch " + std::to_string(epoch) +
                   " after the round's acting interval ended; not leading");
      return false;
    }
    leading_ = true;
    leader_epoch_ = epoch;
    acting_until_ns_ = acting_until_ns;
    Event event;
    event.kind = EventKind::kBecameLeader;
    event.epoch = epoch;
    event.acting_until_local_ns = acting_until_ns_;
    emit(std::move(event));
    return true;
  }

  // Called by the creator of `epoch` once its confirming LIST succeeded,
  // whether it leads `epoch` or was overtaken: the own-slot rule of gc.hpp.
  void collect_garbage(Epoch epoch, Nanos now_ns) {
    HOLO_ASSERT(options_.gc_keep > 0);
    HOLO_ASSERT(epoch == round_max_ + 1);
    const Epoch old_enough = age_tracker_.old_enough(now_ns, options_.gc_min_age_ns);
    const std::size_t leftovers =
        plan_own_slot_gc(round_first_page_, options_.election_prefix, epoch, options_.gc_keep,
                         old_enough, gc_victims_);
    if (gc_victims_.empty()) return;
    // Leftovers (keys whose own creator did not delete them) are rare in the
    // steady state, but after an outage many creators see the same ones:
    // each starts at a point picked from its own epoch and wraps around, so
    // that they delete different keys instead of all deleting the oldest.
    if (leftovers > 1) {
      const auto first = gc_victims_.end() - static_cast<std::ptrdiff_t>(leftovers);
      const auto start = static_cast<std::ptrdiff_t>((epoch * kGcStartSpread) % leftovers);
      HOLO_ASSERT(start < static_cast<std::ptrdiff_t>(leftovers));
      std::rotate(first, first + start, gc_victims_.end());
    }
    // Replaces whatever an earlier pass still had queued: this pass starts
    // with the own slot, which nobody else deletes.
    start_gc_deletes(gc_victims_, now_ns);
  }

  void stop_acting(StopReason reason) {
    HOLO_ASSERT(reason != StopReason::kNone);
    if (!leading_) return;
    HOLO_ASSERT(leader_epoch_ != 0);
    leading_ = false;
    Event event;
    event.kind = EventKind::kStoppedLeading;
    event.epoch = leader_epoch_;
    event.stop_reason = reason;
    emit(std::move(event));
  }

  void report_error(OpKind op, Status status) {
    HOLO_ASSERT(status != Status::kOk);
    if (status == Status::kForbidden || status == Status::kNoSuchBucket) {
      emit_config_error(op, status,
                        "cannot use bucket '" + options_.election_bucket + "' prefix '" +
                            options_.election_prefix + "'");
      // Back off instead of failing again every round.
      arm(Timer::kMain, round_start_ns_ + config_error_backoff());
      return;
    }
    emit_store_error(op, status, "naive: follower until the next round");
  }

  void on_state_read(const StoreResponse& response, Nanos now_ns) {
    HOLO_ASSERT(identity_.resume);
    HOLO_ASSERT(!leading_);
    if (response.status == Status::kOk) {
      const NodeStateDecode decoded = decode_node_state(response.body);
      if (decoded.state && decoded.state->node_id == node_id()) {
        observe_epoch(decoded.state->last_epoch_seen, {});
        Event event;
        event.kind = EventKind::kResumed;
        event.epoch = decoded.state->last_epoch_seen;
        event.detail = "naive: resumed the epochs seen; no leadership is carried over";
        emit(std::move(event));
      } else {
        emit_anomaly("unreadable node state: " +
                     (decoded.state ? std::string("foreign node") : decoded.error));
      }
    } else if (response.status == Status::kForbidden || response.status == Status::kNoSuchBucket) {
      emit_config_error(OpKind::kGet, response.status, "cannot read this node's stored state");
    }
    begin_round(now_ns);
  }

  void on_clock_jump(Nanos now_ns) override {
    (void)now_ns;
    stop_acting(StopReason::kClockJump);
    age_tracker_.clear();
  }

  void on_create_result(CreateResult result, Nanos now_ns) override {
    (void)result;
    (void)now_ns;
    HOLO_UNREACHABLE("naive never uses begin_create");
  }

  void describe_state(NodeState& state) const override {
    state.leader = false;  // naive leadership ends with the round: nothing to resume
    HOLO_ASSERT(state.lock_epoch == 0);
  }

  // What a round reads and writes, in one cache line (the class is
  // line-aligned through ElectorBase), and the lock body's encoder on the
  // next: with 10,000 nodes no core stays in the cache from one of its
  // inputs to the next, and each line a round touches is a miss (cachegrind
  // with an 8 MB last-level cache).
  alignas(64) bool started_ = false;
  bool leading_ = false;
  bool slow_round_reported_ = false;  // one anomaly per streak of skipped rounds
  const bool gc_on_;                  // options_.gc_keep > 0
  std::uint16_t round_pages_ = 0;     // at most kNaiveListPagesMax
  // This node's LIST, create and confirm requests not yet answered (of any
  // round); a new round starts only when it is 0, which bounds them to one.
  std::uint16_t round_requests_in_flight_ = 0;
  // options_.poll_interval_ns, here (like gc_on_) because every round reads
  // it and the options are on other lines.
  const Nanos poll_interval_ns_;
  Nanos round_start_ns_ = 0;
  Epoch round_max_ = 0;
  ListedObjects round_first_page_;  // the round's first LIST page, for garbage collection
  // The epochs' ages, noted every round. With no minimum age (the anchors')
  // the tracker reads and writes only its first 16 bytes, which end this
  // line; the rest of it fills the next line, which such a round does not
  // touch.
  GcAgeTracker age_tracker_;
  // The lock body's fields that never change for this node, encoded once
  // (48 bytes: a naive node's owner and lease are all it keeps, see
  // core/lock_record.hpp), on a line of their own with what only a leader
  // reads.
  alignas(64) LockBodyEncoder lock_body_;
  Epoch leader_epoch_ = 0;
  Nanos acting_until_ns_ = 0;
  Nanos create_sent_ns_ = 0;  // when this round's won create was sent (local clock)
  // The largest epoch's ETag of a LIST that spans pages (cold).
  std::string round_max_etag_;
  std::vector<GcVictim> gc_victims_;
};

}  // namespace

std::unique_ptr<Elector> make_naive_elector(const SharedElectorOptions& options,
                                            const ElectorIdentity& identity) {
  return std::make_unique<NaiveElector>(options, identity);
}

}  // namespace holocron
