// LockBodyDecoder (core/lock_record.hpp) against the decoder it stands in
// for: every body, whatever came before it, must decode exactly as
// decode_lock_record decodes it on its own (the same record, or the same
// error). The decoder re-reads only the renewals count of a body that equals
// the previous one elsewhere, so the cases below are the ways a wrongly keyed
// memo would answer for the wrong body: the same count with a different body
// (of the same length, too), the same body after a different one, counts
// that are not canonical, and a longer count that carries a body over the
// size limit.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/lock_record.hpp"
#include "tests/test_random.hpp"

namespace holocron {
namespace {

using test::next_random;

LockRecord sample_record(std::string owner, std::uint64_t renewals) {
  LockRecord record;
  record.epoch = 42;
  record.owner = std::move(owner);
  record.lease_ns = 10'000'000'000;
  record.renewals = renewals;
  record.previous_epoch = 41;
  record.previous_etag = "\"29\"";
  record.members = {{"node-1", MemberRole::kLeader, 0},
                    {"node-2", MemberRole::kFollower, 1'200'000'000},
                    {"node-3", MemberRole::kUnknown, -1}};
  return record;
}

// The decoder's answer for `body` must be decode_lock_record's.
void check_decode(LockBodyDecoder& decoder, std::string_view body) {
  CAPTURE(body);
  const LockDecode expected = decode_lock_record(body);
  const LockDecode& decoded = decoder.decode(body);
  CHECK(decoded.record == expected.record);
  CHECK(decoded.error == expected.error);
}

// `body` with its renewals count replaced by `count` (any text).
std::string with_count(const std::string& body, std::string_view count) {
  const std::string key = R"(,"renewals":)";
  const std::size_t begin = body.find(key) + key.size();
  const std::size_t end = body.find(',', begin);
  return body.substr(0, begin) + std::string(count) + body.substr(end);
}

TEST_CASE("lock body decoder: renewal after renewal, also when the count gains a digit") {
  LockBodyDecoder decoder;
  const std::vector<std::uint64_t> counts = {0, 1, 2, 9, 10, 11, 99, 100, 7, UINT64_MAX, 0};
  for (const std::uint64_t renewals : counts) {
    const std::string body = encode_lock_record(sample_record("node-1", renewals));
    check_decode(decoder, body);
    REQUIRE(decoder.decode(body).record.has_value());
    CHECK(decoder.decode(body).record->renewals == renewals);
  }
}

TEST_CASE("lock body decoder: a different body with the same count, the same body after another") {
  LockBodyDecoder decoder;
  const std::string first = encode_lock_record(sample_record("node-1", 5));
  // The same length and the same count, another owner: as after a store
  // reset, when the same ETag can name another body.
  const std::string second = encode_lock_record(sample_record("node-2", 5));
  REQUIRE(first.size() == second.size());
  check_decode(decoder, first);
  check_decode(decoder, second);
  CHECK(decoder.decode(second).record->owner == "node-2");
  check_decode(decoder, first);
  CHECK(decoder.decode(first).record->owner == "node-1");

  // Each part outside the count: the prefix (expired), the suffix (the view).
  LockRecord expired = sample_record("node-1", 6);
  expired.expired = true;
  check_decode(decoder, encode_lock_record(expired));
  CHECK(decoder.decode(encode_lock_record(expired)).record->expired);
  LockRecord other_view = sample_record("node-1", 7);
  other_view.members[2].heartbeat_age_ns = 5;
  check_decode(decoder, encode_lock_record(sample_record("node-1", 7)));
  check_decode(decoder, encode_lock_record(other_view));
  CHECK(decoder.decode(encode_lock_record(other_view)).record->members[2].heartbeat_age_ns == 5);
}

TEST_CASE("lock body decoder: counts the canonical reader refuses, and foreign bodies") {
  LockBodyDecoder decoder;
  const std::string body = encode_lock_record(sample_record("node-1", 12));
  for (const std::string_view count : {"01", "-1", "1.5", "", "1e3", "18446744073709551615",
                                       "18446744073709551616", " 3", "3 ", "true", "\"3\"", "4"}) {
    check_decode(decoder, body);
    check_decode(decoder, with_count(body, count));
  }
  // Off the canonical path (spaces), then back on it.
  std::string spaced = body;
  spaced.insert(1, " ");
  check_decode(decoder, spaced);
  check_decode(decoder, with_count(spaced, "13"));
  check_decode(decoder, body);
  check_decode(decoder, "");
  check_decode(decoder, "{}");
  check_decode(decoder, body);
  check_decode(decoder, body.substr(0, body.size() - 1));
}

TEST_CASE("lock body decoder: a longer count cannot carry a body over kLockBodyBytesMax") {
  LockBodyDecoder decoder;
  // An owner long enough that the body is exactly at the limit with a
  // one-digit count.
  const std::string probe = encode_lock_record(sample_record("x", 9));
  const std::string at_limit =
      encode_lock_record(sample_record(std::string(kLockBodyBytesMax - probe.size() + 1, 'x'), 9));
  REQUIRE(at_limit.size() == kLockBodyBytesMax);
  check_decode(decoder, at_limit);
  REQUIRE(decoder.decode(at_limit).record.has_value());
  const std::string over_limit = with_count(at_limit, "10");
  REQUIRE(over_limit.size() == kLockBodyBytesMax + 1);
  check_decode(decoder, over_limit);
  CHECK_FALSE(decoder.decode(over_limit).record.has_value());
}

TEST_CASE("lock body decoder: random edits of a renewed body, differential") {
  LockBodyDecoder decoder;
  std::uint64_t random = 20261127;
  std::string body = encode_lock_record(sample_record("node-1", 0));
  const std::string alphabet = "0123456789-.,e\" {}:x";
  for (int step = 0; step < 4000; ++step) {
    switch (next_random(random) % 5) {
      case 0:  // a renewal, as the owner writes it
        body = encode_lock_record(sample_record("node-1", next_random(random) % 1'000'000));
        break;
      case 1:  // a count of arbitrary text
        body = with_count(encode_lock_record(sample_record("node-1", 3)),
                          std::string(1 + next_random(random) % 3,
                                      alphabet[next_random(random) % alphabet.size()]));
        break;
      case 2:  // one byte changed anywhere
        if (!body.empty()) {
          body[next_random(random) % body.size()] = alphabet[next_random(random) % alphabet.size()];
        }
        break;
      case 3:  // one byte removed anywhere
        if (!body.empty()) body.erase(next_random(random) % body.size(), 1);
        break;
      default:  // another owner of the same length
        body = encode_lock_record(sample_record(next_random(random) % 2 ? "node-7" : "node-1",
                                                next_random(random) % 100));
        break;
    }
    check_decode(decoder, body);
  }
}

}  // namespace
}  // namespace holocron
