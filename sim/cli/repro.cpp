#include "sim/cli/repro.hpp"

#include "core/assert.hpp"

namespace holocron::cli {

std::string shell_quote(std::string_view text) {
  constexpr std::string_view kSafe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%";
  if (!text.empty() && text.find_first_not_of(kSafe) == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  quoted += "'";
  return quoted;
}

std::string repro_command(const std::string& program, const std::string& scenario_path,
                          std::uint64_t seed, const std::vector<std::string>& overrides) {
  HOLO_ASSERT(!program.empty());
  HOLO_ASSERT(!scenario_path.empty());
  std::string command = shell_quote(program) + " run " + shell_quote(scenario_path) + " --seed " +
                        std::to_string(seed);
  for (const auto& assignment : overrides) command += " --set " + shell_quote(assignment);
  return command;
}

}  // namespace holocron::cli
