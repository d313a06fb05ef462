#include "core/keys.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace holocron {
namespace {

constexpr std::string_view kEpochInfix = "epoch-";
constexpr std::string_view kNodesInfix = "nodes/";

bool starts_with_parts(std::string_view text, std::string_view first, std::string_view second) {
  return text.size() >= first.size() + second.size() && text.substr(0, first.size()) == first &&
         text.substr(first.size(), second.size()) == second;
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
  // Written in place over `out` (resize keeps its capacity), two digits per
  // step: every request of a naive round writes a key, so this is hot.
  static constexpr char kDigitPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  const std::size_t head = election_prefix.size() + kEpochInfix.size();
  out.resize(head + kEpochDigits);
  char* const data = out.data();
  std::copy(election_prefix.begin(), election_prefix.end(), data);
  std::copy(kEpochInfix.begin(), kEpochInfix.end(), data + election_prefix.size());
  char* digit = data + head + kEpochDigits;
  Epoch rest = epoch;
  static_assert(kEpochDigits % 2 == 0);
  for (std::size_t pair = 0; pair < kEpochDigits / 2; ++pair) {
    const auto index = static_cast<std::size_t>(rest % 100) * 2;
    rest /= 100;
    *--digit = kDigitPairs[index + 1];
    *--digit = kDigitPairs[index];
  }
  HOLO_ASSERT(rest == 0);
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
  // Nineteen decimal digits always fit in 64 bits; only the twentieth can
  // overflow, so only it is checked (a LIST answer's last key is parsed on
  // every naive round, so this is hot).
  Epoch value = 0;
  for (std::size_t i = 0; i + 1 < kEpochDigits; ++i) {
    const auto digit = static_cast<unsigned char>(digits[i] - '0');
    if (digit > 9) return std::nullopt;
    value = value * 10 + digit;
  }
  const auto last = static_cast<unsigned char>(digits[kEpochDigits - 1] - '0');
  if (last > 9) return std::nullopt;
  // Twenty digits can exceed UINT64_MAX (up to 99...9): reject, never wrap.
  if (value > (UINT64_MAX - last) / 10) return std::nullopt;
  value = value * 10 + last;
  if (value == 0) return std::nullopt;
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
  HOLO_ASSERT(!options.node_id.empty());
  const bool per_node = options.layout == Layout::kPerNode;
  return ObjectLocation{per_node ? options.node_bucket : options.election_bucket,
                        node_state_key(options.election_prefix, options.node_id)};
}

}  // namespace holocron
