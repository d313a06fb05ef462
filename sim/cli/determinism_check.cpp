#include "sim/cli/determinism_check.hpp"

#include <fmt/format.h>

#include "core/assert.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/run_one.hpp"

namespace holocron::cli {

RunDigests run_digests_of(const sim::Scenario& scenario, std::uint64_t seed,
                          const std::string& repro_command) {
  RunSetup setup;
  setup.seed = seed;
  // The trace digest is computed while the trace is written, so one is
  // written, to nowhere.
  setup.trace_path = "/dev/null";
  setup.repro_command = repro_command;
  const RunOutcome outcome = run_scenario(scenario, setup);
  return RunDigests{outcome.trace_digest, outcome.result.event_digest};
}

SeedSequence determinism_sample(const SeedSequence& seeds, std::uint64_t stride) {
  HOLO_ASSERT(stride >= 1);
  SeedSequence sample = seeds;
  if (seeds.count() == 0) return sample;
  // A stride beyond the range checks the first seed only (and cannot overflow).
  const bool fits = stride <= (seeds.last - seeds.first) / seeds.stride;
  sample.stride = fits ? seeds.stride * stride : seeds.stride;
  if (!fits) sample.last = seeds.first;
  HOLO_ASSERT(sample.count() >= 1);
  return sample;
}

void DeterminismTally::add(std::uint64_t seed, const std::string& first,
                           const std::string& second) {
  ++checked_;
  if (first != second) mismatches_.push_back(DigestMismatch{seed, first, second});
}

int DeterminismTally::exit_code() const {
  return mismatches_.empty() ? kExitPassed : kExitCheckFailed;
}

void DeterminismTally::print_mismatches(
    std::ostream& out, const std::string& what,
    const std::function<std::string(std::uint64_t)>& repro_for) const {
  for (const DigestMismatch& mismatch : mismatches_) {
    out << fmt::format(
        "seed {}: MISMATCH ({}) first run {}, second run {}\n"
        "  reproduce: {} --trace T, then holosim replay T names the first difference\n",
        mismatch.seed, what, mismatch.first, mismatch.second, repro_for(mismatch.seed));
  }
}

}  // namespace holocron::cli
