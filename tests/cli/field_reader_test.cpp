// FieldReader: typed reads that name the file, the JSON path and what was
// expected; unknown keys rejected with the nearest known key suggested.
#include <string>

#include <doctest/doctest.h>

#include "sim/cli/field_reader.hpp"
#include "sim/cli/suggest.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

using testing::scenario_error_of;

enum class Color { kRed, kGreen };

TEST_CASE("field_reader: reads typed values and defaults") {
  const auto document = nlohmann::json::parse(
      R"({"n": 5, "d": "1h30m", "b": true, "s": "x", "f": 0.5, "c": "green", "big": 18446744073709551615})");
  FieldReader reader(document, "f.json", "");
  CHECK(reader.integer("n", 1, 0, 10) == 5);
  CHECK(reader.integer("absent", 7, 0, 10) == 7);
  CHECK(reader.duration("d", 0, 0, hours(2)) == hours(1) + minutes(30));
  CHECK(reader.boolean("b", false));
  CHECK(reader.string("s", "") == "x");
  CHECK(reader.number("f", 0.0, 0.0, 1.0) == doctest::Approx(0.5));
  CHECK(reader.choice<Color>("c", Color::kRed, {{"red", Color::kRed}, {"green", Color::kGreen}}) ==
        Color::kGreen);
  CHECK(reader.unsigned_integer("big", 0) == UINT64_MAX);
  reader.finish();
}

TEST_CASE("field_reader: an out-of-range value names file, path and range") {
  const auto document = nlohmann::json::parse(R"({"cluster": {"nodes": 1000000}})");
  const auto message = scenario_error_of([&] {
    FieldReader root(document, "big.json", "");
    auto cluster = root.object("cluster");
    (void)cluster.integer("nodes", 3, 1, 1000);
  });
  CHECK(message == "big.json: cluster.nodes: expected an integer from 1 to 1000, got 1000000");
}

TEST_CASE("field_reader: a wrong type says what it got") {
  const auto document = nlohmann::json::parse(R"({"nodes": "five"})");
  const auto message = scenario_error_of([&] {
    FieldReader root(document, "t.json", "");
    (void)root.integer("nodes", 3, 1, 10);
  });
  CHECK(message == "t.json: nodes: expected an integer from 1 to 10, got \"five\"");
}

TEST_CASE("field_reader: a missing required field") {
  const auto document = nlohmann::json::parse(R"({})");
  const auto message = scenario_error_of([&] {
    FieldReader root(document, "r.json", "faults.scheduled[0]");
    (void)root.duration("at", kRequired, 0, hours(1));
  });
  CHECK(message.find("r.json: faults.scheduled[0].at: missing; expected a duration") == 0);
}

TEST_CASE("field_reader: durations must be strings with units and not negative") {
  const auto document =
      nlohmann::json::parse(R"({"a": 250, "b": "-5s", "c": "5 parsecs", "d": "2h"})");
  FieldReader root(document, "d.json", "timing");
  const auto no_unit = scenario_error_of([&] { (void)root.duration("a", 0, 0, hours(1)); });
  CHECK(no_unit.find("d.json: timing.a: expected a duration") == 0);
  CHECK(no_unit.find("without a unit") != std::string::npos);
  const auto negative = scenario_error_of([&] { (void)root.duration("b", 0, 0, hours(1)); });
  CHECK(negative.find("negative") != std::string::npos);
  const auto garbage = scenario_error_of([&] { (void)root.duration("c", 0, 0, hours(1)); });
  CHECK(garbage.find("d.json: timing.c: expected a duration") == 0);
  const auto too_long = scenario_error_of([&] { (void)root.duration("d", 0, 0, hours(1)); });
  CHECK(too_long ==
        "d.json: timing.d: expected a duration from 0s to 1h such as \"250ms\", "
        "\"10s\" or \"1h\", got \"2h\"");
  root.finish();
}

TEST_CASE("field_reader: an unknown key suggests the nearest known key") {
  const auto document = nlohmann::json::parse(R"({"nodez": 3, "algorithm": "stable"})");
  const auto message = scenario_error_of([&] {
    FieldReader cluster(document, "u.json", "cluster");
    (void)cluster.integer("nodes", 3, 1, 10);
    (void)cluster.string("algorithm", "stable");
    cluster.finish();
  });
  CHECK(message ==
        "u.json: cluster.nodez: unknown key; did you mean \"nodes\"? (expected one of: "
        "algorithm, nodes)");
}

TEST_CASE("field_reader: an unknown key far from every known key gets no suggestion") {
  const auto document = nlohmann::json::parse(R"({"zzzzzzzz": 1})");
  const auto message = scenario_error_of([&] {
    FieldReader root(document, "u.json", "");
    (void)root.integer("nodes", 3, 1, 10);
    root.finish();
  });
  CHECK(message == "u.json: zzzzzzzz: unknown key (expected one of: nodes)");
}

TEST_CASE("field_reader: a misspelt choice suggests the nearest option") {
  const auto document = nlohmann::json::parse(R"({"c": "gren"})");
  const auto message = scenario_error_of([&] {
    FieldReader root(document, "c.json", "");
    (void)root.choice<Color>("c", Color::kRed, {{"red", Color::kRed}, {"green", Color::kGreen}});
  });
  CHECK(message ==
        "c.json: c: expected one of \"red\" or \"green\", got \"gren\" (did you mean \"green\"?)");
}

TEST_CASE("field_reader: arrays of objects carry their index in the path") {
  const auto document = nlohmann::json::parse(R"({"list": [{"x": 1}, {"x": "no"}]})");
  const auto message = scenario_error_of([&] {
    FieldReader root(document, "a.json", "");
    for (auto& item : root.objects("list", 10)) {
      (void)item.integer("x", 0, 0, 5);
      item.finish();
    }
  });
  CHECK(message == "a.json: list[1].x: expected an integer from 0 to 5, got \"no\"");
  const auto too_many = scenario_error_of([&] {
    FieldReader root(document, "a.json", "");
    (void)root.objects("list", 1);
  });
  CHECK(too_many == "a.json: list: expected an array of at most 1 objects, got 2 entries");
}

TEST_CASE("field_reader: a non-object where an object belongs") {
  const auto document = nlohmann::json::parse(R"({"cluster": [1, 2]})");
  const auto message = scenario_error_of([&] {
    FieldReader root(document, "o.json", "");
    (void)root.object("cluster");
  });
  CHECK(message == "o.json: cluster: expected an object {...}, got an array [1,2]");
}

TEST_CASE("suggest: edit distance and nearest names") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("same", "same") == 0);
  CHECK(nearest_name("algoritm", {"nodes", "algorithm", "layout"}) == "algorithm");
  CHECK_FALSE(nearest_name("xyz", {"nodes", "algorithm"}).has_value());
}

}  // namespace
}  // namespace holocron::cli
