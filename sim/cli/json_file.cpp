#include "sim/cli/json_file.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "sim/cli/scenario_error.hpp"

namespace holocron::cli {
namespace {

struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};

TextPosition position_of(std::string_view text, std::size_t byte_offset) {
  TextPosition position;
  const std::size_t end = std::min(byte_offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

// Finds the first place where arrays and objects nest deeper than the limit,
// skipping brackets inside strings. Runs before the real parser so that the
// parser never sees absurdly deep input.
void check_nesting_depth(std::string_view text, const std::string& origin) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
      if (depth > kMaxJsonNestingDepth) {
        const TextPosition at = position_of(text, i);
        throw ScenarioError(origin, "",
                            fmt::format("line {}, column {}: JSON nested more than {} levels deep; "
                                        "expected a scenario object a few levels deep",
                                        at.line, at.column, kMaxJsonNestingDepth));
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& origin) {
  HOLO_ASSERT(!origin.empty());
  if (is_blank(text)) {
    throw ScenarioError(origin, "", "the file is empty; expected a JSON object");
  }
  check_nesting_depth(text, origin);

  // nlohmann/json keeps the last of two equal keys silently; a scenario file
  // with a key twice is almost always a copy-paste mistake, so reject it.
  std::vector<std::set<std::string>> keys_per_object;
  std::string duplicate_key;
  const auto detect_duplicates = [&](int /*depth*/, nlohmann::json::parse_event_t event,
                                     nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) {
      keys_per_object.emplace_back();
    } else if (event == Event::object_end) {
      if (!keys_per_object.empty()) keys_per_object.pop_back();
    } else if (event == Event::key && !keys_per_object.empty() && duplicate_key.empty()) {
      const auto key = parsed.get<std::string>();
      if (!keys_per_object.back().insert(key).second) duplicate_key = key;
    }
    return true;
  };

  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.begin(), text.end(), detect_duplicates);
  } catch (const nlohmann::json::parse_error& error) {
    const TextPosition at = position_of(text, error.byte == 0 ? 0 : error.byte - 1);
    // nlohmann's message starts with "[json.exception.parse_error.101] parse
    // error at line 1, column 2: "; keep only the part after the position.
    std::string detail = error.what();
    const auto colon = detail.find(": ", detail.find("column"));
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
    throw ScenarioError(
        origin, "",
        fmt::format("line {}, column {}: not valid JSON ({})", at.line, at.column, detail));
  } catch (const nlohmann::json::out_of_range& error) {
    // A number such as 1e999 is valid JSON text but does not fit a double;
    // nlohmann reports it as out_of_range (406), which is bad input, not an
    // internal error.
    std::string detail = error.what();
    const auto bracket = detail.find("] ");
    if (bracket != std::string::npos) detail = detail.substr(bracket + 2);
    throw ScenarioError(
        origin, "",
        fmt::format("a number is out of range ({}); expected numbers that fit a double", detail));
  }
  if (!duplicate_key.empty()) {
    throw ScenarioError(origin, "",
                        fmt::format("the key \"{}\" appears twice in one object; expected each "
                                    "key at most once",
                                    duplicate_key));
  }
  return document;
}

void check_readable_file(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    throw ScenarioError(path, "", "no such file; expected the path of a readable file");
  }
  if (std::filesystem::is_directory(status)) {
    throw ScenarioError(path, "", "is a directory; expected a file");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw ScenarioError(path, "", "is not a regular file; expected a file");
  }
}

std::string read_text_file(const std::string& path, std::size_t max_bytes) {
  HOLO_ASSERT(max_bytes > 0);
  check_readable_file(path);
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) throw ScenarioError(path, "", "cannot read its size: " + error.message());
  if (size > max_bytes) {
    throw ScenarioError(path, "",
                        fmt::format("is {} bytes; expected at most {} bytes", size, max_bytes));
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw ScenarioError(path, "", "cannot be opened for reading");
  std::ostringstream contents;
  contents << stream.rdbuf();
  if (stream.bad()) throw ScenarioError(path, "", "could not be read completely");
  return contents.str();
}

nlohmann::json read_json_file(const std::string& path) {
  HOLO_ASSERT(!path.empty());
  return parse_json_text(read_text_file(path, kMaxJsonFileBytes), path);
}

}  // namespace holocron::cli
