// Worker processes for sweeps and comparisons: each seed runs in its own
// forked child, at most `jobs` at a time. A child that crashes (an assertion,
// a signal, an exception) loses only its own seed, which comes back as a
// crash finding with how the child died and the end of what it wrote to
// stderr; the sweep goes on.
//
// Children hand their result back through a file in a private temporary
// directory (no pipes to drain, so a chatty child cannot block), and core
// dumps are switched off in them so that a crashing seed does not litter the
// disk.
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

// The end of a crashed child's stderr kept in its finding.
inline constexpr std::size_t kCrashStderrLinesMax = 6;
inline constexpr std::size_t kCrashStderrBytesMax = 2000;

// Throws std::runtime_error when processes or the temporary directory
// cannot be created (an internal error, not a finding).
void run_in_workers(const SeedSequence& seeds, unsigned jobs, const SeedWork& work,
                    const SeedDone& done);

}  // namespace holocron::cli
