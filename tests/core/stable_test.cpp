// Rules (core, stable): see the header comment of core/stable.hpp. Each test
// names the rule it checks. The cluster driver answers requests instantly on
// a 10 ms tick; faults are scripted per request.
#include <doctest/doctest.h>

#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "core/prng.hpp"
#include "tests/core/fake_store.hpp"

using namespace holocron;
using namespace holocron::testing;

namespace {

ElectorOptions stable_options(std::string node_id, std::uint64_t seed = 1) {
  ElectorOptions options;
  options.algorithm = Algorithm::kStable;
  options.node_id = std::move(node_id);
  options.prng_seed = seed;
  return options;
}

Cluster stable_cluster(int count, ElectorOptions base = stable_options("x")) {
  Cluster cluster;
  for (int i = 0; i < count; ++i) {
    ElectorOptions options = base;
    options.node_id = "n" + std::to_string(i);
    options.prng_seed = 100 + static_cast<std::uint64_t>(i);
    cluster.add(options);
  }
  return cluster;
}

StoreResponse with_status(Status status) {
  StoreResponse response;
  response.status = status;
  return response;
}

std::size_t epoch_objects(const FakeStore& store) {
  std::size_t count = 0;
  for (const auto& [path, object] : store.objects) {
    if (path.find("/epoch-") != std::string::npos) ++count;
  }
  return count;
}

bool is_create(const StoreRequest& request) {
  return request.op == OpKind::kPut && request.condition == Condition::kIfNoneMatch;
}
bool is_renewal(const StoreRequest& request) {
  return request.op == OpKind::kPut && request.condition == Condition::kIfMatch;
}

std::size_t count_attempts(const ClusterNode& node, AttemptOutcome outcome) {
  std::size_t count = 0;
  for (const Event& event : node.events) {
    if (event.kind == EventKind::kAttemptEnded && event.attempt == outcome) ++count;
  }
  return count;
}

// Runs tick by tick until some node acts; returns that node (or nullopt).
LockRecord read_lock(Cluster& cluster, Epoch epoch) {
  const StoredObject* object = cluster.store.find("holocron", epoch_key("election/", epoch));
  REQUIRE(object != nullptr);
  const LockDecode decoded = decode_lock_record(object->body);
  REQUIRE(decoded.record.has_value());
  return *decoded.record;
}

}  // namespace

TEST_CASE("rule stable: a healthy cluster elects one leader and keeps it in one epoch") {
  Cluster cluster = stable_cluster(3);
  cluster.start_all();
  cluster.run(seconds(60));
  CHECK(cluster.max_acting_at_once == 1);
  CHECK(epoch_objects(cluster.store) == 1);
  const auto leader = cluster.acting_node();
  REQUIRE(leader.has_value());
  CHECK(cluster.nodes[*leader].elector->acting_epoch(cluster.local(*leader)) == Epoch{1});
  CHECK(cluster.nodes[*leader].count(EventKind::kBecameLeader) == 1);
  CHECK(cluster.nodes[*leader].count(EventKind::kStoppedLeading) == 0);
  CHECK(read_lock(cluster, 1).renewals >= 25);  // renewed every 2 s
  for (const auto& node : cluster.nodes) CHECK(node.elector->highest_epoch_seen() == 1);
}

TEST_CASE("rule stable: followers watch with GET and a probe of the next key, not LIST") {
  Cluster cluster = stable_cluster(3);
  const std::size_t leader = cluster.start_and_elect(seconds(30));
  const std::size_t follower = (leader + 1) % 3;
  const auto& sent = cluster.nodes[follower].sent;
  const Nanos steady_from_ns = seconds(15);
  std::size_t lists = 0;
  std::size_t gets = 0;
  bool probed_next = false;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    if (cluster.nodes[follower].sent_at_ns[i] < steady_from_ns) continue;
    if (sent[i].request.op == OpKind::kList) ++lists;
    if (sent[i].request.op == OpKind::kGet) ++gets;
    if (sent[i].request.key == epoch_key("election/", 2)) probed_next = true;
  }
  CHECK(lists == 0);
  CHECK(gets >= 15);  // one watch GET per poll interval, plus probes
  CHECK(gets <= 31);
  CHECK(probed_next);
}

TEST_CASE("rule stable race: two nodes racing for the same epoch, exactly one wins") {
  ElectorOptions base = stable_options("x");
  base.takeover_jitter_ns = 0;  // both take over at the same instant
  Cluster cluster = stable_cluster(2, base);
  cluster.start_all();
  cluster.run(seconds(5));
  const ClusterNode& a = cluster.nodes[0];
  const ClusterNode& b = cluster.nodes[1];
  CHECK(count_attempts(a, AttemptOutcome::kWon) + count_attempts(b, AttemptOutcome::kWon) == 1);
  CHECK(count_attempts(a, AttemptOutcome::kLost) + count_attempts(b, AttemptOutcome::kLost) == 1);
  CHECK(cluster.max_acting_at_once == 1);
  const std::size_t loser = count_attempts(a, AttemptOutcome::kLost) == 1 ? 0 : 1;
  CHECK(cluster.nodes[loser].elector->highest_epoch_seen() == 1);
  CHECK_FALSE(cluster.nodes[loser].elector->acting_epoch(cluster.local(loser)).has_value());
}

TEST_CASE(
    "rule stable takeover: a follower takes over only after a lease of silence on its own clock") {
  Cluster cluster = stable_cluster(3);
  Nanos last_renewal_commit_ns = 0;
  cluster.fault = [&](std::size_t, const StoreRequest& request) {
    if (is_renewal(request)) last_renewal_commit_ns = cluster.now_ns;
    return FaultAction{};
  };
  const std::size_t leader = cluster.start_and_elect(seconds(20));
  cluster.nodes[leader].up = false;  // crash
  const Nanos crash_ns = cluster.now_ns;
  const auto successor = cluster.run_until_leader(seconds(30));
  REQUIRE(successor.has_value());
  CHECK(*successor != leader);
  CHECK(cluster.now_ns >= last_renewal_commit_ns + seconds(10));
  // The wait is about one lease (plus poll and jitter), not much more.
  CHECK(cluster.now_ns <= crash_ns + seconds(10) + seconds(2));
  CHECK(cluster.nodes[*successor].elector->acting_epoch(cluster.local(*successor)) == Epoch{2});
}

TEST_CASE(
    "rule stable timing: a partitioned leader stops at its renew deadline, before any takeover") {
  Cluster cluster = stable_cluster(3);
  const std::size_t leader = cluster.start_and_elect(seconds(20));
  cluster.nodes[leader].partitioned = true;
  cluster.run(seconds(30));
  CHECK(cluster.max_acting_at_once == 1);
  const Event* stopped = cluster.nodes[leader].last(EventKind::kStoppedLeading);
  REQUIRE(stopped != nullptr);
  CHECK(stopped->stop_reason == StopReason::kRenewDeadline);
  const auto successor = cluster.acting_node();
  REQUIRE(successor.has_value());
  CHECK(*successor != leader);
}

TEST_CASE("rule stable retries: a 409 storm on creates is retried with growing, bounded backoff") {
  Cluster cluster = stable_cluster(1);
  int conflicts_left = 5;
  cluster.fault = [&](std::size_t, const StoreRequest& request) {
    if (is_create(request) && conflicts_left > 0) {
      --conflicts_left;
      return FaultAction{FaultAction::kRespond, with_status(Status::kConflict)};
    }
    return FaultAction{};
  };
  cluster.start_all();
  cluster.run(seconds(10));
  const ClusterNode& node = cluster.nodes[0];
  std::vector<Nanos> create_times;
  for (std::size_t i = 0; i < node.sent.size(); ++i) {
    if (is_create(node.sent[i].request)) create_times.push_back(node.sent_at_ns[i]);
  }
  REQUIRE(create_times.size() == 6);
  // Jittered exponential: the n-th wait is in [base * 2^(n-1) / 2, base * 2^(n-1)].
  for (std::size_t i = 1; i < create_times.size(); ++i) {
    const Nanos wait_ns = create_times[i] - create_times[i - 1];
    const Nanos cap_ns = milliseconds(50) << (i - 1);
    CAPTURE(i);
    CHECK(wait_ns >= cap_ns / 2 - milliseconds(10));
    CHECK(wait_ns <= cap_ns + milliseconds(10));
  }
  CHECK(count_attempts(node, AttemptOutcome::kWon) == 1);
  CHECK(node.count(EventKind::kStoreError) >= 5);
  CHECK(cluster.acting_node() == std::size_t{0});
}

TEST_CASE("rule stable retries: an endless 409 storm gives up after retries_max and backs off") {
  Cluster cluster = stable_cluster(1);
  cluster.fault = [&](std::size_t, const StoreRequest& request) {
    if (is_create(request))
      return FaultAction{FaultAction::kRespond, with_status(Status::kConflict)};
    return FaultAction{};
  };
  cluster.start_all();
  cluster.run(seconds(60));
  const ClusterNode& node = cluster.nodes[0];
  std::size_t creates = 0;
  for (const auto& sent : node.sent) creates += is_create(sent.request) ? 1 : 0;
  CHECK(count_attempts(node, AttemptOutcome::kError) >= 1);
  // retries_max + 1 creates per try, and tries are at least backoff_max apart.
  CHECK(creates <= 9 * 8);
  CHECK(creates >= 9);
  CHECK(cluster.max_acting_at_once == 0);
}

TEST_CASE("rule stable ambiguity: a create that committed but timed out is read back and won") {
  Cluster cluster = stable_cluster(1);
  bool first = true;
  cluster.fault = [&](std::size_t, const StoreRequest& request) {
    if (is_create(request) && first) {
      first = false;
      return FaultAction{FaultAction::kApplyThenRespond, with_status(Status::kTimeout)};
    }
    return FaultAction{};
  };
  cluster.start_all();
  cluster.run(seconds(3));
  const ClusterNode& node = cluster.nodes[0];
  CHECK(count_attempts(node, AttemptOutcome::kWonAfterUnknown) == 1);
  CHECK(count_attempts(node, AttemptOutcome::kWon) == 0);
  // The timed-out create is followed by a GET of the same key (the read-back).
  bool read_back = false;
  for (std::size_t i = 1; i < node.sent.size(); ++i) {
    if (is_create(node.sent[i - 1].request) && node.sent[i].request.op == OpKind::kGet &&
        node.sent[i].request.key == node.sent[i - 1].request.key) {
      read_back = true;
    }
  }
  CHECK(read_back);
  CHECK(cluster.acting_node() == std::size_t{0});
  CHECK(epoch_objects(cluster.store) == 1);
}

TEST_CASE(
    "rule stable ambiguity: a timed-out create whose key another node holds is lost, not won") {
  Cluster cluster = stable_cluster(1);
  bool first = true;
  cluster.fault = [&](std::size_t, const StoreRequest& request) {
    if (is_create(request) && first) {
      first = false;
      // Our write never landed; meanwhile another node created the epoch.
      LockRecord other;
      other.epoch = 1;
      other.owner = "other";
      other.lease_ns = seconds(10);
      cluster.store.put("holocron", request.key, encode_lock_record(other));
      return FaultAction{FaultAction::kRespond, with_status(Status::kTimeout)};
    }
    return FaultAction{};
  };
  cluster.start_all();
  cluster.run(seconds(3));
  const ClusterNode& node = cluster.nodes[0];
  CHECK(count_attempts(node, AttemptOutcome::kLostAfterUnknown) == 1);
  CHECK(cluster.max_acting_at_once == 0);
  const Event* attempt = node.last(EventKind::kAttemptEnded);
  REQUIRE(attempt != nullptr);
  CHECK(attempt->owner == "other");
}

TEST_CASE("rule stable ambiguity: a renewal whose response was lost keeps the leader, same epoch") {
  Cluster cluster = stable_cluster(2);
  int renewals_seen = 0;
  cluster.fault = [&](std::size_t, const StoreRequest& request) {
    if (is_renewal(request) && ++renewals_seen == 3) {
      return FaultAction{FaultAction::kApplyThenRespond, with_status(Status::kTimeout)};
    }
    return FaultAction{};
  };
  cluster.start_all();
  cluster.run(seconds(30));
  REQUIRE(renewals_seen > 5);
  const auto leader = cluster.acting_node();
  REQUIRE(leader.has_value());
  CHECK(cluster.nodes[*leader].count(EventKind::kStoppedLeading) == 0);
  CHECK(cluster.nodes[*leader].count(EventKind::kBecameLeader) == 1);
  CHECK(epoch_objects(cluster.store) == 1);
  CHECK(cluster.max_acting_at_once == 1);
}

TEST_CASE(
    "rule stable corrupt body: an unreadable lock is an anomaly nobody acts on; it is taken over") {
  Cluster cluster = stable_cluster(2);
  cluster.store.put("holocron", epoch_key("election/", 1), "{\"format\": \"garbage");
  cluster.start_all();
  cluster.run(seconds(5));
  CHECK(cluster.max_acting_at_once == 0);  // the lease of the unreadable lock is honoured
  for (const auto& node : cluster.nodes) CHECK(node.count(EventKind::kAnomaly) >= 1);
  const auto leader = cluster.run_until_leader(seconds(20));
  REQUIRE(leader.has_value());
  CHECK(cluster.now_ns >= seconds(10));
  CHECK(cluster.nodes[*leader].elector->acting_epoch(cluster.local(*leader)) == Epoch{2});
  CHECK(read_lock(cluster, 2).previous_epoch == 1);
}

TEST_CASE("rule stable superseded: a higher epoch appearing makes the leader stop at once") {
  Cluster cluster = stable_cluster(2);
  const std::size_t leader = cluster.start_and_elect(seconds(15));
  LockRecord intruder;
  intruder.epoch = 2;
  intruder.owner = "intruder";
  intruder.lease_ns = seconds(10);
  cluster.store.put("holocron", epoch_key("election/", 2), encode_lock_record(intruder));
  cluster.run(seconds(3));  // the next renewal's probe finds epoch 2
  const Event* stopped = cluster.nodes[leader].last(EventKind::kStoppedLeading);
  REQUIRE(stopped != nullptr);
  CHECK(stopped->stop_reason == StopReason::kSuperseded);
  CHECK(stopped->epoch == 1);
  CHECK_FALSE(cluster.acting_node().has_value());
  for (const auto& node : cluster.nodes) CHECK(node.elector->highest_epoch_seen() == 2);
}

TEST_CASE(
    "rule stable renew rejected: a 412 on renewal (someone changed our lock) stops the leader") {
  Cluster cluster = stable_cluster(1);
  cluster.start_all();
  cluster.run(seconds(5));
  REQUIRE(cluster.acting_node() == std::size_t{0});
  StoredObject* lock = cluster.store.find("holocron", epoch_key("election/", 1));
  REQUIRE(lock != nullptr);
  cluster.store.put("holocron", epoch_key("election/", 1), lock->body);  // new ETag
  cluster.run(seconds(3));
  const Event* stopped = cluster.nodes[0].last(EventKind::kStoppedLeading);
  REQUIRE(stopped != nullptr);
  CHECK(stopped->stop_reason == StopReason::kRenewRejected);
}

TEST_CASE(
    "rule stable clock: local time going backwards stops the leader (kClockJump) and hands over") {
  Cluster cluster = stable_cluster(2);
  const std::size_t leader = cluster.start_and_elect(seconds(15));
  cluster.nodes[leader].clock_offset_ns -= seconds(5);
  // Not acting from the first query on the new timeline, before any input.
  CHECK_FALSE(cluster.nodes[leader].elector->acting_epoch(cluster.local(leader)).has_value());
  // An early timer call (a harmless no-op by contract) brings the step to the core.
  cluster.nodes[leader].elector->handle_timeout(cluster.local(leader));
  cluster.drain(leader);
  const Event* stopped = cluster.nodes[leader].last(EventKind::kStoppedLeading);
  REQUIRE(stopped != nullptr);
  CHECK(stopped->stop_reason == StopReason::kClockJump);
  CHECK_FALSE(cluster.nodes[leader].elector->acting_epoch(cluster.local(leader)).has_value());
  // The lock was marked expired, so the other node takes over without a lease wait.
  const auto successor = cluster.run_until_leader(seconds(5));
  REQUIRE(successor.has_value());
  CHECK(*successor != leader);
  CHECK(cluster.max_acting_at_once == 1);
}

TEST_CASE("rule stable resign: the leader stops at once and a follower takes over within ~a poll") {
  Cluster cluster = stable_cluster(3);
  const std::size_t leader = cluster.start_and_elect(seconds(15));
  cluster.nodes[leader].elector->handle_resign(cluster.local(leader));
  cluster.drain(leader);
  CHECK_FALSE(cluster.nodes[leader].elector->acting_epoch(cluster.local(leader)).has_value());
  const Event* stopped = cluster.nodes[leader].last(EventKind::kStoppedLeading);
  REQUIRE(stopped != nullptr);
  CHECK(stopped->stop_reason == StopReason::kResigned);
  const Nanos resigned_ns = cluster.now_ns;
  const auto successor = cluster.run_until_leader(seconds(10));
  REQUIRE(successor.has_value());
  CHECK(*successor != leader);
  // poll interval (1 s) + jitter (0.5 s) + a tick or two, far below the 10 s lease.
  CHECK(cluster.now_ns - resigned_ns <= milliseconds(1600));
  CHECK(read_lock(cluster, 1).expired);
  CHECK(cluster.max_acting_at_once == 1);
}

TEST_CASE("rule stable view: the winner writes its view once; renewals change only lease fields") {
  Cluster cluster = stable_cluster(3);
  cluster.start_all();
  cluster.run(seconds(15));
  const auto first = cluster.acting_node();
  REQUIRE(first.has_value());
  const StoredObject* first_lock = cluster.store.find("holocron", epoch_key("election/", 1));
  REQUIRE(first_lock != nullptr);
  const std::string first_etag = first_lock->etag;
  cluster.nodes[*first].elector->handle_resign(cluster.local(*first));
  cluster.drain(*first);
  const auto second = cluster.run_until_leader(seconds(10));
  REQUIRE(second.has_value());
  const LockRecord created = read_lock(cluster, 2);
  CHECK(created.owner == cluster.nodes[*second].options.node_id);
  CHECK(created.previous_epoch == 1);
  CHECK_FALSE(created.previous_etag.empty());
  CHECK(created.previous_etag != first_etag);  // the expired version it took over from
  REQUIRE(created.members.size() >= 2);
  CHECK(created.members[0].node_id == created.owner);
  CHECK(created.members[0].role == MemberRole::kLeader);
  bool previous_leader_listed = false;
  for (const ViewMember& member : created.members) {
    if (member.node_id == cluster.nodes[*first].options.node_id) {
      previous_leader_listed = true;
      CHECK(member.heartbeat_age_ns >= 0);
    }
  }
  CHECK(previous_leader_listed);
  cluster.run(seconds(10));
  const LockRecord renewed = read_lock(cluster, 2);
  CHECK(renewed.renewals > created.renewals);
  CHECK(renewed.owner == created.owner);
  CHECK(renewed.previous_epoch == created.previous_epoch);
  CHECK(renewed.previous_etag == created.previous_etag);
  REQUIRE(renewed.members.size() == created.members.size());
  for (std::size_t i = 0; i < renewed.members.size(); ++i) {
    CHECK(renewed.members[i].node_id == created.members[i].node_id);
    CHECK(renewed.members[i].heartbeat_age_ns == created.members[i].heartbeat_age_ns);
  }
}

TEST_CASE(
    "rule stable safety: never two leaders at once, epochs never go backwards, under faults") {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    CAPTURE(seed);
    Cluster cluster = stable_cluster(5);
    Prng faults(seed);
    cluster.fault = [&](std::size_t, const StoreRequest&) {
      const auto roll = faults.below(100);
      if (roll < 4)
        return FaultAction{FaultAction::kApplyThenRespond, with_status(Status::kTimeout)};
      if (roll < 8) return FaultAction{FaultAction::kRespond, with_status(Status::kTimeout)};
      if (roll < 11) return FaultAction{FaultAction::kRespond, with_status(Status::kSlowDown)};
      if (roll < 13)
        return FaultAction{FaultAction::kApplyThenRespond, with_status(Status::kInternalError)};
      if (roll < 14) return FaultAction{FaultAction::kRespond, with_status(Status::kConflict)};
      return FaultAction{};
    };
    cluster.start_all();
    std::vector<Epoch> highest(cluster.nodes.size(), 0);
    Nanos acting_ticks = 0;
    for (int step = 0; step < 300; ++step) {
      cluster.run(seconds(1), milliseconds(10));
      if (cluster.acting_node()) ++acting_ticks;
      for (std::size_t i = 0; i < cluster.nodes.size(); ++i) {
        const Epoch seen = cluster.nodes[i].elector->highest_epoch_seen();
        CHECK(seen >= highest[i]);
        highest[i] = seen;
      }
      // Crash and restart a node now and then (volatile state lost).
      // (A fresh process without resume knows no epoch: its count starts over.)
      if (step % 60 == 30) {
        const auto restarted = static_cast<std::size_t>(step / 60) % 5;
        cluster.restart(restarted, false);
        highest[restarted] = 0;
      }
    }
    CHECK(cluster.max_acting_at_once <= 1);
    CHECK(acting_ticks >= 150);  // there was a leader most of the time
  }
}

namespace {

// A rough world: request latency up to 400 ms (answers out of order), lost
// responses after commit, throttling, 500s, conflicts, pauses of up to 15 s
// (the node's inputs and its queued answers wait), crashes with restarts, half
// of them resuming from stored state. Returns the most nodes acting at once.
struct RoughRun {
  int max_acting_at_once = 0;
  int leader_ticks = 0;
};

RoughRun run_rough_world(Algorithm algorithm, std::uint64_t seed) {
  Cluster cluster;
  for (int i = 0; i < 5; ++i) {
    ElectorOptions options;
    options.algorithm = algorithm;
    options.node_id = "n" + std::to_string(i);
    options.prng_seed = seed * 10 + static_cast<std::uint64_t>(i);
    options.publish_state = true;
    options.gc_keep = 3;
    options.gc_min_age_ns = seconds(5);
    cluster.add(options);
  }
  cluster.latency_min_ns = milliseconds(5);
  cluster.latency_max_ns = milliseconds(400);
  cluster.latency_prng = Prng(seed);
  Prng faults = Prng::derive(seed, "faults", 0);
  cluster.fault = [&](std::size_t, const StoreRequest&) {
    const auto roll = faults.below(100);
    if (roll < 3) return FaultAction{FaultAction::kApplyThenRespond, with_status(Status::kTimeout)};
    if (roll < 6) return FaultAction{FaultAction::kRespond, with_status(Status::kTimeout)};
    if (roll < 8) return FaultAction{FaultAction::kRespond, with_status(Status::kSlowDown)};
    if (roll < 9)
      return FaultAction{FaultAction::kApplyThenRespond, with_status(Status::kInternalError)};
    if (roll < 10) return FaultAction{FaultAction::kRespond, with_status(Status::kConflict)};
    return FaultAction{};
  };
  cluster.start_all();
  Prng chaos = Prng::derive(seed, "chaos", 0);
  std::vector<Nanos> paused_until(cluster.nodes.size(), 0);
  RoughRun result;
  for (int step = 0; step < 600; ++step) {
    cluster.run(milliseconds(500), milliseconds(10));
    if (cluster.acting_node()) ++result.leader_ticks;
    for (std::size_t i = 0; i < cluster.nodes.size(); ++i) {
      if (paused_until[i] != 0 && cluster.now_ns >= paused_until[i]) {
        paused_until[i] = 0;
        cluster.nodes[i].up = true;
      }
    }
    const auto roll = chaos.below(100);
    const auto victim = static_cast<std::size_t>(chaos.below(cluster.nodes.size()));
    if (roll < 2 && paused_until[victim] == 0) {
      cluster.nodes[victim].up = false;  // a stop-the-world pause
      paused_until[victim] = cluster.now_ns + chaos.between(milliseconds(100), seconds(15));
    } else if (roll < 4 && paused_until[victim] == 0) {
      cluster.restart(victim, chaos.below(2) == 0);  // crash and restart
    }
  }
  result.max_acting_at_once = cluster.max_acting_at_once;
  if (cluster.first_overlap_ns >= 0 && algorithm == Algorithm::kStable) {
    // Diagnostics for a failure: every node's events around the overlap.
    for (std::size_t i = 0; i < cluster.nodes.size(); ++i) {
      const auto& node = cluster.nodes[i];
      for (std::size_t e = 0; e < node.events.size(); ++e) {
        if (node.event_at_ns[e] + seconds(30) < cluster.first_overlap_ns) continue;
        if (node.event_at_ns[e] > cluster.first_overlap_ns + seconds(1)) continue;
        const Event& event = node.events[e];
        MESSAGE("t=" << node.event_at_ns[e] / 1000000 << "ms n" << i << " " << to_string(event.kind)
                     << " epoch=" << event.epoch
                     << " until=" << event.acting_until_local_ns / 1000000
                     << " stop=" << to_string(event.stop_reason)
                     << " attempt=" << to_string(event.attempt) << " " << event.detail);
      }
    }
    MESSAGE("overlap at " << cluster.first_overlap_ns / 1000000 << "ms");
  }
  return result;
}

}  // namespace

TEST_CASE(
    "rule stable safety: no overlap in a rough world (latency, lost answers, pauses, restarts)") {
  // (60 seeds pass; six keep the suite fast. Seeds 2 and 3 found a verify
  // race that let a follower act while the leader renewed.)
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    CAPTURE(seed);
    const RoughRun run = run_rough_world(Algorithm::kStable, seed);
    CHECK(run.max_acting_at_once <= 1);
    CHECK(run.leader_ticks >= 300);  // a leader most of the time (600 samples)
  }
}

TEST_CASE("rule lease and naive survive the same rough world (no assertion fires, leaders exist)") {
  for (const Algorithm algorithm : {Algorithm::kLease, Algorithm::kNaive}) {
    CAPTURE(to_string(algorithm));
    const RoughRun run = run_rough_world(algorithm, 9);
    CHECK(run.leader_ticks >= 100);
  }
}
