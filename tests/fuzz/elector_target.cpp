// Fuzz target 3: the election core facing an arbitrary store.
//
// The input bytes are a program for a tiny driver. They choose the elector's
// options (any algorithm, layout, GC, node state and resume, timings that
// validate_options accepts), an initial store content, and then a sequence of
// steps: answer one in-flight request (honestly from a model store, or with
// an arbitrary status, body, ETag or LIST page), let local time advance
// (firing the core's timers and the driver's request timeouts in time order),
// step the clock back, let another node write, resign or stop. After every
// input the driver drains events, requests and the next deadline, as
// core/elector.hpp prescribes, and ElectorOracle checks its properties.
//
// A crash (HOLO_ASSERT, sanitizer), an exception out of the core, or a broken
// property is a finding. Runs are bounded (kStepsMax steps, kTimerFiresMax
// firings per time advance) so one input stays fast.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "core/elector.hpp"
#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "tests/fuzz/byte_reader.hpp"
#include "tests/fuzz/elector_oracle.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/hostile_values.hpp"
#include "tests/fuzz/model_store.hpp"

namespace holocron::fuzz {
namespace {

constexpr std::size_t kStepsMax = 2000;
constexpr std::size_t kTimerFiresMax = 16;
// A core that asks to be woken at (or before) the same instant this many
// times in a row, with nothing else happening, is spinning: a real driver
// would busy-loop on it.
constexpr std::size_t kSameInstantWakeupsMax = 64;
constexpr std::size_t kInitialObjectsMax = 4;
// Local time stays within this span of its start, far from overflow.
constexpr Nanos kRunSpanMax = Nanos{1} << 50;

// HOLO_FUZZ_TRACE=1 prints every input and output to stderr: what a finding's
// reproducer does, step by step, in words.
bool tracing() {
  static const bool enabled = std::getenv("HOLO_FUZZ_TRACE") != nullptr;
  return enabled;
}

std::string printable_excerpt(std::string_view text) {
  constexpr std::size_t kExcerptBytes = 160;
  std::string out;
  for (const char c : text.substr(0, kExcerptBytes)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(c);
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    }
  }
  if (text.size() > kExcerptBytes) out += "...";
  return out;
}

void trace_request(const char* what, Nanos now_ns, RequestId id, const StoreRequest& request) {
  if (!tracing()) return;
  std::fprintf(
      stderr, "t=%lld %s #%llu %s %s/%s cond=%d etag=%s start_after=%s max_keys=%u body=%s\n",
      static_cast<long long>(now_ns), what, static_cast<unsigned long long>(id),
      std::string(to_string(request.op)).c_str(), request.bucket.c_str(),
      printable_excerpt(request.key).c_str(), static_cast<int>(request.condition),
      printable_excerpt(request.etag).c_str(), printable_excerpt(request.start_after).c_str(),
      request.max_keys, printable_excerpt(request.body).c_str());
}

void trace_response(Nanos now_ns, RequestId id, const StoreResponse& response) {
  if (!tracing()) return;
  std::string listed;
  for (const ListedObject& object : response.objects) {
    listed += " " + printable_excerpt(object.key) + "=" + printable_excerpt(object.etag);
  }
  std::fprintf(stderr, "t=%lld   answer #%llu %s etag=%s truncated=%d objects=[%s ] body=%s\n",
               static_cast<long long>(now_ns), static_cast<unsigned long long>(id),
               std::string(to_string(response.status)).c_str(),
               printable_excerpt(response.etag).c_str(), response.truncated ? 1 : 0, listed.c_str(),
               printable_excerpt(response.body).c_str());
}

void trace_event(Nanos now_ns, const Event& event) {
  if (!tracing()) return;
  std::fprintf(stderr, "t=%lld   event %s epoch=%llu until=%lld stop=%s attempt=%s owner=%s %s\n",
               static_cast<long long>(now_ns), std::string(to_string(event.kind)).c_str(),
               static_cast<unsigned long long>(event.epoch),
               static_cast<long long>(event.acting_until_local_ns),
               std::string(to_string(event.stop_reason)).c_str(),
               std::string(to_string(event.attempt)).c_str(),
               printable_excerpt(event.owner).c_str(), printable_excerpt(event.detail).c_str());
}

void trace_line(Nanos now_ns, const std::string& text) {
  if (tracing()) std::fprintf(stderr, "t=%lld %s\n", static_cast<long long>(now_ns), text.c_str());
}

struct InFlight {
  RequestId id = 0;
  StoreRequest request;
  Nanos deadline_ns = 0;  // the driver gives up (Status::kTimeout) at this local time
};

class ElectorDriver {
 public:
  explicit ElectorDriver(ByteReader& in) : in_(in) {}

  void run() {
    if (!choose_options()) return;
    elector_ = make_elector(options_);
    oracle_.emplace(options_);
    context_.node_id = options_.node_id;
    context_.election_prefix = options_.election_prefix;
    // F6: naive with GC moves the listed keys out before paging on.
    context_.flip_truncated =
        !(avoiding("F6") && options_.algorithm == Algorithm::kNaive && options_.gc_keep > 0);
    fill_initial_store();
    if (tracing()) {
      for (const auto& [address, object] : store_.objects()) {
        std::fprintf(stderr, "store: %s/%s etag=%s body=%s\n", address.first.c_str(),
                     printable_excerpt(address.second).c_str(),
                     printable_excerpt(object.etag).c_str(),
                     printable_excerpt(object.body).c_str());
      }
    }

    static constexpr Nanos kStarts[] = {0, 1'700'000'000'000'000'000, Nanos{1} << 40};
    now_ns_ = in_.pick(kStarts);
    start_ns_ = now_ns_;
    trace_line(now_ns_, "handle_start");
    elector_->handle_start(now_ns_);
    drain();
    for (std::size_t step = 0; step < kStepsMax && !in_.empty(); ++step) {
      if (now_ns_ - start_ns_ > kRunSpanMax) break;
      run_step();
    }
  }

 private:
  bool choose_options() {
    static constexpr Algorithm kAlgorithms[] = {Algorithm::kNaive, Algorithm::kLease,
                                                Algorithm::kStable};
    static constexpr const char* kPrefixes[] = {"election/", "", "a/b/"};
    static constexpr Nanos kPolls[] = {1'000'000'000, 50'000'000, 1'000'000};
    static constexpr std::uint32_t kRetries[] = {8, 1, 3};
    static constexpr std::uint32_t kGcKeeps[] = {0, 1, 2, 16};
    static constexpr Nanos kGcAges[] = {60'000'000'000, 0, 1'000'000'000};
    static constexpr Nanos kTimeouts[] = {2'000'000'000, 20'000'000, 30'000'000'000};
    options_.algorithm = in_.pick(kAlgorithms);
    options_.node_id = "n1";
    options_.election_prefix = in_.pick(kPrefixes);
    if (in_.boolean()) {
      options_.layout = Layout::kPerNode;
      options_.node_bucket = "n1-state";
    }
    options_.poll_interval_ns = in_.pick(kPolls);
    if (in_.boolean()) {
      options_.lease_ns = seconds(2);
      options_.renew_interval_ns = milliseconds(300);
      options_.renew_deadline_ns = seconds(1);
    }
    options_.takeover_jitter_ns = in_.boolean() ? milliseconds(500) : 0;
    if (in_.boolean()) {
      options_.backoff_base_ns = milliseconds(1);
      options_.backoff_max_ns = milliseconds(100);
    }
    options_.retries_max = in_.pick(kRetries);
    options_.gc_keep = in_.pick(kGcKeeps);
    options_.gc_min_age_ns = in_.pick(kGcAges);
    options_.publish_state = in_.boolean();
    options_.heartbeat_interval_ns = in_.boolean() ? seconds(5) : milliseconds(100);
    options_.resume = options_.publish_state && in_.boolean();
    options_.prng_seed = in_.byte();
    request_timeout_ns_ = in_.pick(kTimeouts);
    if (avoiding("F1")) {
      // F1: more than kPendingRequestsMax requests in flight when the store
      // answers slower than 256 poll intervals.
      request_timeout_ns_ = std::min(request_timeout_ns_, 32 * options_.poll_interval_ns);
    }
    if (validate_options(options_).has_value()) return false;
    if (tracing()) {
      std::fprintf(
          stderr,
          "options: algorithm=%s prefix='%s' layout=%s poll=%lld lease=%lld "
          "renew_interval=%lld renew_deadline=%lld jitter=%lld backoff=%lld..%lld "
          "retries_max=%u gc_keep=%u gc_min_age=%lld publish_state=%d heartbeat=%lld "
          "resume=%d seed=%llu request_timeout=%lld\n",
          std::string(to_string(options_.algorithm)).c_str(), options_.election_prefix.c_str(),
          std::string(to_string(options_.layout)).c_str(),
          static_cast<long long>(options_.poll_interval_ns),
          static_cast<long long>(options_.lease_ns),
          static_cast<long long>(options_.renew_interval_ns),
          static_cast<long long>(options_.renew_deadline_ns),
          static_cast<long long>(options_.takeover_jitter_ns),
          static_cast<long long>(options_.backoff_base_ns),
          static_cast<long long>(options_.backoff_max_ns), options_.retries_max, options_.gc_keep,
          static_cast<long long>(options_.gc_min_age_ns), options_.publish_state ? 1 : 0,
          static_cast<long long>(options_.heartbeat_interval_ns), options_.resume ? 1 : 0,
          static_cast<unsigned long long>(options_.prng_seed),
          static_cast<long long>(request_timeout_ns_));
    }
    return true;
  }

  void fill_initial_store() {
    const std::size_t count = static_cast<std::size_t>(in_.below(kInitialObjectsMax + 1));
    const ObjectLocation state = node_state_location(options_);
    for (std::size_t i = 0; i < count; ++i) {
      context_.around = i + 1;
      switch (in_.below(4)) {
        case 0:
        case 1:
          store_.write(options_.election_bucket, raw_epoch_key(options_.election_prefix, i + 1),
                       crafted_lock_body(in_, context_));
          break;
        case 2:
          store_.write(state.bucket, state.key,
                       crafted_node_state_body(in_, context_, store_, options_.election_bucket));
          break;
        default:
          store_.write(options_.election_bucket, hostile_key(in_, context_),
                       hostile_body(in_, context_, store_, options_.election_bucket));
          break;
      }
    }
  }

  void run_step() {
    switch (in_.below(16)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
        answer_one();
        return;
      case 5:
        advance_to(saturating_add(now_ns_, static_cast<Nanos>(in_.below(milliseconds(100)))));
        return;
      case 6:
        advance_to(saturating_add(now_ns_, static_cast<Nanos>(in_.below(4 * options_.lease_ns))));
        return;
      case 7:
        // An extra timer call: documented as a harmless no-op.
        feed_timeout();
        return;
      case 8:
        foreign_write();
        return;
      case 9:
        // F2: naive keeps its round start on the old timeline. F8: a
        // confirming LIST sent before a step is taken for a later candidacy.
        if (in_.below(4) == 0 && !(avoiding("F2") && options_.algorithm == Algorithm::kNaive) &&
            !(avoiding("F8") && confirm_in_flight())) {
          // A backwards clock step, seen at the next input.
          now_ns_ -= 1 + static_cast<Nanos>(in_.below(2 * options_.lease_ns));
          trace_line(now_ns_, "the local clock stepped back");
          feed_timeout();
        }
        return;
      case 10:
        trace_line(now_ns_, "handle_resign");
        elector_->handle_resign(now_ns_);
        drain();
        return;
      case 11:
        if (in_.below(8) == 0) {
          trace_line(now_ns_, "handle_stop");
          oracle_->on_stop();
          elector_->handle_stop(now_ns_);
          drain();
          oracle_->stop_drained();
          drain();
        }
        return;
      default:
        advance_to_next();
        return;
    }
  }

  // Answers the in-flight request the fuzzer picks: the model store's honest
  // answer, possibly perturbed.
  void answer_one() {
    if (in_flight_.empty()) {
      advance_to_next();
      return;
    }
    const std::size_t index = static_cast<std::size_t>(in_.below(in_flight_.size()));
    InFlight request = std::move(in_flight_[index]);
    in_flight_.erase(in_flight_.begin() + static_cast<std::ptrdiff_t>(index));
    const auto epoch = parse_epoch_key(options_.election_prefix, request.request.key);
    context_.around = epoch.value_or(std::max<Epoch>(1, elector_->highest_epoch_seen()));

    std::uint64_t mode = in_.below(16);
    if (avoiding("F5") && is_confirm_list(request.request)) mode = 0;
    // Mode 9 answers a write as applied and then loses the answer; mode 10
    // answers without applying (a store that lies about a write).
    StoreResponse response = store_.answer(request.request, mode != 10);
    switch (mode) {
      case 8: {
        static constexpr Status kStatuses[] = {
            Status::kOk,       Status::kPreconditionFailed, Status::kConflict,
            Status::kNotFound, Status::kNoSuchBucket,       Status::kForbidden,
            Status::kSlowDown, Status::kInternalError,      Status::kTimeout};
        response.status = in_.pick(kStatuses);
        break;
      }
      case 9:
        response = StoreResponse{};
        response.status = in_.boolean() ? Status::kTimeout : Status::kInternalError;
        break;
      case 11:
        response.body = hostile_body(in_, context_, store_, options_.election_bucket);
        break;
      case 12:
        response.etag = hostile_etag(in_, store_);
        break;
      case 13:
        perturb_list(in_, context_, store_, response);
        break;
      case 14:
        response.status = Status::kOk;
        response.etag = hostile_etag(in_, store_);
        response.body = hostile_body(in_, context_, store_, options_.election_bucket);
        perturb_list(in_, context_, store_, response);
        break;
      default:
        break;  // honest
    }
    deliver(request, std::move(response));
  }

  void deliver(const InFlight& request, StoreResponse response) {
    trace_response(now_ns_, request.id, response);
    oracle_->on_response(request.request, response);
    elector_->handle_response(request.id, std::move(response), now_ns_);
    drain();
  }

  // Another node (or a corruption) changes the store behind the core's back.
  void foreign_write() {
    Epoch newest = 0;
    std::string newest_key;
    for (const auto& [address, object] : store_.objects()) {
      if (address.first != options_.election_bucket) continue;
      if (const auto epoch = parse_epoch_key(options_.election_prefix, address.second)) {
        if (*epoch >= newest) {
          newest = *epoch;
          newest_key = address.second;
        }
      }
    }
    context_.around = newest + 1;
    trace_line(now_ns_, "foreign write");
    switch (in_.below(4)) {
      case 0: {  // another node wins the next epoch, honestly
        if (newest == UINT64_MAX) return;
        LockRecord record;
        record.epoch = newest + 1;
        record.owner = "n2";
        record.lease_ns = options_.lease_ns;
        record.members.push_back(ViewMember{"n2", MemberRole::kLeader, 0});
        store_.write(options_.election_bucket, epoch_key(options_.election_prefix, newest + 1),
                     encode_lock_record(record));
        return;
      }
      case 1:  // the newest object changes without a write by its owner
        if (!newest_key.empty()) {
          const std::string body = store_.find(options_.election_bucket, newest_key)->body;
          store_.write(options_.election_bucket, newest_key, body);
        }
        return;
      case 2:  // a key vanishes
        if (!store_.objects().empty()) {
          auto it = store_.objects().begin();
          std::advance(it, static_cast<std::ptrdiff_t>(in_.below(store_.objects().size())));
          const ModelStore::Address address = it->first;
          store_.erase(address.first, address.second);
        }
        return;
      default:  // anything at all appears
        store_.write(options_.election_bucket, hostile_key(in_, context_),
                     hostile_body(in_, context_, store_, options_.election_bucket));
        return;
    }
  }

  // The LIST with which stable and lease confirm a won epoch (max-keys 1 or 3).
  [[nodiscard]] static bool is_confirm_list(const StoreRequest& request) {
    return request.op == OpKind::kList && request.max_keys <= 3;
  }

  [[nodiscard]] bool confirm_in_flight() const {
    return std::any_of(in_flight_.begin(), in_flight_.end(),
                       [](const InFlight& request) { return is_confirm_list(request.request); });
  }

  // The earliest thing due: the core's deadline or a request's timeout.
  [[nodiscard]] std::optional<Nanos> next_due() const {
    std::optional<Nanos> due = deadline_ns_;
    for (const InFlight& request : in_flight_) {
      if (!due || request.deadline_ns < *due) due = request.deadline_ns;
    }
    return due;
  }

  void advance_to_next() {
    if (const auto due = next_due()) advance_to(std::max(now_ns_, *due));
  }

  // Moves local time to `target_ns`, delivering every request timeout and
  // timer that falls due on the way, in time order (requests first on ties,
  // oldest first, as a driver's event queue would).
  void advance_to(Nanos target_ns) {
    for (std::size_t fired = 0; fired < kTimerFiresMax; ++fired) {
      const auto due = next_due();
      if (!due || *due > target_ns) break;
      now_ns_ = std::max(now_ns_, *due);
      const auto expired =
          std::find_if(in_flight_.begin(), in_flight_.end(),
                       [&](const InFlight& r) { return r.deadline_ns <= now_ns_; });
      if (expired != in_flight_.end()) {
        InFlight request = std::move(*expired);
        in_flight_.erase(expired);
        // Whether the store applied the write before the answer was lost.
        StoreResponse response = store_.answer(request.request, in_.boolean());
        // F5: a failed confirming LIST leaves a stale retry count behind.
        if (!(avoiding("F5") && is_confirm_list(request.request))) {
          response = StoreResponse{};
          response.status = Status::kTimeout;
        }
        deliver(request, std::move(response));
        continue;
      }
      same_instant_wakeups_ = now_ns_ == last_wakeup_ns_ ? same_instant_wakeups_ + 1 : 0;
      last_wakeup_ns_ = now_ns_;
      require(same_instant_wakeups_ < kSameInstantWakeupsMax,
              "the core keeps asking to be woken at the instant it was just woken (a spin)");
      feed_timeout();
    }
    now_ns_ = std::max(now_ns_, target_ns);
    if (deadline_ns_ && *deadline_ns_ <= now_ns_) feed_timeout();
  }

  void feed_timeout() {
    trace_line(now_ns_, "handle_timeout");
    elector_->handle_timeout(now_ns_);
    drain();
  }

  // Drains the outputs in the documented order and checks them.
  void drain() {
    while (auto event = elector_->poll_event()) {
      trace_event(now_ns_, *event);
      oracle_->on_event(*event);
    }
    while (auto outgoing = elector_->poll_request()) {
      trace_request("send", now_ns_, outgoing->id, outgoing->request);
      oracle_->on_request(outgoing->request, now_ns_, *elector_);
      for (const InFlight& request : in_flight_) {
        require(request.id != outgoing->id, "a request id reused while in flight");
      }
      in_flight_.push_back(InFlight{outgoing->id, std::move(outgoing->request),
                                    saturating_add(now_ns_, request_timeout_ns_)});
    }
    deadline_ns_ = elector_->poll_timeout();
    oracle_->after_input(*elector_, now_ns_, deadline_ns_.has_value());
  }

  ByteReader& in_;
  ElectorOptions options_;
  Nanos request_timeout_ns_ = 0;
  std::unique_ptr<Elector> elector_;
  std::optional<ElectorOracle> oracle_;
  ModelStore store_;
  HostileContext context_;
  std::vector<InFlight> in_flight_;
  std::optional<Nanos> deadline_ns_;
  Nanos now_ns_ = 0;
  Nanos start_ns_ = 0;
  Nanos last_wakeup_ns_ = INT64_MIN;
  std::size_t same_instant_wakeups_ = 0;
};

}  // namespace

void fuzz_elector(std::span<const std::uint8_t> input) {
  ByteReader in(input);
  ElectorDriver driver(in);
  driver.run();
}

}  // namespace holocron::fuzz
