// The exact command that reproduces a run: the program as it was invoked, the
// scenario file as it was given, the seed and every --set override, each
// quoted for a POSIX shell so that copying the line into a terminal runs the
// same simulation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace holocron::cli {

// `text` as one POSIX shell word: unchanged when it is made only of safe
// characters, otherwise in single quotes (with embedded quotes escaped).
[[nodiscard]] std::string shell_quote(std::string_view text);

// "<program> run <scenario> --seed <seed> [--set <assignment>]..."
[[nodiscard]] std::string repro_command(const std::string& program,
                                        const std::string& scenario_path, std::uint64_t seed,
                                        const std::vector<std::string>& overrides);

}  // namespace holocron::cli
