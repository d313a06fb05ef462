// `naive`: the original prototype's election, faithfully, as the baseline that
// shows why the other algorithms exist. The checker is expected to find
// overlapping leaders in it.
//
// Every poll_interval_ns (a fixed cadence from handle_start, like the
// prototype's ticker), a round:
//   1. LIST the whole epoch prefix, every page (start-after the last key of
//      the previous page), and take the largest epoch;
//   2. PUT epoch max+1 with If-None-Match: *;
//   3. 200: this node leads max+1 until the next round begins (acting_epoch
//      returns it until round start + poll_interval_ns); anything else, 412
//      or any error or a timeout, means "follower" for this round. There are
//      no retries, no read-backs and no lease: exactly the prototype.
// A round still running when the next one is due is abandoned (its late
// responses are ignored), as the prototype's sequential loop would have been
// overtaken by its ticker.
//
// Deliberate differences from the prototype, each for a stated reason:
//   - keys are zero-padded (core/keys.hpp); the prototype's were not, so its
//     LIST order was not numeric order and "max" could be wrong past epoch 9;
//   - with garbage collection on (gc_keep > 0, which the prototype lacked), a
//     round that created its epoch e confirms with one LIST (start-after its
//     key, max-keys 1) that no higher epoch exists before acting, because
//     after a deletion a stale round could re-create an old key and win it
//     (AttemptOutcome::kStale; see gc.hpp). Once that LIST has answered, the
//     creator, leader or overtaken, deletes its own slot e - gc_keep, and any
//     leftovers far below it, from the round's own LIST page: gc.hpp's
//     own-slot rule. It keeps the prefix at about gc_keep keys at any number
//     of nodes; deleting from the oldest key up made the many creators of one
//     round delete the same keys, one round trip each, and the prefix grew
//     with the cluster. The confirming LIST does not depend on the order of
//     deletions. With gc_keep = 0 no key is ever deleted, If-None-Match
//     cannot succeed on an old epoch, and the round is exactly the prototype's.
//
// Hot path (1,000 nodes, one round a second): the round reuses its buffers
// (keys, listed objects) and encodes one small lock body per round.
#pragma once

#include <memory>

#include "core/elector.hpp"

namespace holocron {

// At most this many LIST pages in one round (a million keys): past it the
// round ends as a follower instead of listing forever.
inline constexpr std::uint32_t kNaiveListPagesMax = 1000;

[[nodiscard]] std::unique_ptr<Elector> make_naive_elector(const SharedElectorOptions& options,
                                                          const ElectorIdentity& identity);

}  // namespace holocron
