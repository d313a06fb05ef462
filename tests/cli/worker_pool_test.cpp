// Worker processes: every seed comes back exactly once, whatever order the
// children finish in; a child that aborts or throws is a crash finding with
// how it died and the end of its stderr, and the other seeds still run.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>
#include <unistd.h>

#include "sim/cli/worker_pool.hpp"

namespace holocron::cli {
namespace {

TEST_CASE("worker_pool: every seed once, crashes are findings") {
  std::map<std::uint64_t, WorkerOutcome> outcomes;
  const SeedWork work = [](std::uint64_t seed) -> std::string {
    if (seed == 13) {
      std::fprintf(stderr, "about to abort on seed 13\n");
      std::abort();
    }
    if (seed == 14) throw std::runtime_error("seed 14 refuses");
    return "result of " + std::to_string(seed);
  };
  run_in_workers(SeedSequence{10, 20, 2}, 3, work, [&](WorkerOutcome&& outcome) {
    CHECK(outcomes.count(outcome.seed) == 0);
    outcomes.emplace(outcome.seed, std::move(outcome));
  });
  REQUIRE(outcomes.size() == 6);  // 10, 12, 14, 16, 18, 20
  CHECK(outcomes.count(13) == 0);
  CHECK(outcomes.at(10).output == "result of 10");
  CHECK_FALSE(outcomes.at(20).crashed);
  const auto& thrown = outcomes.at(14);
  CHECK(thrown.crashed);
  CHECK(thrown.crash.find("exited with status 3") == 0);
  CHECK(thrown.crash.find("seed 14 refuses") != std::string::npos);
}

TEST_CASE("worker_pool: an aborting child is reported with its signal and stderr") {
  std::map<std::uint64_t, WorkerOutcome> outcomes;
  const SeedWork work = [](std::uint64_t seed) -> std::string {
    if (seed == 2) {
      std::fprintf(stderr, "assertion failed: something\n");
      std::abort();
    }
    return "fine";
  };
  run_in_workers(SeedSequence{1, 3, 1}, 2, work, [&](WorkerOutcome&& outcome) {
    outcomes.emplace(outcome.seed, std::move(outcome));
  });
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes.at(2).crashed);
  CHECK(outcomes.at(2).crash == "killed by signal 6 (SIGABRT): assertion failed: something");
  CHECK(outcomes.at(1).output == "fine");
  CHECK(outcomes.at(3).output == "fine");
}

TEST_CASE("worker_pool: children run batches; a crash loses only its own seed") {
  std::map<std::uint64_t, WorkerOutcome> outcomes;
  const SeedWork work = [](std::uint64_t seed) -> std::string {
    std::fprintf(stderr, "noise from seed %llu\n", static_cast<unsigned long long>(seed));
    if (seed == 50 || seed == 51) std::abort();
    return std::to_string(::getpid());
  };
  run_in_workers(SeedSequence{1, 200, 1}, 2, work, [&](WorkerOutcome&& outcome) {
    CHECK(outcomes.count(outcome.seed) == 0);
    outcomes.emplace(outcome.seed, std::move(outcome));
  });
  REQUIRE(outcomes.size() == 200);
  std::set<std::string> children;
  for (const auto& [seed, outcome] : outcomes) {
    CHECK(outcome.crashed == (seed == 50 || seed == 51));
    if (!outcome.crashed) children.insert(outcome.output);
  }
  // Fewer children than seeds: each ran a batch.
  CHECK(children.size() < 100);
  CHECK(children.size() >= 2);
  // The finding quotes the crashed seed's stderr, not its batch neighbours'.
  CHECK(outcomes.at(50).crash == "killed by signal 6 (SIGABRT): noise from seed 50");
  CHECK(outcomes.at(51).crash == "killed by signal 6 (SIGABRT): noise from seed 51");
}

TEST_CASE("worker_pool: sequences") {
  CHECK(SeedSequence{1, 10, 1}.count() == 10);
  CHECK(SeedSequence{1, 10, 3}.count() == 4);  // 1, 4, 7, 10
  CHECK(SeedSequence{5, 4, 1}.count() == 0);
  CHECK(SeedSequence{0, UINT64_MAX, UINT64_MAX}.count() == 2);
}

}  // namespace
}  // namespace holocron::cli
