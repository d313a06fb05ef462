// The Perfetto export and the event-level trace.
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "reports/event_trace.hpp"
#include "reports/perfetto.hpp"
#include "tests/reports/sample_runs.hpp"

namespace holocron::reports {
namespace {

TEST_CASE("the Perfetto export has a track per node and a slice per epoch led") {
  const auto run = testing::record(testing::small_naive_run());
  const std::string text = perfetto_json(run.report);
  const nlohmann::json trace = nlohmann::json::parse(text);
  REQUIRE(trace.contains("traceEvents"));
  int thread_names = 0;
  int slices = 0;
  int overlaps = 0;
  for (const auto& event : trace["traceEvents"]) {
    if (event["ph"] == "M" && event["name"] == "thread_name") ++thread_names;
    if (event["ph"] == "X" && event["cat"] == "leader") {
      ++slices;
      CHECK(event["tid"].get<int>() >= 1);
      CHECK(event["dur"].get<double>() > 0);
    }
    if (event["ph"] == "X" && event["cat"] == "overlap") ++overlaps;
  }
  CHECK(thread_names == 4);  // the cluster track and three nodes
  CHECK(slices == 8);
  CHECK(overlaps == 7);
  // Integer microseconds with three decimals, never a float rendering.
  CHECK(text.find("\"ts\":1070000.000") != std::string::npos);
  CHECK(perfetto_json(testing::record(testing::small_naive_run()).report) == text);
}

TEST_CASE("faults become instant events on the node's track") {
  const auto run = testing::record(testing::small_stable_run());
  const nlohmann::json trace = nlohmann::json::parse(perfetto_json(run.report));
  bool crash = false;
  for (const auto& event : trace["traceEvents"]) {
    if (event["ph"] == "i" && event["cat"] == "fault") {
      crash = true;
      CHECK(event["name"] == "crash: crash");
      CHECK(event["tid"] == 1);
      CHECK(event["s"] == "t");
    }
  }
  CHECK(crash);
}

TEST_CASE("the event-level trace has one line per fact") {
  const testing::History history = testing::small_naive_run();
  std::ostringstream out;
  std::uint64_t lines = 0;
  {
    EventTraceWriter writer(out);
    history.replay(writer);
    lines = writer.lines_written();
  }
  std::istringstream in(out.str());
  std::string line;
  std::uint64_t count = 0;
  while (std::getline(in, line)) {
    const nlohmann::json parsed = nlohmann::json::parse(line);
    CHECK(parsed.contains("fact"));
    ++count;
  }
  CHECK(count == lines);
  CHECK(out.str().rfind("{\"fact\":\"header\"", 0) == 0);
  CHECK(out.str().find("\"fact\":\"acting\"") != std::string::npos);
  CHECK(out.str().find("{\"t\":10000000000,\"fact\":\"run_end\"") != std::string::npos);
}

// The run end's fault lists are written by trace_codec's write_fault_lists,
// which the trace footer and the run summary share; this pins the event
// trace's bytes of them, which no golden file holds.
TEST_CASE("the event-level trace's run end lists the faults fired and never fired") {
  const testing::History history = testing::small_stable_run();
  std::ostringstream out;
  {
    EventTraceWriter writer(out);
    history.replay(writer);
  }
  const std::string text = out.str();
  const std::size_t run_end = text.find("\"fact\":\"run_end\"");
  REQUIRE(run_end != std::string::npos);
  CHECK(text.find("\"fault_counts\":[[\"crash/crash\",1],[\"store_errors/500\",1]],"
                  "\"faults_never_fired\":[\"partition\"],\"event_digest\":",
                  run_end) != std::string::npos);
}

TEST_CASE("first_divergence names the first differing line") {
  std::istringstream a("one\ntwo\nthree\n");
  std::istringstream b("one\ntwo\nTHREE\n");
  const auto divergence = first_divergence(a, b);
  REQUIRE(divergence.has_value());
  CHECK(divergence->line == 3);
  CHECK(divergence->first == "three");
  CHECK(divergence->second == "THREE");

  std::istringstream same_a("x\ny\n");
  std::istringstream same_b("x\ny\n");
  CHECK_FALSE(first_divergence(same_a, same_b).has_value());

  std::istringstream shorter("x\n");
  std::istringstream longer("x\ny\n");
  const auto cut = first_divergence(shorter, longer);
  REQUIRE(cut.has_value());
  CHECK(cut->line == 2);
  CHECK(cut->first.empty());
}

}  // namespace
}  // namespace holocron::reports
