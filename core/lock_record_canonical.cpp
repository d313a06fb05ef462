// The fast paths of the lock-record codec: a hand-written reader for the
// exact text that encode_lock_record and LockBodyEncoder write, keys in their
// order and no whitespace. decode_lock_record_canonical accepts a body only
// when every check of the reference decoder (decode_lock_record_reference,
// nlohmann) would pass with the same values; every other body, valid or not,
// goes to the reference, so the two paths cannot disagree on a decision or an
// error message. tests/core/codec_differential_test.cpp and the codecs fuzz
// target compare them.
//
// scan_lock_owner_canonical reads the same grammar (one template, below) but
// keeps only the owner, as a view of the body: the simulator's checkers want
// the owner of every applied PUT, and building a whole LockRecord for it (a
// string per member) was a visible share of a checked run.
#include <array>
#include <cstring>

#include "core/json_text.hpp"
#include "core/lock_record.hpp"

namespace holocron {
namespace {

using namespace std::string_view_literals;

// True for the bytes CanonicalJsonReader takes as they are inside a string:
// printable ASCII and DEL, except the quote and the backslash.
constexpr std::array<bool, 256> kPlainBytes = [] {
  std::array<bool, 256> plain{};
  for (std::size_t byte = 0x20; byte < 0x80; ++byte) plain[byte] = true;
  plain['"'] = false;
  plain['\\'] = false;
  return plain;
}();

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// CanonicalJsonReader's subset of JSON, read by the owner scan: the same
// literals, integers and strings accepted, but in line, through a pointer,
// and without the values nobody keeps. The scan reads every byte of every
// applied PUT in a checked run (about 230 bytes each, most of them the
// previous ETag and the view), and the general reader's out-of-line calls
// and bounds-checked substrings were about seven instructions a byte. A
// failed read leaves the cursor anywhere: the scan then gives up on the body.
//
// The text must end with '}' (every body the grammar accepts does), so that
// a run of digits always ends before the end of the text and the digit loop
// need not test for the end.
class SkimReader {
 public:
  explicit SkimReader(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {
    HOLO_ASSERT(!text.empty());
    HOLO_ASSERT(text.back() == '}');
  }

  // Compared eight bytes at a time, the last word overlapping the one
  // before: with the literal's size and bytes known where this is inlined,
  // that is a few loads and compares with constants, where memcmp (which
  // the compiler calls for the long keys) cost a call per literal.
  [[nodiscard, gnu::always_inline]] bool literal(std::string_view expected) {
    const std::size_t size = expected.size();
    if (static_cast<std::size_t>(end_ - at_) < size) return false;
    if (size < 8) {
      for (std::size_t i = 0; i < size; ++i) {
        if (at_[i] != expected[i]) return false;
      }
    } else {
      for (std::size_t i = 0; i + 8 < size; i += 8) {
        if (word(at_ + i) != word(expected.data() + i)) return false;
      }
      if (word(at_ + size - 8) != word(expected.data() + size - 8)) return false;
    }
    at_ += size;
    return true;
  }
  [[nodiscard]] bool next_is(char expected) {
    if (at_ == end_ || *at_ != expected) return false;
    ++at_;
    return true;
  }
  [[nodiscard]] bool at_end() const { return at_ == end_; }
  // True, and at the end, when the rest of the text is `head`, `middle` and
  // `end` in that order; unmoved otherwise.
  [[nodiscard]] bool rest_is(std::string_view head, std::string_view middle, std::string_view end) {
    const auto rest = static_cast<std::size_t>(end_ - at_);
    if (rest != head.size() + middle.size() + end.size()) return false;
    const char* const start = at_;
    if (literal(head) && literal(middle) && literal(end)) return true;
    at_ = start;
    return false;
  }

  // CanonicalJsonReader::unsigned_integer, with the value dropped.
  [[nodiscard]] bool skip_unsigned_integer() { return skip_digits(kUint64Max); }
  // skip_unsigned_integer, keeping only whether the value is zero: the scan
  // needs no more of the epoch, and converting its digits cost more than
  // reading them. The one canonical zero is "0" (no leading zeros).
  [[nodiscard]] bool skip_unsigned_integer(bool& zero) {
    zero = at_ != end_ && *at_ == '0';
    return skip_digits(kUint64Max);
  }
  // CanonicalJsonReader::signed_integer, with the value dropped: a magnitude
  // of at most INT64_MAX, or INT64_MAX + 1 after a '-'.
  [[nodiscard]] bool skip_signed_integer() {
    const bool minus = next_is('-');
    return skip_digits(minus ? kInt64MinMagnitude : kInt64Max);
  }
  // skip_signed_integer, keeping only whether the value is below zero ("-0"
  // is zero).
  [[nodiscard]] bool skip_signed_integer(bool& negative) {
    const bool minus = next_is('-');
    negative = minus && at_ != end_ && *at_ != '0';
    return skip_digits(minus ? kInt64MinMagnitude : kInt64Max);
  }
  // CanonicalJsonReader::skip_string.
  [[nodiscard]] bool skip_string() {
    if (!next_is('"')) return false;
    while (at_ != end_) {
      const char c = *at_;
      if (kPlainBytes[static_cast<unsigned char>(c)]) {
        ++at_;
        continue;
      }
      if (c == '"') {
        ++at_;
        return true;
      }
      // The short escapes CanonicalJsonReader decodes; a \u escape, a control
      // character or a byte of 0x80 and above is not canonical.
      if (c != '\\' || end_ - at_ < 2 || !is_short_escape(at_[1])) return false;
      at_ += 2;
    }
    return false;
  }
  // CanonicalJsonReader::unescaped_string: a string of plain bytes only. In
  // line (GCC kept it out of line once the tail no longer read the role): a
  // call cost the owner's read about 40 instructions of its 80.
  [[nodiscard, gnu::always_inline]] bool unescaped_string(std::string_view& out) {
    if (!next_is('"')) return false;
    const char* const start = at_;
    while (at_ != end_ && kPlainBytes[static_cast<unsigned char>(*at_)]) ++at_;
    if (at_ == end_ || *at_ != '"') return false;
    out = std::string_view(start, static_cast<std::size_t>(at_ - start));
    ++at_;
    return true;
  }

 private:
  // The largest magnitudes, as text: among digit strings of one length
  // without a leading zero, text order is numeric order.
  static constexpr std::string_view kUint64Max = "18446744073709551615";
  static constexpr std::string_view kInt64Max = "9223372036854775807";
  static constexpr std::string_view kInt64MinMagnitude = "9223372036854775808";

  static std::uint64_t word(const char* bytes) {
    std::uint64_t value = 0;
    std::memcpy(&value, bytes, sizeof value);
    return value;
  }

  static bool is_short_escape(char c) {
    switch (c) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return true;
      default:
        return false;
    }
  }

  // A canonical integer's digits ("0", or a digit 1-9 and more digits) of at
  // most `largest` in value; not followed by a digit, a fraction or an
  // exponent (leading zeros are invalid JSON, and nlohmann reads a fraction,
  // an exponent or an integer above UINT64_MAX as a double).
  bool skip_digits(std::string_view largest) {
    const char* const start = at_;
    if (at_ == end_ || !is_digit(*at_)) return false;
    if (*at_ == '0') {
      ++at_;
    } else {
      while (is_digit(*at_)) ++at_;  // stops at the final '}' at the latest
      const auto digits = static_cast<std::size_t>(at_ - start);
      if (digits > largest.size()) return false;
      if (digits == largest.size() && std::string_view(start, digits) > largest) return false;
    }
    if (at_ == end_) return true;
    const char next = *at_;
    return !is_digit(next) && next != '.' && next != 'e' && next != 'E';
  }

  const char* at_;
  const char* end_;
};

// Keeps every field in a LockRecord (decode_lock_record_canonical).
class WholeRecord {
 public:
  explicit WholeRecord(LockRecord& record) : record_(record) { record_.members.reserve(8); }

  bool epoch(CanonicalJsonReader& reader) { return reader.unsigned_integer(record_.epoch); }
  void expired(bool expired) { record_.expired = expired; }
  bool lease(CanonicalJsonReader& reader) { return reader.signed_integer(record_.lease_ns); }
  bool owner(CanonicalJsonReader& reader) { return reader.string(record_.owner); }
  bool previous_epoch(CanonicalJsonReader& reader) {
    return reader.unsigned_integer(record_.previous_epoch);
  }
  bool previous_etag(CanonicalJsonReader& reader) { return reader.string(record_.previous_etag); }
  bool renewals(CanonicalJsonReader& reader) { return reader.unsigned_integer(record_.renewals); }
  [[nodiscard]] std::size_t member_count() const { return record_.members.size(); }
  ViewMember& add_member() { return record_.members.emplace_back(); }
  bool member_age(CanonicalJsonReader& reader, ViewMember& member) {
    return reader.signed_integer(member.heartbeat_age_ns);
  }
  bool member_node(CanonicalJsonReader& reader, ViewMember& member) {
    return reader.string(member.node_id);
  }
  bool member_role(CanonicalJsonReader& reader, ViewMember& member) {
    if (!reader.string(role_name_)) return false;
    const auto role = parse_member_role(role_name_);
    if (!role) return false;
    member.role = *role;
    return true;
  }

  // No shortcut: the record needs every member's values.
  bool owner_only_tail(CanonicalJsonReader& /*reader*/) { return false; }

  // The reference's checks of values (decode_document in lock_record.cpp);
  // the types and the schema version were checked while reading.
  [[nodiscard]] bool values_valid() const {
    return record_.epoch != 0 && !record_.owner.empty() && record_.lease_ns >= 0;
  }

 private:
  LockRecord& record_;
  std::string role_name_;
};

// Keeps the owner as a view of the body and checks everything else without
// copying it (scan_lock_owner_canonical). Refuses an owner with an escape,
// whose decoded text is not in the body: the caller decodes that one.
class OwnerOnly {
 public:
  bool epoch(SkimReader& reader) { return reader.skip_unsigned_integer(epoch_zero_); }
  void expired(bool /*expired*/) {}
  bool lease(SkimReader& reader) { return reader.skip_signed_integer(lease_negative_); }
  bool owner(SkimReader& reader) { return reader.unescaped_string(owner_); }
  bool previous_epoch(SkimReader& reader) { return reader.skip_unsigned_integer(); }
  bool previous_etag(SkimReader& reader) { return reader.skip_string(); }
  bool renewals(SkimReader& reader) { return reader.skip_unsigned_integer(); }
  [[nodiscard]] std::size_t member_count() const { return members_; }
  ViewMember& add_member() {
    ++members_;
    return scratch_member_;
  }
  bool member_age(SkimReader& reader, ViewMember& /*member*/) {
    return reader.skip_signed_integer();
  }
  bool member_node(SkimReader& reader, ViewMember& /*member*/) { return reader.skip_string(); }
  // A role with an escape is never a valid role name ("leader", "follower"
  // and "unknown" hold no character that needs one), so reading it as a view
  // refuses exactly what parse_member_role would.
  bool member_role(SkimReader& reader, ViewMember& /*member*/) {
    std::string_view role_name;
    return reader.unescaped_string(role_name) && parse_member_role(role_name).has_value();
  }

  // The tail of LockBodyEncoder's owner-only form, the naive elector's body
  // and so nearly every checked PUT: no renewals, and the owner the only
  // member, a leader heard just now. Compared as text, the whole tail costs
  // a few word compares instead of reading its members; the grammar accepts
  // this text (the owner's bytes were read as a string without escapes, and
  // the member's node is the same bytes), so the answer is read_tail's.
  bool owner_only_tail(SkimReader& reader) {
    return reader.rest_is(
        R"(,"renewals":0,"version":1,"view":{"members":[{"heartbeat_age_ns":0,"node":")"sv, owner_,
        R"(","role":"leader"}]}})"sv);
  }

  [[nodiscard]] bool values_valid() const {
    return !epoch_zero_ && !owner_.empty() && !lease_negative_;
  }
  [[nodiscard]] std::string_view owner() const { return owner_; }

 private:
  bool epoch_zero_ = true;
  bool lease_negative_ = true;
  std::string_view owner_;
  std::size_t members_ = 0;
  ViewMember scratch_member_;  // add_member's reference, never read
};

// One member object of the view, from '{' through '}'.
template <typename Reader, typename Target>
bool read_member(Reader& reader, Target& target, ViewMember& member) {
  if (!reader.literal(R"({"heartbeat_age_ns":)"sv)) return false;
  if (!target.member_age(reader, member)) return false;
  if (!reader.literal(R"(,"node":)"sv)) return false;
  if (!target.member_node(reader, member)) return false;
  if (!reader.literal(R"(,"role":)"sv)) return false;
  if (!target.member_role(reader, member)) return false;
  return reader.next_is('}');
}

// "previous": null, or an object of an epoch and an ETag.
template <typename Reader, typename Target>
bool read_previous(Reader& reader, Target& target) {
  if (!reader.literal(R"(,"previous":)"sv)) return false;
  // Every lock but the first epoch's names a previous one.
  if (!reader.literal(R"({"epoch":)"sv)) return reader.literal("null"sv);
  if (!target.previous_epoch(reader)) return false;
  if (!reader.literal(R"(,"etag":)"sv)) return false;
  if (!target.previous_etag(reader)) return false;
  return reader.next_is('}');
}

// "view": {"members": [...]} through the end of the document.
template <typename Reader, typename Target>
bool read_view(Reader& reader, Target& target) {
  if (!reader.literal(R"(,"view":{"members":[)"sv)) return false;
  if (!reader.next_is(']')) {
    do {
      // The reference rejects a longer view; leave that message to it.
      if (target.member_count() == kViewMembersMax) return false;
      if (!read_member(reader, target, target.add_member())) return false;
    } while (reader.next_is(','));
    if (!reader.next_is(']')) return false;
  }
  HOLO_ASSERT(target.member_count() <= kViewMembersMax);
  return reader.literal("}}"sv) && reader.at_end();
}

// "renewals" through the end of the document.
template <typename Reader, typename Target>
bool read_tail(Reader& reader, Target& target) {
  if (!reader.literal(R"(,"renewals":)"sv)) return false;
  if (!target.renewals(reader)) return false;
  // The version is checked as part of the text: "1" followed by ','.
  static_assert(kLockSchemaVersion == 1);
  if (!reader.literal(R"(,"version":1)"sv)) return false;
  return read_view(reader, target);
}

template <typename Reader, typename Target>
bool read_record(Reader& reader, Target& target) {
  if (!reader.literal(R"({"epoch":)"sv)) return false;
  if (!target.epoch(reader)) return false;
  // "expired" and the constant "format" in one literal; a live lock first.
  if (reader.literal(R"(,"expired":false,"format":"holocron.lock","lease_ns":)"sv)) {
    target.expired(false);
  } else if (reader.literal(R"(,"expired":true,"format":"holocron.lock","lease_ns":)"sv)) {
    target.expired(true);
  } else {
    return false;
  }
  if (!target.lease(reader)) return false;
  if (!reader.literal(R"(,"owner":)"sv)) return false;
  if (!target.owner(reader)) return false;
  if (!read_previous(reader, target)) return false;
  if (!target.owner_only_tail(reader) && !read_tail(reader, target)) return false;
  return target.values_valid();
}

}  // namespace

std::optional<LockRecord> decode_lock_record_canonical(std::string_view body) {
  if (body.size() > kLockBodyBytesMax) return std::nullopt;
  CanonicalJsonReader reader(body);
  LockRecord record;
  WholeRecord target(record);
  if (!read_record(reader, target)) return std::nullopt;
  HOLO_ASSERT(reader.at_end());
  return record;
}

std::optional<std::string_view> scan_lock_owner_canonical(std::string_view body) {
  if (body.size() > kLockBodyBytesMax) return std::nullopt;
  // The grammar ends with "}}"; SkimReader needs the final '}'.
  if (body.empty() || body.back() != '}') return std::nullopt;
  SkimReader reader(body);
  OwnerOnly target;
  if (!read_record(reader, target)) return std::nullopt;
  HOLO_ASSERT(reader.at_end());
  HOLO_ASSERT(!target.owner().empty());
  return target.owner();
}

const LockDecode& LockBodyDecoder::decode(std::string_view body) {
  if (renewals_known_) {
    if (const auto renewals = renewals_if_only_change(body)) {
      HOLO_ASSERT(decoded_.record.has_value());
      decoded_.record->renewals = *renewals;
      const std::size_t digits = body.size() - (body_.size() - renewals_end_) - renewals_begin_;
      body_.replace(renewals_begin_, renewals_end_ - renewals_begin_,
                    body.substr(renewals_begin_, digits));
      renewals_end_ = renewals_begin_ + digits;
      return decoded_;
    }
  }
  renewals_known_ = false;
  std::optional<LockRecord> record = decode_lock_record_canonical(body);
  if (!record) {
    decoded_ = decode_lock_record_reference(body);
    HOLO_ASSERT(decoded_.record.has_value() != !decoded_.error.empty());
    return decoded_;
  }
  decoded_.record = std::move(record);
  decoded_.error.clear();
  // The first `,"renewals":` is the key: every earlier string of the
  // canonical grammar is followed by `,"previous":` or `}`, and a raw quote
  // cannot occur inside a string, so the text cannot occur inside one.
  constexpr std::string_view kRenewalsKey = R"(,"renewals":)";
  const std::size_t key = body.find(kRenewalsKey);
  HOLO_ASSERT(key != std::string_view::npos);
  renewals_begin_ = key + kRenewalsKey.size();
  renewals_end_ = body.find(',', renewals_begin_);
  HOLO_ASSERT(renewals_end_ != std::string_view::npos);
  body_.assign(body);
  renewals_known_ = true;
  return decoded_;
}

std::optional<std::uint64_t> LockBodyDecoder::renewals_if_only_change(std::string_view body) const {
  HOLO_ASSERT(renewals_known_);
  // The canonical path refuses larger bodies, and a longer count could
  // carry a body over the limit.
  if (body.size() > kLockBodyBytesMax) return std::nullopt;
  const std::string_view last(body_);
  const std::size_t suffix = last.size() - renewals_end_;
  if (body.size() <= renewals_begin_ + suffix) return std::nullopt;
  if (body.substr(0, renewals_begin_) != last.substr(0, renewals_begin_)) return std::nullopt;
  if (body.substr(body.size() - suffix) != last.substr(renewals_end_)) return std::nullopt;
  // The count is followed by the suffix's ',' in the body, and by the end
  // here: the reader accepts the same digits either way.
  CanonicalJsonReader reader(body.substr(renewals_begin_, body.size() - suffix - renewals_begin_));
  std::uint64_t renewals = 0;
  if (!reader.unsigned_integer(renewals) || !reader.at_end()) return std::nullopt;
  return renewals;
}

LockDecode decode_lock_record(std::string_view body) {
  std::optional<LockRecord> record = decode_lock_record_canonical(body);
  if (record) return LockDecode{std::move(record), {}};
  LockDecode decoded = decode_lock_record_reference(body);
  HOLO_ASSERT(decoded.record.has_value() != !decoded.error.empty());
  return decoded;
}

}  // namespace holocron
