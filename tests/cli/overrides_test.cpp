// --set PATH=VALUE: values parse as JSON when they can and as strings
// otherwise; paths create objects and index arrays; bad paths are explained.
#include <string>

#include <doctest/doctest.h>

#include "sim/cli/overrides.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

using testing::scenario_error_of;

TEST_CASE("overrides: JSON values and plain strings") {
  auto document = nlohmann::json::parse(R"({"cluster": {"nodes": 3}})");
  apply_overrides(document, {"cluster.nodes=9", "cluster.algorithm=stable", "duration=10m",
                             "checks.enabled=true", "faults.scheduled=[]", "name=\"quoted\""});
  CHECK(document["cluster"]["nodes"] == 9);
  CHECK(document["cluster"]["algorithm"] == "stable");
  CHECK(document["duration"] == "10m");
  CHECK(document["checks"]["enabled"] == true);
  CHECK(document["faults"]["scheduled"].is_array());
  CHECK(document["name"] == "quoted");
}

TEST_CASE("overrides: array elements by [i] and by .i") {
  auto document =
      nlohmann::json::parse(R"({"faults": {"scheduled": [{"at": "1s"}, {"at": "2s"}]}})");
  apply_override(document, "faults.scheduled[1].at=30s");
  apply_override(document, "faults.scheduled.0.at=5s");
  CHECK(document["faults"]["scheduled"][0]["at"] == "5s");
  CHECK(document["faults"]["scheduled"][1]["at"] == "30s");
}

TEST_CASE("overrides: later assignments win") {
  auto document = nlohmann::json::object();
  apply_overrides(document, {"seed=1", "seed=2"});
  CHECK(document["seed"] == 2);
}

TEST_CASE("overrides: malformed assignments and paths are explained") {
  auto document = nlohmann::json::parse(R"({"cluster": {"nodes": 3}, "list": [1]})");
  CHECK(scenario_error_of([&] {
          apply_override(document, "cluster.nodes");
        }).find("--set: \"cluster.nodes\" is not an assignment; expected PATH=VALUE") == 0);
  CHECK(scenario_error_of([&] {
          apply_override(document, "cluster..nodes=3");
        }).find("an empty path segment") != std::string::npos);
  CHECK(scenario_error_of([&] { apply_override(document, "cluster.nodes.x=3"); }) ==
        "--set: cluster.nodes: is 3, not an object; cannot set \"x\" inside it");
  CHECK(scenario_error_of([&] { apply_override(document, "list[4]=3"); }) ==
        "--set: list: has 1 elements; expected an index below that, got [4]");
  CHECK(scenario_error_of([&] {
          apply_override(document, "list[x]=3");
        }).find("an array index that is not a number") != std::string::npos);
}

TEST_CASE("overrides: a value that is not UTF-8 is bad input (fuzz finding F10)") {
  auto document = nlohmann::json::parse(R"({"name": "x"})");
  CHECK(scenario_error_of([&] { apply_override(document, "name=\xff\xfe"); }) ==
        "--set: name: the assignment is not valid UTF-8; expected PATH=VALUE as UTF-8 text");
  CHECK(scenario_error_of([&] { apply_override(document, "name=\xc0\x80"); })  // overlong NUL
            .find("not valid UTF-8") != std::string::npos);
  CHECK(scenario_error_of([&] { apply_override(document, "name=\xed\xa0\x80"); })  // surrogate
            .find("not valid UTF-8") != std::string::npos);
  apply_override(document, "name=caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x99\x82");
  CHECK(document["name"] == "caf\u00e9 \u2713 \U0001F642");
  CHECK_NOTHROW((void)document.dump());
}

}  // namespace
}  // namespace holocron::cli
