// The benchmark's view of its own resources: CPU time (on a shared, loaded
// machine the CPU seconds a run consumed say more than its wall seconds), the
// peak resident set size (what /usr/bin/time reports for the anchors, so the
// numbers compare) and the current one (to subtract the program's baseline
// from a per-node figure).
#pragma once

#include <cstdint>

namespace holocron::bench {

// User plus system CPU seconds this process has used so far (getrusage).
[[nodiscard]] double cpu_seconds();

// Peak resident set size of this process so far, in KiB (getrusage).
[[nodiscard]] std::uint64_t peak_rss_kib();

// Current resident set size in KiB (/proc/self/statm), or 0 where that file
// does not exist.
[[nodiscard]] std::uint64_t current_rss_kib();

}  // namespace holocron::bench
