#include "core/json_text.hpp"

namespace holocron {
namespace {

// The short escape nlohmann's dump() writes for `c`, or 0 when it writes
// \u00xx (other control characters) or the byte itself.
char short_escape(char c) {
  switch (c) {
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    default:
      return 0;
  }
}

bool is_plain(unsigned char byte) {
  return byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\';
}

// Writes `text` as a JSON string; with `escape_high` false, stops at the first
// byte of 0x80 or above and returns false with `out` as it was.
bool append_escaped(std::string& out, std::string_view text, bool escape_high) {
  constexpr char kHex[] = "0123456789abcdef";
  // Written through a pointer into room for the worst case (six bytes per
  // input byte, plus the quotes), then trimmed: ETags and lock bodies always
  // hold quotes that need escaping, and appending piece by piece was a
  // visible share of a naive round.
  const std::size_t start = out.size();
  out.resize(start + 2 + 6 * text.size());
  char* write = out.data() + start;
  *write++ = '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_plain(byte)) {
      *write++ = c;
      continue;
    }
    if (byte >= 0x80 && !escape_high) {
      out.resize(start);
      return false;
    }
    *write++ = '\\';
    const char short_form = short_escape(c);
    if (short_form != 0) {
      *write++ = short_form;
      continue;
    }
    *write++ = 'u';
    *write++ = '0';
    *write++ = '0';
    *write++ = kHex[byte >> 4];
    *write++ = kHex[byte & 0xf];
  }
  *write++ = '"';
  const auto written = static_cast<std::size_t>(write - out.data());
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

bool append_json_string_ascii(std::string& out, std::string_view text) {
  return append_escaped(out, text, false);
}

bool CanonicalJsonReader::unsigned_integer(std::uint64_t& out) {
  HOLO_ASSERT(position_ <= text_.size());
  if (position_ >= text_.size() || !is_digit(text_[position_])) return false;
  std::uint64_t value = 0;
  std::size_t at = position_;
  if (text_[at] == '0') {
    ++at;
  } else {
    while (at < text_.size() && is_digit(text_[at])) {
      const auto digit = static_cast<std::uint64_t>(text_[at] - '0');
      // nlohmann reads an integer above UINT64_MAX as a double.
      if (value > (UINT64_MAX - digit) / 10) return false;
      value = value * 10 + digit;
      ++at;
    }
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
  const std::size_t start = position_;
  if (!next_is('"')) return false;
  out.clear();
  while (position_ < text_.size()) {
    // Copy the longest run of plain bytes at once.
    std::size_t run_end = position_;
    while (run_end < text_.size() && is_plain(static_cast<unsigned char>(text_[run_end]))) {
      ++run_end;
    }
    out.append(text_.substr(position_, run_end - position_));
    position_ = run_end;
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
    out.push_back(escaped);
    position_ += 2;
  }
  position_ = start;
  return false;
}

}  // namespace holocron
