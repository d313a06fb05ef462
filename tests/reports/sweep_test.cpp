// Sweeps: per-seed summaries survive their JSON line, and aggregation does
// not depend on the order or the sharding of seeds (what `holosim merge`
// relies on to equal an unsharded sweep byte for byte).
#include <algorithm>

#include <doctest/doctest.h>

#include "reports/json_read.hpp"
#include "reports/render.hpp"
#include "reports/sweep.hpp"
#include "tests/reports/sample_runs.hpp"

namespace holocron::reports {
namespace {

std::vector<RunSummary> sample_summaries(std::uint64_t seeds) {
  std::vector<RunSummary> summaries;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    testing::History history =
        seed % 3 == 0 ? testing::small_naive_run() : testing::small_stable_run();
    history.header.seed = seed;
    // Vary the runs a little so the distributions have shape.
    history.header.duration_ns += seconds(static_cast<std::int64_t>(seed));
    history.end.ops.cost_usd += 0.0001 * static_cast<double>(seed);
    summaries.push_back(summarize_run(testing::record(history).report));
  }
  summaries.push_back(crashed_run("leader-crash", "stable", seeds + 1, "holosim run x --seed 99",
                                  "worker exited with status 3"));
  return summaries;
}

TEST_CASE("a run summary survives its JSON line") {
  for (const RunSummary& summary : sample_summaries(3)) {
    const std::string line = run_summary_json(summary);
    CHECK(line.find('\n') == std::string::npos);
    const RunSummary back = parse_run_summary(line, JsonSource{"shard-0.jsonl", 4});
    CHECK(run_summary_json(back) == line);
  }
}

TEST_CASE("summary parse errors name the source and the field") {
  std::string line = run_summary_json(sample_summaries(1).front());
  const std::size_t at = line.find("\"seed\":1");
  REQUIRE(at != std::string::npos);
  line.replace(at, 8, "\"seed\":-1");
  try {
    (void)parse_run_summary(line, JsonSource{"shard-0.jsonl", 4});
    FAIL("expected an error");
  } catch (const TraceFormatError& error) {
    CHECK(std::string(error.what()) ==
          "shard-0.jsonl:4: seed: expected a non-negative integer, got -1");
  }
}

TEST_CASE("sweep aggregation is independent of order and sharding") {
  const std::vector<RunSummary> summaries = sample_summaries(9);
  SweepBuilder in_order;
  for (const RunSummary& summary : summaries) in_order.add(summary);
  const std::string expected_json = render_sweep_json(in_order.build());
  const std::string expected_md = render_sweep_markdown(in_order.build());

  // Reversed, and as three shards written to lines and read back.
  SweepBuilder reversed;
  for (auto it = summaries.rbegin(); it != summaries.rend(); ++it) reversed.add(*it);
  CHECK(render_sweep_json(reversed.build()) == expected_json);

  std::vector<std::string> shard_lines[3];
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    shard_lines[i % 3].push_back(run_summary_json(summaries[i]));
  }
  SweepBuilder merged;
  for (int shard : {2, 0, 1}) {
    for (const std::string& line : shard_lines[shard]) {
      merged.add(parse_run_summary(line, JsonSource{"shard", 0}));
    }
  }
  CHECK(render_sweep_json(merged.build()) == expected_json);
  CHECK(render_sweep_markdown(merged.build()) == expected_md);
}

TEST_CASE("a sweep counts outcomes, distributions and the worst seeds") {
  SweepBuilder builder;
  for (const RunSummary& summary : sample_summaries(9)) builder.add(summary);
  const SweepReport report = builder.build();
  CHECK(report.runs == 10);
  CHECK(report.crashed == 1);
  CHECK(report.failed == 3);  // the naive seeds 3, 6, 9 overlap leaders
  CHECK(report.passed == 6);
  CHECK(report.seeds_violating[property_index(Property::kS5)] == 3);
  CHECK(report.seed_min == 1);
  CHECK(report.seed_max == 10);
  const SeedDistribution& dual =
      report.distributions[static_cast<std::size_t>(SweepMetric::kDualLeader)];
  CHECK(dual.count == 9);
  CHECK(dual.max == seconds(2) + milliseconds(100));
  CHECK(dual.max_seed == 3);  // the smallest seed among equal maxima
  const SeedDistribution& failover =
      report.distributions[static_cast<std::size_t>(SweepMetric::kFailoverP99)];
  CHECK(failover.count == 6);  // only the stable seeds had a failover
  REQUIRE(report.worst.size() == kWorstSeedsMax);
  CHECK(report.worst[0].seed == 10);  // crashed first
  CHECK(report.worst[1].seed == 3);   // then failed seeds, smallest seed first on ties
  CHECK(report.worst[2].seed == 6);
  CHECK(report.crashed_runs.size() == 1);
  CHECK(report.fault_totals.size() == 2);
}

}  // namespace
}  // namespace holocron::reports

TEST_CASE("FieldReader names members and elements in its errors: a.b[12].c") {
  // The paths are built by hand (no fmt::format per field): the messages
  // must stay exactly what they were.
  const nlohmann::json document =
      nlohmann::json::parse(R"({"a":{"b":[0,1,2,3,4,5,6,7,8,9,10,11,{"c":"x"}]},"list":[true]})");
  const holocron::reports::JsonSource source{"runs.jsonl", 3};
  const holocron::reports::FieldReader top(document, "", source);
  const auto message = [](auto&& read) {
    try {
      read();
    } catch (const holocron::reports::TraceFormatError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  CHECK(message([&] { (void)top.at("a").at("b").element(12).at("c").uint64(); }) ==
        "runs.jsonl:3: a.b[12].c: expected a non-negative integer, got \"x\"");
  CHECK(message([&] { (void)top.at("a").at("missing"); }) ==
        "runs.jsonl:3: a.missing: missing (expected this field to be present)");
  CHECK(message([&] { (void)top.at("list").element(0).uint64(); }) ==
        "runs.jsonl:3: list[0]: expected a non-negative integer, got true");
  const holocron::reports::FieldReader array(document.at("list"), "", source);
  CHECK(message([&] { (void)array.element(0).at("k"); }) ==
        "runs.jsonl:3: [0]: expected an object, got true");
  CHECK(message([&] { (void)top.uint64(); }).rfind("runs.jsonl:3: (top level): expected", 0) == 0);
}
