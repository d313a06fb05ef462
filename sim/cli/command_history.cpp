#include "sim/cli/command_history.hpp"

#include <fmt/format.h>

#include "core/assert.hpp"
#include "core/keys.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "sim/engine.hpp"
#include "sim/object_store.hpp"

namespace holocron::cli {
namespace {

// Members printed per epoch, at most; a view of a 10,000-node cluster is
// summarised by its count.
constexpr std::size_t kMembersShownMax = 16;

std::string format_age(Nanos age_ns) {
  if (age_ns < 0) return "never";
  return format_duration(age_ns) + " ago";
}

}  // namespace

std::vector<HistoryEntry> collect_history(const sim::Scenario& scenario, std::uint64_t seed) {
  HOLO_ASSERT(!sim::validate_scenario(scenario).has_value());
  sim::EngineOptions engine_options;
  engine_options.scenario_json = canonical_scenario_json(scenario);
  engine_options.scenario_digest = scenario_digest(scenario);
  sim::Engine engine(scenario, seed, {}, std::move(engine_options));
  static_cast<void>(engine.run());
  const auto& elector = scenario.cluster.elector;
  const sim::ObjectStore& store = engine.store();
  std::vector<HistoryEntry> history;
  if (!store.has_bucket(elector.election_bucket)) return history;
  const std::string prefix = epoch_list_prefix(elector.election_prefix);
  // Keys are zero-padded, so lexicographic order is epoch order.
  for (const std::string_view key : store.keys(elector.election_bucket, prefix)) {
    const auto epoch = parse_epoch_key(elector.election_prefix, key);
    if (!epoch) continue;  // a foreign object planted under the prefix
    const sim::StoreObject* object = store.find(elector.election_bucket, key);
    HOLO_ASSERT(object != nullptr);
    HistoryEntry entry;
    entry.epoch = *epoch;
    entry.key = std::string(key);
    entry.etag = object->etag;
    LockDecode decoded = decode_lock_record(object->body);
    entry.record = std::move(decoded.record);
    entry.decode_error = std::move(decoded.error);
    history.push_back(std::move(entry));
  }
  return history;
}

int command_history(const CommandContext& context, const HistoryOptions& options) {
  const sim::Scenario scenario = load_scenario(options.scenario_path, options.overrides);
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  const auto history = collect_history(scenario, seed);
  context.out << fmt::format("history of {} (seed {}): {} epoch lock objects in {}/{}\n",
                             scenario.name, seed, history.size(),
                             scenario.cluster.elector.election_bucket,
                             epoch_list_prefix(scenario.cluster.elector.election_prefix));
  Epoch expected_previous = 0;
  std::uint64_t gaps = 0;
  for (const auto& entry : history) {
    if (!entry.record) {
      context.out << fmt::format("epoch {}  etag {}  UNREADABLE: {}\n", entry.epoch, entry.etag,
                                 entry.decode_error);
      continue;
    }
    const LockRecord& record = *entry.record;
    const std::string previous =
        record.previous_epoch == 0
            ? std::string("none")
            : fmt::format("{} (etag {})", record.previous_epoch, record.previous_etag);
    context.out << fmt::format(
        "epoch {}  owner {}  etag {}  previous {}  lease {}  renewals {}{}\n", entry.epoch,
        record.owner, entry.etag, previous, format_duration(record.lease_ns), record.renewals,
        record.expired ? "  resigned" : "");
    if (expected_previous != 0 && record.previous_epoch != expected_previous) ++gaps;
    expected_previous = entry.epoch;
    std::size_t shown = 0;
    for (const auto& member : record.members) {
      if (shown == kMembersShownMax) {
        context.out << fmt::format("    ... and {} more members\n", record.members.size() - shown);
        break;
      }
      context.out << fmt::format("    {:<16} {:<9} heartbeat {}\n", member.node_id,
                                 to_string(member.role), format_age(member.heartbeat_age_ns));
      ++shown;
    }
  }
  if (gaps != 0) {
    context.out << fmt::format(
        "{} epochs chain to a previous epoch that is not the one before them in the store "
        "(deleted by garbage collection, or never written)\n",
        gaps);
  }
  return kExitPassed;
}

}  // namespace holocron::cli
