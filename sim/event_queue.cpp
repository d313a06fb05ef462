#include "sim/event_queue.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <utility>

#include "core/assert.hpp"

namespace holocron::sim {

namespace {
// The heap for events past the calendar's window is 4-ary: shallower than a
// binary heap, and the four children of a node share a cache line or two.
constexpr std::size_t kArity = 4;
}  // namespace

std::size_t EventQueue::calendar_buckets_for(std::uint64_t node_count) {
  constexpr std::uint64_t kBucketsPerNode = 8;
  const std::uint64_t wanted = node_count >= kCalendarBucketsMax / kBucketsPerNode
                                   ? kCalendarBucketsMax
                                   : node_count * kBucketsPerNode;
  return std::clamp<std::size_t>(std::bit_ceil(static_cast<std::size_t>(wanted)),
                                 kCalendarBucketsMin, kCalendarBucketsMax);
}

EventQueue::EventQueue(std::uint64_t events_in_flight_max, std::size_t calendar_buckets,
                       std::size_t small_events_max)
    : small_mode_(small_events_max > 0),
      small_events_max_(small_events_max),
      bucket_width_shift_(kWindowShift - std::countr_zero(calendar_buckets)),
      bucket_count_(calendar_buckets),
      bucket_head_(calendar_buckets, kNoSlot),
      occupied_(calendar_buckets / 64, 0),
      events_in_flight_max_(events_in_flight_max) {
  HOLO_ASSERT(events_in_flight_max > 0);
  // A slot index must fit in 32 bits with kNoSlot to spare.
  HOLO_ASSERT(events_in_flight_max < kNoSlot);
  HOLO_ASSERT(std::has_single_bit(calendar_buckets));
  HOLO_ASSERT(calendar_buckets >= kCalendarBucketsMin);
  HOLO_ASSERT(calendar_buckets <= kCalendarBucketsMax);
  // The array never reallocates.
  if (small_mode_) small_.reserve(small_events_max);
}

// Inline, so that push folds it in (it runs on nearly every push).
inline void EventQueue::small_insert(const QueuedEvent& event) {
  // The array is sorted latest first, so that a pop takes its back. A new
  // event is usually due soon: walking from the back passes only the few
  // events due before it (and the far-off ones, a fault plan's, stay put).
  // Its sequence is the largest yet, so it goes before (pops after) every
  // event of its time.
  HOLO_ASSERT(small_.size() < small_.capacity());
  small_.push_back(event);
  std::size_t position = small_.size() - 1;
  while (position > 0 && small_[position - 1].time_ns <= event.time_ns) {
    small_[position] = small_[position - 1];
    --position;
  }
  small_[position] = event;
}

bool EventQueue::push(Nanos time_ns, std::uint32_t kind, std::uint32_t node,
                      std::uint64_t payload) {
  // The common case (a calendar event inside the window, a free slot) stays
  // here, and every other case is a call of its own: with the sorted array's
  // walk and the heap folded in, the compiler saved six registers and
  // spilled the event on every push (callgrind, holobench 1,000 x 60 s:
  // about 99 instructions a push).
  if (size_ >= events_in_flight_max_) [[unlikely]] {
    overflowed_ = true;
    return false;
  }
  const Nanos at_ns = time_ns < now_ns_ ? now_ns_ : time_ns;
  if (small_mode_) return push_small(QueuedEvent{at_ns, next_sequence_++, payload, node, kind});
  const std::uint64_t bucket = bucket_of(at_ns);
  // The window never starts after the current time's bucket, so every new
  // event is at or after the window's start.
  HOLO_ASSERT(bucket >= window_start_bucket_);
  if (!in_window(bucket) || free_slot_ == kNoSlot) [[unlikely]] {
    return push_far_or_growing(QueuedEvent{at_ns, next_sequence_++, payload, node, kind}, bucket);
  }
  calendar_insert(QueuedEvent{at_ns, next_sequence_++, payload, node, kind}, bucket);
  ++size_;
  if (size_ > high_water_) high_water_ = size_;
  return true;
}

bool EventQueue::push_small(const QueuedEvent& event) {
  if (size_ < small_events_max_) [[likely]] {
    small_insert(event);
    ++size_;
    if (size_ > high_water_) high_water_ = size_;
    return true;
  }
  leave_small_mode();
  const std::uint64_t bucket = bucket_of(event.time_ns);
  HOLO_ASSERT(bucket >= window_start_bucket_);
  return push_far_or_growing(event, bucket);
}

bool EventQueue::push_far_or_growing(const QueuedEvent& event, std::uint64_t bucket) {
  HOLO_ASSERT(!small_mode_);
  if (in_window(bucket)) {
    calendar_insert(event, bucket);
  } else {
    heap_push(event);
  }
  ++size_;
  if (size_ > high_water_) high_water_ = size_;
  return true;
}

QueuedEvent EventQueue::pop() {
  HOLO_ASSERT(size_ > 0);
  QueuedEvent event;
  const bool popped = pop_due(std::numeric_limits<Nanos>::max(), event);
  HOLO_ASSERT(popped);
  return event;
}

bool EventQueue::pop_due(Nanos limit_ns, QueuedEvent& event) {
  if (size_ == 0) return false;
  if (small_mode_) {
    const QueuedEvent& earliest = small_.back();
    if (earliest.time_ns > limit_ns) return false;
    HOLO_ASSERT(earliest.time_ns >= now_ns_);
    event = earliest;
    small_.pop_back();
    --size_;
    now_ns_ = event.time_ns;
    return true;
  }
  // Every calendar event is earlier than every heap event (finish_pop).
  if (calendar_size_ > 0) {
    const std::size_t ring_index = first_bucket() & (bucket_count_ - 1);
    const std::uint32_t slot = bucket_head_[ring_index];
    HOLO_ASSERT(slot != kNoSlot);
    if (slots_[slot].event.time_ns > limit_ns) return false;
    event = slots_[slot].event;
    calendar_unlink(ring_index, slot);
  } else {
    if (heap_.front().time_ns > limit_ns) return false;
    event = heap_pop();
  }
  finish_pop(event.time_ns);
  return true;
}

void EventQueue::leave_small_mode() {
  HOLO_ASSERT(small_mode_);
  small_mode_ = false;
  // The window starts at the current time's bucket, as finish_pop would
  // have left it, so that the events inside it go straight to the calendar
  // and only those past it to the heap. (Left at 0 the order would still be
  // right, every event going to the heap and the next pop handing the
  // near ones over, but at the cost of a heap push and pop each.)
  window_start_bucket_ = bucket_of(now_ns_);
  for (const QueuedEvent& event : small_) {
    const std::uint64_t bucket = bucket_of(event.time_ns);
    if (in_window(bucket)) {
      calendar_insert(event, bucket);
    } else {
      heap_push(event);
    }
  }
  HOLO_ASSERT(calendar_size_ + heap_.size() == size_);
  small_.clear();
  small_.shrink_to_fit();
}

// finish_pop, calendar_insert and calendar_unlink are inline so that the
// compiler folds them into push and pop_due: each runs once per event, and
// the calls and their register saves were about a sixth of the queue's cost
// (callgrind, holobench 1,000 x 60 s: 10.4 M of 63.1 M instructions).
inline void EventQueue::finish_pop(Nanos time_ns) {
  HOLO_ASSERT(time_ns >= now_ns_);
  --size_;
  now_ns_ = time_ns;
  // The window starts at the current time's bucket: every later push is at
  // or after it, and every calendar event (none is earlier than now) stays
  // inside it. Heap events that the moved window now covers join the
  // calendar, so that any calendar event is earlier than any heap event.
  window_start_bucket_ = bucket_of(now_ns_);
  // A run keeps a far event or two in the heap nearly all the time (a fault
  // plan's, a periodic sample's), so the test is on the earliest one's bucket,
  // remembered, and not on whether the heap is empty.
  if (in_window(heap_front_bucket_)) [[unlikely]]
    admit_heap_events();
}

void EventQueue::admit_heap_events() {
  while (!heap_.empty()) {
    const std::uint64_t bucket = bucket_of(heap_.front().time_ns);
    if (!in_window(bucket)) break;
    calendar_insert(heap_pop(), bucket);
  }
}

inline void EventQueue::calendar_insert(const QueuedEvent& event, std::uint64_t bucket) {
  // Taken before any reference into slots_, which taking may grow.
  const std::uint32_t slot = take_slot();
  slots_[slot].event = event;
  const std::size_t ring_index = bucket & (bucket_count_ - 1);
  // Keep the bucket sorted by (time, sequence). A new event has the largest
  // sequence yet, so it goes after every event of its time; an event that
  // joins from the heap may go anywhere.
  std::uint32_t* link = &bucket_head_[ring_index];
  while (*link != kNoSlot && !earlier(event, slots_[*link].event)) link = &slots_[*link].next;
  slots_[slot].next = *link;
  *link = slot;
  occupied_[ring_index / 64] |= std::uint64_t{1} << (ring_index % 64);
  if (calendar_size_ == 0 || (first_bucket_known_ && bucket < first_bucket_)) {
    first_bucket_ = bucket;
    first_bucket_known_ = true;
  }
  ++calendar_size_;
}

inline void EventQueue::calendar_unlink(std::size_t ring_index, std::uint32_t slot) {
  Slot& taken = slots_[slot];
  bucket_head_[ring_index] = taken.next;
  taken.next = free_slot_;
  free_slot_ = slot;
  if (bucket_head_[ring_index] == kNoSlot) {
    occupied_[ring_index / 64] &= ~(std::uint64_t{1} << (ring_index % 64));
    first_bucket_known_ = false;
  }
  --calendar_size_;
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

std::uint32_t EventQueue::new_slot() {
  HOLO_ASSERT(free_slot_ == kNoSlot);
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void EventQueue::heap_push(const QueuedEvent& event) {
  heap_.push_back(event);
  sift_up(heap_.size() - 1);
  heap_front_bucket_ = bucket_of(heap_.front().time_ns);
}

QueuedEvent EventQueue::heap_pop() {
  HOLO_ASSERT(!heap_.empty());
  const QueuedEvent top = heap_.front();
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
  heap_front_bucket_ = heap_.empty() ? kNoBucket : bucket_of(heap_.front().time_ns);
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
