// Rules (core: key layout, lock records, node state): epoch keys are
// zero-padded so LIST order is numeric order, and anything that is not an
// epoch key parses to nullopt; lock and node-state bodies round-trip through
// a versioned JSON schema, and a corrupt or foreign body decodes to an error
// value, never an exception.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "core/node_state.hpp"
#include "core/prng.hpp"

using namespace holocron;

TEST_CASE("rule key layout: epoch keys are zero-padded to 20 digits under the prefix") {
  CHECK(epoch_key("election/", 42) == "election/epoch-00000000000000000042");
  CHECK(epoch_key("", 1) == "epoch-00000000000000000001");
  CHECK(epoch_key("x/", UINT64_MAX) == "x/epoch-18446744073709551615");
  CHECK(epoch_list_prefix("election/") == "election/epoch-");
}

TEST_CASE("rule key layout: lexicographic order of epoch keys is numeric order") {
  std::vector<Epoch> epochs{9, 10, 1, 100, 99, 1000000, 2, UINT64_MAX};
  std::vector<std::string> keys;
  for (const Epoch epoch : epochs) keys.push_back(epoch_key("e/", epoch));
  std::sort(keys.begin(), keys.end());
  std::sort(epochs.begin(), epochs.end());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK(parse_epoch_key("e/", keys[i]) == epochs[i]);
  }
}

TEST_CASE("rule key layout: a key that is not an epoch key parses to nullopt") {
  CHECK(parse_epoch_key("election/", "election/epoch-00000000000000000042") == Epoch{42});
  for (const char* key :
       {"election/epoch-42", "election/42", "other/epoch-00000000000000000042",
        "election/epoch-0000000000000000004x", "election/epoch-",
        "election/epoch-000000000000000000420", "election/epoch-00000000000000000000",
        "election/epoch-99999999999999999999", "election/nodes/a",
        "election/epoch-+0000000000000000042"}) {
    CAPTURE(key);
    CHECK_FALSE(parse_epoch_key("election/", key).has_value());
  }
}

TEST_CASE("rule key layout: node state keys for the shared and per-node layouts") {
  ElectorOptions options;
  options.node_id = "n1";
  const auto shared = node_state_location(options);
  CHECK(shared.bucket == "holocron");
  CHECK(shared.key == "election/nodes/n1");
  options.layout = Layout::kPerNode;
  options.node_bucket = "n1-bucket";
  const auto per_node = node_state_location(options);
  CHECK(per_node.bucket == "n1-bucket");
  CHECK(per_node.key == "election/nodes/n1");
  CHECK(parse_node_state_key("election/", "election/nodes/n1") == std::string_view("n1"));
  CHECK_FALSE(parse_node_state_key("election/", "election/nodes/").has_value());
  CHECK_FALSE(parse_epoch_key("election/", shared.key).has_value());
}

LockRecord sample_record() {
  LockRecord record;
  record.epoch = 42;
  record.owner = "node-3";
  record.lease_ns = seconds(10);
  record.renewals = 7;
  record.expired = true;
  record.previous_epoch = 41;
  record.previous_etag = "\"e41\"";
  record.members = {{"node-3", MemberRole::kLeader, 0},
                    {"node-1", MemberRole::kFollower, milliseconds(1200)},
                    {"node-9", MemberRole::kUnknown, -1}};
  return record;
}

TEST_CASE("rule lock records: encode then decode gives the same record") {
  const LockRecord record = sample_record();
  const LockDecode decoded = decode_lock_record(encode_lock_record(record));
  REQUIRE(decoded.record.has_value());
  CHECK(decoded.error.empty());
  const LockRecord& back = *decoded.record;
  CHECK(back.epoch == 42);
  CHECK(back.owner == "node-3");
  CHECK(back.lease_ns == seconds(10));
  CHECK(back.renewals == 7);
  CHECK(back.expired);
  CHECK(back.previous_epoch == 41);
  CHECK(back.previous_etag == "\"e41\"");
  REQUIRE(back.members.size() == 3);
  CHECK(back.members[1].node_id == "node-1");
  CHECK(back.members[1].role == MemberRole::kFollower);
  CHECK(back.members[1].heartbeat_age_ns == milliseconds(1200));
  CHECK(back.members[2].heartbeat_age_ns == -1);

  LockRecord first = record;
  first.previous_epoch = 0;
  const LockDecode first_back = decode_lock_record(encode_lock_record(first));
  REQUIRE(first_back.record.has_value());
  CHECK(first_back.record->previous_epoch == 0);
  CHECK(first_back.record->previous_etag.empty());
}

TEST_CASE("rule lock records: corrupt or foreign bodies are error values, never exceptions") {
  const std::string good = encode_lock_record(sample_record());
  std::vector<std::string> bodies{
      "",
      "not json",
      "{",
      "[]",
      "null",
      "42",
      good.substr(0, good.size() / 2),
      R"({"format":"holocron.lock","version":2,"epoch":1,"owner":"a","lease_ns":1,"renewals":0,"expired":false,"previous":null,"view":{"members":[]}})",
      R"({"format":"other","version":1,"epoch":1,"owner":"a","lease_ns":1,"renewals":0,"expired":false,"previous":null,"view":{"members":[]}})",
      R"({"format":"holocron.lock","version":1,"epoch":"1","owner":"a","lease_ns":1,"renewals":0,"expired":false,"previous":null,"view":{"members":[]}})",
      R"({"format":"holocron.lock","version":1,"epoch":0,"owner":"a","lease_ns":1,"renewals":0,"expired":false,"previous":null,"view":{"members":[]}})",
      R"({"format":"holocron.lock","version":1,"epoch":-1,"owner":"a","lease_ns":1,"renewals":0,"expired":false,"previous":null,"view":{"members":[]}})",
      R"({"format":"holocron.lock","version":1,"epoch":1,"owner":"","lease_ns":1,"renewals":0,"expired":false,"previous":null,"view":{"members":[]}})",
      R"({"format":"holocron.lock","version":1,"epoch":1,"owner":"a","lease_ns":99999999999999999999,"renewals":0,"expired":false,"previous":null,"view":{"members":[]}})",
      R"({"format":"holocron.lock","version":1,"epoch":1,"owner":"a","lease_ns":1,"renewals":0,"expired":"no","previous":null,"view":{"members":[]}})",
      R"({"format":"holocron.lock","version":1,"epoch":1,"owner":"a","lease_ns":1,"renewals":0,"expired":false,"previous":7,"view":{"members":[]}})",
      R"({"format":"holocron.lock","version":1,"epoch":1,"owner":"a","lease_ns":1,"renewals":0,"expired":false,"previous":null,"view":{"members":[{"node":"a","role":"king","heartbeat_age_ns":0}]}})",
      R"({"format":"holocron.lock","version":1,"epoch":1,"owner":"a","lease_ns":1,"renewals":0,"expired":false,"previous":null,"view":{"members":[1]}})",
      R"({"format":"holocron.lock","version":1,"epoch":1,"owner":"a","lease_ns":1,"renewals":0,"expired":false,"previous":null})",
      std::string(kLockBodyBytesMax + 1, ' '),
      std::string("\xff\xfe{}", 4),
  };
  for (const std::string& body : bodies) {
    CAPTURE(body.substr(0, 80));
    LockDecode decoded;
    CHECK_NOTHROW(decoded = decode_lock_record(body));
    CHECK_FALSE(decoded.record.has_value());
    CHECK_FALSE(decoded.error.empty());
  }
}

TEST_CASE("rule node state: encode then decode round-trips, corrupt bodies are error values") {
  NodeState state;
  state.node_id = "n7";
  state.leader = true;
  state.last_epoch_seen = 12;
  state.heartbeat_seq = 3;
  state.lock_epoch = 12;
  state.lock_etag = "\"9\"";
  state.lock_body = encode_lock_record(sample_record());
  const NodeStateDecode decoded = decode_node_state(encode_node_state(state));
  REQUIRE(decoded.state.has_value());
  CHECK(decoded.state->node_id == "n7");
  CHECK(decoded.state->leader);
  CHECK(decoded.state->last_epoch_seen == 12);
  CHECK(decoded.state->lock_etag == "\"9\"");
  CHECK(decoded.state->lock_body == state.lock_body);
  for (
      const char* body :
      {"", "{}", "[1]", R"({"format":"holocron.node","version":1})",
       R"({"format":"holocron.node","version":1,"node":"a","role":"boss","last_epoch_seen":1,"heartbeat_seq":1,"lock_epoch":0,"lock_etag":"","lock_body":""})"}) {
    CAPTURE(body);
    NodeStateDecode bad;
    CHECK_NOTHROW(bad = decode_node_state(body));
    CHECK_FALSE(bad.state.has_value());
    CHECK_FALSE(bad.error.empty());
  }
}

namespace {

// The schema written with nlohmann::json directly: the reference that the
// hand-written encoder must match byte for byte.
std::string reference_encoding(const LockRecord& record) {
  nlohmann::json members = nlohmann::json::array();
  for (const ViewMember& member : record.members) {
    members.push_back({{"node", member.node_id},
                       {"role", std::string(to_string(member.role))},
                       {"heartbeat_age_ns", member.heartbeat_age_ns}});
  }
  nlohmann::json document{{"format", "holocron.lock"},     {"version", 1},
                          {"epoch", record.epoch},         {"owner", record.owner},
                          {"lease_ns", record.lease_ns},   {"renewals", record.renewals},
                          {"expired", record.expired},     {"previous", nullptr},
                          {"view", {{"members", members}}}};
  if (record.previous_epoch != 0) {
    document["previous"] = {{"epoch", record.previous_epoch}, {"etag", record.previous_etag}};
  }
  return document.dump();
}

}  // namespace

TEST_CASE("rule lock records: the fast encoder writes exactly what nlohmann/json writes") {
  LockRecord record = sample_record();
  CHECK(encode_lock_record(record) == reference_encoding(record));
  record.previous_epoch = 0;
  record.expired = false;
  record.members.clear();
  CHECK(encode_lock_record(record) == reference_encoding(record));
  record.previous_epoch = UINT64_MAX;
  record.epoch = UINT64_MAX;
  record.renewals = UINT64_MAX;
  record.lease_ns = INT64_MAX;
  record.previous_etag = std::string("q\"b\\s\n\t\r\b\f\x01\x1f~", 13);
  record.owner = "o\"w";
  CHECK(encode_lock_record(record) == reference_encoding(record));
  const LockDecode back = decode_lock_record(encode_lock_record(record));
  REQUIRE(back.record.has_value());
  CHECK(back.record->previous_etag == record.previous_etag);
  CHECK(back.record->owner == record.owner);
}

TEST_CASE("rule lock records: a non-UTF-8 ETag from a hostile store still encodes to valid JSON") {
  LockRecord record = sample_record();
  record.previous_etag = std::string("\xff\xfe\"", 3);
  std::string body;
  CHECK_NOTHROW(body = encode_lock_record(record));
  CHECK(decode_lock_record(body).record.has_value());
  NodeState state;
  state.node_id = "n1";
  state.lock_etag = std::string("\xc3\x28", 2);
  CHECK_NOTHROW(body = encode_node_state(state));
  CHECK(decode_node_state(body).state.has_value());
}

TEST_CASE(
    "rule lock records: the per-node body encoder writes exactly what encode_lock_record writes") {
  LockRecord record = sample_record();
  const LockBodyEncoder encoder(record);
  CHECK(encoder.encode(record.epoch, record.previous_epoch, record.previous_etag) ==
        encode_lock_record(record));
  // Only epoch and "previous" vary between a node's create attempts.
  record.epoch = 1;
  record.previous_epoch = 0;
  record.previous_etag.clear();
  CHECK(encoder.encode(1, 0, {}) == encode_lock_record(record));
  record.epoch = UINT64_MAX;
  record.previous_epoch = UINT64_MAX - 1;
  record.previous_etag = std::string("q\"b\\\xff", 5);
  CHECK(encoder.encode(record.epoch, record.previous_epoch, record.previous_etag) ==
        encode_lock_record(record));
  CHECK(encoder.encode(2, 1, "x") != encode_lock_record(record));
}

TEST_CASE(
    "rule lock records: encode_into over a reused buffer matches encode_lock_record for random "
    "epochs and ETags of any bytes, short and long") {
  LockRecord record = sample_record();
  const LockBodyEncoder encoder(record);
  Prng prng(2026);
  std::string reused = std::string(4096, 'z');  // longer than any body: must be trimmed
  for (int i = 0; i < 2000; ++i) {
    record.epoch = 1 + prng.next() % (i % 2 == 0 ? 1000 : UINT64_MAX);
    record.previous_epoch = i % 5 == 0 ? 0 : prng.next();
    record.previous_etag.clear();
    if (record.previous_epoch != 0) {
      // Up to 400 bytes: escaped, a long ETag's room no longer fits the
      // encoder's stack buffer, and the body is written in `reused` itself.
      const std::uint64_t length = prng.next() % (i % 3 == 0 ? 400 : 70);
      for (std::uint64_t j = 0; j < length; ++j)
        record.previous_etag.push_back(static_cast<char>(prng.next() & 0xff));
    }
    CAPTURE(i);
    encoder.encode_into(reused, record.epoch, record.previous_epoch, record.previous_etag);
    REQUIRE(reused == encode_lock_record(record));
  }
}

TEST_CASE(
    "rule lock records: the body encoder's owner-only form and its near misses match "
    "encode_lock_record") {
  // The owner-only form (a naive node's record: not expired, no renewals,
  // the owner its only member, as leader with heartbeat age 0, a lease below
  // 2^32 ns) writes constant text around the owner; every record one field
  // away from that shape takes the general form. Both must write exactly
  // what encode_lock_record writes.
  Prng prng(20261127);
  const std::string owners[] = {"n1", "node-0042", std::string("q\"o\\\x01\xff", 6),
                                std::string(40, 'w'), "a-rather-long-node-name.with_dots"};
  const Nanos leases[] = {0, 1, seconds(1), INT64_C(0xFFFFFFFF), INT64_C(0x100000000), seconds(10)};
  std::string reused;
  for (const std::string& owner : owners) {
    for (const Nanos lease_ns : leases) {
      for (int variant = 0; variant < 8; ++variant) {
        LockRecord record;
        record.owner = owner;
        record.lease_ns = lease_ns;
        record.members.push_back(ViewMember{owner, MemberRole::kLeader, 0});
        switch (variant) {
          case 1:
            record.expired = true;
            break;
          case 2:
            record.renewals = 1;
            break;
          case 3:
            record.members[0].node_id = owner + "x";
            break;
          case 4:
            record.members[0].role = MemberRole::kFollower;
            break;
          case 5:
            record.members[0].heartbeat_age_ns = -1;
            break;
          case 6:
            record.members.push_back(ViewMember{"other", MemberRole::kFollower, 7});
            break;
          case 7:
            record.members.clear();
            break;
          default:
            break;  // 0: the owner-only shape itself
        }
        const LockBodyEncoder encoder(record);
        for (int i = 0; i < 6; ++i) {
          record.epoch = 1 + prng.next() % (i % 2 == 0 ? 1000 : UINT64_MAX);
          record.previous_epoch = i % 3 == 0 ? 0 : prng.next();
          record.previous_etag = record.previous_epoch == 0 ? "" : "\"etag-" + owner + "\"";
          CAPTURE(owner);
          CAPTURE(lease_ns);
          CAPTURE(variant);
          encoder.encode_into(reused, record.epoch, record.previous_epoch, record.previous_etag);
          CHECK(reused == encode_lock_record(record));
        }
      }
    }
  }
}
