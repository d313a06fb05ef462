// FieldReader: typed, path-aware reading of one JSON object from a scenario
// file. Every getter knows the JSON path of the field it reads
// ("cluster.nodes", "faults.scheduled[2].at") and throws a ScenarioError that
// names the file, that path and what was expected. Every key read is
// remembered, and finish() rejects the keys nobody asked for, suggesting the
// nearest known key, so a typo never silently falls back to a default.
//
// Usage: construct on an object, read each field with a default (or
// kRequired), read children with object()/objects(), then call finish(). The
// destructor asserts that finish() ran, so a parser cannot forget it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "sim/cli/scenario_error.hpp"

namespace holocron::cli {

// Pass as the default of a getter to make the field mandatory.
inline constexpr std::nullopt_t kRequired = std::nullopt;

// Strings in scenario files are names and descriptions; nothing legitimate
// comes near this.
inline constexpr std::size_t kMaxStringLength = 4096;

class FieldReader {
 public:
  // `value` must outlive the reader. Throws unless `value` is an object.
  FieldReader(const nlohmann::json& value, std::string origin, std::string path);
  FieldReader(FieldReader&& other) noexcept;
  FieldReader& operator=(FieldReader&&) = delete;
  FieldReader(const FieldReader&) = delete;
  FieldReader& operator=(const FieldReader&) = delete;
  ~FieldReader();

  // Whether the key is present (and marks it as known).
  [[nodiscard]] bool has(std::string_view key);

  [[nodiscard]] std::int64_t integer(std::string_view key, std::optional<std::int64_t> fallback,
                                     std::int64_t min, std::int64_t max);
  [[nodiscard]] std::uint64_t unsigned_integer(std::string_view key,
                                               std::optional<std::uint64_t> fallback);
  [[nodiscard]] double number(std::string_view key, std::optional<double> fallback, double min,
                              double max);
  [[nodiscard]] bool boolean(std::string_view key, std::optional<bool> fallback);
  [[nodiscard]] std::string string(std::string_view key, std::optional<std::string> fallback);
  // A duration string such as "250ms", "10s", "1h30m" (core/time.hpp).
  [[nodiscard]] Nanos duration(std::string_view key, std::optional<Nanos> fallback, Nanos min,
                               Nanos max);

  // A duration that may be negative ("-500ms"), such as a clock offset.
  [[nodiscard]] Nanos signed_duration(std::string_view key, std::optional<Nanos> fallback,
                                      Nanos min, Nanos max);
  // The raw value at `key` (nullptr when absent), for fields with several
  // accepted forms that the caller decodes itself; it reports problems
  // through fail().
  [[nodiscard]] const nlohmann::json* raw(std::string_view key);

  // One of a fixed set of names, e.g. {{"naive", kNaive}, {"stable", kStable}}.
  template <typename Value>
  [[nodiscard]] Value choice(std::string_view key, std::optional<Value> fallback,
                             std::initializer_list<std::pair<std::string_view, Value>> options) {
    std::vector<std::string> names;
    for (const auto& option : options) names.emplace_back(option.first);
    const auto index = choice_of(key, fallback.has_value(), names);
    if (!index) return *fallback;
    return std::data(options)[*index].second;
  }

  // The index into `names` of the string at `key`; nullopt when the key is
  // absent and has_fallback. Misspelt names get a suggestion.
  [[nodiscard]] std::optional<std::size_t> choice_of(std::string_view key, bool has_fallback,
                                                     const std::vector<std::string>& names);

  // The child object at `key`; a missing key reads as an empty object, so
  // every field inside takes its default.
  [[nodiscard]] FieldReader object(std::string_view key);
  // The array of objects at `key` (missing: empty), at most max_count long.
  [[nodiscard]] std::vector<FieldReader> objects(std::string_view key, std::size_t max_count);
  // The array of strings at `key` (missing: empty), at most max_count long.
  [[nodiscard]] std::vector<std::string> strings(std::string_view key, std::size_t max_count);

  // Rejects any key that no getter asked for. Call once, after all getters.
  void finish();

  // Throws a ScenarioError for `key` saying what was expected.
  [[noreturn]] void fail(std::string_view key, const std::string& expected) const;
  // Throws a ScenarioError about this object as a whole (a rule that links
  // several fields, e.g. "renew_deadline must be below lease").
  [[noreturn]] void fail_here(const std::string& message) const;

  [[nodiscard]] std::string path_of(std::string_view key) const;
  [[nodiscard]] const std::string& origin() const { return origin_; }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  // Returns the value at key (marking it known) or nullptr when absent; a
  // missing required key throws.
  const nlohmann::json* lookup(std::string_view key, bool has_fallback, const char* expected);
  [[noreturn]] void fail_got(std::string_view key, const std::string& expected,
                             const nlohmann::json& got) const;

  const nlohmann::json* object_;
  std::string origin_;
  std::string path_;
  std::set<std::string, std::less<>> known_keys_;
  bool finished_ = false;
};

// A short, single-line rendering of a JSON value for error messages.
[[nodiscard]] std::string describe_json(const nlohmann::json& value);

}  // namespace holocron::cli
