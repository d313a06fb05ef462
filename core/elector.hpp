// The election core's public interface: a sans-IO state machine.
//
// The core never reads a clock, sleeps, starts a thread, touches a network or
// a file, or draws randomness from anything but its own seeded Prng. The
// caller (the "driver": holosim's simulated node, or a production service
// with a real S3 client) feeds it inputs stamped with the caller's current
// *local* time and drains its outputs. The same code runs in production and in
// the simulator, and nothing in here can tell which one is driving it.
//
// Inputs (handle_*), each stamped with the local time `now_ns`:
//   handle_start     begin participating (first call; resumes stored state
//                    when options.resume is set)
//   handle_resign    leader only: give up leadership gracefully, so that a
//                    follower takes over within about one poll interval
//   handle_stop      stop participating: stop acting at once, send nothing more
//   handle_timeout   the deadline returned by poll_timeout() has passed
//                    (extra or early calls are harmless no-ops)
//   handle_response  the store answered request `id` (or the driver gave up
//                    on it: Status::kTimeout, outcome unknown)
//
// Outputs (poll_*), drained by the driver after every input, in this order:
//   1. poll_event()    until empty: what happened (became leader, stopped
//                      leading, observed an epoch, store or configuration
//                      error). Events come first so that a driver that stops
//                      acting on StoppedLeading does so before anything else.
//   2. borrow_request() until nullptr: send each request to the store. Each
//                      request must eventually be answered by exactly one
//                      handle_response with its id (a timeout counts). The
//                      request stays in the core: the driver reads it where
//                      it is, and it stays valid and unchanged until the
//                      driver hands the core the response for its id (the
//                      core may reuse it from the start of that
//                      handle_response call) or destroys the elector. A
//                      driver that needs the request longer (for a store
//                      that only sees it after the driver has given up on
//                      it) copies it first. poll_request() is the same with
//                      a copy the driver owns.
//   3. poll_timeout()  the next local instant at which handle_timeout must be
//                      called (replacing any earlier deadline), or nullopt.
//
// Local time may jump backwards (a clock step): the core never trusts another
// node's timestamps, and it treats a backwards jump conservatively (it stops
// acting as leader, because the interval it measured can no longer be trusted).
//
// Acting as leader: a node may act as leader of epoch n at local time t only
// while acting_epoch(t) returns n. The epoch number is the fencing token that
// a protected resource should check.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/store.hpp"
#include "core/time.hpp"

namespace holocron {

using Epoch = std::uint64_t;

enum class Algorithm : std::uint8_t {
  kNaive,   // the original prototype, faithfully (the baseline that overlaps)
  kLease,   // published S3 lock-file scheme with validity periods
  kStable,  // our recommended algorithm: one healthy leader keeps its epoch
};

enum class Layout : std::uint8_t {
  kShared,   // election objects and node state under one bucket + prefix
  kPerNode,  // election prefix in a shared bucket; node state in its own bucket
};

struct ElectorOptions {
  // The fields that every round reads (the algorithm, where the election
  // lives, the round's cadence, garbage collection, whether state is
  // published) come first, so that they share the first two cache lines of a
  // core's copy of the options: with 10,000 nodes each line a round touches
  // is a cache miss. The order of the fields means nothing else.
  Algorithm algorithm = Algorithm::kStable;

  // Where the election lives. Keys are documented in core/keys.hpp.
  Layout layout = Layout::kShared;
  std::string election_bucket = "holocron";
  std::string election_prefix = "election/";

  // Timing (local clock). See the algorithm headers for how each is used.
  Nanos poll_interval_ns = seconds(1);  // naive round; follower watch period

  // Garbage collection of epoch objects: keep the newest gc_keep (0: off),
  // delete older ones once they are at least gc_min_age_ns old (local time of
  // observation).
  std::uint32_t gc_keep = 0;
  Nanos gc_min_age_ns = minutes(1);

  // Node state objects (heartbeat, role, last epoch, last lock ETag), read
  // back by a fresh process that resumes this identity (virtual node).
  bool publish_state = false;
  Nanos heartbeat_interval_ns = seconds(5);
  bool resume = false;  // on start, read this node's stored state first

  std::string node_id;  // unique, stable identity; [A-Za-z0-9_.-], 1..64 chars
  // Layout::kShared: ignored (node state lives under election_bucket).
  // Layout::kPerNode: this node's own bucket, where only it may write.
  std::string node_bucket;

  // More timing (local clock).
  Nanos lease_ns = seconds(10);                  // lock validity / follower takeover wait
  Nanos renew_interval_ns = seconds(2);          // leader renews this often
  Nanos renew_deadline_ns = seconds(6);          // leader stops acting this long after
                                                 // sending its last confirmed renewal
  std::uint32_t max_drift_ppm = 10'000;          // assumed bound on clock-rate drift
  Nanos takeover_jitter_ns = milliseconds(500);  // spread of follower takeovers

  // Retries of 409/503/500 responses: bounded, jittered, exponential.
  Nanos backoff_base_ns = milliseconds(50);
  Nanos backoff_max_ns = seconds(5);
  std::uint32_t retries_max = 8;

  std::uint64_t prng_seed = 1;  // jitter and backoff; never a global
};

// Returns nullopt when the options are usable, or a message that names the
// offending option and the value expected (for example, stable refuses a
// renew_deadline_ns that the drift bound makes unsafe).
[[nodiscard]] std::optional<std::string> validate_options(const ElectorOptions& options);

// The options that are one node's own: every node of a cluster has the same
// ElectorOptions but for these. A driver of many nodes (holosim) keeps one
// copy of the rest for all of its cores (share_elector_options) and gives
// each core its identity, instead of a 256-byte copy per core: with 10,000
// nodes the copies were 2.5 MB of an 8 MB cache's worth of cores.
struct ElectorIdentity {
  std::string node_id;
  std::string node_bucket;  // Layout::kPerNode only
  bool resume = false;
  std::uint64_t prng_seed = 1;
};

// The identity fields of `options`.
[[nodiscard]] ElectorIdentity identity_of(const ElectorOptions& options);

// Options that many cores read and none can change. The identity fields of
// the shared copy are cleared (node_id empty, resume false, prng_seed 0): a
// core takes them from its ElectorIdentity only, and a core that read them
// from the shared copy would fail its node id assertion at once instead of
// acting as another node.
using SharedElectorOptions = std::shared_ptr<const ElectorOptions>;
[[nodiscard]] SharedElectorOptions share_elector_options(ElectorOptions options);

// validate_options for the options a core is built from: `shared` (identity
// fields ignored) with `identity`.
[[nodiscard]] std::optional<std::string> validate_options(const ElectorOptions& shared,
                                                          const ElectorIdentity& identity);

enum class EventKind : std::uint8_t {
  kBecameLeader,    // epoch; acting_until_local_ns
  kLeaseExtended,   // epoch; acting_until_local_ns (a renewal was confirmed)
  kStoppedLeading,  // epoch; stop_reason
  kObservedEpoch,   // epoch; owner (first time this node sees this epoch)
  kAttemptEnded,    // epoch; attempt (how this node's create of the epoch ended)
  kResumed,         // epoch (0 if none); detail (a virtual node resumed state)
  kStoreError,      // op; status; detail (an error the core is handling)
  kConfigError,     // detail (e.g. 403 on the election prefix; the core backs off)
  kAnomaly,         // detail (hostile store: corrupt body, foreign key, ...)
};

enum class StopReason : std::uint8_t {
  kNone,
  kRoundEnded,     // naive: the next round began
  kRenewDeadline,  // no renewal confirmed in time; stop before anyone takes over
  kSuperseded,     // a higher epoch exists
  kRenewRejected,  // If-Match renewal got 412: someone changed our lock
  kResigned,       // handle_resign
  kStopped,        // handle_stop
  kClockJump,      // local time went backwards
  kLostUnknown,    // an ambiguous outcome resolved against us
};

enum class AttemptOutcome : std::uint8_t {
  kNone,
  kWon,               // 200 to our If-None-Match create
  kLost,              // 412: someone else has the epoch
  kWonAfterUnknown,   // timed out, read back: the owner is us
  kLostAfterUnknown,  // timed out, read back: the owner is someone else
  kStale,             // won a key below the highest existing epoch: never acted on
  kError,             // gave up after retries / forbidden
};

// The one-byte fields come first, together, so that the fields other than the
// strings take 24 bytes: a core keeps its next event in line with the fields
// every round reads, and most events (naive's every round) leave both
// strings empty, so that their line is not touched (core/elector_base.hpp).
struct Event {
  EventKind kind = EventKind::kObservedEpoch;
  StopReason stop_reason = StopReason::kNone;
  AttemptOutcome attempt = AttemptOutcome::kNone;
  OpKind op = OpKind::kGet;
  Status status = Status::kOk;
  Epoch epoch = 0;
  Nanos acting_until_local_ns = 0;
  std::string owner;
  std::string detail;
};

[[nodiscard]] std::string_view to_string(Algorithm algorithm);
[[nodiscard]] std::string_view to_string(Layout layout);
[[nodiscard]] std::string_view to_string(EventKind kind);
[[nodiscard]] std::string_view to_string(StopReason reason);
[[nodiscard]] std::string_view to_string(AttemptOutcome outcome);
[[nodiscard]] std::optional<Algorithm> parse_algorithm(std::string_view name);
[[nodiscard]] std::optional<Layout> parse_layout(std::string_view name);

class Elector {
 public:
  virtual ~Elector() = default;

  virtual void handle_start(Nanos now_ns) = 0;
  virtual void handle_resign(Nanos now_ns) = 0;
  virtual void handle_stop(Nanos now_ns) = 0;
  virtual void handle_timeout(Nanos now_ns) = 0;
  // The response is taken by reference so that a driver can keep one response
  // object per request in flight and reuse its buffers; the core may leave it
  // modified (strings moved out). The rvalue overload is for callers that
  // build a response just for this call.
  virtual void handle_response(RequestId id, StoreResponse& response, Nanos now_ns) = 0;
  void handle_response(RequestId id, StoreResponse&& response, Nanos now_ns) {
    handle_response(id, response, now_ns);
  }

  [[nodiscard]] virtual std::optional<Event> poll_event() = 0;
  // The next event read in place, or nullptr when none is queued; it stays
  // valid until pop_event() or any other call on the elector. A driver that
  // reads events where they are (instead of polling a copy out of the core,
  // strings and all, and destroying it) does less work per event.
  [[nodiscard]] virtual const Event* peek_event() const = 0;
  // Drops the event that peek_event() returned; there must be one.
  virtual void pop_event() = 0;
  // The next request, or nullptr when none is queued. The request stays in
  // the core, which does not touch it until handle_response is called with
  // its id (from then on the core may reuse it for a later request) or the
  // elector is destroyed: a driver reads it in place, and sending a request
  // copies nothing. Each request is returned once.
  [[nodiscard]] virtual const OutgoingRequest* borrow_request() = 0;
  // borrow_request() with a copy: stores the next request in `out` and
  // returns true, or returns false when none is queued. For drivers and tests
  // that keep requests beyond their responses.
  [[nodiscard]] bool poll_request(OutgoingRequest& out) {
    const OutgoingRequest* borrowed = borrow_request();
    if (borrowed == nullptr) return false;
    out = *borrowed;
    return true;
  }
  [[nodiscard]] std::optional<OutgoingRequest> poll_request() {
    const OutgoingRequest* borrowed = borrow_request();
    if (borrowed == nullptr) return std::nullopt;
    return *borrowed;
  }
  [[nodiscard]] virtual std::optional<Nanos> poll_timeout() const = 0;

  // The epoch this node may act as leader of at local time now_ns, if any.
  [[nodiscard]] virtual std::optional<Epoch> acting_epoch(Nanos now_ns) const = 0;
  // The highest epoch this node has seen (0 before it has seen any).
  [[nodiscard]] virtual Epoch highest_epoch_seen() const = 0;
};

// Builds the elector for options.algorithm. The options must have passed
// validate_options (asserted).
[[nodiscard]] std::unique_ptr<Elector> make_elector(const ElectorOptions& options);
// The same for a core that shares its options with other cores and has
// `identity` of its own (the identity fields of *shared are ignored).
[[nodiscard]] std::unique_ptr<Elector> make_elector(const SharedElectorOptions& shared,
                                                    const ElectorIdentity& identity);

}  // namespace holocron
