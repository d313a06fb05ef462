// Output paths that would destroy data (finding A5): every command that
// writes files refuses, with exit 2 and before it does any work, two outputs
// on one file and an output on one of its inputs, and leaves the file that
// was there untouched.
#include <filesystem>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "sim/cli/output_paths.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::read_whole_file;
using testing::run_shell;
using testing::scenario_path;
using testing::ScratchDirectory;

// A short leader-crash run, so that the tests which need a real trace stay
// fast.
const char* const kShort = " -q --set duration=20s";

// Runs holosim with `arguments` in the scratch directory (relative paths in
// the arguments are relative to it).
CommandResult holosim_in(const ScratchDirectory& scratch, const std::string& arguments) {
  return run_shell(scratch, "cd '" + scratch.path().string() + "' && '" + testing::holosim_path() +
                                "' " + arguments);
}

// Checks that the command was refused as a path conflict, with `message` on
// stderr, nothing on stdout, and that `kept` still holds `contents`.
void check_refused(const CommandResult& result, const std::string& message, const fs::path& kept,
                   const std::string& contents) {
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == message + "\n");
  CHECK(read_whole_file(kept) == contents);
}

TEST_CASE("output paths: same_file compares files, not spellings") {
  ScratchDirectory scratch;
  const auto a = scratch.write("a.jsonl", "a");
  const auto b = scratch.write("b.jsonl", "b");
  CHECK(same_file(a, a));
  CHECK_FALSE(same_file(a, b));
  CHECK(same_file(a, (scratch.path() / "." / "sub" / ".." / "a.jsonl").string()));
  // Paths that do not exist yet compare once resolved.
  fs::create_directories(scratch.path() / "sub");
  CHECK(same_file((scratch.path() / "new.jsonl").string(),
                  (scratch.path() / "sub" / ".." / "new.jsonl").string()));
  CHECK_FALSE(same_file((scratch.path() / "new.jsonl").string(),
                        (scratch.path() / "sub" / "new.jsonl").string()));
  // Hard and symbolic links are the same file under another name.
  fs::create_hard_link(a, scratch.path() / "hard.jsonl");
  fs::create_symlink(a, scratch.path() / "soft.jsonl");
  CHECK(same_file(a, (scratch.path() / "hard.jsonl").string()));
  CHECK(same_file(a, (scratch.path() / "soft.jsonl").string()));
  // A symbolic link to a directory resolves for a file not yet written there.
  fs::create_directory_symlink(scratch.path() / "sub", scratch.path() / "sublink");
  CHECK(same_file((scratch.path() / "sub" / "x").string(),
                  (scratch.path() / "sublink" / "x").string()));
  // /dev/null stores nothing, so any number of outputs may share it.
  CHECK_FALSE(same_file("/dev/null", "/dev/null"));
}

TEST_CASE("output paths: check_output_paths names both flags and the path") {
  const auto message_of = [](const std::vector<NamedPath>& inputs,
                             const std::vector<NamedPath>& outputs) {
    return testing::scenario_error_of([&] { check_output_paths("run", inputs, outputs); });
  };
  CHECK(message_of({}, {{"--trace", "t1.jsonl"}, {"--event-trace", "t1.jsonl"}}) ==
        "holosim run: --trace and --event-trace both write \"t1.jsonl\"; give each its own file");
  CHECK(message_of({}, {{"--trace", "t1.jsonl"}, {"--report", "./t1.jsonl"}}) ==
        "holosim run: --trace and --report both write \"t1.jsonl\" and \"./t1.jsonl\" (the "
        "same file); give each its own file");
  CHECK(message_of({{"the scenario FILE", "x.json"}}, {{"--trace", "x.json"}}) ==
        "holosim run: --trace would overwrite \"x.json\", the scenario FILE it reads; give "
        "--trace another path");
  // Unused outputs (empty paths) never conflict.
  CHECK_NOTHROW(check_output_paths("run", {{"the scenario FILE", "x.json"}},
                                   {{"--trace", ""}, {"--event-trace", ""}, {"--report", "r.md"}}));
}

TEST_CASE("output paths: run refuses two outputs on one file and leaves it alone") {
  ScratchDirectory scratch;
  const std::string scenario = scenario_path("leader-crash.json");
  const std::string before = "an earlier file\n";
  const auto t1 = scratch.write("t1.jsonl", before);
  check_refused(
      holosim_in(scratch, "run " + scenario + kShort + " --trace t1.jsonl --event-trace t1.jsonl"),
      "holosim run: --trace and --event-trace both write \"t1.jsonl\"; give each its "
      "own file",
      t1, before);
  const auto rr = scratch.write("rr.json", before);
  check_refused(
      holosim_in(scratch, "run " + scenario + kShort + " --report rr.json --trace rr.json"),
      "holosim run: --trace and --report both write \"rr.json\"; give each its own file", rr,
      before);
  const auto same = scratch.write("same.md", before);
  check_refused(
      holosim_in(scratch, "run " + scenario + kShort + " --report same.md --perfetto ./same.md"),
      "holosim run: --perfetto and --report both write \"./same.md\" and \"same.md\" (the same "
      "file); give each its own file",
      same, before);
  // A second name for the same file (a symbolic link) is caught too.
  fs::create_symlink(t1, scratch.path() / "link.jsonl");
  check_refused(holosim_in(scratch, "run " + scenario + kShort +
                                        " --trace t1.jsonl --event-trace link.jsonl"),
                "holosim run: --trace and --event-trace both write \"t1.jsonl\" and "
                "\"link.jsonl\" (the same file); give each its own file",
                t1, before);
  // Nothing was created for a refused run.
  CHECK_FALSE(fs::exists(scratch.path() / "new.jsonl"));
}

TEST_CASE("output paths: run refuses to write over the scenario it runs") {
  ScratchDirectory scratch;
  const std::string scenario_text = read_whole_file(scenario_path("leader-crash.json"));
  const auto scenario = scratch.write("lc.json", scenario_text);
  check_refused(holosim_in(scratch, "run lc.json -q --trace lc.json"),
                "holosim run: --trace would overwrite \"lc.json\", the scenario FILE it reads; "
                "give --trace another path",
                scenario, scenario_text);
  // A path from the scenario's own "output" section is named by its field.
  auto document = nlohmann::json::parse(scenario_text);
  document["output"] = {{"trace", "own.jsonl"}};
  const std::string with_output = document.dump(2);
  const auto own = scratch.write("own.json", with_output);
  const auto trace = scratch.write("own.jsonl", "kept\n");
  check_refused(
      holosim_in(scratch, "run own.json" + std::string(kShort) + " --event-trace own.jsonl"),
      "holosim run: output.trace in own.json and --event-trace both write "
      "\"own.jsonl\"; give each its own file",
      trace, "kept\n");
  CHECK(read_whole_file(own) == with_output);
}

TEST_CASE("output paths: distinct outputs and a shared /dev/null still run") {
  ScratchDirectory scratch;
  const std::string scenario = scenario_path("leader-crash.json");
  const CommandResult shared = holosim_in(
      scratch, "run " + scenario + kShort + " --trace /dev/null --event-trace /dev/null");
  CHECK(shared.exit_code == 0);
  CHECK(shared.err.empty());
  const CommandResult distinct = holosim_in(
      scratch, "run " + scenario + kShort + " --trace t.jsonl --event-trace e.jsonl --report r.md");
  CHECK(distinct.exit_code == 0);
  CHECK(read_whole_file(scratch.path() / "t.jsonl").find("\"type\"") != std::string::npos);
  CHECK_FALSE(read_whole_file(scratch.path() / "e.jsonl").empty());
  CHECK_FALSE(read_whole_file(scratch.path() / "r.md").empty());
}

TEST_CASE("output paths: report and replay refuse to write over the trace they read") {
  ScratchDirectory scratch;
  REQUIRE(holosim_in(scratch,
                     "run " + scenario_path("leader-crash.json") + kShort + " --trace good.jsonl")
              .exit_code == 0);
  const std::string trace_text = read_whole_file(scratch.path() / "good.jsonl");
  const auto g = scratch.write("g.json", trace_text);
  check_refused(holosim_in(scratch, "report g.json -o g.json"),
                "holosim report: -o would overwrite \"g.json\", the TRACE it reads; give -o "
                "another path",
                g, trace_text);
  check_refused(holosim_in(scratch, "report g.json --perfetto g.json"),
                "holosim report: --perfetto would overwrite \"g.json\", the TRACE it reads; give "
                "--perfetto another path",
                g, trace_text);
  const auto r = scratch.write("r.json", "kept\n");
  check_refused(holosim_in(scratch, "report g.json -o r.json --perfetto r.json"),
                "holosim report: -o and --perfetto both write \"r.json\"; give each its own file",
                r, "kept\n");
  check_refused(holosim_in(scratch, "replay g.json -o g.json"),
                "holosim replay: -o would overwrite \"g.json\", the TRACE it reads; give -o "
                "another path",
                g, trace_text);
}

TEST_CASE("output paths: shrink refuses to write over the scenario it shrinks") {
  ScratchDirectory scratch;
  const std::string text = read_whole_file(scenario_path("naive-baseline.json"));
  const auto copy = scratch.write("nbcopy.json", text);
  check_refused(holosim_in(scratch, "shrink nbcopy.json -o nbcopy.json"),
                "holosim shrink: -o would overwrite \"nbcopy.json\", the scenario FILE it reads; "
                "give -o another path",
                copy, text);
}

TEST_CASE("output paths: sweep and compare refuse an output directory file that is the input") {
  ScratchDirectory scratch;
  const std::string text = read_whole_file(scenario_path("leader-crash.json"));
  fs::create_directories(scratch.path() / "sw");
  const auto inside = scratch.write("sw/summary.json", text);
  check_refused(holosim_in(scratch, "sweep sw/summary.json -q --seeds 1..2 -o sw"),
                "holosim sweep: -o would overwrite \"sw/summary.json\", the scenario FILE it "
                "reads; give -o another path",
                inside, text);
  fs::create_directories(scratch.path() / "cmp");
  const auto compared = scratch.write("cmp/compare.json", text);
  check_refused(holosim_in(scratch, "compare cmp/compare.json -q --seeds 1..2 -o cmp"),
                "holosim compare: -o would overwrite \"cmp/compare.json\", the scenario FILE it "
                "reads; give -o another path",
                compared, text);
  // An existing file where compare's output directory should be is refused
  // before any seed runs (it used to be refused after the whole comparison).
  const auto file = scratch.write("ok.json", "kept\n");
  const CommandResult result = holosim_in(
      scratch, "compare " + scenario_path("leader-crash.json") + " -q --seeds 1..2 -o ok.json");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "holosim: ok.json: is a file; expected an output directory\n");
  CHECK(read_whole_file(file) == "kept\n");
}

}  // namespace
}  // namespace holocron::cli
