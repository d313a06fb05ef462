#include "faultmodels/latency.hpp"

#include <cstdint>

#include "core/assert.hpp"
#include "core/int128.hpp"
#include "faultmodels/distributions.hpp"

namespace holocron::faultmodels {
namespace {

// A lognormal body by p50/p99 with the preset's tail and cap (see the table in
// latency.hpp).
DurationDistribution body(Nanos p50_ns, Nanos p99_ns, Nanos tail_scale_ns, Nanos cap_ns) {
  DurationDistribution distribution = DurationDistribution::lognormal(p50_ns, p99_ns);
  distribution.tail.probability = Ratio{1, 1000};
  distribution.tail.scale_ns = tail_scale_ns;
  distribution.tail.alpha = 1.5;
  distribution.cap_ns = cap_ns;
  return distribution;
}

std::size_t op_index(OpKind op) {
  const auto index = static_cast<std::size_t>(op);
  HOLO_ASSERT(index < 4);
  return index;
}

}  // namespace

DurationDistribution preset_latency(LatencyPreset preset, OpKind op) {
  const auto ms = [](std::int64_t count) { return milliseconds(count); };
  switch (preset) {
    case LatencyPreset::kS3Standard:
      switch (op) {
        case OpKind::kGet:
          return body(ms(15), ms(150), ms(400), seconds(2));
        case OpKind::kPut:
          return body(ms(40), ms(250), ms(400), seconds(2));
        case OpKind::kList:
          return body(ms(50), ms(300), ms(400), seconds(2));
        case OpKind::kDelete:
          return body(ms(30), ms(200), ms(400), seconds(2));
      }
      break;
    case LatencyPreset::kS3Express:
      switch (op) {
        case OpKind::kGet:
          return body(ms(4), ms(15), ms(50), ms(500));
        case OpKind::kPut:
          return body(ms(6), ms(25), ms(50), ms(500));
        case OpKind::kList:
          return body(ms(8), ms(35), ms(50), ms(500));
        case OpKind::kDelete:
          return body(ms(5), ms(20), ms(50), ms(500));
      }
      break;
    case LatencyPreset::kGcs:
      switch (op) {
        case OpKind::kGet:
          return body(ms(25), ms(200), ms(600), seconds(2));
        case OpKind::kPut:
          return body(ms(60), ms(350), ms(600), seconds(2));
        case OpKind::kList:
          return body(ms(70), ms(400), ms(600), seconds(2));
        case OpKind::kDelete:
          return body(ms(40), ms(250), ms(600), seconds(2));
      }
      break;
    case LatencyPreset::kNone:
      return DurationDistribution::constant(0);
  }
  HOLO_UNREACHABLE("no case matched");
  return {};
}

DurationDistribution latency_distribution(const LatencyConfig& config, OpKind op) {
  const std::optional<DurationDistribution>* override_for = nullptr;
  switch (op) {
    case OpKind::kGet:
      override_for = &config.get;
      break;
    case OpKind::kPut:
      override_for = &config.put;
      break;
    case OpKind::kList:
      override_for = &config.list;
      break;
    case OpKind::kDelete:
      override_for = &config.delete_;
      break;
  }
  HOLO_ASSERT(override_for != nullptr);
  if (override_for->has_value()) return **override_for;
  return preset_latency(config.preset, op);
}

LatencyTable::LatencyTable(const LatencyConfig& config)
    : request_share_percent_(config.request_share_percent) {
  HOLO_ASSERT(request_share_percent_ <= 100);
  for (const OpKind op : {OpKind::kList, OpKind::kGet, OpKind::kPut, OpKind::kDelete}) {
    by_op_[op_index(op)] = DurationSampler(latency_distribution(config, op));
  }
}

Nanos LatencyTable::scaled_ns(Nanos drawn_ns, std::uint32_t latency_percent) {
  HOLO_ASSERT(drawn_ns >= 0);
  Int128 total = static_cast<Int128>(drawn_ns) * latency_percent / 100;
  if (total > kDrawMaxNs) total = kDrawMaxNs;
  return static_cast<Nanos>(total);
}

Prng latency_stream(std::uint64_t seed, NodeIndex node) {
  return Prng::derive(seed, "latency", node);
}

LatencyModel::LatencyModel(const LatencyConfig& config, std::uint64_t seed, NodeIndex node)
    : table_(config), stream_(latency_stream(seed, node)) {}

}  // namespace holocron::faultmodels
