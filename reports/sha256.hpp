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
  // Which compression function to use. kAuto picks the x86 SHA extensions
  // when the CPU has them (about ten times faster; same result), otherwise
  // the portable code. Tests force each to compare them.
  enum class Implementation : std::uint8_t { kAuto, kPortable };

  explicit Sha256(Implementation implementation = Implementation::kAuto);
  void update(std::string_view bytes);
  // The digest as 64 lower-case hex digits. The object must not be updated
  // afterwards (asserted).
  [[nodiscard]] std::string hex_digest();

 private:
  void compress_blocks(const unsigned char* data, std::size_t blocks);

  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
  bool finished_ = false;
  bool hardware_ = false;
};

// True when Sha256 uses the CPU's SHA extensions on this machine.
[[nodiscard]] bool sha256_hardware_available();

[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace holocron::reports
