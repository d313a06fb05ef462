#include "reports/json_writer.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/json_span_writer.hpp"

namespace holocron::reports {
namespace {

// Appends the decimal digits of `number` (see write_decimal_digits).
void append_decimal(std::string& out, std::uint64_t number) {
  char digits[kDecimalDigitsMax];
  const char* const end = write_decimal_digits(digits, number);
  out.append(digits, static_cast<std::size_t>(end - digits));
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.resize(start + json_string_room_bytes(text));
  const char* const end = write_json_string(out.data() + start, text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void JsonWriter::separator() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ == 0) return;
  if (!first_[static_cast<std::size_t>(depth_)]) out_.push_back(',');
  first_[static_cast<std::size_t>(depth_)] = false;
}

void JsonWriter::begin_object() {
  separator();
  HOLO_ASSERT(depth_ + 1 < kDepthMax);
  out_.push_back('{');
  ++depth_;
  first_[static_cast<std::size_t>(depth_)] = true;
}

void JsonWriter::end_object() {
  HOLO_ASSERT(depth_ > 0);
  HOLO_ASSERT(!after_key_);
  out_.push_back('}');
  --depth_;
}

void JsonWriter::begin_array() {
  separator();
  HOLO_ASSERT(depth_ + 1 < kDepthMax);
  out_.push_back('[');
  ++depth_;
  first_[static_cast<std::size_t>(depth_)] = true;
}

void JsonWriter::end_array() {
  HOLO_ASSERT(depth_ > 0);
  HOLO_ASSERT(!after_key_);
  out_.push_back(']');
  --depth_;
}

void JsonWriter::key(std::string_view name) {
  HOLO_ASSERT(depth_ > 0);
  HOLO_ASSERT(!after_key_);
  // Keys are identifiers chosen by our own code (documented in the header),
  // so they are written without escaping: they are most of the strings. The
  // separator, quotes and colon go out in one append with the name (a
  // trace record has dozens of keys, and each append checks capacity).
  bool& first = first_[static_cast<std::size_t>(depth_)];
  const bool comma = !first;
  first = false;
  char buffer[kKeyBytesMax + 4];
  if (name.size() > kKeyBytesMax) {
    if (comma) out_.push_back(',');
    out_.push_back('"');
    out_.append(name);
    out_ += "\":";
  } else {
    char* write = buffer;
    if (comma) *write++ = ',';
    *write++ = '"';
    for (const char c : name) *write++ = c;
    *write++ = '"';
    *write++ = ':';
    out_.append(buffer, static_cast<std::size_t>(write - buffer));
  }
  after_key_ = true;
}

void JsonWriter::value(std::string_view text) {
  separator();
  append_json_string(out_, text);
}

void JsonWriter::value(std::int64_t number) {
  separator();
  if (number < 0) {
    out_.push_back('-');
    // Negate in unsigned arithmetic: -INT64_MIN does not fit in int64.
    append_decimal(out_, 0 - static_cast<std::uint64_t>(number));
    return;
  }
  append_decimal(out_, static_cast<std::uint64_t>(number));
}

void JsonWriter::value(std::uint64_t number) {
  separator();
  append_decimal(out_, number);
}

void JsonWriter::value(bool flag) {
  separator();
  out_ += flag ? "true" : "false";
}

void JsonWriter::null() {
  separator();
  out_ += "null";
}

void JsonWriter::fixed(double number, int decimals) {
  HOLO_ASSERT(decimals >= 0);
  HOLO_ASSERT(decimals <= 9);
  if (!std::isfinite(number)) {
    null();
    return;
  }
  separator();
  const std::size_t start = out_.size();
  fmt::format_to(std::back_inserter(out_), "{:.{}f}", number, decimals);
  // A small negative value rounds to "-0.000"; drop the sign so that equal
  // text always means an equal rounded value.
  if (out_[start] == '-' && out_.find_first_not_of("0.", start + 1) == std::string::npos) {
    out_.erase(start, 1);
  }
}

void JsonWriter::raw(std::string_view json) {
  separator();
  out_.append(json);
}

}  // namespace holocron::reports
