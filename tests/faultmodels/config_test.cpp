// Configuration: enum names round-trip, ratios parse exactly, and validation
// names the offending field and what was expected.
#include <doctest/doctest.h>

#include <string>

#include "faultmodels/config.hpp"

namespace holocron::faultmodels {
namespace {

TEST_CASE("enum names round-trip") {
  for (const auto preset : {LatencyPreset::kS3Standard, LatencyPreset::kS3Express,
                            LatencyPreset::kGcs, LatencyPreset::kNone}) {
    CHECK(parse_latency_preset(to_string(preset)) == preset);
  }
  CHECK(parse_latency_preset("s3-standard") == LatencyPreset::kS3Standard);
  CHECK(parse_target_kind("random_follower") == TargetKind::kRandomFollower);
  CHECK(parse_partition_direction("responses") == PartitionDirection::kResponses);
  CHECK(parse_crash_mode("resume") == CrashMode::kResume);
  CHECK(parse_corrupt_kind("future_epoch") == CorruptKind::kFutureEpoch);
  CHECK(parse_distribution_shape("lognormal") == DistributionShape::kLognormal);
  CHECK_FALSE(parse_crash_mode("reboot").has_value());
}

TEST_CASE("parse_ratio: fractions, decimals and percentages, exactly") {
  CHECK(parse_ratio("1/1000") == Ratio{1, 1000});
  CHECK(parse_ratio("0.001") == Ratio{1, 1000});
  CHECK(parse_ratio("0.25") == Ratio{25, 100});
  CHECK(parse_ratio("1") == Ratio{1, 1});
  CHECK(parse_ratio("0") == Ratio{0, 1});
  CHECK(parse_ratio("2.5%") == Ratio{25, 1000});
  CHECK(parse_ratio("100%") == Ratio{100, 100});
  CHECK_FALSE(parse_ratio("2/1").has_value());
  CHECK_FALSE(parse_ratio("1/0").has_value());
  CHECK_FALSE(parse_ratio("1.5").has_value());
  CHECK_FALSE(parse_ratio("-0.1").has_value());
  CHECK_FALSE(parse_ratio("abc").has_value());
  CHECK_FALSE(parse_ratio("").has_value());
  CHECK_FALSE(parse_ratio("0.").has_value());
  CHECK(format_ratio(Ratio{3, 7}) == "3/7");
}

TEST_CASE("the default configuration is valid") {
  CHECK(validate(FaultsConfig{}, 1) == std::nullopt);
}

TEST_CASE("validation names the field and the expectation") {
  FaultsConfig config;
  config.partitions.scheduled.push_back(ScheduledPartition{});
  config.partitions.scheduled.back().target = NodeTarget{TargetKind::kNodes, {7}};
  const auto problem = validate(config, 5);
  REQUIRE(problem.has_value());
  CHECK(*problem ==
        "faults.partitions.scheduled[0].target: expected node indices below the node count");

  config = FaultsConfig{};
  config.clocks.nodes.push_back(NodeClockConfig{0, 0, 2'000'000, {}});
  REQUIRE(validate(config, 1).has_value());
  CHECK(validate(config, 1)->find("faults.clocks.nodes[0].drift_ppm") == 0);

  config = FaultsConfig{};
  config.latency.get = DurationDistribution::lognormal(milliseconds(100), milliseconds(10));
  REQUIRE(validate(config, 1).has_value());
  CHECK(*validate(config, 1) == "faults.latency.get.p99: expected a duration >= p50");

  config = FaultsConfig{};
  config.lost_responses.windows.push_back(LostResponseWindow{});
  config.lost_responses.windows.back().target = NodeTarget{TargetKind::kLeader, {}};
  REQUIRE(validate(config, 1).has_value());
  CHECK(validate(config, 1)->find("faults.lost_responses.windows[0].target") == 0);

  config = FaultsConfig{};
  config.store_errors.internal_error_rate = Ratio{2, 1};
  CHECK(validate(config, 1)->find("faults.store_errors.internal_error_rate") == 0);
}

}  // namespace
}  // namespace holocron::faultmodels
