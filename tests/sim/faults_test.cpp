// Rule (engine + fault models): each fault family reaches the nodes the way
// the real failure would (an injected error is answered instead of applied; a
// lost response was applied but never arrives; a partition drops requests or
// responses; a corrupt object appears in the commit history; a worst-moment
// pause holds a new leader's write; a clock step is reported, and is an
// assumption break when it is as large as the timing margin); every injection
// is counted, and a configured fault that never fired is reported.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/keys.hpp"
#include "faultmodels/config.hpp"
#include "quiet_scenario.hpp"
#include "recording_sink.hpp"
#include "sim/engine.hpp"
#include "sim/simulation.hpp"
#include "test_elector.hpp"

using namespace holocron;
using namespace holocron::sim;
using namespace holocron::sim::testing;

namespace {

faultmodels::NodeTarget node_target(std::uint32_t node) {
  return faultmodels::NodeTarget{faultmodels::TargetKind::kNodes, {node}};
}

std::uint64_t fault_count(const reports::RunEnd& end, const std::string& name) {
  for (const auto& [key, count] : end.fault_counts) {
    if (key == name) return count;
  }
  return 0;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

struct Run {
  TestWorld world;
  RecordingSink sink;
  RunResult result;
  void go(const Scenario& scenario) {
    EngineOptions options;
    options.elector_factory = test_factory(world);
    Engine engine(scenario, 1, {&sink}, options);
    result = engine.run();
  }
};

}  // namespace

TEST_CASE("Faults: an injected 500 is answered instead of applied, and counted") {
  Scenario scenario = quiet_scenario(1);
  scenario.faults.store_errors.internal_error_rate = faultmodels::Ratio{1, 1};
  Run run;
  run.go(scenario);
  REQUIRE(run.result.ok);
  const auto responses = run.world.of("node-0", Received::Kind::kResponse);
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].status == Status::kInternalError);
  REQUIRE(run.sink.store_ops.size() == 1);
  CHECK_FALSE(run.sink.store_ops[0].applied);
  CHECK(run.sink.store_ops[0].injected == "store_errors.internal_error");
  CHECK(run.result.ops.put_requests == 1);  // it reached the store: it is billed
  CHECK(fault_count(run.result.run_end, "store_errors.internal_error/500") == 1);
  CHECK(run.result.run_end.faults_never_fired.empty());
  // A steady rate never heals: liveness judges no fault-free tail.
  CHECK(run.result.run_end.steady_faults);
}

TEST_CASE("Faults: brownouts and lost-response windows heal at their end, for liveness") {
  Scenario scenario = quiet_scenario(1);
  faultmodels::LostResponseWindow lost;
  lost.at_ns = seconds(1);
  lost.for_ns = seconds(4);
  scenario.faults.lost_responses.windows.push_back(lost);
  faultmodels::BrownoutWindow brownout;
  brownout.at_ns = seconds(2);
  brownout.for_ns = seconds(1);
  scenario.faults.store_errors.brownouts.push_back(brownout);
  // A window that would begin after the run never happens, so never heals.
  faultmodels::LostResponseWindow after_end = lost;
  after_end.at_ns = scenario.duration_ns;
  scenario.faults.lost_responses.windows.push_back(after_end);
  Run run;
  run.go(scenario);
  REQUIRE(run.result.ok);
  CHECK(run.result.run_end.last_fault_heal_ns == seconds(5));
  CHECK_FALSE(run.result.run_end.steady_faults);
}

TEST_CASE("Faults: a lost response was applied, and the node sees only a timeout") {
  Scenario scenario = quiet_scenario(1);
  scenario.faults.lost_responses.rate = faultmodels::Ratio{1, 1};
  Run run;
  run.go(scenario);
  REQUIRE(run.result.ok);
  const auto responses = run.world.of("node-0", Received::Kind::kResponse);
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].status == Status::kTimeout);
  CHECK(responses[0].local_ns == scenario.request_timeout_ns);
  REQUIRE(run.sink.store_ops.size() == 1);
  CHECK(run.sink.store_ops[0].applied);
  REQUIRE(run.sink.lost.size() == 1);
  CHECK(run.sink.lost[0].cause == "lost_response");
  CHECK(fault_count(run.result.run_end, "lost_responses/lost") == 1);
}

TEST_CASE("Faults: a partition drops requests (nothing applied) or responses (applied)") {
  for (const auto direction :
       {faultmodels::PartitionDirection::kRequests, faultmodels::PartitionDirection::kResponses}) {
    Scenario scenario = quiet_scenario(1);
    faultmodels::ScheduledPartition partition;
    partition.at_ns = 0;
    partition.for_ns = seconds(5);
    partition.target = node_target(0);
    partition.direction = direction;
    scenario.faults.partitions.scheduled.push_back(partition);
    Run run;
    run.go(scenario);
    REQUIRE(run.result.ok);
    const auto responses = run.world.of("node-0", Received::Kind::kResponse);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].status == Status::kTimeout);
    REQUIRE(run.sink.lost.size() == 1);
    if (direction == faultmodels::PartitionDirection::kRequests) {
      CHECK(run.sink.store_ops.empty());
      CHECK(run.sink.lost[0].cause == "request_dropped");
      CHECK(fault_count(run.result.run_end, "partitions/request_dropped") == 1);
    } else {
      REQUIRE(run.sink.store_ops.size() == 1);
      CHECK(run.sink.store_ops[0].applied);
      CHECK(run.sink.lost[0].cause == "partition");
      CHECK(fault_count(run.result.run_end, "partitions/response_dropped") == 1);
    }
    CHECK(contains(run.sink.faults, "partitions/begin"));
    CHECK(contains(run.sink.faults, "partitions/heal"));
    CHECK(run.result.run_end.last_fault_heal_ns == seconds(5));
  }
}

TEST_CASE("Faults: a fault aimed at a leader when there is none never fires, and says so") {
  Scenario scenario = quiet_scenario(2);
  faultmodels::ScheduledPartition partition;
  partition.at_ns = seconds(1);
  partition.target = faultmodels::NodeTarget{faultmodels::TargetKind::kLeader, {}};
  scenario.faults.partitions.scheduled.push_back(partition);
  Run run;
  run.go(scenario);
  REQUIRE(run.result.ok);
  CHECK(contains(run.result.run_end.faults_never_fired, "partitions"));
  CHECK(contains(run.sink.faults, "partitions/no_target"));
}

TEST_CASE("Faults: target all hits every node, also one that has not started yet") {
  const faultmodels::NodeTarget all{faultmodels::TargetKind::kAll, {}};
  const auto lifecycle_count = [](const Run& run, reports::LifecycleKind kind) {
    return std::count_if(run.sink.lifecycle.begin(), run.sink.lifecycle.end(),
                         [&](const reports::LifecycleFact& fact) { return fact.kind == kind; });
  };
  {
    // Nodes start over the first 100 ms; the crash comes at 0, before any.
    Scenario scenario = quiet_scenario(3);
    scenario.cluster.start_spread_ns = milliseconds(100);
    faultmodels::ScheduledCrash crash;
    crash.at_ns = 0;
    crash.target = all;
    crash.mode = faultmodels::CrashMode::kNone;
    scenario.faults.crashes.scheduled.push_back(crash);
    Run run;
    run.go(scenario);
    REQUIRE(run.result.ok);
    CHECK(fault_count(run.result.run_end, "crashes/crash") == 3);
    CHECK(lifecycle_count(run, reports::LifecycleKind::kCrashed) == 3);
    CHECK(run.sink.acting.empty());  // each crashed the instant it started
  }
  {
    Scenario scenario = quiet_scenario(3);
    scenario.cluster.start_spread_ns = milliseconds(100);
    faultmodels::ScheduledPause pause;
    pause.at_ns = 0;
    pause.for_ns = seconds(2);
    pause.target = all;
    scenario.faults.pauses.scheduled.push_back(pause);
    faultmodels::ScheduledPartition partition;
    partition.at_ns = 0;
    partition.for_ns = seconds(1);
    partition.target = all;
    scenario.faults.partitions.scheduled.push_back(partition);
    Run run;
    run.go(scenario);
    REQUIRE(run.result.ok);
    CHECK(fault_count(run.result.run_end, "partitions/begin") == 3);
    CHECK(fault_count(run.result.run_end, "pauses/pause") == 3);
    // Each paused for what was left of the 2 s when it started.
    for (const reports::LifecycleFact& fact : run.sink.lifecycle) {
      if (fact.kind != reports::LifecycleKind::kPaused) continue;
      CHECK(fact.true_ns + fact.duration_ns == seconds(2));
    }
    CHECK(run.result.run_end.faults_never_fired.empty());
  }
}

TEST_CASE("Faults: a corrupt object enters the store and the commit history") {
  Scenario scenario = quiet_scenario(1);
  faultmodels::CorruptObject corrupt;
  corrupt.at_ns = seconds(1);
  corrupt.kind = faultmodels::CorruptKind::kBadJson;
  corrupt.epochs_ahead = 3;
  scenario.faults.corrupt_objects.scheduled.push_back(corrupt);
  RecordingSink sink;
  TestWorld world;
  world.send_on_start = false;
  EngineOptions options;
  options.elector_factory = test_factory(world);
  Engine engine(scenario, 1, {&sink}, options);
  REQUIRE(engine.run().ok);
  const std::string key = epoch_key(scenario.cluster.elector.election_prefix, 3);
  REQUIRE(engine.store().find("holocron", key) != nullptr);
  REQUIRE(sink.store_ops.size() == 1);
  CHECK(sink.store_ops[0].node == reports::kNoNode);
  CHECK(sink.store_ops[0].applied);
  CHECK(sink.store_ops[0].epoch == std::optional<Epoch>(3));
  CHECK(sink.store_ops[0].injected == "corrupt_objects");
  CHECK(sink.store_ops[0].true_ns == seconds(1));
}

TEST_CASE("Faults: a worst-moment pause holds a new leader before its next action") {
  Scenario scenario = quiet_scenario(1);
  scenario.fenced_resource.enabled = true;
  scenario.fenced_resource.write_latency_ns = milliseconds(5);
  scenario.faults.pauses.on_became_leader.probability = faultmodels::Ratio{1, 1};
  scenario.faults.pauses.on_became_leader.for_ns = seconds(4);
  Run run;
  run.world.leadership["node-0"] = {7, 0};
  run.go(scenario);
  REQUIRE(run.result.ok);
  // The request the core produced with its election waited out the pause.
  REQUIRE(run.sink.store_ops.size() == 1);
  CHECK(run.sink.store_ops[0].true_ns == seconds(4));
  // The write decided at the election landed after the pause, when the node
  // no longer acted (its two-second interval ended during the pause).
  REQUIRE(!run.sink.fenced_writes.empty());
  CHECK(run.sink.fenced_writes[0].true_ns == seconds(4));
  CHECK(run.sink.fenced_writes[0].token == 7);
  CHECK_FALSE(run.sink.fenced_writes[0].writer_acting);
  CHECK(fault_count(run.result.run_end, "pauses.on_became_leader/pause") == 1);
  CHECK(contains(run.sink.assumptions, "pause_bound"));
}

TEST_CASE("Faults: clock steps are reported; one as large as the margin breaks an assumption") {
  Scenario scenario = quiet_scenario(2);
  faultmodels::NodeClockConfig small;
  small.node = 0;
  small.steps.push_back(faultmodels::ClockStep{seconds(1), -seconds(1)});
  faultmodels::NodeClockConfig large;
  large.node = 1;
  large.steps.push_back(faultmodels::ClockStep{seconds(2), seconds(8)});
  scenario.faults.clocks.nodes = {small, large};
  Run run;
  run.go(scenario);
  REQUIRE(run.result.ok);
  CHECK(fault_count(run.result.run_end, "clocks.steps/step_back") == 1);
  CHECK(fault_count(run.result.run_end, "clocks.steps/step_forward") == 1);
  // Stable's default margin is lease (10 s) and renew deadline (6 s) apart,
  // less the drift allowance: about 3.8 s. Only the 8 s step breaks it.
  REQUIRE(run.sink.assumptions.size() == 1);
  CHECK(run.sink.assumptions[0] == "clock_step");
}

TEST_CASE("Faults: per-node layout with ACLs: a node denied the election bucket never leads") {
  Scenario scenario;
  scenario.cluster.node_count = 3;
  scenario.cluster.elector.layout = Layout::kPerNode;
  scenario.cluster.elector.publish_state = true;
  scenario.duration_ns = minutes(2);
  scenario.store.acl_denials.push_back(AclDenial{0, "holocron", false, true});
  RecordingSink sink;
  Engine engine(scenario, 3, {&sink});
  const RunResult result = engine.run();
  REQUIRE(result.ok);
  CHECK(result.leader_starts >= 1);
  bool node0_forbidden = false;
  for (const RecordedStoreOp& op : sink.store_ops) {
    if (op.node == 0 && op.status == Status::kForbidden) node0_forbidden = true;
  }
  CHECK(node0_forbidden);
  for (const RecordedActing& acting : sink.acting) CHECK(acting.node != 0);
  // Each node's state lives in its own bucket, which only it may write.
  for (std::uint32_t node = 0; node < 3; ++node) {
    const std::string name = "node-" + std::to_string(node);
    CHECK(engine.store().find("holocron-" + name,
                              node_state_key(scenario.cluster.elector.election_prefix, name)) !=
          nullptr);
  }
}
