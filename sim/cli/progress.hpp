// A one-line progress bar on stderr: done/total, rate and time left. Shown
// only when stderr is a terminal and --quiet was not given, and only once the
// work has taken a moment (short runs print nothing). It reads the wall clock
// to pace itself and to estimate time left; nothing it measures reaches any
// result, trace or report.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include "reports/facts.hpp"

namespace holocron::cli {

class ProgressBar {
 public:
  // `unit` names what is counted ("seeds", "sim-s"). Disabled bars do nothing.
  ProgressBar(bool enabled, std::ostream& err, std::string unit);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Redraws at most every kRedrawInterval, and not before kShowAfter.
  void update(std::uint64_t done, std::uint64_t total);
  // Erases the bar (call before printing results).
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kShowAfter{750};
  static constexpr std::chrono::milliseconds kRedrawInterval{100};
  static constexpr int kBarWidth = 30;

  bool enabled_;
  std::ostream& err_;
  std::string unit_;
  Clock::time_point started_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
};

// Feeds a ProgressBar from a run's facts (simulated seconds out of the
// scenario's duration). It looks at the clock only every few thousand facts.
class RunProgressSink final : public reports::FactSink {
 public:
  RunProgressSink(ProgressBar& bar, Nanos duration_ns) : bar_(bar), duration_ns_(duration_ns) {}

  void on_store_op(const reports::StoreOpFact& fact) override { tick(fact.true_ns); }
  void on_node_event(const reports::NodeEventFact& fact) override { tick(fact.true_ns); }
  void on_run_end(const reports::RunEnd& end) override;

 private:
  static constexpr std::uint32_t kFactsPerCheck = 4096;
  void tick(Nanos true_ns);

  ProgressBar& bar_;
  Nanos duration_ns_;
  std::uint32_t facts_since_check_ = 0;
};

}  // namespace holocron::cli
