// `stable`: the algorithm we recommend. One epoch stays led by one node for as
// long as that node is healthy; the epoch number is the fencing token.
// (The implementation is core/lock_elector.cpp, shared with `lease`, whose
// header says how the two differ.)
//
// Leader of epoch n:
//   - renews every renew_interval_ns with PUT If-Match <its ETag> on epoch n's
//     object, changing only "renewals" (the view is written once, at creation);
//   - after each renewal is confirmed (200), probes the next key (GET n+1).
//     Only when the probe says 404 does the renewal count: the leader may act
//     until  send time of that renewal + renew_deadline_ns  on its own clock.
//     A probe that finds n+1 ends leadership (kSuperseded); a 412 on the
//     renewal ends it (kRenewRejected); a renewal that timed out (or got a 500)
//     is resolved by reading the object back (ours, with our renewal count:
//     applied; the old ETag: not applied; anything else: kRenewRejected);
//   - stops acting at that deadline (kRenewDeadline) if no later renewal was
//     confirmed, and then gives the epoch up (it becomes a follower of it);
//   - stops acting at once if its local time goes backwards (kClockJump), and
//     hands the epoch over as on resign;
//   - resigns by stopping acting first and then marking its lock "expired"
//     with If-Match; followers that see an expired lock take over at once
//     (with jitter), so a handoff takes about one poll interval.
//
// Follower:
//   - every poll_interval_ns GETs the newest epoch it knows (n). A changed
//     ETag is a renewal: it notes the local time it observed it. An unchanged
//     ETag makes it probe the next key (GET n+1) to learn of a new epoch
//     cheaply; it LISTs (start-after its last known key) only to recover,
//     when it knows no epoch or its epoch object disappeared (GC);
//   - takes over only when it has *itself* seen no change of n's object for
//     lease_ns on its own clock (or n is marked expired by another node), plus
//     a jitter drawn uniformly from [0, takeover_jitter_ns] so that followers
//     do not stampede; just before, it GETs n again ("verify") and creates
//     n+1 (If-None-Match: *) only if the ETag is still the one it timed;
//   - after winning n+1, before acting, it LISTs start-after n-1 (max-keys 3):
//     if any epoch above n+1 exists the win is stale (kStale: never acted on,
//     see core/gc.hpp); if n's ETag differs from the one it timed (the old
//     leader renewed between the verify and the create), it waits lease_ns
//     more on its own clock before acting, while renewing n+1 as usual.
//
// The timing argument (why two nodes never act at once, under the assumptions
// below). Let T(x) be true time. Let the old leader L confirm a renewal sent
// at local time s (so T(send) <= T(commit)) and act until s + D on its clock,
// where D = renew_deadline_ns. Let a follower F act for n+1.
//   (a) If F observed that renewal (or a later change), at a local time r with
//       T(r) >= T(commit), F created n+1 no earlier than r + lease on F's clock.
//       With clock rates within 1 +- drift of true time, L stops acting by
//       T(send) + D(1+drift) and F starts no earlier than T(commit) +
//       lease(1-drift) >= T(send) + lease(1-drift). So the two intervals are
//       disjoint when  D * (1 + drift) < lease * (1 - drift).
//   (b) If F did not observe it, the renewal committed after F's verify GET.
//       If it committed before F's confirming LIST, F saw n's ETag change and
//       waits lease_ns from then (case (a) again, with r = the LIST's reply).
//       If it committed after the LIST, then it committed after n+1 was
//       created, so L's probe of n+1 (sent after the renewal's reply) finds
//       n+1 and the renewal never extends L's acting interval.
//       For a leader that has been acting all along, (b) cannot even arise:
//       a renewal only counts if its reply comes before L's current deadline,
//       which is before F's verify by (a). It arises for a resumed virtual
//       node, whose first renewal is bounded by no earlier deadline; the
//       verify/confirm comparison and the probe are what keep it safe
//       (tests/core/virtual_node_test.cpp breaks each one in turn).
//   (c) A create counts as the first renewal: the new leader acts until the
//       send time of its first create attempt + D (the earliest attempt when
//       an ambiguous create was resolved as ours, which is the conservative
//       choice).
// validate_options refuses options with D * (1 + drift) >= lease * (1 - drift)
// (drift = max_drift_ppm / 1e6), and renew_interval_ns >= renew_deadline_ns.
//
// Assumptions, and where the simulator shows the algorithm break: clock
// rates stay within max_drift_ppm; a process is not paused between checking
// acting_epoch() and acting for longer than the margin lease(1-drift) -
// D(1+drift); local time only moves forward. A backwards step is detected
// at the first input (or acting_epoch query) stamped earlier than the
// previous input, and ends acting at once (kClockJump); a step that no input
// or query witnesses (the clock went back and caught up again in silence)
// cannot be seen by a sans-IO core. A forward step is not detected: it ends
// the leader's interval early, which is safe, but it also shortens a
// follower's wait, which is not. Drivers should feed a monotonic clock. Outside these
// assumptions two nodes can act at once, and the protected resource must
// reject the lower epoch: that is what the fencing token is for.
//
// Epochs below the highest: a stale node may re-create a garbage-collected
// key; the confirming LIST above makes such a win kStale (never acted on).
//
// Virtual nodes (options.resume): a fresh process reads this node's stored
// state; if it was leader, it renews the stored lock body with the stored
// ETag (If-Match), then probes n+1 as every renewal does: one round trip and
// no new election when the lease is still valid. A stale ETag gets 412 and
// the node continues as a follower, safely (it never acted).
#pragma once

#include <memory>

#include "core/elector.hpp"

namespace holocron {

[[nodiscard]] std::unique_ptr<Elector> make_stable_elector(const SharedElectorOptions& options,
                                                           const ElectorIdentity& identity);

}  // namespace holocron
