// The fast path of decode_lock_record: a hand-written reader for the exact
// text that encode_lock_record and LockBodyEncoder write, keys in their order
// and no whitespace. It accepts a body only when every check of the reference
// decoder (decode_lock_record_reference, nlohmann) would pass with the same
// values; every other body, valid or not, goes to the reference, so the two
// paths cannot disagree on a decision or an error message.
// tests/core/codec_differential_test.cpp and the codecs fuzz target compare
// them.
#include "core/json_text.hpp"
#include "core/lock_record.hpp"

namespace holocron {
namespace {

using namespace std::string_view_literals;

// One member object of the view, from '{' through '}'.
bool read_member(CanonicalJsonReader& reader, ViewMember& member) {
  std::string role_name;
  if (!reader.literal(R"({"heartbeat_age_ns":)"sv)) return false;
  if (!reader.signed_integer(member.heartbeat_age_ns)) return false;
  if (!reader.literal(R"(,"node":)"sv)) return false;
  if (!reader.string(member.node_id)) return false;
  if (!reader.literal(R"(,"role":)"sv)) return false;
  if (!reader.string(role_name)) return false;
  const auto role = parse_member_role(role_name);
  if (!role) return false;
  member.role = *role;
  return reader.next_is('}');
}

// "previous": null, or an object of an epoch and an ETag.
bool read_previous(CanonicalJsonReader& reader, LockRecord& record) {
  if (!reader.literal(R"(,"previous":)"sv)) return false;
  if (reader.literal("null"sv)) return true;
  if (!reader.literal(R"({"epoch":)"sv)) return false;
  if (!reader.unsigned_integer(record.previous_epoch)) return false;
  if (!reader.literal(R"(,"etag":)"sv)) return false;
  if (!reader.string(record.previous_etag)) return false;
  return reader.next_is('}');
}

// "view": {"members": [...]} through the end of the document.
bool read_view(CanonicalJsonReader& reader, std::vector<ViewMember>& members) {
  if (!reader.literal(R"(,"view":{"members":[)"sv)) return false;
  if (!reader.next_is(']')) {
    do {
      // The reference rejects a longer view; leave that message to it.
      if (members.size() == kViewMembersMax) return false;
      ViewMember& member = members.emplace_back();
      if (!read_member(reader, member)) return false;
    } while (reader.next_is(','));
    if (!reader.next_is(']')) return false;
  }
  HOLO_ASSERT(members.size() <= kViewMembersMax);
  return reader.literal("}}"sv) && reader.at_end();
}

bool read_record(CanonicalJsonReader& reader, LockRecord& record) {
  if (!reader.literal(R"({"epoch":)"sv)) return false;
  if (!reader.unsigned_integer(record.epoch)) return false;
  if (reader.literal(R"(,"expired":true)"sv)) {
    record.expired = true;
  } else if (!reader.literal(R"(,"expired":false)"sv)) {
    return false;
  }
  if (!reader.literal(R"(,"format":"holocron.lock","lease_ns":)"sv)) return false;
  if (!reader.signed_integer(record.lease_ns)) return false;
  if (!reader.literal(R"(,"owner":)"sv)) return false;
  if (!reader.string(record.owner)) return false;
  if (!read_previous(reader, record)) return false;
  if (!reader.literal(R"(,"renewals":)"sv)) return false;
  if (!reader.unsigned_integer(record.renewals)) return false;
  // The version is checked as part of the text: "1" followed by ','.
  static_assert(kLockSchemaVersion == 1);
  if (!reader.literal(R"(,"version":1)"sv)) return false;
  return read_view(reader, record.members);
}

}  // namespace

std::optional<LockRecord> decode_lock_record_canonical(std::string_view body) {
  if (body.size() > kLockBodyBytesMax) return std::nullopt;
  CanonicalJsonReader reader(body);
  LockRecord record;
  record.members.reserve(8);
  if (!read_record(reader, record)) return std::nullopt;
  // The reference's checks of values (decode_document in lock_record.cpp);
  // the types and the schema version were checked while reading.
  if (record.epoch == 0) return std::nullopt;
  if (record.owner.empty()) return std::nullopt;
  if (record.lease_ns < 0) return std::nullopt;
  HOLO_ASSERT(reader.at_end());
  return record;
}

LockDecode decode_lock_record(std::string_view body) {
  std::optional<LockRecord> record = decode_lock_record_canonical(body);
  if (record) return LockDecode{std::move(record), {}};
  LockDecode decoded = decode_lock_record_reference(body);
  HOLO_ASSERT(decoded.record.has_value() != !decoded.error.empty());
  return decoded;
}

}  // namespace holocron
