// A reader that turns a fuzzer's input bytes into structured choices, the way
// libFuzzer's FuzzedDataProvider does, but usable with any compiler: the
// corpus-replay tests build it with the normal (GCC) suite, where Clang's
// <fuzzer/FuzzedDataProvider.h> does not exist.
//
// Every read is total: once the bytes run out, reads return zeros (and empty
// strings), so that any input, however short, is a valid program for the
// harness. The same bytes always yield the same choices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace holocron::fuzz {

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> data) : data_(data) {}

  [[nodiscard]] bool empty() const { return offset_ >= data_.size(); }
  [[nodiscard]] std::size_t remaining() const { return empty() ? 0 : data_.size() - offset_; }

  std::uint8_t byte() { return empty() ? 0 : data_[offset_++]; }
  bool boolean() { return (byte() & 1) != 0; }

  // An integer built from up to eight bytes (little endian), so that a short
  // tail still yields a value and the fuzzer can steer every bit.
  std::uint64_t u64() {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= static_cast<std::uint64_t>(byte()) << (8 * i);
    return value;
  }

  // Uniform-ish in [0, bound); only as many bytes as the bound needs.
  std::uint64_t below(std::uint64_t bound) {
    if (bound <= 1) return 0;
    std::uint64_t value = 0;
    for (std::uint64_t span = bound - 1; span != 0; span >>= 8) value = (value << 8) | byte();
    return value % bound;
  }

  // An element of a fixed table, chosen by one byte.
  template <typename T, std::size_t N>
  const T& pick(const T (&table)[N]) {
    return table[below(N)];
  }

  // A length-prefixed string of at most max_bytes bytes (any byte values).
  std::string string(std::size_t max_bytes) {
    const std::size_t length = static_cast<std::size_t>(below(max_bytes + 1));
    std::string text;
    text.reserve(length);
    for (std::size_t i = 0; i < length && !empty(); ++i) text.push_back(static_cast<char>(byte()));
    return text;
  }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t offset_ = 0;
};

}  // namespace holocron::fuzz
