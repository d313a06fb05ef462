// The determinism self-check: `holosim determinism` and
// `holosim sweep --check-determinism` run a sample of seeds twice and fail
// on any digest mismatch. A planted mismatch (a stand-in for the second run
// that returns another digest for one seed) is reported with the seed and
// both digests and exits 1; the real second runs agree; the check leaves the
// sweep's output files unchanged; bad fractions are usage errors.
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "sim/cli/command_replay.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/determinism_check.hpp"
#include "sim/cli/exit_codes.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

namespace fs = std::filesystem;

struct Captured {
  std::ostringstream out;
  std::ostringstream err;
  CommandContext context{out, err, Terminal{}, "holosim", true};
};

// The real run, except that the second run of `planted_seed` reports a
// different trace and event digest.
RunDigestsOf planted_digests_of(std::uint64_t planted_seed) {
  auto calls = std::make_shared<int>(0);
  return [calls, planted_seed](const sim::Scenario& scenario, std::uint64_t seed,
                               const std::string& repro) {
    RunDigests digests = run_digests_of(scenario, seed, repro);
    if (seed == planted_seed && ++*calls == 2) {
      digests.trace = "sha256:planted";
      digests.event = "0000000000planted";
    }
    return digests;
  };
}

// The event digest the sweep's worker recorded for `seed` in seeds.jsonl.
std::string recorded_event_digest(const fs::path& out_dir, std::uint64_t seed) {
  std::istringstream lines(testing::read_whole_file(out_dir / "seeds.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    const auto summary = nlohmann::json::parse(line);
    if (summary.at("seed").get<std::uint64_t>() == seed) {
      return summary.at("event_digest").get<std::string>();
    }
  }
  return "";
}

SweepOptions short_sweep(const fs::path& out_dir) {
  SweepOptions options;
  options.scenario_path = testing::scenario_path("lost-responses.json");
  options.overrides = {"duration=60s"};
  options.seeds = SeedRange{1, 6};
  options.jobs = 2;
  options.out_dir = out_dir.string();
  return options;
}

TEST_CASE("determinism: the sample is every stride-th seed, within the range") {
  const SeedSequence all{10, 19, 1};
  CHECK(determinism_sample(all, 1).count() == 10);
  const SeedSequence third = determinism_sample(all, 3);
  CHECK(third.first == 10);
  CHECK(third.stride == 3);
  CHECK(third.count() == 4);  // 10, 13, 16, 19
  // A stride beyond the range checks the first seed alone.
  CHECK(determinism_sample(all, 1000).count() == 1);
  // A shard's sequence: the sample strides over the shard's own seeds.
  const SeedSequence shard{2, 20, 4};  // 2, 6, 10, 14, 18
  const SeedSequence half = determinism_sample(shard, 2);
  CHECK(half.stride == 8);
  CHECK(half.count() == 3);  // 2, 10, 18
  // No overflow at the top of the seed space.
  const SeedSequence top{UINT64_MAX - 4, UINT64_MAX, 1};
  CHECK(determinism_sample(top, 2).count() == 3);
  CHECK(determinism_sample(top, UINT64_MAX).count() == 1);
}

TEST_CASE("determinism: fractions with trailing characters are refused, naming the option") {
  for (const char* text : {"1/10x", "10x%", "0.5.", "1/", "%", ""}) {
    CAPTURE(text);
    CHECK(testing::scenario_error_of([&] {
            static_cast<void>(parse_fraction_stride(text, "--check-determinism"));
          }).find("--check-determinism") != std::string::npos);
  }
  CHECK(parse_fraction_stride("1/3") == 3);
}

TEST_CASE("determinism: a planted mismatch names the seed and both digests, exit 1") {
  Captured captured;
  DeterminismOptions options;
  options.scenario_path = testing::scenario_path("lost-responses.json");
  options.overrides = {"duration=60s"};
  options.seeds = SeedRange{1, 4};
  options.stride = 2;  // seeds 1 and 3
  options.digests_of = planted_digests_of(3);
  CHECK(command_determinism(captured.context, options) == kExitCheckFailed);
  const std::string out = captured.out.str();
  CAPTURE(out);
  CHECK(out.find("seed 3: MISMATCH") != std::string::npos);
  CHECK(out.find("seed 1: MISMATCH") == std::string::npos);
  CHECK(out.find("second run sha256:planted events 0000000000planted") != std::string::npos);
  CHECK(out.find("first run sha256:") != std::string::npos);
  // The repro command carries the --set the check ran with.
  CHECK(out.find("--seed 3 --set duration=60s") != std::string::npos);
  CHECK(out.find("2 seeds run twice, 1 mismatched") != std::string::npos);
}

TEST_CASE("sweep --check-determinism: the second runs agree with the workers'") {
  const testing::ScratchDirectory scratch;
  Captured captured;
  SweepOptions options = short_sweep(scratch.path() / "checked");
  options.determinism_stride = 2;  // seeds 1, 3, 5
  CHECK(command_sweep(captured.context, options) == kExitPassed);
  CAPTURE(captured.out.str());
  CHECK(captured.out.str().find("determinism   3 seeds run twice (one in 2), 0 mismatched") !=
        std::string::npos);

  // The check adds a line to stdout and nothing to the files.
  Captured plain;
  const SweepOptions unchecked = short_sweep(scratch.path() / "plain");
  CHECK(command_sweep(plain.context, unchecked) == kExitPassed);
  CHECK(plain.out.str().find("determinism") == std::string::npos);
  for (const char* name : {"seeds.jsonl", "summary.json", "sweep.json", "report.md"}) {
    CAPTURE(name);
    CHECK(testing::read_whole_file(scratch.path() / "checked" / name) ==
          testing::read_whole_file(scratch.path() / "plain" / name));
  }
}

TEST_CASE("sweep --check-determinism: a planted mismatch fails the sweep naming seed and digests") {
  const testing::ScratchDirectory scratch;
  Captured captured;
  SweepOptions options = short_sweep(scratch.path() / "out");
  options.determinism_stride = 1;
  options.digests_of = [](const sim::Scenario& scenario, std::uint64_t seed,
                          const std::string& repro) {
    RunDigests digests = run_digests_of(scenario, seed, repro);
    if (seed == 4) digests.event = "0000000000planted";
    return digests;
  };
  CHECK(command_sweep(captured.context, options) == kExitCheckFailed);
  const std::string out = captured.out.str();
  CAPTURE(out);
  // Every seed passed its checks; the exit code is the mismatch's alone.
  CHECK(out.find("seeds 1..6: PASS") != std::string::npos);
  CHECK(out.find("6 seeds run twice (one in 1), 1 mismatched") != std::string::npos);
  const std::string worker_digest = recorded_event_digest(scratch.path() / "out", 4);
  REQUIRE(worker_digest.size() == 16);
  CHECK(out.find("seed 4: MISMATCH (event digest) first run " + worker_digest +
                 ", second run 0000000000planted") != std::string::npos);
  CHECK(out.find("seed 5: MISMATCH") == std::string::npos);
}

TEST_CASE("sweep --check-determinism: documented in --help; a bad fraction exits 2") {
  const testing::ScratchDirectory scratch;
  const std::string holosim = "'" + testing::holosim_path() + "'";
  const auto help = testing::run_shell(scratch, holosim + " sweep --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--check-determinism") != std::string::npos);
  const auto bad = testing::run_shell(
      scratch, holosim + " sweep " + testing::scenario_path("leader-crash.json") +
                   " --seeds 1..2 --quiet --check-determinism 3/2 --out " +
                   (scratch.path() / "out").string());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--check-determinism") != std::string::npos);
  // Through the binary: a real check passes and says so.
  const auto good = testing::run_shell(
      scratch, holosim + " sweep " + testing::scenario_path("lost-responses.json") +
                   " --set duration=30s --seeds 1..4 -j 2 --quiet --check-determinism 50% --out " +
                   (scratch.path() / "good").string());
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("2 seeds run twice (one in 2), 0 mismatched") != std::string::npos);
}

}  // namespace
}  // namespace holocron::cli
