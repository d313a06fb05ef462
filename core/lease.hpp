// `lease`: the published S3 lock-file scheme, as a second baseline. Lock files
// carry a validity period (lease_ns); the owner renews its lock in place with
// If-Match; a node takes over only when the newest lock has expired by its own
// observation (its object unchanged for lease_ns on the node's own clock, or
// marked expired); the owner resigns by marking its lock expired (If-Match).
// (The implementation is core/lock_elector.cpp, shared with `stable`.)
//
// How it differs from `stable`, on purpose (these are what the scheme lacks):
//   - every node LISTs the prefix every poll_interval_ns (start-after the key
//     below its newest known epoch, all pages) to find the newest lock, and
//     GETs it only when its ETag changed; no cheap GET/probe watch;
//   - the leader acts until send time of its last confirmed renewal + lease_ns
//     (the full validity period), not a shorter renew deadline with a drift
//     margin, and a renewal counts as soon as its PUT returns 200 (the check
//     for a higher epoch runs after, and ends leadership only when it finds
//     one);
//   - takeovers are not jittered and not verified just before the create;
//   - a resumed virtual node (options.resume) that was leader renews its
//     stored lock with the stored ETag as in `stable`, but acts only once a
//     renewal sent lease_ns after that first one is confirmed and its probe
//     finds no next epoch. A matching ETag does not prove the lease is still
//     valid: a takeover creates the next epoch and leaves the old object
//     untouched. Stable's followers check the old lock again around their
//     create (timing argument (b) in core/stable.hpp) and so protect a
//     resumed leader; lease followers do not, so the resumed leader waits out
//     any takeover that was decided before its renewal, and gates its
//     renewals on the probe until then (as stable always does).
// So leases overlap under clock drift, slow requests, or a renewal that lands
// just after a follower's last look; the checker is expected to find it.
//
// Shared with `stable`: the ambiguous-create resolution (read back, compare
// owner), bounded jittered backoff, the kStale guard after a win (one LIST
// start-after the won key, max-keys 1; see core/gc.hpp), garbage collection,
// the leader's view, node state and resume.
#pragma once

#include <memory>

#include "core/elector.hpp"

namespace holocron {

[[nodiscard]] std::unique_ptr<Elector> make_lease_elector(const SharedElectorOptions& options,
                                                          const ElectorIdentity& identity);

}  // namespace holocron
