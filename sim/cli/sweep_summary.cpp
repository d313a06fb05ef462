#include "sim/cli/sweep_summary.hpp"

#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/json_read.hpp"
#include "reports/json_writer.hpp"
#include "reports/text_format.hpp"
#include "sim/cli/exit_codes.hpp"

namespace holocron::cli {
namespace {

using reports::SweepMetric;

std::string distribution_text(const reports::SweepReport& report, SweepMetric metric) {
  const auto& distribution = report.distributions[static_cast<std::size_t>(metric)];
  if (distribution.count == 0) return "none";
  const auto unit = reports::sweep_metric_unit(metric);
  const auto show = [&](std::int64_t value) {
    if (unit == "ns") return reports::duration_text(value);
    if (unit == "micro_usd") return reports::usd_text(value, 2);
    if (unit == "milli") return reports::milli_text(value);
    return reports::count_text(static_cast<std::uint64_t>(value));
  };
  return fmt::format("p50 {}  p99 {}  max {} (seed {})", show(distribution.p50),
                     show(distribution.p99), show(distribution.max), distribution.max_seed);
}

std::string first_violation_text(const reports::RunSummary& summary) {
  if (!summary.error.empty()) return summary.error;
  for (const auto& violation : summary.first_violations) {
    if (violation.outside_assumptions) continue;
    return fmt::format("{} at {}: {}", reports::property_name(violation.property),
                       reports::instant_text(violation.first_ns), violation.message);
  }
  return summary.stats.passed ? "passed" : "a check failed";
}

}  // namespace

std::string write_sweep_identity(const SweepIdentity& identity) {
  std::string text;
  reports::JsonWriter json(text);
  json.begin_object();
  json.field("format", kSweepFormatName);
  json.field("format_version", static_cast<std::int64_t>(kSweepFormatVersion));
  json.field("program_version", identity.program_version);
  json.key("scenario");
  json.begin_object();
  json.field("name", identity.scenario_name);
  json.field("path", identity.scenario_path);
  json.field("digest", identity.scenario_digest);
  json.key("overrides");
  json.begin_array();
  for (const auto& assignment : identity.overrides) json.value(assignment);
  json.end_array();
  json.end_object();
  json.key("seeds");
  json.begin_object();
  json.field("first", identity.seeds.first);
  json.field("last", identity.seeds.last);
  json.end_object();
  json.key("shard");
  json.begin_object();
  json.field("index", identity.shard.index);
  json.field("count", identity.shard.count);
  json.end_object();
  json.end_object();
  text += "\n";
  return text;
}

SweepIdentity read_sweep_identity(const std::string& text, const std::string& file) {
  const reports::JsonSource source{file, 0};
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded()) {
    throw reports::TraceFormatError(reports::source_prefix(source) +
                                    "not valid JSON; expected the sweep.json a sweep writes");
  }
  const reports::FieldReader root(document, "", source);
  if (root.at("format").string() != kSweepFormatName) {
    root.at("format").fail(fmt::format("\"{}\"", kSweepFormatName));
  }
  if (root.at("format_version").int64() != kSweepFormatVersion) {
    root.at("format_version").fail(std::to_string(kSweepFormatVersion));
  }
  SweepIdentity identity;
  identity.program_version = root.at("program_version").string();
  const auto scenario = root.at("scenario");
  identity.scenario_name = scenario.at("name").string();
  identity.scenario_path = scenario.at("path").string();
  identity.scenario_digest = scenario.at("digest").string();
  const auto overrides = scenario.at("overrides");
  for (std::size_t i = 0; i < overrides.array_size(); ++i) {
    identity.overrides.push_back(overrides.element(i).string());
  }
  identity.seeds.first = root.at("seeds").at("first").uint64();
  identity.seeds.last = root.at("seeds").at("last").uint64();
  identity.shard.index = root.at("shard").at("index").uint64();
  identity.shard.count = root.at("shard").at("count").uint64();
  if (identity.seeds.first > identity.seeds.last) root.at("seeds").fail("first <= last");
  if (identity.shard.count == 0 || identity.shard.index >= identity.shard.count) {
    root.at("shard").fail("0 <= index < count");
  }
  return identity;
}

SeedSequence shard_seeds(const SeedRange& range, const Shard& shard) {
  HOLO_ASSERT(shard.count > 0);
  HOLO_ASSERT(shard.index < shard.count);
  SeedSequence sequence;
  sequence.stride = shard.count;
  if (range.last - range.first < shard.index) {
    // More shards than seeds: this shard has none.
    sequence.first = 1;
    sequence.last = 0;
    return sequence;
  }
  sequence.first = range.first + shard.index;
  sequence.last = range.last;
  return sequence;
}

bool summary_meets_expectation(const sim::Scenario& scenario, const reports::RunSummary& summary) {
  if (!summary.error.empty()) return false;
  switch (scenario.checks.expected_verdict) {
    case sim::ExpectedVerdict::kAny:
      return true;
    case sim::ExpectedVerdict::kPass:
      return summary.stats.passed;
    case sim::ExpectedVerdict::kViolation:
      break;
  }
  if (summary.stats.passed) return false;
  for (const auto& name : scenario.checks.expected_violations) {
    const auto property = reports::parse_property_name(name);
    HOLO_ASSERT(property.has_value());
    if (summary.violations[reports::property_index(*property)] == 0) return false;
  }
  return true;
}

int sweep_exit_code(const reports::SweepReport& report) {
  // A seed whose worker crashed tripped an always-on assertion: a finding,
  // like a failed checker, and the sweep's output is complete. Exit code 3
  // stays reserved for holosim itself failing, so a batch system can tell
  // "complete, with findings" (0 or 1) from "redo this shard" (2 or 3).
  if (report.crashed > 0 || report.failed > 0) return kExitCheckFailed;
  return kExitPassed;
}

void print_sweep_summary(std::ostream& out, const Terminal& terminal, const SweepIdentity& identity,
                         const reports::SweepReport& report,
                         std::optional<std::uint64_t> expected_met) {
  const char* end = tone_end(terminal);
  const bool clean = report.failed == 0 && report.crashed == 0;
  out << fmt::format("{} seeds {}..{}{}: {}{}{}\n", identity.scenario_name, identity.seeds.first,
                     identity.seeds.last,
                     identity.shard.count > 1
                         ? fmt::format(" (shard {}/{})", identity.shard.index, identity.shard.count)
                         : "",
                     tone_begin(terminal, clean ? Tone::kGood : Tone::kBad),
                     clean ? "PASS" : "FAIL", end);
  out << fmt::format("  scenario      {}  sha256:{}  holosim {}\n", identity.scenario_path,
                     identity.scenario_digest, identity.program_version);
  out << fmt::format(
      "  seeds         {} run, {} passed, {} failed, {} crashed; expected verdict "
      "met by {}\n",
      reports::count_text(report.runs), reports::count_text(report.passed),
      reports::count_text(report.failed), reports::count_text(report.crashed),
      expected_met ? reports::count_text(*expected_met)
                   : std::string("? (scenario file not available)"));
  out << "  leader changes " << distribution_text(report, SweepMetric::kLeaderChanges) << "\n";
  out << "  failover p99  " << distribution_text(report, SweepMetric::kFailoverP99) << "\n";
  out << "  leaderless    " << distribution_text(report, SweepMetric::kLeaderless) << "\n";
  out << "  dual-leader   " << distribution_text(report, SweepMetric::kDualLeader) << "\n";
  out << "  cost/month    " << distribution_text(report, SweepMetric::kCostPerMonth) << "\n";
  std::string checks;
  for (std::size_t i = 0; i < reports::kPropertyCount; ++i) {
    if (!checks.empty()) checks += "  ";
    const auto name = reports::property_name(reports::kAllProperties[i]);
    if (report.seeds_violating[i] == 0) {
      checks += fmt::format("{} ok", name);
    } else {
      checks += fmt::format("{}{} FAIL in {} seeds{}", tone_begin(terminal, Tone::kBad), name,
                            reports::count_text(report.seeds_violating[i]), end);
    }
  }
  out << "  checks        " << checks << "\n";
  // The worst few; the report lists more, and seeds.jsonl has every seed.
  constexpr std::size_t kListedMax = 5;
  std::size_t listed = 0;
  for (const auto& summary : report.worst) {
    if (summary.error.empty() && summary.stats.passed) continue;
    if (listed++ == kListedMax) break;
    out << fmt::format("  {} seed {}: {}\n    reproduce: {}\n",
                       summary.error.empty() ? "failed" : "crashed", summary.seed,
                       first_violation_text(summary), summary.repro_command);
  }
  if (report.crashed > 0) {
    out << fmt::format("  {}{} seeds crashed{} (listed in the report with their repro commands)\n",
                       tone_begin(terminal, Tone::kBad), reports::count_text(report.crashed), end);
  }
}

}  // namespace holocron::cli
