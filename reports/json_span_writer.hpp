// A JSON writer for the per-epoch trace line, the one line a run writes
// thousands of times an hour. It writes through a raw pointer into room it
// reserves at the end of a std::string, so a key is one fixed-size copy and a
// number one digit loop, with no capacity check per byte and no separator
// bookkeeping: the caller writes the punctuation as part of literals
// (",\"epoch\":"). JsonWriter stays the writer for everything else, where
// knowing nesting and commas matters more than speed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/assert.hpp"

namespace holocron::reports {

// The most bytes write_decimal_digits writes (UINT64_MAX has 20 digits).
inline constexpr std::size_t kDecimalDigitsMax = 20;

// Writes the decimal digits of `number` at `write` (room for
// kDecimalDigitsMax bytes) and returns the end.
char* write_decimal_digits(char* write, std::uint64_t number);

// The most bytes write_json_string writes for `text`: two quotes and, at
// worst, a six-byte escape (\u00xx or \ufffd) per input byte.
inline std::size_t json_string_room_bytes(std::string_view text) {
  return 2 + 6 * text.size();
}

// Writes `text` as a JSON string literal, quotes included, at `write` (room
// for json_string_room_bytes(text)) and returns the end. Invalid UTF-8 is
// replaced by U+FFFD so that every line we write parses back.
char* write_json_string(char* write, std::string_view text);

// The most bytes put_number writes (a sign and twenty digits).
inline constexpr std::size_t kNumberBytesMax = 1 + kDecimalDigitsMax;

// Writers for JsonSpanWriter::claim's cursor: each writes at `write`, which
// has room for it, and returns the end.
template <std::size_t N>
char* put_literal(char* write, const char (&text)[N]) {
  static_assert(N > 1);
  std::memcpy(write, text, N - 1);
  return write + N - 1;
}
// Text known only at run time (a precomputed key), `text.size()` bytes.
inline char* put_text(char* write, std::string_view text) {
  return std::copy(text.begin(), text.end(), write);
}
// At most kNumberBytesMax bytes. A single digit is written here (see
// JsonSpanWriter::number).
inline char* put_number(char* write, std::uint64_t value) {
  if (value < 10) {
    *write = static_cast<char>('0' + value);
    return write + 1;
  }
  return write_decimal_digits(write, value);
}
inline char* put_number(char* write, std::int64_t value) {
  if (value >= 0) return put_number(write, static_cast<std::uint64_t>(value));
  *write = '-';
  // Negated in unsigned arithmetic: -INT64_MIN does not fit in int64.
  return write_decimal_digits(write + 1, 0 - static_cast<std::uint64_t>(value));
}
// An integer, or null when absent (at most kNumberBytesMax bytes).
inline char* put_number_or_null(char* write, const std::optional<std::int64_t>& value) {
  if (value.has_value()) return put_number(write, *value);
  return put_literal(write, "null");
}

class JsonSpanWriter {
 public:
  // Appends to `out` from its current end. `out` is longer than the text
  // until finish() trims it, so call finish() before reading `out`.
  explicit JsonSpanWriter(std::string& out);
  // Appends to the text out[0, text_bytes), where `out` is longer than the
  // text and the rest is room of any content (a buffer kept from line to
  // line, so that the room is not zero-filled for every line): finish()
  // sets text_bytes and leaves out's size.
  JsonSpanWriter(std::string& out, std::size_t& text_bytes);
  JsonSpanWriter(const JsonSpanWriter&) = delete;
  JsonSpanWriter& operator=(const JsonSpanWriter&) = delete;
  ~JsonSpanWriter();

  // Text that is already JSON (punctuation, keys with their quotes), given
  // as a string literal so that its length is a compile-time constant.
  template <std::size_t N>
  void literal(const char (&text)[N]) {
    static_assert(N > 1);
    room(N - 1);
    std::memcpy(write_, text, N - 1);
    write_ += N - 1;
  }
  // A single digit is written here, in line: about a third of a trace line's
  // numbers are counts of 0 to 9 (most of an epoch's operation tally, its
  // fenced writes, the renewals of an epoch nobody renewed), and the call
  // and the digit counting of write_decimal_digits were most of their cost.
  void number(std::uint64_t value) {
    room(kDecimalDigitsMax);
    if (value < 10) {
      *write_++ = static_cast<char>('0' + value);
      return;
    }
    write_ = write_decimal_digits(write_, value);
  }
  void number(std::int64_t value) {
    if (value >= 0) {
      number(static_cast<std::uint64_t>(value));
      return;
    }
    negative_number(value);
  }
  // An integer, or null when absent.
  void number_or_null(const std::optional<std::int64_t>& value) {
    if (value.has_value()) {
      number(*value);
    } else {
      literal("null");
    }
  }
  void string(std::string_view text) {
    room(json_string_room_bytes(text));
    write_ = write_json_string(write_, text);
  }
  // Text that is already JSON, of a length known only at run time (a string
  // written once by write_json_string and kept).
  void raw(std::string_view text) {
    room(text.size());
    std::memcpy(write_, text.data(), text.size());
    write_ += text.size();
  }
  // A run of fields with one room check: claim room for at most `bytes`,
  // write through the returned cursor with the put_ functions below, and
  // hand its end to commit(). The epoch line's fixed parts are written so:
  // a check, a pointer kept in memory and a call per field were about a
  // third of the line's cost.
  [[nodiscard]] char* claim(std::size_t bytes) {
    room(bytes);
    claimed_end_ = write_ + bytes;
    return write_;
  }
  void commit(char* end) {
    HOLO_ASSERT(end >= write_);
    HOLO_ASSERT(end <= claimed_end_);  // within what was claimed
    write_ = end;
  }
  // Trims `out` to the text written; nothing may be written after it.
  void finish();

 private:
  void room(std::size_t bytes) {
    if (static_cast<std::size_t>(end_ - write_) < bytes) grow(bytes);
  }
  void grow(std::size_t bytes);
  void negative_number(std::int64_t value);

  std::string& out_;
  std::size_t* text_bytes_ = nullptr;  // the second constructor's text length
  char* write_ = nullptr;
  char* end_ = nullptr;
  char* claimed_end_ = nullptr;  // the last claim's end, for commit's check
  bool finished_ = false;
};

}  // namespace holocron::reports
