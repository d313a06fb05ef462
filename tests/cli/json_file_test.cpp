// Reading scenario files: every way a file can be unusable gives a message
// that names the file and says what was expected.
#include <string>

#include <doctest/doctest.h>

#include "sim/cli/json_file.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

using testing::scenario_error_of;
using testing::ScratchDirectory;

TEST_CASE("json_file: a well-formed file parses") {
  ScratchDirectory scratch;
  const auto path = scratch.write("ok.json", R"({"name": "x", "cluster": {"nodes": 3}})");
  const auto document = read_json_file(path);
  CHECK(document["cluster"]["nodes"] == 3);
}

TEST_CASE("json_file: a missing file names the file") {
  ScratchDirectory scratch;
  const auto path = (scratch.path() / "absent.json").string();
  const auto message = scenario_error_of([&] { (void)read_json_file(path); });
  CHECK(message.find(path) == 0);
  CHECK(message.find("no such file") != std::string::npos);
}

TEST_CASE("json_file: a directory is rejected") {
  ScratchDirectory scratch;
  const auto message = scenario_error_of([&] { (void)read_json_file(scratch.path().string()); });
  CHECK(message.find("is a directory; expected a file") != std::string::npos);
}

TEST_CASE("json_file: an empty or blank file is rejected") {
  ScratchDirectory scratch;
  const auto empty = scratch.write("empty.json", "");
  const auto blank = scratch.write("blank.json", "  \n\t\n");
  CHECK(scenario_error_of([&] { (void)read_json_file(empty); }) ==
        empty + ": the file is empty; expected a JSON object");
  CHECK(scenario_error_of([&] { (void)read_json_file(blank); }).find("is empty") !=
        std::string::npos);
}

TEST_CASE("json_file: text that is not JSON reports line and column") {
  ScratchDirectory scratch;
  const auto path = scratch.write("bad.json", "{\n  \"name\": \"x\",\n  \"seed\": 12abc\n}\n");
  const auto message = scenario_error_of([&] { (void)read_json_file(path); });
  CHECK(message.find(path + ": line 3, column") == 0);
  CHECK(message.find("not valid JSON") != std::string::npos);
}

TEST_CASE("json_file: deeply nested JSON is rejected before parsing") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto message = scenario_error_of([&] { (void)parse_json_text(deep, "deep.json"); });
  CHECK(message.find("deep.json: line 1, column 65: JSON nested more than 64 levels") == 0);
  // Brackets inside strings do not count.
  const std::string in_string = "{\"a\": \"" + std::string(200, '[') + "\"}";
  CHECK(parse_json_text(in_string, "s.json")["a"].get<std::string>().size() == 200);
}

TEST_CASE("json_file: a key given twice in one object is rejected") {
  const auto message =
      scenario_error_of([] { (void)parse_json_text(R"({"seed": 1, "seed": 2})", "dup.json"); });
  CHECK(message ==
        "dup.json: the key \"seed\" appears twice in one object; expected each key at "
        "most once");
  // The same key in two different objects is fine.
  CHECK_NOTHROW((void)parse_json_text(R"({"a": {"x": 1}, "b": {"x": 2}})", "ok.json"));
}

TEST_CASE("json_file: an absurdly large file is rejected without reading it") {
  ScratchDirectory scratch;
  const auto path = scratch.write("huge.json", std::string(kMaxJsonFileBytes + 1, ' '));
  const auto message = scenario_error_of([&] { (void)read_json_file(path); });
  CHECK(message.find("expected at most") != std::string::npos);
}

}  // namespace
}  // namespace holocron::cli
