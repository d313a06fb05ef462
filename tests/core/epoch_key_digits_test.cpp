// Rules (core/keys.cpp): the word-at-a-time epoch key parse and write answer
// exactly what the straightforward digit-by-digit versions (kept here as the
// reference) answer, on the edges (0, 1, UINT64_MAX and its neighbours,
// leading zeros, every non-digit byte in every position, too short or too
// long) and on random values and random digit strings.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/keys.hpp"
#include "core/prng.hpp"
#include "tests/test_random.hpp"

using namespace holocron;

namespace {

constexpr std::string_view kPrefix = "election/";
constexpr std::string_view kHead = "election/epoch-";

// The reference parse: one digit per step, overflow checked on every step.
std::optional<Epoch> reference_parse(std::string_view key) {
  if (key.substr(0, kHead.size()) != kHead) return std::nullopt;
  const std::string_view digits = key.substr(kHead.size());
  if (digits.size() != kEpochDigits) return std::nullopt;
  Epoch value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<Epoch>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (value == 0) return std::nullopt;
  return value;
}

// The reference write: one digit per step from the right.
std::string reference_key(Epoch epoch) {
  std::string digits(kEpochDigits, '0');
  for (std::size_t i = kEpochDigits; i-- > 0 && epoch != 0; epoch /= 10) {
    digits[i] = static_cast<char>('0' + epoch % 10);
  }
  return std::string(kHead) + digits;
}

void check_epoch(Epoch epoch) {
  CAPTURE(epoch);
  const std::string expected = reference_key(epoch);
  std::string written = "some earlier, longer contents of the reused buffer";
  write_epoch_key(kPrefix, epoch, written);
  CHECK(written == expected);
  CHECK(epoch_key(kPrefix, epoch) == expected);
  CHECK(parse_epoch_key(kPrefix, written) == epoch);
  std::string under = "some earlier, longer contents of the reused buffer";
  write_epoch_key_under(kHead, epoch, under);
  CHECK(under == expected);
  CHECK(parse_epoch_key_under(kHead, under) == epoch);
}

void check_text(const std::string& key) {
  CAPTURE(key);
  CHECK(parse_epoch_key(kPrefix, key) == reference_parse(key));
  CHECK(parse_epoch_key_under(kHead, key) == reference_parse(key));
}

}  // namespace

TEST_CASE("rule epoch key digits: edge values write and parse as the reference does") {
  for (const Epoch epoch :
       {Epoch{1}, Epoch{9}, Epoch{10}, Epoch{99}, Epoch{100}, Epoch{9999}, Epoch{10000},
        Epoch{99999999}, Epoch{100000000}, Epoch{9999999999999999}, Epoch{10000000000000000},
        Epoch{18440000000000000000ULL}, UINT64_MAX - 1, UINT64_MAX}) {
    check_epoch(epoch);
  }
  for (Epoch power = 1; power <= UINT64_MAX / 10; power *= 10) {
    check_epoch(power);
    check_epoch(power - 1 == 0 ? 1 : power - 1);
    check_epoch(power + 1);
  }
}

TEST_CASE("rule epoch key digits: texts near the edges parse as the reference does") {
  for (const char* digits :
       {"00000000000000000000", "00000000000000000001", "18446744073709551615",
        "18446744073709551616", "18446744073709551625", "18446744083709551615",
        "18446745000000000000", "18450000000000000000", "19999999999999999999",
        "99999999999999999999", "09999999999999999999", "0000000000000000001",
        "000000000000000000001", "", "+0000000000000000042", "-0000000000000000042",
        " 0000000000000000042", "0000000000000000042 "}) {
    check_text(std::string(kHead) + digits);
  }
  check_text("other/epoch-00000000000000000042");
  check_text("election/epoch_00000000000000000042");
  check_text("election/nodes/00000000000000000042");
}

TEST_CASE("rule epoch key digits: every byte value in every digit position") {
  const std::string base = std::string(kHead) + "12345678901234567890";
  for (std::size_t position = kHead.size(); position < base.size(); ++position) {
    for (int byte = 0; byte < 256; ++byte) {
      std::string key = base;
      key[position] = static_cast<char>(byte);
      check_text(key);
    }
  }
}

TEST_CASE("rule epoch key digits: every byte in every position after twelve zeros") {
  // Keys of epochs below 10^8 start with twelve zero digits, and the parse
  // and the write take a shorter way for them; a byte changed anywhere must
  // leave that way or fail as the reference does.
  for (const char* digits : {"00000000000012345678", "00000000000000000001", "00000000000099999999",
                             "00000000000100000000"}) {
    const std::string base = std::string(kHead) + digits;
    for (std::size_t position = kHead.size(); position < base.size(); ++position) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string key = base;
        key[position] = static_cast<char>(byte);
        check_text(key);
      }
    }
  }
}

TEST_CASE("rule epoch key digits: random values and random digit strings") {
  Prng prng(20261127);
  for (int i = 0; i < 20000; ++i) {
    // Random magnitudes: shifting by a random amount spreads the lengths.
    const Epoch epoch = prng.next() >> (prng.next() % 64);
    check_epoch(epoch == 0 ? 1 : epoch);
    std::string key(kHead);
    for (std::size_t d = 0; d < kEpochDigits; ++d) {
      const std::uint64_t draw = prng.next() % 100;
      // Mostly digits, sometimes a byte just outside '0'..'9' or any byte.
      const char c = draw < 90   ? static_cast<char>('0' + draw % 10)
                     : draw < 95 ? (draw % 2 == 0 ? '/' : ':')
                                 : static_cast<char>(prng.next() & 0xFF);
      key.push_back(c);
    }
    check_text(key);
  }
}

TEST_CASE("rule epoch key digits: the LIST-prefix forms answer as the election-prefix forms") {
  // Keys of other prefixes, of prefixes that contain "epoch-", of the empty
  // prefix, one byte changed anywhere, one byte short or one digit long:
  // parse_epoch_key_under with epoch_list_prefix(p) must say what
  // parse_epoch_key with p says.
  const std::string_view prefixes[] = {"", "e/", "election/", "election/epoch-", "a", "a/b/c/"};
  std::uint64_t random = 20261127;
  for (const std::string_view prefix : prefixes) {
    const std::string list_prefix = epoch_list_prefix(prefix);
    for (const std::string_view other : prefixes) {
      for (int i = 0; i < 300; ++i) {
        const Epoch epoch = 1 + test::next_random(random) % UINT64_MAX;
        std::string key = epoch_key(other, epoch);
        if (i % 2 == 1) {
          const std::size_t at = test::next_random(random) % key.size();
          key[at] = static_cast<char>(test::next_random(random) & 0xFF);
        }
        if (i % 7 == 3) key.pop_back();
        if (i % 11 == 5) key.push_back('0');
        CAPTURE(prefix);
        CAPTURE(key);
        CHECK(parse_epoch_key_under(list_prefix, key) == parse_epoch_key(prefix, key));
        std::string written = "x";
        write_epoch_key_under(list_prefix, epoch, written);
        CHECK(written == epoch_key(prefix, epoch));
      }
    }
  }
}
