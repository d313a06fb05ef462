// The simulator's event queue, ordered by (time, insertion sequence), so
// events at one instant run first-in first-out and a run is a pure function
// of (scenario, seed, binary). Nothing is ordered by pointer.
//
// Events are small plain values (no std::function, no allocation per event):
// a kind, a node index and a 64-bit payload that the engine interprets. An
// event can be cancelled only by the engine's generation counters: the
// payload carries the generation that was current when it was scheduled, and
// the handler ignores it when the generation has moved on.
//
// An event scheduled before the current time (a timer armed in the past)
// runs at the current time, after the events already queued for it.
//
// Structure: a calendar of buckets holds the events of the next 2^32 ns
// (4.3 s, a window that moves with the clock), and a 4-ary heap holds the
// rest. The number of buckets grows with the cluster (calendar_buckets_for)
// and the bucket width is the window divided by it: ten thousand nodes get
// 65,536 buckets of 66 us, a thousand 8,192 of 524 us, five nodes 64 of
// 67 ms, so that a small cluster's timers (seconds ahead) land in the
// calendar too and not in the heap, while it does not pay for thousands of
// empty buckets, and a large one's buckets stay short lists. Nearly
// every event of a cluster (a response, a timer of the next round) lands in
// the calendar: a 4-ary heap's sift_down was the largest single cost of a
// thousand-node run.
//
// The events themselves live by value in one contiguous pool of slots with a
// free list, so that a push or a pop allocates nothing once the pool has
// reached the run's high water. A bucket is a singly linked list of slots
// kept sorted by (time, sequence): a new event nearly always goes to the end
// of a list of one or two, and a pop takes the head without searching the
// bucket again. A bitmap of non-empty buckets finds the next event without
// visiting empty buckets one by one, and the first non-empty bucket is
// remembered between pops until it empties. The pop order is exactly (time,
// sequence), as a plain heap would give, so the structure never changes a
// run.
//
// A small cluster keeps few events queued at once (a 5-node swarm seed: a
// timer and a request or two per node), and for so few a sorted array is
// cheaper than the calendar: kept latest first, a pop takes its back, and a
// push walks from the back over the few events due before the new one,
// moving each up by one. The queue
// starts in that mode and moves every event into the calendar (or the heap)
// the first time it would hold more than small_events_max, for good; a large
// cluster does so within its first few pushes. Both modes pop in (time,
// sequence) order, so the switch never changes a run. (callgrind, swarm
// seeds 159 and 70 for 10 minutes: 28.19 M and 29.74 M instructions with the
// calendar alone; with the array bounded at 16 events 28.41 M and 29.98 M (a
// swarm seed's queue outgrows 16), at 32 27.72 M and 29.24 M, at 64 27.73 M
// and 29.21 M: 64 leaves room for seeds with more faults in flight.)
//
// The queue is bounded. Pushing past the bound does not grow it: the event is
// dropped and the queue records the overflow, which the engine turns into a
// clear error that names limits.max_events_in_flight.
#pragma once

#include <cstdint>
#include <vector>

#include "core/assert.hpp"
#include "core/time.hpp"

namespace holocron::sim {

struct QueuedEvent {
  Nanos time_ns = 0;
  std::uint64_t sequence = 0;
  std::uint64_t payload = 0;
  std::uint32_t node = 0;
  std::uint32_t kind = 0;
};

class EventQueue {
 public:
  // The calendar covers 2^kWindowShift ns (4.3 s) ahead of the current time,
  // in 64 to 65,536 buckets.
  static constexpr int kWindowShift = 32;
  static constexpr std::size_t kCalendarBucketsMin = 64;
  static constexpr std::size_t kCalendarBucketsMax = 65'536;

  // The calendar size for a cluster of `node_count` nodes: 8 buckets per
  // node, a power of two within [kCalendarBucketsMin, kCalendarBucketsMax].
  // (callgrind, holobench 1,000 x 60 s: 4 buckets a node 431.5 M
  // instructions, 8 430.7 M, 16 431.7 M, 32 433.0 M; 10,000 x 10 s: 65,536
  // buckets against 16,384 cut the D1 misses of walking longer bucket lists
  // from 14.8 M to 13.4 M.)
  [[nodiscard]] static std::size_t calendar_buckets_for(std::uint64_t node_count);

  // The most events the sorted array holds before the queue moves to the
  // calendar for good.
  static constexpr std::size_t kSmallEventsMax = 64;

  // calendar_buckets: a power of two within the bounds above.
  // small_events_max: the sorted array's bound (0: the calendar from the
  // start; tests use both extremes). The pop order is the same whatever they
  // are; only the speed differs.
  EventQueue(std::uint64_t events_in_flight_max, std::size_t calendar_buckets,
             std::size_t small_events_max = kSmallEventsMax);
  explicit EventQueue(std::uint64_t events_in_flight_max)
      : EventQueue(events_in_flight_max, kCalendarBucketsMax) {}

  // Schedules an event at time_ns (or at now_ns() when time_ns is earlier).
  // Returns false, and records the overflow, when the queue is full.
  bool push(Nanos time_ns, std::uint32_t kind, std::uint32_t node, std::uint64_t payload);

  // Removes and returns the earliest event, and advances now_ns() to its time.
  // The queue must not be empty.
  QueuedEvent pop();

  // The run loop's pop: when the queue holds an event at or before limit_ns,
  // removes the earliest into `event`, advances now_ns() to its time and
  // returns true; otherwise leaves the queue as it is and returns false. One
  // call finds the next event once, where asking for the next time and then
  // popping would find it twice.
  bool pop_due(Nanos limit_ns, QueuedEvent& event);

  // The event that the next pop would take if nothing earlier were pushed
  // first, or nullptr when the queue is empty: a hint, for the engine to
  // prefetch the state that event will touch while it runs the current one.
  // Finding it is work the next pop would do anyway (the first bucket is
  // remembered), so asking costs a few loads.
  [[nodiscard]] const QueuedEvent* peek_next() {
    if (size_ == 0) return nullptr;
    if (small_mode_) return &small_.back();
    if (calendar_size_ == 0) return &heap_.front();
    const std::uint32_t slot = bucket_head_[first_bucket() & (bucket_count_ - 1)];
    HOLO_ASSERT(slot != kNoSlot);
    return &slots_[slot].event;
  }

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  // The time of the last event popped (0 before the first).
  [[nodiscard]] Nanos now_ns() const { return now_ns_; }
  [[nodiscard]] bool overflowed() const { return overflowed_; }
  [[nodiscard]] std::uint64_t events_in_flight_max() const { return events_in_flight_max_; }
  // The largest number of events that were queued at once.
  [[nodiscard]] std::size_t high_water() const { return high_water_; }
  // Whether the queue still keeps its events in the sorted array.
  [[nodiscard]] bool small_mode() const { return small_mode_; }

 private:
  static_assert(kCalendarBucketsMin % 64 == 0);
  // Ends a bucket's list and the free list.
  static constexpr std::uint32_t kNoSlot = 0xffff'ffff;
  // heap_front_bucket_ of an empty heap: never inside the window.
  static constexpr std::uint64_t kNoBucket = UINT64_MAX;

  struct Slot {
    QueuedEvent event;
    std::uint32_t next = kNoSlot;  // the next slot of the same bucket (or free list)
  };

  static bool earlier(const QueuedEvent& a, const QueuedEvent& b) {
    if (a.time_ns != b.time_ns) return a.time_ns < b.time_ns;
    return a.sequence < b.sequence;
  }
  [[nodiscard]] std::uint64_t bucket_of(Nanos time_ns) const {
    return static_cast<std::uint64_t>(time_ns) >> bucket_width_shift_;
  }
  [[nodiscard]] bool in_window(std::uint64_t bucket) const {
    return bucket < window_start_bucket_ + bucket_count_;
  }
  // Puts `event` into the sorted array after every event not later than it
  // (its sequence is the largest yet, so that is its (time, sequence) place).
  void small_insert(const QueuedEvent& event);
  // push's cases beyond the common one, out of line so that push needs few
  // registers: an event while the sorted array is in use, and an event past
  // the window (for the heap) or one that needs a new slot.
  [[gnu::noinline]] bool push_small(const QueuedEvent& event);
  [[gnu::noinline]] bool push_far_or_growing(const QueuedEvent& event, std::uint64_t bucket);
  // Moves every event of the sorted array into the calendar or the heap.
  void leave_small_mode();
  void calendar_insert(const QueuedEvent& event, std::uint64_t bucket);
  // Takes `slot`, the head of the calendar's first bucket, out of the
  // calendar and frees it.
  void calendar_unlink(std::size_t ring_index, std::uint32_t slot);
  // After an event at time_ns was taken out: advances the clock and the
  // window.
  void finish_pop(Nanos time_ns);
  // finish_pop's rare part: moves the heap events that the window now
  // covers into the calendar.
  [[gnu::noinline]] void admit_heap_events();
  // The first non-empty calendar bucket (the calendar must not be empty);
  // remembered until that bucket empties or an earlier one fills.
  std::uint64_t first_bucket() {
    if (!first_bucket_known_) {
      first_bucket_ = first_occupied_bucket();
      first_bucket_known_ = true;
    }
    return first_bucket_;
  }
  // The first non-empty calendar bucket at or after window_start_bucket_,
  // found by scanning the bitmap.
  [[nodiscard]] std::uint64_t first_occupied_bucket() const;
  std::uint32_t take_slot() {
    if (free_slot_ == kNoSlot) [[unlikely]] {
      return new_slot();
    }
    const std::uint32_t slot = free_slot_;
    free_slot_ = slots_[slot].next;
    return slot;
  }
  // Grows the pool by one slot (only until the run's high water).
  std::uint32_t new_slot();
  void heap_push(const QueuedEvent& event);
  QueuedEvent heap_pop();
  void sift_up(std::size_t index);
  void sift_down(std::size_t index);

  // The sorted array: the queued events, latest (time, sequence) first.
  bool small_mode_;
  std::size_t small_events_max_;
  std::vector<QueuedEvent> small_;
  int bucket_width_shift_;
  std::size_t bucket_count_;                // a power of two
  std::vector<std::uint32_t> bucket_head_;  // per bucket: its earliest slot, or kNoSlot
  std::vector<std::uint64_t> occupied_;     // bit per non-empty bucket
  std::vector<Slot> slots_;                 // the calendar's events, by value
  std::uint32_t free_slot_ = kNoSlot;       // head of the free list through Slot::next
  std::uint64_t window_start_bucket_ = 0;   // the bucket of now_ns_
  std::size_t calendar_size_ = 0;
  bool first_bucket_known_ = false;  // first_bucket_ is current
  std::uint64_t first_bucket_ = 0;
  std::vector<QueuedEvent> heap_;  // events at or past the window's end
  // The bucket of the heap's earliest event, or kNoBucket when it is empty.
  std::uint64_t heap_front_bucket_ = kNoBucket;
  std::size_t size_ = 0;
  std::uint64_t events_in_flight_max_;
  std::uint64_t next_sequence_ = 0;
  Nanos now_ns_ = 0;
  std::size_t high_water_ = 0;
  bool overflowed_ = false;
};

}  // namespace holocron::sim
