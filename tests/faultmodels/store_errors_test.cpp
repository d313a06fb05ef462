// Store errors: the token bucket throttles at its configured rate, each
// injected cause fires as configured, and the decisions repeat for a seed.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "faultmodels/store_errors.hpp"
#include "faultmodels/token_bucket.hpp"

namespace holocron::faultmodels {
namespace {

StoreRequest put(std::string key, Condition condition = Condition::kNone) {
  StoreRequest request;
  request.op = OpKind::kPut;
  request.bucket = "b";
  request.key = std::move(key);
  request.condition = condition;
  return request;
}

StoreRequest get(std::string key) {
  StoreRequest request;
  request.op = OpKind::kGet;
  request.bucket = "b";
  request.key = std::move(key);
  return request;
}

// Fault-free store errors: no throttle, no conflicts, no errors.
StoreErrorsConfig quiet() {
  StoreErrorsConfig config;
  config.throttle.enabled = false;
  config.conflict_window_ns = 0;
  return config;
}

// Only the throttle, at 10 writes a second.
StoreErrorsConfig throttled_10_per_second() {
  StoreErrorsConfig config = quiet();
  config.throttle.enabled = true;
  config.throttle.writes_per_second = 10;
  return config;
}

// A PUT of `key` in `bucket`.
StoreRequest put_in(std::string bucket, std::string key) {
  StoreRequest request = put(std::move(key));
  request.bucket = std::move(bucket);
  return request;
}

TEST_CASE("a token bucket passes its burst, then exactly its rate") {
  TokenBucket bucket(100.0, seconds(1), 0);  // 100/s, capacity 100
  int passed = 0;
  for (int i = 0; i < 150; ++i) passed += bucket.try_take(0) ? 1 : 0;
  CHECK(passed == 100);
  // Over the next 10 s, offered 1,000/s, it lets through exactly 100/s.
  passed = 0;
  for (Nanos t = milliseconds(1); t <= seconds(10); t += milliseconds(1)) {
    passed += bucket.try_take(t) ? 1 : 0;
  }
  CHECK(passed == 1000);
}

TEST_CASE("a token bucket refills to its capacity and no further") {
  TokenBucket bucket(10.0, seconds(2), 0);  // capacity 20
  for (int i = 0; i < 20; ++i) REQUIRE(bucket.try_take(0));
  CHECK_FALSE(bucket.try_take(0));
  CHECK(bucket.try_take(milliseconds(100)));  // one token after 100 ms
  CHECK_FALSE(bucket.try_take(milliseconds(100)));
  // After an hour idle, still only 20.
  int passed = 0;
  for (int i = 0; i < 50; ++i) passed += bucket.try_take(hours(1)) ? 1 : 0;
  CHECK(passed == 20);
}

TEST_CASE("fractional rates are exact: 0.5 tokens per second") {
  TokenBucket bucket(0.5, seconds(2), 0);  // capacity 1
  CHECK(bucket.try_take(0));
  CHECK_FALSE(bucket.try_take(seconds(1)));
  CHECK_FALSE(bucket.try_take(seconds(2) - 1));
  CHECK(bucket.try_take(seconds(2)));
}

TEST_CASE("throttle: 503 SlowDown per prefix, writes and reads separately, scaled") {
  StoreErrorsConfig config = quiet();
  config.throttle.enabled = true;
  config.throttle.writes_per_second = 10;
  config.throttle.reads_per_second = 20;
  config.throttle.scale = 2;  // 20 writes/s, 40 reads/s
  StoreErrorInjector injector(config, 1);
  int writes_passed = 0;
  int reads_passed = 0;
  int other_prefix_passed = 0;
  for (int i = 0; i < 100; ++i) {
    const auto write = injector.on_arrival(put("election/" + std::to_string(i)), 0);
    if (!write.injected()) ++writes_passed;
    if (write.injected()) {
      CHECK(write.status == Status::kSlowDown);
      CHECK(write.model == "store_errors.throttle");
    }
    reads_passed += injector.on_arrival(get("election/x"), 0).injected() ? 0 : 1;
    other_prefix_passed += injector.on_arrival(put("nodes/n1/state"), 0).injected() ? 0 : 1;
  }
  CHECK(writes_passed == 20);
  CHECK(reads_passed == 40);
  CHECK(other_prefix_passed == 20);  // its own bucket, not the election prefix's
  CHECK(throttle_prefix(put("election/0001")) == "b/election/");
  CHECK(throttle_prefix(put("top")) == "b/");
}

TEST_CASE("throttle: a bucket name or prefix that only looks alike is another prefix") {
  // The injector remembers the last prefix it throttled; requests that share
  // a prefix string across bucket and key boundaries ("b" + "x/" against
  // "bx" + "/"), or have no slash at all, must still count separately.
  StoreErrorInjector injector(throttled_10_per_second(), 1);
  int passed[4] = {0, 0, 0, 0};
  for (int i = 0; i < 50; ++i) {
    passed[0] += injector.on_arrival(put_in("b", "x/1"), 0).injected() ? 0 : 1;
    passed[1] += injector.on_arrival(put_in("bx", "1"), 0).injected() ? 0 : 1;
    passed[2] += injector.on_arrival(put_in("bx", "/1"), 0).injected() ? 0 : 1;
    passed[3] += injector.on_arrival(put_in("b", "x/2"), 0).injected() ? 0 : 1;
  }
  CHECK(passed[0] + passed[3] == 10);  // one prefix "b/x/", shared
  CHECK(passed[1] == 10);              // "bx/"
  CHECK(passed[2] == 10);              // "bx//"
}

TEST_CASE("throttle: more prefixes in turn than the injector remembers, each its own bucket") {
  // The injector remembers the last few prefixes (most recent first); six
  // prefixes in turn, nested ones among them, push each out of that memory
  // and back, and each must still draw from its own bucket.
  StoreErrorsConfig config = quiet();
  config.throttle.enabled = true;
  config.throttle.writes_per_second = 10;
  StoreErrorInjector injector(config, 1);
  const std::string keys[] = {"a/1", "a/b/1", "a/b/c/1", "top", "d/1", "a/b/2"};
  int passed[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 40; ++i) {
    for (std::size_t k = 0; k < 6; ++k) {
      passed[k] += injector.on_arrival(put(keys[k]), 0).injected() ? 0 : 1;
    }
  }
  CHECK(passed[0] == 10);              // "b/a/"
  CHECK(passed[1] + passed[5] == 10);  // "b/a/b/", shared
  CHECK(passed[2] == 10);              // "b/a/b/c/"
  CHECK(passed[3] == 10);              // "b/"
  CHECK(passed[4] == 10);              // "b/d/"
}

TEST_CASE("S3's default limits never throttle an election's request rate") {
  StoreErrorInjector injector(StoreErrorsConfig{}, 1);
  for (Nanos t = 0; t < seconds(60); t += milliseconds(10)) {
    REQUIRE_FALSE(injector.on_arrival(get("election/x"), t).injected());
  }
}

TEST_CASE("409 when conditional writes to one key overlap within the window") {
  StoreErrorsConfig config = quiet();
  config.conflict_window_ns = milliseconds(10);
  StoreErrorInjector injector(config, 1);
  CHECK_FALSE(injector.on_arrival(put("e/1", Condition::kIfNoneMatch), 0).injected());
  const auto second = injector.on_arrival(put("e/1", Condition::kIfNoneMatch), milliseconds(5));
  CHECK(second.status == Status::kConflict);
  CHECK(second.model == "store_errors.conflict");
  // Another key, and an unconditional write to the same key, are not conflicts.
  CHECK_FALSE(injector.on_arrival(put("e/2", Condition::kIfNoneMatch), milliseconds(6)).injected());
  CHECK_FALSE(injector.on_arrival(put("e/1"), milliseconds(7)).injected());
  // Once the window has passed since the write that went through, it passes.
  CHECK_FALSE(injector.on_arrival(put("e/1", Condition::kIfMatch), milliseconds(10)).injected());
  CHECK(injector.on_arrival(put("e/1", Condition::kIfMatch), milliseconds(19)).injected());
}

TEST_CASE("409s match a model that remembers every write, over random writes") {
  // The injector forgets writes that left the window and keeps, per write,
  // a reference to its key's entry; the model keeps the latest accepted
  // write per key for ever. Small windows, repeated instants and few keys
  // make writes expire, conflict and come back in every order.
  Prng prng(3);
  for (int round = 0; round < 40; ++round) {
    StoreErrorsConfig config = quiet();
    config.conflict_window_ns = 1 + static_cast<Nanos>(prng.below(20));
    StoreErrorInjector injector(config, 1);
    std::map<std::string, Nanos> accepted;  // key -> latest accepted write
    Nanos now_ns = 0;
    for (int i = 0; i < 2000; ++i) {
      now_ns += static_cast<Nanos>(prng.below(4)) * static_cast<Nanos>(prng.below(6));
      const std::string key = "e/" + std::to_string(prng.below(5));
      const Condition condition = prng.below(5) == 0 ? Condition::kNone : Condition::kIfMatch;
      const bool injected = injector.on_arrival(put(key, condition), now_ns).injected();
      bool expected = false;
      if (condition != Condition::kNone) {
        const auto found = accepted.find(key);
        expected = found != accepted.end() && now_ns - found->second < config.conflict_window_ns;
        if (!expected) accepted[key] = now_ns;
      }
      REQUIRE(injected == expected);
    }
  }
}

// A copy would share the original's map entries through recent_writes_ and
// last_used_, so copying must not compile; moving must, and must keep them.
static_assert(!std::is_copy_constructible_v<StoreErrorInjector>);
static_assert(!std::is_copy_assignable_v<StoreErrorInjector>);
static_assert(std::is_move_constructible_v<StoreErrorInjector>);
static_assert(std::is_move_assignable_v<StoreErrorInjector>);

TEST_CASE("an injector moved mid-run decides exactly as one never moved") {
  // Both the conflict window (iterators into last_write_by_key_) and the
  // throttle (pointers into buckets_) carry state across each move.
  StoreErrorsConfig config = throttled_10_per_second();
  config.conflict_window_ns = 7;
  StoreErrorInjector unmoved(config, 5);
  StoreErrorInjector moved(config, 5);
  Prng prng(11);
  Nanos now_ns = 0;
  int conflicts = 0;
  int throttled = 0;
  for (int i = 0; i < 3000; ++i) {
    if (i == 1000) {
      StoreErrorInjector constructed(std::move(moved));
      moved = std::move(constructed);
    }
    if (i == 2000) {
      StoreErrorInjector assigned(config, 99);
      assigned = std::move(moved);
      moved = std::move(assigned);
    }
    // Mostly a few nanoseconds apart (conflicts), now and then a pause in
    // which the throttle's buckets refill.
    now_ns += prng.below(8) == 0 ? milliseconds(300) : static_cast<Nanos>(prng.below(4));
    StoreRequest request =
        put_in(prng.below(2) == 0 ? "b" : "c", "e/" + std::to_string(prng.below(4)));
    request.condition = prng.below(4) == 0 ? Condition::kNone : Condition::kIfMatch;
    const StoreErrorDecision expected = unmoved.on_arrival(request, now_ns);
    const StoreErrorDecision actual = moved.on_arrival(request, now_ns);
    REQUIRE(actual.status == expected.status);
    conflicts += expected.status == Status::kConflict ? 1 : 0;
    throttled += expected.model == "store_errors.throttle" ? 1 : 0;
  }
  // The run must exercise both kinds of state for the comparison to mean anything.
  CHECK(conflicts > 50);
  CHECK(throttled > 50);
}

TEST_CASE("throttle: long bucket names and directories that differ late are other prefixes") {
  // The prefix match compares eight bytes at a time and then byte by byte:
  // names that differ only in their last byte, in their ninth, or in a
  // length that is not a multiple of eight must each count separately.
  StoreErrorInjector injector(throttled_10_per_second(), 1);
  const StoreRequest requests[] = {
      put_in("bucket-name-0001", "directory-long-1/x"),
      put_in("bucket-name-0002", "directory-long-1/x"),
      put_in("bucket-name-0001", "directory-long-2/x"),
      put_in("bucket-nam3-0001", "directory-long-1/x"),
      put_in("bucket-name-0001", "directory-lon9-1/x"),
      put_in("bucket-name-0001", "directory-long-1x/x"),
  };
  int passed[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 30; ++i) {
    for (std::size_t k = 0; k < 6; ++k) {
      passed[k] += injector.on_arrival(requests[k], 0).injected() ? 0 : 1;
    }
    // The same prefix again, from another key in it: shares request 0's bucket.
    passed[0] +=
        injector.on_arrival(put_in("bucket-name-0001", "directory-long-1/y"), 0).injected() ? 0 : 1;
  }
  CHECK(passed[0] == 10);
  for (std::size_t k = 1; k < 6; ++k) CHECK(passed[k] == 10);
}

TEST_CASE("random 500s fire at their rate and repeat for a seed") {
  StoreErrorsConfig config = quiet();
  config.internal_error_rate = Ratio{1, 10};
  StoreErrorInjector a(config, 7);
  StoreErrorInjector b(config, 7);
  StoreErrorInjector other_seed(config, 8);
  int errors = 0;
  bool seeds_differ = false;
  for (int i = 0; i < 10'000; ++i) {
    const auto decision = a.on_arrival(get("k"), i);
    REQUIRE(decision.status == b.on_arrival(get("k"), i).status);
    seeds_differ = seeds_differ || decision.status != other_seed.on_arrival(get("k"), i).status;
    if (decision.injected()) {
      CHECK(decision.status == Status::kInternalError);
      ++errors;
    }
  }
  CHECK(errors > 900);
  CHECK(errors < 1100);
  CHECK(seeds_differ);
}

TEST_CASE("brownouts raise errors and latency inside their window only") {
  StoreErrorsConfig config = quiet();
  BrownoutWindow window;
  window.at_ns = seconds(10);
  window.for_ns = seconds(10);
  window.slow_down_rate = Ratio{1, 2};
  window.internal_error_rate = Ratio{0, 1};
  window.latency_percent = 300;
  config.brownouts.push_back(window);
  StoreErrorInjector injector(config, 3);
  CHECK(injector.latency_percent(seconds(9)) == 100);
  CHECK(injector.latency_percent(seconds(10)) == 300);
  CHECK(injector.latency_percent(seconds(20)) == 100);
  int before = 0;
  int inside = 0;
  for (int i = 0; i < 1000; ++i) {
    before += injector.on_arrival(get("k"), seconds(9) + i).injected() ? 1 : 0;
  }
  for (int i = 0; i < 1000; ++i) {
    const auto decision = injector.on_arrival(get("k"), seconds(10) + i);
    if (decision.injected()) {
      CHECK(decision.status == Status::kSlowDown);
      CHECK(decision.model == "store_errors.brownout");
      ++inside;
    }
  }
  CHECK(before == 0);
  CHECK(inside > 400);
  CHECK(inside < 600);
}

TEST_CASE("removing a brownout leaves the 500 draws unchanged") {
  StoreErrorsConfig with_brownout = quiet();
  with_brownout.internal_error_rate = Ratio{1, 5};
  BrownoutWindow window;
  window.at_ns = 0;
  window.for_ns = hours(1);
  window.slow_down_rate = Ratio{0, 1};
  window.internal_error_rate = Ratio{1, 3};
  with_brownout.brownouts.push_back(window);
  StoreErrorsConfig without = with_brownout;
  without.brownouts.clear();
  StoreErrorInjector a(with_brownout, 11);
  StoreErrorInjector b(without, 11);
  for (int i = 0; i < 5000; ++i) {
    const auto with_decision = a.on_arrival(get("k"), i);
    const auto without_decision = b.on_arrival(get("k"), i);
    // Every 500 the steady rate injects without the brownout is still there
    // with it (the brownout may add its own).
    if (without_decision.injected()) REQUIRE(with_decision.injected());
  }
}

}  // namespace
}  // namespace holocron::faultmodels

namespace holocron::faultmodels {
namespace {

TEST_CASE("window cursor: overlapping windows in any order, forward and backward queries") {
  WindowCursor cursor(
      {{seconds(20), seconds(30)}, {seconds(5), seconds(25)}, {seconds(40), seconds(41)}});
  CHECK(cursor.covering(0).empty());
  CHECK(cursor.covering(seconds(5)) == std::vector<std::size_t>{1});
  CHECK(cursor.covering(seconds(21)) == std::vector<std::size_t>{0, 1});
  CHECK(cursor.covering(seconds(25)) == std::vector<std::size_t>{0});
  CHECK(cursor.covering(seconds(40)) == std::vector<std::size_t>{2});
  CHECK(cursor.covering(seconds(41)).empty());
  // Back in time: still right.
  CHECK(cursor.covering(seconds(22)) == std::vector<std::size_t>{0, 1});
}

TEST_CASE("brownouts configured out of order keep their own latency factors") {
  StoreErrorsConfig config = quiet();
  BrownoutWindow late;
  late.at_ns = minutes(10);
  late.for_ns = minutes(1);
  late.latency_percent = 200;
  BrownoutWindow early;
  early.at_ns = minutes(1);
  early.for_ns = minutes(1);
  early.latency_percent = 500;
  config.brownouts = {late, early};
  StoreErrorInjector injector(config, 1);
  CHECK(injector.latency_percent(0) == 100);
  CHECK(injector.latency_percent(minutes(1)) == 500);
  CHECK(injector.latency_percent(minutes(2)) == 100);
  CHECK(injector.latency_percent(minutes(10)) == 200);
  CHECK(injector.latency_percent(minutes(11)) == 100);
}

}  // namespace
}  // namespace holocron::faultmodels
