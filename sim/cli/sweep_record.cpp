#include "sim/cli/sweep_record.hpp"

#include "core/assert.hpp"
#include "reports/json_read.hpp"
#include "reports/json_writer.hpp"
#include "reports/trace_codec.hpp"

namespace holocron::cli {
namespace {

std::string_view outcome_name(SeedOutcome outcome) {
  switch (outcome) {
    case SeedOutcome::kPassed:
      return "passed";
    case SeedOutcome::kFailed:
      return "failed";
    case SeedOutcome::kCrashed:
      return "crashed";
  }
  HOLO_ASSERT(false && "unknown SeedOutcome");
  return {};
}

}  // namespace

SeedRecord record_from_outcome(const sim::Scenario& scenario, std::uint64_t seed,
                               const RunOutcome& outcome, std::string repro) {
  SeedRecord record;
  record.seed = seed;
  record.outcome =
      outcome.verdict.passed && outcome.result.ok ? SeedOutcome::kPassed : SeedOutcome::kFailed;
  record.expected = outcome.result.ok && meets_expectation(scenario, outcome.verdict);
  record.event_digest = outcome.result.event_digest;
  record.stats = outcome.report.stats;
  record.verdict = outcome.verdict;
  if (!outcome.result.ok) record.crash = "stopped early: " + outcome.result.error;
  record.repro = std::move(repro);
  return record;
}

SeedRecord record_from_crash(std::uint64_t seed, std::string crash, std::string repro) {
  SeedRecord record;
  record.seed = seed;
  record.outcome = SeedOutcome::kCrashed;
  record.crash = std::move(crash);
  record.repro = std::move(repro);
  return record;
}

std::string write_seed_record(const SeedRecord& record) {
  std::string line;
  reports::JsonWriter json(line);
  json.begin_object();
  json.field("seed", record.seed);
  json.field("outcome", outcome_name(record.outcome));
  json.field("expected", record.expected);
  json.field("event_digest", record.event_digest);
  json.key("summary");
  if (record.outcome == SeedOutcome::kCrashed) {
    json.null();
  } else {
    reports::write_run_stats(json, record.stats);
  }
  json.key("verdict");
  if (record.outcome == SeedOutcome::kCrashed) {
    json.null();
  } else {
    reports::write_verdict(json, record.verdict);
  }
  json.field("crash", record.crash);
  json.field("repro", record.repro);
  json.end_object();
  HOLO_ASSERT(json.depth() == 0);
  return line;
}

SeedRecord read_seed_record(const std::string& line, const std::string& file,
                            std::uint64_t line_number) {
  const reports::JsonSource source{file, line_number};
  const nlohmann::json document = nlohmann::json::parse(line, nullptr, false);
  if (document.is_discarded()) {
    throw reports::TraceFormatError(reports::source_prefix(source) +
                                    "not valid JSON; expected one seed record per line");
  }
  const reports::FieldReader root(document, "", source);
  SeedRecord record;
  record.seed = root.at("seed").uint64();
  const std::string outcome = root.at("outcome").string();
  if (outcome == "passed") {
    record.outcome = SeedOutcome::kPassed;
  } else if (outcome == "failed") {
    record.outcome = SeedOutcome::kFailed;
  } else if (outcome == "crashed") {
    record.outcome = SeedOutcome::kCrashed;
  } else {
    root.at("outcome").fail("\"passed\", \"failed\" or \"crashed\"");
  }
  record.expected = root.at("expected").boolean();
  record.event_digest = root.at("event_digest").string();
  if (record.outcome != SeedOutcome::kCrashed) {
    record.stats = reports::read_run_stats(root.at("summary"));
    record.verdict = reports::read_verdict(root.at("verdict"));
  }
  record.crash = root.at("crash").string();
  record.repro = root.at("repro").string();
  return record;
}

}  // namespace holocron::cli
