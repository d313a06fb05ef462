// Rule (garbage-collection ages): SmallRing behaves as the std::deque it
// replaced in GcAgeTracker, and a tracker that prunes at note() time answers
// old_enough exactly as one that does not.
#include <doctest/doctest.h>

#include <cstdint>
#include <deque>
#include <utility>

#include "core/gc.hpp"
#include "core/prng.hpp"
#include "core/small_ring.hpp"

using namespace holocron;

namespace {

template <std::size_t kInline>
void check_against_deque(std::uint64_t seed, int operations) {
  SmallRing<std::uint64_t, kInline> ring;
  std::deque<std::uint64_t> reference;
  Prng prng(seed);
  std::uint64_t next_value = 1;
  for (int i = 0; i < operations; ++i) {
    CAPTURE(i);
    // Pushes a little more often than pops, so that the ring grows through
    // several capacities, and clears now and then, so that it shrinks back.
    const std::uint64_t choice = prng.next() % 100;
    if (choice < 55) {
      ring.push_back(next_value);
      reference.push_back(next_value);
      ++next_value;
    } else if (choice < 99) {
      if (!reference.empty()) {
        ring.pop_front();
        reference.pop_front();
      }
    } else {
      ring.clear();
      reference.clear();
    }
    REQUIRE(ring.size() == reference.size());
    REQUIRE(ring.empty() == reference.empty());
    REQUIRE(ring.capacity() >= ring.size());
    if (reference.empty()) continue;
    REQUIRE(ring.front() == reference.front());
    REQUIRE(ring.back() == reference.back());
    const std::size_t index = prng.next() % reference.size();
    REQUIRE(ring[index] == reference[index]);
  }
}

}  // namespace

TEST_CASE("SmallRing: random pushes, pops and clears match std::deque") {
  check_against_deque<1>(1, 20'000);
  check_against_deque<2>(2, 20'000);
  check_against_deque<8>(3, 20'000);
}

TEST_CASE("SmallRing: values wrap around the inline storage and survive growing") {
  SmallRing<int, 2> ring;
  CHECK(ring.capacity() == 2);
  ring.push_back(1);
  ring.push_back(2);
  ring.pop_front();
  ring.push_back(3);  // wraps: stored at index 0, front at index 1
  CHECK(ring.capacity() == 2);
  CHECK(ring.front() == 2);
  CHECK(ring.back() == 3);
  ring.push_back(4);  // full: grows to 4, the values moved in order
  CHECK(ring.capacity() == 4);
  REQUIRE(ring.size() == 3);
  CHECK(ring[0] == 2);
  CHECK(ring[1] == 3);
  CHECK(ring[2] == 4);
}

TEST_CASE("GcAgeTracker: pruning at note() answers old_enough as the unpruned tracker") {
  for (const Nanos min_age_ns : {Nanos{0}, Nanos{5}, Nanos{60}}) {
    CAPTURE(min_age_ns);
    GcAgeTracker pruned(min_age_ns);
    GcAgeTracker unpruned;
    Prng prng(static_cast<std::uint64_t>(min_age_ns) + 7);
    Nanos now_ns = 0;
    Epoch epoch = 0;
    for (int i = 0; i < 20'000; ++i) {
      CAPTURE(i);
      now_ns += static_cast<Nanos>(prng.next() % 4);
      const std::uint64_t choice = prng.next() % 100;
      if (choice < 70) {
        // Mostly rising epochs, sometimes an old one (not news).
        epoch = choice < 60 ? epoch + 1 + prng.next() % 3 : epoch / 2;
        pruned.note(now_ns, epoch);
        unpruned.note(now_ns, epoch);
        epoch = std::max(epoch, Epoch{1});
      } else if (choice < 99) {
        REQUIRE(pruned.old_enough(now_ns, min_age_ns) == unpruned.old_enough(now_ns, min_age_ns));
      } else {
        pruned.clear();
        unpruned.clear();
      }
      REQUIRE(pruned.samples() <= unpruned.samples());
    }
  }
  // With no minimum age a pruned tracker holds one sample after each note:
  // what a naive node that never collects garbage keeps.
  GcAgeTracker pruned(0);
  GcAgeTracker unpruned;
  for (Epoch epoch = 1; epoch <= 100; ++epoch) {
    pruned.note(static_cast<Nanos>(epoch), epoch);
    unpruned.note(static_cast<Nanos>(epoch), epoch);
  }
  CHECK(pruned.samples() == 1);
  CHECK(unpruned.samples() == 100);
  CHECK(pruned.old_enough(100, 0) == 100);
}
