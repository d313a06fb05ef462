#include "reports/json_writer.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "core/assert.hpp"

namespace holocron::reports {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if invalid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  std::uint32_t minimum = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  std::uint32_t code = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
  if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\') {
      out.push_back(static_cast<char>(byte));
      ++i;
      continue;
    }
    switch (byte) {
      case '"':
        out += "\\\"";
        ++i;
        continue;
      case '\\':
        out += "\\\\";
        ++i;
        continue;
      case '\n':
        out += "\\n";
        ++i;
        continue;
      case '\r':
        out += "\\r";
        ++i;
        continue;
      case '\t':
        out += "\\t";
        ++i;
        continue;
      default:
        break;
    }
    if (byte < 0x20) {
      out += "\\u00";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  out.push_back('"');
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
  separator();
  append_json_string(out_, name);
  out_.push_back(':');
  after_key_ = true;
}

void JsonWriter::value(std::string_view text) {
  separator();
  append_json_string(out_, text);
}

void JsonWriter::value(std::int64_t number) {
  separator();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, result.ptr);
}

void JsonWriter::value(std::uint64_t number) {
  separator();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, result.ptr);
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
