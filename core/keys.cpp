#include "core/keys.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#include "core/assert.hpp"

namespace holocron {
namespace {

constexpr std::string_view kEpochInfix = "epoch-";
constexpr std::string_view kNodesInfix = "nodes/";

bool starts_with_parts(std::string_view text, std::string_view first, std::string_view second) {
  return text.size() >= first.size() + second.size() && text.substr(0, first.size()) == first &&
         text.substr(first.size(), second.size()) == second;
}

// The fixed-width epoch digits are converted eight at a time in one 64-bit
// word (SIMD within a register), instead of one or two digits per step: every
// naive round parses its LIST page's last key and writes two or three keys.
// Words are read and written in little-endian byte order (the first digit in
// the lowest byte): one memcpy on little-endian machines, byte by byte on the
// others.

std::uint64_t load_little_endian(const char* bytes, std::size_t count) {
  HOLO_ASSERT(count <= 8);
  std::uint64_t word = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&word, bytes, count);
  } else {
    for (std::size_t i = 0; i < count; ++i) {
      word |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
    }
  }
  return word;
}

void store_little_endian(std::uint64_t word, char* bytes) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(bytes, &word, sizeof word);
  } else {
    for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<char>((word >> (8 * i)) & 0xFF);
  }
}

// True when every byte of `word` is an ASCII digit: its high nibble is 3 and
// adding 6 does not carry into it. A byte above 0xF9 carries into the next
// byte, but its own high nibble already fails the test.
bool all_digits(std::uint64_t word) {
  constexpr std::uint64_t kHighNibbles = 0xF0F0F0F0F0F0F0F0ULL;
  constexpr std::uint64_t kSixes = 0x0606060606060606ULL;
  constexpr std::uint64_t kThrees = 0x3333333333333333ULL;
  return ((word & kHighNibbles) | (((word + kSixes) & kHighNibbles) >> 4)) == kThrees;
}

// The value of eight ASCII digits (checked by all_digits), the first digit in
// the lowest byte: pairs of digits, then quads, then the eight.
std::uint64_t eight_digits_value(std::uint64_t word) {
  word &= 0x0F0F0F0F0F0F0F0FULL;
  word = (word * 10 + (word >> 8)) & 0x00FF00FF00FF00FFULL;
  word = (word * 100 + (word >> 16)) & 0x0000FFFF0000FFFFULL;
  return (word * 10000 + (word >> 32)) & 0xFFFFFFFFULL;
}

// Twenty ASCII digits as a number, or nullopt when one is not a digit or the
// value exceeds UINT64_MAX (never wraps).
std::optional<std::uint64_t> parse_twenty_digits(const char* digits) {
  // The four leading digits are read as eight with "0000" in front.
  constexpr std::uint64_t kFourZeros = 0x30303030ULL;
  constexpr std::uint64_t kEightZeros = 0x3030303030303030ULL;
  const std::uint64_t leading = load_little_endian(digits, 4);
  const std::uint64_t middle = load_little_endian(digits + 4, 8);
  const std::uint64_t tail = load_little_endian(digits + 12, 8);
  // Epochs below 10^8 (a thousand-node hour makes about 160,000) start with
  // twelve zeros: only the last eight digits need checking and converting.
  if (leading == kFourZeros && middle == kEightZeros) {
    if (!all_digits(tail)) return std::nullopt;
    return eight_digits_value(tail);
  }
  const std::uint64_t head = kFourZeros | (leading << 32);
  if (!all_digits(head) || !all_digits(middle) || !all_digits(tail)) return std::nullopt;
  constexpr std::uint64_t kTenToTheSixteen = 10'000'000'000'000'000ULL;
  constexpr std::uint64_t kTenToTheEight = 100'000'000ULL;
  const std::uint64_t high = eight_digits_value(head);
  // UINT64_MAX is 1844 6744073709551615: the four leading digits decide,
  // unless they are exactly 1844.
  constexpr std::uint64_t kHighMax = UINT64_MAX / kTenToTheSixteen;
  if (high > kHighMax) return std::nullopt;
  const std::uint64_t low = eight_digits_value(middle) * kTenToTheEight + eight_digits_value(tail);
  if (high == kHighMax && low > UINT64_MAX % kTenToTheSixteen) return std::nullopt;
  return high * kTenToTheSixteen + low;
}

// Writes `value` (below 10^8) as eight ASCII digits: split into two halves of
// four digits, each half into two pairs, each pair into two digits, all lanes
// at once. The multiply-and-shift steps divide exactly in these ranges:
// (x * 10486) >> 20 is x / 100 for x < 10^4, (x * 103) >> 10 is x / 10 for
// x < 100, and no lane's product reaches the next lane.
void write_eight_digits(std::uint32_t value, char* out) {
  HOLO_ASSERT(value < 100'000'000U);
  std::uint64_t lanes = (value / 10000) | (std::uint64_t{value % 10000} << 32);
  const std::uint64_t hundreds = ((lanes * 10486) >> 20) & 0x0000007F0000007FULL;
  lanes = hundreds | ((lanes - hundreds * 100) << 16);
  const std::uint64_t tens = ((lanes * 103) >> 10) & 0x000F000F000F000FULL;
  lanes = tens | ((lanes - tens * 10) << 8);
  store_little_endian(lanes | 0x3030303030303030ULL, out);
}

// Writes `value` as twenty zero-padded ASCII digits (enough for UINT64_MAX).
void write_twenty_digits(std::uint64_t value, char* out) {
  constexpr std::uint64_t kTenToTheEight = 100'000'000ULL;
  // Epochs below 10^8 (see parse_twenty_digits) are twelve zeros and eight
  // digits: one conversion instead of three.
  if (value < kTenToTheEight) {
    std::memset(out, '0', 12);
    write_eight_digits(static_cast<std::uint32_t>(value), out + 12);
    return;
  }
  const auto tail = static_cast<std::uint32_t>(value % kTenToTheEight);
  value /= kTenToTheEight;
  const auto middle = static_cast<std::uint32_t>(value % kTenToTheEight);
  const auto head = static_cast<std::uint32_t>(value / kTenToTheEight);  // at most 1844
  char head_digits[8];
  write_eight_digits(head, head_digits);
  std::copy(head_digits + 4, head_digits + 8, out);
  write_eight_digits(middle, out + 4);
  write_eight_digits(tail, out + 12);
}

}  // namespace

std::string epoch_list_prefix(std::string_view election_prefix) {
  std::string prefix;
  prefix.reserve(election_prefix.size() + kEpochInfix.size());
  prefix.append(election_prefix).append(kEpochInfix);
  return prefix;
}

void write_epoch_key(std::string_view election_prefix, Epoch epoch, std::string& out) {
  HOLO_ASSERT(epoch != 0);
  // Written in place over `out` (resize keeps its capacity): every request of
  // a naive round writes a key, so this is hot.
  const std::size_t head = election_prefix.size() + kEpochInfix.size();
  out.resize(head + kEpochDigits);
  char* const data = out.data();
  std::copy(election_prefix.begin(), election_prefix.end(), data);
  std::copy(kEpochInfix.begin(), kEpochInfix.end(), data + election_prefix.size());
  write_twenty_digits(epoch, data + head);
}

void write_epoch_key_under(std::string_view list_prefix, Epoch epoch, std::string& out) {
  HOLO_ASSERT(epoch != 0);
  out.resize(list_prefix.size() + kEpochDigits);
  char* const data = out.data();
  std::copy(list_prefix.begin(), list_prefix.end(), data);
  write_twenty_digits(epoch, data + list_prefix.size());
}

std::string epoch_key(std::string_view election_prefix, Epoch epoch) {
  std::string key;
  write_epoch_key(election_prefix, epoch, key);
  return key;
}

std::optional<Epoch> parse_epoch_key(std::string_view election_prefix, std::string_view key) {
  if (!starts_with_parts(key, election_prefix, kEpochInfix)) return std::nullopt;
  const std::string_view digits = key.substr(election_prefix.size() + kEpochInfix.size());
  if (digits.size() != kEpochDigits) return std::nullopt;
  // A LIST answer's last key is parsed on every naive round, so this is hot.
  const std::optional<Epoch> value = parse_twenty_digits(digits.data());
  if (!value || *value == 0) return std::nullopt;
  return value;
}

std::optional<Epoch> parse_epoch_key_under(std::string_view list_prefix, std::string_view key) {
  if (key.size() != list_prefix.size() + kEpochDigits) return std::nullopt;
  if (key.substr(0, list_prefix.size()) != list_prefix) return std::nullopt;
  const std::optional<Epoch> value = parse_twenty_digits(key.data() + list_prefix.size());
  if (!value || *value == 0) return std::nullopt;
  return value;
}

std::string node_state_list_prefix(std::string_view election_prefix) {
  std::string prefix;
  prefix.append(election_prefix).append(kNodesInfix);
  return prefix;
}

std::string node_state_key(std::string_view election_prefix, std::string_view node_id) {
  HOLO_ASSERT(!node_id.empty());
  std::string key = node_state_list_prefix(election_prefix);
  key.append(node_id);
  return key;
}

std::optional<std::string_view> parse_node_state_key(std::string_view election_prefix,
                                                     std::string_view key) {
  if (!starts_with_parts(key, election_prefix, kNodesInfix)) return std::nullopt;
  const std::string_view node_id = key.substr(election_prefix.size() + kNodesInfix.size());
  if (node_id.empty() || node_id.find('/') != std::string_view::npos) return std::nullopt;
  return node_id;
}

ObjectLocation node_state_location(const ElectorOptions& options) {
  return node_state_location(options, identity_of(options));
}

ObjectLocation node_state_location(const ElectorOptions& shared, const ElectorIdentity& identity) {
  HOLO_ASSERT(!identity.node_id.empty());
  const bool per_node = shared.layout == Layout::kPerNode;
  return ObjectLocation{per_node ? identity.node_bucket : shared.election_bucket,
                        node_state_key(shared.election_prefix, identity.node_id)};
}

}  // namespace holocron
