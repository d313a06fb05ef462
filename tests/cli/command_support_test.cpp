// Command-line values shared by several commands (seed ranges, shards,
// algorithm lists, job counts) and the mapping of exceptions to exit codes.
#include <sstream>
#include <stdexcept>

#include <doctest/doctest.h>

#include "reports/json_read.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/repro.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

using testing::scenario_error_of;

TEST_CASE("command_support: seed ranges") {
  const SeedRange range = parse_seed_range("5..9");
  CHECK(range.first == 5);
  CHECK(range.last == 9);
  CHECK(range.count() == 5);
  CHECK(parse_seed_range("7").count() == 1);
  CHECK(scenario_error_of([] {
          (void)parse_seed_range("9..5");
        }).find("--seeds: \"9..5\": the range is empty") == 0);
  CHECK(scenario_error_of([] { (void)parse_seed_range("1..x"); }).find("not a range") !=
        std::string::npos);
  CHECK(scenario_error_of([] {
          (void)parse_seed_range("0..18446744073709551615");
        }).find("split the range into runs of at most 1000000000 seeds") != std::string::npos);
  CHECK(scenario_error_of([] { (void)parse_seed("-1"); }).find("--seed: \"-1\"") == 0);
  CHECK(parse_seed("18446744073709551615") == UINT64_MAX);
}

TEST_CASE("command_support: shards are K/N from 0") {
  const Shard shard = parse_shard("2/5");
  CHECK(shard.index == 2);
  CHECK(shard.count == 5);
  for (const char* bad : {"5/5", "1/0", "x/2", "3", "-1/4"}) {
    CAPTURE(bad);
    CHECK(scenario_error_of([&] { (void)parse_shard(bad); }).find("--shard: ") == 0);
  }
}

TEST_CASE("command_support: algorithm lists and job counts") {
  CHECK(parse_algorithm_list("naive,lease,stable") ==
        std::vector<Algorithm>{Algorithm::kNaive, Algorithm::kLease, Algorithm::kStable});
  CHECK(scenario_error_of([] {
          (void)parse_algorithm_list("naive,stabel");
        }).find("(did you mean \"stable\"?)") != std::string::npos);
  CHECK(scenario_error_of([] {
          (void)parse_algorithm_list("stable,stable");
        }).find("listed twice") != std::string::npos);
  CHECK(parse_jobs("4") == 4);
  CHECK(scenario_error_of([] { (void)parse_jobs("0"); }).find("--jobs") == 0);
  CHECK(default_jobs() >= 1);
}

TEST_CASE("command_support: exceptions become exit codes") {
  std::ostringstream err;
  CHECK(run_guarded(err, [] { return kExitCheckFailed; }) == kExitCheckFailed);
  CHECK(run_guarded(err, []() -> int { throw ScenarioError("f.json", "a.b", "expected x"); }) ==
        kExitBadInput);
  CHECK(err.str() == "holosim: f.json: a.b: expected x\n");
  err.str("");
  CHECK(run_guarded(err, []() -> int { throw reports::TraceFormatError("t.jsonl:3: bad"); }) ==
        kExitBadInput);
  err.str("");
  CHECK(run_guarded(err, []() -> int { throw std::logic_error("oops"); }) == kExitInternalError);
  CHECK(err.str() == "holosim: internal error: oops\n");
}

TEST_CASE("repro: commands are quoted for a POSIX shell") {
  CHECK(shell_quote("scenarios/a.json") == "scenarios/a.json");
  CHECK(shell_quote("my file.json") == "'my file.json'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("") == "''");
  CHECK(repro_command("holosim", "s.json", 7, {"faults.crashes.scheduled[0].at=1m"}) ==
        "holosim run s.json --seed 7 --set 'faults.crashes.scheduled[0].at=1m'");
}

}  // namespace
}  // namespace holocron::cli
