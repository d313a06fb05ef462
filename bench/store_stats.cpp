#include "bench/store_stats.hpp"

#include "core/assert.hpp"

namespace holocron::bench {

void StoreStats::on_store_op(const reports::StoreOpFact& fact) {
  const auto op = static_cast<std::size_t>(fact.op);
  const auto status = static_cast<std::size_t>(fact.status);
  HOLO_ASSERT(op < kOps);
  HOLO_ASSERT(status < kStatuses);
  ++by_op_status_[op][status];
}

void StoreStats::on_node_event(const reports::NodeEventFact& fact) {
  HOLO_ASSERT(fact.event != nullptr);
  if (fact.event->kind == EventKind::kAttemptEnded &&
      fact.event->attempt == AttemptOutcome::kStale) {
    ++stale_wins_;
  }
}

void StoreStats::on_object_count(const reports::ObjectCountFact& fact) {
  if (fact.epoch_objects > epoch_objects_max_) epoch_objects_max_ = fact.epoch_objects;
  if (epoch_objects_.size() < kSamplesMax) {
    epoch_objects_.emplace_back(fact.true_ns, fact.epoch_objects);
  }
}

std::string StoreStats::describe() const {
  std::string text;
  for (std::size_t op = 0; op < kOps; ++op) {
    for (std::size_t status = 0; status < kStatuses; ++status) {
      const std::uint64_t count = by_op_status_[op][status];
      if (count == 0) continue;
      text += "  op=" + std::string(to_string(static_cast<OpKind>(op))) +
              " status=" + std::string(to_string(static_cast<Status>(status))) +
              " count=" + std::to_string(count) + "\n";
    }
  }
  text += "  stale_wins=" + std::to_string(stale_wins_) +
          " epoch_objects_max=" + std::to_string(epoch_objects_max_) + "\n  epoch_objects_at=";
  for (const auto& [true_ns, objects] : epoch_objects_) {
    text += format_duration(true_ns) + ":" + std::to_string(objects) + " ";
  }
  text += "\n";
  return text;
}

}  // namespace holocron::bench
