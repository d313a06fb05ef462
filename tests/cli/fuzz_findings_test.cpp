// Regression tests for the scenario-file findings of the fuzzing campaign
// (tests/fuzz/HOSTILE_INPUTS.md): each input once escaped the parser as an
// internal error and must now be bad input, a ScenarioError naming the file.
#include <string>

#include <doctest/doctest.h>

#include "sim/cli/json_file.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

using testing::CommandResult;
using testing::run_shell;
using testing::scenario_error_of;
using testing::ScratchDirectory;

TEST_CASE("F7: a number out of double range is a ScenarioError naming the file") {
  ScratchDirectory scratch;
  const auto path = scratch.write("overflow.json", R"({"name": "x", "duration": 1e999})");
  const auto message = scenario_error_of([&] { (void)read_json_file(path); });
  CHECK(message.find(path) == 0);
  CHECK(message.find("out of range") != std::string::npos);
}

TEST_CASE("F7: holosim run on a number out of double range exits 2") {
  ScratchDirectory scratch;
  const auto path = scratch.write("overflow.json", R"({"name": "x", "duration": 1e999})");
  const CommandResult result =
      run_shell(scratch, "'" + testing::holosim_path() + "' run '" + path + "'");
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(path) != std::string::npos);
}

}  // namespace
}  // namespace holocron::cli
