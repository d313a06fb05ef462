#include "sim/lock_owner.hpp"

#include <cstdint>
#include <limits>

#include "core/assert.hpp"
#include "core/lock_record.hpp"

namespace holocron::sim {
namespace {

using namespace std::string_view_literals;

// Reads the canonical grammar left to right. Every method returns false at
// the first byte it does not expect; the scan then gives up (unsure) rather
// than guess what the decoder would say. It accepts a strict subset of what
// decode_lock_record accepts: no whitespace, keys in encode_lock_record's
// order, integers without leading zeros inside their field's range, strings
// of printable ASCII with short escapes only.
class CanonicalScanner {
 public:
  explicit CanonicalScanner(std::string_view text) : text_(text) {}

  bool literal(std::string_view expected) {
    if (text_.substr(at_, expected.size()) != expected) return false;
    at_ += expected.size();
    return true;
  }

  // An unsigned integer in [minimum, maximum]. A leading zero is invalid
  // JSON (except "0" itself), so it is refused, as is any overflow.
  bool unsigned_integer(std::uint64_t minimum, std::uint64_t maximum) {
    HOLO_ASSERT(minimum <= maximum);
    const std::size_t start = at_;
    std::uint64_t value = 0;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
      const auto digit = static_cast<std::uint64_t>(text_[at_] - '0');
      if (value > (maximum - digit) / 10) return false;  // value * 10 + digit > maximum
      value = value * 10 + digit;
      ++at_;
    }
    const std::size_t digits = at_ - start;
    if (digits == 0) return false;
    if (digits > 1 && text_[start] == '0') return false;
    return value >= minimum;
  }

  // A signed integer whose magnitude fits int64 ("-0" refused: the decoder
  // takes it, but the encoder never writes it, so it is not worth a proof).
  bool signed_integer() {
    constexpr auto kMagnitudeMax =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    const bool negative = literal("-"sv);
    return unsigned_integer(negative ? 1 : 0, kMagnitudeMax);
  }

  // A JSON string; `value` is its raw text between the quotes and `escaped`
  // says whether that text holds an escape (then it differs from the decoded
  // string). Bytes outside printable ASCII and \u escapes are refused: the
  // decoder checks UTF-8 and surrogate pairs, and the encoder writes neither
  // for the names a simulation uses.
  bool string(std::string_view& value, bool& escaped) {
    escaped = false;
    if (!literal("\""sv)) return false;
    const std::size_t start = at_;
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == '"') {
        value = text_.substr(start, at_ - start);
        ++at_;
        return true;
      }
      if (c < 0x20 || c > 0x7e) return false;
      if (c == '\\') {
        if (at_ + 1 >= text_.size()) return false;
        if ("\"\\/bfnrt"sv.find(text_[at_ + 1]) == std::string_view::npos) return false;
        escaped = true;
        ++at_;
      }
      ++at_;
    }
    return false;
  }

  bool any_string() {
    std::string_view ignored;
    bool escaped = false;
    return string(ignored, escaped);
  }

  bool member_role() {
    return literal(R"("leader")"sv) || literal(R"("follower")"sv) || literal(R"("unknown")"sv);
  }

  bool member() {
    return literal(R"({"heartbeat_age_ns":)"sv) && signed_integer() && literal(R"(,"node":)"sv) &&
           any_string() && literal(R"(,"role":)"sv) && member_role() && literal("}"sv);
  }

  bool members() {
    if (!literal(R"(,"view":{"members":[)"sv)) return false;
    if (literal("]}"sv)) return true;
    std::size_t count = 0;
    do {
      if (!member()) return false;
      ++count;
      if (count > kViewMembersMax) return false;
    } while (literal(","sv));
    return literal("]}"sv);
  }

  bool previous() {
    if (literal(R"(,"previous":null)"sv)) return true;
    return literal(R"(,"previous":{"epoch":)"sv) &&
           unsigned_integer(0, std::numeric_limits<std::uint64_t>::max()) &&
           literal(R"(,"etag":)"sv) && any_string() && literal("}"sv);
  }

  [[nodiscard]] bool at_end() const { return at_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

std::optional<std::string_view> scan_canonical_lock_owner(std::string_view body) {
  constexpr std::uint64_t kUnsignedMax = std::numeric_limits<std::uint64_t>::max();
  constexpr auto kSignedMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (body.size() > kLockBodyBytesMax) return std::nullopt;
  CanonicalScanner scan(body);
  std::string_view owner;
  bool owner_escaped = false;
  const bool canonical =
      scan.literal(R"({"epoch":)"sv) && scan.unsigned_integer(1, kUnsignedMax) &&
      (scan.literal(R"(,"expired":true)"sv) || scan.literal(R"(,"expired":false)"sv)) &&
      scan.literal(R"(,"format":"holocron.lock","lease_ns":)"sv) &&
      scan.unsigned_integer(0, kSignedMax) && scan.literal(R"(,"owner":)"sv) &&
      scan.string(owner, owner_escaped) && scan.previous() && scan.literal(R"(,"renewals":)"sv) &&
      scan.unsigned_integer(0, kUnsignedMax) && scan.literal(R"(,"version":1)"sv) &&
      scan.members() && scan.literal("}"sv) && scan.at_end();
  // An escaped owner is valid, but its decoded text is not a view of the
  // body; the decoder spells it out.
  if (!canonical || owner_escaped || owner.empty()) return std::nullopt;
  HOLO_ASSERT(owner.data() >= body.data());
  HOLO_ASSERT(owner.data() + owner.size() <= body.data() + body.size());
  return owner;
}

std::string_view lock_body_owner(std::string_view body, std::string& fallback_owner) {
  if (const auto owner = scan_canonical_lock_owner(body)) return *owner;
  LockDecode decoded = decode_lock_record(body);
  fallback_owner.clear();
  if (decoded.record) fallback_owner = std::move(decoded.record->owner);
  HOLO_ASSERT(decoded.record.has_value() != fallback_owner.empty());
  return fallback_owner;
}

}  // namespace holocron::sim
