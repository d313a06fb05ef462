// Fault accounting: what each fault model actually injected in a run, and
// which configured faults never fired. A scenario that configures a partition
// of "the leader" at a moment when there is no leader, or a 1-in-a-million
// error rate over a short run, silently tests nothing; the run summary says
// so (and a scenario can make it an error).
//
// The engine records every injection as (model, what) with the names in
// model_names.hpp, e.g. ("partitions", "begin"), ("store_errors.throttle",
// "503"), ("crashes", "crash"). configured_models(config) lists the models a
// scenario asked for: the injected faults, not the ambient behaviour of a
// healthy store (latency, S3's normal request-rate limits and 409s on racing
// conditional writes are counted when they happen but are never reported as
// "never fired").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

// The models `config` turns on, in model_names.hpp order.
[[nodiscard]] std::vector<std::string> configured_models(const FaultsConfig& config);

class FaultAccounting {
 public:
  FaultAccounting() = default;
  explicit FaultAccounting(std::vector<std::string> configured);

  // What a model injected (a 503 returned, a partition begun, a crash).
  void record(std::string_view model, std::string_view what, std::uint64_t count = 1);
  // What the nodes observed of it (a timeout after a lost response, a
  // request that a partition dropped and the node gave up on). Kept apart
  // from injections: a fault that fired but no node noticed is worth knowing.
  void record_observed(std::string_view model, std::string_view what, std::uint64_t count = 1);

  // Everything `model` injected, summed over `what`.
  [[nodiscard]] std::uint64_t count(std::string_view model) const;
  [[nodiscard]] std::uint64_t count(std::string_view model, std::string_view what) const;
  [[nodiscard]] std::uint64_t observed(std::string_view model) const;

  // Configured models with no recorded injection, in configuration order.
  [[nodiscard]] std::vector<std::string> never_fired() const;

  [[nodiscard]] const std::vector<std::string>& configured() const { return configured_; }
  // model -> what -> count, ordered by name (deterministic for output).
  [[nodiscard]] const std::map<std::string, std::map<std::string, std::uint64_t>, std::less<>>&
  counts() const {
    return counts_;
  }

  // {"configured": [...], "injected": {"model": {"what": count}}, "never_fired":
  // [...], "observed": {"model": {"what": count}}}, object keys in name order,
  // for the trace footer and the run summary.
  [[nodiscard]] std::string to_json() const;

 private:
  std::vector<std::string> configured_;
  std::map<std::string, std::map<std::string, std::uint64_t>, std::less<>> counts_;
  std::map<std::string, std::map<std::string, std::uint64_t>, std::less<>> observed_;
};

}  // namespace holocron::faultmodels
