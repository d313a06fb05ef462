// Latency between a node and the store, per operation kind: what makes every
// store round trip take time, and sometimes a long time. It stands for the
// real network plus the store's service time (S3 first-byte latency for small
// objects, same region), including the rare 1-2 second responses that make a
// lease-based election's timing margins matter.
//
// Presets (LatencyPreset), each a lognormal body given by p50/p99 with a
// Pareto tail on 1 in 1,000 requests and a cap:
//
//   preset        GET p50/p99    PUT p50/p99    LIST page p50/p99  DELETE p50/p99  tail scale, cap
//   s3-standard    15 / 150 ms    40 / 250 ms    50 / 300 ms        30 / 200 ms     400 ms, 2 s
//   s3-express      4 /  15 ms     6 /  25 ms     8 /  35 ms         5 /  20 ms      50 ms, 500 ms
//   gcs            25 / 200 ms    60 / 350 ms    70 / 400 ms        40 / 250 ms     600 ms, 2 s
//   none            0 ms everywhere (pure logic tests)
//
// Where the numbers come from: s3-standard's GET, PUT and LIST figures are the
// "realistic defaults" of ARCHITECTURE.md section 5 (same region, objects under
// 1 KiB, tails to 1-2 s); we have not measured them ourselves. DELETE is not given
// there; we assume it is a little cheaper than a PUT. s3-express follows AWS's
// description of S3 Express One Zone as "single-digit millisecond" access; the
// p99s are our assumption. gcs is our assumption of "a bit slower than S3
// Standard" (issue 6), not a measurement. A scenario overrides any operation.
#pragma once

#include <array>
#include <cstdint>

#include "core/assert.hpp"
#include "core/prng.hpp"
#include "core/store.hpp"
#include "core/time.hpp"
#include "faultmodels/config.hpp"
#include "faultmodels/distributions.hpp"

namespace holocron::faultmodels {

// The preset's distribution for one operation kind.
[[nodiscard]] DurationDistribution preset_latency(LatencyPreset preset, OpKind op);

// The distribution a run uses for `op`: the scenario's override if it has
// one, the preset's otherwise.
[[nodiscard]] DurationDistribution latency_distribution(const LatencyConfig& config, OpKind op);

// One round trip, split at the instant the store applies the request.
struct LatencyDraw {
  Nanos request_ns = 0;   // send -> the store applies the request
  Nanos response_ns = 0;  // the store applies it -> the response arrives
  [[nodiscard]] Nanos total_ns() const { return request_ns + response_ns; }
};

// The run's latency distributions, one per operation kind, shared by every
// node: a node's own part is only its random stream. Keeping the table once
// instead of once per node keeps a 10,000-node run's per-request data small
// (a copy per node was about 380 bytes and a cache miss or two per request).
class LatencyTable {
 public:
  explicit LatencyTable(const LatencyConfig& config);

  // One round trip drawn from `stream` (the requesting node's stream):
  // exactly one draw_duration per request, whatever the operation, so
  // changing one operation's distribution changes only the values, not which
  // draw each later request gets. latency_percent scales the drawn round trip
  // (100 = as drawn); store brownouts raise it.
  // Inline (with the brownout arithmetic out of line): one call per request.
  [[nodiscard]] LatencyDraw draw(Prng& stream, OpKind op, std::uint32_t latency_percent) const {
    HOLO_ASSERT(latency_percent > 0);
    const auto index = static_cast<std::size_t>(op);
    HOLO_ASSERT(index < by_op_.size());
    const Nanos drawn_ns = by_op_[index].draw(stream);
    // A draw is at most kDrawMaxNs; a brownout scales it (in 128 bits).
    const Nanos total_ns = latency_percent == 100 ? (drawn_ns < kDrawMaxNs ? drawn_ns : kDrawMaxNs)
                                                  : scaled_ns(drawn_ns, latency_percent);
    // total_ns <= kDrawMaxNs, so total_ns * 100 fits in 64 bits.
    static_assert(kDrawMaxNs <= INT64_MAX / 100);
    const Nanos request_ns = total_ns * static_cast<Nanos>(request_share_percent_) / 100;
    HOLO_ASSERT(request_ns <= total_ns);
    return LatencyDraw{request_ns, total_ns - request_ns};
  }

 private:
  // drawn_ns * latency_percent / 100 in 128-bit intermediates (a capped draw
  // times a brownout factor can exceed 64 bits before the division), at most
  // kDrawMaxNs. Out of line: only brownouts take it.
  [[nodiscard]] static Nanos scaled_ns(Nanos drawn_ns, std::uint32_t latency_percent);

  std::array<DurationSampler, 4> by_op_;  // indexed by OpKind
  std::uint32_t request_share_percent_ = 50;
};

// Node `node`'s latency stream: Prng::derive(seed, "latency", node).
[[nodiscard]] Prng latency_stream(std::uint64_t seed, NodeIndex node);

// Draws per-request latency for one node: a table and that node's stream.
// For callers that model one node; the simulator keeps one table for all.
class LatencyModel {
 public:
  LatencyModel(const LatencyConfig& config, std::uint64_t seed, NodeIndex node);

  [[nodiscard]] LatencyDraw draw(OpKind op, std::uint32_t latency_percent = 100) {
    return table_.draw(stream_, op, latency_percent);
  }

 private:
  LatencyTable table_;
  Prng stream_;
};

}  // namespace holocron::faultmodels
