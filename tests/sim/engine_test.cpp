// Rule (engine): nodes drive their cores as a production driver would; the
// store applies requests at the instant they arrive (two creates at one
// instant: one 200, one 412); a timer armed in the past fires at once; a
// crashed node's pending responses are discarded; a request that outlives
// the timeout is answered with kTimeout and its late response never arrives;
// a request that reaches the store after its core let go of it (a timeout
// first, a crash) is the request that was sent;
// the fenced resource rejects a lower token from a leader paused between its
// decision and its write; facts arrive in true-time order; limits give clear
// errors.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "faultmodels/config.hpp"
#include "quiet_scenario.hpp"
#include "recording_sink.hpp"
#include "reports/checkers.hpp"
#include "reports/trace_recorder.hpp"
#include "sim/engine.hpp"
#include "sim/fenced_resource.hpp"
#include "sim/scenario.hpp"
#include "test_elector.hpp"

using namespace holocron;
using namespace holocron::sim;
using namespace holocron::sim::testing;

namespace {

void set_put_latency(Scenario& scenario, Nanos round_trip_ns) {
  scenario.faults.latency.put = faultmodels::DurationDistribution::constant(round_trip_ns);
}

}  // namespace

TEST_CASE("Engine: two creates of one key at one instant: the first 200, the second 412") {
  TestWorld world;
  RecordingSink sink;
  Scenario scenario = quiet_scenario(2);
  EngineOptions options;
  options.elector_factory = test_factory(world);
  Engine engine(scenario, 1, {&sink}, options);
  const RunResult result = engine.run();
  REQUIRE(result.ok);
  const auto first = world.of("node-0", Received::Kind::kResponse);
  const auto second = world.of("node-1", Received::Kind::kResponse);
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 1);
  CHECK(first[0].status == Status::kOk);
  CHECK(second[0].status == Status::kPreconditionFailed);
  REQUIRE(sink.store_ops.size() == 2);
  CHECK(sink.store_ops[0].true_ns == sink.store_ops[1].true_ns);
  CHECK(sink.store_ops[0].applied);
  CHECK_FALSE(sink.store_ops[1].applied);
  CHECK(engine.store().find("holocron", "probe")->body == "node-0");
}

TEST_CASE("Engine: a timer armed in the past fires at once") {
  TestWorld world;
  world.send_on_start = false;
  world.first_deadline_offset_ns = -seconds(5);  // five seconds before "now"
  Scenario scenario = quiet_scenario(1);
  // An hour-ahead clock, so that local and true time differ.
  faultmodels::NodeClockConfig clock;
  clock.node = 0;
  clock.offset_ns = hours(1);
  scenario.faults.clocks.nodes.push_back(clock);
  EngineOptions options;
  options.elector_factory = test_factory(world);
  Engine engine(scenario, 1, {}, options);
  REQUIRE(engine.run().ok);
  const auto starts = world.of("node-0", Received::Kind::kStart);
  const auto timeouts = world.of("node-0", Received::Kind::kTimeout);
  REQUIRE(starts.size() == 1);
  REQUIRE(timeouts.size() == 1);
  CHECK(starts[0].local_ns == hours(1));
  CHECK(timeouts[0].local_ns == hours(1));  // at once, not five seconds later or never
}

TEST_CASE("Engine: a crashed node's pending responses are discarded") {
  TestWorld world;
  Scenario scenario = quiet_scenario(1);
  set_put_latency(scenario, milliseconds(100));  // applied at 50 ms, answered at 100 ms
  RecordingSink sink;
  EngineOptions options;
  options.elector_factory = test_factory(world);
  Engine engine(scenario, 1, {&sink}, options);
  NodeAction crash = NodeAction::on_node(NodeActionKind::kCrash, 0, milliseconds(130));
  crash.then = faultmodels::CrashMode::kRestart;
  engine.schedule(milliseconds(70), crash);  // after the store applied it, before the answer
  const RunResult result = engine.run();
  REQUIRE(result.ok);
  int first_instance_responses = 0;
  std::vector<Received> second_instance_responses;
  for (const Received& entry : world.log) {
    if (entry.kind != Received::Kind::kResponse) continue;
    if (entry.instance == 0) ++first_instance_responses;
    if (entry.instance == 1) second_instance_responses.push_back(entry);
  }
  CHECK(first_instance_responses == 0);
  CHECK(result.responses_discarded == 1);
  // The restarted process (at 200 ms) creates again and finds its own
  // earlier commit: 412.
  REQUIRE(second_instance_responses.size() == 1);
  CHECK(second_instance_responses[0].status == Status::kPreconditionFailed);
  REQUIRE(sink.store_ops.size() == 2);
  CHECK(sink.store_ops[0].true_ns == milliseconds(50));
  CHECK(sink.store_ops[0].applied);
  CHECK(sink.store_ops[1].true_ns == milliseconds(250));
  REQUIRE(sink.lifecycle.size() == 3);
  CHECK(sink.lifecycle[1].kind == reports::LifecycleKind::kCrashed);
  CHECK(sink.lifecycle[2].kind == reports::LifecycleKind::kRestarted);
  CHECK(sink.lifecycle[2].true_ns == milliseconds(200));
  CHECK_FALSE(engine.node_paused(0));
  CHECK(engine.node_up(0));
}

TEST_CASE(
    "Engine: a request that outlives the timeout gets kTimeout; the late response never arrives") {
  TestWorld world;
  Scenario scenario = quiet_scenario(1);
  scenario.request_timeout_ns = seconds(2);
  set_put_latency(scenario, seconds(3));  // applied at 1.5 s, would answer at 3 s
  RecordingSink sink;
  EngineOptions options;
  options.elector_factory = test_factory(world);
  Engine engine(scenario, 1, {&sink}, options);
  const RunResult result = engine.run();
  REQUIRE(result.ok);
  const auto responses = world.of("node-0", Received::Kind::kResponse);
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].status == Status::kTimeout);
  CHECK(responses[0].local_ns == seconds(2));
  CHECK(result.requests_timed_out == 1);
  // The store did apply it: the outcome was unknown to the node, not lost.
  REQUIRE(sink.store_ops.size() == 1);
  CHECK(sink.store_ops[0].applied);
  REQUIRE(sink.lost.size() == 1);
  CHECK(sink.lost[0].cause == "timeout");
  CHECK(sink.lost[0].true_ns == seconds(2));
}

// Requests are borrowed from the core (core/elector.hpp): the core may reuse a
// request from its response on, or once it is destroyed. The test elector
// overwrites each request at that point, so a request that reaches the store
// later is seen as the engine's own copy or as "scribbled".
TEST_CASE("Engine: a request that reaches the store after its timeout is the one sent") {
  TestWorld world;
  world.scribble_released_requests = true;
  Scenario scenario = quiet_scenario(1);
  scenario.request_timeout_ns = seconds(2);
  set_put_latency(scenario, seconds(5));  // reaches the store at 2.5 s, after the timeout
  RecordingSink sink;
  EngineOptions options;
  options.elector_factory = test_factory(world);
  Engine engine(scenario, 1, {&sink}, options);
  REQUIRE(engine.run().ok);
  const auto responses = world.of("node-0", Received::Kind::kResponse);
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].status == Status::kTimeout);
  REQUIRE(sink.store_ops.size() == 1);
  CHECK(sink.store_ops[0].true_ns == milliseconds(2500));
  CHECK(sink.store_ops[0].key == "probe");
  REQUIRE(engine.store().find("holocron", "probe") != nullptr);
  CHECK(engine.store().find("holocron", "probe")->body == "node-0");
}

TEST_CASE("Engine: a request on its way when its node crashes is the one sent") {
  TestWorld world;
  world.scribble_released_requests = true;
  Scenario scenario = quiet_scenario(1);
  set_put_latency(scenario, milliseconds(200));  // reaches the store at 100 ms
  RecordingSink sink;
  EngineOptions options;
  options.elector_factory = test_factory(world);
  Engine engine(scenario, 1, {&sink}, options);
  engine.schedule(milliseconds(50), NodeAction::on_node(NodeActionKind::kCrash, 0, 0));
  REQUIRE(engine.run().ok);
  CHECK_FALSE(engine.node_up(0));
  REQUIRE(sink.store_ops.size() == 1);
  CHECK(sink.store_ops[0].true_ns == milliseconds(100));
  CHECK(sink.store_ops[0].key == "probe");
  REQUIRE(engine.store().find("holocron", "probe") != nullptr);
  CHECK(engine.store().find("holocron", "probe")->body == "node-0");
}

TEST_CASE("FencedResource accepts equal and higher tokens and rejects lower ones") {
  FencedResource resource;
  CHECK(resource.write(2).accepted);
  CHECK(resource.write(2).accepted);
  const FencedWriteResult stale = resource.write(1);
  CHECK_FALSE(stale.accepted);
  CHECK(stale.highest_accepted_before == 2);
  CHECK(resource.write(5).accepted);
  CHECK(resource.highest_accepted() == 5);
  CHECK(resource.accepted() == 3);
  CHECK(resource.rejected() == 1);
}

TEST_CASE("Engine: a leader paused between its fencing decision and its write is rejected") {
  TestWorld world;
  world.send_on_start = false;
  world.leadership["node-0"] = {1, 0};           // epoch 1 at once
  world.leadership["node-1"] = {2, seconds(1)};  // epoch 2 one second later
  world.acting_for_ns = seconds(2);
  Scenario scenario = quiet_scenario(2);
  scenario.fenced_resource.enabled = true;
  scenario.fenced_resource.write_interval_ns = seconds(1);
  scenario.fenced_resource.write_latency_ns = milliseconds(5);
  RecordingSink sink;
  EngineOptions options;
  options.elector_factory = test_factory(world);
  Engine engine(scenario, 1, {&sink}, options);
  // node-0 decided to write at 0 (its write lands at 5 ms); the pause at 1 ms
  // holds the write until 3.001 s, long after node-1 took epoch 2.
  engine.schedule(milliseconds(1), NodeAction::on_node(NodeActionKind::kPause, 0, seconds(3)));
  const RunResult result = engine.run();
  REQUIRE(result.ok);
  CHECK(result.fenced_rejected == 1);
  CHECK(result.fenced_accepted == 2);
  REQUIRE(sink.fenced_writes.size() == 3);
  CHECK(sink.fenced_writes[0].node == 1);
  CHECK(sink.fenced_writes[0].accepted);
  CHECK(sink.fenced_writes[1].node == 1);
  const reports::FencedWriteFact& stale = sink.fenced_writes[2];
  CHECK(stale.node == 0);
  CHECK(stale.token == 1);
  CHECK_FALSE(stale.accepted);
  CHECK(stale.highest_accepted_before == 2);
  CHECK_FALSE(stale.writer_acting);
  CHECK(stale.true_ns == seconds(3) + milliseconds(1));
  // node-0's acting interval ended at its deadline, during the pause.
  bool ended_at_deadline = false;
  for (const RecordedActing& acting : sink.acting) {
    if (acting.node == 0 && !acting.started) {
      ended_at_deadline = acting.reason == "deadline" && acting.true_ns == seconds(2);
    }
  }
  CHECK(ended_at_deadline);
  CHECK(sink.in_time_order);
}

TEST_CASE("Engine: the events-in-flight limit stops the run with an error that names it") {
  TestWorld world;
  Scenario scenario = quiet_scenario(5);
  scenario.limits.max_events_in_flight = 3;
  EngineOptions options;
  options.elector_factory = test_factory(world);
  Engine engine(scenario, 1, {}, options);
  const RunResult result = engine.run();
  CHECK_FALSE(result.ok);
  CHECK(result.error.find("limits.max_events_in_flight") != std::string::npos);
  CHECK(result.error.find("more than 3") != std::string::npos);
  // The reports layer learns it from the run end, which the trace footer
  // records (a run that reached its duration leaves it empty).
  CHECK(result.run_end.stopped_early == result.error);
  scenario.limits.max_events_in_flight = 10'000;
  Engine complete(scenario, 1, {}, options);
  const RunResult full = complete.run();
  CHECK(full.ok);
  CHECK(full.run_end.stopped_early.empty());
}

TEST_CASE("validate_scenario names the field and the limit") {
  Scenario scenario;
  CHECK_FALSE(validate_scenario(scenario).has_value());
  scenario.limits.max_nodes = 10;
  scenario.cluster.node_count = 11;
  auto error = validate_scenario(scenario);
  REQUIRE(error.has_value());
  CHECK(error->find("cluster.node_count") != std::string::npos);
  CHECK(error->find("limits.max_nodes") != std::string::npos);

  scenario = Scenario{};
  scenario.limits.max_nodes = kNodesMax + 1;
  error = validate_scenario(scenario);
  REQUIRE(error.has_value());
  CHECK(error->find("limits.max_nodes") != std::string::npos);

  scenario = Scenario{};
  scenario.limits.max_duration_ns = hours(1);
  scenario.duration_ns = hours(2);
  error = validate_scenario(scenario);
  REQUIRE(error.has_value());
  CHECK(error->rfind("duration:", 0) == 0);

  scenario = Scenario{};
  scenario.cluster.node_id_prefix = "bad prefix";
  error = validate_scenario(scenario);
  REQUIRE(error.has_value());
  CHECK(error->find("cluster.node_id_prefix") != std::string::npos);
}

TEST_CASE("validate_scenario: recurring timers need at least kRecurringIntervalMin") {
  // Each of these timers runs for the whole run; a nanosecond interval once
  // validated and took about 25 s of wall time per simulated second.
  CHECK(kRecurringIntervalMin == milliseconds(1));
  const auto error_with = [](const auto& change) {
    Scenario scenario;
    change(scenario);
    return validate_scenario(scenario);
  };
  auto error = error_with([](Scenario& s) { s.store.object_count_sample_interval_ns = 1; });
  REQUIRE(error.has_value());
  CHECK(*error ==
        "store.object_count_sample_interval: expected 0s (off) or a duration of at least 1ms, "
        "got 1ns");
  CHECK_FALSE(error_with([](Scenario& s) { s.store.object_count_sample_interval_ns = 0; }));
  CHECK_FALSE(error_with(
      [](Scenario& s) { s.store.object_count_sample_interval_ns = kRecurringIntervalMin; }));
  error = error_with([](Scenario& s) { s.fenced_resource.write_interval_ns = microseconds(999); });
  REQUIRE(error.has_value());
  CHECK(error->rfind("fenced_resource.write_interval: expected a duration of at least 1ms", 0) ==
        0);
  // A disabled fenced resource schedules no writes, so its interval is moot.
  CHECK_FALSE(error_with([](Scenario& s) {
    s.fenced_resource.enabled = false;
    s.fenced_resource.write_interval_ns = 1;
  }));
  error = error_with([](Scenario& s) { s.cluster.elector.poll_interval_ns = 1; });
  REQUIRE(error.has_value());
  CHECK(error->rfind("cluster.poll_interval:", 0) == 0);
  error = error_with([](Scenario& s) { s.cluster.elector.heartbeat_interval_ns = 1; });
  REQUIRE(error.has_value());
  CHECK(error->rfind("cluster.heartbeat_interval:", 0) == 0);
}

TEST_CASE(
    "Engine: store-op epochs of requests that did not commit go only to sinks that need them") {
  // Three stable nodes race for epoch 1 at the same instant: one create
  // commits, the others are refused (412) on the same epoch key.
  const Scenario scenario = quiet_scenario(3);
  const auto run_with = [&](bool unapplied_epochs) {
    RecordingSink sink;
    sink.fact_needs.unapplied_store_op_epochs = unapplied_epochs;
    Engine engine(scenario, 1, {&sink}, EngineOptions{});
    REQUIRE(engine.run().ok);
    return sink.store_ops;
  };
  const std::vector<RecordedStoreOp> every_epoch = run_with(true);
  const std::vector<RecordedStoreOp> committed_epochs = run_with(false);
  REQUIRE(every_epoch.size() == committed_epochs.size());
  std::size_t refused_epoch_ops = 0;
  std::size_t committed_epoch_ops = 0;
  for (std::size_t index = 0; index < every_epoch.size(); ++index) {
    const RecordedStoreOp& full = every_epoch[index];
    const RecordedStoreOp& narrow = committed_epochs[index];
    CHECK(full.key == narrow.key);
    CHECK(full.applied == narrow.applied);
    CHECK(full.owner_after == narrow.owner_after);
    if (full.applied) {
      // The checkers and the trace judge these: they keep their epoch.
      CHECK(narrow.epoch == full.epoch);
      if (full.epoch) ++committed_epoch_ops;
    } else {
      CHECK_FALSE(narrow.epoch.has_value());
      if (full.epoch) ++refused_epoch_ops;
    }
  }
  CHECK(committed_epoch_ops >= 1);
  CHECK(refused_epoch_ops >= 2);
}

TEST_CASE("Engine: uncommitted fault-free store ops reach counting sinks as counts, in place") {
  // Naive rounds: every node LISTs, then races to create the next epoch;
  // one create commits, the other requests are refused or only read.
  Scenario scenario = quiet_scenario(4);
  scenario.cluster.elector.algorithm = Algorithm::kNaive;
  scenario.duration_ns = seconds(20);
  scenario.faults.latency.preset = faultmodels::LatencyPreset::kS3Standard;
  RecordingSink every_op;  // the default needs: one fact per operation
  RecordingSink counting;
  counting.fact_needs.each_unapplied_store_op = false;
  Engine engine(scenario, 3, {&every_op, &counting}, EngineOptions{});
  REQUIRE(engine.run().ok);
  CHECK(every_op.in_time_order);
  CHECK(counting.in_time_order);

  // Replays the full sink's operations: the countable ones since the last
  // other fact must arrive as one count, just before that fact or the end.
  reports::StoreOpCountsFact expected;
  std::uint64_t expected_total = 0;
  std::size_t next_fact = 0;
  std::size_t counted_total = 0;
  const auto check_counts_before = [&](std::size_t& log_at) {
    if (expected_total == 0) return;
    REQUIRE(log_at < counting.store_log.size());
    REQUIRE(counting.store_log[log_at].counts);
    const reports::StoreOpCountsFact& got =
        counting.store_op_counts[counting.store_log[log_at].index];
    CHECK(got.by_op == expected.by_op);
    CHECK(got.failed == expected.failed);
    CHECK(got.true_ns == expected.true_ns);
    ++log_at;
    counted_total += expected_total;
    expected = {};
    expected_total = 0;
  };
  std::size_t log_at = 0;
  for (const RecordedStoreOp& op : every_op.store_ops) {
    if (!op.applied && op.injected.empty()) {
      ++expected.by_op[static_cast<std::size_t>(op.op)];
      if (op.status != Status::kOk) ++expected.failed;
      expected.true_ns = op.true_ns;
      ++expected_total;
      continue;
    }
    check_counts_before(log_at);
    REQUIRE(log_at < counting.store_log.size());
    REQUIRE_FALSE(counting.store_log[log_at].counts);
    REQUIRE(counting.store_log[log_at].index == next_fact);
    const RecordedStoreOp& same = counting.store_ops[next_fact];
    CHECK(same.true_ns == op.true_ns);
    CHECK(same.key == op.key);
    CHECK(same.applied == op.applied);
    ++next_fact;
    ++log_at;
  }
  check_counts_before(log_at);
  REQUIRE(log_at + 1 == counting.store_log.size());
  CHECK(counting.store_log[log_at].index == SIZE_MAX);  // the run end, last
  CHECK(next_fact == counting.store_ops.size());
  CHECK(counted_total > 3 * next_fact);  // most operations were counted
  CHECK(next_fact >= 10);
}

TEST_CASE("Engine: counting sinks alone get the same counts and facts as beside a full sink") {
  // With only counting sinks, emit_store_op counts in line (its fast path);
  // beside a sink that wants every operation it counts out of line. Both
  // must deliver the same counts, at the same places among the same facts.
  Scenario scenario = quiet_scenario(4);
  scenario.cluster.elector.algorithm = Algorithm::kNaive;
  scenario.duration_ns = seconds(20);
  scenario.faults.latency.preset = faultmodels::LatencyPreset::kS3Standard;
  scenario.faults.store_errors = Scenario{}.faults.store_errors;
  RecordingSink every_op;
  RecordingSink beside;
  beside.fact_needs.each_unapplied_store_op = false;
  Engine mixed(scenario, 3, {&every_op, &beside}, EngineOptions{});
  REQUIRE(mixed.run().ok);
  RecordingSink alone;
  alone.fact_needs.each_unapplied_store_op = false;
  Engine counting_only(scenario, 3, {&alone}, EngineOptions{});
  REQUIRE(counting_only.run().ok);

  REQUIRE(alone.store_log.size() == beside.store_log.size());
  for (std::size_t i = 0; i < alone.store_log.size(); ++i) {
    CHECK(alone.store_log[i].counts == beside.store_log[i].counts);
    CHECK(alone.store_log[i].index == beside.store_log[i].index);
  }
  REQUIRE(alone.store_op_counts.size() == beside.store_op_counts.size());
  std::uint64_t failed_total = 0;
  for (std::size_t i = 0; i < alone.store_op_counts.size(); ++i) {
    CHECK(alone.store_op_counts[i].by_op == beside.store_op_counts[i].by_op);
    CHECK(alone.store_op_counts[i].failed == beside.store_op_counts[i].failed);
    CHECK(alone.store_op_counts[i].true_ns == beside.store_op_counts[i].true_ns);
    failed_total += alone.store_op_counts[i].failed;
  }
  REQUIRE(alone.store_ops.size() == beside.store_ops.size());
  for (std::size_t i = 0; i < alone.store_ops.size(); ++i) {
    CHECK(alone.store_ops[i].key == beside.store_ops[i].key);
    CHECK(alone.store_ops[i].applied == beside.store_ops[i].applied);
    CHECK(alone.store_ops[i].owner_after == beside.store_ops[i].owner_after);
  }
  CHECK(failed_total > 0);  // refused creates are counted as failed
  CHECK(alone.store_op_counts.size() >= 10);
}

TEST_CASE("Engine: store-op counts are delivered only when some operation was counted") {
  // Every other request meets an injected 500: such requests come as facts,
  // several in a row with nothing counted between them, where counts of all
  // zeros must not be delivered.
  Scenario scenario = quiet_scenario(4);
  scenario.cluster.elector.algorithm = Algorithm::kNaive;
  scenario.duration_ns = seconds(20);
  scenario.faults.store_errors.internal_error_rate = faultmodels::Ratio{1, 2};
  RecordingSink counting;
  counting.fact_needs.each_unapplied_store_op = false;
  Engine engine(scenario, 3, {&counting}, EngineOptions{});
  const RunResult result = engine.run();
  REQUIRE(result.ok);
  std::uint64_t counted_total = 0;
  for (const reports::StoreOpCountsFact& counts : counting.store_op_counts) {
    std::uint64_t counted = 0;
    for (const std::uint64_t count : counts.by_op) counted += count;
    CHECK(counted > 0);
    CHECK(counts.true_ns >= 0);
    counted_total += counted;
  }
  // Every operation reached the sink once, as a fact or in a count.
  CHECK(counted_total + counting.store_ops.size() == result.facts.store_ops);
  // Facts came back to back at least once (more facts than deliveries).
  CHECK(counting.store_ops.size() > counting.store_op_counts.size());
  CHECK(counting.store_op_counts.size() >= 10);
}

namespace {

// Passes every fact on to another sink but asks for everything itself, so
// that the sink behind it receives one StoreOpFact per operation even if it
// would take counts.
class EveryFactForwarder final : public reports::FactSink {
 public:
  explicit EveryFactForwarder(reports::FactSink& to) : to_(to) {}
  void on_header(const reports::RunHeader& header) override { to_.on_header(header); }
  void on_store_op(const reports::StoreOpFact& fact) override { to_.on_store_op(fact); }
  void on_store_op_counts(const reports::StoreOpCountsFact& counts) override {
    to_.on_store_op_counts(counts);
  }
  void on_lost_response(const reports::LostResponseFact& fact) override {
    to_.on_lost_response(fact);
  }
  void on_node_event(const reports::NodeEventFact& fact) override { to_.on_node_event(fact); }
  void on_lifecycle(const reports::LifecycleFact& fact) override { to_.on_lifecycle(fact); }
  void on_acting(const reports::ActingFact& fact) override { to_.on_acting(fact); }
  void on_fenced_write(const reports::FencedWriteFact& fact) override { to_.on_fenced_write(fact); }
  void on_fault(const reports::FaultFact& fact) override { to_.on_fault(fact); }
  void on_assumption(const reports::AssumptionFact& fact) override { to_.on_assumption(fact); }
  void on_object_count(const reports::ObjectCountFact& fact) override { to_.on_object_count(fact); }
  void on_run_end(const reports::RunEnd& end) override { to_.on_run_end(end); }

 private:
  reports::FactSink& to_;
};

// The trace file (its footer holds the verdict) and the violation count.
struct CheckedTrace {
  std::string trace;
  std::size_t violations = 0;
};

CheckedTrace checked_trace(const Scenario& scenario, bool every_fact) {
  std::ostringstream out;
  reports::CheckerSet checkers;
  reports::TraceRecorder recorder(reports::TraceOptions{}, &out);
  EveryFactForwarder checkers_forwarder(checkers);
  EveryFactForwarder recorder_forwarder(recorder);
  std::vector<reports::FactSink*> sinks{&checkers, &recorder};
  if (every_fact) sinks = {&checkers_forwarder, &recorder_forwarder};
  Engine engine(scenario, 7, sinks, EngineOptions{});
  REQUIRE(engine.run().ok);
  const reports::Verdict verdict = checkers.verdict();
  (void)recorder.finish(verdict);
  return {out.str(), verdict.violations.size()};
}

}  // namespace

TEST_CASE("Engine: the checked trace and verdict are the same with store-op counts as without") {
  // Naive (violations: overlapping leaders), S3 latency, the default store
  // errors (409 conflicts, injected) and a fenced resource: commits, races,
  // refusals, injected statuses and lost responses, with epochs handed on
  // as the run goes.
  Scenario scenario = quiet_scenario(5);
  scenario.cluster.elector.algorithm = Algorithm::kNaive;
  scenario.cluster.elector.gc_keep = 4;
  scenario.duration_ns = seconds(240);
  scenario.faults.latency.preset = faultmodels::LatencyPreset::kS3Standard;
  scenario.faults.store_errors = Scenario{}.faults.store_errors;
  scenario.fenced_resource.enabled = true;
  scenario.store.object_count_sample_interval_ns = seconds(1);
  const CheckedTrace counted = checked_trace(scenario, false);
  const CheckedTrace every_fact = checked_trace(scenario, true);
  CHECK(counted.violations == every_fact.violations);
  CHECK(counted.violations > 0);
  CHECK(counted.trace.size() == every_fact.trace.size());
  CHECK(counted.trace == every_fact.trace);
  CHECK(counted.trace.find("\"type\":\"epoch\",\"epoch\":60,") != std::string::npos);
}

TEST_CASE(
    "Engine: each core gets the scenario's options with its own id and bucket, at every start") {
  // The engine keeps no copy of the options per node: start_node builds them
  // from the scenario's cluster.elector. A node must get its own identity
  // (and, per-node layout, its own bucket) at every start, and the
  // scenario's options must be the same for every node.
  TestWorld world;
  world.send_on_start = false;
  Scenario scenario = quiet_scenario(3);
  scenario.cluster.elector.layout = Layout::kPerNode;
  scenario.cluster.elector.poll_interval_ns = milliseconds(700);
  scenario.cluster.elector.gc_keep = 5;
  std::vector<ElectorOptions> given;
  EngineOptions options;
  const ElectorFactory make_test_elector = test_factory(world);
  options.elector_factory = [&](const ElectorOptions& elector_options) {
    given.push_back(elector_options);
    return make_test_elector(elector_options);
  };
  Engine engine(scenario, 1, {}, options);
  NodeAction crash = NodeAction::on_node(NodeActionKind::kCrash, 1, milliseconds(100));
  crash.then = faultmodels::CrashMode::kResume;
  engine.schedule(milliseconds(50), crash);
  const RunResult result = engine.run();
  REQUIRE(result.ok);
  REQUIRE(given.size() == 4);  // three starts and node-1's resume
  std::vector<std::string> ids;
  std::vector<std::string> resumed;
  std::vector<std::uint64_t> seeds;
  for (const ElectorOptions& elector_options : given) {
    ids.push_back(elector_options.node_id);
    if (elector_options.resume) resumed.push_back(elector_options.node_id);
    seeds.push_back(elector_options.prng_seed);
    CHECK(elector_options.node_bucket == "holocron-" + elector_options.node_id);
    CHECK(elector_options.layout == Layout::kPerNode);
    CHECK(elector_options.poll_interval_ns == milliseconds(700));
    CHECK(elector_options.gc_keep == 5);
    CHECK(elector_options.election_bucket == scenario.cluster.elector.election_bucket);
  }
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"node-0", "node-1", "node-1", "node-2"});
  CHECK(resumed == std::vector<std::string>{"node-1"});
  // Every core instance draws its own seed.
  std::sort(seeds.begin(), seeds.end());
  CHECK(std::adjacent_find(seeds.begin(), seeds.end()) == seeds.end());
}
