// The fuzz targets of Holocron, as plain functions: libfuzzer_main.cpp wraps
// one of them in LLVMFuzzerTestOneInput for the libFuzzer binaries (built
// with `-Dfuzz=true` and Clang, see run.sh), and replay_test.cpp runs every
// corpus file through them in the ordinary test suite.
//
// Contract of every target: it returns normally for any input. An outcome the
// target's code is allowed to produce on bad input (a ScenarioError from the
// scenario parser, a decode error value from a codec) is handled inside.
// Anything else is a finding and escapes: an unexpected exception, a broken
// property (thrown as InvariantViolation), or a crash (an always-on
// HOLO_ASSERT, or a sanitizer report in the fuzzing build).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace holocron::fuzz {

// A property that must hold for every input did not. The message says which.
class InvariantViolation : public std::logic_error {
 public:
  explicit InvariantViolation(const std::string& message) : std::logic_error(message) {}
};

// Throws InvariantViolation(message) when `condition` is false.
inline void require(bool condition, const std::string& message) {
  if (!condition) throw InvariantViolation(message);
}

// True when the environment variable HOLO_FUZZ_AVOID lists `finding_id`
// (e.g. HOLO_FUZZ_AVOID=F1,F2). A target then steers around the inputs of
// that known finding (HOSTILE_INPUTS.md), so that a long fuzzing run looks
// for new findings instead of rediscovering it every few seconds. The replay
// tests never set it: the checked-in corpus must pass with nothing avoided.
inline bool avoiding(std::string_view finding_id) {
  static const char* const avoided = std::getenv("HOLO_FUZZ_AVOID");
  if (avoided == nullptr) return false;
  const std::string_view list(avoided);
  for (std::size_t start = 0; start <= list.size();) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    if (list.substr(start, comma - start) == finding_id) return true;
    start = comma + 1;
  }
  return false;
}

// 1. The scenario parser: the input is the text of a scenario file. Only a
//    ScenarioError may come out; a parsed scenario must survive its canonical
//    round trip (parse(canonical(s)) has the same canonical form).
void fuzz_scenario(std::span<const std::uint8_t> input);

// 2. The store-body decoders: the input is an object body, decoded both as a
//    lock record and as a node state. Decoding never throws or crashes, and a
//    decoded value re-encodes to a body that decodes to the same value.
void fuzz_codecs(std::span<const std::uint8_t> input);

// 3. The election core facing an arbitrary store: the input drives an
//    Elector (any algorithm) through start, timers and store responses that
//    may be honest or hostile (see elector_target.cpp for the properties).
void fuzz_elector(std::span<const std::uint8_t> input);

}  // namespace holocron::fuzz
