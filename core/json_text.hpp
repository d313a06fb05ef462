// Hand-written JSON text for the core's two fixed schemas, the lock record
// (core/lock_record.hpp) and the node state (core/node_state.hpp).
//
// Why by hand: a follower decodes every new lock version it reads and every
// node re-encodes its state on every heartbeat, and nlohmann/json's DOM (a
// std::map node and a string per key) made those two codecs about two thirds
// of a simulated seed's instructions. nlohmann stays the reference: the
// writers here produce its dump() byte for byte, and the reader accepts only
// a canonical subset of JSON (what our own encoders write) on which
// nlohmann's parse gives the same values. Anything outside that subset is
// reported as "not canonical", and the caller falls back to nlohmann, so an
// unusual body costs time, never a different decision.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>

#include "core/assert.hpp"

namespace holocron {

// Appends the decimal digits of `value`, as nlohmann's dump() writes integers.
template <typename Integer>
void append_json_number(std::string& out, Integer value) {
  char digits[24];
  const auto result = std::to_chars(std::begin(digits), std::end(digits), value);
  HOLO_ASSERT(result.ec == std::errc());
  out.append(digits, result.ptr);
}

// The most bytes write_decimal writes (UINT64_MAX has 20 digits).
inline constexpr std::size_t kDecimalBytesMax = 20;

// Writes the decimal digits of `value` at `write`, which has room for
// kDecimalBytesMax bytes, and returns the end: append_json_number for a
// caller that writes a whole document into one buffer.
inline char* write_decimal(char* write, std::uint64_t value) {
  const auto result = std::to_chars(write, write + kDecimalBytesMax, value);
  HOLO_ASSERT(result.ec == std::errc());
  return result.ptr;
}

// The most bytes a JSON string of `text` takes: two quotes and, at worst, a
// six-byte \u00xx escape per input byte.
inline std::size_t json_string_room(std::string_view text) {
  return 2 + 6 * text.size();
}

// Appends `text` as a JSON string the way nlohmann's dump() writes ASCII text:
// quotes, backslashes and control characters escaped (\b \f \n \r \t, the
// rest as \u00xx in lower-case hex), everything else from 0x20 to 0x7f as is.
// Bytes of 0x80 and above are escaped as \u00xx too (nlohmann would copy valid
// UTF-8 and replace invalid bytes): the lock record's choice, so that a hostile
// non-UTF-8 ETag still gives valid JSON.
void append_json_string_escaping_high(std::string& out, std::string_view text);

// The same for text that is pure ASCII; false, with `out` unchanged, when
// `text` holds a byte of 0x80 or above (the caller then lets nlohmann write
// it, which handles UTF-8 and its replacement characters).
[[nodiscard]] bool append_json_string_ascii(std::string& out, std::string_view text);

// How many bytes append_json_string_escaping_high writes for `text`, quotes
// excluded (append_json_string_ascii writes as many for ASCII text): counted,
// not written, for a caller that only needs to know where a piece of an
// escaped text ends.
[[nodiscard]] std::size_t json_string_escaped_bytes(std::string_view text);

// append_json_string_escaping_high written at `write`, which has room for
// json_string_room(text) bytes; returns the end.
char* write_json_string_escaping_high(char* write, std::string_view text);

// Reads the canonical subset of JSON that our encoders write: no whitespace,
// fixed key order (matched as literals by the caller), integers without sign
// (or with '-' where signed), leading zeros, fraction or exponent, and strings
// of printable ASCII with the short escapes (\" \\ \/ \b \f \n \r \t). Each
// read returns false when the text at the cursor is outside that subset (a
// \u escape, a byte of 0x80 and above, a control character, an integer out of
// range, whitespace): the caller must then decode the whole body with
// nlohmann instead, so false means "not canonical", never "invalid".
class CanonicalJsonReader {
 public:
  explicit CanonicalJsonReader(std::string_view text) : text_(text) {}

  // Consumes `expected` exactly (punctuation, keys, fixed values).
  [[nodiscard, gnu::always_inline]] bool literal(std::string_view expected) {
    HOLO_ASSERT(position_ <= text_.size());
    // A comparison of exactly expected.size() bytes: with the literal's size
    // known where this is inlined, the compiler compares in a few loads
    // instead of calling memcmp (substr's shortened length hid the size).
    if (text_.size() - position_ < expected.size()) return false;
    if (std::memcmp(text_.data() + position_, expected.data(), expected.size()) != 0) return false;
    position_ += expected.size();
    return true;
  }
  // True (and consumed) when the next byte is `expected`.
  [[nodiscard]] bool next_is(char expected) {
    if (position_ >= text_.size() || text_[position_] != expected) return false;
    ++position_;
    return true;
  }
  [[nodiscard]] bool at_end() const { return position_ == text_.size(); }

  // An integer of 0 to UINT64_MAX: "0" or a digit 1-9 and more digits.
  [[nodiscard]] bool unsigned_integer(std::uint64_t& out);
  // An integer of INT64_MIN to INT64_MAX, with an optional leading '-'
  // ("-0" is 0, as nlohmann reads it).
  [[nodiscard]] bool signed_integer(std::int64_t& out);
  // A string (with its quotes), decoded into `out`.
  [[nodiscard]] bool string(std::string& out);
  // The same string checked but not kept: what string() accepts, with no copy.
  [[nodiscard]] bool skip_string();
  // A string without escapes, as a view of the text between its quotes. A
  // canonical string with an escape gives false too (its decoded text is not
  // in the input), so false here means "read it with string() instead".
  [[nodiscard]] bool unescaped_string(std::string_view& out);

 private:
  // string(), skip_string() and unescaped_string() in one loop: decodes into
  // `*out` when it is not null, and counts the escapes in `escapes`.
  [[nodiscard]] bool read_string(std::string* out, std::size_t& escapes);

  std::string_view text_;
  std::size_t position_ = 0;
};

}  // namespace holocron
