// The scenario parser: defaults, every error naming file + JSON path +
// expectation, the core's option checks mapped back to JSON paths, and --set.
#include <string>

#include <doctest/doctest.h>

#include "sim/cli/scenario_parse.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

using testing::scenario_error_of;
using testing::ScratchDirectory;

sim::Scenario parse(const std::string& text) {
  return parse_scenario(nlohmann::json::parse(text), "s.json");
}

std::string error_of(const std::string& text) {
  return scenario_error_of([&] { (void)parse(text); });
}

TEST_CASE("scenario_parse: a minimal file takes every default") {
  const auto scenario = parse(R"({"name": "minimal"})");
  const sim::Scenario defaults;
  CHECK(scenario.name == "minimal");
  CHECK(scenario.duration_ns == defaults.duration_ns);
  CHECK(scenario.cluster.node_count == defaults.cluster.node_count);
  CHECK(scenario.cluster.elector.algorithm == Algorithm::kStable);
  CHECK(scenario.faults.latency.preset == faultmodels::LatencyPreset::kS3Standard);
  CHECK(scenario.checks.expected_verdict == sim::ExpectedVerdict::kPass);
}

TEST_CASE("scenario_parse: fields land in the right struct members") {
  const auto scenario = parse(R"({
    "name": "x", "seed": 42, "duration": "1h",
    "cluster": {"nodes": 7, "algorithm": "naive", "layout": "per-node", "lease": "15s",
                "gc": {"keep": 16, "min_age": "2m"}, "publish_state": true},
    "store": {"prices": {"get": 0.001}, "acl_denials": [{"node": 2, "bucket": "holocron", "write": true}]},
    "checks": {"expected_verdict": "violation", "expected_violations": ["S5"]},
    "faults": {
      "latency": {"preset": "none", "put": {"shape": "uniform", "min": "10ms", "max": "50ms"}},
      "crashes": {"scheduled": [{"at": "30s", "target": "leader", "mode": "resume"}]},
      "partitions": {"scheduled": [{"at": "1m", "for": "20s", "target": [0, 1], "direction": "requests"}]},
      "lost_responses": {"rate": "1/100"},
      "store_errors": {"internal_error_rate": 0.001},
      "clocks": {"nodes": [{"node": 1, "offset": "-250ms", "drift_ppm": -50,
                            "steps": [{"at": "5m", "by": "-3s"}]}]}
    }
  })");
  CHECK(scenario.seed == 42);
  CHECK(scenario.duration_ns == hours(1));
  CHECK(scenario.cluster.node_count == 7);
  CHECK(scenario.cluster.elector.algorithm == Algorithm::kNaive);
  CHECK(scenario.cluster.elector.layout == Layout::kPerNode);
  CHECK(scenario.cluster.elector.lease_ns == seconds(15));
  CHECK(scenario.cluster.elector.gc_keep == 16);
  CHECK(scenario.cluster.elector.gc_min_age_ns == minutes(2));
  CHECK(scenario.store.prices.get_usd_per_1000 == doctest::Approx(0.001));
  REQUIRE(scenario.store.acl_denials.size() == 1);
  CHECK(scenario.store.acl_denials[0].write);
  CHECK(scenario.checks.expected_violations == std::vector<std::string>{"S5"});
  REQUIRE(scenario.faults.latency.put.has_value());
  CHECK(scenario.faults.latency.put->max_ns == milliseconds(50));
  REQUIRE(scenario.faults.crashes.scheduled.size() == 1);
  CHECK(scenario.faults.crashes.scheduled[0].mode == faultmodels::CrashMode::kResume);
  CHECK(scenario.faults.crashes.scheduled[0].target.kind == faultmodels::TargetKind::kLeader);
  REQUIRE(scenario.faults.partitions.scheduled.size() == 1);
  CHECK(scenario.faults.partitions.scheduled[0].target.nodes ==
        std::vector<faultmodels::NodeIndex>{0, 1});
  CHECK(scenario.faults.lost_responses.rate == faultmodels::Ratio{1, 100});
  CHECK(scenario.faults.store_errors.internal_error_rate == faultmodels::Ratio{1, 1000});
  REQUIRE(scenario.faults.clocks.nodes.size() == 1);
  CHECK(scenario.faults.clocks.nodes[0].offset_ns == -milliseconds(250));
  CHECK(scenario.faults.clocks.nodes[0].steps[0].by_ns == -seconds(3));
}

TEST_CASE("scenario_parse: the name is required") {
  CHECK(error_of(R"({"duration": "1m"})") ==
        "s.json: name: missing; expected a string of at most 4096 characters");
}

TEST_CASE("scenario_parse: a name with a control character is refused") {
  // An escape sequence would reach the terminal through every summary line.
  CHECK(error_of(R"({"name": "a\u001b[2Jb"})") ==
        "s.json: name: expected a name without control characters (byte 1 is 0x1b)");
  CHECK(error_of(R"({"name": "tab\there"})") ==
        "s.json: name: expected a name without control characters (byte 3 is 0x09)");
  CHECK(error_of(R"({"name": "del\u007f"})") ==
        "s.json: name: expected a name without control characters (byte 3 is 0x7f)");
  CHECK(parse(R"({"name": "caf\u00e9 \"quoted\""})").name == "caf\xc3\xa9 \"quoted\"");
}

TEST_CASE("scenario_parse: a misspelt nested key suggests the right one") {
  CHECK(error_of(R"({"name": "x", "cluster": {"nodez": 3}})")
            .find("s.json: cluster.nodez: unknown key; did you mean \"nodes\"?") == 0);
  CHECK(error_of(R"({"name": "x", "faults": {"crashes": {"sheduled": []}}})")
            .find("s.json: faults.crashes.sheduled: unknown key; did you mean \"scheduled\"?") ==
        0);
  CHECK(error_of(R"({"name": "x", "clustr": {}})")
            .find("s.json: clustr: unknown key; did you mean \"cluster\"?") == 0);
}

TEST_CASE("scenario_parse: absurd values are refused with the limit in the message") {
  CHECK(error_of(R"({"name": "x", "cluster": {"nodes": 1000000}})") ==
        "s.json: cluster.nodes: expected an integer from 1 to 10000, got 1000000");
  CHECK(error_of(R"({"name": "x", "duration": "-5m"})")
            .find("s.json: duration: expected a duration") == 0);
  CHECK(error_of(R"({"name": "x", "duration": "400d"})")
            .find("s.json: duration: expected a duration from 1ns to 744h") == 0);
  // Raising the per-scenario limit lets a large cluster through.
  CHECK(parse(R"({"name": "x", "limits": {"max_nodes": 20000}, "cluster": {"nodes": 15000}})")
            .cluster.node_count == 15000);
}

TEST_CASE("scenario_parse: a recurring interval below 1ms is refused (finding A7)") {
  // 1ns validated, then ran at about 25 s of wall time per simulated second.
  CHECK(error_of(R"({"name": "x", "store": {"object_count_sample_interval": "1ns"}})") ==
        "s.json: store.object_count_sample_interval: expected \"0s\" (never) or a duration "
        "from 1ms to 24h, got \"1ns\"");
  CHECK(error_of(R"({"name": "x", "store": {"object_count_sample_interval": "999us"}})")
            .find("s.json: store.object_count_sample_interval: expected") == 0);
  CHECK(parse(R"({"name": "x", "store": {"object_count_sample_interval": "0s"}})")
            .store.object_count_sample_interval_ns == 0);
  CHECK(parse(R"({"name": "x", "store": {"object_count_sample_interval": "1ms"}})")
            .store.object_count_sample_interval_ns == milliseconds(1));
  for (const char* field :
       {R"("cluster": {"poll_interval": "1ns"})", R"("cluster": {"heartbeat_interval": "1us"})",
        R"("fenced_resource": {"write_interval": "1ns"})"}) {
    CAPTURE(field);
    CHECK(error_of(std::string(R"({"name": "x", )") + field + "}").find("from 1ms to 24h") !=
          std::string::npos);
  }
}

TEST_CASE("scenario_parse: enumerations suggest the nearest name") {
  CHECK(error_of(R"({"name": "x", "cluster": {"algorithm": "stabel"}})") ==
        "s.json: cluster.algorithm: expected one of \"naive\", \"lease\" or \"stable\", got "
        "\"stabel\" (did you mean \"stable\"?)");
}

TEST_CASE("scenario_parse: fault targets must name existing nodes") {
  CHECK(error_of(R"({"name": "x", "cluster": {"nodes": 3},
                     "faults": {"crashes": {"scheduled": [{"at": "1s", "target": 5}]}}})")
            .find("s.json: faults.crashes.scheduled[0].target: expected \"leader\", \"random\", "
                  "\"random_follower\", \"all\", a node index below 3") == 0);
  CHECK(error_of(R"({"name": "x", "faults": {"crashes": {"scheduled": [{"target": 1}]}}})")
            .find("s.json: faults.crashes.scheduled[0].at: missing; expected a duration") == 0);
}

TEST_CASE("scenario_parse: distributions read only their shape's fields") {
  CHECK(error_of(
            R"({"name": "x", "faults": {"latency": {"get": {"shape": "constant", "min": "1ms"}}}})")
            .find("s.json: faults.latency.get.min: unknown key") == 0);
  CHECK(
      error_of(
          R"({"name": "x", "faults": {"latency": {"get": {"shape": "uniform", "min": "9ms", "max": "1ms"}}}})") ==
      "s.json: faults.latency.get.max: expected a duration >= min (9ms), got 1ms");
}

TEST_CASE("scenario_parse: probabilities accept ratios, percentages and decimals") {
  CHECK(parse(R"({"name": "x", "faults": {"lost_responses": {"rate": "0.5%"}}})")
            .faults.lost_responses.rate == faultmodels::Ratio{5, 1000});
  CHECK(error_of(R"({"name": "x", "faults": {"lost_responses": {"rate": 2}}})")
            .find("s.json: faults.lost_responses.rate: expected a probability") == 0);
}

TEST_CASE("scenario_parse: the core's timing rules point at the JSON field") {
  // stable needs renew_deadline * (1 + drift) < lease * (1 - drift).
  const auto message =
      error_of(R"({"name": "x", "cluster": {"lease": "5s", "renew_deadline": "6s"}})");
  CHECK(message.find("s.json: cluster.renew_deadline: the election core refuses these options: ") ==
        0);
}

TEST_CASE("scenario_parse: a resume needs stored node state") {
  CHECK(
      error_of(
          R"({"name": "x", "faults": {"crashes": {"scheduled": [{"at": "1m", "mode": "resume"}]}}})")
          .find("s.json: faults.crashes.scheduled[0].mode: \"resume\" needs \"cluster\": "
                "{\"publish_state\": true}") == 0);
  CHECK(error_of(R"({"name": "x", "faults": {"swarm": {"enabled": true}}})")
            .find("s.json: faults.swarm.crashes_per_hour_max: swarm crashes resume nodes") == 0);
  CHECK_NOTHROW((void)parse(R"({"name": "x", "cluster": {"publish_state": true},
                              "faults": {"swarm": {"enabled": true}}})"));
  CHECK_NOTHROW((void)parse(
      R"({"name": "x", "faults": {"swarm": {"enabled": true, "crashes_per_hour_max": 0}}})"));
}

TEST_CASE("scenario_parse: checker names are checked") {
  CHECK(error_of(R"({"name": "x", "checks": {"enabled": ["S1", "S9"]}})") ==
        "s.json: checks.enabled[1]: expected a checker name (S1, S2, S3, S4, S5, S6, S7, L1, L2), "
        "got \"S9\"");
  CHECK(error_of(R"({"name": "x", "checks": {"expected_violations": ["S5"]}})")
            .find("s.json: checks.expected_violations: expected no list unless") == 0);
}

TEST_CASE("scenario_parse: load_scenario applies --set before validating") {
  ScratchDirectory scratch;
  const auto path = scratch.write("f.json", R"({"name": "x", "cluster": {"nodes": 3}})");
  const auto scenario =
      load_scenario(path, {"cluster.algorithm=naive", "cluster.nodes=9", "duration=2m"});
  CHECK(scenario.cluster.elector.algorithm == Algorithm::kNaive);
  CHECK(scenario.cluster.node_count == 9);
  CHECK(scenario.duration_ns == minutes(2));
  // A misspelt override is reported as an unknown key, and the origin says
  // that overrides were applied.
  const auto message = scenario_error_of([&] { (void)load_scenario(path, {"cluster.nodse=4"}); });
  CHECK(message.find(path + " (with --set): cluster.nodse: unknown key; did you mean \"nodes\"?") ==
        0);
}

}  // namespace
}  // namespace holocron::cli
