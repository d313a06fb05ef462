// The scenario format's documentation stays in step with the parser: every
// field of a scenario with every list populated appears in scenarios/README.md
// and in scenarios/schema.json, and the schema names no field the parser does
// not know.
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "sim/cli/json_file.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

using nlohmann::json;

// Every list populated, so that every field shows up in the canonical form.
json maximal_scenario() {
  const auto scenario = parse_scenario(json::parse(R"({
    "name": "everything", "description": "d",
    "cluster": {"layout": "per-node", "publish_state": true},
    "store": {"acl_denials": [{"node": 1, "bucket": "holocron", "write": true}]},
    "checks": {"enabled": ["S1"], "expected_verdict": "violation", "expected_violations": ["S1"]},
    "faults": {
      "latency": {"get": {"shape": "constant", "value": "1ms"}, "put": {"shape": "constant", "value": "1ms"},
                  "list": {"shape": "constant", "value": "1ms"}, "delete": {"shape": "constant", "value": "1ms"}},
      "store_errors": {"brownouts": [{"at": "1m"}]},
      "lost_responses": {"windows": [{"at": "1m"}]},
      "partitions": {"scheduled": [{"at": "1m"}]},
      "crashes": {"scheduled": [{"at": "1m"}]},
      "pauses": {"scheduled": [{"at": "1m"}]},
      "clocks": {"nodes": [{"node": 0, "steps": [{"at": "1m", "by": "1s"}]}]},
      "corrupt_objects": {"scheduled": [{"at": "1m"}]}
    }
  })"),
                                       "maximal");
  return scenario_to_json(scenario);
}

bool is_distribution(const json& value) {
  return value.is_object() && value.contains("shape");
}

// Leaf paths in README notation: "cluster.gc.keep", "faults.crashes.scheduled[].at".
void collect_paths(const json& value, const std::string& path, std::set<std::string>& paths) {
  if (value.is_object() && !is_distribution(value)) {
    for (const auto& item : value.items()) {
      collect_paths(item.value(), path.empty() ? item.key() : path + "." + item.key(), paths);
    }
    return;
  }
  paths.insert(path);
  if (value.is_array() && !value.empty() && value[0].is_object()) {
    collect_paths(value[0], path + "[]", paths);
  }
}

const json& resolve(const json& schema, const json& node) {
  if (node.contains("$ref")) {
    const auto name = node["$ref"].get<std::string>().substr(std::string("#/$defs/").size());
    return schema["$defs"][name];
  }
  return node;
}

// Every key of `value` is a property of `node` (recursively).
void check_schema_covers(const json& schema, const json& node_in, const json& value,
                         const std::string& path) {
  const json& node = resolve(schema, node_in);
  if (node.contains("oneOf")) return;  // probabilities and targets
  if (value.is_object()) {
    REQUIRE(node.contains("properties"));
    for (const auto& item : value.items()) {
      CAPTURE(path + "." + item.key());
      REQUIRE(node["properties"].contains(item.key()));
      check_schema_covers(schema, node["properties"][item.key()], item.value(),
                          path + "." + item.key());
    }
  } else if (value.is_array()) {
    REQUIRE(node.contains("items"));
    for (const auto& element : value)
      check_schema_covers(schema, node["items"], element, path + "[]");
  }
}

// Every property the schema declares (outside shared definitions) exists in
// `value`.
void check_no_stale_schema(const json& schema, const json& node_in, const json& value,
                           const std::string& path) {
  if (node_in.contains("$ref")) return;
  if (!node_in.contains("properties")) {
    if (node_in.contains("items") && value.is_array() && !value.empty()) {
      check_no_stale_schema(schema, node_in["items"], value[0], path + "[]");
    }
    return;
  }
  for (const auto& item : node_in["properties"].items()) {
    if (item.key() == "$schema") continue;
    CAPTURE(path + "." + item.key());
    REQUIRE(value.contains(item.key()));
    check_no_stale_schema(schema, item.value(), value[item.key()], path + "." + item.key());
  }
}

TEST_CASE("documentation: scenarios/README.md documents every field") {
  const std::string readme = testing::read_whole_file(HOLOCRON_SOURCE_ROOT "/scenarios/README.md");
  std::set<std::string> paths;
  collect_paths(maximal_scenario(), "", paths);
  CHECK(paths.size() > 120);
  for (const auto& path : paths) {
    CAPTURE(path);
    CHECK(readme.find("`" + path + "`") != std::string::npos);
  }
}

TEST_CASE("documentation: scenarios/schema.json matches the parser both ways") {
  const json schema = read_json_file(HOLOCRON_SOURCE_ROOT "/scenarios/schema.json");
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  const json scenario = maximal_scenario();
  check_schema_covers(schema, schema, scenario, "");
  check_no_stale_schema(schema, schema, scenario, "");
}

}  // namespace
}  // namespace holocron::cli
