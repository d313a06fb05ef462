// SHA-256 (FIPS 180-4), for the digest of a canonical scenario. A published,
// fixed algorithm: the digest printed today can be recomputed by anyone with
// `sha256sum` from the canonical JSON in a trace header.
#pragma once

#include <string>
#include <string_view>

namespace holocron::cli {

// The SHA-256 of `data` as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view data);

}  // namespace holocron::cli
