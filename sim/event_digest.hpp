// A running 64-bit digest of every event the engine processes, over
// (time, kind, node, payload) in processing order. Two runs with the same
// scenario, seed and binary give the same digest, byte for byte; any
// divergence in event order, timing or content changes it. Written as 16
// lower-case hex digits.
//
// It mixes three 64-bit words per event (a multiply by an odd constant and a
// xor-shift each), computed with integer arithmetic only, so the value does
// not depend on the host's byte order. Byte-wise FNV-1a, used before, was a
// chain of 24 dependent multiplies per event: a visible share of a large run.
#pragma once

#include <cstdint>
#include <string>

#include "core/time.hpp"

namespace holocron::sim {

class EventDigest {
 public:
  void add(Nanos time_ns, std::uint32_t kind, std::uint32_t node, std::uint64_t payload) {
    add_word(static_cast<std::uint64_t>(time_ns));
    add_word((static_cast<std::uint64_t>(kind) << 32) | node);
    add_word(payload);
  }
  [[nodiscard]] std::uint64_t value() const { return hash_; }
  [[nodiscard]] std::string hex() const {
    static constexpr char kHexDigits[] = "0123456789abcdef";
    std::string text(16, '0');
    for (int i = 15, shift = 0; i >= 0; --i, shift += 4) {
      text[static_cast<std::size_t>(i)] = kHexDigits[(hash_ >> shift) & 0xf];
    }
    return text;
  }

 private:
  void add_word(std::uint64_t word) {
    hash_ = (hash_ ^ word) * 0x9E3779B97F4A7C15ULL;  // the 64-bit golden ratio, odd
    hash_ ^= hash_ >> 29;
  }

  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace holocron::sim
