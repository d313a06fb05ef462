// The canonical scenario form and its digest: defaults spelled out or left
// out give the same digest, the canonical form parses back to itself, and the
// digest is the SHA-256 of the canonical form.
#include <string>

#include <doctest/doctest.h>

#include "reports/sha256.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"

namespace holocron::cli {
namespace {

sim::Scenario parse(const std::string& text) {
  return parse_scenario(nlohmann::json::parse(text), "s.json");
}

TEST_CASE("scenario_json: the digest is the SHA-256 of the canonical form") {
  const auto scenario = parse(R"({"name": "x"})");
  const auto digest = scenario_digest(scenario);
  CHECK(digest.size() == 64);
  CHECK(digest == reports::sha256_hex(canonical_scenario_json(scenario)));
}

TEST_CASE("scenario_json: canonical_scenario is the canonical form and its digest at once") {
  for (const auto* text : {R"({"name": "x"})", R"({"name": "x", "cluster": {"nodes": 6}})"}) {
    CAPTURE(text);
    const auto scenario = parse(text);
    const CanonicalScenario canonical = canonical_scenario(scenario);
    CHECK(canonical.json == canonical_scenario_json(scenario));
    CHECK(canonical.digest == scenario_digest(scenario));
  }
}

TEST_CASE("scenario_json: spelling out a default does not change the digest") {
  const auto terse = parse(R"({"name": "x"})");
  const auto verbose = parse(R"({"name": "x", "duration": "10m", "cluster": {"nodes": 5,
                                 "lease": "10000ms", "algorithm": "stable"}})");
  CHECK(scenario_digest(terse) == scenario_digest(verbose));
  CHECK(canonical_scenario_json(terse) == canonical_scenario_json(verbose));
}

TEST_CASE("scenario_json: seed and output paths are not part of the scenario's identity") {
  const auto a = parse(R"({"name": "x", "seed": 1})");
  const auto b = parse(R"({"name": "x", "seed": 99, "output": {"trace": "t.jsonl"}})");
  CHECK(scenario_digest(a) == scenario_digest(b));
}

TEST_CASE("scenario_json: any change to the run changes the digest") {
  const auto base = parse(R"({"name": "x"})");
  CHECK(scenario_digest(base) !=
        scenario_digest(parse(R"({"name": "x", "cluster": {"nodes": 6}})")));
  CHECK(scenario_digest(base) !=
        scenario_digest(parse(R"({"name": "x", "faults": {"lost_responses": {"rate": "1/7"}}})")));
}

TEST_CASE("scenario_json: the full form is a valid scenario that parses back to itself") {
  const auto scenario = parse(R"({
    "name": "round trip", "seed": 7, "duration": "1h30m",
    "cluster": {"nodes": 4, "layout": "per-node", "publish_state": true},
    "faults": {
      "latency": {"get": {"shape": "lognormal", "p50": "15ms", "p99": "150ms",
                          "tail": {"probability": "1/1000", "scale": "1s", "alpha": 1.5}}},
      "crashes": {"scheduled": [{"at": "30s", "target": [1, 2]}]},
      "clocks": {"nodes": [{"node": 0, "offset": "-1.5s", "steps": [{"at": "1m", "by": "-2s"}]}]},
      "pauses": {"on_became_leader": {"probability": "1/2"}}
    }
  })");
  const auto full = scenario_to_json(scenario);
  CHECK(full["seed"] == 7);
  const auto reparsed = parse_scenario(full, "<canonical>");
  CHECK(scenario_to_json(reparsed) == full);
  CHECK(reparsed.seed == 7);
  CHECK(reparsed.faults.clocks.nodes[0].offset_ns == -milliseconds(1500));
  const auto canonical = canonical_scenario_json(scenario);
  CHECK(canonical.find("\"seed\"") == std::string::npos);
  CHECK(canonical_scenario_json(parse_scenario(nlohmann::json::parse(canonical), "c")) ==
        canonical);
}

}  // namespace
}  // namespace holocron::cli
