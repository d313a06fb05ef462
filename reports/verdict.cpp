#include "reports/verdict.hpp"

#include <algorithm>
#include <tuple>

#include "core/assert.hpp"

namespace holocron::reports {

std::string_view property_name(Property property) {
  switch (property) {
    case Property::kS1:
      return "S1";
    case Property::kS2:
      return "S2";
    case Property::kS3:
      return "S3";
    case Property::kS4:
      return "S4";
    case Property::kS5:
      return "S5";
    case Property::kS6:
      return "S6";
    case Property::kS7:
      return "S7";
    case Property::kL1:
      return "L1";
    case Property::kL2:
      return "L2";
  }
  HOLO_UNREACHABLE("unknown Property");
}

std::string_view property_title(Property property) {
  switch (property) {
    case Property::kS1:
      return "at most one winner per epoch in the store's commit history";
    case Property::kS2:
      return "no node acts as leader of an epoch the store did not give it";
    case Property::kS3:
      return "the highest epoch a node has seen never decreases";
    case Property::kS4:
      return "the fenced resource never accepts a lower token";
    case Property::kS5:
      return "no two nodes act as leader at the same instant";
    case Property::kS6:
      return "only an epoch's owner changes its lock object";
    case Property::kS7:
      return "the newest epoch object is never deleted; recreated keys never act";
    case Property::kL1:
      return "a leader within the bound after the last fault heals";
    case Property::kL2:
      return "with no faults, stable's leader changes tend to zero";
  }
  HOLO_UNREACHABLE("unknown Property");
}

std::optional<Property> parse_property_name(std::string_view name) {
  for (Property property : kAllProperties) {
    if (property_name(property) == name) return property;
  }
  return std::nullopt;
}

void finalize_verdict(Verdict& verdict) {
  std::sort(verdict.violations.begin(), verdict.violations.end(),
            [](const Violation& a, const Violation& b) {
              return std::tie(a.first_ns, a.property, a.nodes, a.epochs, a.message) <
                     std::tie(b.first_ns, b.property, b.nodes, b.epochs, b.message);
            });
  verdict.passed = true;
  for (const PropertyResult& result : verdict.properties) {
    if (result.enabled && result.violations > 0) verdict.passed = false;
  }
}

}  // namespace holocron::reports
