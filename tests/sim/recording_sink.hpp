// A FactSink for tests that keeps copies of the facts it receives (facts hold
// string views that are valid only during the call).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reports/facts.hpp"

namespace holocron::sim::testing {

struct RecordedActing {
  Nanos true_ns = 0;
  reports::NodeIndex node = 0;
  Epoch epoch = 0;
  bool started = false;
  std::string reason;
};

struct RecordedStoreOp {
  Nanos true_ns = 0;
  reports::NodeIndex node = 0;
  OpKind op = OpKind::kGet;
  std::string key;
  Status status = Status::kOk;
  bool applied = false;
  std::optional<Epoch> epoch;
  std::string owner_after;
  std::string injected;
};

struct RecordedLost {
  Nanos true_ns = 0;
  reports::NodeIndex node = 0;
  std::string cause;
};

class RecordingSink final : public reports::FactSink {
 public:
  [[nodiscard]] reports::FactNeeds needs() const override { return fact_needs; }
  void on_header(const reports::RunHeader& header) override { headers.push_back(header); }
  void on_store_op(const reports::StoreOpFact& fact) override {
    note(fact.true_ns);
    store_log.push_back({false, store_ops.size()});
    store_ops.push_back(RecordedStoreOp{fact.true_ns, fact.node, fact.op, std::string(fact.key),
                                        fact.status, fact.applied, fact.epoch,
                                        std::string(fact.owner_after), std::string(fact.injected)});
  }
  // Not in the time-order check: counts may trail facts about later
  // instants (StoreOpCountsFact).
  void on_store_op_counts(const reports::StoreOpCountsFact& counts) override {
    store_log.push_back({true, store_op_counts.size()});
    store_op_counts.push_back(counts);
  }
  void on_lost_response(const reports::LostResponseFact& fact) override {
    note(fact.true_ns);
    lost.push_back(RecordedLost{fact.true_ns, fact.node, std::string(fact.cause)});
  }
  void on_node_event(const reports::NodeEventFact& fact) override {
    note(fact.true_ns);
    node_events.push_back(*fact.event);
  }
  void on_lifecycle(const reports::LifecycleFact& fact) override {
    note(fact.true_ns);
    lifecycle.push_back(fact);
  }
  void on_acting(const reports::ActingFact& fact) override {
    note(fact.true_ns);
    acting.push_back(RecordedActing{fact.true_ns, fact.node, fact.epoch, fact.started,
                                    std::string(fact.reason)});
  }
  void on_fenced_write(const reports::FencedWriteFact& fact) override {
    note(fact.true_ns);
    fenced_writes.push_back(fact);
  }
  void on_fault(const reports::FaultFact& fact) override {
    note(fact.true_ns);
    faults.push_back(std::string(fact.model) + "/" + std::string(fact.what));
  }
  void on_assumption(const reports::AssumptionFact& fact) override {
    note(fact.true_ns);
    assumptions.push_back(std::string(fact.assumption));
  }
  void on_object_count(const reports::ObjectCountFact& fact) override {
    note(fact.true_ns);
    object_counts.push_back(fact);
  }
  void on_run_end(const reports::RunEnd& end) override {
    store_log.push_back({false, SIZE_MAX});
    run_ends.push_back(end);
  }

  reports::FactNeeds fact_needs;  // what needs() answers: everything unless a test says
  std::vector<reports::RunHeader> headers;
  std::vector<RecordedStoreOp> store_ops;
  std::vector<reports::StoreOpCountsFact> store_op_counts;
  // Store facts and counts in the order received, then the run end (index
  // SIZE_MAX): an index into store_op_counts (counts) or store_ops.
  struct StoreLogEntry {
    bool counts = false;
    std::size_t index = 0;
  };
  std::vector<StoreLogEntry> store_log;
  std::vector<RecordedLost> lost;
  std::vector<Event> node_events;
  std::vector<reports::LifecycleFact> lifecycle;
  std::vector<RecordedActing> acting;
  std::vector<reports::FencedWriteFact> fenced_writes;
  std::vector<std::string> faults;
  std::vector<std::string> assumptions;
  std::vector<reports::ObjectCountFact> object_counts;
  std::vector<reports::RunEnd> run_ends;
  // Facts must arrive in true-time order; this records whether they did.
  bool in_time_order = true;

 private:
  void note(Nanos true_ns) {
    if (true_ns < last_ns_) in_time_order = false;
    last_ns_ = true_ns;
  }
  Nanos last_ns_ = 0;
};

}  // namespace holocron::sim::testing
