// A running 64-bit digest of every event the engine processes: FNV-1a over
// the bytes of (time, kind, node, payload), in processing order. Two runs
// with the same scenario, seed and binary give the same digest, byte for
// byte; any divergence in event order, timing or content changes it. Written
// as 16 lower-case hex digits.
#pragma once

#include <cstdint>
#include <string>

#include "core/time.hpp"

namespace holocron::sim {

class EventDigest {
 public:
  void add(Nanos time_ns, std::uint32_t kind, std::uint32_t node, std::uint64_t payload) {
    add_word(static_cast<std::uint64_t>(time_ns), 8);
    add_word(kind, 4);
    add_word(node, 4);
    add_word(payload, 8);
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
  // Little-endian bytes, whatever the host, so the digest is portable.
  void add_word(std::uint64_t word, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      hash_ ^= (word >> (8 * i)) & 0xff;
      hash_ *= 0x100000001b3ULL;
    }
  }

  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace holocron::sim
