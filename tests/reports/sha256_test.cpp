// SHA-256 (reports/sha256.hpp): both compression functions, the x86 SHA
// extensions and the portable code, against the NIST example vectors and
// digests computed by an independent implementation (Python's hashlib), and
// against each other on pseudo-random inputs of every length up to a few
// blocks, fed whole and in uneven pieces.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reports/sha256.hpp"
#include "tests/test_random.hpp"

namespace holocron::reports {
namespace {

using Implementation = Sha256::Implementation;

std::string digest_of(std::string_view bytes, Implementation implementation,
                      std::size_t piece_bytes) {
  Sha256 hash(implementation);
  if (piece_bytes == 0) {
    hash.update(bytes);
  } else {
    for (std::size_t at = 0; at < bytes.size(); at += piece_bytes) {
      hash.update(bytes.substr(at, piece_bytes));
    }
  }
  return hash.hex_digest();
}

// The same bytes through both implementations and three ways of cutting
// them up: each result must be `expected`.
void check_digest(std::string_view bytes, const std::string& expected) {
  for (const Implementation implementation : {Implementation::kAuto, Implementation::kPortable}) {
    for (const std::size_t piece_bytes : {std::size_t{0}, std::size_t{1}, std::size_t{37}}) {
      INFO("length ", bytes.size(), ", portable ", implementation == Implementation::kPortable,
           ", pieces of ", piece_bytes);
      CHECK(digest_of(bytes, implementation, piece_bytes) == expected);
    }
  }
}

using test::next_random;

std::string random_bytes(std::size_t length, std::uint64_t& state) {
  std::string bytes(length, '\0');
  for (char& byte : bytes) byte = static_cast<char>(next_random(state) & 0xFF);
  return bytes;
}

TEST_CASE("sha256: the NIST example vectors, on both implementations") {
  const std::string hardware = sha256_hardware_available() ? "yes" : "no";
  MESSAGE("SHA extensions on this machine: " << hardware);
  check_digest("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  check_digest("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  check_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  check_digest(
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmno"
      "pq"
      "rsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  // SHA256ShortMsg.rsp, Len = 8 and Len = 16.
  check_digest("\xd3", "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1");
  check_digest("\x11\xaf", "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98");
  const std::string million(1'000'000, 'a');
  for (const Implementation implementation : {Implementation::kAuto, Implementation::kPortable}) {
    CHECK(digest_of(million, implementation, 0) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(digest_of(million, implementation, 997) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256: digests of an independent implementation around the block boundaries") {
  // hashlib.sha256(bytes((i * 131 + 7) % 251 for i in range(1000))[:n]).hexdigest()
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>((i * 131 + 7) % 251));
  const std::vector<std::pair<std::size_t, std::string>> expected = {
      {55, "4cfcc2771bfe1d9569dff80565efddb245e4f480503e29f39cabd2a803df639a"},
      {56, "8c6fabc04644a28838809bbf23aac665f574f8e350c3fc620aecd58193fc6fe9"},
      {63, "f9740f526ff5b76381fbd8f27333de45ff77bc1e6cd2d696357f837f2c6fb3bd"},
      {64, "0277d2ee9ab7ac130da65c6f8b6612449f1f95adc68597a55393ebfde47d72cb"},
      {65, "b04cf89fc1dd2c3998754469afe354193d0351a8869a4c01c78e5f3fd9c288c5"},
      {119, "b51f2c1e02e208228bafda3bc6f9a8e6ffacf75f0301d8269842aae671c9b339"},
      {120, "639876f579bd42ba160da4bc4a5a4a0b24368fcf1b946666e4fcaca9ac3df4c8"},
      {127, "992a17878e3683d5c81a18b53db21dc913e01024a42d175ac1dba027a20101a3"},
      {128, "d7e35d44a21df6aedb1dde3425d95884df446995820ccec65182c2d821d21727"},
      {1000, "557a0d461baa2b2c24a7b8bf35cb30016e7044666719436f38a03d7e84238259"},
  };
  for (const auto& [length, digest] : expected) {
    check_digest(std::string_view(data).substr(0, length), digest);
  }
}

TEST_CASE("sha256: the SHA extensions and the portable code agree on random inputs") {
  std::uint64_t state = 2026;
  // Every length through five blocks, then longer inputs handed over in one
  // piece (the trace writer hashes about a megabyte per call) and in random
  // pieces (which exercise the buffer between calls).
  std::vector<std::size_t> lengths;
  for (std::size_t length = 0; length <= 320; ++length) lengths.push_back(length);
  for (const std::size_t length : {1000, 4095, 4096, 4097, 65'536 + 13, (1 << 20) + 5}) {
    lengths.push_back(length);
  }
  for (const std::size_t length : lengths) {
    const std::string bytes = random_bytes(length, state);
    INFO("length ", length);
    const std::string whole = digest_of(bytes, Implementation::kPortable, 0);
    CHECK(digest_of(bytes, Implementation::kAuto, 0) == whole);
    Sha256 automatic;
    Sha256 portable(Implementation::kPortable);
    for (std::size_t at = 0; at < length;) {
      const std::size_t piece = std::min<std::size_t>(next_random(state) % 200, length - at);
      automatic.update(std::string_view(bytes).substr(at, piece));
      portable.update(std::string_view(bytes).substr(at, piece));
      at += piece;
    }
    CHECK(automatic.hex_digest() == whole);
    CHECK(portable.hex_digest() == whole);
  }
}

TEST_CASE("sha256: a one-bit change changes the digest on both implementations") {
  std::uint64_t state = 9;
  const std::string bytes = random_bytes(300, state);
  for (const std::size_t bit : {0, 7, 8 * 64, 8 * 299 + 7}) {
    std::string flipped = bytes;
    flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
    for (const Implementation implementation : {Implementation::kAuto, Implementation::kPortable}) {
      CHECK(digest_of(flipped, implementation, 0) != digest_of(bytes, implementation, 0));
    }
  }
}

}  // namespace
}  // namespace holocron::reports
