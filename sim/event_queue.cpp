#include "sim/event_queue.hpp"

#include <algorithm>
#include <bit>
#include <utility>

#include "core/assert.hpp"

namespace holocron::sim {

namespace {
// The heap for events past the calendar's window is 4-ary: shallower than a
// binary heap, and the four children of a node share a cache line or two.
constexpr std::size_t kArity = 4;
}  // namespace

std::size_t EventQueue::calendar_buckets_for(std::uint64_t node_count) {
  constexpr std::uint64_t kBucketsPerNode = 16;
  const std::uint64_t wanted = node_count >= kCalendarBucketsMax / kBucketsPerNode
                                   ? kCalendarBucketsMax
                                   : node_count * kBucketsPerNode;
  return std::clamp<std::size_t>(std::bit_ceil(static_cast<std::size_t>(wanted)),
                                 kCalendarBucketsMin, kCalendarBucketsMax);
}

EventQueue::EventQueue(std::uint64_t events_in_flight_max, std::size_t calendar_buckets)
    : bucket_count_(calendar_buckets),
      calendar_(calendar_buckets),
      occupied_(calendar_buckets / 64, 0),
      events_in_flight_max_(events_in_flight_max) {
  HOLO_ASSERT(events_in_flight_max > 0);
  HOLO_ASSERT(std::has_single_bit(calendar_buckets));
  HOLO_ASSERT(calendar_buckets >= kCalendarBucketsMin);
  HOLO_ASSERT(calendar_buckets <= kCalendarBucketsMax);
}

bool EventQueue::push(Nanos time_ns, std::uint32_t kind, std::uint32_t node,
                      std::uint64_t payload) {
  if (size_ >= events_in_flight_max_) {
    overflowed_ = true;
    return false;
  }
  const Nanos at_ns = time_ns < now_ns_ ? now_ns_ : time_ns;
  const QueuedEvent event{at_ns, next_sequence_++, payload, node, kind};
  // The window never starts after the current time's bucket, so every new
  // event is at or after the window's start.
  HOLO_ASSERT(bucket_of(at_ns) >= window_start_bucket_);
  if (in_window(bucket_of(at_ns))) {
    calendar_insert(event);
  } else {
    heap_push(event);
  }
  next_located_ = false;
  ++size_;
  if (size_ > high_water_) high_water_ = size_;
  return true;
}

QueuedEvent EventQueue::pop() {
  HOLO_ASSERT(size_ > 0);
  if (!next_located_) locate_next();
  QueuedEvent top;
  if (next_from_heap_) {
    top = heap_pop();
  } else {
    std::vector<QueuedEvent>& bucket = calendar_[next_bucket_ & (bucket_count_ - 1)];
    HOLO_ASSERT(next_index_ < bucket.size());
    top = bucket[next_index_];
    // Order within a bucket does not matter (the minimum is searched), so the
    // hole is filled with the bucket's last event.
    bucket[next_index_] = bucket.back();
    bucket.pop_back();
    if (bucket.empty()) {
      const std::size_t ring_index = next_bucket_ & (bucket_count_ - 1);
      occupied_[ring_index / 64] &= ~(std::uint64_t{1} << (ring_index % 64));
    }
    --calendar_size_;
  }
  HOLO_ASSERT(top.time_ns >= now_ns_);
  --size_;
  next_located_ = false;
  now_ns_ = top.time_ns;
  // The window starts at the current time's bucket: every later push is at
  // or after it, and every calendar event (none is earlier than now) stays
  // inside it. Heap events that the moved window now covers join the
  // calendar, so that any calendar event is earlier than any heap event.
  window_start_bucket_ = bucket_of(now_ns_);
  while (!heap_.empty() && in_window(bucket_of(heap_.front().time_ns))) {
    calendar_insert(heap_pop());
  }
  return top;
}

Nanos EventQueue::next_time_ns() {
  HOLO_ASSERT(size_ > 0);
  if (!next_located_) locate_next();
  if (next_from_heap_) return heap_.front().time_ns;
  return calendar_[next_bucket_ & (bucket_count_ - 1)][next_index_].time_ns;
}

void EventQueue::calendar_insert(const QueuedEvent& event) {
  const std::size_t ring_index = bucket_of(event.time_ns) & (bucket_count_ - 1);
  calendar_[ring_index].push_back(event);
  occupied_[ring_index / 64] |= std::uint64_t{1} << (ring_index % 64);
  ++calendar_size_;
}

void EventQueue::locate_next() {
  HOLO_ASSERT(size_ > 0);
  next_located_ = true;
  if (calendar_size_ == 0) {
    // Everything is past the window: the heap's top is the earliest.
    HOLO_ASSERT(!heap_.empty());
    next_from_heap_ = true;
    return;
  }
  next_from_heap_ = false;
  next_bucket_ = first_occupied_bucket();
  const std::vector<QueuedEvent>& bucket = calendar_[next_bucket_ & (bucket_count_ - 1)];
  HOLO_ASSERT(!bucket.empty());
  std::size_t best = 0;
  for (std::size_t index = 1; index < bucket.size(); ++index) {
    if (earlier(bucket[index], bucket[best])) best = index;
  }
  next_index_ = best;
}

std::uint64_t EventQueue::first_occupied_bucket() const {
  HOLO_ASSERT(calendar_size_ > 0);
  const std::size_t start = window_start_bucket_ & (bucket_count_ - 1);
  // Scan the bitmap from the window's start around the ring, a word at a time.
  std::size_t word = start / 64;
  std::uint64_t bits = occupied_[word] & (~std::uint64_t{0} << (start % 64));
  for (std::size_t step = 0; step <= occupied_.size(); ++step) {
    if (bits != 0) {
      const std::size_t ring_index = word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
      const std::size_t distance = (ring_index + bucket_count_ - start) & (bucket_count_ - 1);
      return window_start_bucket_ + distance;
    }
    word = word + 1 == occupied_.size() ? 0 : word + 1;
    bits = occupied_[word];
  }
  HOLO_UNREACHABLE("event queue: calendar_size_ > 0 but no bucket is marked");
}

void EventQueue::heap_push(const QueuedEvent& event) {
  heap_.push_back(event);
  sift_up(heap_.size() - 1);
}

QueuedEvent EventQueue::heap_pop() {
  HOLO_ASSERT(!heap_.empty());
  const QueuedEvent top = heap_.front();
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
  return top;
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
