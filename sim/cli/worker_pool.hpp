// Worker processes for sweeps and comparisons: seeds run in forked children, at
// most `jobs` at a time, each child running a batch of consecutive seeds one
// after the other (a fork and a fresh heap per seed cost about half a
// millisecond of CPU, which adds up over millions of short seeds). A child that
// crashes (an assertion, a signal, an exception) loses only the seed it was
// running, which comes back as a crash finding with how the child died and the
// end of what that seed wrote to stderr; the rest of its batch runs in a new
// child, and the sweep goes on. A run is a pure function of (scenario, seed,
// binary), so a seed's result does not depend on which seeds ran before it in
// the same child; `holosim sweep --check-determinism` checks exactly that, by
// running sampled seeds again in the sweep's own process, which ran no other
// seed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace holocron::cli {

// first, first + stride, first + 2 * stride, ... up to and including last.
struct SeedSequence {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::uint64_t stride = 1;

  [[nodiscard]] std::uint64_t count() const {
    return first > last ? 0 : (last - first) / stride + 1;
  }
};

struct WorkerOutcome {
  std::uint64_t seed = 0;
  bool crashed = false;
  std::string output;  // what the work function returned (when not crashed)
  std::string crash;   // how the child died, and the end of its stderr
};

// Runs in the child; its return value reaches the parent as `output`.
using SeedWork = std::function<std::string(std::uint64_t seed)>;
// Runs in the parent as each child finishes (in completion order).
using SeedDone = std::function<void(WorkerOutcome&& outcome)>;

// At most this many seeds per child (fewer near the end of a sweep).
inline constexpr std::uint64_t kSeedsPerWorkerMax = 32;

// The end of a crashed child's stderr kept in its finding.
inline constexpr std::size_t kCrashStderrLinesMax = 6;
inline constexpr std::size_t kCrashStderrBytesMax = 2000;

// Throws std::runtime_error when processes or the temporary directory
// cannot be created (an internal error, not a finding).
void run_in_workers(const SeedSequence& seeds, unsigned jobs, const SeedWork& work,
                    const SeedDone& done);

}  // namespace holocron::cli
