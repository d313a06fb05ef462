// Shared plumbing of the checkers: node names and the capped violation log.
#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/checkers.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {

Checker::Checker(Property property, const CheckerOptions& options)
    : property_(property), options_(options), stored_max_(options.violations_stored_max) {}

void Checker::on_header(const RunHeader& header) {
  header_ = header;
  // The canonical scenario can be large and no checker needs it.
  header_.scenario_json.clear();
  node_count_ = header.node_names.size();
}

void Checker::record(Violation violation) {
  HOLO_ASSERT(violation.property == property_);
  HOLO_ASSERT(will_store());
  if (violation.outside_assumptions) {
    ++outside_count_;
  } else {
    ++violation_count_;
  }
  stored_.push_back(std::move(violation));
}

void Checker::count_unstored(bool outside_assumptions) {
  HOLO_ASSERT(!will_store());
  if (outside_assumptions) {
    ++outside_count_;
  } else {
    ++violation_count_;
  }
}

bool Checker::will_store_else_count() {
  if (will_store()) return true;
  count_unstored(false);
  return false;
}

Violation Checker::new_violation(Nanos first_ns) const {
  Violation violation;
  violation.property = property_;
  violation.first_ns = first_ns;
  return violation;
}

void Checker::note(std::string text) {
  if (note_count_ == 0) first_note_ = std::move(text);
  ++note_count_;
}

std::string Checker::node_label(NodeIndex node) const {
  if (node == kNoNode) return "the store";
  if (node < header_.node_names.size()) return header_.node_names[node];
  return fmt::format("node#{}", node);
}

void Checker::contribute(Verdict& verdict) const {
  PropertyResult& result = verdict.properties[property_index(property_)];
  result.property = property_;
  result.enabled = true;
  result.violations = violation_count_;
  result.outside_assumptions = outside_count_;
  result.notes = note_count_;
  result.note = first_note_;
  verdict.violations.insert(verdict.violations.end(), stored_.begin(), stored_.end());
  const std::uint64_t stored = stored_.size();
  HOLO_ASSERT(violation_count_ + outside_count_ >= stored);
  verdict.violations_not_stored += violation_count_ + outside_count_ - stored;
}

}  // namespace holocron::reports
