// A diagnostic FactSink for `holobench --store-stats`: how each store
// operation ended (per operation kind and status), how many epoch objects the
// store held over time, and how many stale wins (AttemptOutcome::kStale) the
// cores reported. It explains *why* a run costs what it costs (for example,
// LIST pages that grow because garbage collection falls behind). It is never
// attached to a timed run: any sink makes the engine build facts.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "reports/facts.hpp"

namespace holocron::bench {

class StoreStats final : public reports::FactSink {
 public:
  void on_store_op(const reports::StoreOpFact& fact) override;
  void on_node_event(const reports::NodeEventFact& fact) override;
  void on_object_count(const reports::ObjectCountFact& fact) override;

  // Multi-line text: "<op> <status> <count>" lines, the epoch-object samples
  // and the stale wins.
  [[nodiscard]] std::string describe() const;

 private:
  static constexpr std::size_t kOps = 4;
  static constexpr std::size_t kStatuses = 9;
  // Object-count samples kept for the description; later ones are dropped.
  static constexpr std::size_t kSamplesMax = 120;

  std::array<std::array<std::uint64_t, kStatuses>, kOps> by_op_status_{};
  std::vector<std::pair<Nanos, std::uint64_t>> epoch_objects_;
  std::uint64_t epoch_objects_max_ = 0;
  std::uint64_t stale_wins_ = 0;
};

}  // namespace holocron::bench
