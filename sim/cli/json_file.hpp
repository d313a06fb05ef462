// Reading a JSON document from a file or a string, with the limits and error
// messages a user-facing tool needs: a missing file, a directory, an empty
// file, text that is not JSON (with line and column), duplicate keys, and
// absurd inputs (too large, nested too deeply) all become a ScenarioError that
// names the file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace holocron::cli {

// Scenario files are a few kilobytes; anything this large is a mistake (or a
// trace file passed where a scenario was expected), not a scenario.
inline constexpr std::size_t kMaxJsonFileBytes = 8u << 20;
// Scenario files nest four or five levels; the limit keeps hostile input from
// exhausting the stack of any recursive consumer.
inline constexpr std::size_t kMaxJsonNestingDepth = 64;

// Parses `text` as one JSON document. `origin` names the source in errors.
// Throws ScenarioError.
[[nodiscard]] nlohmann::json parse_json_text(std::string_view text, const std::string& origin);

// Reads and parses the file at `path`. Throws ScenarioError.
[[nodiscard]] nlohmann::json read_json_file(const std::string& path);

// Throws ScenarioError unless `path` names an existing regular file (the
// same messages as read_text_file, for inputs read by other means).
void check_readable_file(const std::string& path);

// Reads a whole file as text (used for traces and scenario files alike).
// Throws ScenarioError when it is missing, a directory, unreadable or larger
// than max_bytes.
[[nodiscard]] std::string read_text_file(const std::string& path, std::size_t max_bytes);

}  // namespace holocron::cli
