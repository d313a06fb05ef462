// The libFuzzer entry point of one fuzz target. meson.build compiles this file
// once per target with HOLO_FUZZ_TARGET set to the target's function
// (fuzz_scenario, fuzz_codecs or fuzz_elector; see fuzz_targets.hpp).
#include <cstddef>
#include <cstdint>
#include <span>

#include "tests/fuzz/fuzz_targets.hpp"

#ifndef HOLO_FUZZ_TARGET
#error "HOLO_FUZZ_TARGET must name the target function"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // An exception escaping here (InvariantViolation or anything the code
  // under test threw) ends in std::terminate, which libFuzzer reports as a
  // crash and saves the input: that is how a finding is recorded.
  holocron::fuzz::HOLO_FUZZ_TARGET(std::span<const std::uint8_t>(data, size));
  return 0;
}
