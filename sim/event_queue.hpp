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
// Structure: a calendar of buckets, each 2^kBucketWidthShift ns wide, holds
// the events of the next moments (a window that moves with the clock), and a
// 4-ary heap holds the rest. The number of buckets grows with the cluster
// (calendar_buckets_for): a thousand nodes fill 16,384 buckets (a 4.3 s
// window), while five nodes would leave nearly all of them empty, and
// creating, scanning and freeing empty buckets cost a small cluster more
// than its events. Nearly every event of a
// cluster (a response, a timer of the next round) lands in the calendar,
// where a push is an append and a pop scans one bucket of a few events: a
// 4-ary heap's sift_down was the largest single cost of a thousand-node run.
// A bitmap of non-empty buckets finds the next event without visiting empty
// buckets one by one. The pop order is exactly (time, sequence), as a plain
// heap would give, so the structure never changes a run.
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
  // Bucket width 2^18 ns (262 us); 64 to 16,384 buckets: a window of 17 ms
  // to 4.3 s.
  static constexpr int kBucketWidthShift = 18;
  static constexpr std::size_t kCalendarBucketsMin = 64;
  static constexpr std::size_t kCalendarBucketsMax = 16'384;

  // The calendar size for a cluster of `node_count` nodes: 16 buckets per
  // node, a power of two within [kCalendarBucketsMin, kCalendarBucketsMax].
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

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  // The time of the earliest event; the queue must not be empty.
  [[nodiscard]] Nanos next_time_ns();
  // The time of the last event popped (0 before the first).
  [[nodiscard]] Nanos now_ns() const { return now_ns_; }
  [[nodiscard]] bool overflowed() const { return overflowed_; }
  [[nodiscard]] std::uint64_t events_in_flight_max() const { return events_in_flight_max_; }
  // The largest number of events that were queued at once.
  [[nodiscard]] std::size_t high_water() const { return high_water_; }

 private:
  static_assert(kCalendarBucketsMin % 64 == 0);

  static bool earlier(const QueuedEvent& a, const QueuedEvent& b) {
    if (a.time_ns != b.time_ns) return a.time_ns < b.time_ns;
    return a.sequence < b.sequence;
  }
  static std::uint64_t bucket_of(Nanos time_ns) {
    return static_cast<std::uint64_t>(time_ns) >> kBucketWidthShift;
  }
  [[nodiscard]] bool in_window(std::uint64_t bucket) const {
    return bucket < window_start_bucket_ + bucket_count_;
  }
  void calendar_insert(const QueuedEvent& event);
  // Finds the earliest event and remembers where it is (the heap's top, or
  // next_bucket_/next_index_ in the calendar).
  void locate_next();
  // The first non-empty calendar bucket at or after window_start_bucket_.
  [[nodiscard]] std::uint64_t first_occupied_bucket() const;
  void heap_push(const QueuedEvent& event);
  QueuedEvent heap_pop();
  void sift_up(std::size_t index);
  void sift_down(std::size_t index);

  std::size_t bucket_count_;                        // a power of two
  std::vector<std::vector<QueuedEvent>> calendar_;  // bucket_count_ rings
  std::vector<std::uint64_t> occupied_;             // bit per non-empty bucket
  std::uint64_t window_start_bucket_ = 0;           // the bucket of now_ns_
  std::size_t calendar_size_ = 0;
  std::vector<QueuedEvent> heap_;  // events at or past the window's end
  bool next_located_ = false;      // next_from_heap_/next_bucket_/next_index_ are current
  bool next_from_heap_ = false;
  std::uint64_t next_bucket_ = 0;
  std::size_t next_index_ = 0;
  std::size_t size_ = 0;
  std::uint64_t events_in_flight_max_;
  std::uint64_t next_sequence_ = 0;
  Nanos now_ns_ = 0;
  std::size_t high_water_ = 0;
  bool overflowed_ = false;
};

}  // namespace holocron::sim
