#include "core/lock_record.hpp"

#include <array>
#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/assert.hpp"
#include "core/json_text.hpp"

namespace holocron {

using namespace std::string_view_literals;

namespace {

constexpr std::string_view kLockFormat = "holocron.lock";

using Json = nlohmann::json;

LockDecode failure(std::string message) {
  return LockDecode{std::nullopt, std::move(message)};
}

// Reads an unsigned integer field; false (and a message) when absent or mistyped.
bool read_unsigned(const Json& object, const char* field, std::uint64_t& out, std::string& error) {
  const auto found = object.find(field);
  if (found == object.end() || !found->is_number_unsigned()) {
    error = std::string("field '") + field + "': expected an unsigned integer";
    return false;
  }
  out = found->get<std::uint64_t>();
  return true;
}

bool read_signed(const Json& object, const char* field, std::int64_t& out, std::string& error) {
  const auto found = object.find(field);
  if (found == object.end() || !found->is_number_integer()) {
    error = std::string("field '") + field + "': expected an integer";
    return false;
  }
  if (found->is_number_unsigned() && found->get<std::uint64_t>() > INT64_MAX) {
    error = std::string("field '") + field + "': integer out of range";
    return false;
  }
  out = found->get<std::int64_t>();
  return true;
}

bool read_string(const Json& object, const char* field, std::string& out, std::string& error) {
  const auto found = object.find(field);
  if (found == object.end() || !found->is_string()) {
    error = std::string("field '") + field + "': expected a string";
    return false;
  }
  out = found->get<std::string>();
  return true;
}

bool read_members(const Json& document, std::vector<ViewMember>& members, std::string& error) {
  const auto view = document.find("view");
  if (view == document.end() || !view->is_object()) {
    error = "field 'view': expected an object";
    return false;
  }
  const auto list = view->find("members");
  if (list == view->end() || !list->is_array()) {
    error = "field 'view.members': expected an array";
    return false;
  }
  if (list->size() > kViewMembersMax) {
    error = "field 'view.members': more than kViewMembersMax entries";
    return false;
  }
  members.reserve(list->size());
  for (const Json& entry : *list) {
    if (!entry.is_object()) {
      error = "field 'view.members[]': expected an object";
      return false;
    }
    ViewMember member;
    std::string role_name;
    if (!read_string(entry, "node", member.node_id, error)) return false;
    if (!read_string(entry, "role", role_name, error)) return false;
    if (!read_signed(entry, "heartbeat_age_ns", member.heartbeat_age_ns, error)) return false;
    const auto role = parse_member_role(role_name);
    if (!role) {
      error = "field 'view.members[].role': expected leader, follower or unknown";
      return false;
    }
    member.role = *role;
    members.push_back(std::move(member));
  }
  return true;
}

LockDecode decode_document(const Json& document) {
  if (!document.is_object()) return failure("expected a JSON object");
  std::string error;
  std::string format;
  if (!read_string(document, "format", format, error)) return failure(error);
  if (format != kLockFormat) return failure("field 'format': expected \"holocron.lock\"");
  std::uint64_t version = 0;
  if (!read_unsigned(document, "version", version, error)) return failure(error);
  if (version != kLockSchemaVersion) return failure("field 'version': expected 1");

  LockRecord record;
  std::int64_t lease_ns = 0;
  if (!read_unsigned(document, "epoch", record.epoch, error)) return failure(error);
  if (record.epoch == 0) return failure("field 'epoch': expected a value above 0");
  if (!read_string(document, "owner", record.owner, error)) return failure(error);
  if (record.owner.empty()) return failure("field 'owner': expected a non-empty string");
  if (!read_signed(document, "lease_ns", lease_ns, error)) return failure(error);
  if (lease_ns < 0) return failure("field 'lease_ns': expected a non-negative integer");
  record.lease_ns = lease_ns;
  if (!read_unsigned(document, "renewals", record.renewals, error)) return failure(error);
  const auto expired = document.find("expired");
  if (expired == document.end() || !expired->is_boolean()) {
    return failure("field 'expired': expected a boolean");
  }
  record.expired = expired->get<bool>();
  const auto previous = document.find("previous");
  if (previous == document.end()) return failure("field 'previous': expected an object or null");
  if (previous->is_object()) {
    if (!read_unsigned(*previous, "epoch", record.previous_epoch, error)) return failure(error);
    if (!read_string(*previous, "etag", record.previous_etag, error)) return failure(error);
  } else if (!previous->is_null()) {
    return failure("field 'previous': expected an object or null");
  }
  if (!read_members(document, record.members, error)) return failure(error);
  return LockDecode{std::move(record), {}};
}

}  // namespace

std::string_view to_string(MemberRole role) {
  switch (role) {
    case MemberRole::kLeader:
      return "leader";
    case MemberRole::kFollower:
      return "follower";
    case MemberRole::kUnknown:
      return "unknown";
  }
  HOLO_UNREACHABLE("unknown MemberRole");
}

std::optional<MemberRole> parse_member_role(std::string_view name) {
  if (name == "leader") return MemberRole::kLeader;
  if (name == "follower") return MemberRole::kFollower;
  if (name == "unknown") return MemberRole::kUnknown;
  return std::nullopt;
}

// The encoder writes the JSON text directly instead of building an
// nlohmann::json tree: it runs on the hot path (every naive round creates an
// epoch, every renewal rewrites one), where the tree's allocations dominate.
// Its output is byte-identical to nlohmann's dump() of the same document
// (keys in sorted order, no spaces, ASCII apart from bytes of 0x80 and above,
// which it escapes; tests/core/codec_test.cpp checks it), so the schema has
// one definition. The fast decoder (lock_record_canonical.cpp) reads exactly
// this text back; nlohmann stays the reference decoder for everything else.
namespace {

// The fields between "epoch" and "previous" (keys in nlohmann's sorted order).
void append_fixed_middle(std::string& out, const LockRecord& record) {
  out.append(record.expired ? R"(,"expired":true)" : R"(,"expired":false)");
  out.append(R"(,"format":)"sv);
  append_json_string_escaping_high(out, kLockFormat);
  out.append(R"(,"lease_ns":)"sv);
  append_json_number(out, record.lease_ns);
  out.append(R"(,"owner":)"sv);
  append_json_string_escaping_high(out, record.owner);
}

constexpr std::string_view kEpochHead = R"({"epoch":)";
constexpr std::string_view kPreviousHead = R"(,"previous":{"epoch":)";
constexpr std::string_view kPreviousEtag = R"(,"etag":)";
constexpr std::string_view kPreviousNull = R"(,"previous":null)";
// encode_into writes a body of at most this many bytes on the stack first.
constexpr std::size_t kStackBodyBytes = 1024;

char* write_text(char* write, std::string_view text) {
  std::memcpy(write, text.data(), text.size());
  return write + text.size();
}

// The most bytes write_previous writes for `previous_etag`.
std::size_t previous_room(std::string_view previous_etag) {
  return kPreviousHead.size() + kDecimalBytesMax + kPreviousEtag.size() +
         json_string_room(previous_etag) + 1;
}

// The "previous" field, written at `write` (room for previous_room bytes).
char* write_previous(char* write, Epoch previous_epoch, std::string_view previous_etag) {
  if (previous_epoch == 0) return write_text(write, kPreviousNull);
  write = write_text(write, kPreviousHead);
  write = write_decimal(write, previous_epoch);
  write = write_text(write, kPreviousEtag);
  write = write_json_string_escaping_high(write, previous_etag);
  *write++ = '}';
  return write;
}

void append_previous(std::string& out, Epoch previous_epoch, std::string_view previous_etag) {
  const std::size_t start = out.size();
  out.resize(start + previous_room(previous_etag));
  const char* end = write_previous(out.data() + start, previous_epoch, previous_etag);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

// The fields after "previous", through the end of the document.
void append_fixed_tail(std::string& out, const LockRecord& record) {
  const std::size_t count = std::min(record.members.size(), kViewMembersMax);
  out.append(R"(,"renewals":)"sv);
  append_json_number(out, record.renewals);
  out.append(R"(,"version":)"sv);
  append_json_number(out, kLockSchemaVersion);
  out.append(R"(,"view":{"members":[)"sv);
  for (std::size_t i = 0; i < count; ++i) {
    const ViewMember& member = record.members[i];
    if (i != 0) out.push_back(',');
    out.append(R"({"heartbeat_age_ns":)"sv);
    append_json_number(out, member.heartbeat_age_ns);
    out.append(R"(,"node":)"sv);
    append_json_string_escaping_high(out, member.node_id);
    out.append(R"(,"role":)"sv);
    append_json_string_escaping_high(out, to_string(member.role));
    out.push_back('}');
  }
  out.append("]}}");
}

}  // namespace

std::string encode_lock_record(const LockRecord& record) {
  HOLO_ASSERT(record.epoch != 0);
  HOLO_ASSERT(!record.owner.empty());
  const std::size_t count = std::min(record.members.size(), kViewMembersMax);
  std::string out;
  out.reserve(192 + record.owner.size() + record.previous_etag.size() + count * 64);
  out.append(kEpochHead);
  append_json_number(out, record.epoch);
  append_fixed_middle(out, record);
  append_previous(out, record.previous_epoch, record.previous_etag);
  append_fixed_tail(out, record);
  return out;
}

namespace {

// The owner-only form's constant text (LockBodyEncoder): what
// append_fixed_middle and append_fixed_tail write around the owner for the
// record a naive node writes.
static_assert(kLockFormat == "holocron.lock");
static_assert(kLockSchemaVersion == 1);
constexpr std::string_view kOwnerOnlyLease =
    R"(,"expired":false,"format":"holocron.lock","lease_ns":)";
constexpr std::string_view kOwnerOnlyOwner = R"(,"owner":)";
constexpr std::string_view kOwnerOnlyView =
    R"(,"renewals":0,"version":1,"view":{"members":[{"heartbeat_age_ns":0,"node":)";
constexpr std::string_view kOwnerOnlyEnd = R"(,"role":"leader"}]}})";

bool owner_only(const LockRecord& fixed) {
  return !fixed.expired && fixed.renewals == 0 && fixed.lease_ns >= 0 &&
         fixed.lease_ns <= INT64_C(0xFFFFFFFF) && fixed.members.size() == 1 &&
         fixed.members[0].node_id == fixed.owner && fixed.members[0].role == MemberRole::kLeader &&
         fixed.members[0].heartbeat_age_ns == 0;
}

}  // namespace

LockBodyEncoder::LockBodyEncoder(const LockRecord& fixed) {
  HOLO_ASSERT(!fixed.owner.empty());
  if (owner_only(fixed)) {
    append_json_string_escaping_high(fixed_, fixed.owner);
    const auto written = std::to_chars(lease_digits_.data(),
                                       lease_digits_.data() + lease_digits_.size(), fixed.lease_ns);
    HOLO_ASSERT(written.ec == std::errc());
    lease_digits_size_ = static_cast<std::uint8_t>(written.ptr - lease_digits_.data());
    return;
  }
  append_fixed_middle(fixed_, fixed);
  middle_size_ = static_cast<std::uint32_t>(fixed_.size());
  append_fixed_tail(fixed_, fixed);
  HOLO_ASSERT(fixed_.size() > middle_size_);
}

std::string LockBodyEncoder::encode(Epoch epoch, Epoch previous_epoch,
                                    std::string_view previous_etag) const {
  std::string out;
  encode_into(out, epoch, previous_epoch, previous_etag);
  return out;
}

void LockBodyEncoder::encode_into(std::string& out, Epoch epoch, Epoch previous_epoch,
                                  std::string_view previous_etag) const {
  HOLO_ASSERT(epoch != 0);
  // Written through a pointer into room for the longest possible body and
  // trimmed once: this runs for every epoch a naive round creates, and
  // appending piece by piece (a capacity check and a call per piece) cost
  // about 670 instructions per body. The room is on the stack when it is
  // small (always, but for a hostile ETag): sizing `out` itself for the
  // longest body wrote zeros over more of its cache lines than a body uses,
  // and `out` is cold (10,000 naive nodes, cachegrind with an 8 MB cache).
  const bool owner_only_form = middle_size_ == 0;
  const std::string_view middle = std::string_view(fixed_).substr(0, middle_size_);
  const std::string_view tail = std::string_view(fixed_).substr(middle_size_);
  // The owner-only form writes the owner twice, the general one its text once.
  const std::size_t fixed_room =
      owner_only_form ? kOwnerOnlyLease.size() + kDecimalBytesMax + kOwnerOnlyOwner.size() +
                            kOwnerOnlyView.size() + kOwnerOnlyEnd.size() + 2 * fixed_.size()
                      : fixed_.size();
  const std::size_t room =
      kEpochHead.size() + kDecimalBytesMax + previous_room(previous_etag) + fixed_room;
  const auto write_body = [&](char* write) {
    write = write_text(write, kEpochHead);
    write = write_decimal(write, epoch);
    if (owner_only_form) {
      write = write_text(write, kOwnerOnlyLease);
      // All ten bytes, a copy of constant size (the room allows for twenty
      // digits), then only the lease's digits count: the next text is
      // written over the rest.
      std::memcpy(write, lease_digits_.data(), lease_digits_.size());
      write += lease_digits_size_;
      write = write_text(write, kOwnerOnlyOwner);
      write = write_text(write, fixed_);
      write = write_previous(write, previous_epoch, previous_etag);
      write = write_text(write, kOwnerOnlyView);
      write = write_text(write, fixed_);
      return write_text(write, kOwnerOnlyEnd);
    }
    write = write_text(write, middle);
    write = write_previous(write, previous_epoch, previous_etag);
    return write_text(write, tail);
  };
  // Left uninitialised on purpose: only the bytes write_body writes are
  // read, and zeroing the whole buffer for every body would cost more than
  // the body itself.
  std::array<char, kStackBodyBytes> stack;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  if (room <= stack.size()) {
    const char* end = write_body(stack.data());
    // Cleared, then appended to, instead of assign: assign's general path (a
    // replace that allows for the text to lie inside `out`) cost about 90
    // instructions per body, an append that fits the capacity (after the
    // first round, always) a copy and a length.
    out.clear();
    out.append(stack.data(), static_cast<std::size_t>(end - stack.data()));
    return;
  }
  out.clear();
  out.resize(room);
  const char* end = write_body(out.data());
  const auto written = static_cast<std::size_t>(end - out.data());
  HOLO_ASSERT(written <= room);
  out.resize(written);
}

LockDecode decode_lock_record_reference(std::string_view body) {
  if (body.size() > kLockBodyBytesMax) return failure("body larger than kLockBodyBytesMax");
  // parse(..., allow_exceptions = false) returns a "discarded" value instead
  // of throwing on malformed input; the try block is a second line of
  // defence, because a store body is hostile input and must never escape as
  // an exception from the core.
  try {
    const Json document = Json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_discarded()) return failure("not valid JSON");
    return decode_document(document);
  } catch (const Json::exception& error) {
    return failure(std::string("malformed lock record: ") + error.what());
  }
}

}  // namespace holocron
