// holosim replay and the determinism check: a shipped scenario's trace
// replays to the same digest; a trace whose header names another seed (the
// header is outside the digest, so the file still reads) is a mismatch that
// names the first differing record; another program version is reported as
// such; a seed range run twice agrees with itself.
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "holocron_version.hpp"
#include "sim/cli/command_replay.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/run_one.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

struct Captured {
  std::ostringstream out;
  std::ostringstream err;
  CommandContext context{out, err, Terminal{}, "holosim", true};
};

// Writes the trace of leader-crash (shortened) with seed 3 and returns its path.
std::string write_trace(const testing::ScratchDirectory& scratch) {
  const sim::Scenario scenario =
      load_scenario(testing::scenario_path("leader-crash.json"), {"duration=3m"});
  RunSetup setup;
  setup.seed = 3;
  setup.trace_path = (scratch.path() / "trace.jsonl").string();
  setup.repro_command = "holosim run scenarios/leader-crash.json --seed 3";
  static_cast<void>(run_scenario(scenario, setup));
  return setup.trace_path;
}

// Rewrites one header field of a trace file (the digest does not cover it).
void edit_header(const std::string& path, const std::function<void(nlohmann::json&)>& edit) {
  std::string text = testing::read_whole_file(path);
  const auto line_end = text.find('\n');
  auto header = nlohmann::json::parse(text.substr(0, line_end));
  edit(header);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << header.dump() << text.substr(line_end);
}

TEST_CASE("replay: a shipped scenario's trace replays to the same digest") {
  const testing::ScratchDirectory scratch;
  const std::string trace = write_trace(scratch);
  Captured captured;
  ReplayOptions options;
  options.trace_path = trace;
  CHECK(command_replay(captured.context, options) == kExitPassed);
  CHECK(captured.out.str().find("match") != std::string::npos);
  CHECK(captured.out.str().find("version differs") == std::string::npos);
}

TEST_CASE("replay: another seed in the header is a mismatch naming the first record") {
  const testing::ScratchDirectory scratch;
  const std::string trace = write_trace(scratch);
  edit_header(trace, [](nlohmann::json& header) { header["seed"] = 4; });
  Captured captured;
  ReplayOptions options;
  options.trace_path = trace;
  CHECK(command_replay(captured.context, options) == kExitCheckFailed);
  const std::string out = captured.out.str();
  CHECK(out.find("MISMATCH") != std::string::npos);
  CHECK(out.find("first trace record that differs: line") != std::string::npos);
  // Two fresh runs of one binary agree event by event.
  CHECK(out.find("agree event by event") != std::string::npos);
}

TEST_CASE("replay: a trace from another program version is reported as such") {
  const testing::ScratchDirectory scratch;
  const std::string trace = write_trace(scratch);
  edit_header(trace, [](nlohmann::json& header) { header["program_version"] = "0.0.0-other"; });
  Captured captured;
  ReplayOptions options;
  options.trace_path = trace;
  CHECK(command_replay(captured.context, options) == kExitPassed);
  CHECK(captured.out.str().find("version differs: the trace was written by 0.0.0-other") !=
        std::string::npos);
}

TEST_CASE("replay: an edited embedded scenario is bad input") {
  const testing::ScratchDirectory scratch;
  const std::string trace = write_trace(scratch);
  edit_header(trace, [](nlohmann::json& header) {
    header["scenario"]["canonical"]["cluster"]["nodes"] = 4;
  });
  const std::string message = testing::scenario_error_of([&] {
    Captured captured;
    ReplayOptions options;
    options.trace_path = trace;
    static_cast<void>(command_replay(captured.context, options));
  });
  CHECK(message.find("header.scenario.digest") != std::string::npos);
}

TEST_CASE("determinism: seeds run twice agree; fractions become strides") {
  CHECK(parse_fraction_stride("1") == 1);
  CHECK(parse_fraction_stride("1/10") == 10);
  CHECK(parse_fraction_stride("25%") == 4);
  CHECK(parse_fraction_stride("0.5") == 2);
  CHECK(testing::scenario_error_of([] {
          static_cast<void>(parse_fraction_stride("0"));
        }).find("--fraction") != std::string::npos);
  CHECK(testing::scenario_error_of([] {
          static_cast<void>(parse_fraction_stride("2"));
        }).find("--fraction") != std::string::npos);

  Captured captured;
  DeterminismOptions options;
  options.scenario_path = testing::scenario_path("lost-responses.json");
  options.overrides = {"duration=60s"};
  options.seeds = SeedRange{1, 4};
  options.stride = 2;
  CHECK(command_determinism(captured.context, options) == kExitPassed);
  CHECK(captured.out.str().find("2 seeds run twice, 0 mismatched") != std::string::npos);
}

}  // namespace
}  // namespace holocron::cli
