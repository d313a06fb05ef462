#include "core/assert.hpp"
#include "core/lease.hpp"
#include "core/naive.hpp"
#include "core/stable.hpp"

namespace holocron {

// Placeholder until the lock-based algorithms land: builds naive.
std::unique_ptr<Elector> make_stable_elector(const ElectorOptions& options) {
  ElectorOptions naive = options;
  naive.algorithm = Algorithm::kNaive;
  return make_naive_elector(naive);
}

std::unique_ptr<Elector> make_lease_elector(const ElectorOptions& options) {
  ElectorOptions naive = options;
  naive.algorithm = Algorithm::kNaive;
  return make_naive_elector(naive);
}

}  // namespace holocron
