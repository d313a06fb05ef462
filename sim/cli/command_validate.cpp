// `holosim validate FILE...`: parse and check each scenario without running
// it; one line per file on stdout, every problem on stderr.
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/json_file.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"

namespace holocron::cli {
namespace {

bool is_json_schema(const nlohmann::json& document) {
  if (!document.is_object()) return false;
  const auto found = document.find("$schema");
  return found != document.end() && found->is_string() &&
         found->get<std::string>().find("json-schema.org") != std::string::npos;
}

}  // namespace

int command_validate(const CommandContext& context, const ValidateOptions& options) {
  int status = kExitPassed;
  // Every file is checked, so one command reports every broken scenario.
  for (const auto& path : options.scenario_paths) {
    try {
      // `holosim validate scenarios/*.json` also meets the JSON Schema for
      // editors; it describes scenarios and is not one.
      if (is_json_schema(read_json_file(path))) {
        context.out << fmt::format("{}: skipped (a JSON Schema, not a scenario)\n", path);
        continue;
      }
      const sim::Scenario scenario = load_scenario(path, options.overrides);
      context.out << fmt::format("{}: ok ({}, {} nodes, {}, sha256:{})\n", path, scenario.name,
                                 scenario.cluster.node_count,
                                 to_string(scenario.cluster.elector.algorithm),
                                 scenario_digest(scenario).substr(0, 16));
    } catch (const ScenarioError& error) {
      context.err << "holosim: " << error.what() << "\n";
      status = kExitBadInput;
    }
  }
  return status;
}

}  // namespace holocron::cli
