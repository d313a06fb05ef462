// holosim shrink: a planted failing scenario (the naive algorithm, which
// overlaps leaders by design, plus faults that have nothing to do with it)
// shrinks to no faults, fewer nodes and a shorter run, still fails the same
// checker, and is written as a scenario file the parser accepts.
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
