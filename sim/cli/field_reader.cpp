#include "sim/cli/field_reader.hpp"

#include <cmath>
#include <exception>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "sim/cli/suggest.hpp"

namespace holocron::cli {
namespace {

// Error messages quote the offending value; a whole sub-document would bury
// the message, so long values are cut.
constexpr std::size_t kMaxDescribedLength = 60;

const char* type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float:
      return "a number";
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      break;
  }
  return "a value";
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) list += (i + 1 == names.size()) ? " or " : ", ";
    list += "\"" + names[i] + "\"";
  }
  return list;
}

}  // namespace

std::string describe_json(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kMaxDescribedLength) text = text.substr(0, kMaxDescribedLength) + "...";
  if (value.is_object() || value.is_array()) return fmt::format("{} {}", type_name(value), text);
  return text;
}

FieldReader::FieldReader(const nlohmann::json& value, std::string origin, std::string path)
    : object_(&value), origin_(std::move(origin)), path_(std::move(path)) {
  HOLO_ASSERT(!origin_.empty());
  if (!value.is_object()) {
    throw ScenarioError(origin_, path_,
                        fmt::format("expected an object {{...}}, got {}", describe_json(value)));
  }
}

FieldReader::FieldReader(FieldReader&& other) noexcept
    : object_(other.object_),
      origin_(std::move(other.origin_)),
      path_(std::move(other.path_)),
      known_keys_(std::move(other.known_keys_)),
      finished_(other.finished_) {
  // The moved-from reader no longer owns the check.
  other.finished_ = true;
}

FieldReader::~FieldReader() {
  // Every object must be checked for unknown keys; forgetting finish() would
  // let typos fall back to defaults silently. While an exception unwinds, the
  // input was rejected anyway.
  HOLO_ASSERT(finished_ || std::uncaught_exceptions() > 0);
}

std::string FieldReader::path_of(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

void FieldReader::fail(std::string_view key, const std::string& expected) const {
  throw ScenarioError(origin_, path_of(key), expected);
}

void FieldReader::fail_here(const std::string& message) const {
  throw ScenarioError(origin_, path_, message);
}

void FieldReader::fail_got(std::string_view key, const std::string& expected,
                           const nlohmann::json& got) const {
  fail(key, fmt::format("expected {}, got {}", expected, describe_json(got)));
}

bool FieldReader::has(std::string_view key) {
  known_keys_.emplace(key);
  return object_->contains(key);
}

const nlohmann::json* FieldReader::lookup(std::string_view key, bool has_fallback,
                                          const char* expected) {
  HOLO_ASSERT(!finished_);
  known_keys_.emplace(key);
  const auto found = object_->find(key);
  if (found == object_->end()) {
    if (!has_fallback) fail(key, fmt::format("missing; expected {}", expected));
    return nullptr;
  }
  return &*found;
}

std::int64_t FieldReader::integer(std::string_view key, std::optional<std::int64_t> fallback,
                                  std::int64_t min, std::int64_t max) {
  HOLO_ASSERT(min <= max);
  const std::string expected = fmt::format("an integer from {} to {}", min, max);
  const nlohmann::json* value = lookup(key, fallback.has_value(), expected.c_str());
  if (value == nullptr) return *fallback;
  std::int64_t result = 0;
  if (value->is_number_integer() && !value->is_number_unsigned()) {
    result = value->get<std::int64_t>();
  } else if (value->is_number_unsigned()) {
    const auto unsigned_value = value->get<std::uint64_t>();
    if (unsigned_value > static_cast<std::uint64_t>(max)) fail_got(key, expected, *value);
    result = static_cast<std::int64_t>(unsigned_value);
  } else {
    fail_got(key, expected, *value);
  }
  if (result < min || result > max) fail_got(key, expected, *value);
  return result;
}

std::uint64_t FieldReader::unsigned_integer(std::string_view key,
                                            std::optional<std::uint64_t> fallback) {
  const char* expected = "an integer from 0 to 18446744073709551615";
  const nlohmann::json* value = lookup(key, fallback.has_value(), expected);
  if (value == nullptr) return *fallback;
  if (value->is_number_unsigned()) return value->get<std::uint64_t>();
  if (value->is_number_integer() && value->get<std::int64_t>() >= 0) {
    return static_cast<std::uint64_t>(value->get<std::int64_t>());
  }
  fail_got(key, expected, *value);
}

double FieldReader::number(std::string_view key, std::optional<double> fallback, double min,
                           double max) {
  HOLO_ASSERT(min <= max);
  const std::string expected = fmt::format("a number from {} to {}", min, max);
  const nlohmann::json* value = lookup(key, fallback.has_value(), expected.c_str());
  if (value == nullptr) return *fallback;
  if (!value->is_number()) fail_got(key, expected, *value);
  const double result = value->get<double>();
  if (!std::isfinite(result) || result < min || result > max) fail_got(key, expected, *value);
  return result;
}

bool FieldReader::boolean(std::string_view key, std::optional<bool> fallback) {
  const nlohmann::json* value = lookup(key, fallback.has_value(), "true or false");
  if (value == nullptr) return *fallback;
  if (!value->is_boolean()) fail_got(key, "true or false", *value);
  return value->get<bool>();
}

std::string FieldReader::string(std::string_view key, std::optional<std::string> fallback) {
  const std::string expected = fmt::format("a string of at most {} characters", kMaxStringLength);
  const nlohmann::json* value = lookup(key, fallback.has_value(), expected.c_str());
  if (value == nullptr) return *fallback;
  if (!value->is_string()) fail_got(key, expected, *value);
  auto result = value->get<std::string>();
  if (result.size() > kMaxStringLength) fail_got(key, expected, *value);
  return result;
}

Nanos FieldReader::duration(std::string_view key, std::optional<Nanos> fallback, Nanos min,
                            Nanos max) {
  HOLO_ASSERT(min >= 0);
  HOLO_ASSERT(min <= max);
  const std::string expected =
      fmt::format("a duration from {} to {} such as \"250ms\", \"10s\" or \"1h\"",
                  format_duration(min), format_duration(max));
  const nlohmann::json* value = lookup(key, fallback.has_value(), expected.c_str());
  if (value == nullptr) return *fallback;
  if (value->is_number()) {
    // A bare number has no unit; guessing one (seconds? milliseconds?) is
    // exactly the kind of silent mistake the string form exists to prevent.
    fail(key, fmt::format("expected {}, got the number {} without a unit (write e.g. \"{}s\")",
                          expected, describe_json(*value), describe_json(*value)));
  }
  if (!value->is_string()) fail_got(key, expected, *value);
  const auto text = value->get<std::string>();
  const DurationParse parsed = parse_duration(text);
  if (!parsed.value) fail(key, fmt::format("expected {}: {}", expected, parsed.error));
  if (*parsed.value < min || *parsed.value > max) fail_got(key, expected, *value);
  return *parsed.value;
}

Nanos FieldReader::signed_duration(std::string_view key, std::optional<Nanos> fallback, Nanos min,
                                   Nanos max) {
  HOLO_ASSERT(min < 0);
  HOLO_ASSERT(min <= max);
  const std::string expected = fmt::format("a duration from {} to {} such as \"-250ms\" or \"10s\"",
                                           format_duration(min), format_duration(max));
  const nlohmann::json* value = lookup(key, fallback.has_value(), expected.c_str());
  if (value == nullptr) return *fallback;
  if (!value->is_string()) fail_got(key, expected, *value);
  const auto text = value->get<std::string>();
  const bool negative = !text.empty() && text[0] == '-';
  const DurationParse parsed = parse_duration(negative ? text.substr(1) : text);
  if (!parsed.value) fail(key, fmt::format("expected {}: {}", expected, parsed.error));
  const Nanos result = negative ? -*parsed.value : *parsed.value;
  if (result < min || result > max) fail_got(key, expected, *value);
  return result;
}

const nlohmann::json* FieldReader::raw(std::string_view key) {
  return lookup(key, true, "a value");
}

std::optional<std::size_t> FieldReader::choice_of(std::string_view key, bool has_fallback,
                                                  const std::vector<std::string>& names) {
  HOLO_ASSERT(!names.empty());
  const std::string expected = "one of " + quoted_list(names);
  const nlohmann::json* value = lookup(key, has_fallback, expected.c_str());
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) fail_got(key, expected, *value);
  const auto text = value->get<std::string>();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return i;
  }
  std::string message = fmt::format("expected {}, got {}", expected, describe_json(*value));
  if (text.size() <= kMaxStringLength) {
    if (const auto suggestion = nearest_name(text, names)) {
      message += fmt::format(" (did you mean \"{}\"?)", *suggestion);
    }
  }
  fail(key, message);
}

FieldReader FieldReader::object(std::string_view key) {
  static const nlohmann::json kEmptyObject = nlohmann::json::object();
  const nlohmann::json* value = lookup(key, true, "an object");
  if (value == nullptr) return FieldReader(kEmptyObject, origin_, path_of(key));
  return FieldReader(*value, origin_, path_of(key));
}

std::vector<FieldReader> FieldReader::objects(std::string_view key, std::size_t max_count) {
  HOLO_ASSERT(max_count > 0);
  const std::string expected = fmt::format("an array of at most {} objects", max_count);
  const nlohmann::json* value = lookup(key, true, expected.c_str());
  std::vector<FieldReader> readers;
  if (value == nullptr) return readers;
  if (!value->is_array()) fail_got(key, expected, *value);
  if (value->size() > max_count) {
    fail(key, fmt::format("expected {}, got {} entries", expected, value->size()));
  }
  readers.reserve(value->size());
  for (std::size_t i = 0; i < value->size(); ++i) {
    readers.emplace_back((*value)[i], origin_, fmt::format("{}[{}]", path_of(key), i));
  }
  return readers;
}

std::vector<std::string> FieldReader::strings(std::string_view key, std::size_t max_count) {
  HOLO_ASSERT(max_count > 0);
  const std::string expected = fmt::format("an array of at most {} strings", max_count);
  const nlohmann::json* value = lookup(key, true, expected.c_str());
  std::vector<std::string> result;
  if (value == nullptr) return result;
  if (!value->is_array()) fail_got(key, expected, *value);
  if (value->size() > max_count) {
    fail(key, fmt::format("expected {}, got {} entries", expected, value->size()));
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const auto& item = (*value)[i];
    if (!item.is_string() || item.get_ref<const std::string&>().size() > kMaxStringLength) {
      throw ScenarioError(origin_, fmt::format("{}[{}]", path_of(key), i),
                          fmt::format("expected a string, got {}", describe_json(item)));
    }
    result.push_back(item.get<std::string>());
  }
  return result;
}

void FieldReader::finish() {
  HOLO_ASSERT(!finished_);
  finished_ = true;
  // nlohmann::json objects iterate in key order, so the first unknown key
  // reported is the same on every run.
  for (const auto& item : object_->items()) {
    if (known_keys_.contains(item.key())) continue;
    const std::vector<std::string> known(known_keys_.begin(), known_keys_.end());
    std::string message = "unknown key";
    if (const auto suggestion = nearest_name(item.key(), known)) {
      message += fmt::format("; did you mean \"{}\"?", *suggestion);
    }
    std::string known_list;
    for (const auto& name : known) known_list += (known_list.empty() ? "" : ", ") + name;
    message += fmt::format(" (expected one of: {})", known_list);
    throw ScenarioError(origin_, path_of(item.key()), message);
  }
}

}  // namespace holocron::cli
