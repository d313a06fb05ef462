// The engine's one door to the fault models (faultmodels/): it owns the model
// objects for a run, answers the network's per-request questions (latency,
// injected store errors, lost responses), hands out each node's clock, and
// counts what each model injected, so that the run can say which configured
// faults never fired.
//
// Every model draws from its own Prng::derive(seed, "<model>", index) stream
// (inside faultmodels/), so removing one fault leaves the others' draws
// unchanged.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/store.hpp"
#include "core/time.hpp"
#include "faultmodels/config.hpp"
#include "faultmodels/latency.hpp"
#include "reports/facts.hpp"
#include "sim/local_clock.hpp"

namespace holocron::sim {

// An error a fault model answers a request with, instead of the store.
struct InjectedError {
  Status status = Status::kOk;  // kOk: none
  std::string_view model;       // static names (faultmodels/model_names.hpp)
  std::string_view what;        // "500", "503", "409"
};

class FaultInjector {
 public:
  FaultInjector(const faultmodels::FaultsConfig& config, std::uint64_t seed,
                std::uint32_t node_count);
  ~FaultInjector();

  // The round trip of one request sent by `node` at true time now_ns.
  [[nodiscard]] faultmodels::LatencyDraw latency(reports::NodeIndex node, OpKind op, Nanos now_ns);

  // Called once per request arriving at the store, in arrival order.
  [[nodiscard]] InjectedError on_arrival(reports::NodeIndex node, const StoreRequest& request,
                                         Nanos now_ns);

  // Called once per response leaving the store for `node`: true when it is
  // lost (the node will time out).
  [[nodiscard]] bool lose_response(reports::NodeIndex node, Nanos now_ns);

  // The clock node `node` starts with (offset and drift from the scenario's
  // clocks, explicit or drawn from the seed).
  [[nodiscard]] LocalClock clock_for(reports::NodeIndex node) const;

  // Accounting: one more injection by `model` of kind `what` (static strings).
  void count(std::string_view model, std::string_view what);
  // "model/what" -> count, sorted by name.
  [[nodiscard]] std::vector<std::pair<std::string, std::uint64_t>> fault_counts() const;
  // The configured models that injected nothing, sorted.
  [[nodiscard]] std::vector<std::string> never_fired() const;
  // Declares a model as configured for this run (so never_fired can name it).
  void configured(std::string_view model);

 private:
  faultmodels::FaultsConfig config_;
  std::uint64_t seed_;
  std::vector<faultmodels::LatencyModel> latency_;  // per node
  std::vector<LocalClock> clocks_;                  // per node
  std::map<std::pair<std::string_view, std::string_view>, std::uint64_t> counts_;
  std::map<std::string_view, std::uint64_t> injections_by_model_;
  std::vector<std::string_view> configured_;
};

}  // namespace holocron::sim
