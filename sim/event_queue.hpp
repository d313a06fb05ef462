// The simulator's event queue: a min-heap ordered by (time, insertion
// sequence), so events at one instant run first-in first-out and a run is a
// pure function of (scenario, seed, binary). Nothing is ordered by pointer.
//
// Events are small plain values (no std::function, no allocation per event):
// a kind, a node index and a 64-bit payload that the engine interprets. An
// event can be cancelled only by the engine's generation counters: the
// payload carries the generation that was current when it was scheduled, and
// the handler ignores it when the generation has moved on. That keeps the
// queue a plain heap.
//
// An event scheduled before the current time (a timer armed in the past)
// runs at the current time, after the events already queued for it.
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
  explicit EventQueue(std::uint64_t events_in_flight_max);

  // Schedules an event at time_ns (or at now_ns() when time_ns is earlier).
  // Returns false, and records the overflow, when the queue is full.
  bool push(Nanos time_ns, std::uint32_t kind, std::uint32_t node, std::uint64_t payload);

  // Removes and returns the earliest event, and advances now_ns() to its time.
  // The queue must not be empty.
  QueuedEvent pop();

  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  // The time of the earliest event; the queue must not be empty.
  [[nodiscard]] Nanos next_time_ns() const;
  // The time of the last event popped (0 before the first).
  [[nodiscard]] Nanos now_ns() const { return now_ns_; }
  [[nodiscard]] bool overflowed() const { return overflowed_; }
  [[nodiscard]] std::uint64_t events_in_flight_max() const { return events_in_flight_max_; }
  // The largest number of events that were queued at once.
  [[nodiscard]] std::size_t high_water() const { return high_water_; }

 private:
  static bool earlier(const QueuedEvent& a, const QueuedEvent& b) {
    if (a.time_ns != b.time_ns) return a.time_ns < b.time_ns;
    return a.sequence < b.sequence;
  }
  void sift_up(std::size_t index);
  void sift_down(std::size_t index);

  std::vector<QueuedEvent> heap_;
  std::uint64_t events_in_flight_max_;
  std::uint64_t next_sequence_ = 0;
  Nanos now_ns_ = 0;
  std::size_t high_water_ = 0;
  bool overflowed_ = false;
};

}  // namespace holocron::sim
