// The project's one pseudo-random generator: xoshiro256** (Blackman and Vigna),
// seeded through SplitMix64. It is specified bit for bit here, so a seed gives
// the same draws on every compiler and standard library (std::mt19937 would,
// but std::uniform_int_distribution and friends would not).
//
// Streams: `Prng::derive(seed, purpose, index)` gives an independent stream per
// (seed, purpose, index) — for example (run seed, "latency", node 7) — so adding
// a node or a fault model does not shift anyone else's draws. The core takes its
// stream through its options and never creates one from a global.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/int128.hpp"

namespace holocron {

class Prng {
 public:
  explicit Prng(std::uint64_t seed) {
    std::uint64_t mix = seed;
    for (auto& word : state_) word = splitmix64(mix);
  }

  // A generator with the given raw state, for checking the algorithm against
  // the published reference outputs. The state must not be all zero.
  static Prng from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3) {
    Prng prng(0);
    prng.state_[0] = s0;
    prng.state_[1] = s1;
    prng.state_[2] = s2;
    prng.state_[3] = s3;
    return prng;
  }

  // A stream identified by (seed, purpose, index); purpose is hashed with
  // FNV-1a so that streams can be named in code instead of numbered.
  static Prng derive(std::uint64_t seed, std::string_view purpose, std::uint64_t index) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : purpose) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    std::uint64_t mix = seed ^ (hash * 0x9e3779b97f4a7c15ULL);
    const std::uint64_t a = splitmix64(mix);
    mix ^= index * 0xd1b54a32d192ed03ULL;
    const std::uint64_t b = splitmix64(mix);
    return Prng(a ^ (b << 1) ^ index);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound) without modulo bias (Lemire's method). bound > 0.
  std::uint64_t below(std::uint64_t bound) {
    if (bound <= 1) return 0;
    Uint128 product = static_cast<Uint128>(next()) * bound;
    auto low = static_cast<std::uint64_t>(product);
    if (low < bound) {
      const std::uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        product = static_cast<Uint128>(next()) * bound;
        low = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64);
  }

  // Uniform in the closed range [low, high]; low <= high.
  std::int64_t between(std::int64_t low, std::int64_t high) {
    if (high <= low) return low;
    const auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
    if (span == UINT64_MAX) return static_cast<std::int64_t>(next());
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + below(span + 1));
  }

  // Uniform in [0, 1) with 53 bits of precision. Only for fault-model shapes;
  // never used to order events.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_[4]{};
};

}  // namespace holocron
