#include "reports/json_read.hpp"

#include <charconv>
#include <iterator>
#include <limits>

#include <fmt/format.h>

namespace holocron::reports {
namespace {

// A short rendering of the offending value for the message.
std::string describe(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  constexpr std::size_t kShownMax = 60;
  if (text.size() > kShownMax) text = text.substr(0, kShownMax) + "...";
  return text;
}

}  // namespace

std::string source_prefix(const JsonSource& source) {
  if (source.line == 0) return source.file + ": ";
  return fmt::format("{}:{}: ", source.file, source.line);
}

void FieldReader::fail(std::string_view expected) const {
  throw TraceFormatError(fmt::format("{}{}: expected {}, got {}", source_prefix(*source_),
                                     path_.empty() ? "(top level)" : path_, expected,
                                     describe(*value_)));
}

namespace {

// The path of member `key` under `path`: "key" at the top level, else
// "path.key". Built with one allocation: a sweep's parent reads a few hundred
// fields of every seed's summary line.
std::string member_path(const std::string& path, std::string_view key) {
  std::string child;
  child.reserve(path.size() + 1 + key.size());
  if (!path.empty()) child.append(path).push_back('.');
  child.append(key);
  return child;
}

}  // namespace

FieldReader FieldReader::at(std::string_view key) const {
  if (!value_->is_object()) fail("an object");
  const auto found = value_->find(key);
  const std::string child = member_path(path_, key);
  if (found == value_->end()) {
    throw TraceFormatError(fmt::format("{}{}: missing (expected this field to be present)",
                                       source_prefix(*source_), child));
  }
  return FieldReader(*found, child, *source_);
}

std::optional<FieldReader> FieldReader::optional(std::string_view key) const {
  if (!value_->is_object()) fail("an object");
  const auto found = value_->find(key);
  if (found == value_->end() || found->is_null()) return std::nullopt;
  return FieldReader(*found, member_path(path_, key), *source_);
}

FieldReader FieldReader::element(std::size_t index) const {
  if (!value_->is_array()) fail("an array");
  if (index >= value_->size()) fail(fmt::format("an array of more than {} elements", index));
  // "path[index]", as fmt::format("{}[{}]", ...) wrote it, without the
  // formatting machinery (it was a fifth of the parse of a summary line).
  char digits[24];
  const auto written = std::to_chars(std::begin(digits), std::end(digits), index);
  std::string child;
  child.reserve(path_.size() + 2 + static_cast<std::size_t>(written.ptr - digits));
  child.append(path_).push_back('[');
  child.append(digits, written.ptr).push_back(']');
  return FieldReader((*value_)[index], std::move(child), *source_);
}

std::size_t FieldReader::array_size() const {
  if (!value_->is_array()) fail("an array");
  return value_->size();
}

const nlohmann::json& FieldReader::object() const {
  if (!value_->is_object()) fail("an object");
  return *value_;
}

std::int64_t FieldReader::int64() const {
  if (value_->is_number_integer()) {
    if (value_->is_number_unsigned() &&
        value_->get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      fail("an integer that fits in 64 signed bits");
    }
    return value_->get<std::int64_t>();
  }
  fail("an integer");
}

std::uint64_t FieldReader::uint64() const {
  if (value_->is_number_unsigned()) return value_->get<std::uint64_t>();
  if (value_->is_number_integer()) fail("a non-negative integer");
  fail("a non-negative integer");
}

std::uint32_t FieldReader::uint32() const {
  const std::uint64_t number = uint64();
  if (number > std::numeric_limits<std::uint32_t>::max()) fail("an integer below 2^32");
  return static_cast<std::uint32_t>(number);
}

std::string FieldReader::string() const {
  if (!value_->is_string()) fail("a string");
  return value_->get<std::string>();
}

bool FieldReader::boolean() const {
  if (!value_->is_boolean()) fail("true or false");
  return value_->get<bool>();
}

}  // namespace holocron::reports
