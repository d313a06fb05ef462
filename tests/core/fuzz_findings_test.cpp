// Regression tests for the fuzzing findings F1-F12 of issue 11 (see
// tests/fuzz/HOSTILE_INPUTS.md). Each TEST_CASE rebuilds its finding by hand
// with the fake store and scripted responses, failed before the fix and
// passes after it.
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "core/node_state.hpp"
#include "tests/core/fake_store.hpp"

using namespace holocron;
using namespace holocron::testing;

namespace {

// The largest epoch of any became-leader event of `node` (0 if none).
Epoch highest_led_epoch(const ClusterNode& node) {
  Epoch highest = 0;
  for (const Event& event : node.events) {
    if (event.kind == EventKind::kBecameLeader) highest = std::max(highest, event.epoch);
  }
  return highest;
}

// Options for node "n1" that publishes its state and resumes from it.
ElectorOptions resuming_options(Algorithm algorithm, std::uint64_t seed) {
  ElectorOptions options = Cluster::options_for(algorithm, "n1", seed);
  options.publish_state = true;
  options.resume = true;
  return options;
}

// Stores `state` where the node looks for it, then adds and starts the node:
// the node's first act is to read a state that an earlier process left.
std::size_t start_with_stored_state(Cluster& cluster, const ElectorOptions& options,
                                    const NodeState& state) {
  const ObjectLocation location = node_state_location(options);
  (void)cluster.store.put(location.bucket, location.key, encode_node_state(state));
  const std::size_t node = cluster.add(options);
  cluster.start(node);
  return node;
}

}  // namespace

TEST_CASE("F3: decode_node_state rejects a follower naming a lock epoch and an empty node id") {
  const auto follower_with_lock = decode_node_state(
      R"({"format":"holocron.node","version":1,"node":"node-0","role":"follower",)"
      R"("last_epoch_seen":42,"heartbeat_seq":17,"lock_epoch":1,"lock_etag":"","lock_body":""})");
  CHECK_FALSE(follower_with_lock.state.has_value());
  CHECK(follower_with_lock.error.find("lock_epoch") != std::string::npos);
  const auto empty_node = decode_node_state(
      R"({"format":"holocron.node","version":1,"node":"","role":"follower",)"
      R"("last_epoch_seen":42,"heartbeat_seq":17,"lock_epoch":0,"lock_etag":"","lock_body":""})");
  CHECK_FALSE(empty_node.state.has_value());
  // A valid follower state still decodes and round-trips through the encoder.
  const auto valid = decode_node_state(
      R"({"format":"holocron.node","version":1,"node":"node-0","role":"follower",)"
      R"("last_epoch_seen":42,"heartbeat_seq":17,"lock_epoch":0,"lock_etag":"","lock_body":""})");
  REQUIRE(valid.state.has_value());
  CHECK(decode_node_state(encode_node_state(*valid.state)).state->last_epoch_seen == 42);
}

TEST_CASE("F9: a node whose newest epoch vanished never leads at or below an epoch it has seen") {
  for (const Algorithm algorithm : {Algorithm::kLease, Algorithm::kStable}) {
    CAPTURE(static_cast<int>(algorithm));
    Cluster cluster;
    const ElectorOptions options = resuming_options(algorithm, 7);
    // The stored state says epoch 41 was seen; no epoch object exists any more.
    NodeState state;
    state.node_id = "n1";
    state.last_epoch_seen = 41;
    const std::size_t node = start_with_stored_state(cluster, options, state);
    cluster.run(seconds(30));
    const ClusterNode& resumed = cluster.nodes[node];
    CHECK(resumed.count(EventKind::kAnomaly) >= 1);
    REQUIRE(resumed.count(EventKind::kBecameLeader) >= 1);
    CHECK(highest_led_epoch(resumed) > 41);
    for (const Event& event : resumed.events) {
      if (event.kind == EventKind::kBecameLeader) CHECK(event.epoch > 41);
    }
    CHECK(cluster.store.find(options.election_bucket, epoch_key(options.election_prefix, 1)) ==
          nullptr);
  }
}

namespace {

ElectorOptions naive_options(Nanos poll_ns, std::uint32_t gc_keep) {
  ElectorOptions options = Cluster::options_for(Algorithm::kNaive, "n1", 3);
  options.poll_interval_ns = poll_ns;
  options.gc_keep = gc_keep;
  return options;
}

std::size_t count_lists(const ClusterNode& node) {
  return static_cast<std::size_t>(
      std::count_if(node.sent.begin(), node.sent.end(),
                    [](const OutgoingRequest& sent) { return sent.request.op == OpKind::kList; }));
}

}  // namespace

TEST_CASE("F1: naive on a store slower than its poll interval bounds the requests in flight") {
  Cluster cluster;
  // Every answer takes 5 s while a round lasts 1 ms: before the fix each
  // round sent a new LIST and 256 were in flight after 256 ms.
  cluster.latency_min_ns = seconds(5);
  cluster.latency_max_ns = seconds(5);
  const std::size_t node = cluster.add(naive_options(milliseconds(1), 0));
  cluster.start(node);
  cluster.run(milliseconds(600), milliseconds(1));
  CHECK(cluster.nodes[node].outstanding.size() <= 1);
  CHECK(count_lists(cluster.nodes[node]) == 1);
  CHECK(cluster.nodes[node].count(EventKind::kAnomaly) >= 1);
  // Once the store answers, rounds go on and the node leads.
  cluster.latency_min_ns = 0;
  cluster.latency_max_ns = 0;
  cluster.run(seconds(6), milliseconds(1));
  CHECK(cluster.nodes[node].count(EventKind::kBecameLeader) >= 1);
}

TEST_CASE("F2: naive after a backwards clock step acts at most one poll after its create") {
  const Nanos poll_ns = seconds(1);
  auto elector = make_elector(naive_options(poll_ns, 0));
  const Nanos round_start_ns = seconds(10);
  elector->handle_start(round_start_ns);
  auto list = elector->poll_request();
  REQUIRE(list.has_value());
  REQUIRE(list->request.op == OpKind::kList);
  // The clock steps back 5 s before the LIST is answered; the create is sent
  // on the new timeline.
  const Nanos stepped_ns = seconds(5);
  StoreResponse empty;
  elector->handle_response(list->id, empty, stepped_ns);
  auto create = elector->poll_request();
  REQUIRE(create.has_value());
  REQUIRE(create->request.op == OpKind::kPut);
  StoreResponse created;
  created.etag = "\"1\"";
  elector->handle_response(create->id, created, stepped_ns);
  bool became_leader = false;
  while (auto event = elector->poll_event()) {
    if (event->kind != EventKind::kBecameLeader) continue;
    became_leader = true;
    CHECK(event->acting_until_local_ns <= stepped_ns + poll_ns);
  }
  CHECK(became_leader);
}

TEST_CASE("F4: naive facing an epoch key at UINT64_MAX stays a follower and reports it") {
  Cluster cluster;
  const ElectorOptions options = naive_options(seconds(1), 0);
  (void)cluster.store.put(options.election_bucket, epoch_key(options.election_prefix, UINT64_MAX),
                          "{}");
  const std::size_t node = cluster.add(options);
  cluster.start(node);
  cluster.run(seconds(3));
  CHECK(cluster.nodes[node].count(EventKind::kAnomaly) >= 1);
  CHECK(cluster.nodes[node].count(EventKind::kBecameLeader) == 0);
  CHECK_FALSE(cluster.nodes[node].elector->acting_epoch(cluster.local(node)).has_value());
}

TEST_CASE("F6: naive with GC pages a truncated LIST after its last key") {
  Cluster cluster;
  const ElectorOptions options = naive_options(seconds(1), 1);
  const std::string first_key = epoch_key(options.election_prefix, 1);
  const std::string second_key = epoch_key(options.election_prefix, 2);
  (void)cluster.store.put(options.election_bucket, first_key, "{}");
  (void)cluster.store.put(options.election_bucket, second_key, "{}");
  // The first page of every round stops after epoch 2 and says more follow.
  cluster.fault = [&](std::size_t, const StoreRequest& request) {
    FaultAction action;
    if (request.op != OpKind::kList || !request.start_after.empty()) return action;
    action.kind = FaultAction::kRespond;
    action.response.truncated = true;
    action.response.objects = {ListedObject{first_key, "\"1\""}, ListedObject{second_key, "\"2\""}};
    return action;
  };
  const std::size_t node = cluster.add(options);
  cluster.start(node);
  cluster.run(milliseconds(100));
  const auto& sent = cluster.nodes[node].sent;
  const bool paged = std::any_of(sent.begin(), sent.end(), [&](const OutgoingRequest& request) {
    return request.request.op == OpKind::kList && request.request.start_after == second_key;
  });
  CHECK(paged);
}

TEST_CASE("F8: a confirm sent before a backwards clock step does not confirm the next candidacy") {
  ElectorOptions options = Cluster::options_for(Algorithm::kLease, "n1", 243);
  options.poll_interval_ns = milliseconds(50);
  options.lease_ns = seconds(2);
  options.renew_interval_ns = milliseconds(300);
  options.renew_deadline_ns = seconds(1);
  options.takeover_jitter_ns = 0;
  options.retries_max = 1;
  options.gc_keep = 1;
  auto elector = make_elector(options);
  const Nanos start_ns = seconds(100);
  elector->handle_start(start_ns);
  auto list = elector->poll_request();
  REQUIRE(list.has_value());
  elector->handle_response(list->id, StoreResponse{}, start_ns);
  elector->handle_timeout(start_ns);
  auto create = elector->poll_request();
  REQUIRE(create.has_value());
  REQUIRE(create->request.op == OpKind::kPut);
  StoreResponse created;
  created.etag = "\"e1\"";
  elector->handle_response(create->id, created, start_ns);
  auto confirm = elector->poll_request();
  REQUIRE(confirm.has_value());
  REQUIRE(confirm->request.op == OpKind::kList);
  // The clock steps back: the candidacy is given up and a new one for the
  // same epoch starts; then the first candidacy's confirm is answered.
  const Nanos stepped_ns = start_ns - milliseconds(2186);
  elector->handle_timeout(stepped_ns);
  while (elector->poll_request()) {
  }
  elector->handle_response(confirm->id, StoreResponse{}, stepped_ns);
  while (auto event = elector->poll_event()) CHECK(event->kind != EventKind::kBecameLeader);
  CHECK_FALSE(elector->acting_epoch(stepped_ns).has_value());
}

TEST_CASE("F1: a stable follower on a store slower than its poll interval bounds its watch GETs") {
  Cluster cluster;
  ElectorOptions options = Cluster::options_for(Algorithm::kStable, "n1", 5);
  options.poll_interval_ns = milliseconds(5);
  LockRecord record;
  record.epoch = 1;
  record.owner = "n0";
  record.lease_ns = options.lease_ns;
  (void)cluster.store.put(options.election_bucket, epoch_key(options.election_prefix, 1),
                          encode_lock_record(record));
  // Answers take 3 s while the follower polls every 5 ms: before the fix a
  // watch GET went out on every poll and 256 were in flight after 1.3 s.
  cluster.latency_min_ns = seconds(3);
  cluster.latency_max_ns = seconds(3);
  const std::size_t node = cluster.add(options);
  cluster.start(node);
  std::size_t most_outstanding = 0;
  for (int tick = 0; tick < 8000; ++tick) {
    cluster.run(milliseconds(1), milliseconds(1));
    most_outstanding = std::max(most_outstanding, cluster.nodes[node].outstanding.size());
  }
  CHECK(most_outstanding <= 4);
}

namespace {

// Whether `node` ever sent a create-only PUT (a candidacy, or a naive round).
bool sent_create(const ClusterNode& node) {
  return std::any_of(node.sent.begin(), node.sent.end(), [](const OutgoingRequest& sent) {
    return sent.request.op == OpKind::kPut && sent.request.condition == Condition::kIfNoneMatch;
  });
}

std::size_t count_anomalies_naming(const ClusterNode& node, std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(node.events.begin(), node.events.end(), [text](const Event& event) {
        return event.kind == EventKind::kAnomaly && event.detail.find(text) != std::string::npos;
      }));
}

}  // namespace

TEST_CASE(
    "F12: stable and lease facing an epoch object at UINT64_MAX keep running and never lead") {
  for (const Algorithm algorithm : {Algorithm::kStable, Algorithm::kLease}) {
    for (const char* body : {"", "{}"}) {
      CAPTURE(static_cast<int>(algorithm));
      CAPTURE(body);
      Cluster cluster;
      const ElectorOptions options = Cluster::options_for(algorithm, "n1", 11);
      // One hostile object whose key names the largest epoch (the fuzzer's
      // reproducer has an empty body, so it decodes as nothing at all).
      (void)cluster.store.put(options.election_bucket,
                              epoch_key(options.election_prefix, UINT64_MAX), body);
      const std::size_t node = cluster.add(options);
      cluster.start(node);
      // Three leases: before the fix, stable probed epoch 0 after its first
      // unchanged watch (an assertion in write_epoch_key) and lease asserted
      // when the corrupt lock's lease ran out.
      cluster.run(3 * options.lease_ns);
      const ClusterNode& follower = cluster.nodes[node];
      CHECK(follower.elector->highest_epoch_seen() == UINT64_MAX);
      CHECK(count_anomalies_naming(follower, "at the limit") == 1);
      CHECK(follower.count(EventKind::kBecameLeader) == 0);
      CHECK_FALSE(sent_create(follower));
      CHECK_FALSE(follower.elector->acting_epoch(cluster.local(node)).has_value());
      // It keeps watching the store (one request per poll, not a spin).
      const std::size_t sent_before = follower.sent.size();
      cluster.run(seconds(10));
      CHECK(follower.sent.size() > sent_before);
      CHECK(follower.sent.size() <= sent_before + 40);
    }
  }
}

TEST_CASE("F12: a follower that learns of an epoch at UINT64_MAX mid-takeover does not take over") {
  for (const Algorithm algorithm : {Algorithm::kStable, Algorithm::kLease}) {
    CAPTURE(static_cast<int>(algorithm));
    Cluster cluster;
    const ElectorOptions options = Cluster::options_for(algorithm, "n1", 13);
    // Epoch 1, owned by a node that never renews it; the follower times its
    // silence, and just before its takeover a hostile key appears.
    LockRecord record;
    record.epoch = 1;
    record.owner = "n0";
    record.lease_ns = options.lease_ns;
    (void)cluster.store.put(options.election_bucket, epoch_key(options.election_prefix, 1),
                            encode_lock_record(record));
    const std::size_t node = cluster.add(options);
    cluster.start(node);
    cluster.run(options.lease_ns - seconds(2));
    CHECK(cluster.nodes[node].count(EventKind::kBecameLeader) == 0);
    (void)cluster.store.put(options.election_bucket, epoch_key(options.election_prefix, UINT64_MAX),
                            "not a lock");
    // Stable finds it when its create of epoch 2 is confirmed by a LIST (and
    // gives the win up as stale); lease finds it on its next LIST.
    cluster.run(3 * options.lease_ns);
    const ClusterNode& follower = cluster.nodes[node];
    CHECK(follower.elector->highest_epoch_seen() == UINT64_MAX);
    CHECK(count_anomalies_naming(follower, "at the limit") == 1);
    CHECK(follower.count(EventKind::kBecameLeader) == 0);
    CHECK_FALSE(follower.elector->acting_epoch(cluster.local(node)).has_value());
  }
}

TEST_CASE("F12: a resumed leader whose stored lock is at UINT64_MAX resumes as a follower") {
  for (const Algorithm algorithm : {Algorithm::kStable, Algorithm::kLease}) {
    CAPTURE(static_cast<int>(algorithm));
    Cluster cluster;
    const ElectorOptions options = resuming_options(algorithm, 17);
    // A well-formed lock of epoch UINT64_MAX owned by this node, and a stored
    // state that says it led it with the current ETag: before the fix the
    // renewal succeeded and its probe of epoch UINT64_MAX + 1 (0) asserted.
    LockRecord record;
    record.epoch = UINT64_MAX;
    record.owner = "n1";
    record.lease_ns = options.lease_ns;
    const std::string lock_body = encode_lock_record(record);
    NodeState state;
    state.node_id = "n1";
    state.leader = true;
    state.last_epoch_seen = UINT64_MAX;
    state.lock_epoch = UINT64_MAX;
    state.lock_etag = cluster.store.put(options.election_bucket,
                                        epoch_key(options.election_prefix, UINT64_MAX), lock_body);
    state.lock_body = lock_body;
    const std::size_t node = start_with_stored_state(cluster, options, state);
    cluster.run(3 * options.lease_ns);
    const ClusterNode& resumed = cluster.nodes[node];
    CHECK(resumed.count(EventKind::kAnomaly) >= 1);
    CHECK(resumed.count(EventKind::kBecameLeader) == 0);
    CHECK_FALSE(sent_create(resumed));
    CHECK_FALSE(resumed.elector->acting_epoch(cluster.local(node)).has_value());
  }
}

TEST_CASE("F12: the epoch just below the limit is still led, and its probe names UINT64_MAX") {
  for (const Algorithm algorithm : {Algorithm::kStable, Algorithm::kLease}) {
    CAPTURE(static_cast<int>(algorithm));
    Cluster cluster;
    const ElectorOptions options = Cluster::options_for(algorithm, "n1", 19);
    // A dead leader at UINT64_MAX - 2: the follower takes over UINT64_MAX - 1,
    // the largest epoch a node leads, and renews it.
    LockRecord record;
    record.epoch = UINT64_MAX - 2;
    record.owner = "n0";
    record.lease_ns = options.lease_ns;
    (void)cluster.store.put(options.election_bucket,
                            epoch_key(options.election_prefix, UINT64_MAX - 2),
                            encode_lock_record(record));
    const std::size_t node = cluster.add(options);
    cluster.start(node);
    cluster.run(3 * options.lease_ns);
    const ClusterNode& leader = cluster.nodes[node];
    CHECK(highest_led_epoch(leader) == UINT64_MAX - 1);
    CHECK(leader.elector->acting_epoch(cluster.local(node)) == Epoch{UINT64_MAX - 1});
    CHECK(count_anomalies_naming(leader, "at the limit") == 0);
    if (algorithm == Algorithm::kStable) {
      const std::string top_key = epoch_key(options.election_prefix, UINT64_MAX);
      CHECK(std::any_of(leader.sent.begin(), leader.sent.end(), [&](const OutgoingRequest& sent) {
        return sent.request.op == OpKind::kGet && sent.request.key == top_key;
      }));
    }
  }
}
