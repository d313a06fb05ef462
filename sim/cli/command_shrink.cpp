#include "sim/cli/command_shrink.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "core/time.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/json_file.hpp"
#include "sim/cli/output_paths.hpp"
#include "sim/cli/report_output.hpp"
#include "sim/cli/run_one.hpp"
#include "sim/cli/scenario_error.hpp"
#include "sim/cli/scenario_json.hpp"
#include "sim/cli/scenario_parse.hpp"

namespace holocron::cli {
namespace {

using nlohmann::json;

// Halving a duration stops here: shorter runs rarely elect anybody at all.
constexpr Nanos kDurationFloorNs = seconds(1);
// Halving a per-hour rate stops below this; the next try is zero.
constexpr double kRateFloorPerHour = 0.01;

// The candidate runner: counts runs, stops at the bound, and says whether a
// candidate document fails the target checker.
class Oracle {
 public:
  Oracle(std::uint64_t seed, std::uint64_t runs_max) : seed_(seed), runs_max_(runs_max) {}

  // The checkers a document violates with the seed; nullopt when it is not
  // a valid scenario (a candidate the parser refuses never "fails").
  std::optional<reports::Verdict> verdict(const json& document) {
    sim::Scenario scenario;
    try {
      scenario = parse_scenario(document, "<shrink candidate>");
    } catch (const ScenarioError&) {
      return std::nullopt;
    }
    ++runs_;
    RunSetup setup;
    setup.seed = seed_;
    return run_scenario(scenario, setup).verdict;
  }

  bool fails(const json& document, reports::Property property) {
    if (runs_ >= runs_max_) {
      exhausted_ = true;
      return false;
    }
    const auto result = verdict(document);
    return result.has_value() &&
           result->properties[reports::property_index(property)].violations > 0;
  }

  [[nodiscard]] std::uint64_t runs() const { return runs_; }
  [[nodiscard]] bool exhausted() const { return exhausted_; }

 private:
  std::uint64_t seed_;
  std::uint64_t runs_max_;
  std::uint64_t runs_ = 0;
  bool exhausted_ = false;
};

void collect_fault_arrays(const json& node, const json::json_pointer& at,
                          std::vector<std::string>& pointers) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) collect_fault_arrays(value, at / key, pointers);
  } else if (node.is_array()) {
    for (std::size_t index = 0; index < node.size(); ++index) {
      pointers.push_back((at / index).to_string());
    }
  }
}

// `document` with the fault elements at `removed` (pointers into the
// original) taken out; indices shift, so each array is filtered at once.
json without(const json& document, const std::vector<std::string>& removed) {
  std::map<std::string, std::vector<std::size_t>> by_array;
  for (const auto& text : removed) {
    const json::json_pointer pointer(text);
    by_array[pointer.parent_pointer().to_string()].push_back(std::stoul(pointer.back()));
  }
  json result = document;
  for (auto& [array_text, indices] : by_array) {
    json& array = result.at(json::json_pointer(array_text));
    HOLO_ASSERT(array.is_array());
    std::sort(indices.rbegin(), indices.rend());
    for (const std::size_t index : indices) array.erase(index);
  }
  return result;
}

std::vector<std::string> minus(const std::vector<std::string>& all,
                               const std::vector<std::string>& kept) {
  std::vector<std::string> removed;
  for (const auto& unit : all) {
    if (std::find(kept.begin(), kept.end(), unit) == kept.end()) removed.push_back(unit);
  }
  return removed;
}

// Delta debugging (Zeller's ddmin) over the fault elements: the smallest
// subset found (1-minimal when the run budget allows) that still fails.
std::vector<std::string> ddmin(const json& document, const std::vector<std::string>& all,
                               reports::Property property, Oracle& oracle) {
  const auto fails_with = [&](const std::vector<std::string>& kept) {
    return oracle.fails(without(document, minus(all, kept)), property);
  };
  if (all.empty() || fails_with({})) return {};
  std::vector<std::string> units = all;
  std::size_t granularity = 2;
  while (units.size() >= 2 && !oracle.exhausted()) {
    const std::size_t chunk = (units.size() + granularity - 1) / granularity;
    std::vector<std::vector<std::string>> chunks;
    for (std::size_t start = 0; start < units.size(); start += chunk) {
      const auto end = std::min(units.size(), start + chunk);
      chunks.emplace_back(units.begin() + static_cast<std::ptrdiff_t>(start),
                          units.begin() + static_cast<std::ptrdiff_t>(end));
    }
    bool reduced = false;
    for (const auto& subset : chunks) {
      if (fails_with(subset)) {
        units = subset;
        granularity = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && chunks.size() > 2) {
      for (const auto& subset : chunks) {
        const auto complement = minus(units, subset);
        if (fails_with(complement)) {
          units = complement;
          granularity = std::max<std::size_t>(granularity - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (granularity >= units.size()) break;
      granularity = std::min(granularity * 2, units.size());
    }
  }
  return units;
}

bool is_rate_key(const std::string& key) {
  return key.find("rate") != std::string::npos || key == "probability";
}

void collect_rates(const json& node, const json::json_pointer& at,
                   std::vector<json::json_pointer>& pointers) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (is_rate_key(key) && (value.is_string() || value.is_number())) {
        pointers.push_back(at / key);
      } else {
        collect_rates(value, at / key, pointers);
      }
    }
  } else if (node.is_array()) {
    for (std::size_t index = 0; index < node.size(); ++index) {
      collect_rates(node[index], at / index, pointers);
    }
  }
}

bool is_zero(const json& value) {
  return (value.is_string() && (value == "0" || value == "0/1")) ||
         (value.is_number() && value.get<double>() == 0.0);
}

// Lowers every fault rate: zero when the failure survives that, else (for
// per-hour rates) halved while it does.
json lower_rates(json document, reports::Property property, Oracle& oracle) {
  std::vector<json::json_pointer> rates;
  collect_rates(document.at("faults"), json::json_pointer("/faults"), rates);
  for (const auto& pointer : rates) {
    if (is_zero(document.at(pointer))) continue;
    json candidate = document;
    candidate[pointer] = document.at(pointer).is_string() ? json("0") : json(0);
    if (oracle.fails(candidate, property)) {
      document = std::move(candidate);
      continue;
    }
    while (document.at(pointer).is_number() &&
           document.at(pointer).get<double>() / 2 >= kRateFloorPerHour) {
      candidate = document;
      candidate[pointer] = document.at(pointer).get<double>() / 2;
      if (!oracle.fails(candidate, property)) break;
      document = std::move(candidate);
    }
  }
  return document;
}

// Fewer nodes: halving while the failure survives, then one at a time.
json fewer_nodes(json document, reports::Property property, Oracle& oracle) {
  const json::json_pointer nodes("/cluster/nodes");
  for (const bool halve : {true, false}) {
    while (document.at(nodes).get<std::uint32_t>() > 1) {
      const auto count = document.at(nodes).get<std::uint32_t>();
      json candidate = document;
      candidate[nodes] = halve ? count / 2 : count - 1;
      if (!oracle.fails(candidate, property)) break;
      document = std::move(candidate);
    }
  }
  return document;
}

// A shorter run: halving the duration while the failure survives.
json shorter_duration(json document, reports::Property property, Oracle& oracle) {
  while (true) {
    const auto parsed = parse_duration(document.at("duration").get<std::string>());
    HOLO_ASSERT(parsed.value.has_value());
    const Nanos half_ns = *parsed.value / 2;
    if (half_ns < kDurationFloorNs) break;
    json candidate = document;
    candidate["duration"] = format_duration(half_ns);
    if (!oracle.fails(candidate, property)) break;
    document = std::move(candidate);
  }
  return document;
}

Nanos duration_of(const json& document) {
  const auto parsed = parse_duration(document.at("duration").get<std::string>());
  HOLO_ASSERT(parsed.value.has_value());
  return *parsed.value;
}

}  // namespace

std::vector<std::string> fault_element_pointers(const json& scenario) {
  std::vector<std::string> pointers;
  if (scenario.contains("faults")) {
    collect_fault_arrays(scenario.at("faults"), json::json_pointer("/faults"), pointers);
  }
  return pointers;
}

std::optional<ShrinkResult> shrink_scenario(const json& scenario, std::uint64_t seed,
                                            std::uint64_t runs_max, std::uint32_t rounds_max) {
  HOLO_ASSERT(runs_max >= 1);
  HOLO_ASSERT(rounds_max >= 1);
  Oracle oracle(seed, runs_max);
  const auto original = oracle.verdict(scenario);
  HOLO_ASSERT(original.has_value());  // the caller parsed it already
  // The target is the first checker that fails (in property order), so that
  // the shrunk scenario fails for the same reason, not merely some reason.
  std::optional<reports::Property> target;
  for (const auto property : reports::kAllProperties) {
    if (original->properties[reports::property_index(property)].violations > 0) {
      target = property;
      break;
    }
  }
  if (!target) return std::nullopt;

  ShrinkResult result;
  result.property = *target;
  const auto all_faults = fault_element_pointers(scenario);
  result.faults_before = all_faults.size();
  result.nodes_before = scenario.at("cluster").at("nodes").get<std::uint32_t>();
  result.duration_before_ns = duration_of(scenario);

  // Every accepted step keeps the failure, so each round starts from a
  // failing document; fewer nodes or a shorter run can make faults
  // unnecessary that the previous round's ddmin had to keep.
  json document = scenario;
  while (result.rounds < rounds_max && !oracle.exhausted()) {
    const json before = document;
    const auto faults = fault_element_pointers(document);
    const auto kept = ddmin(document, faults, *target, oracle);
    document = without(document, minus(faults, kept));
    document = lower_rates(std::move(document), *target, oracle);
    document = fewer_nodes(std::move(document), *target, oracle);
    document = shorter_duration(std::move(document), *target, oracle);
    ++result.rounds;
    if (document == before && !oracle.exhausted()) {
      result.fixpoint = true;
      break;
    }
  }

  // Each remaining fault must be needed: without it alone the failure goes.
  const auto remaining = fault_element_pointers(document);
  for (const auto& fault : remaining) {
    result.fault_needed.push_back(!oracle.fails(without(document, {fault}), *target));
  }
  result.faults_after = remaining.size();
  result.nodes_after = document.at("cluster").at("nodes").get<std::uint32_t>();
  result.duration_after_ns = duration_of(document);
  result.runs = oracle.runs();
  result.runs_exhausted = oracle.exhausted();
  // Written in the parser's canonical form ("0/1", not the "0" a lowered rate
  // was set to), so that shrinking the result again reads the same document.
  result.scenario = scenario_to_json(parse_scenario(document, "<shrunk scenario>"));
  return result;
}

int command_shrink(const CommandContext& context, const ShrinkOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const sim::Scenario scenario = load_scenario(options.scenario_path, options.overrides);
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  json document = scenario_to_json(scenario);
  document["seed"] = seed;
  std::string output_path = options.output_path;
  if (output_path.empty()) {
    std::filesystem::path path(options.scenario_path);
    output_path = (path.parent_path() / (path.stem().string() + ".shrunk.json")).string();
  }
  // Shrinking takes hundreds of runs; refuse an output on the input before
  // them rather than replace the scenario being shrunk at the end.
  check_output_paths("shrink", {{"the scenario FILE", options.scenario_path}},
                     {{options.output_path.empty() ? "the default output (FILE's name with "
                                                     ".shrunk.json)"
                                                   : "-o",
                       output_path}});
  const auto result = shrink_scenario(document, seed, options.runs_max, options.rounds_max);
  if (!result) {
    context.err << fmt::format(
        "holosim shrink: {} passes every checker with seed {}; nothing "
        "to shrink\n",
        options.scenario_path, seed);
    return kExitBadInput;
  }
  write_text_file(output_path, result->scenario.dump(2) + "\n");
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  const auto needed = std::count(result->fault_needed.begin(), result->fault_needed.end(), true);
  context.out << fmt::format(
      "shrink {} --seed {}: fails {}\n"
      "  faults    {} -> {} ({} of them checked needed)\n"
      "  nodes     {} -> {}\n"
      "  duration  {} -> {}\n"
      "  rounds    {} ({})\n"
      "  runs      {}{} in {:.1f}s\n"
      "  wrote     {}\n"
      "  reproduce {} run {} --seed {}\n",
      options.scenario_path, seed, reports::property_name(result->property), result->faults_before,
      result->faults_after, needed, result->nodes_before, result->nodes_after,
      format_duration(result->duration_before_ns), format_duration(result->duration_after_ns),
      result->rounds,
      result->fixpoint
          ? "the last changed nothing: a fixpoint"
          : (result->runs_exhausted ? "stopped by the run bound" : "stopped by the round bound"),
      result->runs, result->runs_exhausted ? " (the bound; the result may shrink further)" : "",
      elapsed.count(), output_path, context.program, output_path, seed);
  return kExitCheckFailed;
}

}  // namespace holocron::cli
