// Rule (engine + real core): the simulator runs the production election core.
// A crashed stable leader replaced by a virtual node (a fresh process resuming
// its identity from the store) resumes its epoch instead of starting a new
// election; a crash with restart loses leadership to another node or a new
// epoch; the object count is sampled on schedule.
#include <doctest/doctest.h>

#include "faultmodels/config.hpp"
#include "recording_sink.hpp"
#include "sim/simulation.hpp"

using namespace holocron;
using namespace holocron::sim;
using namespace holocron::sim::testing;

namespace {

Scenario stable_cluster() {
  Scenario scenario;
  scenario.cluster.node_count = 3;
  scenario.cluster.elector.algorithm = Algorithm::kStable;
  scenario.cluster.elector.publish_state = true;
  scenario.duration_ns = minutes(3);
  return scenario;
}

void crash_leader_at(Scenario& scenario, Nanos at_ns, faultmodels::CrashMode mode) {
  faultmodels::ScheduledCrash crash;
  crash.at_ns = at_ns;
  crash.target = faultmodels::NodeTarget{faultmodels::TargetKind::kLeader, {}};
  crash.restart_after_ns = seconds(1);
  crash.mode = mode;
  scenario.faults.crashes.scheduled.push_back(crash);
}

}  // namespace

TEST_CASE("Cluster: a crashed stable leader resumed as a virtual node keeps its epoch") {
  Scenario scenario = stable_cluster();
  crash_leader_at(scenario, minutes(1), faultmodels::CrashMode::kResume);
  RecordingSink sink;
  const RunResult result = run_simulation(scenario, 11, {&sink});
  REQUIRE(result.ok);
  REQUIRE(sink.acting.size() >= 3);
  const RecordedActing& first = sink.acting[0];
  CHECK(first.started);
  CHECK(sink.acting[1].reason == "crash");
  CHECK(sink.acting[1].true_ns == minutes(1));
  // The resumed process leads the same epoch again, about a second later.
  const RecordedActing& resumed = sink.acting[2];
  CHECK(resumed.started);
  CHECK(resumed.node == first.node);
  CHECK(resumed.epoch == first.epoch);
  CHECK(resumed.true_ns < minutes(1) + seconds(3));
  bool saw_resumed = false;
  for (const reports::LifecycleFact& fact : sink.lifecycle) {
    saw_resumed = saw_resumed || fact.kind == reports::LifecycleKind::kResumed;
  }
  CHECK(saw_resumed);
  CHECK(result.fenced_rejected == 0);
}

TEST_CASE("Cluster: after a leader crash with a plain restart, the cluster elects again") {
  Scenario scenario = stable_cluster();
  crash_leader_at(scenario, minutes(1), faultmodels::CrashMode::kRestart);
  RecordingSink sink;
  const RunResult result = run_simulation(scenario, 11, {&sink});
  REQUIRE(result.ok);
  REQUIRE(sink.acting.size() >= 3);
  const RecordedActing& next = sink.acting[2];
  CHECK(next.started);
  CHECK(next.epoch > sink.acting[0].epoch);
  // A follower takes over only after the lease (10 s) on its own clock.
  CHECK(next.true_ns > minutes(1) + seconds(5));
  CHECK(next.true_ns < minutes(1) + seconds(30));
}

TEST_CASE("Cluster: the object count is sampled every interval") {
  Scenario scenario = stable_cluster();
  scenario.store.object_count_sample_interval_ns = seconds(30);
  RecordingSink sink;
  REQUIRE(run_simulation(scenario, 5, {&sink}).ok);
  REQUIRE(sink.object_counts.size() == 7);  // 0, 30 s, ..., 3 min
  CHECK(sink.object_counts[0].objects == 0);
  CHECK(sink.object_counts[6].true_ns == minutes(3));
  // One epoch object and three node-state objects, once elected.
  CHECK(sink.object_counts[6].epoch_objects == 1);
  CHECK(sink.object_counts[6].objects == 4);
}
