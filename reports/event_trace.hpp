// The optional event-level trace: one JSON line per fact, in the order the
// simulator emitted them (true-time order), for debugging a run step by step
// and for finding the first point where two runs of one seed diverge.
// It formats every fact, so it is for diagnosis, not for long sweeps.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "reports/facts.hpp"

namespace holocron::reports {

class EventTraceWriter final : public FactSink {
 public:
  // `out` must outlive the writer.
  explicit EventTraceWriter(std::ostream& out);
  ~EventTraceWriter() override;

  void on_header(const RunHeader& header) override;
  void on_store_op(const StoreOpFact& fact) override;
  void on_lost_response(const LostResponseFact& fact) override;
  void on_node_event(const NodeEventFact& fact) override;
  void on_lifecycle(const LifecycleFact& fact) override;
  void on_acting(const ActingFact& fact) override;
  void on_fenced_write(const FencedWriteFact& fact) override;
  void on_fault(const FaultFact& fact) override;
  void on_assumption(const AssumptionFact& fact) override;
  void on_object_count(const ObjectCountFact& fact) override;
  void on_run_end(const RunEnd& end) override;

  [[nodiscard]] std::uint64_t lines_written() const { return lines_; }
  [[nodiscard]] bool ok() const { return out_.good(); }

 private:
  static constexpr std::size_t kFlushBytes = 1 << 20;
  void finish_line();

  std::ostream& out_;
  std::string buffer_;
  std::uint64_t lines_ = 0;
};

// Where two line-oriented traces first differ (1-based line; an empty side
// means that trace ended first).
struct Divergence {
  std::uint64_t line = 0;
  std::string first;
  std::string second;
};

// Compares two traces line by line; nullopt when they are identical.
[[nodiscard]] std::optional<Divergence> first_divergence(std::istream& first, std::istream& second);

}  // namespace holocron::reports
