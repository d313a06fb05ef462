// Golden reports: small constructed runs rendered to Markdown, JSON and HTML
// and compared byte for byte with tests/reports/golden/. After an intended change
// to a report, regenerate them with
//   HOLOCRON_UPDATE_GOLDEN=1 build/tests/reports/reports_tests -tc='golden*'
// and review the diff like any other change.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "reports/render.hpp"
#include "reports/sweep.hpp"
#include "reports/trace_reader.hpp"
#include "tests/reports/sample_runs.hpp"

namespace holocron::reports {
namespace {

std::string golden_path(const std::string& name) {
  return std::string(HOLOCRON_SOURCE_ROOT) + "/tests/reports/golden/" + name;
}

bool updating() {
  const char* flag = std::getenv("HOLOCRON_UPDATE_GOLDEN");
  return flag != nullptr && std::string(flag) == "1";
}

// Compares `actual` with the golden file, or rewrites it when updating.
void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = golden_path(name);
  if (updating()) {
    std::ofstream(path, std::ios::binary) << actual;
    MESSAGE("rewrote " << path);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(),
                  "missing golden file " << path << " (generate it with HOLOCRON_UPDATE_GOLDEN=1)");
  std::stringstream expected;
  expected << in.rdbuf();
  if (expected.str() == actual) return;
  // Point at the first differing line, so a failure says what changed.
  std::istringstream a(expected.str());
  std::istringstream b(actual);
  std::string line_a;
  std::string line_b;
  int line = 0;
  while (true) {
    ++line;
    const bool more_a = static_cast<bool>(std::getline(a, line_a));
    const bool more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a || !more_b || line_a != line_b) break;
  }
  FAIL_CHECK(name << " differs from the golden file at line " << line << "\n  golden: " << line_a
                  << "\n  actual: " << line_b
                  << "\n(if the change is intended: HOLOCRON_UPDATE_GOLDEN=1)");
}

SweepReport sample_sweep() {
  SweepBuilder builder;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    testing::History history =
        seed % 2 == 0 ? testing::small_naive_run() : testing::small_stable_run();
    history.header.scenario_name = "mixed";
    history.header.seed = seed;
    builder.add(summarize_run(testing::record(history).report));
  }
  builder.add(crashed_run("mixed", "stable", 5, "holosim run scenarios/mixed.json --seed 5",
                          "worker exited with signal 11 (SIGSEGV)"));
  return builder.build();
}

TEST_CASE("golden: run reports in Markdown and JSON") {
  const auto stable = testing::record(testing::small_stable_run());
  check_golden("run-stable.md", render_run_markdown(stable.report));
  check_golden("run-stable.json", render_run_json(stable.report));
  const auto naive = testing::record(testing::small_naive_run());
  check_golden("run-naive.md", render_run_markdown(naive.report));
  check_golden("run-naive.json", render_run_json(naive.report));
  check_golden("run-naive.txt", run_summary_text(naive.report));
}

// The HTML pages share their text (node and epoch lists, never-fired faults,
// a seed's violation counts, the comparison's rows) with the Markdown ones
// through reports/render_text.hpp; these pin the HTML side of that too.
TEST_CASE("golden: run reports in HTML") {
  check_golden("run-stable.html",
               render_run_html(testing::record(testing::small_stable_run()).report));
  check_golden("run-naive.html",
               render_run_html(testing::record(testing::small_naive_run()).report));
}

TEST_CASE("golden: the per-epoch trace of a small run") {
  check_golden("trace-stable.jsonl", testing::record(testing::small_stable_run()).trace);
}

TEST_CASE("golden: sweep and comparison reports") {
  const SweepReport sweep = sample_sweep();
  check_golden("sweep.md", render_sweep_markdown(sweep));
  check_golden("sweep.json", render_sweep_json(sweep));
  ComparisonReport comparison;
  comparison.scenario_name = "mixed";
  comparison.algorithms = {sweep, sweep};
  comparison.algorithms[1].algorithm = "naive";
  check_golden("comparison.md", render_comparison_markdown(comparison));
  check_golden("sweep.html", render_sweep_html(sweep));
  check_golden("comparison.html", render_comparison_html(comparison));
}

TEST_CASE("a report rendered from the trace file alone equals the live one") {
  const auto run = testing::record(testing::small_stable_run());
  std::istringstream in(run.trace);
  TraceCollector collector;
  read_trace(in, "trace.jsonl", collector);
  const RunReport offline = build_run_report(collector.trace());
  CHECK(render_run_markdown(offline) == render_run_markdown(run.report));
  CHECK(render_run_json(offline) == render_run_json(run.report));
  CHECK(render_run_html(offline) == render_run_html(run.report));
}

// What "self-contained" means for the HTML page: nothing is fetched.
void check_self_contained(const std::string& html) {
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  // The only URL is the SVG namespace, which browsers never fetch.
  std::size_t at = 0;
  while ((at = html.find("http", at)) != std::string::npos) {
    CHECK(html.compare(at, 26, "http://www.w3.org/2000/svg") == 0);
    ++at;
  }
  CHECK(html.find("</html>") != std::string::npos);
}

TEST_CASE("HTML reports are self-contained pages with the charts") {
  const auto stable = testing::record(testing::small_stable_run());
  const std::string run_html = render_run_html(stable.report);
  check_self_contained(run_html);
  CHECK(run_html.find("aria-label=\"leadership timeline per node\"") != std::string::npos);
  CHECK(run_html.find("aria-label=\"time to a new leader\"") != std::string::npos);
  CHECK(run_html.find("aria-label=\"objects in the store over time\"") != std::string::npos);
  CHECK(run_html.find("n2 led epoch 2 from 33.04s to 2m (run_end)") != std::string::npos);
  CHECK(run_html.find("crash crash from 22s to 40s") != std::string::npos);  // fault window

  const auto naive = testing::record(testing::small_naive_run());
  const std::string naive_html = render_run_html(naive.report);
  check_self_contained(naive_html);
  CHECK(naive_html.find("class=\"dual\"") != std::string::npos);  // the red overlap band
  CHECK(naive_html.find("holosim run scenarios/steady-state.json --seed 7") != std::string::npos);

  const SweepReport sweep = sample_sweep();
  const std::string sweep_html = render_sweep_html(sweep);
  check_self_contained(sweep_html);
  CHECK(sweep_html.find("holosim run scenarios/mixed.json --seed 5") != std::string::npos);
  ComparisonReport comparison;
  comparison.scenario_name = "mixed";
  comparison.algorithms = {sweep};
  check_self_contained(render_comparison_html(comparison));
}

TEST_CASE("renderers are deterministic") {
  const auto a = testing::record(testing::small_naive_run());
  const auto b = testing::record(testing::small_naive_run());
  CHECK(render_run_html(a.report) == render_run_html(b.report));
  CHECK(render_run_json(a.report) == render_run_json(b.report));
}

}  // namespace
}  // namespace holocron::reports
