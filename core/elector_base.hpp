// The machinery every election algorithm shares, so that each algorithm's file
// holds only its own decisions:
//   - the outputs: store requests with fresh ids, kept in the core's own
//     request entries from compose() until their responses (the driver
//     borrows them), an event queue and a set of named timers (poll_timeout()
//     is the earliest of them);
//   - request bookkeeping: which request id is for what, sent when, and for
//     which "generation" of the algorithm's state (a response to a request of
//     an abandoned generation is recognised and ignored);
//   - local-time hygiene: a backwards jump of the caller's clock is detected
//     once, here, for every input, and armed timers are shifted with it;
//   - bounded, jittered exponential backoff for 409/503/500, and a long
//     backoff for configuration errors (403, NoSuchBucket), never a spin;
//   - one create-only write of an epoch (If-None-Match: *), with its retries
//     and the resolution of ambiguous outcomes: a create that timed out (or got
//     a 500, or got 412 on a retry after either) is resolved by reading the
//     epoch object back and comparing its owner with this node's id. Unknown is
//     never reported as won or lost;
//   - the node state object (heartbeat) when options.publish_state is set.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/assert.hpp"
#include "core/elector.hpp"
#include "core/gc.hpp"
#include "core/keys.hpp"
#include "core/node_state.hpp"
#include "core/prng.hpp"

namespace holocron {

// At most this many requests of one core may be in flight: a bug that leaks
// requests stops at an assertion instead of growing without bound.
inline constexpr std::size_t kPendingRequestsMax = 256;
// Events the driver has not drained yet; the contract is to drain after every
// input, so even a busy input emits only a handful.
inline constexpr std::size_t kEventQueueMax = 1024;
// Request entries held inside the core object; more live requests than this
// (a garbage-collection delete, a heartbeat and a round's request are the
// usual most) go to entries allocated one at a time.
inline constexpr std::size_t kInlineRequestEntries = 4;
// A configuration error (403, NoSuchBucket) is retried only this many times
// backoff_max_ns apart: a misconfigured node must not spin.
inline constexpr std::int64_t kConfigErrorBackoffFactor = 6;

// Aligned to a cache line, so that the fields every input reads (below,
// first) fill exactly the object's first line and the timers its second,
// instead of straddling three lines wherever the allocator put the object.
class alignas(64) ElectorBase : public Elector {
 public:
  ElectorBase(const SharedElectorOptions& options, const ElectorIdentity& identity);

  void handle_timeout(Nanos now_ns) final;
  using Elector::handle_response;
  void handle_response(RequestId id, StoreResponse& response, Nanos now_ns) final;
  [[nodiscard]] std::optional<Event> poll_event() final;
  [[nodiscard]] const Event* peek_event() const final;
  void pop_event() final;
  [[nodiscard]] const OutgoingRequest* borrow_request() final;
  [[nodiscard]] std::optional<Nanos> poll_timeout() const final;
  [[nodiscard]] Epoch highest_epoch_seen() const final { return highest_epoch_seen_; }

 protected:
  // What a request was for. One list for all algorithms keeps the bookkeeping
  // in one place; each algorithm uses the purposes it needs.
  enum class Purpose : std::uint8_t {
    kList,           // find the newest epoch (naive round, recovery, lease watch)
    kCreate,         // If-None-Match create of an epoch (owned by the base)
    kReadBack,       // GET of an epoch after an ambiguous create (owned by the base)
    kConfirm,        // after a win: LIST to prove no higher epoch exists
    kWatch,          // follower: GET of the known epoch
    kProbe,          // GET of the next epoch key
    kVerify,         // follower: GET just before a takeover
    kRenew,          // leader: If-Match PUT of its epoch
    kRenewReadBack,  // leader: GET after an ambiguous renewal
    kResign,         // leader: If-Match PUT marking its lock expired
    kGcList,         // leader: LIST the oldest epochs
    kGcDelete,       // leader: DELETE one old epoch (owned by the base)
    kMembersList,    // leader: LIST node state objects (shared layout)
    kStateGet,       // resume: GET this node's stored state
    kStatePut,       // heartbeat: PUT this node's state (owned by the base)
    kNaiveCreate,    // naive: the prototype's create (no retries, no read-back)
  };

  enum class Timer : std::uint8_t {
    kMain,         // the algorithm's main cadence (round, poll, renewal)
    kTakeover,     // follower: jittered takeover
    kDeadline,     // leader: the local instant its acting interval ends
    kRetry,        // the algorithm's own retries with backoff
    kGc,           // leader: next garbage-collection pass
    kMembers,      // leader: next membership refresh
    kCreateRetry,  // base: next try of the current create
    kHeartbeat,    // base: next node state write
    kCount,
  };

  struct Pending {
    RequestId id = 0;
    Purpose purpose = Purpose::kList;
    Epoch epoch = 0;
    std::uint64_t generation = 0;
    Nanos sent_local_ns = 0;
  };

  // The outcome of begin_create, reported through on_create_result.
  struct CreateResult {
    Epoch epoch = 0;
    AttemptOutcome outcome = AttemptOutcome::kNone;
    std::string etag;            // won: the ETag of our lock object
    std::string owner;           // lost after a read-back: who owns it ("" if unknown)
    Nanos earliest_send_ns = 0;  // won: the send time of the first attempt
    bool config_error = false;   // error: 403 or NoSuchBucket (back off long)
  };

  // Every handle_* must call this first with its now_ns. It detects a
  // backwards clock jump (shifting armed timers and calling on_clock_jump)
  // and returns false when the elector is stopped and must do nothing.
  bool enter(Nanos now_ns);

  RequestId send(Purpose purpose, Epoch epoch, StoreRequest request, Nanos now_ns);
  // Building a request in place: compose() returns a free request entry,
  // reset to an empty request of kind `op` but keeping the capacity of the
  // strings it held before, so that a request on the hot path (naive's round,
  // a garbage-collection delete) allocates nothing. Fill it, then call
  // send_composed() before composing another request.
  [[nodiscard]] StoreRequest& compose(OpKind op);
  // compose() with the bucket already set to options.election_bucket; the
  // caller must not change it.
  [[nodiscard]] StoreRequest& compose_in_election_bucket(OpKind op);
  // compose() for the epoch object `epoch` in the election bucket.
  [[nodiscard]] StoreRequest& compose_epoch(OpKind op, Epoch epoch);
  RequestId send_composed(Purpose purpose, Epoch epoch, Nanos now_ns);
  // A GET of the epoch object `epoch`, for a purpose about that epoch, built
  // in place (send(purpose, epoch, epoch_request(kGet, epoch)) allocated a
  // key per request), with the key copied from election_epoch_key.
  RequestId send_epoch_get(Purpose purpose, Epoch epoch, Nanos now_ns);
  // epoch_key(options.election_prefix, epoch), remembered for the last two
  // epochs asked for: a stable follower GETs the same two keys (the watched
  // epoch and its probe) at every poll, and writing a key costs more than
  // copying it.
  [[nodiscard]] const std::string& election_epoch_key(Epoch epoch);
  void emit(Event&& event);
  // In line, so that the branch of timer_at folds away for a constant timer
  // (every caller names one).
  void arm(Timer timer, Nanos at_ns) {
    HOLO_ASSERT(timer != Timer::kCount);
    if (stopped_) return;
    const auto index = static_cast<std::size_t>(timer);
    timer_at(index) = at_ns;
    timers_armed_ = static_cast<std::uint8_t>(timers_armed_ | (1U << index));
  }
  void disarm(Timer timer);
  [[nodiscard]] bool armed(Timer timer) const;
  void disarm_all();

  // A jittered exponential delay for the failures-th consecutive failure
  // (1-based): uniform in [d/2, d] with d = min(backoff_max, base * 2^(n-1)).
  [[nodiscard]] Nanos backoff_delay(std::uint32_t failures);
  [[nodiscard]] Nanos config_error_backoff() const {
    return options_.backoff_max_ns * kConfigErrorBackoffFactor;
  }

  // Raises highest_epoch_seen and emits kObservedEpoch the first time.
  void observe_epoch(Epoch epoch, std::string_view owner);
  void emit_store_error(OpKind op, Status status, std::string detail);
  void emit_config_error(OpKind op, Status status, std::string detail);
  void emit_anomaly(std::string detail);
  void emit_attempt(Epoch epoch, AttemptOutcome outcome, std::string owner);

  // Generation: bump it to make every response to an earlier request of the
  // algorithm's own purposes stale. The base's own purposes track themselves.
  void new_generation() { ++generation_; }
  [[nodiscard]] bool is_current(const Pending& pending) const {
    return pending.generation == generation_;
  }
  [[nodiscard]] std::uint64_t generation() const { return generation_; }
  // The latest local time of any input (INT64_MIN before the first). An
  // acting_epoch(now) query with an earlier `now` means the clock stepped back
  // and must not be answered with an epoch.
  [[nodiscard]] Nanos last_input_ns() const { return last_now_ns_; }

  // One create-only write of `epoch` with `body`, resolved to an outcome
  // through on_create_result. At most one create runs at a time.
  void begin_create(Epoch epoch, std::string body, Nanos now_ns);
  void abandon_create();
  [[nodiscard]] bool creating() const { return create_.has_value(); }

  // Node state: schedule heartbeats (when options.publish_state) and write the
  // state now (coalesced: at most one write in flight).
  void start_heartbeats(Nanos now_ns);
  void publish_state_now(Nanos now_ns);

  // Garbage collection: deletes the victims one at a time, ascending, each
  // with If-Match on its listed ETag (see core/gc.hpp). Replaces any pass
  // still queued; a delete in flight finishes first.
  void start_gc_deletes(std::vector<GcVictim>& victims, Nanos now_ns);
  [[nodiscard]] bool gc_running() const { return gc_next_ < gc_queue_.size() || gc_in_flight_; }

  // Marks the elector stopped: no more requests, events or timers from then on.
  void mark_stopped();
  [[nodiscard]] bool stopped() const { return stopped_; }

  // A request for the epoch object `epoch` (GET, or PUT with a condition).
  [[nodiscard]] StoreRequest epoch_request(OpKind op, Epoch epoch) const;
  [[nodiscard]] const std::string& list_prefix() const { return list_prefix_; }

  virtual void on_timer(Timer timer, Nanos now_ns) = 0;
  virtual void on_response(const Pending& pending, StoreResponse& response, Nanos now_ns) = 0;
  virtual void on_clock_jump(Nanos now_ns) = 0;
  virtual void on_create_result(CreateResult result, Nanos now_ns) = 0;
  // Fills what the algorithm knows (role, lock epoch, ETag, body).
  virtual void describe_state(NodeState& state) const = 0;

 private:
  // The fields that every input reads come first, in the object's first
  // cache lines: with 10,000 nodes no core stays in the cache from one round
  // to the next, and each line an input touches is a miss (cachegrind with
  // an 8 MB last-level cache). The request entries come last, next to the
  // algorithm's own fields.
  std::uint64_t generation_ = 1;
  RequestId next_request_id_ = 1;
  Nanos last_now_ns_ = INT64_MIN;
  Epoch highest_epoch_seen_ = 0;
  // The main timer (a naive round, a follower's poll, a leader's renewal)
  // fires at every round of every algorithm: it stands here, in the first
  // line, and the other timers, which most rounds do not touch, on the fourth
  // (10,000 naive nodes: one cache miss less per round).
  Nanos main_timer_ns_ = 0;
  struct RequestEntry;
  RequestEntry* composing_ = nullptr;  // compose() returned it; not sent yet
  // Requests are borrowed in the order of their ids, which send_composed()
  // hands out in sending order: the next one to borrow has the id
  // next_request_id_ - requests_queued_. A count (at most
  // kPendingRequestsMax), not that id, so that the main timer fits in this
  // line.
  std::uint16_t requests_queued_ = 0;
  std::uint8_t timers_armed_ = 0;   // bit i: timer i holds a deadline (timer_at)
  bool epoch_unpublished_ = false;  // highest_epoch_seen_ rose since the last state write
  bool stopped_ = false;
  // A higher epoch seen is written to the node state at once: not naive
  // (which relies on its heartbeat), and only with options.publish_state.
  // Here, because the options are on other lines.
  const bool publishes_epochs_;
  // Entries composed, queued or in flight (at most kPendingRequestsMax), in
  // the first line's padding: compose() reads it for every request.
  std::uint16_t requests_live_ = 0;
  // The second line: the prefix every LIST names, the event queue's bounds,
  // and the queue's first event (an input emits one or two, and the driver
  // drains them after every input: nearly every event is the first) but for
  // its strings, which fill the third line. Events used to live in a vector's
  // heap block, two or three lines a round of their own (10,000 naive
  // nodes); here a naive round's events, whose strings stay empty, touch no
  // line that the round's LIST does not (core/elector.hpp orders Event's
  // fields for this).
  std::string list_prefix_;
  // The queue is [events_begin_, events_end_): event 0 is first_event_,
  // event i > 0 is more_events_[i - 1].
  std::uint16_t events_begin_ = 0;
  std::uint16_t events_end_ = 0;
  // first_event_'s owner or detail may be non-empty: the next event there
  // clears them first. Tracked, so that an event whose strings stay empty
  // reads and writes nothing on the third line.
  bool first_event_strings_set_ = false;
  Event first_event_;
  // The fourth line: the timers after kMain (timer_at(1) onwards).
  static_assert(static_cast<std::size_t>(Timer::kCount) <= 8);
  std::array<Nanos, static_cast<std::size_t>(Timer::kCount) - 1> other_timers_{};

 protected:
  // Shared with the other cores of a driver (core/elector.hpp): read-only,
  // and without this node's identity, which is identity_'s alone.
  const SharedElectorOptions shared_options_;
  const ElectorOptions& options_;
  const ElectorIdentity identity_;
  Prng prng_;

  [[nodiscard]] const std::string& node_id() const { return identity_.node_id; }

 private:
  static constexpr std::size_t kTimerCount = static_cast<std::size_t>(Timer::kCount);
  static_assert(kPendingRequestsMax <= UINT16_MAX);
  static_assert(kEventQueueMax <= UINT16_MAX);
  static_assert(static_cast<std::size_t>(Timer::kMain) == 0);

  // The deadline slot of timer `index` (a Timer's value): kMain's in the
  // first line, the others on the fourth.
  [[nodiscard]] Nanos& timer_at(std::size_t index) {
    return index == 0 ? main_timer_ns_ : other_timers_[index - 1];
  }
  [[nodiscard]] Nanos timer_at(std::size_t index) const {
    return index == 0 ? main_timer_ns_ : other_timers_[index - 1];
  }

  struct CreateState {
    Epoch epoch = 0;
    std::string body;
    std::uint32_t failures = 0;
    bool maybe_committed = false;  // an attempt timed out or got a 500
    Nanos earliest_send_ns = 0;
    std::uint64_t serial = 0;
  };

  void send_create(Nanos now_ns);
  void send_read_back(Nanos now_ns);
  void on_create_response(const Pending& pending, StoreResponse& response, Nanos now_ns);
  void on_read_back_response(const Pending& pending, StoreResponse& response, Nanos now_ns);
  void retry_create_later(Nanos now_ns);
  void finish_create(AttemptOutcome outcome, std::string etag, std::string owner, Nanos now_ns,
                     bool config_error = false);
  void on_state_put_response(const StoreResponse& response, Nanos now_ns);
  void flush_epoch_seen(Nanos now_ns);
  void send_next_gc_delete(Nanos now_ns);
  void on_gc_delete_response(const StoreResponse& response, Nanos now_ns);
  // A new event of `kind` at the back of the queue, to be filled in place, or
  // nullptr when a stopped elector must not emit it. Events are built where
  // they are queued: an Event holds two strings, and each move of one was a
  // visible cost on naive's hot path (two events per round). Every field
  // holds its default, the strings empty; a string is written through
  // set_event_owner or emit, which keep first_event_strings_set_ current.
  [[nodiscard]] Event* emplace_event(EventKind kind);
  // Event `index` of the queue (first_event_ or more_events_).
  [[nodiscard]] Event& event_at(std::size_t index) {
    return index == 0 ? first_event_ : more_events_[index - 1];
  }
  [[nodiscard]] const Event& event_at(std::size_t index) const {
    return index == 0 ? first_event_ : more_events_[index - 1];
  }
  // Sets `event`'s owner. An empty owner is left as emplace_event left it
  // (empty), so that first_event_'s string line is not touched.
  void set_event_owner(Event& event, std::string_view owner);
  void set_event_owner(Event& event, std::string&& owner);

  // One request from compose() until its response: the request itself (which
  // the driver borrows from borrow_request() until it answers) and what it
  // was for. Entries are never destroyed, so their string buffers are reused
  // by later requests, and they never move, so a borrowed request stays put.
  enum class EntryState : std::uint8_t {
    kFree,      // reusable
    kComposed,  // compose() returned it; send_composed() not called yet
    kQueued,    // sent, waiting for borrow_request()
    kInFlight,  // borrowed by the driver, waiting for handle_response()
  };
  // Line-aligned, with the state that compose() and find_entry() scan for
  // first: a scan reads one line per entry, the line that also holds the
  // request's id, kind, condition and max_keys that compose() writes. The
  // bucket and key fill the second line, start_after and the body the third,
  // the ETag the fourth, which only an If-Match request touches.
  struct alignas(64) RequestEntry {
    EntryState state = EntryState::kFree;
    // The request's bucket is options.election_bucket, set by
    // compose_in_election_bucket and kept until compose() clears it.
    bool holds_election_bucket = false;
    Pending pending;
    OutgoingRequest outgoing;
  };
  [[nodiscard]] std::size_t entry_count() const {
    return kInlineRequestEntries + more_entries_.size();
  }
  [[nodiscard]] RequestEntry& entry_at(std::size_t index) {
    return index < kInlineRequestEntries ? entries_[index]
                                         : *more_entries_[index - kInlineRequestEntries];
  }
  // A free entry (or a new one), reset to an empty request of kind `op`
  // but for its bucket, and marked composed: compose()'s common part.
  [[nodiscard]] RequestEntry& take_entry(OpKind op);
  // The entry of request `id` in `state`, or nullptr.
  [[nodiscard]] RequestEntry* find_entry(RequestId id, EntryState state);

  std::optional<CreateState> create_;
  std::uint64_t create_serial_ = 0;
  bool create_read_back_ = false;  // the current create is waiting on a read-back

  ObjectLocation state_location_;
  std::uint64_t heartbeat_seq_ = 0;
  bool state_put_in_flight_ = false;
  bool state_dirty_ = false;
  Nanos state_backoff_until_ns_ = INT64_MIN;  // no state writes before (configuration error)
  NodeState state_;  // reused by every state write, so its strings keep their buffers
  struct EpochKey {
    Epoch epoch = 0;  // 0: empty (no key names epoch 0)
    std::string key;
  };
  std::array<EpochKey, 2> epoch_keys_;
  std::size_t epoch_keys_next_ = 0;  // the entry the next new key replaces
  NodeStateEncoder state_encoder_;

  std::vector<GcVictim> gc_queue_;
  std::size_t gc_next_ = 0;
  bool gc_in_flight_ = false;

  // The event queue's events after the first (cold: a handful of inputs
  // emit more than one event before the driver drains them).
  std::vector<Event> more_events_;

  std::vector<std::unique_ptr<RequestEntry>> more_entries_;
  std::array<RequestEntry, kInlineRequestEntries> entries_;
};

}  // namespace holocron
