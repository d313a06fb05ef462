// The body of an epoch lock object: a small, versioned JSON document.
//
// Schema (version 1), written by the node that created the epoch:
//   {
//     "format": "holocron.lock", "version": 1,
//     "epoch": 42,                  // must equal the epoch in the object's key
//     "owner": "node-3",            // the node that created (won) this epoch
//     "lease_ns": 10000000000,      // the validity the owner promises to renew within
//     "renewals": 7,                // incremented by every renewal (If-Match PUT)
//     "expired": false,             // true once the owner resigned (handoff)
//     "previous": {"epoch": 41, "etag": "\"e41-3\""},   // or null for the first epoch
//     "view": {"members": [        // the owner's view of the cluster at creation
//       {"node": "node-3", "role": "leader", "heartbeat_age_ns": 0},
//       {"node": "node-1", "role": "follower", "heartbeat_age_ns": 1200000000}]}
//   }
// Only the owner writes the object. The view and "previous" are written once,
// at creation; renewals and the resign change only "renewals" and "expired".
// heartbeat_age_ns is how long before the object was written the owner last saw
// that member's heartbeat, by the owner's own clock: an age instead of a
// timestamp, because no node may trust another node's clock, and an age means
// the same on every clock. A negative age means "never seen".
//
// Decoding never throws: a corrupt, truncated, foreign or future-version body
// is an error value, and the algorithms treat such an object as "an epoch that
// exists and that nobody here may act on" (see the algorithm headers).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/elector.hpp"
#include "core/time.hpp"

namespace holocron {

inline constexpr int kLockSchemaVersion = 1;
// Bodies larger than this are rejected unparsed: a hostile or corrupt object
// must not make the core allocate without bound.
inline constexpr std::size_t kLockBodyBytesMax = 1 << 20;
// A view lists at most this many members (the rest are dropped, newest kept).
inline constexpr std::size_t kViewMembersMax = 4096;

enum class MemberRole : std::uint8_t {
  kLeader,    // the lock's owner
  kFollower,  // a node the owner saw as a live participant
  kUnknown,   // a node the owner knows of but has not heard from recently
};

[[nodiscard]] std::string_view to_string(MemberRole role);
[[nodiscard]] std::optional<MemberRole> parse_member_role(std::string_view name);

struct ViewMember {
  std::string node_id;
  MemberRole role = MemberRole::kUnknown;
  Nanos heartbeat_age_ns = -1;  // < 0: never seen

  bool operator==(const ViewMember&) const = default;
};

struct LockRecord {
  Epoch epoch = 0;
  std::string owner;
  Nanos lease_ns = 0;
  std::uint64_t renewals = 0;
  bool expired = false;
  Epoch previous_epoch = 0;  // 0: none
  std::string previous_etag;
  std::vector<ViewMember> members;

  // Every field, so records that compare equal encode to the same body (the
  // leader's cached body in core/lock_elector.cpp relies on it).
  bool operator==(const LockRecord&) const = default;
};

// The outcome of decoding a body: either a record or a message saying what was
// wrong with it ("field 'epoch': expected an unsigned integer").
struct LockDecode {
  std::optional<LockRecord> record;
  std::string error;
};

[[nodiscard]] std::string encode_lock_record(const LockRecord& record);
// Decodes a body: the canonical fast path (core/lock_record_canonical.cpp)
// for what our encoders write, and the reference for everything else. Both
// paths give the same record or the same error message for every body.
[[nodiscard]] LockDecode decode_lock_record(std::string_view body);

// The two paths on their own, for the differential tests and the codecs fuzz
// target. The canonical path gives nullopt for any body it does not accept
// (valid but unusual, or invalid), never an error; the reference is the
// nlohmann/json decoder, the definition of what is accepted.
[[nodiscard]] std::optional<LockRecord> decode_lock_record_canonical(std::string_view body);
[[nodiscard]] LockDecode decode_lock_record_reference(std::string_view body);

// The owner alone, read by the canonical path's grammar without building a
// record: a view into `body` when decode_lock_record_canonical would accept
// the body and the owner holds no escape; nullopt when unsure (a body off the
// canonical path, invalid, or an escaped owner), and then only
// decode_lock_record can tell. Never a wrong owner: every body it accepts
// decodes to a record with this owner (tests/core/lock_owner_scan_test.cpp).
[[nodiscard]] std::optional<std::string_view> scan_lock_owner_canonical(std::string_view body);

// decode_lock_record for the successive bodies that one follower reads of the
// newest lock object. A renewal rewrites only the body's "renewals" count, so
// a body that equals the last one decoded everywhere but in that count is not
// read again: only its count is (a follower decoded every renewal it saw in
// full, about 2,100 instructions each, 6% of a five-node seed). Every result
// equals decode_lock_record's for the same body
// (tests/core/lock_body_decoder_test.cpp).
class LockBodyDecoder {
 public:
  // decode_lock_record(body); the reference stays valid until the next call.
  [[nodiscard]] const LockDecode& decode(std::string_view body);

 private:
  // The renewals count of `body` when `body` equals body_ outside body_'s
  // count and that count is one the canonical reader accepts; else nullopt.
  [[nodiscard]] std::optional<std::uint64_t> renewals_if_only_change(std::string_view body) const;

  std::string body_;  // the body decoded last, when the canonical path read it
  LockDecode decoded_;
  // Where body_'s renewals count is: [renewals_begin_, renewals_end_).
  std::size_t renewals_begin_ = 0;
  std::size_t renewals_end_ = 0;
  bool renewals_known_ = false;  // body_ and the two positions describe decoded_
};

// Encodes records that differ only in epoch, previous_epoch and previous_etag
// (a naive node's create attempts, one per round) without re-encoding the
// fixed fields each time: the output equals encode_lock_record's for the
// same record, byte for byte.
class LockBodyEncoder {
 public:
  explicit LockBodyEncoder(const LockRecord& fixed);
  [[nodiscard]] std::string encode(Epoch epoch, Epoch previous_epoch,
                                   std::string_view previous_etag) const;
  // The same body written over `out`, reusing its capacity (the hot path of a
  // naive round writes into a reused request).
  void encode_into(std::string& out, Epoch epoch, Epoch previous_epoch,
                   std::string_view previous_etag) const;

 private:
  // Two forms. The general one: "expired" through "owner", then "renewals"
  // through the end, in one buffer (one heap block to read per body, not
  // two), and middle_size_ the first part's length. The owner-only form, for
  // the record a naive node writes (not expired, no renewals, the owner as
  // the only member, a leader with heartbeat age 0, a lease below 2^32 ns):
  // fixed_ is only the owner as a JSON string, and the rest of the body is
  // constant text that every node shares. A short owner's string lives in
  // the encoder object itself, so that a node's round reads no heap block of
  // its own for its body (10,000 naive nodes: about three cache lines per
  // round, cachegrind with an 8 MB last-level cache).
  // The lease's decimal digits are kept as text: converting it for every
  // body cost more instructions than the whole body's other fixed text.
  std::string fixed_;
  std::uint32_t middle_size_ = 0;        // general form: > 0; owner-only form: 0
  std::uint8_t lease_digits_size_ = 0;   // owner-only form: the lease's digits
  std::array<char, 10> lease_digits_{};  // (at most 10: a lease below 2^32)
};

}  // namespace holocron
