// The determinism self-check shared by `holosim determinism` and
// `holosim sweep --check-determinism`: a sample of seeds (every stride-th),
// each run twice, and a tally of the seeds whose two runs gave different
// digests. A run is a pure function of (scenario, seed, binary), so any
// mismatch is a bug; each is reported with the seed, both digests and the
// command that reproduces the run.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/cli/worker_pool.hpp"
#include "sim/scenario.hpp"

namespace holocron::cli {

// Both digests of one run: the per-epoch trace's ("sha256:<hex>") and the
// engine's running digest of every event it processed (16 hex digits).
struct RunDigests {
  std::string trace;
  std::string event;
};

// Runs `scenario` with `seed` in this process and returns its digests (the
// trace itself goes to /dev/null; only its digest is kept).
[[nodiscard]] RunDigests run_digests_of(const sim::Scenario& scenario, std::uint64_t seed,
                                        const std::string& repro_command);
// How a check runs one seed: run_digests_of, or a test's stand-in that plants
// a mismatch.
using RunDigestsOf = std::function<RunDigests(const sim::Scenario& scenario, std::uint64_t seed,
                                              const std::string& repro_command)>;

// The seeds a check runs twice: every stride-th seed of `seeds`, from the first.
[[nodiscard]] SeedSequence determinism_sample(const SeedSequence& seeds, std::uint64_t stride);

struct DigestMismatch {
  std::uint64_t seed = 0;
  std::string first;
  std::string second;
};

// The outcome of a determinism check so far.
class DeterminismTally {
 public:
  // Records one seed's two digests (any text that identifies a run).
  void add(std::uint64_t seed, const std::string& first, const std::string& second);
  // A seed that could not be checked (its first run crashed or stopped early).
  void skip() { ++skipped_; }

  [[nodiscard]] std::uint64_t checked() const { return checked_; }
  [[nodiscard]] std::uint64_t skipped() const { return skipped_; }
  [[nodiscard]] const std::vector<DigestMismatch>& mismatches() const { return mismatches_; }
  // kExitCheckFailed when any seed mismatched, else kExitPassed.
  [[nodiscard]] int exit_code() const;

  // One line per mismatch ("seed N: MISMATCH <first> vs <second> (reproduce:
  // ...)"), naming `what` was compared; `repro_for` gives a seed's run command.
  void print_mismatches(std::ostream& out, const std::string& what,
                        const std::function<std::string(std::uint64_t)>& repro_for) const;

 private:
  std::uint64_t checked_ = 0;
  std::uint64_t skipped_ = 0;
  std::vector<DigestMismatch> mismatches_;
};

}  // namespace holocron::cli
