// Fuzz target 1: the scenario parser, as the holosim CLI uses it.
//
// Input layout: zero or more leading lines "--set PATH=VALUE\n" (the CLI's
// overrides), then the text of a scenario file. The text goes through
// parse_json_text (the file reader's parser, with its depth limit and
// duplicate-key check), the overrides through apply_overrides, and the result
// through parse_scenario, exactly as load_scenario does for a file.
//
// Expected outcomes: a Scenario, or a ScenarioError. Anything else escaping is
// a finding. A parsed scenario must also survive its canonical round trip
// (sim/cli/scenario_json.hpp promises parse(canonical(s)) has canonical(s)
// again), so canonicalising must not throw and must be accepted by the parser.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cli/json_file.hpp"
#include "sim/cli/overrides.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "tests/fuzz/fuzz_targets.hpp"

namespace holocron::fuzz {
namespace {

using cli::canonical_scenario_json;
using cli::parse_json_text;
using cli::parse_scenario;
using cli::scenario_digest;

constexpr std::string_view kSetPrefix = "--set ";
constexpr std::string_view kOrigin = "fuzz.json";
// More leading override lines than this are read as part of the document.
constexpr std::size_t kOverrideLinesMax = 300;

// Splits the leading "--set " lines off `text`.
std::vector<std::string> take_overrides(std::string_view& text) {
  std::vector<std::string> overrides;
  while (text.starts_with(kSetPrefix) && overrides.size() < kOverrideLinesMax) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    const std::string_view assignment = line.substr(kSetPrefix.size());
    // F10: an override that is not UTF-8 reaches the canonical form and
    // makes it throw; steer clear when asked.
    const bool ascii = std::all_of(assignment.begin(), assignment.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii || !avoiding("F10")) overrides.emplace_back(assignment);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return overrides;
}

// The round trip that replay and the trace header rely on.
void check_canonical_round_trip(const sim::Scenario& scenario) {
  std::string canonical;
  try {
    canonical = canonical_scenario_json(scenario);
    (void)scenario_digest(scenario);
  } catch (const std::exception& error) {
    throw InvariantViolation(std::string("canonical form of a parsed scenario threw: ") +
                             error.what());
  }
  try {
    const auto reparsed = parse_scenario(parse_json_text(canonical, "<canonical>"), "<canonical>");
    require(canonical_scenario_json(reparsed) == canonical,
            "the canonical form does not parse back to itself: " + canonical);
  } catch (const cli::ScenarioError& error) {
    throw InvariantViolation(std::string("the canonical form of a parsed scenario is rejected: ") +
                             error.what() + "\n  canonical: " + canonical);
  }
}

}  // namespace

void fuzz_scenario(std::span<const std::uint8_t> input) {
  std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  const std::vector<std::string> overrides = take_overrides(text);
  sim::Scenario scenario;
  try {
    nlohmann::json document = cli::parse_json_text(text, std::string(kOrigin));
    if (overrides.empty()) {
      scenario = cli::parse_scenario(document, std::string(kOrigin));
    } else {
      if (!document.is_object()) (void)cli::parse_scenario(document, std::string(kOrigin));
      cli::apply_overrides(document, overrides);
      scenario = cli::parse_scenario(document, std::string(kOrigin) + " (with --set)");
    }
  } catch (const nlohmann::json::out_of_range& error) {
    // F7: a number too large for a double escapes parse_json_text.
    if (!avoiding("F7")) throw;
    return;
  } catch (const cli::ScenarioError& error) {
    // The expected outcome for bad input; its message must name the origin.
    const std::string message = error.what();
    require(message.starts_with(kOrigin) || message.starts_with("--set"),
            "a ScenarioError that does not name its origin: " + message);
    return;
  }
  check_canonical_round_trip(scenario);
}

}  // namespace holocron::fuzz
