// The owner-only scan (scan_lock_owner_canonical, core/lock_record.hpp)
// against the decoder it stands in for: whenever the scan names an owner,
// decode_lock_record must accept the body and name the same owner, and the
// canonical decoder must accept it too (one grammar); and the encoder's own
// bodies must take the fast path.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/lock_record.hpp"
#include "tests/test_random.hpp"

namespace holocron {
namespace {

namespace fs = std::filesystem;

using test::next_random;

// What the decoder says the owner is ("" when the body does not decode).
std::string decoder_owner(std::string_view body) {
  const LockDecode decoded = decode_lock_record(body);
  return decoded.record ? decoded.record->owner : std::string();
}

// The scan's contract on one body: an owner only where the canonical decoder
// accepts the body, and then the decoder's owner; unsure only where the
// canonical decoder refuses the body or the owner holds an escape.
void check_body(std::string_view body) {
  const std::string expected = decoder_owner(body);
  const auto scanned = scan_lock_owner_canonical(body);
  const std::optional<LockRecord> canonical = decode_lock_record_canonical(body);
  if (scanned) CHECK(*scanned == expected);
  if (scanned) CHECK(!expected.empty());
  if (scanned) CHECK(canonical.has_value());
  // The owner is a view of the body when the body holds it verbatim.
  const bool verbatim_owner =
      canonical && body.find("\"owner\":\"" + canonical->owner + "\",") != std::string_view::npos;
  if (verbatim_owner) CHECK(scanned.has_value());
}

LockRecord sample_record(std::uint64_t& random) {
  static const std::vector<std::string> kNames = {
      "node-1", "n", "node-1234", "a b", "x/y", "node-\"q\"", "tab\there", "back\\slash"};
  LockRecord record;
  record.epoch = 1 + next_random(random) % 1'000'000;
  if (next_random(random) % 8 == 0) record.epoch = UINT64_MAX;
  record.owner = kNames[next_random(random) % kNames.size()];
  record.lease_ns = static_cast<Nanos>(next_random(random) % 20'000'000'000ULL);
  if (next_random(random) % 8 == 0) record.lease_ns = INT64_MAX;
  record.renewals = next_random(random) % 5 == 0 ? UINT64_MAX : next_random(random) % 100;
  record.expired = next_random(random) % 2 == 0;
  if (next_random(random) % 3 != 0) {
    record.previous_epoch = 1 + next_random(random) % 1000;
    record.previous_etag = "\"e" + std::to_string(next_random(random) % 1000) + "-3\"";
  }
  const std::size_t members = next_random(random) % 5;
  for (std::size_t i = 0; i < members; ++i) {
    ViewMember member;
    member.node_id = kNames[next_random(random) % kNames.size()];
    member.role = static_cast<MemberRole>(next_random(random) % 3);
    member.heartbeat_age_ns = static_cast<Nanos>(next_random(random) % 3'000'000'000ULL) - 1;
    if (next_random(random) % 8 == 0) member.heartbeat_age_ns = INT64_MIN + 1;
    record.members.push_back(member);
  }
  return record;
}

TEST_CASE("owner scan: the encoder's bodies take the fast path with the right owner") {
  std::uint64_t random = 1;
  int fast = 0;
  for (int i = 0; i < 2000; ++i) {
    const LockRecord record = sample_record(random);
    const std::string body = encode_lock_record(record);
    check_body(body);
    const bool plain_owner = record.owner.find_first_of("\"\\\t") == std::string::npos;
    const auto scanned = scan_lock_owner_canonical(body);
    INFO(body);
    CHECK(scanned.has_value() == plain_owner);
    if (scanned) {
      CHECK(*scanned == record.owner);
      ++fast;
    }
  }
  CHECK(fast > 1000);
  // The naive elector's encoder, the body of almost every checked PUT.
  LockRecord fixed;
  fixed.epoch = 1;
  fixed.owner = "node-7";
  fixed.lease_ns = 1'000'000'000;
  fixed.members.push_back(ViewMember{"node-7", MemberRole::kLeader, 0});
  const LockBodyEncoder encoder(fixed);
  const std::string body = encoder.encode(42, 41, "\"e41-2\"");
  CHECK(scan_lock_owner_canonical(body) == std::optional<std::string_view>("node-7"));
  CHECK(scan_lock_owner_canonical(encoder.encode(1, 0, "")) ==
        std::optional<std::string_view>("node-7"));
}

TEST_CASE("owner scan: unsure of valid but unusual bodies, and the decoder decides") {
  const std::string base =
      R"({"epoch":5,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"node-1",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[]}})";
  CHECK(scan_lock_owner_canonical(base) == std::optional<std::string_view>("node-1"));
  // What the canonical decoder accepts beyond the encoder's output, the scan
  // accepts too (one grammar): "-0" as an age, DEL and escapes outside the
  // owner.
  const std::vector<std::string> accepted = {
      R"({"epoch":5,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"node-1",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[)"
      R"({"heartbeat_age_ns":-0,"node":"a","role":"leader"}]}})",
      "{\"epoch\":5,\"expired\":false,\"format\":\"holocron.lock\",\"lease_ns\":10,\"owner\":"
      "\"node-1\",\"previous\":{\"epoch\":4,\"etag\":\"\\\"e\x7f\\/\"},\"renewals\":0,"
      "\"version\":1,\"view\":{\"members\":[]}}",
  };
  for (const std::string& body : accepted) {
    INFO(body);
    CHECK(decode_lock_record_canonical(body).has_value());
    CHECK(scan_lock_owner_canonical(body) == std::optional<std::string_view>("node-1"));
    check_body(body);
  }
  const std::vector<std::string> unusual = {
      // whitespace, key order, trailing whitespace
      R"({ "epoch":5,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"node-1",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[]}})",
      R"({"expired":false,"epoch":5,"format":"holocron.lock","lease_ns":10,"owner":"node-1",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[]}})",
      base + " ",
      // an escaped owner, a \u escape, an owner beyond ASCII
      R"({"epoch":5,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"no\"de",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[]}})",
      R"({"epoch":5,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"n\u0041",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[]}})",
      "{\"epoch\":5,\"expired\":false,\"format\":\"holocron.lock\",\"lease_ns\":10,\"owner\":"
      "\"n\xc3\xa9\",\"previous\":null,\"renewals\":0,\"version\":1,\"view\":{\"members\":[]}}",
  };
  for (const std::string& body : unusual) {
    INFO(body);
    CHECK(!scan_lock_owner_canonical(body).has_value());
    CHECK(!decoder_owner(body).empty());
    check_body(body);
  }
}

TEST_CASE("owner scan: unsure of bodies the decoder refuses") {
  const std::vector<std::string> refused = {
      "",
      "{}",
      R"({"epoch":0,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"node-1",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[]}})",
      R"({"epoch":05,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"node-1",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[]}})",
      R"({"epoch":18446744073709551616,"expired":false,"format":"holocron.lock","lease_ns":10,)"
      R"("owner":"node-1","previous":null,"renewals":0,"version":1,"view":{"members":[]}})",
      R"({"epoch":5,"expired":false,"format":"holocron.lock","lease_ns":9223372036854775808,)"
      R"("owner":"node-1","previous":null,"renewals":0,"version":1,"view":{"members":[]}})",
      R"({"epoch":5,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[]}})",
      R"({"epoch":5,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"node-1",)"
      R"("previous":null,"renewals":0,"version":2,"view":{"members":[]}})",
      R"({"epoch":5,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"node-1",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[)"
      R"({"heartbeat_age_ns":1,"node":"a","role":"boss"}]}})",
      R"({"epoch":5,"expired":false,"format":"holocron.lock","lease_ns":10,"owner":"node-1",)"
      R"("previous":null,"renewals":0,"version":1,"view":{"members":[]}}})",
  };
  for (const std::string& body : refused) {
    INFO(body);
    CHECK(!scan_lock_owner_canonical(body).has_value());
    CHECK(decoder_owner(body).empty());
    check_body(body);
  }
}

TEST_CASE("owner scan: agrees with the decoder on damaged bodies") {
  std::uint64_t random = 7;
  const std::string replacements = std::string("\"\\{}[],:-0159 aetn\x01\x7f") + '\0' + "\xc3";
  for (int i = 0; i < 60; ++i) {
    const std::string body = encode_lock_record(sample_record(random));
    for (std::size_t length = 0; length < body.size(); ++length) {
      check_body(std::string_view(body).substr(0, length));
    }
    for (std::size_t at = 0; at < body.size(); ++at) {
      std::string damaged = body;
      damaged[at] = replacements[next_random(random) % replacements.size()];
      check_body(damaged);
      std::string inserted = body;
      inserted.insert(at, 1, replacements[next_random(random) % replacements.size()]);
      check_body(inserted);
      std::string removed = body;
      removed.erase(at, 1);
      check_body(removed);
    }
  }
}

// The naive elector's bodies (LockBodyEncoder's owner-only form), whose tail
// the scan compares as text against the owner instead of reading it: every
// byte of such a body replaced, inserted or removed, against the decoder.
TEST_CASE("owner scan: agrees with the decoder on damaged owner-only bodies") {
  const std::string replacements = std::string("\"\\{}[],:-0159 aetn\x01\x7f") + '\0' + "\xc3";
  const std::vector<std::string> owners = {"node-7", "n", "a b", "node-123456789012345", "q\"x"};
  int fast = 0;
  for (const std::string& owner : owners) {
    LockRecord fixed;
    fixed.epoch = 1;
    fixed.owner = owner;
    fixed.lease_ns = 2'000'000'000;
    fixed.members.push_back(ViewMember{owner, MemberRole::kLeader, 0});
    const LockBodyEncoder encoder(fixed);
    for (const std::string& body :
         {encoder.encode(42, 41, "\"e41-2\""), encoder.encode(1, 0, "")}) {
      INFO(body);
      check_body(body);
      if (scan_lock_owner_canonical(body)) ++fast;
      for (std::size_t at = 0; at < body.size(); ++at) {
        for (const char replacement : replacements) {
          std::string damaged = body;
          damaged[at] = replacement;
          check_body(damaged);
        }
        std::string inserted = body;
        inserted.insert(at, 1, replacements[at % replacements.size()]);
        check_body(inserted);
        std::string removed = body;
        removed.erase(at, 1);
        check_body(removed);
      }
    }
  }
  // Every owner without an escape took the fast path, undamaged.
  CHECK(fast == 8);
}

// The scan reads integers and strings with a reader of its own (it skips
// the values it does not keep): every number field at and past the edges of
// its range, and every escape in every skipped string, against the decoder.
TEST_CASE("owner scan: agrees with the decoder at the edges of every integer and string") {
  const std::vector<std::string> unsigned_texts = {"0",
                                                   "1",
                                                   "00",
                                                   "01",
                                                   "9",
                                                   "10",
                                                   "1.0",
                                                   "1e2",
                                                   "1E2",
                                                   "-1",
                                                   "",
                                                   "x",
                                                   "18446744073709551615",
                                                   "18446744073709551616",
                                                   "99999999999999999999",
                                                   "10000000000000000000",
                                                   "184467440737095516150",
                                                   "1844674407370955161"};
  const std::vector<std::string> signed_texts = {"0",
                                                 "-0",
                                                 "-",
                                                 "-01",
                                                 "5",
                                                 "-5",
                                                 "1.5",
                                                 "-1e3",
                                                 "9223372036854775807",
                                                 "9223372036854775808",
                                                 "-9223372036854775808",
                                                 "-9223372036854775809",
                                                 "-18446744073709551615",
                                                 "18446744073709551615",
                                                 "99999999999999999999",
                                                 "+1"};
  const std::vector<std::string> string_texts = {
      R"("")",   R"("a")", R"("\"")", R"("\\")",  R"("\/")",  R"("\b\f\n\r\t")", R"("\u0041")",
      R"("\x")", R"("\)",  R"("a)",   "\"\x7f\"", "\"\x1f\"", "\"\xc3\xa9\"",    "\"a\"b\""};
  const auto body = [](const std::string& epoch, const std::string& lease, const std::string& owner,
                       const std::string& previous_epoch, const std::string& etag,
                       const std::string& renewals, const std::string& age,
                       const std::string& node) {
    return R"({"epoch":)" + epoch + R"(,"expired":false,"format":"holocron.lock","lease_ns":)" +
           lease + R"(,"owner":)" + owner + R"(,"previous":{"epoch":)" + previous_epoch +
           R"(,"etag":)" + etag + R"(},"renewals":)" + renewals +
           R"(,"version":1,"view":{"members":[{"heartbeat_age_ns":)" + age + R"(,"node":)" + node +
           R"(,"role":"leader"}]}})";
  };
  const std::string ok_owner = R"("node-1")";
  const std::string ok_string = R"("e")";
  int scanned = 0;
  const auto check = [&scanned](const std::string& text) {
    INFO(text);
    check_body(text);
    if (scan_lock_owner_canonical(text)) ++scanned;
  };
  for (const std::string& number : unsigned_texts) {
    check(body(number, "1", ok_owner, "1", ok_string, "1", "1", ok_string));
    check(body("1", "1", ok_owner, number, ok_string, "1", "1", ok_string));
    check(body("1", "1", ok_owner, "1", ok_string, number, "1", ok_string));
  }
  for (const std::string& number : signed_texts) {
    check(body("1", number, ok_owner, "1", ok_string, "1", "1", ok_string));
    check(body("1", "1", ok_owner, "1", ok_string, "1", number, ok_string));
  }
  for (const std::string& text : string_texts) {
    check(body("1", "1", text, "1", ok_string, "1", "1", ok_string));
    check(body("1", "1", ok_owner, "1", text, "1", "1", ok_string));
    check(body("1", "1", ok_owner, "1", ok_string, "1", "1", text));
  }
  // The accepted variants above (not only refusals) were compared.
  CHECK(scanned > 40);
}

TEST_CASE("owner scan: agrees with the decoder on the codec fuzz corpus") {
  const fs::path directory =
      fs::path(HOLOCRON_SOURCE_ROOT) / "tests" / "fuzz" / "corpus" / "codecs";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory)) files.push_back(entry.path());
  REQUIRE(!files.empty());
  for (const fs::path& file : files) {
    INFO(file.string());
    std::ifstream in(file, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    check_body(body.str());
  }
}

}  // namespace
}  // namespace holocron
