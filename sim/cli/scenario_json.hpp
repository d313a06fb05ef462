// The canonical form of a scenario: the scenario written back in the file
// format with every field present (defaults included), keys sorted, no
// whitespace. Two files that mean the same run (one spelling out a default,
// one leaving it out; "1.5s" versus "1500ms") have the same canonical form and
// so the same digest. The trace header records it, and replay parses it back
// (it is a valid scenario file: parse(canonical(s)) has canonical(s) again).
//
// The seed and the output paths are not part of the canonical form: the seed
// is recorded beside it, and where results are written does not change a run.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/scenario.hpp"

namespace holocron::cli {

// Every field of `scenario` in the scenario-file layout, seed and output
// included (what `holosim shrink` writes).
[[nodiscard]] nlohmann::json scenario_to_json(const sim::Scenario& scenario);

// scenario_to_json without "seed" and "output", dumped compactly.
[[nodiscard]] std::string canonical_scenario_json(const sim::Scenario& scenario);

// The SHA-256 of canonical_scenario_json, as 64 hex digits (reports/sha256.hpp).
[[nodiscard]] std::string scenario_digest(const sim::Scenario& scenario);

// Both at once, from one canonical text. Every run's header carries them; a
// sweep computes them once for all its seeds (building the JSON tree and
// hashing it was about 4% of a five-node seed's instructions).
struct CanonicalScenario {
  std::string json;    // canonical_scenario_json
  std::string digest;  // scenario_digest
};
[[nodiscard]] CanonicalScenario canonical_scenario(const sim::Scenario& scenario);

}  // namespace holocron::cli
