// The anchor workload of ../shared/anchors/workload.hpp as a holosim
// Scenario, so that holobench runs exactly what the hand-written ceiling and
// the SimGrid anchor run, but through the real election core and the real
// engine.
//
// What matches the anchors: N nodes, each starting its first round at a
// uniformly drawn instant in [0, poll) and then running one round every poll
// interval (1 s); every store request takes a round trip drawn uniformly from
// [10 ms, 50 ms], half on the way out and half on the way back; only the
// newest 16 epoch objects stay in the store. There are no faults, no
// throttling and no 409 conflicts, because the anchors have none.
//
// What differs, and why (docs/PERFORMANCE.md says more): the anchors' store
// deletes old epochs by itself, for free; here the round's winner collects
// the garbage with real DELETEs after a confirming LIST (core/gc.hpp), which
// is what a production store needs. The anchors draw the two halves of one
// request from two independent uniforms; the engine draws one round trip and
// splits it, which has the same mean (30 ms).
#pragma once

#include <cstdint>
#include <string>

#include "core/elector.hpp"
#include "core/time.hpp"
#include "sim/scenario.hpp"

namespace holocron::bench {

struct WorkloadOptions {
  std::uint32_t node_count = 1'000;
  Nanos duration_ns = hours(1);
  Nanos poll_interval_ns = seconds(1);
  Nanos latency_min_ns = milliseconds(10);
  Nanos latency_max_ns = milliseconds(50);
  std::uint32_t epochs_kept = 16;
  Algorithm algorithm = Algorithm::kNaive;
  // The engine's fenced resource is not part of the anchor workload; it is
  // off unless asked for, so that the store operations compare like for like.
  bool fenced_resource = false;
};

// The scenario for these options. It passes validate_scenario (asserted).
[[nodiscard]] sim::Scenario anchor_scenario(const WorkloadOptions& options);

}  // namespace holocron::bench
