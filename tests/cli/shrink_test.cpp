// holosim shrink: a planted failing scenario (the naive algorithm, which
// overlaps leaders by design, plus faults that have nothing to do with it)
// shrinks to no faults, fewer nodes and a shorter run, still fails the same
// checker, and is written as a scenario file the parser accepts. Shrinking
// repeats until a round changes nothing (a fixpoint, bounded by
// kShrinkRoundsMax), so shrinking the result again changes nothing; a
// failure that needs a fault keeps exactly that fault.
#include <algorithm>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "reports/verdict.hpp"
#include "sim/cli/command_shrink.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/run_one.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

constexpr const char* kPlanted = R"({
  "name": "planted-naive",
  "seed": 5,
  "duration": "4m",
  "cluster": {"nodes": 6, "algorithm": "naive", "poll_interval": "10s"},
  "faults": {
    "crashes": {"scheduled": [{"at": "3m", "target": 1, "restart_after": "10s"}]},
    "partitions": {"scheduled": [{"at": "1m", "for": "20s", "target": 2, "direction": "both"}]},
    "clocks": {"nodes": [{"node": 3, "steps": [{"at": "2m", "by": "1s"}]}]},
    "lost_responses": {"rate": "1/50"}
  },
  "checks": {"expected_verdict": "violation", "expected_violations": ["S5"]}
})";

TEST_CASE("shrink: fault pointers list every element of every fault list") {
  const auto document = nlohmann::json::parse(kPlanted);
  const auto pointers = fault_element_pointers(document);
  CHECK(pointers.size() == 3);
  CHECK(std::find(pointers.begin(), pointers.end(), "/faults/crashes/scheduled/0") !=
        pointers.end());
}

TEST_CASE("shrink: a planted naive overlap shrinks and still fails S5") {
  const testing::ScratchDirectory scratch;
  const std::string input = scratch.write("planted.json", kPlanted);
  const std::string output = (scratch.path() / "shrunk.json").string();
  std::ostringstream out;
  std::ostringstream err;
  CommandContext context{out, err, Terminal{}, "holosim", true};
  ShrinkOptions options;
  options.scenario_path = input;
  options.output_path = output;
  REQUIRE(command_shrink(context, options) == kExitCheckFailed);
  CAPTURE(out.str());
  CHECK(out.str().find("fails S5") != std::string::npos);
  CHECK(out.str().find("faults    3 -> 0") != std::string::npos);

  // The written file is a valid scenario, smaller, and fails S5 again.
  const sim::Scenario shrunk = load_scenario(output, {});
  CHECK(shrunk.cluster.node_count < 6);
  CHECK(shrunk.duration_ns < minutes(4));
  CHECK(shrunk.faults.crashes.scheduled.empty());
  CHECK(shrunk.faults.partitions.scheduled.empty());
  RunSetup setup;
  setup.seed = shrunk.seed;
  const auto outcome = run_scenario(shrunk, setup);
  CHECK(outcome.verdict.properties[reports::property_index(reports::Property::kS5)].violations > 0);
}

TEST_CASE("shrink: the result is a fixpoint: shrinking it again changes nothing") {
  const testing::ScratchDirectory scratch;
  const std::string input = scratch.write("planted.json", kPlanted);
  const std::string first_path = (scratch.path() / "first.json").string();
  const std::string second_path = (scratch.path() / "second.json").string();
  std::ostringstream out;
  std::ostringstream err;
  CommandContext context{out, err, Terminal{}, "holosim", true};
  ShrinkOptions options;
  options.scenario_path = input;
  options.output_path = first_path;
  REQUIRE(command_shrink(context, options) == kExitCheckFailed);
  CAPTURE(out.str());
  CHECK(out.str().find("a fixpoint") != std::string::npos);

  std::ostringstream again_out;
  CommandContext again{again_out, err, Terminal{}, "holosim", true};
  options.scenario_path = first_path;
  options.output_path = second_path;
  REQUIRE(command_shrink(again, options) == kExitCheckFailed);
  CAPTURE(again_out.str());
  // One round that changes nothing, and the same document.
  CHECK(again_out.str().find("rounds    1 (the last changed nothing: a fixpoint)") !=
        std::string::npos);
  CHECK(nlohmann::json::parse(testing::read_whole_file(first_path)) ==
        nlohmann::json::parse(testing::read_whole_file(second_path)));
}

TEST_CASE("shrink: the round bound stops before a fixpoint and says so") {
  const auto document = nlohmann::json::parse(kPlanted);
  const auto bounded = shrink_scenario(document, 5, kShrinkRunsMax, 1);
  REQUIRE(bounded.has_value());
  CHECK(bounded->rounds == 1);
  CHECK_FALSE(bounded->fixpoint);
  const auto unbounded = shrink_scenario(document, 5, kShrinkRunsMax);
  REQUIRE(unbounded.has_value());
  CHECK(unbounded->fixpoint);
  CHECK(unbounded->rounds >= 2);
  CHECK(unbounded->rounds <= kShrinkRoundsMax);
  // More rounds never leave a larger scenario.
  CHECK(unbounded->nodes_after <= bounded->nodes_after);
  CHECK(unbounded->duration_after_ns <= bounded->duration_after_ns);
  CHECK(unbounded->faults_after <= bounded->faults_after);
}

// A failure that needs one fault: the leader crashes and restarts 2 s later,
// and the liveness bound (1 s after the last fault heals) is shorter than any
// failover. The partition, clock step and lost responses are bystanders.
constexpr const char* kPlantedLiveness = R"({
  "name": "planted-liveness",
  "seed": 2,
  "duration": "5m",
  "cluster": {"nodes": 5, "algorithm": "stable"},
  "faults": {
    "partitions": {"scheduled": [{"at": "20s", "for": "10s", "target": 3, "direction": "both"}]},
    "clocks": {"nodes": [{"node": 4, "steps": [{"at": "40s", "by": "200ms"}]}]},
    "crashes": {"scheduled": [{"at": "1m", "target": "leader", "restart_after": "2s", "mode": "restart"}]}
  },
  "checks": {"liveness_bound": "1s"}
})";

TEST_CASE("shrink: a failure that needs a fault keeps that fault, checked needed") {
  const auto document = nlohmann::json::parse(kPlantedLiveness);
  const auto result = shrink_scenario(document, 2, kShrinkRunsMax);
  REQUIRE(result.has_value());
  CHECK(result->property == reports::Property::kL1);
  CHECK(result->faults_before == 3);
  CHECK(result->faults_after == 1);
  REQUIRE(result->fault_needed.size() == 1);
  CHECK(result->fault_needed[0]);
  CHECK(result->scenario.at("faults").at("crashes").at("scheduled").size() == 1);
  CHECK(result->fixpoint);
}

TEST_CASE("shrink: the planted scenario of the docs: 8 faults and 7 nodes down to the crash") {
  // tests/cli/planted-many.json, the example in docs/DETERMINISM.md.
  const testing::ScratchDirectory scratch;
  std::ostringstream out;
  std::ostringstream err;
  CommandContext context{out, err, Terminal{}, "holosim", true};
  ShrinkOptions options;
  options.scenario_path = HOLOCRON_SOURCE_ROOT "/tests/cli/planted-many.json";
  options.output_path = (scratch.path() / "shrunk.json").string();
  REQUIRE(command_shrink(context, options) == kExitCheckFailed);
  CAPTURE(out.str());
  CHECK(out.str().find("fails L1") != std::string::npos);
  CHECK(out.str().find("faults    8 -> 1 (1 of them checked needed)") != std::string::npos);
  CHECK(out.str().find("nodes     7 -> 1") != std::string::npos);
  const sim::Scenario shrunk = load_scenario(options.output_path, {});
  REQUIRE(shrunk.faults.crashes.scheduled.size() == 1);
  CHECK(shrunk.faults.partitions.scheduled.empty());
  CHECK(shrunk.faults.pauses.scheduled.empty());
}

TEST_CASE("shrink: a passing scenario has nothing to shrink") {
  std::ostringstream out;
  std::ostringstream err;
  CommandContext context{out, err, Terminal{}, "holosim", true};
  ShrinkOptions options;
  options.scenario_path = testing::scenario_path("leader-crash.json");
  options.overrides = {"duration=3m"};
  const testing::ScratchDirectory scratch;
  options.output_path = (scratch.path() / "never.json").string();
  CHECK(command_shrink(context, options) == kExitBadInput);
  CHECK(err.str().find("nothing to shrink") != std::string::npos);
}

}  // namespace
}  // namespace holocron::cli
