// The holosim binary as users and scripts see it: --help on every command,
// exit codes (0 passed, 1 a check failed, 2 bad input or usage), results on
// stdout and diagnostics on stderr, no progress bar or color unless a
// terminal is attached (and NO_COLOR respected), the repro command of a
// violation, and `report` rendering what `run --report` rendered.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

using testing::CommandResult;
using testing::holosim_path;
using testing::run_shell;
using testing::scenario_path;
using testing::ScratchDirectory;

std::string holosim(const std::string& arguments) {
  return "'" + holosim_path() + "' " + arguments;
}

bool tool_available(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

TEST_CASE("cli: --help on every command") {
  ScratchDirectory scratch;
  for (const char* command : {"run", "validate", "sweep", "merge", "compare", "report"}) {
    CAPTURE(command);
    const CommandResult result = run_shell(scratch, holosim(std::string(command) + " --help"));
    CHECK(result.exit_code == 0);
    CHECK(result.out.find(std::string("usage: holosim ") + command) == 0);
    CHECK(result.out.find("exit codes: 0 all checks passed") != std::string::npos);
    CHECK(result.err.empty());
  }
  // `holosim help COMMAND` is `holosim COMMAND --help`; an unknown one is a usage error.
  const CommandResult help_run = run_shell(scratch, holosim("help run"));
  CHECK(help_run.exit_code == 0);
  CHECK(help_run.out == run_shell(scratch, holosim("run --help")).out);
  const CommandResult help_typo = run_shell(scratch, holosim("help swep"));
  CHECK(help_typo.exit_code == 2);
  CHECK(help_typo.err.find("unknown command \"swep\"; did you mean \"sweep\"?") !=
        std::string::npos);
  const CommandResult top = run_shell(scratch, holosim("--help"));
  CHECK(top.exit_code == 0);
  CHECK(top.out.find("usage: holosim COMMAND") == 0);
  CHECK(run_shell(scratch, holosim("--version")).out.find("holosim ") == 0);
}

TEST_CASE("cli: usage errors exit 2 with the problem on stderr") {
  ScratchDirectory scratch;
  const CommandResult none = run_shell(scratch, holosim(""));
  CHECK(none.exit_code == 2);
  CHECK(none.out.empty());
  const CommandResult typo = run_shell(scratch, holosim("swep"));
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("unknown command \"swep\"; did you mean \"sweep\"?") != std::string::npos);
  const CommandResult missing = run_shell(scratch, holosim("run"));
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("holosim run: missing a scenario FILE") == 0);
  const CommandResult option = run_shell(scratch, holosim("run x.json --sed 3"));
  CHECK(option.exit_code == 2);
  CHECK(option.err.find("--sed") != std::string::npos);
  const std::string steady = scenario_path("steady-state.json");
  for (const std::string& arguments :
       {"run " + steady + " --seed -1", "sweep " + steady + " --seeds 5..1",
        "sweep " + steady + " --seeds 1..3 --shard 3/3", "sweep " + steady + " --seeds 1..3 -j 0",
        "run " + steady + " --set cluster.nodes",
        "compare " + steady + " --algorithms naive,stabel",
        "run " + steady + " --report out.pdf"}) {
    CAPTURE(arguments);
    const CommandResult result = run_shell(scratch, holosim(arguments));
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err.find("holosim: ") == 0);
  }
}

TEST_CASE("cli: a bad scenario file exits 2 naming the file, the path and the expectation") {
  ScratchDirectory scratch;
  const auto bad = scratch.write("bad.json", R"({"name": "b", "cluster": {"nodes": "five"}})");
  const CommandResult result = run_shell(scratch, holosim("run " + bad));
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "holosim: " + bad + ": cluster.nodes: expected an integer from 1 to 10000, got \"five\"\n");
  const auto typo = scratch.write("typo.json", R"({"name": "t", "duraton": "1m"})");
  const CommandResult unknown = run_shell(scratch, holosim("validate " + typo));
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find(typo + ": duraton: unknown key; did you mean \"duration\"?") !=
        std::string::npos);
  const CommandResult absent =
      run_shell(scratch, holosim("run " + scratch.path().string() + "/no.json"));
  CHECK(absent.exit_code == 2);
  CHECK(absent.err.find("no.json: no such file") != std::string::npos);
}

TEST_CASE("cli: validate refuses a recurring interval below 1ms (finding A7)") {
  ScratchDirectory scratch;
  // 1ns used to validate, then run at about 25 s of wall time per simulated
  // second.
  const std::string scenario = scenario_path("leader-crash.json");
  const CommandResult result = run_shell(
      scratch, holosim("validate " + scenario + " --set store.object_count_sample_interval=1ns"));
  CHECK(result.exit_code == 2);
  CHECK(result.err == "holosim: " + scenario +
                          " (with --set): store.object_count_sample_interval: expected \"0s\" "
                          "(never) or a duration from 1ms to 24h, got \"1ns\"\n");
  CHECK(run_shell(scratch,
                  holosim("validate " + scenario + " --set store.object_count_sample_interval=1ms"))
            .exit_code == 0);
}

TEST_CASE("cli: a liveness check the run ended too early to judge says inconclusive, not ok") {
  ScratchDirectory scratch;
  // Every node partitioned from 1 s for longer than the 2-minute run: L1
  // cannot be judged, which passes the run but is no "ok".
  const CommandResult result =
      run_shell(scratch, holosim("run " + scenario_path("leader-crash.json") +
                                 " -q --set duration=2m --set "
                                 "'faults.partitions.scheduled=[{\"at\":\"1s\",\"for\":\"20m\","
                                 "\"target\":\"all\"}]' --report " +
                                 (scratch.path() / "l1.md").string()));
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("L1 inconclusive") != std::string::npos);
  CHECK(result.out.find("L1 ok") == std::string::npos);
  CHECK(testing::read_whole_file(scratch.path() / "l1.md")
            .find("| inconclusive (see the note below) |") != std::string::npos);
}

TEST_CASE("cli: validate checks every file and reports each broken one") {
  ScratchDirectory scratch;
  // The shipped library validates (schema.json is recognised and skipped).
  const CommandResult shipped = run_shell(scratch, holosim("validate " + scenario_path("*.json")));
  CHECK(shipped.exit_code == 0);
  CHECK(shipped.err.empty());
  CHECK(shipped.out.find("schema.json: skipped (a JSON Schema, not a scenario)") !=
        std::string::npos);
  const auto bad = scratch.write("bad.json", "{\"name\": ");
  const CommandResult result =
      run_shell(scratch, holosim("validate " + scenario_path("steady-state.json") + " " + bad +
                                 " " + scenario_path("swarm.json")));
  CHECK(result.exit_code == 2);
  CHECK(result.out.find("steady-state.json: ok (steady-state, 5 nodes, stable") !=
        std::string::npos);
  CHECK(result.out.find("swarm.json: ok") != std::string::npos);
  CHECK(result.err.find(bad + ": line 1, column") != std::string::npos);
}

TEST_CASE("cli: a passing run exits 0 with results on stdout and nothing on stderr") {
  ScratchDirectory scratch;
  const CommandResult result = run_shell(
      scratch, holosim("run " + scenario_path("steady-state.json") + " --set duration=5m"));
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("steady-state (seed 1): PASS\n") == 0);
  CHECK(result.out.find("checks        S1 ok  S2 ok") != std::string::npos);
  CHECK(result.out.find("expected      pass: met") != std::string::npos);
  // Not a terminal: no progress bar, no color.
  CHECK(result.err.empty());
  CHECK(result.out.find('\033') == std::string::npos);
}

TEST_CASE("cli: a violation exits 1 and prints the command that reproduces it") {
  ScratchDirectory scratch;
  const CommandResult result = run_shell(
      scratch,
      holosim("run " + scenario_path("naive-baseline.json") + " --set duration=1m --seed 3"));
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("naive-baseline (seed 3): FAIL") == 0);
  CHECK(result.out.find("S5 FAIL(") != std::string::npos);
  const std::string marker = "  reproduce     ";
  const auto at = result.out.find(marker);
  REQUIRE(at != std::string::npos);
  const std::string repro =
      result.out.substr(at + marker.size(), result.out.find('\n', at) - at - marker.size());
  CHECK(repro == holosim_path() + " run " + scenario_path("naive-baseline.json") +
                     " --seed 3 --set duration=1m");
  // Running it gives the same run, violation for violation.
  const CommandResult again = run_shell(scratch, repro);
  CHECK(again.exit_code == 1);
  CHECK(again.out == result.out);
}

TEST_CASE("cli: the seed decides the run; the trace is byte-identical across runs") {
  ScratchDirectory scratch;
  const std::string trace_a = (scratch.path() / "a.jsonl").string();
  const std::string trace_b = (scratch.path() / "b.jsonl").string();
  const std::string base =
      "run " + scenario_path("leader-crash.json") + " --set duration=3m --seed 7";
  const CommandResult a = run_shell(scratch, holosim(base + " --trace " + trace_a));
  const CommandResult b = run_shell(scratch, holosim(base + " --trace " + trace_b));
  CHECK(a.exit_code == 0);
  CHECK(testing::read_whole_file(trace_a) == testing::read_whole_file(trace_b));
  CHECK(testing::read_whole_file(trace_a).size() > 100);
  const CommandResult other = run_shell(
      scratch,
      holosim("run " + scenario_path("leader-crash.json") + " --set duration=3m --seed 8"));
  CHECK(other.out != a.out);
}

TEST_CASE("cli: report renders from the trace exactly what run --report rendered") {
  ScratchDirectory scratch;
  const auto dir = scratch.path().string();
  const CommandResult run = run_shell(
      scratch, holosim("run " + scenario_path("leader-crash.json") + " --set duration=3m --trace " +
                       dir + "/t.jsonl --report " + dir + "/live.html"));
  CHECK(run.exit_code == 0);
  const CommandResult offline =
      run_shell(scratch, holosim("report " + dir + "/t.jsonl -o " + dir + "/offline.html"));
  CHECK(offline.exit_code == 0);
  const auto live = testing::read_whole_file(dir + "/live.html");
  CHECK(live.find("<svg") != std::string::npos);
  CHECK(live == testing::read_whole_file(dir + "/offline.html"));
  const CommandResult markdown = run_shell(scratch, holosim("report " + dir + "/t.jsonl"));
  CHECK(markdown.exit_code == 0);
  CHECK(markdown.out.find("# Election-stability report: leader-crash") == 0);
  // A trace that is not one is bad input.
  const auto junk = scratch.write("junk.jsonl", "{\"not\": \"a trace\"}\n");
  const CommandResult bad = run_shell(scratch, holosim("report " + junk));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(junk) != std::string::npos);
}

// Finding A2: a run stopped by a limit said PASS, and its trace reported as
// PASSED (exit 0) and replayed as a plain "match".
TEST_CASE("cli: a run stopped early by a limit says so, exits 2, and so do report and replay") {
  ScratchDirectory scratch;
  const auto dir = scratch.path().string();
  const std::string trace = dir + "/early.jsonl";
  const CommandResult run =
      run_shell(scratch, holosim("run " + scenario_path("leader-crash.json") +
                                 " -q --set limits.max_events_in_flight=5 --trace " + trace));
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("leader-crash (seed 1): STOPPED EARLY\n") == 0);
  CHECK(run.out.find("  stopped early at 0s of 10m (what follows covers only that part): "
                     "limits.max_events_in_flight: more than 5 events") != std::string::npos);
  CHECK(run.out.find("PASS") == std::string::npos);
  CHECK(run.out.find("expected      pass: not judged (the run stopped early)") !=
        std::string::npos);
  CHECK(run.out.find(": met") == std::string::npos);
  // The engine's reason carries the advice once; nothing repeats it.
  CHECK(run.err.find("holosim: the run stopped early: limits.max_events_in_flight") == 0);
  CHECK(run.err.find("make the scenario smaller") == run.err.rfind("make the scenario smaller"));

  const std::string written = testing::read_whole_file(trace);
  const auto footer_at = written.rfind("{\"type\":\"footer\"");
  REQUIRE(footer_at != std::string::npos);
  CHECK(written.find("\"stopped_early\":\"limits.max_events_in_flight: more than 5 events",
                     footer_at) != std::string::npos);

  const CommandResult markdown = run_shell(scratch, holosim("report " + trace));
  CHECK(markdown.exit_code == 2);
  CHECK(markdown.out.find("**STOPPED EARLY**") != std::string::npos);
  CHECK(markdown.out.find("PASSED") == std::string::npos);
  CHECK(markdown.err.find("the run stopped early: limits.max_events_in_flight") !=
        std::string::npos);
  const CommandResult json =
      run_shell(scratch, holosim("report " + trace + " -o " + dir + "/early.json"));
  CHECK(json.exit_code == 2);
  CHECK(testing::read_whole_file(dir + "/early.json")
            .find("\"passed\":false,\"stopped_early\":\"limits.max_events_in_flight") !=
        std::string::npos);

  const CommandResult replay = run_shell(scratch, holosim("replay " + trace));
  CHECK(replay.exit_code == 2);
  CHECK(replay.out.find("match: the run is reproduced exactly") != std::string::npos);
  CHECK(
      replay.out.find("INCOMPLETE: the recorded run stopped early: limits.max_events_in_flight") !=
      std::string::npos);

  // A complete run's trace has no such member.
  const CommandResult complete =
      run_shell(scratch, holosim("run " + scenario_path("leader-crash.json") +
                                 " -q --set duration=1m --trace " + dir + "/complete.jsonl"));
  CHECK(complete.exit_code == 0);
  CHECK(testing::read_whole_file(dir + "/complete.jsonl").find("stopped_early") ==
        std::string::npos);
}

TEST_CASE("cli: color only on a terminal, and never with NO_COLOR") {
  if (!tool_available("script")) {
    MESSAGE("skipped: `script` (util-linux) is not installed, so no terminal can be faked");
    return;
  }
  ScratchDirectory scratch;
  // `script` runs the command with a pseudo-terminal as stdout and stderr.
  const std::string inner =
      holosim("run " + scenario_path("steady-state.json") + " --set duration=1m");
  const auto quoted = [](const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  };
  const CommandResult colored =
      run_shell(scratch, "env -u NO_COLOR TERM=xterm script -qec " + quoted(inner) + " /dev/null");
  CHECK(colored.out.find("\033[32mPASS") != std::string::npos);
  const CommandResult plain =
      run_shell(scratch, "NO_COLOR=1 TERM=xterm script -qec " + quoted(inner) + " /dev/null");
  CHECK(plain.out.find("PASS") != std::string::npos);
  CHECK(plain.out.find("\033[") == std::string::npos);
}

}  // namespace
}  // namespace holocron::cli
