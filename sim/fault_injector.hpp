// The engine's one door to the fault models (faultmodels/): for one run it
// applies the swarm draw, owns the runtime models (latency per node, store
// errors, lost responses, the partition schedule, the worst-moment pause
// decider, assumption tracking and accounting), answers the network's
// per-request questions, and hands the engine the timed plans (crashes,
// pauses, clock steps, partitions, corrupt objects) to schedule as events.
//
// Every model draws from its own Prng::derive(seed, "<model>", index) stream
// (inside faultmodels/), so removing one fault leaves the others' draws
// unchanged, and the engine's own streams ("start", "elector") are separate
// from all of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/assert.hpp"
#include "core/elector.hpp"
#include "core/store.hpp"
#include "core/time.hpp"
#include "faultmodels/accounting.hpp"
#include "faultmodels/assumptions.hpp"
#include "faultmodels/clock.hpp"
#include "faultmodels/config.hpp"
#include "faultmodels/corrupt_objects.hpp"
#include "faultmodels/crashes.hpp"
#include "faultmodels/latency.hpp"
#include "faultmodels/lost_responses.hpp"
#include "faultmodels/partitions.hpp"
#include "faultmodels/pauses.hpp"
#include "faultmodels/store_errors.hpp"
#include "faultmodels/swarm.hpp"

namespace holocron::sim {

// An error a fault model answers a request with, instead of the store.
struct InjectedError {
  Status status = Status::kOk;  // kOk: none
  std::string_view model;       // static names (faultmodels/model_names.hpp)
  std::string_view what;        // "500", "503", "409"
};

class FaultInjector {
 public:
  // `elector` is the cluster's option template: its timing gives the
  // algorithm's assumption bounds.
  FaultInjector(const faultmodels::FaultsConfig& config, std::uint64_t seed,
                std::uint32_t node_count, Nanos run_duration_ns, const ElectorOptions& elector);

  // The faults this run uses: the scenario's, with the swarm draw applied.
  [[nodiscard]] const faultmodels::FaultsConfig& config() const { return swarm_.config; }
  // The swarm draw as JSON for the run header ("{}" when swarm mode is off).
  [[nodiscard]] const std::string& swarm_json() const { return swarm_.description_json; }

  // --- per request -------------------------------------------------------
  // The round trip of one request sent by `node` at true time now_ns.
  [[nodiscard]] faultmodels::LatencyDraw latency(std::uint32_t node, OpKind op, Nanos now_ns) {
    HOLO_ASSERT(node < latency_streams_.size());
    const std::uint32_t percent = store_errors_live_ ? store_errors_.latency_percent(now_ns) : 100;
    return latency_.draw(latency_streams_[node], op, percent);
  }
  // Called once per request arriving at the store, in arrival order.
  [[nodiscard]] InjectedError on_arrival(const StoreRequest& request, Nanos now_ns);
  // Called once per response leaving the store for `node`: true when it is
  // lost (the node will time out).
  [[nodiscard]] bool lose_response(std::uint32_t node, Nanos now_ns);
  // Called when `node` has just become leader: a worst-moment pause, if any.
  [[nodiscard]] std::optional<Nanos> pause_on_became_leader(std::uint32_t node, Nanos now_ns);

  // --- plans ---------------------------------------------------------------
  [[nodiscard]] const faultmodels::ClockModel& clock_plan(std::uint32_t node) const;
  [[nodiscard]] const faultmodels::CrashPlan& crash_plan() const { return crashes_; }
  [[nodiscard]] const faultmodels::PausePlan& pause_plan() const { return pauses_; }
  [[nodiscard]] const faultmodels::CorruptObjectPlan& corrupt_plan() const { return corrupt_; }
  [[nodiscard]] faultmodels::PartitionSchedule& partitions() { return partitions_; }

  // The latest end of a fault window that begins within the run (store
  // brownouts, lost-response windows), or 0 when there is none. Such a
  // window heals like a partition does: liveness (L1) is judged from it.
  [[nodiscard]] Nanos last_window_end_ns(Nanos run_duration_ns) const;
  // Whether a fault model injects at a steady rate all run (lost responses,
  // random 500s): then faults never all heal (RunEnd::steady_faults).
  [[nodiscard]] bool steady_faults() const {
    return !config().lost_responses.rate.is_zero() ||
           !config().store_errors.internal_error_rate.is_zero();
  }

  // --- assumptions and accounting -------------------------------------------
  [[nodiscard]] faultmodels::AssumptionTracker& assumptions() { return assumptions_; }
  // One more injection by `model` of kind `what`.
  void count(std::string_view model, std::string_view what) { accounting_.record(model, what); }
  [[nodiscard]] const faultmodels::FaultAccounting& accounting() const { return accounting_; }
  // "model/what" -> count, sorted by name.
  [[nodiscard]] std::vector<std::pair<std::string, std::uint64_t>> fault_counts() const;

 private:
  faultmodels::SwarmDraw swarm_;
  faultmodels::LatencyTable latency_;            // shared by all nodes
  std::vector<Prng> latency_streams_;            // per node
  std::vector<faultmodels::ClockModel> clocks_;  // per node
  faultmodels::StoreErrorInjector store_errors_;
  // Whether any store error can fire at all: when none can, the per-request
  // call is skipped (it builds a throttle key per request).
  bool store_errors_live_ = false;
  faultmodels::LostResponseDecider lost_responses_;
  bool lost_responses_live_ = false;
  faultmodels::LeaderPauseDecider leader_pauses_;
  faultmodels::CrashPlan crashes_;
  faultmodels::PausePlan pauses_;
  faultmodels::PartitionSchedule partitions_;
  faultmodels::CorruptObjectPlan corrupt_;
  faultmodels::AssumptionTracker assumptions_;
  faultmodels::FaultAccounting accounting_;
};

}  // namespace holocron::sim
