// `holosim merge DIR...`: the shard directories of one sweep into the
// directory the unsharded sweep would have written, byte for byte. Seed s
// belongs to shard (s - first) mod N, so walking the range in order and
// reading the next line of that seed's shard merges without sorting, and
// checks on the way that every seed is there exactly once.
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/json_file.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "sim/cli/sweep_output.hpp"

namespace holocron::cli {
namespace {

namespace fs = std::filesystem;

// sweep.json is a few hundred bytes.
constexpr std::size_t kSweepFileBytesMax = 1 << 20;

struct ShardInput {
  fs::path directory;
  SweepIdentity identity;
  std::ifstream seeds;
  std::string seeds_path;
  std::uint64_t line_number = 0;
};

bool same_sweep(const SweepIdentity& a, const SweepIdentity& b) {
  return a.program_version == b.program_version && a.scenario_name == b.scenario_name &&
         a.scenario_path == b.scenario_path && a.scenario_digest == b.scenario_digest &&
         a.overrides == b.overrides && a.seeds.first == b.seeds.first &&
         a.seeds.last == b.seeds.last && a.shard.count == b.shard.count;
}

}  // namespace

int command_merge(const CommandContext& context, const MergeOptions& options) {
  HOLO_ASSERT(!options.shard_dirs.empty());
  std::vector<std::unique_ptr<ShardInput>> inputs;
  for (const auto& directory : options.shard_dirs) {
    auto input = std::make_unique<ShardInput>();
    input->directory = directory;
    const std::string sweep_path = (input->directory / kSweepFileName).string();
    input->identity =
        read_sweep_identity(read_text_file(sweep_path, kSweepFileBytesMax), sweep_path);
    inputs.push_back(std::move(input));
  }
  const SweepIdentity& first = inputs.front()->identity;
  for (const auto& input : inputs) {
    if (!same_sweep(input->identity, first)) {
      throw ScenarioError(input->directory.string(), "",
                          fmt::format("is a shard of a different sweep than {} (scenario, "
                                      "overrides, seed range, shard count and program version "
                                      "must all match)",
                                      inputs.front()->directory.string()));
    }
  }
  const std::uint64_t shard_count = first.shard.count;
  if (inputs.size() != shard_count) {
    throw ScenarioError(options.shard_dirs.front(), "",
                        fmt::format("belongs to a sweep of {} shards, but {} directories were "
                                    "given; expected all {} shards",
                                    shard_count, inputs.size(), shard_count));
  }
  // by_index[k] is the input holding shard k.
  std::vector<ShardInput*> by_index(shard_count, nullptr);
  for (const auto& input : inputs) {
    ShardInput*& slot = by_index[input->identity.shard.index];
    if (slot != nullptr) {
      throw ScenarioError(
          input->directory.string(), "",
          fmt::format("holds shard {}/{}, as {} does; expected each shard once",
                      input->identity.shard.index, shard_count, slot->directory.string()));
    }
    slot = input.get();
  }

  const fs::path out_dir(options.out_dir);
  std::error_code error;
  for (const auto& input : inputs) {
    if (fs::exists(out_dir, error) && fs::equivalent(out_dir, input->directory, error)) {
      throw ScenarioError(options.out_dir, "",
                          "is one of the shard directories; expected a separate output directory");
    }
    input->seeds_path = (input->directory / kSeedsFileName).string();
    input->seeds.open(input->seeds_path, std::ios::binary);
    if (!input->seeds) throw ScenarioError(input->seeds_path, "", "cannot be opened for reading");
  }
  StagedSweepDirectory output(out_dir);
  const std::string merged_path = (output.staging() / kSeedsFileName).string();
  std::ofstream merged(merged_path, std::ios::binary | std::ios::trunc);
  if (!merged) throw ScenarioError(merged_path, "", "cannot be opened for writing");

  // The expected-verdict count needs the scenario's expectation; the shards
  // may come from another machine, so it is counted only when the scenario
  // file is here and still has the digest the shards ran.
  std::optional<sim::Scenario> scenario;
  try {
    scenario = load_scenario(first.scenario_path, first.overrides);
    if (scenario_digest(*scenario) != first.scenario_digest) scenario.reset();
  } catch (const ScenarioError&) {
    scenario.reset();
  }
  std::optional<std::uint64_t> expected_met;
  if (scenario) expected_met = 0;
  reports::SweepBuilder builder;
  const SeedRange range = first.seeds;
  for (std::uint64_t position = 0; position < range.count(); ++position) {
    const std::uint64_t seed = range.first + position;
    ShardInput& input = *by_index[position % shard_count];
    std::string line;
    if (!std::getline(input.seeds, line)) {
      throw ScenarioError(input.seeds_path, "",
                          fmt::format("ends before seed {}; expected every seed of shard {}/{} "
                                      "(did the shard finish?)",
                                      seed, input.identity.shard.index, shard_count));
    }
    ++input.line_number;
    const reports::JsonSource source{input.seeds_path, input.line_number};
    const reports::RunSummary summary = reports::parse_run_summary(line, source);
    if (summary.seed != seed) {
      throw ScenarioError(input.seeds_path, "",
                          fmt::format("line {} holds seed {}; expected seed {}", input.line_number,
                                      summary.seed, seed));
    }
    builder.add(summary);
    if (scenario && summary_meets_expectation(*scenario, summary)) ++*expected_met;
    merged << line << '\n';
  }
  for (const auto& input : inputs) {
    std::string extra;
    if (std::getline(input->seeds, extra)) {
      throw ScenarioError(
          input->seeds_path, "",
          fmt::format("has more lines than its shard has seeds ({})", input->line_number));
    }
  }
  merged.close();
  if (!merged) throw ScenarioError(merged_path, "", "could not be written completely");

  SweepIdentity whole = first;
  whole.shard = Shard{0, 1};
  const reports::SweepReport report = builder.build();
  write_sweep_directory(output.staging(), whole, report);
  output.commit();
  print_sweep_summary(context.out, context.terminal, whole, report, expected_met);
  context.out << fmt::format("  output        {}/ (merged from {} shards)\n", options.out_dir,
                             shard_count);
  return sweep_exit_code(report);
}

}  // namespace holocron::cli
