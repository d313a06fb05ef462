// Running a scenario: the one call the CLI, the benchmarks and the tests use.
// run_simulation builds an Engine for (scenario, seed), which schedules the
// scenario's fault plans (crashes, pauses, clock steps, partitions, corrupt
// objects, drawn from the seed by faultmodels/), runs it to the scenario's
// duration, and returns the RunResult, while the sinks receive every fact in true-time
// order. The same (scenario, seed, binary) gives the same facts and the same
// event digest, in this process or any other.
#pragma once

#include <cstdint>
#include <vector>

#include "reports/facts.hpp"
#include "sim/engine.hpp"
#include "sim/scenario.hpp"

namespace holocron::sim {

// The scenario must pass validate_scenario (asserted): the CLI reports its
// message as a scenario-file error before calling this.
[[nodiscard]] RunResult run_simulation(const Scenario& scenario, std::uint64_t seed,
                                       const std::vector<reports::FactSink*>& sinks,
                                       EngineOptions options = {});

}  // namespace holocron::sim
