// splitmix64 for the tests' random cases: a fixed generator with its state in
// one integer, so a failing case reproduces from the seed its test names and
// a test can hand its state to helpers by reference.
#pragma once

#include <cstdint>

namespace holocron::test {

inline std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace holocron::test
