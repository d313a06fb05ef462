#include "sim/cli/overrides.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "sim/cli/field_reader.hpp"
#include "sim/cli/scenario_error.hpp"

namespace holocron::cli {
namespace {

constexpr const char* kOrigin = "--set";

struct PathSegment {
  std::string key;        // an object key, when !is_index
  std::size_t index = 0;  // an array index, when is_index
  bool is_index = false;
};

bool all_digits(std::string_view text) {
  return !text.empty() && text.size() <= 9 &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::vector<PathSegment> split_path(std::string_view path, std::string_view assignment) {
  std::vector<PathSegment> segments;
  const auto bad = [&](const std::string& why) {
    throw ScenarioError(kOrigin, std::string(path),
                        fmt::format("{} in \"{}\"; expected PATH=VALUE with a dotted path such as "
                                    "cluster.nodes=9 or faults.scheduled[0].at=30s",
                                    why, assignment));
  };
  std::size_t pos = 0;
  while (pos <= path.size()) {
    const std::size_t dot = path.find('.', pos);
    std::string_view part = path.substr(pos, dot == std::string_view::npos ? path.npos : dot - pos);
    // Split "name[1][2]" into "name", 1, 2.
    const std::size_t bracket = part.find('[');
    const std::string_view name = part.substr(0, bracket);
    if (!name.empty()) {
      if (all_digits(name)) {
        segments.push_back({"", static_cast<std::size_t>(std::stoul(std::string(name))), true});
      } else {
        segments.push_back({std::string(name), 0, false});
      }
    } else if (bracket == std::string_view::npos) {
      bad("an empty path segment");
    }
    if (bracket != std::string_view::npos) {
      std::string_view rest = part.substr(bracket);
      while (!rest.empty()) {
        const std::size_t close = rest.find(']');
        if (rest[0] != '[' || close == std::string_view::npos) bad("an unbalanced [ ]");
        const std::string_view digits = rest.substr(1, close - 1);
        if (!all_digits(digits)) bad("an array index that is not a number");
        segments.push_back({"", static_cast<std::size_t>(std::stoul(std::string(digits))), true});
        rest = rest.substr(close + 1);
      }
    }
    if (segments.size() > kMaxOverridePathSegments) bad("too many path segments");
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return segments;
}

// Scenario files are checked for UTF-8 by the JSON parser; a command-line
// value is raw bytes from the shell and must be checked here, before it
// becomes a JSON string that cannot be written back out.
bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

nlohmann::json parse_value(std::string_view text) {
  // A value that is valid JSON is taken as JSON (numbers, booleans, arrays);
  // anything else is a string, so `--set cluster.algorithm=stable` needs no
  // shell-escaped quotes.
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (value.is_discarded()) return nlohmann::json(std::string(text));
  return value;
}

}  // namespace

void apply_override(nlohmann::json& document, std::string_view assignment) {
  HOLO_ASSERT(document.is_object());
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw ScenarioError(kOrigin, "",
                        fmt::format("\"{}\" is not an assignment; expected PATH=VALUE such as "
                                    "cluster.nodes=9",
                                    assignment));
  }
  const std::string_view path = assignment.substr(0, equals);
  if (!is_valid_utf8(assignment)) {
    throw ScenarioError(kOrigin, is_valid_utf8(path) ? std::string(path) : std::string(),
                        "the assignment is not valid UTF-8; expected PATH=VALUE as UTF-8 text");
  }
  const std::vector<PathSegment> segments = split_path(path, assignment);
  HOLO_ASSERT(!segments.empty());

  nlohmann::json* node = &document;
  std::string walked;
  for (const PathSegment& segment : segments) {
    if (segment.is_index) {
      if (!node->is_array()) {
        throw ScenarioError(kOrigin, walked.empty() ? std::string(path) : walked,
                            fmt::format("is {}, not an array; cannot apply index [{}] from \"{}\"",
                                        node->is_null() ? "missing" : describe_json(*node),
                                        segment.index, assignment));
      }
      if (segment.index >= node->size()) {
        throw ScenarioError(kOrigin, walked,
                            fmt::format("has {} elements; expected an index below that, got [{}]",
                                        node->size(), segment.index));
      }
      walked += fmt::format("[{}]", segment.index);
      node = &(*node)[segment.index];
    } else {
      if (node->is_null()) *node = nlohmann::json::object();
      if (!node->is_object()) {
        throw ScenarioError(kOrigin, walked,
                            fmt::format("is {}, not an object; cannot set \"{}\" inside it",
                                        describe_json(*node), segment.key));
      }
      walked += (walked.empty() ? "" : ".") + segment.key;
      node = &(*node)[segment.key];
    }
  }
  *node = parse_value(assignment.substr(equals + 1));
}

void apply_overrides(nlohmann::json& document, const std::vector<std::string>& assignments) {
  if (assignments.size() > kMaxOverrides) {
    throw ScenarioError(
        kOrigin, "",
        fmt::format("{} overrides given; expected at most {}", assignments.size(), kMaxOverrides));
  }
  if (!document.is_object()) {
    throw ScenarioError(kOrigin, "", "the scenario is not a JSON object; cannot apply --set");
  }
  for (const auto& assignment : assignments) apply_override(document, assignment);
}

}  // namespace holocron::cli
