// Rules (core, issue 4): garbage collection stays safe; the leader's view and
// node state objects; virtual-node resume with a valid and a stale stored
// ETag; the per-node layout and its configuration errors.
#include <algorithm>

#include <doctest/doctest.h>

#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "core/node_state.hpp"
#include "tests/core/fake_store.hpp"

using namespace holocron;
using namespace holocron::testing;

namespace {

ElectorOptions stable_options(std::string node_id, std::uint64_t seed) {
  ElectorOptions options;
  options.algorithm = Algorithm::kStable;
  options.node_id = std::move(node_id);
  options.prng_seed = seed;
  options.publish_state = true;
  return options;
}

// Starts `count` stable nodes with seeds seed_base, seed_base + 1, ..., runs
// them for run_ns and returns the node that acts as leader then. Most rules
// below start from such an elected cluster and then break something.
std::size_t start_stable_cluster(Cluster& cluster, int count, std::uint64_t seed_base,
                                 Nanos run_ns) {
  for (int i = 0; i < count; ++i)
    cluster.add(stable_options("n" + std::to_string(i), seed_base + static_cast<std::uint64_t>(i)));
  return cluster.start_and_elect(run_ns);
}

std::vector<Epoch> stored_epochs(const FakeStore& store) {
  std::vector<Epoch> epochs;
  for (const auto& [path, object] : store.objects) {
    const std::string_view key =
        std::string_view(path).substr(std::string_view("holocron/").size());
    if (path.rfind("holocron/", 0) != 0) continue;
    if (const auto epoch = parse_epoch_key("election/", key)) epochs.push_back(*epoch);
  }
  return epochs;
}

LockRecord make_lock(Epoch epoch, std::string owner, bool expired) {
  LockRecord record;
  record.epoch = epoch;
  record.owner = std::move(owner);
  record.lease_ns = seconds(10);
  record.expired = expired;
  return record;
}

StoreResponse with_status(Status status) {
  StoreResponse response;
  response.status = status;
  return response;
}

}  // namespace

TEST_CASE("rule GC: the stable leader keeps the newest gc_keep epochs and never deletes its own") {
  Cluster cluster;
  for (int i = 0; i < 3; ++i) {
    ElectorOptions options =
        stable_options("n" + std::to_string(i), 40 + static_cast<std::uint64_t>(i));
    options.gc_keep = 2;
    options.gc_min_age_ns = 0;
    cluster.add(options);
  }
  cluster.start_all();
  // Hand leadership around to create epochs.
  for (int handoff = 0; handoff < 6; ++handoff) {
    const auto leader = cluster.run_until_leader(seconds(20));
    REQUIRE(leader.has_value());
    cluster.run(seconds(3));
    cluster.nodes[*leader].elector->handle_resign(cluster.local(*leader));
    cluster.drain(*leader);
  }
  const auto leader = cluster.run_until_leader(seconds(20));
  REQUIRE(leader.has_value());
  cluster.run(seconds(5));
  const Epoch current = *cluster.nodes[*leader].elector->acting_epoch(cluster.local(*leader));
  CHECK(current >= 7);
  const std::vector<Epoch> epochs = stored_epochs(cluster.store);
  CHECK(epochs.size() <= 2);
  REQUIRE_FALSE(epochs.empty());
  CHECK(epochs.back() == current);
  CHECK(cluster.max_acting_at_once == 1);
}

TEST_CASE(
    "rule GC stale recreation (stable): winning a deleted key below the highest is never acted "
    "on") {
  Cluster cluster;
  cluster.add(stable_options("late", 3));
  cluster.store.put("holocron", epoch_key("election/", 1),
                    encode_lock_record(make_lock(1, "a", false)));
  cluster.store.put("holocron", epoch_key("election/", 2),
                    encode_lock_record(make_lock(2, "b", true)));
  bool moved_on = false;
  cluster.fault = [&](std::size_t, const StoreRequest& request) {
    if (request.op == OpKind::kPut && request.condition == Condition::kIfNoneMatch && !moved_on) {
      moved_on = true;
      // While this node's create is in flight, the cluster moves on to epoch
      // 8 and garbage collection deletes 1..5, including the key being created.
      for (Epoch epoch = 3; epoch <= 8; ++epoch) {
        cluster.store.put("holocron", epoch_key("election/", epoch),
                          encode_lock_record(make_lock(epoch, "c", false)));
      }
      for (Epoch epoch = 1; epoch <= 5; ++epoch) {
        cluster.store.objects.erase(FakeStore::path("holocron", epoch_key("election/", epoch)));
      }
    }
    return FaultAction{};
  };
  cluster.start_all();
  cluster.run(seconds(5));
  REQUIRE(moved_on);
  const ClusterNode& node = cluster.nodes[0];
  bool stale = false;
  for (const Event& event : node.events) {
    CHECK(event.kind != EventKind::kBecameLeader);
    if (event.kind == EventKind::kAttemptEnded && event.attempt == AttemptOutcome::kStale) {
      stale = true;
      CHECK(event.epoch == 3);
    }
  }
  CHECK(stale);
  CHECK(cluster.max_acting_at_once == 0);
  CHECK(node.elector->highest_epoch_seen() >= 6);
}

TEST_CASE(
    "rule node state: every node publishes its state object; the leader's includes its lock") {
  Cluster cluster;
  const std::size_t leader = start_stable_cluster(cluster, 2, 60, seconds(20));
  for (std::size_t i = 0; i < 2; ++i) {
    const StoredObject* object =
        cluster.store.find("holocron", "election/nodes/n" + std::to_string(i));
    REQUIRE(object != nullptr);
    const NodeStateDecode decoded = decode_node_state(object->body);
    REQUIRE(decoded.state.has_value());
    CHECK(decoded.state->last_epoch_seen == 1);
    CHECK(decoded.state->leader == (i == leader));
    if (i == leader) {
      const StoredObject* lock = cluster.store.find("holocron", epoch_key("election/", 1));
      REQUIRE(lock != nullptr);
      CHECK(decoded.state->lock_epoch == 1);
      CHECK(decoded.state->lock_etag == lock->etag);
      CHECK(decoded.state->lock_body == lock->body);
    }
  }
}

TEST_CASE(
    "rule virtual node: a resumed leader renews with its stored ETag, one round trip, same epoch") {
  Cluster cluster;
  const std::size_t leader = start_stable_cluster(cluster, 3, 80, seconds(20));
  cluster.nodes[leader].up = false;  // crash
  cluster.run(seconds(1));
  const std::size_t sent_before = cluster.nodes[leader].sent.size();
  cluster.restart(leader, true);  // a fresh process with the same identity and location
  cluster.run(milliseconds(10));
  const ClusterNode& resumed = cluster.nodes[leader];
  CHECK(resumed.elector->acting_epoch(cluster.local(leader)) == Epoch{1});
  // GET the stored state, renew with If-Match on the stored ETag, probe epoch
  // 2 (state writes aside): one renewal round trip, no new election.
  std::vector<StoreRequest> election;
  for (std::size_t i = sent_before; i < resumed.sent.size(); ++i) {
    const StoreRequest& request = resumed.sent[i].request;
    if (request.op == OpKind::kPut && request.key.rfind("election/nodes/", 0) == 0) continue;
    election.push_back(request);
  }
  REQUIRE(election.size() >= 3);
  CHECK(election[0].key == "election/nodes/" + resumed.options.node_id);
  CHECK(election[0].op == OpKind::kGet);
  CHECK(election[1].condition == Condition::kIfMatch);
  CHECK(election[1].key == epoch_key("election/", 1));
  CHECK(election[2].key == epoch_key("election/", 2));
  CHECK(election[2].op == OpKind::kGet);
  for (const StoreRequest& request : election) {
    CHECK(request.condition != Condition::kIfNoneMatch);
  }
  const Event* event = resumed.last(EventKind::kResumed);
  REQUIRE(event != nullptr);
  CHECK(event->epoch == 1);
  cluster.run(seconds(30));
  CHECK(cluster.max_acting_at_once == 1);
  CHECK(cluster.store.find("holocron", epoch_key("election/", 2)) == nullptr);
}

TEST_CASE("rule virtual node: no heartbeat overwrites the stored state before the resume read it") {
  Cluster cluster;
  const std::size_t leader = start_stable_cluster(cluster, 3, 85, seconds(20));
  cluster.nodes[leader].up = false;  // crash
  cluster.run(seconds(1));
  cluster.restart(leader, true);
  cluster.fire_timers();  // before the fix: the first heartbeat, a state PUT saying "follower"
  // A store may apply a PUT before a GET sent earlier (the GET is slower):
  // answer every state write of the new process before its state read.
  auto& queue = cluster.nodes[leader].outstanding;
  std::stable_partition(queue.begin(), queue.end(),
                        [](const auto& due) { return due.second.request.op == OpKind::kPut; });
  cluster.run(milliseconds(10));
  const ClusterNode& resumed = cluster.nodes[leader];
  CHECK(resumed.elector->acting_epoch(cluster.local(leader)) == Epoch{1});
  const Event* event = resumed.last(EventKind::kResumed);
  REQUIRE(event != nullptr);
  CHECK(event->epoch == 1);
  CHECK(cluster.store.find("holocron", epoch_key("election/", 2)) == nullptr);
}

TEST_CASE("rule virtual node: a resume whose stored ETag is stale gets 412 and stays a follower") {
  Cluster cluster;
  const std::size_t leader = start_stable_cluster(cluster, 2, 90, seconds(20));
  cluster.nodes[leader].up = false;
  // The lock changes after the state was stored (its ETag is now stale).
  const StoredObject* lock = cluster.store.find("holocron", epoch_key("election/", 1));
  REQUIRE(lock != nullptr);
  cluster.store.put("holocron", epoch_key("election/", 1), std::string(lock->body));
  cluster.nodes[leader].events.clear();  // only the new process's events from here on
  cluster.restart(leader, true);
  cluster.run(milliseconds(10));
  const ClusterNode& resumed = cluster.nodes[leader];
  CHECK_FALSE(resumed.elector->acting_epoch(cluster.local(leader)).has_value());
  CHECK(resumed.count(EventKind::kBecameLeader) == 0);
  const Event* event = resumed.last(EventKind::kResumed);
  REQUIRE(event != nullptr);
  CHECK(event->detail.find("stale") != std::string::npos);
  // Someone leads again after the lease (epoch 2), and never two at once.
  const auto successor = cluster.run_until_leader(seconds(20));
  REQUIRE(successor.has_value());
  CHECK(cluster.nodes[*successor].elector->acting_epoch(cluster.local(*successor)) == Epoch{2});
  CHECK(cluster.max_acting_at_once == 1);
}

TEST_CASE("rule virtual node: a resumed follower's epochs seen do not go backwards") {
  Cluster cluster;
  const std::size_t leader = start_stable_cluster(cluster, 2, 20, seconds(15));
  cluster.nodes[leader].elector->handle_resign(cluster.local(leader));
  cluster.drain(leader);
  REQUIRE(cluster.run_until_leader(seconds(10)).has_value());
  cluster.run(seconds(2));  // the follower's next watch finds epoch 2
  const std::size_t follower = *cluster.acting_node() == 0 ? 1 : 0;
  const Epoch seen = cluster.nodes[follower].elector->highest_epoch_seen();
  CHECK(seen == 2);
  cluster.restart(follower, true);
  cluster.deliver_all();
  CHECK(cluster.nodes[follower].elector->highest_epoch_seen() >= seen);
}

TEST_CASE("rule per-node layout: node state goes to the node's own bucket") {
  Cluster cluster;
  cluster.store.buckets = {"holocron", "bucket-n0", "bucket-n1"};
  for (int i = 0; i < 2; ++i) {
    ElectorOptions options =
        stable_options("n" + std::to_string(i), 30 + static_cast<std::uint64_t>(i));
    options.layout = Layout::kPerNode;
    options.node_bucket = "bucket-n" + std::to_string(i);
    cluster.add(options);
  }
  // The ACL: a node may write only its own bucket and the election prefix.
  cluster.store.forbid = [](const std::string& node_id, const StoreRequest& request) {
    if (request.op == OpKind::kGet || request.op == OpKind::kList) return false;
    if (request.bucket == "holocron") return request.key.rfind("election/epoch-", 0) != 0;
    return request.bucket != "bucket-" + node_id;
  };
  cluster.start_all();
  cluster.run(seconds(20));
  CHECK(cluster.max_acting_at_once == 1);
  CHECK(cluster.store.find("bucket-n0", "election/nodes/n0") != nullptr);
  CHECK(cluster.store.find("bucket-n1", "election/nodes/n1") != nullptr);
  CHECK(cluster.store.find("holocron", "election/nodes/n0") == nullptr);
  for (const auto& node : cluster.nodes) CHECK(node.count(EventKind::kConfigError) == 0);
}

TEST_CASE(
    "rule per-node config error: 403 on the election prefix is a config error with backoff, no "
    "spin") {
  Cluster cluster;
  cluster.store.buckets = {"holocron", "bucket-n0"};
  ElectorOptions options = stable_options("n0", 5);
  options.layout = Layout::kPerNode;
  options.node_bucket = "bucket-n0";
  cluster.add(options);
  cluster.store.forbid = [](const std::string&, const StoreRequest& request) {
    return request.bucket == "holocron" && request.op == OpKind::kPut;
  };
  cluster.start_all();
  cluster.run(minutes(5));
  const ClusterNode& node = cluster.nodes[0];
  CHECK(node.count(EventKind::kConfigError) >= 1);
  const Event* error = node.last(EventKind::kConfigError);
  REQUIRE(error != nullptr);
  CHECK(error->status == Status::kForbidden);
  CHECK(error->detail.find("holocron") != std::string::npos);
  CHECK(cluster.max_acting_at_once == 0);
  std::size_t creates = 0;
  for (const auto& sent : node.sent) {
    if (sent.request.condition == Condition::kIfNoneMatch) ++creates;
  }
  // One create per configuration backoff (30 s), not one per poll.
  CHECK(creates >= 2);
  CHECK(creates <= 12);
}

TEST_CASE(
    "rule per-node config error: a missing node bucket is a config error, the election goes on") {
  Cluster cluster;
  cluster.store.buckets = {"holocron"};  // "bucket-n0" does not exist
  ElectorOptions options = stable_options("n0", 6);
  options.layout = Layout::kPerNode;
  options.node_bucket = "bucket-n0";
  cluster.add(options);
  cluster.start_all();
  cluster.run(minutes(2));
  const ClusterNode& node = cluster.nodes[0];
  const Event* error = node.last(EventKind::kConfigError);
  REQUIRE(error != nullptr);
  CHECK(error->status == Status::kNoSuchBucket);
  CHECK(error->detail.find("bucket-n0") != std::string::npos);
  CHECK(cluster.acting_node() == std::size_t{0});
  std::size_t state_writes = 0;
  for (const auto& sent : node.sent) state_writes += sent.request.bucket == "bucket-n0" ? 1 : 0;
  CHECK(state_writes <= 12);  // backed off, not one per renewal or heartbeat
}

TEST_CASE("rule per-node config error: 403 on the resume read starts fresh with a config error") {
  Cluster cluster;
  cluster.store.buckets = {"holocron", "bucket-n0"};
  ElectorOptions options = stable_options("n0", 8);
  options.layout = Layout::kPerNode;
  options.node_bucket = "bucket-n0";
  options.resume = true;
  cluster.add(options);
  cluster.store.forbid = [](const std::string&, const StoreRequest& request) {
    return request.bucket == "bucket-n0";
  };
  cluster.start_all();
  cluster.run(seconds(5));
  const ClusterNode& node = cluster.nodes[0];
  CHECK(node.count(EventKind::kConfigError) >= 1);
  CHECK(node.count(EventKind::kResumed) == 1);
  CHECK(cluster.acting_node() == std::size_t{0});
  (void)with_status;
}

TEST_CASE("rule virtual node timing: a resume that races a takeover never gives two leaders") {
  // The resumed process's first renewal is not bounded by any earlier acting
  // interval, so it can land at any moment of a follower's takeover.
  //   variant 0: it lands, and its probe of the next key finds nothing, just
  //     before the follower's create: the follower's confirming LIST sees the
  //     old epoch's ETag changed and waits a lease before acting;
  //   variant 1: it lands after the follower already acts: its probe finds
  //     the new epoch, so the renewal never counts.
  for (int variant = 0; variant < 2; ++variant) {
    CAPTURE(variant);
    Cluster cluster;
    const std::size_t leader = start_stable_cluster(cluster, 2, 70, seconds(15));
    const std::size_t follower = 1 - leader;
    cluster.nodes[leader].up = false;  // crash
    bool resumed = false;
    cluster.fault = [&](std::size_t node, const StoreRequest& request) {
      const bool trigger = variant == 0 ? request.condition == Condition::kIfNoneMatch
                                        : request.condition == Condition::kIfMatch;
      if (node == follower && trigger && !resumed) {
        resumed = true;
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
          CHECK(cluster.acting_count() <= 1);  // also between the renewal and its probe
        }
        if (variant == 0) {
          // The resumed leader acts now; the follower must not, once it wins.
          CHECK(cluster.nodes[leader].elector->acting_epoch(cluster.local(leader)) == Epoch{1});
        }
      }
      return FaultAction{};
    };
    cluster.run(seconds(30));
    CHECK(resumed);
    CHECK(cluster.max_acting_at_once == 1);
  }
}

TEST_CASE("rule GC min age: epochs younger than gc_min_age_ns on the leader's clock are kept") {
  Cluster cluster;
  for (int i = 0; i < 2; ++i) {
    ElectorOptions options =
        stable_options("n" + std::to_string(i), 50 + static_cast<std::uint64_t>(i));
    options.gc_keep = 1;
    options.gc_min_age_ns = minutes(2);
    cluster.add(options);
  }
  cluster.start_all();
  for (int handoff = 0; handoff < 4; ++handoff) {
    const auto leader = cluster.run_until_leader(seconds(20));
    REQUIRE(leader.has_value());
    cluster.nodes[*leader].elector->handle_resign(cluster.local(*leader));
    cluster.drain(*leader);
  }
  REQUIRE(cluster.run_until_leader(seconds(20)).has_value());
  cluster.run(seconds(20));
  CHECK(stored_epochs(cluster.store).size() == 5);  // all younger than two minutes
  cluster.run(minutes(3));
  CHECK(stored_epochs(cluster.store).size() == 1);  // only the newest is kept
}

TEST_CASE("rule config error: a missing election bucket is a config error with backoff, no spin") {
  Cluster cluster;
  cluster.store.buckets = {"other"};
  cluster.add(stable_options("n0", 4));
  cluster.start_all();
  cluster.run(minutes(3));
  const ClusterNode& node = cluster.nodes[0];
  const Event* error = node.last(EventKind::kConfigError);
  REQUIRE(error != nullptr);
  CHECK(error->status == Status::kNoSuchBucket);
  CHECK(node.sent.size() <= 30);  // a few requests per 30 s backoff, not one per poll
  CHECK(cluster.max_acting_at_once == 0);
}

namespace {

// Runs three per-node-layout stable nodes for a minute (one of them resumes
// at 30 s), built either each from its own options or all from one shared
// copy, and returns every request each node sent.
std::vector<std::vector<OutgoingRequest>> run_per_node_cluster(bool share) {
  Cluster cluster;
  cluster.store.buckets = {"holocron", "bucket-n0", "bucket-n1", "bucket-n2"};
  cluster.latency_min_ns = milliseconds(5);
  cluster.latency_max_ns = milliseconds(40);
  ElectorOptions common = stable_options("unused", 0);
  common.layout = Layout::kPerNode;
  const SharedElectorOptions shared = share_elector_options(common);
  for (int i = 0; i < 3; ++i) {
    ElectorOptions options = common;
    options.node_id = "n" + std::to_string(i);
    options.node_bucket = "bucket-n" + std::to_string(i);
    options.prng_seed = 40 + static_cast<std::uint64_t>(i);
    const std::size_t index = cluster.add(options);
    if (share) cluster.nodes[index].elector = make_elector(shared, identity_of(options));
  }
  cluster.start_all();
  cluster.run(seconds(30));
  // A restart that resumes: the fresh core gets resume = true in its own
  // identity, and the shared copy stays as it was for the others.
  ClusterNode& resumed = cluster.nodes[1];
  resumed.options.resume = true;
  resumed.elector =
      share ? make_elector(shared, identity_of(resumed.options)) : make_elector(resumed.options);
  resumed.outstanding.clear();
  cluster.start(1);
  cluster.run(seconds(30));
  CHECK(cluster.max_acting_at_once == 1);
  for (int i = 0; i < 3; ++i) {
    const std::string id = "n" + std::to_string(i);
    CHECK(cluster.store.find("bucket-" + id, "election/nodes/" + id) != nullptr);
  }
  CHECK(shared->node_id.empty());
  CHECK(shared->node_bucket.empty());
  CHECK_FALSE(shared->resume);
  // The shared copy is held by the three cores (if shared) and this test.
  CHECK(shared.use_count() == (share ? 4 : 1));
  std::vector<std::vector<OutgoingRequest>> sent;
  for (const ClusterNode& node : cluster.nodes) sent.push_back(node.sent);
  return sent;
}

}  // namespace

TEST_CASE(
    "rule shared options: cores built from one shared copy act as their own nodes, exactly as "
    "cores with their own options") {
  const auto own = run_per_node_cluster(false);
  const auto shared = run_per_node_cluster(true);
  REQUIRE(own.size() == shared.size());
  for (std::size_t node = 0; node < own.size(); ++node) {
    CAPTURE(node);
    REQUIRE(own[node].size() == shared[node].size());
    CHECK(own[node].size() > 20);
    const std::string node_id = "n" + std::to_string(node);
    std::size_t own_state_writes = 0;
    for (std::size_t i = 0; i < own[node].size(); ++i) {
      const StoreRequest& a = own[node][i].request;
      const StoreRequest& b = shared[node][i].request;
      CAPTURE(i);
      CHECK(a.op == b.op);
      CHECK(a.condition == b.condition);
      CHECK(a.bucket == b.bucket);
      CHECK(a.key == b.key);
      CHECK(a.body == b.body);
      CHECK(a.etag == b.etag);
      // Each node's state goes to its own bucket and names it, never another node.
      if (b.op == OpKind::kPut && b.bucket != "holocron") {
        ++own_state_writes;
        CHECK(b.bucket == "bucket-" + node_id);
        CHECK(b.key == "election/nodes/" + node_id);
        CHECK(b.body.find("\"" + node_id + "\"") != std::string::npos);
      }
    }
    CHECK(own_state_writes > 0);
  }
}

TEST_CASE("rule shared options: validation takes the identity from the core's own identity") {
  ElectorOptions common = stable_options("unused", 0);
  const SharedElectorOptions shared = share_elector_options(common);
  ElectorIdentity identity;
  identity.node_id = "n0";
  CHECK_FALSE(validate_options(*shared, identity).has_value());
  // The shared copy has no node id of its own.
  CHECK(validate_options(*shared).has_value());
  identity.node_id = "bad id";
  CHECK(validate_options(*shared, identity).has_value());
  identity.node_id = "n0";
  ElectorOptions no_state = common;
  no_state.publish_state = false;
  identity.resume = true;
  const auto error = validate_options(*share_elector_options(no_state), identity);
  REQUIRE(error.has_value());
  CHECK(error->find("resume") != std::string::npos);
}
