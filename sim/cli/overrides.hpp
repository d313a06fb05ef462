// `--set PATH=VALUE` overrides, applied to a scenario's JSON before it is
// parsed, so an override goes through exactly the same validation as the
// file (a misspelt path is reported as an unknown key, with a suggestion).
//
// PATH is a dotted JSON path; array elements are addressed as `list[2]` or
// `list.2`. VALUE is parsed as JSON when it parses (`9`, `true`, `[]`,
// `{"a":1}`, `"x"`), and taken as a plain string otherwise (`stable`, `10s`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace holocron::cli {

// More overrides than this on one command line is a script gone wrong.
inline constexpr std::size_t kMaxOverrides = 256;
// Paths longer than this many segments cannot address any scenario field.
inline constexpr std::size_t kMaxOverridePathSegments = 16;

// Applies one "PATH=VALUE" to `document` (an object), creating missing
// objects along the path. Throws ScenarioError with origin "--set".
void apply_override(nlohmann::json& document, std::string_view assignment);

// Applies each assignment in order (later ones win).
void apply_overrides(nlohmann::json& document, const std::vector<std::string>& assignments);

}  // namespace holocron::cli
