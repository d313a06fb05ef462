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
