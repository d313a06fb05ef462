#include "reports/json_span_writer.hpp"

#include <algorithm>
#include <array>

namespace holocron::reports {
namespace {

// Room reserved up front: an epoch line without contender lists is about
// 600 bytes, so most lines never grow.
constexpr std::size_t kInitialRoomBytes = 1024;

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

char* write_bytes(char* write, std::string_view bytes) {
  std::memcpy(write, bytes.data(), bytes.size());
  return write + bytes.size();
}

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Callers pass pair < 100 by construction; unchecked, as it runs a few
// hundred thousand times a checked minute.
void write_digit_pair(char* write, std::uint64_t pair) {
  std::memcpy(write, kDigitPairs + pair * 2, 2);
}

// The eight decimal digits of `value` (below 10^8), leading zeros included,
// by jeaiii's fixed-point method (github.com/jeaiii/itoa): `fraction` holds
// value / 10^6 with 32 fractional bits, and each multiplication of the
// fraction by 100 brings the next two digits above the point; a pair costs a
// multiplication and a shift where a division by 100 cost about twice that.
// The constant and the +4 are jeaiii's for this width; every value below
// 10^8 was checked to give its digits.
[[gnu::always_inline]] inline void write_eight_digits(char* write, std::uint32_t value) {
  HOLO_ASSERT(value < 100'000'000);
  constexpr std::uint64_t kScale = (std::uint64_t{1} << 51) / 1'000'000 + 2;
  constexpr std::uint64_t kFraction = 0xFFFF'FFFF;
  std::uint64_t fraction = ((kScale * value) >> 19) + 4;
  write_digit_pair(write, fraction >> 32);
  fraction = (fraction & kFraction) * 100;
  write_digit_pair(write + 2, fraction >> 32);
  fraction = (fraction & kFraction) * 100;
  write_digit_pair(write + 4, fraction >> 32);
  fraction = (fraction & kFraction) * 100;
  write_digit_pair(write + 6, fraction >> 32);
}

// One or two digits (value below 100), without a leading zero.
char* write_one_or_two_digits(char* write, std::uint32_t value) {
  if (value < 10) {
    *write = static_cast<char>('0' + value);
    return write + 1;
  }
  write_digit_pair(write, value);
  return write + 2;
}

// The digits of `value` (below 10^8), without leading zeros: one or two
// leading digits, then whole pairs. Each division is by a constant (a
// multiplication and a shift).
[[gnu::always_inline]] inline char* write_below_hundred_million(char* write, std::uint32_t value) {
  if (value < 100) return write_one_or_two_digits(write, value);
  if (value < 10'000) {
    write = write_one_or_two_digits(write, value / 100);
    write_digit_pair(write, value % 100);
    return write + 2;
  }
  if (value < 1'000'000) {
    write = write_one_or_two_digits(write, value / 10'000);
    const std::uint32_t low = value % 10'000;
    write_digit_pair(write, low / 100);
    write_digit_pair(write + 2, low % 100);
    return write + 4;
  }
  write = write_one_or_two_digits(write, value / 1'000'000);
  const std::uint32_t low = value % 1'000'000;
  const std::uint32_t middle = low % 10'000;
  write_digit_pair(write, low / 10'000);
  write_digit_pair(write + 2, middle / 100);
  write_digit_pair(write + 4, middle % 100);
  return write + 6;
}

}  // namespace

// Written from the left in blocks: the digits above the last eight (or
// sixteen) first, by their length class, then whole eight-digit blocks. The
// trace writes tens of integers per record, most of them 10- to 13-digit
// nanosecond values (three to five digits, then a block) and small counts
// (one or two pairs); counting the digits first and writing from the right
// cost about a third more for both.
char* write_decimal_digits(char* write, std::uint64_t number) {
  constexpr std::uint64_t kBlock = 100'000'000;
  if (number < kBlock)
    return write_below_hundred_million(write, static_cast<std::uint32_t>(number));
  const std::uint64_t high = number / kBlock;
  const auto low = static_cast<std::uint32_t>(number % kBlock);
  if (high < kBlock) {
    write = write_below_hundred_million(write, static_cast<std::uint32_t>(high));
  } else {
    // 17 to 20 digits: UINT64_MAX / 10^16 is below 10^4.
    HOLO_ASSERT(high / kBlock < kBlock);
    write = write_below_hundred_million(write, static_cast<std::uint32_t>(high / kBlock));
    write_eight_digits(write, static_cast<std::uint32_t>(high % kBlock));
    write += 8;
  }
  write_eight_digits(write, low);
  return write + 8;
}

char* write_json_string(char* write, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // The bytes that need more than a copy: control characters, bytes of 0x80
  // and above (checked as UTF-8), the quote and the backslash. One table
  // load a byte, where the four comparisons were about nine instructions.
  static constexpr std::array<bool, 256> kNotCopied = [] {
    std::array<bool, 256> special{};
    for (std::size_t byte = 0; byte < 0x20; ++byte) special[byte] = true;
    for (std::size_t byte = 0x80; byte < 0x100; ++byte) special[byte] = true;
    special['"'] = true;
    special['\\'] = true;
    return special;
  }();
  *write++ = '"';
  // Copied byte by byte while checked, up to the first byte that needs more
  // than a copy: the strings of a trace line are short names ("lost",
  // "never_acted") that never do, and a memcpy call for each cost more than
  // the copy.
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    if (kNotCopied[static_cast<unsigned char>(text[i])]) break;
    write[i] = text[i];
  }
  write += i;
  while (i < text.size()) {
    // Copy the longest run that needs no escaping in one piece: almost every
    // string we write is plain ASCII.
    std::size_t run = i;
    while (run < text.size()) {
      const auto byte = static_cast<unsigned char>(text[run]);
      if (byte < 0x20 || byte >= 0x80 || byte == '"' || byte == '\\') break;
      ++run;
    }
    write = write_bytes(write, text.substr(i, run - i));
    i = run;
    if (i == text.size()) break;
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '"':
        write = write_bytes(write, "\\\"");
        ++i;
        continue;
      case '\\':
        write = write_bytes(write, "\\\\");
        ++i;
        continue;
      case '\n':
        write = write_bytes(write, "\\n");
        ++i;
        continue;
      case '\r':
        write = write_bytes(write, "\\r");
        ++i;
        continue;
      case '\t':
        write = write_bytes(write, "\\t");
        ++i;
        continue;
      default:
        break;
    }
    if (byte < 0x20) {
      write = write_bytes(write, "\\u00");
      *write++ = kHex[byte >> 4];
      *write++ = kHex[byte & 0xF];
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      write = write_bytes(write, "\\ufffd");
      ++i;
      continue;
    }
    write = write_bytes(write, text.substr(i, length));
    i += length;
  }
  *write++ = '"';
  return write;
}

JsonSpanWriter::JsonSpanWriter(std::string& out) : out_(out) {
  const std::size_t start = out_.size();
  out_.resize(start + kInitialRoomBytes);
  write_ = out_.data() + start;
  end_ = out_.data() + out_.size();
}

JsonSpanWriter::JsonSpanWriter(std::string& out, std::size_t& text_bytes)
    : out_(out), text_bytes_(&text_bytes) {
  HOLO_ASSERT(text_bytes <= out_.size());
  if (out_.size() - text_bytes < kInitialRoomBytes) out_.resize(text_bytes + kInitialRoomBytes);
  write_ = out_.data() + text_bytes;
  end_ = out_.data() + out_.size();
}

JsonSpanWriter::~JsonSpanWriter() {
  // A writer abandoned by an exception must not leave its unwritten room
  // behind as text.
  if (!finished_) finish();
}

void JsonSpanWriter::negative_number(std::int64_t value) {
  HOLO_ASSERT(value < 0);
  room(1 + kDecimalDigitsMax);
  *write_++ = '-';
  // Negate in unsigned arithmetic: -INT64_MIN does not fit in int64.
  write_ = write_decimal_digits(write_, 0 - static_cast<std::uint64_t>(value));
}

void JsonSpanWriter::grow(std::size_t bytes) {
  HOLO_ASSERT(!finished_);
  const auto used = static_cast<std::size_t>(write_ - out_.data());
  out_.resize(std::max(2 * out_.size(), used + bytes + kInitialRoomBytes));
  write_ = out_.data() + used;
  end_ = out_.data() + out_.size();
  HOLO_ASSERT(static_cast<std::size_t>(end_ - write_) >= bytes);
}

void JsonSpanWriter::finish() {
  HOLO_ASSERT(!finished_);
  const auto text_bytes = static_cast<std::size_t>(write_ - out_.data());
  if (text_bytes_ != nullptr) {
    *text_bytes_ = text_bytes;
  } else {
    out_.resize(text_bytes);
  }
  finished_ = true;
}

}  // namespace holocron::reports
