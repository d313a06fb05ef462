// Building the facts the engine emits, and the run header.
#include <string>

#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "holocron_version.hpp"
#include "sim/engine_impl.hpp"

namespace holocron::sim {

using namespace engine_detail;

namespace {

// The owner decode_lock_record(body) would give, or "" when the body does not
// decode: the canonical scan for what our encoders write, the full decoder
// for the rest. The result views `body` or `fallback_owner`.
std::string_view lock_body_owner(std::string_view body, std::string& fallback_owner) {
  if (const auto owner = scan_lock_owner_canonical(body)) return *owner;
  LockDecode decoded = decode_lock_record(body);
  fallback_owner.clear();
  if (decoded.record) fallback_owner = std::move(decoded.record->owner);
  HOLO_ASSERT(decoded.record.has_value() != fallback_owner.empty());
  return fallback_owner;
}

}  // namespace

// --- facts ------------------------------------------------------------------

void Engine::Impl::emit_store_op_slow(NodeIndex index, const RequestSlot& slot, bool applied,
                                      const InjectedError& injected) {
  const bool countable = !applied && injected.status == Status::kOk;
  if (countable && !counting_store_op_sinks_.empty()) {
    count_store_op(slot);
    if (each_store_op_sinks_.empty()) return;
  }
  emit_store_op_fact(index, slot, applied, injected,
                     countable && !counting_store_op_sinks_.empty());
}

void Engine::Impl::emit_store_op_fact(NodeIndex index, const RequestSlot& slot, bool applied,
                                      const InjectedError& injected, bool counted) {
  const StoreRequest& request = *slot.request;
  reports::StoreOpFact fact;
  fact.true_ns = now_;
  fact.node = index;
  fact.op = request.op;
  fact.condition = request.condition;
  fact.bucket = request.bucket;
  fact.key = request.key;
  fact.status = slot.response.status;
  fact.applied = applied;
  fact.injected = injected.status != Status::kOk ? injected.model : std::string_view{};
  fact.list_keys_returned =
      request.op == OpKind::kList ? static_cast<std::uint32_t>(slot.response.objects.size()) : 0;
  // Holds the owner only when the body needed the full decoder; the fact
  // views it (or the request's body) until every sink has seen it.
  std::string decoded_owner;
  // The sinks that judge and record the history read only committed epochs.
  if ((applied || unapplied_store_op_epochs_) && request.op != OpKind::kList &&
      request.bucket == scenario_.cluster.elector.election_bucket) {
    // Only a sink that reads uncommitted epochs sees runs of one key (every
    // node of a naive round creates the same next key). Commits alternate
    // between a new key and garbage collection's old ones, which the memo
    // never matched: a checked minute paid its compares and copies for no hit.
    fact.epoch =
        unapplied_store_op_epochs_
            ? fact_epoch_keys_.parse(scenario_.cluster.elector.election_prefix, request.key)
            : parse_epoch_key_under(epoch_prefix_, request.key);
    if (fact.epoch && applied && request.op == OpKind::kPut) {
      fact.owner_after = lock_body_owner(request.body, decoded_owner);
    }
  }
  if (counted) {
    for (reports::FactSink* sink : each_store_op_sinks_) sink->on_store_op(fact);
    return;
  }
  emit_store_fact(fact);
}

void Engine::Impl::deliver_store_op_counts() {
  HOLO_ASSERT(store_op_counts_pending());
  for (reports::FactSink* sink : counting_store_op_sinks_) {
    sink->on_store_op_counts(store_op_counts_);
  }
  store_op_counts_ = reports::StoreOpCountsFact{.true_ns = kNoCountsNs};
}

void Engine::Impl::emit_lost(NodeIndex index, const StoreRequest& request, std::string_view cause) {
  ++result_.facts.lost_responses;
  emit([&](reports::FactSink& sink) {
    sink.on_lost_response(reports::LostResponseFact{now_, index, request.op, request.key, cause});
  });
}

void Engine::Impl::emit_lifecycle(NodeIndex index, reports::LifecycleKind kind, Nanos duration_ns) {
  ++result_.facts.lifecycle;
  emit([&](reports::FactSink& sink) {
    sink.on_lifecycle(reports::LifecycleFact{now_, index, kind, duration_ns});
  });
}

void Engine::Impl::emit_fault(NodeIndex index, std::string_view model, std::string_view what,
                              Nanos until_ns) {
  ++result_.facts.faults;
  emit([&](reports::FactSink& sink) {
    sink.on_fault(reports::FaultFact{now_, index, model, what, until_ns});
  });
}

void Engine::Impl::emit_assumption(NodeIndex index, std::string_view assumption,
                                   std::string_view detail) {
  ++result_.facts.assumptions;
  emit([&](reports::FactSink& sink) {
    sink.on_assumption(reports::AssumptionFact{now_, index, assumption, detail});
  });
}

void Engine::Impl::emit_object_count() {
  ++result_.facts.object_counts;
  emit([&](reports::FactSink& sink) {
    sink.on_object_count(
        reports::ObjectCountFact{now_, store_.object_count(), store_.watched_object_count()});
  });
}

reports::RunHeader Engine::Impl::make_header() const {
  reports::RunHeader header;
  header.scenario_name = scenario_.name;
  header.scenario_digest = options_.scenario_digest;
  header.scenario_json = options_.scenario_json;
  header.seed = seed_;
  header.program_version = HOLOCRON_VERSION;
  header.swarm_json = faults_.swarm_json();
  header.algorithm = scenario_.cluster.elector.algorithm;
  header.node_names.reserve(nodes_.size());
  for (const SimNode& node : nodes_) header.node_names.push_back(node.name);
  header.duration_ns = scenario_.duration_ns;
  header.lease_ns = scenario_.cluster.elector.lease_ns;
  header.poll_interval_ns = scenario_.cluster.elector.poll_interval_ns;
  header.liveness_bound_ns = scenario_.checks.liveness_bound_ns;
  return header;
}

}  // namespace holocron::sim
