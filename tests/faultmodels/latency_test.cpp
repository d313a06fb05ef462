// Latency presets land near their documented p50/p99, overrides replace one
// operation only, and a node's draws depend on the seed and node alone.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "faultmodels/latency.hpp"

namespace holocron::faultmodels {
namespace {

struct Target {
  LatencyPreset preset;
  OpKind op;
  Nanos p50_ns;
  Nanos p99_ns;
};

TEST_CASE("each preset's empirical p50 and p99 land near the documented targets") {
  const std::vector<Target> targets = {
      {LatencyPreset::kS3Standard, OpKind::kGet, milliseconds(15), milliseconds(150)},
      {LatencyPreset::kS3Standard, OpKind::kPut, milliseconds(40), milliseconds(250)},
      {LatencyPreset::kS3Standard, OpKind::kList, milliseconds(50), milliseconds(300)},
      {LatencyPreset::kS3Standard, OpKind::kDelete, milliseconds(30), milliseconds(200)},
      {LatencyPreset::kS3Express, OpKind::kGet, milliseconds(4), milliseconds(15)},
      {LatencyPreset::kS3Express, OpKind::kPut, milliseconds(6), milliseconds(25)},
      {LatencyPreset::kS3Express, OpKind::kList, milliseconds(8), milliseconds(35)},
      {LatencyPreset::kGcs, OpKind::kGet, milliseconds(25), milliseconds(200)},
      {LatencyPreset::kGcs, OpKind::kPut, milliseconds(60), milliseconds(350)},
      {LatencyPreset::kGcs, OpKind::kList, milliseconds(70), milliseconds(400)},
  };
  constexpr int kDraws = 100'000;
  for (const Target& target : targets) {
    LatencyConfig config;
    config.preset = target.preset;
    LatencyModel model(config, 99, 0);
    std::vector<Nanos> totals;
    totals.reserve(kDraws);
    for (int i = 0; i < kDraws; ++i) totals.push_back(model.draw(target.op).total_ns());
    std::sort(totals.begin(), totals.end());
    const auto p50 = static_cast<double>(totals[kDraws / 2]);
    const auto p99 = static_cast<double>(totals[kDraws * 99 / 100]);
    INFO(to_string(target.preset), " ", to_string(target.op));
    CHECK(p50 == doctest::Approx(static_cast<double>(target.p50_ns)).epsilon(0.05));
    CHECK(p99 == doctest::Approx(static_cast<double>(target.p99_ns)).epsilon(0.10));
    // The tail reaches far beyond the p99, but never past the cap.
    CHECK(totals.back() > 2 * target.p99_ns);
    CHECK(totals.back() <= preset_latency(target.preset, target.op).cap_ns);
  }
}

TEST_CASE("the none preset has no latency at all") {
  LatencyConfig config;
  config.preset = LatencyPreset::kNone;
  LatencyModel model(config, 1, 0);
  for (int i = 0; i < 100; ++i) CHECK(model.draw(OpKind::kPut).total_ns() == 0);
}

TEST_CASE("an override replaces one operation's distribution and leaves the others") {
  LatencyConfig config;
  config.put = DurationDistribution::constant(milliseconds(7));
  CHECK(latency_distribution(config, OpKind::kPut).shape == DistributionShape::kConstant);
  CHECK(latency_distribution(config, OpKind::kGet).p50_ns == milliseconds(15));
  LatencyModel model(config, 5, 3);
  const LatencyDraw draw = model.draw(OpKind::kPut);
  CHECK(draw.total_ns() == milliseconds(7));
  // The default split lands the request halfway through the round trip.
  CHECK(draw.request_ns == milliseconds(7) / 2);
}

TEST_CASE("latency_percent scales the round trip and the request share splits it") {
  LatencyConfig config;
  config.put = DurationDistribution::constant(milliseconds(100));
  config.request_share_percent = 20;
  LatencyModel model(config, 5, 0);
  const LatencyDraw draw = model.draw(OpKind::kPut, 400);
  CHECK(draw.total_ns() == milliseconds(400));
  CHECK(draw.request_ns == milliseconds(80));
  CHECK(draw.response_ns == milliseconds(320));
}

TEST_CASE("a node's latency draws depend only on (seed, node)") {
  LatencyConfig config;
  LatencyModel a(config, 42, 1);
  LatencyModel b(config, 42, 1);
  LatencyModel other_node(config, 42, 2);
  LatencyModel other_seed(config, 43, 1);
  bool differs_by_node = false;
  bool differs_by_seed = false;
  for (int i = 0; i < 100; ++i) {
    const Nanos value = a.draw(OpKind::kGet).total_ns();
    REQUIRE(value == b.draw(OpKind::kGet).total_ns());
    differs_by_node = differs_by_node || value != other_node.draw(OpKind::kGet).total_ns();
    differs_by_seed = differs_by_seed || value != other_seed.draw(OpKind::kGet).total_ns();
  }
  CHECK(differs_by_node);
  CHECK(differs_by_seed);
}

}  // namespace
}  // namespace holocron::faultmodels
