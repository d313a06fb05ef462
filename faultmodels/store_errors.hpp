// The store-error injector: decides, when a request arrives at the store and
// before the store applies it, whether the store answers with an error
// instead. Each cause stands for a real S3 failure:
//
//   "store_errors.throttle"        503 SlowDown: the per-prefix request rate
//                                  limit (a token bucket per prefix and per
//                                  read/write class; see token_bucket.hpp).
//   "store_errors.brownout"        503 / 500 at raised rates inside a brownout
//                                  window (a regional degradation), together
//                                  with raised latency (latency_percent).
//   "store_errors.internal_error"  500 InternalError at a steady random rate.
//   "store_errors.conflict"        409 ConditionalRequestConflict: a
//                                  conditional write to a key that another
//                                  conditional write reached less than the
//                                  conflict window earlier (S3 rejects
//                                  overlapping conditional writes to one key).
//
// A request rejected here is not applied. Precedence when several causes
// apply: throttle, brownout 503, brownout 500, internal error, conflict.
//
// Streams: the internal-error draws come from
// Prng::derive(seed, "store_errors.internal_error", 0) and brownout window i's
// draws from Prng::derive(seed, "store_errors.brownout", i). Each active
// cause draws for every request whatever the others decided, so removing one
// cause (or one brownout window) leaves every other cause's draws unchanged.
//
// The throttle prefix of a request is its bucket plus its key up to and
// including the last '/' (for a LIST, of the listed prefix): S3 partitions by
// key prefix, and the election's keys share one prefix, which is exactly what
// makes them throttle together.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/prng.hpp"
#include "core/store.hpp"
#include "core/time.hpp"
#include "faultmodels/config.hpp"
#include "faultmodels/token_bucket.hpp"
#include "faultmodels/window_cursor.hpp"

namespace holocron::faultmodels {

// At most this many distinct throttle prefixes (two buckets each); the
// simulator's node limit keeps real runs far below it.
inline constexpr std::size_t kThrottlePrefixesMax = 1'000'000;
// At most this many conditional writes remembered inside the conflict window.
inline constexpr std::size_t kConflictWritesTrackedMax = 1'000'000;

struct StoreErrorDecision {
  Status status = Status::kOk;  // kOk: nothing injected, the store applies it
  std::string_view model;       // which cause, e.g. "store_errors.throttle"
  std::string_view what;        // "503", "500" or "409"
  [[nodiscard]] bool injected() const { return status != Status::kOk; }
};

// The throttle prefix of a request (see above).
[[nodiscard]] std::string throttle_prefix(const StoreRequest& request);

class StoreErrorInjector {
 public:
  StoreErrorInjector(const StoreErrorsConfig& config, std::uint64_t seed);
  // Not copyable: recent_writes_ holds iterators into last_write_by_key_ and
  // last_used_ holds pointers into buckets_, so a copy would update the
  // original's maps. Moves keep map nodes where they are, so they are safe.
  StoreErrorInjector(const StoreErrorInjector&) = delete;
  StoreErrorInjector& operator=(const StoreErrorInjector&) = delete;
  StoreErrorInjector(StoreErrorInjector&&) = default;
  StoreErrorInjector& operator=(StoreErrorInjector&&) = default;
  ~StoreErrorInjector() = default;

  // Called once per request when it arrives at the store, in arrival order
  // (true_ns never decreases between calls).
  [[nodiscard]] StoreErrorDecision on_arrival(const StoreRequest& request, Nanos true_ns);

  // The latency factor in percent for a request sent at true_ns: 100 outside
  // brownouts, the highest factor of the brownout windows covering true_ns
  // inside them. Cheapest when called at non-decreasing times.
  [[nodiscard]] std::uint32_t latency_percent(Nanos true_ns) {
    // In line: asked for every request, and most runs have no brownout.
    if (config_.brownouts.empty()) return 100;
    return latency_percent_in_brownouts(true_ns);
  }

 private:
  std::uint32_t latency_percent_in_brownouts(Nanos true_ns);
  bool throttled(const StoreRequest& request, Nanos true_ns);
  bool conflicts(const StoreRequest& request, Nanos true_ns);

  StoreErrorsConfig config_;
  Prng internal_error_prng_;
  std::vector<Prng> brownout_prngs_;  // one per brownout window
  WindowCursor brownouts_at_arrival_;
  WindowCursor brownouts_at_send_;
  // Keyed by "r:" or "w:" plus the throttle prefix; std::map, so iteration
  // order (never needed today) could not depend on hashing. std::less<> lets
  // a lookup use scratch_key_ without allocating a key per request.
  std::map<std::string, TokenBucket, std::less<>> buckets_;
  // The buckets the last reads ([0]) and the last writes ([1]) used, most
  // recent first, with the key each is stored under: a node's requests go
  // to a few prefixes (the election's, the node states'), and matching one
  // of them is cheaper than building a key and searching the map. Map nodes
  // never move, so the pointers stay valid.
  struct LastUsed {
    const std::string* key = nullptr;  // "r:"/"w:" + bucket + "/" + prefix
    TokenBucket* bucket = nullptr;
  };
  static constexpr std::size_t kLastUsedMax = 4;
  std::array<LastUsed, kLastUsedMax> last_used_[2];
  // Conditional writes inside the conflict window, oldest first, each with
  // its key's entry in last_write_by_key_ ("bucket/key" -> latest arrival).
  // An entry is erased only with the last write that refers to it (writes
  // to one key arrive at strictly increasing times), so the iterators stay
  // valid, and a write costs no key copy.
  using LastWriteByKey = std::map<std::string, Nanos, std::less<>>;
  std::deque<std::pair<Nanos, LastWriteByKey::iterator>> recent_writes_;
  LastWriteByKey last_write_by_key_;
  std::string scratch_key_;  // reused for every lookup
  Nanos last_arrival_ns_ = 0;
};

}  // namespace holocron::faultmodels
