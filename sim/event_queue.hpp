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
// The queue is bounded. Pushing past the bound does not grow it: the event is
// dropped and the queue records the overflow, which the engine turns into a
// clear error that names limits.max_events_in_flight.
#pragma once

#include <cstdint>
#include <vector>

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

  // calendar_buckets: a power of two within the bounds above. The pop order
  // is the same whatever it is; only the speed differs.
  EventQueue(std::uint64_t events_in_flight_max, std::size_t calendar_buckets);
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

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  // The time of the last event popped (0 before the first).
  [[nodiscard]] Nanos now_ns() const { return now_ns_; }
  [[nodiscard]] bool overflowed() const { return overflowed_; }
  [[nodiscard]] std::uint64_t events_in_flight_max() const { return events_in_flight_max_; }
  // The largest number of events that were queued at once.
  [[nodiscard]] std::size_t high_water() const { return high_water_; }

 private:
  static_assert(kCalendarBucketsMin % 64 == 0);
  // Ends a bucket's list and the free list.
  static constexpr std::uint32_t kNoSlot = 0xffff'ffff;

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
  void calendar_insert(const QueuedEvent& event, std::uint64_t bucket);
  // Takes `slot`, the head of the calendar's first bucket, out of the
  // calendar and frees it.
  void calendar_unlink(std::size_t ring_index, std::uint32_t slot);
  // After an event at time_ns was taken out: advances the clock and the
  // window.
  void finish_pop(Nanos time_ns);
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
  std::size_t size_ = 0;
  std::uint64_t events_in_flight_max_;
  std::uint64_t next_sequence_ = 0;
  Nanos now_ns_ = 0;
  std::size_t high_water_ = 0;
  bool overflowed_ = false;
};

}  // namespace holocron::sim
