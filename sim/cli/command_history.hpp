// `holosim history FILE [--seed N]`: runs the scenario and prints the
// cluster's history as its leaders saw it, from the epoch lock objects left
// in the in-memory store at the end of the run: for each epoch its owner, the
// previous epoch and ETag it chained to, and the members the owner knew with
// their roles and how long before the write it had last heard from each.
// Epochs deleted by garbage collection are gone from the store and so from
// this history (it says how many it could not find).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/lock_record.hpp"
#include "sim/cli/commands.hpp"
#include "sim/scenario.hpp"

namespace holocron::cli {

struct HistoryOptions {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;  // default: the scenario's seed
  std::vector<std::string> overrides;
};

// One epoch lock object found in the store after a run.
struct HistoryEntry {
  Epoch epoch = 0;
  std::string key;
  std::string etag;
  std::optional<LockRecord> record;  // nullopt: the body did not decode
  std::string decode_error;
};

// Runs `scenario` with `seed` and reads every epoch lock object left under
// the election prefix, in ascending epoch order.
[[nodiscard]] std::vector<HistoryEntry> collect_history(const sim::Scenario& scenario,
                                                        std::uint64_t seed);

int command_history(const CommandContext& context, const HistoryOptions& options);

}  // namespace holocron::cli
