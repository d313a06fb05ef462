// The network between nodes and the store: requests in flight (slots),
// latency, injected errors, lost responses, partitions and timeouts.
#include <utility>

#include "core/assert.hpp"
#include "faultmodels/model_names.hpp"
#include "sim/engine_impl.hpp"

namespace holocron::sim {

using namespace engine_detail;

std::uint32_t Engine::Impl::allocate_slot() {
  if (free_slot_head_ != kNoFreeSlot) {
    const std::uint32_t index = free_slot_head_;
    free_slot_head_ = slots_[index].next_free;
    return index;
  }
  HOLO_ASSERT(slots_.size() < UINT32_MAX);
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void Engine::Impl::keep_request(RequestSlot& slot) {
  HOLO_ASSERT(slot.request != nullptr);
  if (slot.request == &slot.kept) return;
  slot.kept = *slot.request;
  slot.request = &slot.kept;
}

void Engine::Impl::keep_requests_of(NodeIndex index) {
  const std::uint32_t incarnation = nodes_[index].incarnation;
  for (RequestSlot& slot : slots_) {
    if (slot.arrival_pending && slot.node == index && slot.incarnation == incarnation) {
      keep_request(slot);
    }
  }
}

void Engine::Impl::send(NodeIndex index, std::uint32_t slot_index) {
  HOLO_ASSERT(nodes_[index].up);
  RequestSlot& slot = slots_[slot_index];
  HOLO_ASSERT(slot.pending_events == 0);
  slot.node = index;
  slot.incarnation = nodes_[index].incarnation;
  slot.deadline_ns = now_ + scenario_.request_timeout_ns;
  slot.awaiting_node = true;
  slot.timeout_scheduled = false;
  slot.loss_reported = false;
  slot.arrival_pending = false;
  const faultmodels::LatencyDraw latency = faults_.latency(index, slot.request->op, now_);
  slot.response_latency_ns = latency.response_ns;
  const std::uint64_t handle = slot_handle(slot_index, slot.generation);
  const SimNode& node = nodes_[index];
  if (now_ < node.cut_until_ns && now_ < node.requests_cut_until_ns) {
    // Partitioned: the request never reaches the store; the node times out.
    faults_.count(faultmodels::kModelPartitions, "request_dropped");
    emit_lost(index, *slot.request, "request_dropped");
    slot.loss_reported = true;
    slot.timeout_scheduled = true;
    ++slot.pending_events;
    push(slot.deadline_ns, kRequestTimeout, index, handle);
    return;
  }
  const Nanos arrive_ns = now_ + latency.request_ns;
  slot.arrival_pending = true;
  ++slot.pending_events;
  push(arrive_ns, kRequestArrive, index, handle);
  if (arrive_ns >= slot.deadline_ns) {
    slot.timeout_scheduled = true;
    ++slot.pending_events;
    push(slot.deadline_ns, kRequestTimeout, index, handle);
  }
}

void Engine::Impl::on_request_arrive(std::uint32_t slot_index) {
  RequestSlot& slot = slots_[slot_index];
  HOLO_ASSERT(slot.pending_events > 0);
  HOLO_ASSERT(slot.arrival_pending);  // a request dropped on the way never arrives
  slot.arrival_pending = false;
  const NodeIndex index = slot.node;
  const StoreRequest& request = *slot.request;
  const InjectedError injected = faults_.on_arrival(request, now_);
  bool applied = false;
  if (injected.status != Status::kOk) {
    store_.count_rejected(request.op);
    slot.response.status = injected.status;
    slot.response.etag.clear();
    slot.response.body.clear();
    slot.response.objects.clear();
    slot.response.truncated = false;
    faults_.count(injected.model, injected.what);
  } else {
    applied = store_.apply(index, request, slot.response);
  }
  emit_store_op(index, slot, applied, injected);
  const std::uint64_t handle = slot_handle(slot_index, slot.generation);
  if (slot_live(slot)) {
    const SimNode& node = nodes_[index];
    std::string_view lost_cause;
    if (now_ < node.cut_until_ns && now_ < node.responses_cut_until_ns) {
      lost_cause = "partition";
      faults_.count(faultmodels::kModelPartitions, "response_dropped");
    } else if (faults_.lose_response(index, now_)) {
      lost_cause = "lost_response";
      faults_.count(faultmodels::kModelLostResponses, "lost");
    }
    if (!lost_cause.empty()) {
      emit_lost(index, request, lost_cause);
      slot.loss_reported = true;
    }
    const Nanos response_ns = now_ + slot.response_latency_ns;
    if (lost_cause.empty() && response_ns < slot.deadline_ns) {
      ++slot.pending_events;
      push(response_ns, kResponseArrive, index, handle);
    } else if (!slot.timeout_scheduled) {
      slot.timeout_scheduled = true;
      ++slot.pending_events;
      push(slot.deadline_ns, kRequestTimeout, index, handle);
    }
  } else if (slot.awaiting_node) {
    ++result_.responses_discarded;  // its process crashed meanwhile
  }
  unref_slot(slot_index);
}

void Engine::Impl::on_response_arrive(std::uint32_t slot_index) {
  RequestSlot& slot = slots_[slot_index];
  if (!slot_live(slot)) {
    ++result_.responses_discarded;
    unref_slot(slot_index);
    return;
  }
  // A response is scheduled only when it beats the deadline, and then no
  // timeout is.
  HOLO_ASSERT(!slot.timeout_scheduled);
  const NodeIndex index = slot.node;
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.up);
  slot.awaiting_node = false;
  // By reference: the slot keeps the response's buffers for its next use.
  node.elector->handle_response(slot.id, slot.response, local_now(node));
  unref_slot(slot_index);
  drive(index);
}

void Engine::Impl::on_request_timeout(std::uint32_t slot_index) {
  RequestSlot& slot = slots_[slot_index];
  if (!slot_live(slot)) {
    unref_slot(slot_index);
    return;
  }
  HOLO_ASSERT(slot.timeout_scheduled);
  const NodeIndex index = slot.node;
  SimNode& node = nodes_[index];
  HOLO_ASSERT(node.up);
  slot.awaiting_node = false;
  ++result_.requests_timed_out;
  if (!slot.loss_reported) emit_lost(index, *slot.request, "timeout");
  // The store has still to see a request that took longer than the timeout:
  // the core may reuse its entry from this response on.
  if (slot.arrival_pending) keep_request(slot);
  StoreResponse timeout;
  timeout.status = Status::kTimeout;
  node.elector->handle_response(slot.id, std::move(timeout), local_now(node));
  unref_slot(slot_index);
  drive(index);
}

}  // namespace holocron::sim
