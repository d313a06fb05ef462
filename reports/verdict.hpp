// What the checkers conclude: the properties they check (S1..S7 safety, L1 and
// L2 liveness, as issue 8 names them), each violation with the first instant
// it happened and the nodes and epochs involved, and the verdict of a run.
// These values go into the trace footer and every report, so they are plain
// data with stable names.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/elector.hpp"
#include "core/time.hpp"
#include "reports/facts.hpp"

namespace holocron::reports {

enum class Property : std::uint8_t {
  kS1,  // at most one winner per epoch in the store's true commit history
  kS2,  // no node acts as leader of an epoch the store did not give it
  kS3,  // the highest epoch a node has seen never decreases (GC, restarts)
  kS4,  // the fenced resource never accepts a token lower than one it accepted
  kS5,  // no two nodes act as leader at one true instant (within assumptions)
  kS6,  // only an epoch's owner changes or resigns its lock object
  kS7,  // the newest epoch object is never deleted; a recreated key never acts
  kL1,  // after the last fault heals, a leader within the liveness bound
  kL2,  // with no faults, stable's leader changes tend to zero
};
inline constexpr std::size_t kPropertyCount = 9;
inline constexpr std::array<Property, kPropertyCount> kAllProperties = {
    Property::kS1, Property::kS2, Property::kS3, Property::kS4, Property::kS5,
    Property::kS6, Property::kS7, Property::kL1, Property::kL2};

// "S1" ... "L2".
[[nodiscard]] std::string_view property_name(Property property);
// One line saying what the property is, for reports.
[[nodiscard]] std::string_view property_title(Property property);
[[nodiscard]] std::optional<Property> parse_property_name(std::string_view name);
[[nodiscard]] constexpr std::size_t property_index(Property property) {
  return static_cast<std::size_t>(property);
}

struct Violation {
  Property property = Property::kS1;
  Nanos first_ns = 0;  // the first true instant at which it happened
  std::vector<NodeIndex> nodes;
  std::vector<Epoch> epochs;
  std::string message;
  // S5 only: the overlap happened while the run was outside the algorithm's
  // assumptions. Reported, but it does not fail the run.
  bool outside_assumptions = false;
  std::string assumption;  // when outside: which assumption broke, where and when
};

struct PropertyResult {
  Property property = Property::kS1;
  bool enabled = true;
  std::uint64_t violations = 0;           // count, including those not stored
  std::uint64_t outside_assumptions = 0;  // S5 findings outside the assumptions
  // Things worth knowing that are not violations, e.g. S5 "fencing held: a
  // node that no longer acted tried to write with a stale token and was
  // rejected", or L1 "inconclusive: the run ended before the bound".
  std::uint64_t notes = 0;
  std::string note;  // the first note, in words
};

// The start of a note that says a property could not be judged in this run
// (L1: the run ended before the bound elapsed without a leader).
inline constexpr std::string_view kInconclusiveNotePrefix = "inconclusive:";
// A property with no violation that could not be judged: shown as
// "inconclusive", not as held, though it does not fail the run.
[[nodiscard]] inline bool inconclusive(const PropertyResult& result) {
  return result.enabled && result.violations == 0 && result.notes > 0 &&
         result.note.starts_with(kInconclusiveNotePrefix);
}

struct Verdict {
  // True when no enabled property has a violation (findings outside the
  // assumptions do not count against it).
  bool passed = true;
  std::array<PropertyResult, kPropertyCount> properties{};
  // The first violations of each property (at most a per-property limit),
  // then sorted by (first_ns, property) so the order does not depend on which
  // checker ran first.
  std::vector<Violation> violations;
  std::uint64_t violations_not_stored = 0;
};

// Sorts violations by (first_ns, property, nodes, epochs, message) and sets
// `passed` from the per-property counts.
void finalize_verdict(Verdict& verdict);

}  // namespace holocron::reports
