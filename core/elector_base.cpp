#include "core/elector_base.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/lock_record.hpp"

namespace holocron {
namespace {

constexpr std::size_t timer_index(auto timer) {
  return static_cast<std::size_t>(timer);
}

constexpr std::uint8_t timer_bit(std::size_t index) {
  return static_cast<std::uint8_t>(1U << index);
}

// The longest string libstdc++ keeps inside the string object (no heap buffer).
const std::size_t kShortStringCapacity = std::string().capacity();

void clear_if_set(std::string& text) {
  if (!text.empty()) text.clear();
}

}  // namespace

ElectorBase::ElectorBase(const SharedElectorOptions& options, const ElectorIdentity& identity)
    : publishes_epochs_(options->algorithm != Algorithm::kNaive && options->publish_state),
      list_prefix_(epoch_list_prefix(options->election_prefix)),
      shared_options_(options),
      options_(*shared_options_),
      identity_(identity),
      prng_(Prng::derive(identity_.prng_seed, "elector", 0)),
      state_location_(node_state_location(options_, identity_)) {
  HOLO_ASSERT(!identity_.node_id.empty());
  HOLO_ASSERT(options_.poll_interval_ns > 0);
  // The state object always names this node; a core that publishes none
  // (the anchors' naive nodes) does not copy the id.
  if (options_.publish_state) state_.node_id = identity_.node_id;
}

bool ElectorBase::enter(Nanos now_ns) {
  if (stopped_) return false;
  if (last_now_ns_ != INT64_MIN && now_ns < last_now_ns_) {
    // The caller's clock stepped back. Shift armed timers by the same amount
    // so that intervals keep their length, then let the algorithm decide
    // what the step invalidates (an acting interval, a measured silence).
    const Nanos step_ns = now_ns - last_now_ns_;
    for (std::size_t i = 0; i < kTimerCount; ++i) {
      if ((timers_armed_ & timer_bit(i)) != 0) timer_at(i) = saturating_add(timer_at(i), step_ns);
    }
    last_now_ns_ = now_ns;
    on_clock_jump(now_ns);
  }
  last_now_ns_ = now_ns;
  return !stopped_;
}

void ElectorBase::handle_timeout(Nanos now_ns) {
  if (!enter(now_ns)) return;
  // Fire every due timer once, in the fixed order of the enum so that runs
  // are deterministic. A handler may re-arm its own or another timer; a timer
  // re-armed for a time that is already due fires on the next call.
  for (std::size_t i = 0; i < kTimerCount; ++i) {
    if (stopped_) return;
    if ((timers_armed_ & timer_bit(i)) == 0 || timer_at(i) > now_ns) continue;
    timers_armed_ = static_cast<std::uint8_t>(timers_armed_ & ~timer_bit(i));
    const auto timer = static_cast<Timer>(i);
    if (timer == Timer::kCreateRetry) {
      if (create_) {
        if (create_read_back_) {
          send_read_back(now_ns);
        } else {
          send_create(now_ns);
        }
      }
    } else if (timer == Timer::kHeartbeat) {
      publish_state_now(now_ns);
      arm(Timer::kHeartbeat, now_ns + options_.heartbeat_interval_ns);
    } else {
      on_timer(timer, now_ns);
    }
  }
  flush_epoch_seen(now_ns);
}

void ElectorBase::flush_epoch_seen(Nanos now_ns) {
  // Epochs seen must not go backwards across a restart either: a virtual node
  // resumes from its stored state, so a higher epoch is stored promptly. Naive
  // sees a new epoch every round and would double its writes; it relies on
  // the heartbeat instead.
  if (!epoch_unpublished_ || stopped_) return;
  epoch_unpublished_ = false;
  // The algorithm first: it shares a cache line with the fields every input
  // reads, publish_state does not.
  if (publishes_epochs_) publish_state_now(now_ns);
}

void ElectorBase::handle_response(RequestId id, StoreResponse& response, Nanos now_ns) {
  // An unknown id is a driver bug (answered twice, or never borrowed).
  RequestEntry* entry = find_entry(id, EntryState::kInFlight);
  HOLO_ASSERT(entry != nullptr);
  const Pending pending = entry->pending;
  // The driver is done with the request (elector.hpp): the entry is free for
  // the requests this response leads to.
  entry->state = EntryState::kFree;
  --requests_live_;
  // The request's body buffer goes to the driver with the response, and the
  // entry takes the response's in exchange: a driver that reuses its
  // response objects most-recently-freed first (holosim's slots) hands back
  // a buffer still in the cache, where a buffer kept per core is cold by the
  // time its core writes the next body (10,000 naive nodes: several cache
  // misses per round; cachegrind with an 8 MB last-level cache). Only a GET's
  // response has a body, which the handler below reads; every other response
  // leaves with an empty one, as it came. Two short strings (neither on the
  // heap) are left alone: there is no buffer to trade.
  std::string& body = entry->outgoing.request.body;
  if (entry->outgoing.request.op != OpKind::kGet &&
      (body.capacity() > kShortStringCapacity || response.body.capacity() > kShortStringCapacity)) {
    body.swap(response.body);
    response.body.clear();
  }
  if (!enter(now_ns)) return;
  switch (pending.purpose) {
    case Purpose::kCreate:
      on_create_response(pending, response, now_ns);
      break;
    case Purpose::kReadBack:
      on_read_back_response(pending, response, now_ns);
      break;
    case Purpose::kStatePut:
      on_state_put_response(response, now_ns);
      break;
    case Purpose::kGcDelete:
      on_gc_delete_response(response, now_ns);
      break;
    default:
      on_response(pending, response, now_ns);
      break;
  }
  flush_epoch_seen(now_ns);
}

std::optional<Event> ElectorBase::poll_event() {
  if (events_begin_ == events_end_) return std::nullopt;
  // Moved once, straight into the optional that is returned. A moved-from
  // string's contents are unspecified: the slot's strings count as set.
  if (events_begin_ == 0) first_event_strings_set_ = true;
  std::optional<Event> event(std::in_place, std::move(event_at(events_begin_)));
  pop_event();
  return event;
}

const Event* ElectorBase::peek_event() const {
  if (events_begin_ == events_end_) return nullptr;
  return &event_at(events_begin_);
}

void ElectorBase::pop_event() {
  HOLO_ASSERT(events_begin_ < events_end_);
  ++events_begin_;
  if (events_begin_ == events_end_) {
    // Drained (the driver drains after every input): start over, keeping
    // more_events_'s storage. Its line is read only when it was used.
    if (events_end_ > 1) more_events_.clear();
    events_begin_ = 0;
    events_end_ = 0;
  }
}

const OutgoingRequest* ElectorBase::borrow_request() {
  HOLO_ASSERT(composing_ == nullptr);
  if (requests_queued_ == 0) return nullptr;
  RequestEntry* entry = find_entry(next_request_id_ - requests_queued_, EntryState::kQueued);
  HOLO_ASSERT(entry != nullptr);
  entry->state = EntryState::kInFlight;
  --requests_queued_;
  return &entry->outgoing;
}

ElectorBase::RequestEntry* ElectorBase::find_entry(RequestId id, EntryState state) {
  // A handful of entries are live at a time, in the inline ones first.
  for (RequestEntry& entry : entries_) {
    if (entry.state == state && entry.pending.id == id) return &entry;
  }
  for (const std::unique_ptr<RequestEntry>& entry : more_entries_) {
    if (entry->state == state && entry->pending.id == id) return entry.get();
  }
  return nullptr;
}

std::optional<Nanos> ElectorBase::poll_timeout() const {
  std::optional<Nanos> earliest;
  for (std::size_t i = 0; i < kTimerCount; ++i) {
    if ((timers_armed_ & timer_bit(i)) == 0) continue;
    if (!earliest || timer_at(i) < *earliest) earliest = timer_at(i);
  }
  return earliest;
}

RequestId ElectorBase::send(Purpose purpose, Epoch epoch, StoreRequest request, Nanos now_ns) {
  // compose() clears an entry's ETag only after an If-Match request.
  HOLO_ASSERT(request.condition == Condition::kIfMatch || request.etag.empty());
  StoreRequest& composed = compose(request.op);
  composed = std::move(request);
  return send_composed(purpose, epoch, now_ns);
}

StoreRequest& ElectorBase::compose(OpKind op) {
  RequestEntry& entry = take_entry(op);
  entry.holds_election_bucket = false;
  clear_if_set(entry.outgoing.request.bucket);
  return entry.outgoing.request;
}

StoreRequest& ElectorBase::compose_in_election_bucket(OpKind op) {
  RequestEntry& entry = take_entry(op);
  // An entry whose last request went to the election bucket still names it:
  // the options' line that holds the bucket is not read (10,000 naive nodes:
  // one cache miss less per round).
  if (!entry.holds_election_bucket) {
    entry.outgoing.request.bucket = options_.election_bucket;
    entry.holds_election_bucket = true;
  }
  return entry.outgoing.request;
}

ElectorBase::RequestEntry& ElectorBase::take_entry(OpKind op) {
  HOLO_ASSERT(composing_ == nullptr);
  HOLO_ASSERT(requests_live_ < kPendingRequestsMax);
  // The first free entry: the same few entries serve every request, so their
  // buffers are warm and already large enough.
  // The inline entries come first in index order, and are scanned without
  // reading more_entries_ (another cache line) unless they are all taken.
  RequestEntry* entry = nullptr;
  for (RequestEntry& candidate : entries_) {
    if (candidate.state == EntryState::kFree) {
      entry = &candidate;
      break;
    }
  }
  for (std::size_t i = 0; entry == nullptr && i < more_entries_.size(); ++i) {
    if (more_entries_[i]->state == EntryState::kFree) entry = more_entries_[i].get();
  }
  if (entry == nullptr) entry = more_entries_.emplace_back(std::make_unique<RequestEntry>()).get();
  entry->state = EntryState::kComposed;
  ++requests_live_;
  composing_ = entry;
  StoreRequest& request = entry->outgoing.request;
  request.op = op;
  // The ETag is the entry's last line (core/store.hpp), and only an If-Match
  // request sets it (every caller of compose does so with If-Match, and
  // send() asserts it): after any other request it is empty, and its line is
  // not read (10,000 naive nodes: one cache miss less per round).
  if (request.condition == Condition::kIfMatch) clear_if_set(request.etag);
  request.condition = Condition::kNone;
  request.max_keys = kListPageKeysMax;
  // clear() writes a terminator into the string's buffer, on the heap for a
  // long one: an empty string is left alone, so that a LIST does not touch
  // the buffers of the body and keys an earlier request left empty.
  clear_if_set(request.key);
  clear_if_set(request.start_after);
  clear_if_set(request.body);
  return *entry;
}

StoreRequest& ElectorBase::compose_epoch(OpKind op, Epoch epoch) {
  StoreRequest& request = compose_in_election_bucket(op);
  write_epoch_key_under(list_prefix_, epoch, request.key);
  return request;
}

const std::string& ElectorBase::election_epoch_key(Epoch epoch) {
  HOLO_ASSERT(epoch != 0);
  for (const EpochKey& entry : epoch_keys_) {
    if (entry.epoch == epoch) return entry.key;
  }
  EpochKey& entry = epoch_keys_[epoch_keys_next_];
  epoch_keys_next_ = (epoch_keys_next_ + 1) % epoch_keys_.size();
  write_epoch_key(options_.election_prefix, epoch, entry.key);
  entry.epoch = epoch;
  return entry.key;
}

RequestId ElectorBase::send_composed(Purpose purpose, Epoch epoch, Nanos now_ns) {
  HOLO_ASSERT(composing_ != nullptr);
  HOLO_ASSERT(!stopped_);
  RequestEntry& entry = *composing_;
  composing_ = nullptr;
  const RequestId id = next_request_id_++;
  const std::uint64_t tag = purpose == Purpose::kCreate || purpose == Purpose::kReadBack
                                ? (create_ ? create_->serial : 0)
                                : generation_;
  entry.pending = Pending{id, purpose, epoch, tag, now_ns};
  entry.outgoing.id = id;
  entry.state = EntryState::kQueued;
  ++requests_queued_;
  return id;
}

RequestId ElectorBase::send_epoch_get(Purpose purpose, Epoch epoch, Nanos now_ns) {
  const std::string& key = election_epoch_key(epoch);
  StoreRequest& request = compose_in_election_bucket(OpKind::kGet);
  request.key = key;
  return send_composed(purpose, epoch, now_ns);
}

void ElectorBase::emit(Event&& event) {
  Event* queued = emplace_event(event.kind);
  if (queued == nullptr) return;
  *queued = std::move(event);
  // The strings were assigned, empty or not (emit is off naive's hot path).
  if (queued == &first_event_) first_event_strings_set_ = true;
}

Event* ElectorBase::emplace_event(EventKind kind) {
  if (stopped_ && kind != EventKind::kStoppedLeading) return nullptr;
  HOLO_ASSERT(static_cast<std::size_t>(events_end_ - events_begin_) < kEventQueueMax);
  if (events_end_ != 0) {
    ++events_end_;
    Event& event = more_events_.emplace_back();
    event.kind = kind;
    return &event;
  }
  // The first event reuses first_event_: every field but the strings is
  // written, and the strings are cleared only when an earlier event there
  // may have set them.
  ++events_end_;
  Event& event = first_event_;
  event.kind = kind;
  event.stop_reason = StopReason::kNone;
  event.attempt = AttemptOutcome::kNone;
  event.op = OpKind::kGet;
  event.status = Status::kOk;
  event.epoch = 0;
  event.acting_until_local_ns = 0;
  if (first_event_strings_set_) {
    event.owner.clear();
    event.detail.clear();
    first_event_strings_set_ = false;
  }
  return &event;
}

void ElectorBase::set_event_owner(Event& event, std::string_view owner) {
  if (owner.empty()) return;
  event.owner = owner;
  if (&event == &first_event_) first_event_strings_set_ = true;
}

void ElectorBase::set_event_owner(Event& event, std::string&& owner) {
  if (owner.empty()) return;
  event.owner = std::move(owner);
  if (&event == &first_event_) first_event_strings_set_ = true;
}

void ElectorBase::disarm(Timer timer) {
  HOLO_ASSERT(timer != Timer::kCount);
  timers_armed_ = static_cast<std::uint8_t>(timers_armed_ & ~timer_bit(timer_index(timer)));
}

bool ElectorBase::armed(Timer timer) const {
  HOLO_ASSERT(timer != Timer::kCount);
  return (timers_armed_ & timer_bit(timer_index(timer))) != 0;
}

void ElectorBase::disarm_all() {
  timers_armed_ = 0;
}

Nanos ElectorBase::backoff_delay(std::uint32_t failures) {
  HOLO_ASSERT(failures >= 1);
  Nanos delay_ns = options_.backoff_base_ns;
  for (std::uint32_t i = 1; i < failures && delay_ns < options_.backoff_max_ns; ++i) {
    delay_ns *= 2;
  }
  delay_ns = std::min(delay_ns, options_.backoff_max_ns);
  HOLO_ASSERT(delay_ns > 0);
  return prng_.between(delay_ns / 2, delay_ns);
}

void ElectorBase::observe_epoch(Epoch epoch, std::string_view owner) {
  if (epoch <= highest_epoch_seen_) return;
  highest_epoch_seen_ = epoch;
  epoch_unpublished_ = true;
  Event* event = emplace_event(EventKind::kObservedEpoch);
  if (event == nullptr) return;
  event->epoch = epoch;
  set_event_owner(*event, owner);
}

void ElectorBase::emit_store_error(OpKind op, Status status, std::string detail) {
  Event event;
  event.kind = EventKind::kStoreError;
  event.op = op;
  event.status = status;
  event.detail = std::move(detail);
  emit(std::move(event));
}

void ElectorBase::emit_config_error(OpKind op, Status status, std::string detail) {
  Event event;
  event.kind = EventKind::kConfigError;
  event.op = op;
  event.status = status;
  event.detail = std::move(detail);
  emit(std::move(event));
}

void ElectorBase::emit_anomaly(std::string detail) {
  Event event;
  event.kind = EventKind::kAnomaly;
  event.detail = std::move(detail);
  emit(std::move(event));
}

void ElectorBase::emit_attempt(Epoch epoch, AttemptOutcome outcome, std::string owner) {
  HOLO_ASSERT(outcome != AttemptOutcome::kNone);
  Event* event = emplace_event(EventKind::kAttemptEnded);
  if (event == nullptr) return;
  event->epoch = epoch;
  event->attempt = outcome;
  set_event_owner(*event, std::move(owner));
}

StoreRequest ElectorBase::epoch_request(OpKind op, Epoch epoch) const {
  StoreRequest request;
  request.op = op;
  request.bucket = options_.election_bucket;
  write_epoch_key_under(list_prefix_, epoch, request.key);
  return request;
}

void ElectorBase::mark_stopped() {
  disarm_all();
  HOLO_ASSERT(composing_ == nullptr);
  // Requests not borrowed yet are never sent; borrowed ones stay with the
  // driver until their responses.
  for (std::size_t i = 0; i < entry_count(); ++i) {
    RequestEntry& entry = entry_at(i);
    if (entry.state != EntryState::kQueued) continue;
    entry.state = EntryState::kFree;
    --requests_live_;
  }
  requests_queued_ = 0;
  create_.reset();
  stopped_ = true;
}

// ---- create-only writes and their ambiguous outcomes ----

void ElectorBase::begin_create(Epoch epoch, std::string body, Nanos now_ns) {
  HOLO_ASSERT(!create_.has_value());
  HOLO_ASSERT(epoch != 0);
  create_ = CreateState{epoch, std::move(body), 0, false, now_ns, ++create_serial_};
  create_read_back_ = false;
  send_create(now_ns);
}

void ElectorBase::abandon_create() {
  create_.reset();
  create_read_back_ = false;
  disarm(Timer::kCreateRetry);
}

void ElectorBase::send_create(Nanos now_ns) {
  HOLO_ASSERT(create_.has_value());
  create_read_back_ = false;
  StoreRequest& request = compose_epoch(OpKind::kPut, create_->epoch);
  request.condition = Condition::kIfNoneMatch;
  request.body = create_->body;
  send_composed(Purpose::kCreate, create_->epoch, now_ns);
}

void ElectorBase::send_read_back(Nanos now_ns) {
  HOLO_ASSERT(create_.has_value());
  create_read_back_ = true;
  send_epoch_get(Purpose::kReadBack, create_->epoch, now_ns);
}

void ElectorBase::retry_create_later(Nanos now_ns) {
  HOLO_ASSERT(create_.has_value());
  ++create_->failures;
  if (create_->failures > options_.retries_max) {
    // Gave up: report an error, never a guess. When an attempt may have
    // committed, the caller still does not act (it has not won), and the
    // object, if it exists, is an epoch like any other that followers watch.
    finish_create(AttemptOutcome::kError, {}, {}, now_ns);
    return;
  }
  arm(Timer::kCreateRetry, now_ns + backoff_delay(create_->failures));
}

void ElectorBase::on_create_response(const Pending& pending, StoreResponse& response,
                                     Nanos now_ns) {
  if (!create_ || pending.generation != create_->serial) return;
  HOLO_ASSERT(pending.epoch == create_->epoch);
  switch (response.status) {
    case Status::kOk:
      finish_create(
          create_->maybe_committed ? AttemptOutcome::kWonAfterUnknown : AttemptOutcome::kWon,
          std::move(response.etag), node_id(), now_ns);
      return;
    case Status::kPreconditionFailed:
      // Exists. If an earlier attempt of ours may have committed, the object
      // may be ours: read it back instead of assuming we lost.
      if (create_->maybe_committed) {
        send_read_back(now_ns);
      } else {
        finish_create(AttemptOutcome::kLost, {}, {}, now_ns);
      }
      return;
    case Status::kTimeout:
    case Status::kInternalError:
      create_->maybe_committed = true;
      emit_store_error(OpKind::kPut, response.status, "create outcome unknown; reading back");
      send_read_back(now_ns);
      return;
    case Status::kConflict:
    case Status::kSlowDown:
      emit_store_error(OpKind::kPut, response.status, "create retried with backoff");
      retry_create_later(now_ns);
      return;
    case Status::kForbidden:
    case Status::kNoSuchBucket:
      emit_config_error(OpKind::kPut, response.status,
                        "cannot create epoch objects in bucket '" + options_.election_bucket +
                            "' under '" + options_.election_prefix + "'");
      finish_create(AttemptOutcome::kError, {}, {}, now_ns, true);
      return;
    case Status::kNotFound:
      emit_anomaly("404 to a create-only PUT");
      retry_create_later(now_ns);
      return;
  }
}

void ElectorBase::on_read_back_response(const Pending& pending, StoreResponse& response,
                                        Nanos now_ns) {
  if (!create_ || pending.generation != create_->serial) return;
  HOLO_ASSERT(create_->maybe_committed);
  switch (response.status) {
    case Status::kOk: {
      const LockDecode decoded = decode_lock_record(response.body);
      if (!decoded.record || decoded.record->epoch != create_->epoch) {
        emit_anomaly("unreadable lock object read back for epoch " +
                     std::to_string(create_->epoch) + ": " +
                     (decoded.record ? "epoch mismatch" : decoded.error));
        finish_create(AttemptOutcome::kLostAfterUnknown, {}, {}, now_ns);
        return;
      }
      // The owner id decides; it is ours only if we wrote it, and the body we
      // wrote is the one we would write again (same epoch, same owner).
      if (decoded.record->owner == node_id()) {
        finish_create(AttemptOutcome::kWonAfterUnknown, std::move(response.etag), node_id(),
                      now_ns);
      } else {
        finish_create(AttemptOutcome::kLostAfterUnknown, {}, decoded.record->owner, now_ns);
      }
      return;
    }
    case Status::kNotFound:
      // Our write has not landed (or never will): try the create again. If
      // the timed-out write lands later, the retry gets 412 and reads back.
      retry_create_later(now_ns);
      create_read_back_ = false;
      return;
    case Status::kForbidden:
    case Status::kNoSuchBucket:
      emit_config_error(OpKind::kGet, response.status,
                        "cannot read epoch objects in bucket '" + options_.election_bucket + "'");
      finish_create(AttemptOutcome::kError, {}, {}, now_ns, true);
      return;
    default:
      emit_store_error(OpKind::kGet, response.status, "read-back retried with backoff");
      if (create_) {
        ++create_->failures;
        if (create_->failures > options_.retries_max) {
          finish_create(AttemptOutcome::kError, {}, {}, now_ns);
          return;
        }
        create_read_back_ = true;
        arm(Timer::kCreateRetry, now_ns + backoff_delay(create_->failures));
      }
      return;
  }
}

void ElectorBase::finish_create(AttemptOutcome outcome, std::string etag, std::string owner,
                                Nanos now_ns, bool config_error) {
  HOLO_ASSERT(create_.has_value());
  HOLO_ASSERT(outcome != AttemptOutcome::kNone);
  CreateResult result;
  result.epoch = create_->epoch;
  result.outcome = outcome;
  result.etag = std::move(etag);
  result.owner = std::move(owner);
  result.earliest_send_ns = create_->earliest_send_ns;
  result.config_error = config_error;
  abandon_create();
  on_create_result(std::move(result), now_ns);
}

// ---- node state (heartbeat) ----

void ElectorBase::start_heartbeats(Nanos now_ns) {
  if (!options_.publish_state) return;
  arm(Timer::kHeartbeat, now_ns);
}

void ElectorBase::publish_state_now(Nanos now_ns) {
  if (!options_.publish_state || stopped_) return;
  if (state_put_in_flight_ || now_ns < state_backoff_until_ns_) {
    // Coalesce: the write in flight (or the heartbeat after a configuration
    // backoff) carries the newest state.
    state_dirty_ = true;
    return;
  }
  // describe_state fills in the leader's fields only, so a follower's are
  // reset here (the node id, set by the constructor, never changes).
  state_.leader = false;
  state_.last_epoch_seen = highest_epoch_seen_;
  state_.heartbeat_seq = ++heartbeat_seq_;
  state_.lock_epoch = 0;
  clear_if_set(state_.lock_etag);
  clear_if_set(state_.lock_body);
  describe_state(state_);
  // Built in place, in a request entry's buffers (a heartbeat built a
  // request of its own and moved it in, freeing the entry's buffers and
  // allocating new ones at every heartbeat of a sweep's seeds).
  StoreRequest& request = compose(OpKind::kPut);
  request.bucket = state_location_.bucket;
  request.key = state_location_.key;
  state_encoder_.encode_into(state_, request.body);
  state_put_in_flight_ = true;
  state_dirty_ = false;
  epoch_unpublished_ = false;
  send_composed(Purpose::kStatePut, 0, now_ns);
}

void ElectorBase::on_state_put_response(const StoreResponse& response, Nanos now_ns) {
  HOLO_ASSERT(state_put_in_flight_);
  state_put_in_flight_ = false;
  if (response.status == Status::kForbidden || response.status == Status::kNoSuchBucket) {
    emit_config_error(OpKind::kPut, response.status,
                      "cannot write node state to bucket '" + state_location_.bucket + "' key '" +
                          state_location_.key + "'");
    // Back off: the next heartbeat comes after the configuration backoff, and
    // a pending rewrite waits for it too.
    state_backoff_until_ns_ = now_ns + config_error_backoff();
    arm(Timer::kHeartbeat, state_backoff_until_ns_);
    state_dirty_ = false;
    return;
  }
  if (response.status != Status::kOk) {
    emit_store_error(OpKind::kPut, response.status, "node state write failed");
  }
  if (state_dirty_) publish_state_now(now_ns);
}

// ---- garbage collection ----

void ElectorBase::start_gc_deletes(std::vector<GcVictim>& victims, Nanos now_ns) {
  HOLO_ASSERT(victims.size() <= kGcDeletesPerPassMax);
  gc_queue_.swap(victims);
  gc_next_ = 0;
  if (!gc_in_flight_) send_next_gc_delete(now_ns);
}

void ElectorBase::send_next_gc_delete(Nanos now_ns) {
  HOLO_ASSERT(!gc_in_flight_);
  if (gc_next_ >= gc_queue_.size() || stopped_) return;
  const GcVictim& victim = gc_queue_[gc_next_++];
  StoreRequest& request = compose_epoch(OpKind::kDelete, victim.epoch);
  request.condition = Condition::kIfMatch;
  request.etag = victim.etag;
  gc_in_flight_ = true;
  send_composed(Purpose::kGcDelete, victim.epoch, now_ns);
}

void ElectorBase::on_gc_delete_response(const StoreResponse& response, Nanos now_ns) {
  HOLO_ASSERT(gc_in_flight_);
  gc_in_flight_ = false;
  switch (response.status) {
    case Status::kOk:
    case Status::kNotFound:            // someone else deleted it first
    case Status::kPreconditionFailed:  // re-created since it was listed: the next pass decides
      break;
    case Status::kForbidden:
    case Status::kNoSuchBucket:
      emit_config_error(OpKind::kDelete, response.status,
                        "cannot delete old epoch objects in bucket '" + options_.election_bucket +
                            "'; garbage collection paused until the next pass");
      gc_queue_.clear();
      gc_next_ = 0;
      return;
    default:
      // Transient: stop this pass; ascending order must not skip a victim.
      emit_store_error(OpKind::kDelete, response.status, "garbage collection pass cut short");
      gc_queue_.clear();
      gc_next_ = 0;
      return;
  }
  send_next_gc_delete(now_ns);
}

}  // namespace holocron
