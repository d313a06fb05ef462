#include "core/json_text.hpp"

#include <array>

namespace holocron {
namespace {

// For every byte, what nlohmann's dump() writes for it inside a string: 0
// for the byte itself, the letter of a short escape (\" \\ \b \f \n \r \t),
// or 'u' for \u00xx (other control characters; bytes of 0x80 and above,
// which only the lock record's writer lets through).
constexpr std::array<char, 256> kEscapes = [] {
  std::array<char, 256> escapes{};
  for (std::size_t byte = 0; byte < 0x20; ++byte) escapes[byte] = 'u';
  for (std::size_t byte = 0x80; byte < 0x100; ++byte) escapes[byte] = 'u';
  escapes['"'] = '"';
  escapes['\\'] = '\\';
  escapes['\b'] = 'b';
  escapes['\f'] = 'f';
  escapes['\n'] = 'n';
  escapes['\r'] = 'r';
  escapes['\t'] = 't';
  return escapes;
}();

// True when JSON text holds `c` as is inside a string, both as we write it
// and as we read it back (printable ASCII and DEL, except the quote and the
// backslash).
bool is_plain(char c) {
  return kEscapes[static_cast<unsigned char>(c)] == 0;
}

// The length of the run of plain bytes at the start of `text`.
std::size_t plain_run(std::string_view text) {
  std::size_t length = 0;
  while (length < text.size() && is_plain(text[length])) ++length;
  return length;
}

// Writes `text` as a JSON string at `write`, which has room for
// json_string_room(text) bytes, and returns the end; with `escape_high`
// false, returns nullptr at the first byte of 0x80 or above.
char* write_escaped(char* write, std::string_view text, bool escape_high) {
  constexpr char kHex[] = "0123456789abcdef";
  *write++ = '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const char escape = kEscapes[byte];
    if (escape == 0) {
      *write++ = c;
      continue;
    }
    if (byte >= 0x80 && !escape_high) return nullptr;
    *write++ = '\\';
    *write++ = escape;
    if (escape != 'u') continue;
    *write++ = '0';
    *write++ = '0';
    *write++ = kHex[byte >> 4];
    *write++ = kHex[byte & 0xf];
  }
  *write++ = '"';
  return write;
}

// Writes `text` as a JSON string; with `escape_high` false, stops at the first
// byte of 0x80 or above and returns false with `out` as it was.
bool append_escaped(std::string& out, std::string_view text, bool escape_high) {
  // Written through a pointer into room for the worst case, then trimmed:
  // ETags and lock bodies always hold quotes that need escaping, and
  // appending piece by piece was a visible share of a naive round.
  const std::size_t start = out.size();
  out.resize(start + json_string_room(text));
  const char* end = write_escaped(out.data() + start, text, escape_high);
  if (end == nullptr) {
    out.resize(start);
    return false;
  }
  const auto written = static_cast<std::size_t>(end - out.data());
  HOLO_ASSERT(written <= out.size());
  out.resize(written);
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The escaped byte for a short escape that nlohmann reads (\" \\ \/ \b \f \n
// \r \t), or 0 for anything else (\u and invalid escapes).
char unescape(char c) {
  switch (c) {
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '/':
      return '/';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    default:
      return 0;
  }
}

}  // namespace

void append_json_string_escaping_high(std::string& out, std::string_view text) {
  const bool written = append_escaped(out, text, true);
  HOLO_ASSERT(written);
}

std::size_t json_string_escaped_bytes(std::string_view text) {
  std::size_t bytes = text.size();
  for (const char c : text) {
    const char escape = kEscapes[static_cast<unsigned char>(c)];
    // A short escape adds the backslash; \u00xx adds five bytes.
    if (escape != 0) bytes += escape == 'u' ? 5 : 1;
  }
  return bytes;
}

bool append_json_string_ascii(std::string& out, std::string_view text) {
  return append_escaped(out, text, false);
}

char* write_json_string_escaping_high(char* write, std::string_view text) {
  HOLO_ASSERT(write != nullptr);
  char* end = write_escaped(write, text, true);
  HOLO_ASSERT(end != nullptr);
  return end;
}

bool CanonicalJsonReader::unsigned_integer(std::uint64_t& out) {
  HOLO_ASSERT(position_ <= text_.size());
  if (position_ >= text_.size() || !is_digit(text_[position_])) return false;
  std::uint64_t value = 0;
  std::size_t at = position_;
  if (text_[at] == '0') {
    ++at;
  } else {
    // Accumulates with unsigned wrap-around and checks the range once at the
    // end (a check per digit was most of the cost of a heartbeat age).
    while (at < text_.size() && is_digit(text_[at])) {
      value = value * 10 + static_cast<std::uint64_t>(text_[at] - '0');
      ++at;
    }
    // nlohmann reads an integer above UINT64_MAX as a double. Among numbers
    // of 20 digits (no leading zero), text order is numeric order.
    constexpr std::string_view kUint64Max = "18446744073709551615";
    const std::size_t digits = at - position_;
    if (digits > kUint64Max.size()) return false;
    if (digits == kUint64Max.size() && text_.substr(position_, digits) > kUint64Max) return false;
  }
  // A leading zero followed by digits is invalid JSON, and a fraction or an
  // exponent makes nlohmann read a double: neither is canonical.
  if (at < text_.size()) {
    const char next = text_[at];
    if (is_digit(next) || next == '.' || next == 'e' || next == 'E') return false;
  }
  position_ = at;
  out = value;
  HOLO_ASSERT(position_ <= text_.size());
  return true;
}

bool CanonicalJsonReader::signed_integer(std::int64_t& out) {
  const std::size_t start = position_;
  const bool negative = next_is('-');
  std::uint64_t magnitude = 0;
  if (!unsigned_integer(magnitude)) {
    position_ = start;
    return false;
  }
  constexpr auto kMagnitudeMax = static_cast<std::uint64_t>(INT64_MAX);
  if (magnitude > kMagnitudeMax + (negative ? 1 : 0)) {
    position_ = start;
    return false;
  }
  if (!negative) {
    out = static_cast<std::int64_t>(magnitude);
  } else if (magnitude == kMagnitudeMax + 1) {
    out = INT64_MIN;
  } else {
    out = -static_cast<std::int64_t>(magnitude);
  }
  HOLO_ASSERT(position_ > start);
  return true;
}

bool CanonicalJsonReader::string(std::string& out) {
  std::size_t escapes = 0;
  return read_string(&out, escapes);
}

bool CanonicalJsonReader::skip_string() {
  std::size_t escapes = 0;
  return read_string(nullptr, escapes);
}

bool CanonicalJsonReader::unescaped_string(std::string_view& out) {
  const std::size_t start = position_;
  std::size_t escapes = 0;
  if (!read_string(nullptr, escapes)) return false;
  if (escapes != 0) {
    position_ = start;
    return false;
  }
  HOLO_ASSERT(position_ >= start + 2);
  out = text_.substr(start + 1, position_ - start - 2);
  return true;
}

bool CanonicalJsonReader::read_string(std::string* out, std::size_t& escapes) {
  const std::size_t start = position_;
  if (!next_is('"')) return false;
  if (out != nullptr) out->clear();
  while (position_ < text_.size()) {
    // Copy the longest run of plain bytes at once.
    const std::size_t run = plain_run(text_.substr(position_));
    if (out != nullptr) out->append(text_.substr(position_, run));
    position_ += run;
    if (position_ >= text_.size()) break;
    const char c = text_[position_];
    if (c == '"') {
      ++position_;
      HOLO_ASSERT(position_ > start);
      return true;
    }
    // A control character (invalid JSON), a byte of 0x80 and above (UTF-8
    // that nlohmann validates) or a \u escape: not canonical.
    if (c != '\\' || position_ + 1 >= text_.size()) break;
    const char escaped = unescape(text_[position_ + 1]);
    if (escaped == 0) break;
    if (out != nullptr) out->push_back(escaped);
    ++escapes;
    position_ += 2;
  }
  position_ = start;
  return false;
}

}  // namespace holocron
