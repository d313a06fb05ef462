// Rules (core, lease): see core/lease.hpp. Lock files with a validity period;
// a node takes over only when the newest lock has expired by its own
// observation; the owner resigns by marking its lock expired with If-Match.
#include <doctest/doctest.h>

#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "tests/core/fake_store.hpp"

using namespace holocron;
using namespace holocron::testing;

namespace {

Cluster lease_cluster(int count) {
  Cluster cluster;
  for (int i = 0; i < count; ++i) {
    ElectorOptions options;
    options.algorithm = Algorithm::kLease;
    options.node_id = "n" + std::to_string(i);
    options.prng_seed = 7 + static_cast<std::uint64_t>(i);
    cluster.add(options);
  }
  return cluster;
}

}  // namespace

TEST_CASE("rule lease: one leader renews in place; followers LIST the prefix every poll") {
  Cluster cluster = lease_cluster(3);
  cluster.start_all();
  cluster.run(seconds(30));
  CHECK(cluster.max_acting_at_once == 1);
  const auto leader = cluster.acting_node();
  REQUIRE(leader.has_value());
  CHECK(cluster.store.objects.size() == 1);
  // The leader acts until the send time of its last renewal + the full lease.
  const Event* became = cluster.nodes[*leader].last(EventKind::kLeaseExtended);
  REQUIRE(became != nullptr);
  CHECK(became->acting_until_local_ns > cluster.local(*leader) + seconds(7));
  const std::size_t follower = (*leader + 1) % 3;
  std::size_t lists = 0;
  for (std::size_t i = 0; i < cluster.nodes[follower].sent.size(); ++i) {
    if (cluster.nodes[follower].sent_at_ns[i] >= seconds(10) &&
        cluster.nodes[follower].sent[i].request.op == OpKind::kList) {
      ++lists;
    }
  }
  CHECK(lists >= 19);
  CHECK(lists <= 21);
}

TEST_CASE(
    "rule lease takeover: only after the newest lock is unchanged for a lease on the node's "
    "clock") {
  Cluster cluster = lease_cluster(3);
  const std::size_t leader = cluster.start_and_elect(seconds(20));
  cluster.nodes[leader].up = false;
  const Nanos crash_ns = cluster.now_ns;
  const auto successor = cluster.run_until_leader(seconds(30));
  REQUIRE(successor.has_value());
  CHECK(cluster.now_ns >= crash_ns + seconds(8));  // last renewal at most 2 s before the crash
  CHECK(cluster.now_ns <= crash_ns + seconds(12));
  CHECK(cluster.nodes[*successor].elector->acting_epoch(cluster.local(*successor)) == Epoch{2});
}

TEST_CASE(
    "rule lease resign: the owner marks its lock expired with If-Match; a follower takes over") {
  Cluster cluster = lease_cluster(2);
  const std::size_t leader = cluster.start_and_elect(seconds(15));
  cluster.nodes[leader].elector->handle_resign(cluster.local(leader));
  cluster.drain(leader);
  const OutgoingRequest& resign = cluster.nodes[leader].sent.back();
  CHECK(resign.request.op == OpKind::kPut);
  CHECK(resign.request.condition == Condition::kIfMatch);
  const LockDecode marked = decode_lock_record(resign.request.body);
  REQUIRE(marked.record.has_value());
  CHECK(marked.record->expired);
  const Nanos resigned_ns = cluster.now_ns;
  std::optional<std::size_t> successor;
  while (!successor && cluster.now_ns < resigned_ns + seconds(5)) {
    cluster.run(milliseconds(10));
    successor = cluster.acting_node();
  }
  REQUIRE(successor.has_value());
  CHECK(*successor != leader);
  CHECK(cluster.now_ns - resigned_ns <= milliseconds(1100));
}

namespace {

// Lease nodes that publish their state, so that a crashed one can resume as a
// virtual node. Requests take 20-60 ms, so that a renewal and the probe that
// follows it are answered at different ticks, and an interval in which a node
// acts between the two is seen by max_acting_at_once.
Cluster resumable_lease_cluster(int count, std::uint64_t seed_base) {
  Cluster cluster;
  cluster.latency_min_ns = milliseconds(20);
  cluster.latency_max_ns = milliseconds(60);
  for (int i = 0; i < count; ++i) {
    ElectorOptions options = Cluster::options_for(Algorithm::kLease, "n" + std::to_string(i),
                                                  seed_base + static_cast<std::uint64_t>(i));
    options.publish_state = true;
    cluster.add(options);
  }
  return cluster;
}

// Whether node `index` emitted kBecameLeader for `epoch` at or after events[from].
bool became_leader_of(const ClusterNode& node, std::size_t from, Epoch epoch) {
  for (std::size_t i = from; i < node.events.size(); ++i) {
    if (node.events[i].kind == EventKind::kBecameLeader && node.events[i].epoch == epoch) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE(
    "rule lease virtual node: a leader resumed after its lease ran out never acts for its old "
    "epoch") {
  // The stored ETag still matches (a takeover creates epoch 2 and leaves
  // epoch 1's object as it was), so the resumed renewal succeeds. Before the
  // fix it counted at once and the process acted for epoch 1 beside epoch 2's
  // leader until its probe found epoch 2.
  Cluster cluster = resumable_lease_cluster(3, 21);
  const std::size_t leader = cluster.start_and_elect(seconds(20));
  cluster.nodes[leader].up = false;  // crash
  const auto successor = cluster.run_until_leader(seconds(30));
  REQUIRE(successor.has_value());
  REQUIRE(*successor != leader);
  cluster.run(seconds(20));  // down 30 s or so in all, three leases
  CHECK(cluster.max_acting_at_once == 1);
  const std::size_t events_before = cluster.nodes[leader].events.size();
  cluster.restart(leader, true);
  cluster.run(seconds(30));
  const ClusterNode& resumed = cluster.nodes[leader];
  CHECK_FALSE(became_leader_of(resumed, events_before, 1));
  CHECK(resumed.elector->acting_epoch(cluster.local(leader)) != Epoch{1});
  CHECK(cluster.max_acting_at_once == 1);
  CHECK(cluster.nodes[*successor].elector->acting_epoch(cluster.local(*successor)) == Epoch{2});
}

TEST_CASE(
    "rule lease virtual node: a leader resumed within its lease keeps its epoch, acting a lease "
    "after its first renewal") {
  Cluster cluster = resumable_lease_cluster(3, 31);
  const std::size_t leader = cluster.start_and_elect(seconds(20));
  cluster.nodes[leader].up = false;  // crash
  cluster.run(seconds(1));
  const std::size_t events_before = cluster.nodes[leader].events.size();
  const Nanos resumed_ns = cluster.now_ns;
  cluster.restart(leader, true);
  const auto acting = cluster.run_until_leader(seconds(20));
  REQUIRE(acting.has_value());
  CHECK(*acting == leader);
  CHECK(cluster.nodes[leader].elector->acting_epoch(cluster.local(leader)) == Epoch{1});
  // Not before a lease has passed since the resumed renewal (a follower that
  // looked before it may have been about to take over), and soon after.
  CHECK(cluster.now_ns >= resumed_ns + seconds(10));
  CHECK(cluster.now_ns <= resumed_ns + seconds(11));
  const Event* event = cluster.nodes[leader].last(EventKind::kResumed);
  REQUIRE(event != nullptr);
  CHECK(event->epoch == 1);
  CHECK(became_leader_of(cluster.nodes[leader], events_before, 1));
  // No new election: the followers saw the renewal and kept waiting.
  cluster.run(seconds(30));
  CHECK(cluster.store.find("holocron", epoch_key("election/", 2)) == nullptr);
  CHECK(cluster.acting_node() == leader);
  CHECK(cluster.max_acting_at_once == 1);
}

TEST_CASE(
    "rule lease virtual node timing: a resume that races a takeover never gives two leaders") {
  // The resumed process's first renewal is bounded by no earlier acting
  // interval, and lease followers neither verify the old lock before their
  // create nor check it after their win:
  //   variant 0: the resume (state read, renewal, probe) completes just
  //     before the follower's create of epoch 2 is applied. The probe finds
  //     no epoch 2, yet the follower wins and acts;
  //   variant 1: it completes after the follower already acts for epoch 2.
  // Either way the resumed process must not act for epoch 1.
  for (int variant = 0; variant < 2; ++variant) {
    CAPTURE(variant);
    Cluster cluster;
    for (int i = 0; i < 2; ++i) {
      ElectorOptions options = Cluster::options_for(Algorithm::kLease, "n" + std::to_string(i),
                                                    70 + static_cast<std::uint64_t>(i));
      options.publish_state = true;
      cluster.add(options);
    }
    const std::size_t leader = cluster.start_and_elect(seconds(15));
    const std::size_t follower = 1 - leader;
    cluster.nodes[leader].up = false;  // crash
    bool resumed = false;
    std::size_t events_before = 0;  // the first event of the resumed process
    cluster.fault = [&](std::size_t node, const StoreRequest& request) {
      const bool trigger = variant == 0 ? request.condition == Condition::kIfNoneMatch
                                        : request.condition == Condition::kIfMatch;
      if (node == follower && trigger && !resumed) {
        resumed = true;
        events_before = cluster.nodes[leader].events.size();
        cluster.restart(leader, true);
        // The resumed process does all it can before the store applies the
        // follower's request: read its state, renew, probe.
        auto& queue = cluster.nodes[leader].outstanding;
        for (int i = 0; i < 10 && !queue.empty(); ++i) {
          auto [due, outgoing] = std::move(queue.front());
          queue.pop_front();
          StoreResponse response =
              cluster.store.apply(cluster.nodes[leader].options.node_id, outgoing.request);
          cluster.nodes[leader].elector->handle_response(outgoing.id, response,
                                                         cluster.local(leader));
          cluster.drain(leader);
          CHECK_FALSE(cluster.nodes[leader].elector->acting_epoch(cluster.local(leader)));
        }
      }
      return FaultAction{};
    };
    cluster.run(seconds(30));
    CHECK(resumed);
    CHECK(cluster.max_acting_at_once == 1);
    CHECK_FALSE(became_leader_of(cluster.nodes[leader], events_before, 1));
    CHECK(cluster.nodes[follower].elector->acting_epoch(cluster.local(follower)) == Epoch{2});
  }
}
