#include "sim/cli/sweep_summary.hpp"

#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/json_read.hpp"
#include "reports/json_writer.hpp"
#include "sim/cli/display.hpp"
#include "sim/cli/exit_codes.hpp"

namespace holocron::cli {
namespace {

void write_distribution(reports::JsonWriter& json, std::string_view name,
                        std::vector<Nanos> samples) {
  const reports::DurationStats stats = reports::duration_stats(samples);
  json.key(name);
  json.begin_object();
  json.field("count", stats.count);
  json.field("p50", stats.p50_ns);
  json.field("p90", stats.p90_ns);
  json.field("p99", stats.p99_ns);
  json.field("max", stats.max_ns);
  json.field("total", stats.total_ns);
  json.end_object();
}

std::string first_violation_text(const reports::Verdict& verdict) {
  for (const auto& violation : verdict.violations) {
    if (violation.outside_assumptions) continue;
    return fmt::format("{} at {}: {}", reports::property_name(violation.property),
                       display_duration(violation.first_ns), violation.message);
  }
  return "a check failed";
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
    // This shard has no seeds (more shards than seeds): an empty sequence.
    sequence.first = 1;
    sequence.last = 0;
    return sequence;
  }
  sequence.first = range.first + shard.index;
  sequence.last = range.last;
  return sequence;
}

void SweepAggregate::add(const SeedRecord& record) {
  HOLO_ASSERT(seeds_ == 0 || record.seed > last_seed_);
  last_seed_ = record.seed;
  ++seeds_;
  if (record.expected) ++expected_met_;
  if (record.outcome == SeedOutcome::kCrashed) {
    ++crashed_;
    if (crashing_.size() < kWorstSeedsListed) {
      crashing_.push_back({record.seed, record.crash, record.repro});
    }
    return;
  }
  if (record.outcome == SeedOutcome::kPassed) {
    ++passed_;
  } else {
    ++failed_;
    if (failing_.size() < kWorstSeedsListed) {
      failing_.push_back(
          {record.seed, record.crash.empty() ? first_violation_text(record.verdict) : record.crash,
           record.repro});
    }
  }
  const reports::RunStats& stats = record.stats;
  leader_changes_.push_back(static_cast<Nanos>(stats.leader_changes));
  if (stats.failover.count > 0) {
    failover_p99_ns_.push_back(stats.failover.p99_ns);
    failover_max_ns_.push_back(stats.failover.max_ns);
  }
  leaderless_ns_.push_back(stats.leaderless_ns);
  dual_leader_ns_.push_back(stats.dual_leader_ns);
  cost_per_month_micro_usd_.push_back(stats.cost_per_month_micro_usd);
  if (stats.dual_leader_ns > 0) ++seeds_with_dual_leader_;
  for (std::size_t i = 0; i < failover_histogram_.size(); ++i) {
    failover_histogram_[i] += stats.failover_histogram[i];
  }
  list_requests_ += stats.list_requests;
  get_requests_ += stats.get_requests;
  put_requests_ += stats.put_requests;
  delete_requests_ += stats.delete_requests;
  for (std::size_t i = 0; i < reports::kPropertyCount; ++i) {
    const auto& result = record.verdict.properties[i];
    if (result.violations > 0) ++seeds_violating_[i];
    violations_[i] += result.violations;
    outside_assumptions_[i] += result.outside_assumptions;
  }
}

int SweepAggregate::exit_code() const {
  if (crashed_ > 0) return kExitInternalError;
  if (failed_ > 0) return kExitCheckFailed;
  return kExitPassed;
}

std::string SweepAggregate::summary_json(const SweepIdentity& identity) const {
  std::string text;
  reports::JsonWriter json(text);
  json.begin_object();
  json.field("format", "holocron-sweep-summary");
  json.field("format_version", static_cast<std::int64_t>(kSweepFormatVersion));
  json.field("program_version", identity.program_version);
  json.field("scenario", identity.scenario_name);
  json.field("scenario_digest", identity.scenario_digest);
  json.key("seeds");
  json.begin_object();
  json.field("first", identity.seeds.first);
  json.field("last", identity.seeds.last);
  json.field("run", seeds_);
  json.field("passed", passed_);
  json.field("failed", failed_);
  json.field("crashed", crashed_);
  json.field("expected_verdict_met", expected_met_);
  json.end_object();
  json.key("properties");
  json.begin_array();
  for (std::size_t i = 0; i < reports::kPropertyCount; ++i) {
    json.begin_object();
    json.field("property", reports::property_name(reports::kAllProperties[i]));
    json.field("seeds_violating", seeds_violating_[i]);
    json.field("violations", violations_[i]);
    json.field("outside_assumptions", outside_assumptions_[i]);
    json.end_object();
  }
  json.end_array();
  json.key("across_seeds");
  json.begin_object();
  write_distribution(json, "leader_changes", leader_changes_);
  write_distribution(json, "failover_p99_ns", failover_p99_ns_);
  write_distribution(json, "failover_max_ns", failover_max_ns_);
  write_distribution(json, "leaderless_ns", leaderless_ns_);
  write_distribution(json, "dual_leader_ns", dual_leader_ns_);
  write_distribution(json, "cost_per_month_micro_usd", cost_per_month_micro_usd_);
  json.field("seeds_with_dual_leader", seeds_with_dual_leader_);
  json.end_object();
  json.key("failover_histogram");
  json.begin_array();
  for (const auto count : failover_histogram_) json.value(count);
  json.end_array();
  json.key("requests");
  json.begin_object();
  json.field("list", list_requests_);
  json.field("get", get_requests_);
  json.field("put", put_requests_);
  json.field("delete", delete_requests_);
  json.end_object();
  const auto write_listed = [&](std::string_view name, const std::vector<Listed>& listed,
                                std::string_view what_key) {
    json.key(name);
    json.begin_array();
    for (const auto& entry : listed) {
      json.begin_object();
      json.field("seed", entry.seed);
      json.field(what_key, entry.what);
      json.field("repro", entry.repro);
      json.end_object();
    }
    json.end_array();
  };
  write_listed("failing_seeds", failing_, "first_violation");
  write_listed("crashed_seeds", crashing_, "crash");
  json.end_object();
  text += "\n";
  return text;
}

void SweepAggregate::print(std::ostream& out, const Terminal& terminal,
                           const SweepIdentity& identity) const {
  const char* end = tone_end(terminal);
  const bool clean = failed_ == 0 && crashed_ == 0;
  out << fmt::format("{} seeds {}..{}: {}{}{}\n", identity.scenario_name, identity.seeds.first,
                     identity.seeds.last, tone_begin(terminal, clean ? Tone::kGood : Tone::kBad),
                     clean ? "PASS" : "FAIL", end);
  out << fmt::format("  scenario      {}  sha256:{}  holosim {}\n", identity.scenario_path,
                     identity.scenario_digest, identity.program_version);
  out << fmt::format(
      "  seeds         {} run, {} passed, {} failed, {} crashed; expected verdict "
      "met by {}\n",
      display_count(seeds_), display_count(passed_), display_count(failed_),
      display_count(crashed_), display_count(expected_met_));
  const auto distribution = [](std::vector<Nanos> samples, bool durations) {
    const reports::DurationStats stats = reports::duration_stats(samples);
    if (stats.count == 0) return std::string("none");
    const auto show = [&](Nanos value) {
      return durations ? display_duration(value) : display_count(static_cast<std::uint64_t>(value));
    };
    return fmt::format("p50 {}  p99 {}  max {}", show(stats.p50_ns), show(stats.p99_ns),
                       show(stats.max_ns));
  };
  out << "  leader changes " << distribution(leader_changes_, false) << "  (per seed)\n";
  out << "  failover p99  " << distribution(failover_p99_ns_, true) << "  (per seed)\n";
  out << "  leaderless    " << distribution(leaderless_ns_, true) << "  (per seed)\n";
  out << fmt::format("  dual-leader   {}  ({} seeds with any)\n",
                     distribution(dual_leader_ns_, true), display_count(seeds_with_dual_leader_));
  std::string checks;
  for (std::size_t i = 0; i < reports::kPropertyCount; ++i) {
    if (!checks.empty()) checks += "  ";
    const auto name = reports::property_name(reports::kAllProperties[i]);
    if (seeds_violating_[i] == 0) {
      checks += fmt::format("{} ok", name);
    } else {
      checks += fmt::format("{}{} FAIL in {} seeds{}", tone_begin(terminal, Tone::kBad), name,
                            display_count(seeds_violating_[i]), end);
    }
  }
  out << "  checks        " << checks << "\n";
  for (const auto& entry : failing_) {
    out << fmt::format("  failed seed {}: {}\n    reproduce: {}\n", entry.seed, entry.what,
                       entry.repro);
  }
  if (failed_ > failing_.size()) {
    out << fmt::format("  ... and {} more failing seeds (see seeds.jsonl)\n",
                       display_count(failed_ - failing_.size()));
  }
  for (const auto& entry : crashing_) {
    out << fmt::format("  {}crashed{} seed {}: {}\n    reproduce: {}\n",
                       tone_begin(terminal, Tone::kBad), end, entry.seed, entry.what, entry.repro);
  }
  if (crashed_ > crashing_.size()) {
    out << fmt::format("  ... and {} more crashed seeds (see seeds.jsonl)\n",
                       display_count(crashed_ - crashing_.size()));
  }
}

}  // namespace holocron::cli
