// S4: the fenced resource never accepts a token lower than one it accepted.
#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/checkers.hpp"
#include "reports/text_format.hpp"

namespace holocron::reports {

FencingChecker::FencingChecker(const CheckerOptions& options) : Checker(Property::kS4, options) {}

void FencingChecker::on_fenced_write(const FencedWriteFact& fact) {
  if (!fact.accepted) return;
  // The resource's own view (highest_accepted_before) and ours must both
  // hold: ours catches a resource that forgot what it accepted.
  const Epoch highest = std::max(highest_accepted_, fact.highest_accepted_before);
  const bool lower = (any_accepted_ || fact.highest_accepted_before > 0) && fact.token < highest;
  if (fact.token > highest_accepted_ || !any_accepted_) {
    highest_accepted_ = std::max(highest_accepted_, fact.token);
  }
  any_accepted_ = true;
  HOLO_ASSERT(highest_accepted_ >= fact.token);
  if (!lower) return;
  if (!will_store_else_count()) return;
  Violation violation = new_violation(fact.true_ns);
  violation.nodes = {fact.node};
  violation.epochs = {fact.token, highest};
  violation.message = fmt::format(
      "the fenced resource accepted token {} from {} at {} after it had accepted token {}{}",
      fact.token, node_label(fact.node), duration_text(fact.true_ns), highest,
      fact.writer_acting ? "" : " (the writer was no longer acting as leader)");
  record(std::move(violation));
}

}  // namespace holocron::reports
