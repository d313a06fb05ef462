// SHA-256, for the digest of a whole trace (the footer's "digest", which
// replay compares across runs and builds). A cryptographic hash so that two
// traces with equal digests are equal for every practical purpose; computed
// incrementally while the trace is written, so it costs one pass over bytes
// that are being written anyway.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace holocron::reports {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // The digest as 64 lower-case hex digits. The object must not be updated
  // afterwards (asserted).
  [[nodiscard]] std::string hex_digest();

 private:
  void compress(const unsigned char* block);

  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
  bool finished_ = false;
};

[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace holocron::reports
