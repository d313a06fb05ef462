// Garbage collection of old epoch objects: which ones a leader may delete.
//
// Rule: the leader of epoch m keeps the newest options.gc_keep epochs it knows
// of (m - gc_keep + 1 .. m; m itself is therefore never deleted) and deletes
// older ones once they are at least gc_min_age_ns old, where "age" is measured
// on the leader's own clock from when it first saw an epoch at least as high
// (never from a timestamp written by another node). Deletes are sent one at a
// time in ascending epoch order with If-Match on the listed ETag, so that at
// any moment the set of deleted epochs is "everything below some epoch" (plus
// stale re-creations, below): a node whose own epoch object still exists can
// rely on "the next epoch object is missing" meaning "no higher epoch exists".
//
// Safety after deletion: a stalled node may re-create a deleted key with
// If-None-Match and win it. Every algorithm that acts on a win first proves
// that no higher epoch exists (a LIST starting after the won key; see
// naive.hpp and stable.hpp), so such a stale win is reported as
// AttemptOutcome::kStale and nobody acts on it. The re-created object is
// below the newest gc_keep and is deleted again by the next pass.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/elector.hpp"
#include "core/store.hpp"

namespace holocron {

// Deletes sent by one garbage-collection pass at most: a pass after a long
// outage catches up over several passes instead of in one burst.
inline constexpr std::size_t kGcDeletesPerPassMax = 64;
// Observations kept to judge ages; the oldest are dropped first, which only
// makes the collector more conservative (it deletes later, never earlier).
inline constexpr std::size_t kGcAgeSamplesMax = 4096;

// Remembers "at local time t, epochs up to e existed" and answers "which
// epochs have existed for at least min_age".
class GcAgeTracker {
 public:
  void note(Nanos now_ns, Epoch highest_existing);
  // The highest epoch known to have existed at or before now - min_age (0 if none).
  [[nodiscard]] Epoch old_enough(Nanos now_ns, Nanos min_age_ns);
  // A backwards clock step: ages measured so far can no longer be trusted.
  void clear() { samples_.clear(); }

 private:
  std::deque<std::pair<Nanos, Epoch>> samples_;  // ascending in both time and epoch
};

struct GcVictim {
  Epoch epoch = 0;
  std::string etag;
};

// From one LIST page of epoch objects (ascending), the victims for the leader
// of `leader_epoch`: epochs <= leader_epoch - keep and <= old_enough, in
// ascending order, at most kGcDeletesPerPassMax. `out` is cleared first.
void plan_gc(std::span<const ListedObject> listed, std::string_view election_prefix,
             Epoch leader_epoch, std::uint32_t keep, Epoch old_enough, std::vector<GcVictim>& out);

}  // namespace holocron
