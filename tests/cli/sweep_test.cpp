// Sweeps through the built binary: shards merged equal the unsharded sweep
// byte for byte (also when GNU parallel runs the shards), the output does not
// depend on --jobs, merge refuses incomplete or mismatched shards, failing
// seeds come with repro commands, and compare puts algorithms side by side.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::holosim_path;
using testing::read_whole_file;
using testing::run_shell;
using testing::scenario_path;
using testing::ScratchDirectory;

// Short runs of a scenario with a fault, so seeds differ from each other.
const std::string kSweep =
    "sweep " + scenario_path("leader-crash.json") + " --set duration=3m --seeds 1..12 --quiet";

std::string holosim(const std::string& arguments) {
  return "'" + holosim_path() + "' " + arguments;
}

// Every file in `a` equals the file of the same name in `b`, and both have
// the same files.
void check_same_directory(const fs::path& a, const fs::path& b) {
  std::vector<std::string> names_a;
  std::vector<std::string> names_b;
  for (const auto& entry : fs::directory_iterator(a)) names_a.push_back(entry.path().filename());
  for (const auto& entry : fs::directory_iterator(b)) names_b.push_back(entry.path().filename());
  std::sort(names_a.begin(), names_a.end());
  std::sort(names_b.begin(), names_b.end());
  CHECK(names_a == names_b);
  CHECK(names_a == std::vector<std::string>{"report.html", "report.md", "seeds.jsonl",
                                            "summary.json", "sweep.json"});
  for (const auto& name : names_a) {
    CAPTURE(name);
    CHECK(read_whole_file(a / name) == read_whole_file(b / name));
  }
}

TEST_CASE("sweep: shards merged equal the unsharded sweep byte for byte") {
  ScratchDirectory scratch;
  const fs::path dir = scratch.path();
  const CommandResult whole =
      run_shell(scratch, holosim(kSweep + " -j 2 --out " + (dir / "whole").string()));
  CHECK(whole.exit_code == 0);
  CHECK(whole.out.find("leader-crash seeds 1..12: PASS") == 0);
  const std::string seeds = read_whole_file(dir / "whole/seeds.jsonl");
  CHECK(std::count(seeds.begin(), seeds.end(), '\n') == 12);
  std::string shard_dirs;
  for (int k = 0; k < 5; ++k) {
    const auto shard_dir = (dir / ("shard" + std::to_string(k))).string();
    const CommandResult shard = run_shell(
        scratch, holosim(kSweep + " -j 1 --shard " + std::to_string(k) + "/5 --out " + shard_dir));
    CHECK(shard.exit_code == 0);
    shard_dirs += " " + shard_dir;
  }
  const CommandResult merged =
      run_shell(scratch, holosim("merge" + shard_dirs + " --out " + (dir / "merged").string()));
  CHECK(merged.exit_code == 0);
  check_same_directory(dir / "whole", dir / "merged");
}

TEST_CASE("sweep: the output does not depend on --jobs") {
  ScratchDirectory scratch;
  const fs::path dir = scratch.path();
  CHECK(run_shell(scratch, holosim(kSweep + " -j 1 --out " + (dir / "one").string())).exit_code ==
        0);
  CHECK(run_shell(scratch, holosim(kSweep + " -j 3 --out " + (dir / "three").string())).exit_code ==
        0);
  check_same_directory(dir / "one", dir / "three");
}

TEST_CASE("sweep: shards run by GNU parallel merge into the unsharded sweep") {
  if (std::system("command -v parallel >/dev/null 2>&1") != 0) {
    MESSAGE("skipped: GNU parallel is not installed (apt-get install parallel)");
    return;
  }
  ScratchDirectory scratch;
  const fs::path dir = scratch.path();
  CHECK(run_shell(scratch, holosim(kSweep + " --out " + (dir / "whole").string())).exit_code == 0);
  // The recipe of sim/cli/README.md: one shard per job, K from 0 to N-1.
  const CommandResult parallel = run_shell(
      scratch, "parallel --will-cite -j 2 " +
                   holosim(kSweep + " -j 1 --shard {}/4 --out " + (dir / "part-{}").string()) +
                   " ::: 0 1 2 3");
  CHECK(parallel.exit_code == 0);
  const std::string parts = (dir / "part-").string();
  const CommandResult merged =
      run_shell(scratch, holosim("merge " + parts + "0 " + parts + "1 " + parts + "2 " + parts +
                                 "3 --out " + (dir / "merged").string()));
  CHECK(merged.exit_code == 0);
  check_same_directory(dir / "whole", dir / "merged");
}

TEST_CASE("sweep: merge refuses missing, repeated, foreign and truncated shards") {
  ScratchDirectory scratch;
  const fs::path dir = scratch.path();
  const auto shard = [&](int k, const std::string& name, const std::string& extra) {
    const auto out = (dir / name).string();
    CHECK(run_shell(scratch, holosim(kSweep + " -j 1 --shard " + std::to_string(k) + "/3 --out " +
                                     out + extra))
              .exit_code == 0);
    return out;
  };
  const auto s0 = shard(0, "s0", "");
  const auto s1 = shard(1, "s1", "");
  const auto s2 = shard(2, "s2", "");
  const auto foreign = shard(2, "foreign", " --set cluster.nodes=3");
  const auto out = " --out " + (dir / "out").string();

  const CommandResult missing = run_shell(scratch, holosim("merge " + s0 + " " + s1 + out));
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("belongs to a sweep of 3 shards, but 2 directories were given") !=
        std::string::npos);
  const CommandResult repeated =
      run_shell(scratch, holosim("merge " + s0 + " " + s1 + " " + s1 + out));
  CHECK(repeated.exit_code == 2);
  CHECK(repeated.err.find("holds shard 1/3, as") != std::string::npos);
  const CommandResult other =
      run_shell(scratch, holosim("merge " + s0 + " " + s1 + " " + foreign + out));
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("is a shard of a different sweep") != std::string::npos);

  // A shard that did not finish: its last line is missing.
  const std::string seeds = read_whole_file(fs::path(s2) / "seeds.jsonl");
  const std::string cut = seeds.substr(0, seeds.rfind('\n', seeds.size() - 2) + 1);
  std::ofstream(fs::path(s2) / "seeds.jsonl", std::ios::trunc) << cut;
  const CommandResult truncated =
      run_shell(scratch, holosim("merge " + s0 + " " + s1 + " " + s2 + out));
  CHECK(truncated.exit_code == 2);
  CHECK(truncated.err.find("ends before seed 12; expected every seed of shard 2/3") !=
        std::string::npos);
  const CommandResult onto_input =
      run_shell(scratch, holosim("merge " + s0 + " " + s1 + " " + s2 + " --out " + s0));
  CHECK(onto_input.exit_code == 2);
}

TEST_CASE("sweep: a failed merge or an interrupted sweep leaves the earlier output whole") {
  // Finding A6: both used to leave a new, partial seeds.jsonl beside the
  // summary and reports of the earlier sweep, which still said PASS.
  ScratchDirectory scratch;
  const fs::path dir = scratch.path();
  const std::string sweep = "sweep " + scenario_path("leader-crash.json") +
                            " --set duration=1m --seeds 1..6 --quiet -j 1";
  REQUIRE(run_shell(scratch, holosim(sweep + " --out " + (dir / "full").string())).exit_code == 0);
  std::string shards;
  for (int k = 0; k < 3; ++k) {
    const auto out = dir / ("s" + std::to_string(k));
    REQUIRE(run_shell(scratch,
                      holosim(sweep + " --shard " + std::to_string(k) + "/3 --out " + out.string()))
                .exit_code == 0);
    shards += " " + out.string();
  }
  // Shard 1 cut after its first seed, as if it had not finished.
  const fs::path s1 = dir / "s1";
  const std::string seeds = read_whole_file(s1 / "seeds.jsonl");
  std::ofstream(s1 / "seeds.jsonl", std::ios::trunc) << seeds.substr(0, seeds.find('\n') + 1);

  fs::copy(dir / "full", dir / "earlier");
  const CommandResult into_earlier =
      run_shell(scratch, holosim("merge" + shards + " --out " + (dir / "earlier").string()));
  CHECK(into_earlier.exit_code == 2);
  CHECK(into_earlier.err.find("ends before seed 5") != std::string::npos);
  check_same_directory(dir / "full", dir / "earlier");

  const CommandResult into_new =
      run_shell(scratch, holosim("merge" + shards + " --out " + (dir / "fresh").string()));
  CHECK(into_new.exit_code == 2);
  CHECK_FALSE(fs::exists(dir / "fresh"));

  // A sweep stopped by SIGTERM halfway: the earlier files stay as they were;
  // only the hidden staging directory of the killed process is new.
  fs::copy(dir / "full", dir / "stopped");
  const CommandResult stopped =
      run_shell(scratch, "timeout -s TERM 2 " +
                             holosim("sweep " + scenario_path("steady-state.json") +
                                     " --set duration=300h --seeds 1..6 --quiet -j 1 --out " +
                                     (dir / "stopped").string()));
  CHECK(stopped.exit_code == 124);
  for (const char* name :
       {"sweep.json", "seeds.jsonl", "summary.json", "report.md", "report.html"}) {
    CAPTURE(name);
    CHECK(read_whole_file(dir / "stopped" / name) == read_whole_file(dir / "full" / name));
  }
  for (const auto& entry : fs::directory_iterator(dir / "stopped")) {
    const std::string name = entry.path().filename();
    if (entry.is_directory()) CHECK(name.rfind(".holosim-partial-", 0) == 0);
  }

  // A sweep that completes replaces every file and leaves nothing else.
  REQUIRE(run_shell(scratch, holosim(sweep + " --out " + (dir / "stopped").string())).exit_code ==
          0);
  for (const auto& entry : fs::directory_iterator(dir / "stopped")) {
    if (entry.is_directory()) fs::remove_all(entry.path());  // the killed sweep's
  }
  check_same_directory(dir / "full", dir / "stopped");
}

TEST_CASE("sweep: failing seeds exit 1 and are listed with their repro commands") {
  ScratchDirectory scratch;
  const auto out = (scratch.path() / "naive").string();
  const CommandResult result =
      run_shell(scratch, holosim("sweep " + scenario_path("naive-baseline.json") +
                                 " --set duration=1m --seeds 1..4 --quiet --out " + out));
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("naive-baseline seeds 1..4: FAIL") == 0);
  CHECK(result.out.find("4 run, 0 passed, 4 failed, 0 crashed; expected verdict met by 4") !=
        std::string::npos);
  CHECK(result.out.find("S5 FAIL in 4 seeds") != std::string::npos);
  CHECK(result.out.find("    reproduce: " + holosim_path() + " run " +
                        scenario_path("naive-baseline.json") + " --seed ") != std::string::npos);
  const auto summary = nlohmann::json::parse(read_whole_file(fs::path(out) / "summary.json"));
  CHECK(summary.dump().find("\"failed\":4") != std::string::npos);
}

TEST_CASE("compare: the same seeds under each algorithm, side by side") {
  ScratchDirectory scratch;
  const CommandResult result = run_shell(
      scratch, holosim("compare " + scenario_path("naive-baseline.json") +
                       " --algorithms naive,stable --seeds 1..3 --set duration=1m --quiet --out " +
                       scratch.path().string()));
  CHECK(result.exit_code == 1);  // naive fails S5
  CHECK(result.out.find("naive-baseline seeds 1..3, algorithms side by side") == 0);
  const auto row = result.out.find("S5 seeds violating");
  REQUIRE(row != std::string::npos);
  const std::string line = result.out.substr(row, result.out.find('\n', row) - row);
  CHECK(line.find(" 3 ") != std::string::npos);
  CHECK(line.back() == '0');
  CHECK(fs::exists(scratch.path() / "compare.html"));
  CHECK(fs::exists(scratch.path() / "compare.json"));
}

}  // namespace
}  // namespace holocron::cli
