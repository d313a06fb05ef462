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

// Appends the decimal digits of `number`, two at a time from a table: the
// trace writes tens of integers per record, and this is about twice as fast
// as std::to_chars in libstdc++ 12 for the 10- to 13-digit nanosecond values
// that dominate.
void append_decimal(std::string& out, std::uint64_t number) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char buffer[20];
  char* end = buffer + sizeof buffer;
  char* cursor = end;
  while (number >= 100) {
    const auto pair = static_cast<std::size_t>(number % 100) * 2;
    number /= 100;
    *--cursor = kPairs[pair + 1];
    *--cursor = kPairs[pair];
  }
  if (number >= 10) {
    const auto pair = static_cast<std::size_t>(number) * 2;
    *--cursor = kPairs[pair + 1];
    *--cursor = kPairs[pair];
  } else {
    *--cursor = static_cast<char>('0' + number);
  }
  out.append(cursor, static_cast<std::size_t>(end - cursor));
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    // Copy the longest run that needs no escaping in one append: almost every
    // string we write is plain ASCII.
    std::size_t run = i;
    while (run < text.size()) {
      const auto byte = static_cast<unsigned char>(text[run]);
      if (byte < 0x20 || byte >= 0x80 || byte == '"' || byte == '\\') break;
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    const auto byte = static_cast<unsigned char>(text[i]);
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
