// Rule (engine, determinism): a run is a pure function of (scenario, seed,
// binary). The same scenario and seed give a byte-identical event digest, run
// twice in one process and in two separate processes (fresh address spaces,
// so nothing may depend on pointer values or allocation order); a different
// seed gives a different digest. And the real core runs inside the engine: a
// healthy five-node stable cluster elects one leader and keeps it.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include <unistd.h>

#include "faultmodels/config.hpp"
#include "recording_sink.hpp"
#include "sim/simulation.hpp"

using namespace holocron;
using namespace holocron::sim;
using namespace holocron::sim::testing;

namespace {

// A busy scenario that exercises most of the engine: five naive nodes with
// S3-like latency, the fenced resource, a crash with restart, a crash with a
// virtual-node resume, a pause, a partition and clock steps.
Scenario busy_scenario() {
  Scenario scenario;
  scenario.name = "determinism";
  scenario.cluster.node_count = 5;
  scenario.cluster.elector.algorithm = Algorithm::kNaive;
  scenario.cluster.elector.publish_state = true;  // for the virtual-node resume
  scenario.duration_ns = minutes(2);
  scenario.store.object_count_sample_interval_ns = seconds(10);
  faultmodels::FaultsConfig& faults = scenario.faults;
  faults.clocks.offset_max_ns = milliseconds(200);
  faults.clocks.drift_max_ppm = 50;
  faultmodels::ScheduledCrash crash;
  crash.at_ns = seconds(20);
  crash.target = faultmodels::NodeTarget{faultmodels::TargetKind::kNodes, {1}};
  crash.restart_after_ns = seconds(3);
  faults.crashes.scheduled.push_back(crash);
  crash.at_ns = seconds(50);
  crash.target = faultmodels::NodeTarget{faultmodels::TargetKind::kNodes, {2}};
  crash.mode = faultmodels::CrashMode::kResume;
  faults.crashes.scheduled.push_back(crash);
  faultmodels::ScheduledPause pause;
  pause.at_ns = seconds(30);
  pause.for_ns = seconds(4);
  pause.target = faultmodels::NodeTarget{faultmodels::TargetKind::kNodes, {3}};
  faults.pauses.scheduled.push_back(pause);
  faultmodels::ScheduledPartition partition;
  partition.at_ns = seconds(70);
  partition.for_ns = seconds(10);
  partition.target = faultmodels::NodeTarget{faultmodels::TargetKind::kNodes, {4}};
  faults.partitions.scheduled.push_back(partition);
  faultmodels::NodeClockConfig clock;
  clock.node = 0;
  clock.drift_ppm = 20;
  clock.steps.push_back(faultmodels::ClockStep{seconds(90), -seconds(2)});
  faults.clocks.nodes.push_back(clock);
  return scenario;
}

constexpr std::uint64_t kSeed = 20240601;

std::string child_digest_output() {
  // Run this very test binary again, in a new process, asking it for the
  // skipped "child" test case below, which prints the digest.
  // popen runs a shell, whose /proc/self/exe is the shell: resolve ours first.
  std::array<char, 4096> self{};
  const ssize_t length = readlink("/proc/self/exe", self.data(), self.size() - 1);
  REQUIRE(length > 0);
  const std::string command = "'" + std::string(self.data(), static_cast<std::size_t>(length)) +
                              "' --no-skip --no-version "
                              "--test-case='determinism child: print the digest'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  REQUIRE(pipe != nullptr);
  std::string output;
  std::array<char, 256> buffer{};
  while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe.get()) != nullptr) {
    output += buffer.data();
  }
  const std::string marker = "digest=";
  const std::size_t at = output.find(marker);
  if (at == std::string::npos) return "no digest in child output: " + output;
  return output.substr(at + marker.size(), 16);
}

}  // namespace

TEST_CASE("determinism child: print the digest" * doctest::skip()) {
  const RunResult result = run_simulation(busy_scenario(), kSeed, {});
  REQUIRE(result.ok);
  std::printf("digest=%s\n", result.event_digest.c_str());
}

TEST_CASE("Same scenario and seed twice in one process: identical digest and counts") {
  RecordingSink first_sink;
  RecordingSink second_sink;
  const RunResult first = run_simulation(busy_scenario(), kSeed, {&first_sink});
  const RunResult second = run_simulation(busy_scenario(), kSeed, {&second_sink});
  REQUIRE(first.ok);
  REQUIRE(second.ok);
  CHECK(first.event_digest.size() == 16);
  CHECK(first.event_digest == second.event_digest);
  CHECK(first.events_processed == second.events_processed);
  CHECK(first.events_processed > 1'000);
  CHECK(first.ops.put_requests == second.ops.put_requests);
  CHECK(first.ops.list_requests == second.ops.list_requests);
  CHECK(first.fenced_accepted == second.fenced_accepted);
  CHECK(first_sink.store_ops.size() == second_sink.store_ops.size());
  CHECK(first_sink.acting.size() == second_sink.acting.size());
  CHECK(first_sink.in_time_order);
  // The run did exercise what the scenario configured.
  CHECK(first.leader_starts > 10);
  CHECK(first.requests_timed_out > 0);
  CHECK(first_sink.faults.size() >= 5);
  REQUIRE(first_sink.run_ends.size() == 1);
  CHECK(first_sink.run_ends[0].event_digest == first.event_digest);
}

TEST_CASE("A different seed gives a different digest") {
  const RunResult first = run_simulation(busy_scenario(), kSeed, {});
  const RunResult other = run_simulation(busy_scenario(), kSeed + 1, {});
  REQUIRE(first.ok);
  REQUIRE(other.ok);
  CHECK(first.event_digest != other.event_digest);
}

TEST_CASE("Same scenario and seed in two other processes: identical digest") {
  const RunResult here = run_simulation(busy_scenario(), kSeed, {});
  REQUIRE(here.ok);
  CHECK(child_digest_output() == here.event_digest);
  CHECK(child_digest_output() == here.event_digest);
}

TEST_CASE("A healthy five-node stable cluster elects exactly one leader and keeps it") {
  Scenario scenario;
  scenario.cluster.node_count = 5;
  scenario.cluster.elector.algorithm = Algorithm::kStable;
  scenario.duration_ns = minutes(5);
  RecordingSink sink;
  const RunResult result = run_simulation(scenario, 7, {&sink});
  REQUIRE(result.ok);
  CHECK(result.leader_starts == 1);
  REQUIRE(sink.acting.size() == 2);
  CHECK(sink.acting[0].started);
  CHECK(sink.acting[0].true_ns < seconds(30));
  CHECK_FALSE(sink.acting[1].started);
  CHECK(sink.acting[1].node == sink.acting[0].node);
  CHECK(sink.acting[1].reason == "run_end");
  CHECK(result.fenced_rejected == 0);
  CHECK(result.fenced_accepted > 200);
}
