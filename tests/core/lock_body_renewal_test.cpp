// renew_lock_body (core/lock_body_renewal.hpp) against encode_lock_record: a
// stable leader's renewal rewrites the count in the body it last wrote, and
// the result must be the bytes encode_lock_record writes for the renewed
// record, whatever the owner, the previous ETag and the members' names hold
// (quotes, commas, the text ,"renewals": itself, non-ASCII bytes), and
// whatever the old and new counts' lengths are.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/lock_body_renewal.hpp"
#include "core/lock_record.hpp"
#include "tests/test_random.hpp"

namespace holocron {
namespace {

using test::next_random;

// A name built from pieces that could fool a search for the count.
std::string tricky_text(std::uint64_t& state) {
  static const std::vector<std::string> pieces = {
      "node-1", ",\"renewals\":", "\"", ",", "renewals", ":7,", "\\", "\xc3\xa9", "\x01", "9"};
  std::string text;
  const std::uint64_t count = 1 + next_random(state) % 4;
  for (std::uint64_t i = 0; i < count; ++i) text += pieces[next_random(state) % pieces.size()];
  return text;
}

TEST_CASE("renew_lock_body writes what encode_lock_record writes for the renewed record") {
  std::uint64_t state = 11;
  const std::uint64_t counts[] = {0, 1, 9, 10, 99, 100, 12345, UINT64_MAX - 1};
  std::string out = "reused buffer with old contents";
  for (int i = 0; i < 3000; ++i) {
    LockRecord record;
    record.epoch = 1 + next_random(state) % 100'000;
    record.owner = tricky_text(state);
    record.lease_ns = 10'000'000'000;
    record.expired = next_random(state) % 5 == 0;
    record.renewals = i < 8 ? counts[i] : next_random(state) % 2000;
    if (next_random(state) % 2 == 0) {
      record.previous_epoch = record.epoch > 1 ? record.epoch - 1 : 0;
      record.previous_etag = tricky_text(state);
    }
    const std::uint64_t members = next_random(state) % 4;
    for (std::uint64_t m = 0; m < members; ++m) {
      record.members.push_back({tricky_text(state), MemberRole::kFollower,
                                static_cast<Nanos>(next_random(state) % 1000)});
    }
    const std::string body = encode_lock_record(record);
    LockRecord renewed = record;
    ++renewed.renewals;
    REQUIRE(renew_lock_body(body, renewed.renewals, out));
    REQUIRE(out == encode_lock_record(renewed));
  }
}

TEST_CASE("renew_lock_body refuses a body without a renewals count") {
  std::string out;
  CHECK_FALSE(renew_lock_body("", 1, out));
  CHECK_FALSE(renew_lock_body(R"({"epoch":1})", 1, out));
  CHECK_FALSE(renew_lock_body(R"({"renewals":3})", 1, out));
  CHECK_FALSE(renew_lock_body(R"({"a":1,"renewals":})", 1, out));
}

}  // namespace
}  // namespace holocron
