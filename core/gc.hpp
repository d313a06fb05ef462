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
//
// Naive's own-slot rule (plan_own_slot_gc). A naive round creates one epoch
// per round trip across the cluster, and every creator of epoch e deletes
// e - keep, "its own slot", first: no other creator deletes that key, so
// concurrent creators delete different keys with no 404s and no scan, and the
// prefix stays at about `keep` keys at any scale. What a creator did not
// delete (it crashed, its create timed out, its slot was too young) is left
// to later creators, which also delete the listed keys at or below
// e - 2 * keep: far enough below that their own creators have had keep more
// epochs' time to delete them, so that in the steady state nobody races for
// them. This rule gives up the ascending order above, and with it the "deleted
// set is everything below some epoch" property; naive does not rely on it
// (stable does, and keeps plan_gc). What naive relies on still holds:
//   - the newest epoch object is never deleted. A key k is deleted only by a
//     node that created k + keep (own slot) or k + 2 * keep or more
//     (leftover) earlier, and If-Match on the listed ETag deletes only the
//     version that was listed. If the newest key k were deleted at time t,
//     the higher key its deleter had created would have had to be deleted
//     before t, by a node that had created a still higher key even earlier,
//     and so on: an infinite chain of earlier deletions, impossible in a run
//     of finitely many requests;
//   - a win is acted on only after the confirming LIST (start-after the won
//     key) finds nothing above it, so a re-created low key is never led.
// A stale creator (its confirming LIST found a higher key) still deletes its
// own slot: it did create e, which is all the argument needs.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/elector.hpp"
#include "core/small_ring.hpp"
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
  GcAgeTracker() = default;
  // For a caller that passes the same min_age_ns to every old_enough call:
  // note() then drops at once the samples that the next old_enough call
  // would drop (a later sample is already old enough), instead of keeping
  // them until a call that may never come. A naive node that does not
  // create an epoch never asks, and kept a sample for every round (up to
  // kGcAgeSamplesMax). old_enough answers exactly as without pruning, as
  // long as local time passed to note and old_enough never goes back
  // without a clear().
  explicit GcAgeTracker(Nanos min_age_ns);
  void note(Nanos now_ns, Epoch highest_existing);
  // The highest epoch known to have existed at or before now - min_age (0 if none).
  [[nodiscard]] Epoch old_enough(Nanos now_ns, Nanos min_age_ns);
  [[nodiscard]] std::size_t samples() const {
    if (prune_min_age_ns_ == 0) return newest_epoch_ != 0 ? 1 : 0;
    return samples_.size();
  }
  // A backwards clock step: ages measured so far can no longer be trusted.
  void clear() {
    samples_.clear();
    newest_epoch_ = 0;
  }

 private:
  // The min_age_ns given at construction, or negative: no pruning.
  Nanos prune_min_age_ns_ = -1;
  // With a minimum age of 0 (the anchors' naive nodes), every epoch noted is
  // old enough at once, and old_enough answers the highest noted since the
  // last clear(): that is all the tracker keeps, here, and samples_ stays
  // empty. Such a tracker is read through its first 16 bytes only, which a
  // caller can place on a line it reads anyway (10,000 naive nodes: the
  // tracker's own line was a cache miss a round).
  Epoch newest_epoch_ = 0;
  // Ascending in both time and epoch. Two inline: a tracker with a small
  // minimum age holds one or two (a deque here cost two to three cache
  // misses per round at 10,000 nodes).
  SmallRing<std::pair<Nanos, Epoch>, 2> samples_;
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

// Naive's plan (the own-slot rule above) for the creator of `created_epoch`,
// from its round's LIST page (ascending): first its own slot,
// created_epoch - keep, if listed and <= old_enough; then the listed epochs
// <= created_epoch - 2 * keep and <= old_enough, ascending; at most
// kGcDeletesPerPassMax in all. Returns how many of `out` are leftovers (the
// entries after the own slot). `out` is cleared first.
std::size_t plan_own_slot_gc(std::span<const ListedObject> listed, std::string_view election_prefix,
                             Epoch created_epoch, std::uint32_t keep, Epoch old_enough,
                             std::vector<GcVictim>& out);

}  // namespace holocron
