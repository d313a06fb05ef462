#include "sim/event_queue.hpp"

#include <utility>

#include "core/assert.hpp"

namespace holocron::sim {

namespace {
// A 4-ary heap: shallower than a binary heap, and the four children of a node
// share a cache line or two, which makes pops cheaper for the queue sizes a
// large cluster produces (one timer and a few requests per node).
constexpr std::size_t kArity = 4;
}  // namespace

EventQueue::EventQueue(std::uint64_t events_in_flight_max)
    : events_in_flight_max_(events_in_flight_max) {
  HOLO_ASSERT(events_in_flight_max > 0);
}

bool EventQueue::push(Nanos time_ns, std::uint32_t kind, std::uint32_t node,
                      std::uint64_t payload) {
  if (heap_.size() >= events_in_flight_max_) {
    overflowed_ = true;
    return false;
  }
  const Nanos at_ns = time_ns < now_ns_ ? now_ns_ : time_ns;
  heap_.push_back(QueuedEvent{at_ns, next_sequence_++, payload, node, kind});
  sift_up(heap_.size() - 1);
  if (heap_.size() > high_water_) high_water_ = heap_.size();
  return true;
}

QueuedEvent EventQueue::pop() {
  HOLO_ASSERT(!heap_.empty());
  const QueuedEvent top = heap_.front();
  HOLO_ASSERT(top.time_ns >= now_ns_);
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
  now_ns_ = top.time_ns;
  return top;
}

Nanos EventQueue::next_time_ns() const {
  HOLO_ASSERT(!heap_.empty());
  return heap_.front().time_ns;
}

void EventQueue::sift_up(std::size_t index) {
  const QueuedEvent moving = heap_[index];
  while (index > 0) {
    const std::size_t parent = (index - 1) / kArity;
    if (!earlier(moving, heap_[parent])) break;
    heap_[index] = heap_[parent];
    index = parent;
  }
  heap_[index] = moving;
}

void EventQueue::sift_down(std::size_t index) {
  const std::size_t count = heap_.size();
  const QueuedEvent moving = heap_[index];
  while (true) {
    const std::size_t first_child = index * kArity + 1;
    if (first_child >= count) break;
    std::size_t best = first_child;
    const std::size_t last_child = first_child + kArity < count ? first_child + kArity : count;
    for (std::size_t child = first_child + 1; child < last_child; ++child) {
      if (earlier(heap_[child], heap_[best])) best = child;
    }
    if (!earlier(heap_[best], moving)) break;
    heap_[index] = heap_[best];
    index = best;
  }
  heap_[index] = moving;
}

}  // namespace holocron::sim
