// The scenario parser: a scenario file (JSON) into sim::Scenario.
//
// The JSON layout is documented field by field in scenarios/README.md and as
// a JSON Schema in scenarios/schema.json. Every problem is a ScenarioError
// that names the file, the JSON path and what was expected; unknown keys are
// rejected with the nearest known key suggested; the parsed scenario has
// passed sim::validate_scenario (and so the fault models' and the election
// core's own option checks).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario.hpp"

namespace holocron::cli {

// Parses an already-read document. `origin` names it in errors.
[[nodiscard]] sim::Scenario parse_scenario(const nlohmann::json& document,
                                           const std::string& origin);

// Reads `path`, applies the `--set` overrides in order, and parses. Errors
// name the file (and say when overrides were applied).
[[nodiscard]] sim::Scenario load_scenario(const std::string& path,
                                          const std::vector<std::string>& overrides);

// The names accepted in checks.enabled and checks.expected_violations.
[[nodiscard]] const std::vector<std::string>& checker_names();

}  // namespace holocron::cli
