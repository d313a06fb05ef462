// Reading our own JSON files back (traces, run summaries) with errors that say
// where: the file, the line, the field's JSON path and what was expected, as
// in "out/trace.jsonl:12: epoch.acting[0][2]: expected an integer, got "x"".
// Bad input at this edge is an exception (TraceFormatError); everything past
// it works on validated values.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace holocron::reports {

class TraceFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a JSON value came from, for messages.
struct JsonSource {
  std::string file;        // as the user named it
  std::uint64_t line = 0;  // 1-based; 0 when the whole file is one document
};

class FieldReader {
 public:
  FieldReader(const nlohmann::json& value, std::string path, const JsonSource& source)
      : value_(&value), path_(std::move(path)), source_(&source) {}

  // A required member of an object.
  [[nodiscard]] FieldReader at(std::string_view key) const;
  // A member that may be missing or null.
  [[nodiscard]] std::optional<FieldReader> optional(std::string_view key) const;
  // An element of an array (the array must have more than `index` elements).
  [[nodiscard]] FieldReader element(std::size_t index) const;
  // The number of elements of an array (fails if it is not an array).
  [[nodiscard]] std::size_t array_size() const;
  // The keys of an object, in file order as nlohmann keeps them (sorted).
  [[nodiscard]] const nlohmann::json& object() const;

  [[nodiscard]] std::int64_t int64() const;
  [[nodiscard]] std::uint64_t uint64() const;
  [[nodiscard]] std::uint32_t uint32() const;
  [[nodiscard]] std::string string() const;
  [[nodiscard]] bool boolean() const;
  [[nodiscard]] bool is_null() const { return value_->is_null(); }
  [[nodiscard]] const nlohmann::json& json() const { return *value_; }
  [[nodiscard]] const std::string& path() const { return path_; }

  // Throws TraceFormatError naming the file, line, path and `expected`.
  [[noreturn]] void fail(std::string_view expected) const;

 private:
  const nlohmann::json* value_;
  std::string path_;
  const JsonSource* source_;
};

// "file:line: " (or "file: " when line is 0).
[[nodiscard]] std::string source_prefix(const JsonSource& source);

}  // namespace holocron::reports
