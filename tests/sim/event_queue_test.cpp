// Rule (engine, time and order): events run in (time, insertion sequence)
// order, ties first-in first-out; a timer armed in the past runs at once; the
// queue is bounded and reports an overflow instead of growing.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "core/prng.hpp"
#include "sim/event_queue.hpp"

using namespace holocron;
using namespace holocron::sim;

TEST_CASE("EventQueue pops in time order") {
  EventQueue queue(100);
  CHECK(queue.push(30, 1, 0, 3));
  CHECK(queue.push(10, 1, 0, 1));
  CHECK(queue.push(20, 1, 0, 2));
  CHECK(queue.pop().payload == 1);
  CHECK(queue.now_ns() == 10);
  CHECK(queue.pop().payload == 2);
  CHECK(queue.pop().payload == 3);
  CHECK(queue.empty());
}

TEST_CASE("EventQueue runs ties in insertion order (FIFO)") {
  EventQueue queue(1000);
  // Interleave two instants so that a heap that ignores the sequence would
  // very likely reorder them.
  for (std::uint64_t i = 0; i < 200; ++i) {
    CHECK(queue.push(i % 2 == 0 ? 50 : 40, 0, static_cast<std::uint32_t>(i), i));
  }
  std::vector<std::uint64_t> order;
  while (!queue.empty()) order.push_back(queue.pop().payload);
  REQUIRE(order.size() == 200);
  for (std::size_t i = 0; i < 100; ++i) {
    CHECK(order[i] == 2 * i + 1);    // time 40, in insertion order
    CHECK(order[100 + i] == 2 * i);  // time 50, in insertion order
  }
}

TEST_CASE("EventQueue orders a random workload by (time, sequence)") {
  EventQueue queue(10'000);
  Prng prng(7);
  for (std::uint64_t i = 0; i < 5'000; ++i) {
    CHECK(queue.push(static_cast<Nanos>(prng.below(100)), 0, 0, i));
  }
  QueuedEvent previous = queue.pop();
  while (!queue.empty()) {
    const QueuedEvent next = queue.pop();
    const bool ordered = previous.time_ns < next.time_ns ||
                         (previous.time_ns == next.time_ns && previous.sequence < next.sequence);
    CHECK(ordered);
    previous = next;
  }
}

TEST_CASE("EventQueue: a timer armed in the past fires at once, after events already due") {
  EventQueue queue(100);
  CHECK(queue.push(100, 0, 0, 1));
  CHECK(queue.push(100, 0, 0, 2));
  CHECK(queue.pop().payload == 1);
  CHECK(queue.now_ns() == 100);
  // Armed for time 5 while the clock reads 100: it runs at 100, after the
  // event that was already queued for 100.
  CHECK(queue.push(5, 0, 0, 3));
  CHECK(queue.push(150, 0, 0, 4));
  const QueuedEvent second = queue.pop();
  CHECK(second.payload == 2);
  const QueuedEvent past = queue.pop();
  CHECK(past.payload == 3);
  CHECK(past.time_ns == 100);
  CHECK(queue.pop().payload == 4);
}

TEST_CASE("EventQueue is bounded: pushing past the limit fails and records the overflow") {
  EventQueue queue(3);
  CHECK(queue.push(1, 0, 0, 0));
  CHECK(queue.push(2, 0, 0, 0));
  CHECK(queue.push(3, 0, 0, 0));
  CHECK_FALSE(queue.overflowed());
  CHECK_FALSE(queue.push(4, 0, 0, 0));
  CHECK(queue.overflowed());
  CHECK(queue.size() == 3);
  CHECK(queue.high_water() == 3);
}

TEST_CASE(
    "EventQueue matches a reference order across the calendar window, the heap and wrap-around") {
  // Interleaved pushes and pops with delays from nanoseconds to minutes: the
  // near ones land in the calendar, the far ones in the heap, and the window
  // wraps around the ring many times. Every pop must equal the minimum
  // (time, sequence) of a plain reference list, whatever the calendar's size.
  for (const std::size_t buckets : {std::size_t{64}, std::size_t{1'024}, std::size_t{16'384}}) {
    CAPTURE(buckets);
    EventQueue queue(100'000, buckets);
    Prng prng(11);
    std::vector<QueuedEvent> reference;
    std::uint64_t sequence = 0;
    std::uint64_t popped = 0;
    for (int step = 0; step < 20'000; ++step) {
      const bool push = reference.empty() || prng.below(100) < 52;
      if (push) {
        Nanos delay_ns = 0;
        switch (prng.below(5)) {
          case 0:
            delay_ns = static_cast<Nanos>(prng.below(1'000));
            break;  // same bucket
          case 1:
            delay_ns = static_cast<Nanos>(prng.below(50'000'000));
            break;  // 50 ms
          case 2:
            delay_ns = static_cast<Nanos>(prng.below(4'000'000'000));
            break;  // near the window's end
          case 3:
            delay_ns = static_cast<Nanos>(prng.below(120'000'000'000));
            break;  // far: the heap
          default:
            delay_ns = -static_cast<Nanos>(prng.below(1'000));
            break;  // in the past: now
        }
        const Nanos at_ns = queue.now_ns() + delay_ns;
        REQUIRE(queue.push(at_ns, 0, 0, sequence));
        reference.push_back(
            QueuedEvent{at_ns < queue.now_ns() ? queue.now_ns() : at_ns, sequence, sequence, 0, 0});
        ++sequence;
      } else {
        const auto best = std::min_element(
            reference.begin(), reference.end(), [](const QueuedEvent& a, const QueuedEvent& b) {
              return a.time_ns != b.time_ns ? a.time_ns < b.time_ns : a.sequence < b.sequence;
            });
        // Nothing is due before the earliest event: pop_due leaves it queued.
        QueuedEvent not_due;
        REQUIRE_FALSE(queue.pop_due(best->time_ns - 1, not_due));
        REQUIRE(queue.size() == reference.size());
        const QueuedEvent event = queue.pop();
        REQUIRE(event.payload == best->payload);
        REQUIRE(event.time_ns == best->time_ns);
        reference.erase(best);
        ++popped;
      }
      REQUIRE(queue.size() == reference.size());
    }
    CHECK(popped > 8'000);
  }
}

TEST_CASE("EventQueue sizes its calendar by the cluster: 8 buckets a node, within bounds") {
  CHECK(EventQueue::calendar_buckets_for(1) == EventQueue::kCalendarBucketsMin);
  CHECK(EventQueue::calendar_buckets_for(5) == EventQueue::kCalendarBucketsMin);
  CHECK(EventQueue::calendar_buckets_for(100) == 1'024);
  CHECK(EventQueue::calendar_buckets_for(1'000) == 8'192);
  CHECK(EventQueue::calendar_buckets_for(5'000) == 65'536);
  CHECK(EventQueue::calendar_buckets_for(10'000) == EventQueue::kCalendarBucketsMax);
  CHECK(EventQueue::calendar_buckets_for(UINT64_MAX) == EventQueue::kCalendarBucketsMax);
}

namespace {

// One randomized run of the queue against std::multimap, which keeps equal
// keys in insertion order: the same (time, sequence) order the queue
// promises, computed without any of the queue's machinery. Times are drawn
// from a few shapes at once: the same instant again and again (ties), inside
// one bucket, across many buckets, just either side of the calendar's 2^32 ns
// horizon, far past it (the heap) and in the past (clamped to now). The runs
// last many windows, so the ring wraps around many times. With `peek`, every
// step also asks peek_next, which must name the reference's first event and
// must not change the order (it finds the first bucket early, and the pushes
// that follow may land before it).
void check_against_multimap(std::uint64_t seed, std::size_t buckets,
                            std::size_t small_events_max = EventQueue::kSmallEventsMax,
                            bool peek = false) {
  CAPTURE(seed);
  CAPTURE(buckets);
  CAPTURE(small_events_max);
  CAPTURE(peek);
  EventQueue queue(1'000'000, buckets, small_events_max);
  std::multimap<Nanos, std::pair<std::uint64_t, std::uint32_t>> reference;
  Prng prng(seed);
  constexpr Nanos kHorizonNs = Nanos{1} << EventQueue::kWindowShift;
  const Nanos bucket_ns = kHorizonNs / static_cast<Nanos>(buckets);
  // A few instants that many events share, so that ties are common.
  std::vector<Nanos> shared_ns;
  std::uint64_t payload = 0;
  std::uint64_t popped = 0;
  // Phases that push more than they pop and the reverse, so the queue both
  // grows (the pool and the heap) and drains to empty.
  for (int step = 0; step < 6'000; ++step) {
    const std::uint64_t push_percent = (step / 500) % 2 == 0 ? 60 : 40;
    const bool push = reference.empty() || prng.below(100) < push_percent;
    if (push) {
      const Nanos now_ns = queue.now_ns();
      Nanos at_ns = now_ns;
      switch (prng.below(8)) {
        case 0:  // an instant already used: a tie with queued events
          if (!shared_ns.empty()) at_ns = shared_ns[prng.below(shared_ns.size())];
          break;
        case 1:  // now: a tie with the event being run
          break;
        case 2:  // within a bucket or two
          at_ns =
              now_ns + static_cast<Nanos>(prng.below(static_cast<std::uint64_t>(2 * bucket_ns)));
          break;
        case 3:  // 10 ms to 2 s
          at_ns = now_ns + static_cast<Nanos>(prng.between(10'000'000, 2'000'000'000));
          break;
        case 4:  // just either side of the horizon
          at_ns = now_ns + kHorizonNs - 2 * bucket_ns +
                  static_cast<Nanos>(prng.below(static_cast<std::uint64_t>(4 * bucket_ns)));
          break;
        case 5:  // far past the horizon: the heap
          at_ns = now_ns + static_cast<Nanos>(prng.below(40'000'000'000));
          break;
        case 6:  // in the past: runs now, after what is queued for now
          at_ns = now_ns - static_cast<Nanos>(prng.below(5'000'000'000));
          break;
        default:  // a new shared instant, soon or later
          at_ns = now_ns + static_cast<Nanos>(prng.below(6'000'000'000));
          shared_ns.push_back(at_ns);
          if (shared_ns.size() > 8) shared_ns.erase(shared_ns.begin());
          break;
      }
      const auto node = static_cast<std::uint32_t>(prng.below(1'000));
      REQUIRE(queue.push(at_ns, 3, node, payload));
      reference.emplace(std::max(at_ns, now_ns), std::pair{payload, node});
      ++payload;
    } else {
      const auto expected = reference.begin();
      QueuedEvent not_due;
      REQUIRE_FALSE(queue.pop_due(expected->first - 1, not_due));
      const QueuedEvent event = queue.pop();
      REQUIRE(event.time_ns == expected->first);
      REQUIRE(event.payload == expected->second.first);
      REQUIRE(event.node == expected->second.second);
      REQUIRE(event.kind == 3);
      REQUIRE(queue.now_ns() == expected->first);
      reference.erase(expected);
      ++popped;
    }
    REQUIRE(queue.size() == reference.size());
    REQUIRE(queue.empty() == reference.empty());
    if (peek) {
      const QueuedEvent* next = queue.peek_next();
      REQUIRE((next == nullptr) == reference.empty());
      if (next != nullptr) {
        REQUIRE(next->time_ns == reference.begin()->first);
        REQUIRE(next->payload == reference.begin()->second.first);
        REQUIRE(next->node == reference.begin()->second.second);
      }
    }
  }
  // Drain: the tail of the order must match too.
  while (!reference.empty()) {
    const QueuedEvent event = queue.pop();
    REQUIRE(event.time_ns == reference.begin()->first);
    REQUIRE(event.payload == reference.begin()->second.first);
    reference.erase(reference.begin());
    ++popped;
  }
  CHECK(queue.empty());
  CHECK(popped == payload);
}

}  // namespace

TEST_CASE("EventQueue matches std::multimap on random push/pop interleavings over many seeds") {
  // The smallest calendar (a small cluster's: wide buckets, many events
  // each), a hundred nodes' and the largest (narrow buckets, many empty).
  for (const std::size_t buckets :
       {EventQueue::kCalendarBucketsMin, EventQueue::calendar_buckets_for(100),
        EventQueue::kCalendarBucketsMax}) {
    for (std::uint64_t seed = 1; seed <= 40; ++seed) check_against_multimap(seed, buckets);
  }
}

TEST_CASE(
    "EventQueue::peek_next names the event the next pop takes, and peeking changes no order") {
  // The engine peeks after every pop of a large cluster's run, to prefetch
  // for the next event. In every structure: the sorted array, the calendar
  // (smallest and largest) and the heap beyond it.
  for (const std::size_t buckets :
       {EventQueue::kCalendarBucketsMin, EventQueue::kCalendarBucketsMax}) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      check_against_multimap(seed, buckets, EventQueue::kSmallEventsMax, true);
      check_against_multimap(seed, buckets, 0, true);
    }
  }
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    check_against_multimap(seed, EventQueue::kCalendarBucketsMin, 100'000, true);
  }
}

TEST_CASE("EventQueue matches std::multimap in its sorted array alone and in its calendar alone") {
  // The default runs start in the sorted array and leave it early; these
  // keep each structure for the whole run: the array with a bound no run
  // reaches, the calendar with no array at all.
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    check_against_multimap(seed, EventQueue::kCalendarBucketsMin, 100'000);
    check_against_multimap(seed, EventQueue::kCalendarBucketsMin, 0);
  }
}

TEST_CASE("EventQueue leaves its sorted array at the bound, late in a run, in order") {
  // Many windows pass while the array holds the events (the clock moves far
  // past 2^32 ns), then the queue outgrows it: the events it moves land in
  // the calendar or the heap by the current window, and the order goes on
  // as before, ties included.
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    constexpr std::size_t kBound = 8;
    EventQueue queue(10'000, EventQueue::kCalendarBucketsMin, kBound);
    std::multimap<Nanos, std::uint64_t> reference;
    Prng prng(seed);
    std::uint64_t payload = 0;
    const auto push = [&](Nanos at_ns) {
      REQUIRE(queue.push(at_ns, 0, 0, payload));
      reference.emplace(std::max(at_ns, queue.now_ns()), payload);
      ++payload;
    };
    const auto pop = [&] {
      const QueuedEvent event = queue.pop();
      REQUIRE(event.time_ns == reference.begin()->first);
      REQUIRE(event.payload == reference.begin()->second);
      reference.erase(reference.begin());
    };
    // Up to 20 s ahead (some ties with now) until the clock is 30 windows on.
    while (queue.now_ns() < 30 * (Nanos{1} << EventQueue::kWindowShift)) {
      if (queue.size() < kBound && (queue.empty() || prng.below(2) == 0)) {
        push(queue.now_ns() +
             static_cast<Nanos>(prng.below(4) == 0 ? 0 : prng.below(20'000'000'000)));
      } else {
        pop();
      }
      REQUIRE(queue.small_mode());
    }
    // Outgrow the array: near events (the calendar), far ones (the heap).
    for (int i = 0; i < 40; ++i) {
      push(queue.now_ns() + static_cast<Nanos>(prng.below(2) == 0 ? prng.below(3'000'000'000)
                                                                  : prng.below(60'000'000'000)));
    }
    CHECK_FALSE(queue.small_mode());
    while (!reference.empty()) {
      pop();
      if (prng.below(3) == 0) push(queue.now_ns() + static_cast<Nanos>(prng.below(10'000'000'000)));
    }
    CHECK(queue.empty());
  }
}

TEST_CASE("EventQueue keeps insertion order among many events of one instant across the horizon") {
  // Events for one instant pushed while it is past the horizon (heap), then,
  // after the clock moves, while it is inside the window (calendar): all run
  // in insertion order, the heap's first.
  EventQueue queue(1'000, EventQueue::kCalendarBucketsMin);
  const Nanos target_ns = Nanos{3} << EventQueue::kWindowShift;
  for (std::uint64_t i = 0; i < 10; ++i) REQUIRE(queue.push(target_ns, 0, 0, i));
  REQUIRE(queue.push(target_ns - 1'000, 0, 0, 100));
  REQUIRE(queue.pop().payload == 100);  // the window now covers target_ns
  for (std::uint64_t i = 10; i < 20; ++i) REQUIRE(queue.push(target_ns, 0, 0, i));
  for (std::uint64_t i = 0; i < 20; ++i) {
    const QueuedEvent event = queue.pop();
    CHECK(event.payload == i);
    CHECK(event.time_ns == target_ns);
  }
  CHECK(queue.empty());
}
