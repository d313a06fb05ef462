#include "sim/simulation.hpp"

#include <utility>

#include "core/assert.hpp"

namespace holocron::sim {

RunResult run_simulation(const Scenario& scenario, std::uint64_t seed,
                         const std::vector<reports::FactSink*>& sinks, EngineOptions options) {
  HOLO_ASSERT(!validate_scenario(scenario).has_value());
  Engine engine(scenario, seed, sinks, std::move(options));
  return engine.run();
}

}  // namespace holocron::sim
