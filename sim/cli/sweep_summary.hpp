// A sweep's identity (sweep.json) and its aggregate over seeds
// (summary.json and the text on stdout). Both are pure functions of the
// seed records in seed order, so the unsharded sweep and a merge of its
// shards write the same bytes.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "reports/run_stats.hpp"
#include "reports/verdict.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/sweep_record.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/cli/worker_pool.hpp"

namespace holocron::cli {

inline constexpr std::string_view kSweepFormatName = "holocron-sweep";
inline constexpr int kSweepFormatVersion = 1;
// Failing and crashed seeds listed individually in a summary.
inline constexpr std::size_t kWorstSeedsListed = 20;

// What a sweep ran: everything merge checks is equal across shards.
struct SweepIdentity {
  std::string program_version;
  std::string scenario_name;
  std::string scenario_path;
  std::string scenario_digest;
  std::vector<std::string> overrides;
  SeedRange seeds;
  Shard shard;
};

[[nodiscard]] std::string write_sweep_identity(const SweepIdentity& identity);
// Throws TraceFormatError naming `file`.
[[nodiscard]] SweepIdentity read_sweep_identity(const std::string& text, const std::string& file);
// The seeds of `identity`'s shard, in order.
[[nodiscard]] SeedSequence shard_seeds(const SeedRange& range, const Shard& shard);

class SweepAggregate {
 public:
  // Records must arrive in ascending seed order.
  void add(const SeedRecord& record);

  // summary.json (with a trailing newline).
  [[nodiscard]] std::string summary_json(const SweepIdentity& identity) const;
  // The text printed on stdout.
  void print(std::ostream& out, const Terminal& terminal, const SweepIdentity& identity) const;
  // kExitInternalError if a seed crashed, kExitCheckFailed if one failed a
  // check, kExitPassed otherwise.
  [[nodiscard]] int exit_code() const;

  [[nodiscard]] std::uint64_t seeds() const { return seeds_; }
  [[nodiscard]] std::uint64_t passed() const { return passed_; }
  [[nodiscard]] std::uint64_t failed() const { return failed_; }
  [[nodiscard]] std::uint64_t crashed() const { return crashed_; }
  [[nodiscard]] std::uint64_t expected_met() const { return expected_met_; }

 private:
  struct Listed {
    std::uint64_t seed = 0;
    std::string what;
    std::string repro;
  };

  std::uint64_t seeds_ = 0;
  std::uint64_t passed_ = 0;
  std::uint64_t failed_ = 0;
  std::uint64_t crashed_ = 0;
  std::uint64_t expected_met_ = 0;
  std::uint64_t last_seed_ = 0;
  // Per-seed values across the seeds that ran (not crashed).
  std::vector<Nanos> leader_changes_;
  std::vector<Nanos> failover_p99_ns_;  // seeds with at least one failover
  std::vector<Nanos> failover_max_ns_;
  std::vector<Nanos> leaderless_ns_;
  std::vector<Nanos> dual_leader_ns_;
  std::vector<Nanos> cost_per_month_micro_usd_;
  std::uint64_t seeds_with_dual_leader_ = 0;
  reports::FailoverHistogram failover_histogram_{};
  std::uint64_t list_requests_ = 0;
  std::uint64_t get_requests_ = 0;
  std::uint64_t put_requests_ = 0;
  std::uint64_t delete_requests_ = 0;
  std::array<std::uint64_t, reports::kPropertyCount> seeds_violating_{};
  std::array<std::uint64_t, reports::kPropertyCount> violations_{};
  std::array<std::uint64_t, reports::kPropertyCount> outside_assumptions_{};
  std::vector<Listed> failing_;  // the first kWorstSeedsListed
  std::vector<Listed> crashing_;
};

}  // namespace holocron::cli
