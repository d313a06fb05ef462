#include "reports/trace_codec.hpp"

#include <array>
#include <cstring>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "reports/names.hpp"

namespace holocron::reports {
namespace {

// The most bytes of an outcome's key in outcome_keys() (the longest name is
// about twenty).
constexpr std::size_t kOutcomeKeyBytesMax = 40;

// The most bytes each fixed part of an epoch line takes: its literal text
// (fewer than the first term's bytes; counted by hand, and the line test
// writes every number at its longest) and its numbers.
constexpr std::size_t kCreatedPartBytesMax = 256 + 8 * kNumberBytesMax;
constexpr std::size_t kOutcomesPartBytesMax =
    kAttemptOutcomeCount * (1 + kOutcomeKeyBytesMax + kNumberBytesMax);
constexpr std::size_t kObservedPartBytesMax = 128 + 3 * kNumberBytesMax;
constexpr std::size_t kRenewalsPartBytesMax = 128 + 4 * kNumberBytesMax;
// Without the reason's string.
constexpr std::size_t kEndedPartBytesMax = 256 + 10 * kNumberBytesMax;

// The attempt outcomes' names as the keys of an epoch line's "outcomes"
// ("lost":), each written once by the same write_json_string: a line names
// one to three outcomes, and writing each name through the string writer
// again was about a third of the line's string work.
const std::array<std::string, kAttemptOutcomeCount>& outcome_keys() {
  static const std::array<std::string, kAttemptOutcomeCount> keys = [] {
    std::array<std::string, kAttemptOutcomeCount> written;
    for (std::size_t i = 0; i < kAttemptOutcomeCount; ++i) {
      JsonSpanWriter json(written[i]);
      json.string(attempt_outcome_name(static_cast<AttemptOutcome>(i)));
      json.literal(":");
      json.finish();
      HOLO_ASSERT(written[i].size() <= kOutcomeKeyBytesMax);
    }
    return written;
  }();
  return keys;
}

void write_node(JsonSpanWriter& json, NodeIndex node) {
  if (node == kNoNode) {
    json.literal("null");
  } else {
    json.number(std::uint64_t{node});
  }
}

// Embeds a JSON document given as text, normalised to nlohmann's compact form
// (sorted keys) so that the line stays one line; text that is not JSON is
// embedded as a string instead of being lost.
void embedded_json_field(JsonWriter& json, std::string_view name, const std::string& text) {
  json.key(name);
  if (text.empty()) {
    json.raw("{}");
    return;
  }
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    json.value(text);
    return;
  }
  json.raw(parsed.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string embedded_json_text(const FieldReader& value) {
  if (value.json().is_string()) return value.string();
  return value.json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Nanos> optional_nanos(const FieldReader& line, std::string_view key) {
  const std::optional<FieldReader> value = line.optional(key);
  if (!value) return std::nullopt;
  return value->int64();
}

NodeIndex read_node(const FieldReader& value, std::size_t node_count) {
  if (value.is_null()) return kNoNode;
  const std::uint32_t node = value.uint32();
  if (node >= node_count) value.fail(fmt::format("a node index below {}", node_count));
  return node;
}

OpTally read_op_tally(const FieldReader& value) {
  OpTally tally;
  tally.list = value.at("list").uint64();
  tally.get = value.at("get").uint64();
  tally.put = value.at("put").uint64();
  tally.del = value.at("delete").uint64();
  tally.failed = value.at("failed").uint64();
  tally.injected = value.at("injected").uint64();
  tally.lost = value.at("lost").uint64();
  return tally;
}

// At most 64 bytes of literal text and seven numbers.
char* put_op_tally(char* write, const OpTally& tally) {
  write = put_literal(write, "{\"list\":");
  write = put_number(write, tally.list);
  write = put_literal(write, ",\"get\":");
  write = put_number(write, tally.get);
  write = put_literal(write, ",\"put\":");
  write = put_number(write, tally.put);
  write = put_literal(write, ",\"delete\":");
  write = put_number(write, tally.del);
  write = put_literal(write, ",\"failed\":");
  write = put_number(write, tally.failed);
  write = put_literal(write, ",\"injected\":");
  write = put_number(write, tally.injected);
  write = put_literal(write, ",\"lost\":");
  write = put_number(write, tally.lost);
  return put_literal(write, "}");
}

}  // namespace

void write_op_tally(JsonSpanWriter& json, const OpTally& tally) {
  json.commit(put_op_tally(json.claim(64 + 7 * kNumberBytesMax), tally));
}

void write_header_line(std::string& out, const TraceHeader& header) {
  const RunHeader& run = header.run;
  JsonWriter json(out);
  json.begin_object();
  json.field("type", "header");
  json.field("format", kTraceFormatName);
  json.field("version", static_cast<std::int64_t>(header.format_version));
  json.key("scenario");
  json.begin_object();
  json.field("name", run.scenario_name);
  json.field("digest", run.scenario_digest);
  embedded_json_field(json, "canonical", run.scenario_json);
  json.end_object();
  json.field("seed", run.seed);
  embedded_json_field(json, "swarm", run.swarm_json);
  json.field("program_version", run.program_version);
  json.field("algorithm", algorithm_name(run.algorithm));
  json.key("nodes");
  json.begin_array();
  for (const std::string& name : run.node_names) json.value(name);
  json.end_array();
  json.field("duration_ns", run.duration_ns);
  json.field("lease_ns", run.lease_ns);
  json.field("poll_interval_ns", run.poll_interval_ns);
  json.field("liveness_bound_ns", run.liveness_bound_ns);
  json.field("lists_max", header.lists_max);
  json.field("repro_command", header.repro_command);
  json.end_object();
  HOLO_ASSERT(json.depth() == 0);
}

TraceHeader read_header(const FieldReader& line) {
  TraceHeader header;
  if (line.at("format").string() != kTraceFormatName) {
    line.at("format").fail(fmt::format("\"{}\"", kTraceFormatName));
  }
  const std::int64_t version = line.at("version").int64();
  if (version != kTraceFormatVersion) {
    line.at("version").fail(fmt::format("format version {}", kTraceFormatVersion));
  }
  header.format_version = static_cast<int>(version);
  RunHeader& run = header.run;
  const FieldReader scenario = line.at("scenario");
  run.scenario_name = scenario.at("name").string();
  run.scenario_digest = scenario.at("digest").string();
  run.scenario_json = embedded_json_text(scenario.at("canonical"));
  run.seed = line.at("seed").uint64();
  run.swarm_json = embedded_json_text(line.at("swarm"));
  run.program_version = line.at("program_version").string();
  const FieldReader algorithm = line.at("algorithm");
  const std::optional<Algorithm> parsed = parse_algorithm_name(algorithm.string());
  if (!parsed) algorithm.fail("\"naive\", \"lease\" or \"stable\"");
  run.algorithm = *parsed;
  const FieldReader nodes = line.at("nodes");
  for (std::size_t i = 0; i < nodes.array_size(); ++i) {
    run.node_names.push_back(nodes.element(i).string());
  }
  run.duration_ns = line.at("duration_ns").int64();
  run.lease_ns = line.at("lease_ns").int64();
  run.poll_interval_ns = line.at("poll_interval_ns").int64();
  run.liveness_bound_ns = line.at("liveness_bound_ns").int64();
  header.lists_max = line.at("lists_max").uint32();
  header.repro_command = line.at("repro_command").string();
  return header;
}

// Written with JsonSpanWriter, not JsonWriter: a thousand-node run writes
// thousands of these lines a minute, and with JsonWriter the line was most of
// the trace's cost (a separator check, a capacity check and a byte loop per
// key). The keys and punctuation below are the format of TRACE_FORMAT.md, in
// its order; tests/reports/trace_test.cpp compares the line with one written
// by JsonWriter for random records.
void write_epoch_line(std::string& out, const EpochRecord& record) {
  JsonSpanWriter json(out);
  write_epoch_line(json, record);
  json.finish();
}

void write_epoch_line(JsonSpanWriter& json, const EpochRecord& record) {
  // The fixed parts go through claimed room (JsonSpanWriter::claim), one
  // room check each; the lists, empty in large clusters, field by field.
  char* write = json.claim(kCreatedPartBytesMax + kOutcomesPartBytesMax);
  write = put_literal(write, "{\"type\":\"epoch\",\"epoch\":");
  write = put_number(write, record.epoch);
  write = put_literal(write, ",\"winner\":");
  write = record.winner == kNoNode ? put_literal(write, "null")
                                   : put_number(write, std::uint64_t{record.winner});
  write = put_literal(write, ",\"created\":{\"true_ns\":");
  write = put_number_or_null(write, record.created_true_ns);
  write = put_literal(write, ",\"local_ns\":");
  write = put_number_or_null(write, record.created_local_ns);
  write = put_literal(write, ",\"creates\":");
  write = put_number(write, std::uint64_t{record.creates});
  write = put_literal(write, "},\"deleted_true_ns\":");
  write = put_number_or_null(write, record.deleted_true_ns);
  write = put_literal(write, ",\"superseded_true_ns\":");
  write = put_number_or_null(write, record.superseded_true_ns);

  write = put_literal(write, ",\"contenders\":{\"total\":");
  write = put_number(write, record.contenders_total);
  write = put_literal(write, ",\"outcomes\":{");
  bool first = true;
  for (std::size_t i = 0; i < kAttemptOutcomeCount; ++i) {
    if (record.outcome_counts[i] == 0) continue;
    if (!first) *write++ = ',';
    first = false;
    const std::string& key = outcome_keys()[i];
    write = put_number(put_text(write, key), record.outcome_counts[i]);
  }
  write = put_literal(write, "},\"list\":[");
  json.commit(write);
  first = true;
  for (const ContenderEntry& entry : record.contenders) {
    if (!first) json.literal(",");
    first = false;
    json.literal("[");
    json.number(std::uint64_t{entry.node});
    json.literal(",");
    json.string(attempt_outcome_name(entry.outcome));
    json.literal(",");
    json.number(entry.true_ns);
    json.literal(",");
    json.number(entry.local_ns);
    json.literal("]");
  }

  write = json.claim(kObservedPartBytesMax);
  write = put_literal(write, "]},\"observed\":{\"total\":");
  write = put_number(write, record.observers_total);
  write = put_literal(write, ",\"first_true_ns\":");
  write = put_number(write, record.first_observed_ns);
  write = put_literal(write, ",\"last_true_ns\":");
  write = put_number(write, record.last_observed_ns);
  write = put_literal(write, ",\"list\":[");
  json.commit(write);
  first = true;
  for (const ObservationEntry& entry : record.observations) {
    if (!first) json.literal(",");
    first = false;
    json.literal("[");
    json.number(std::uint64_t{entry.node});
    json.literal(",");
    json.number(entry.true_ns);
    json.literal(",");
    json.number(entry.local_ns);
    json.literal("]");
  }

  write = json.claim(kRenewalsPartBytesMax);
  write = put_literal(write, "]},\"renewals\":{\"count\":");
  write = put_number(write, record.renewals.count);
  write = put_literal(write, ",\"first_true_ns\":");
  write = put_number(write, record.renewals.first_ns);
  write = put_literal(write, ",\"last_true_ns\":");
  write = put_number(write, record.renewals.last_ns);
  write = put_literal(write, ",\"max_gap_ns\":");
  write = put_number(write, record.renewals.max_gap_ns);
  write = put_literal(write, "},\"acting\":[");
  json.commit(write);
  first = true;
  for (const ActingInterval& interval : record.acting) {
    if (!first) json.literal(",");
    first = false;
    json.literal("[");
    json.number(std::uint64_t{interval.node});
    json.literal(",");
    json.number(interval.start_ns);
    json.literal(",");
    json.number(interval.end_ns);
    json.literal(",");
    json.string(interval.end_reason);
    json.literal("]");
  }

  write = json.claim(kEndedPartBytesMax + json_string_room_bytes(record.ended_reason));
  write = put_literal(write, "],\"ended\":{\"true_ns\":");
  write = put_number(write, record.ended_true_ns);
  write = put_literal(write, ",\"reason\":");
  write = write_json_string(write, record.ended_reason);
  write = put_literal(write, "},\"ops\":");
  write = put_op_tally(write, record.ops);
  write = put_literal(write, ",\"fenced\":{\"accepted\":");
  write = put_number(write, record.fenced_accepted);
  write = put_literal(write, ",\"rejected\":");
  write = put_number(write, record.fenced_rejected);
  write = put_literal(write, "}}");
  json.commit(write);
}

EpochRecord read_epoch(const FieldReader& line, std::size_t node_count) {
  EpochRecord record;
  record.epoch = line.at("epoch").uint64();
  record.winner = read_node(line.at("winner"), node_count);
  const FieldReader created = line.at("created");
  record.created_true_ns = optional_nanos(created, "true_ns");
  record.created_local_ns = optional_nanos(created, "local_ns");
  record.creates = created.at("creates").uint32();
  record.deleted_true_ns = optional_nanos(line, "deleted_true_ns");
  record.superseded_true_ns = optional_nanos(line, "superseded_true_ns");

  const FieldReader contenders = line.at("contenders");
  record.contenders_total = contenders.at("total").uint64();
  const FieldReader outcomes = contenders.at("outcomes");
  for (const auto& item : outcomes.object().items()) {
    const std::string& name = item.key();
    const std::optional<AttemptOutcome> outcome = parse_attempt_outcome_name(name);
    if (!outcome) outcomes.at(name).fail("an attempt outcome name as the key");
    record.outcome_counts[static_cast<std::size_t>(*outcome)] = outcomes.at(name).uint64();
  }
  const FieldReader list = contenders.at("list");
  for (std::size_t i = 0; i < list.array_size(); ++i) {
    const FieldReader entry = list.element(i);
    if (entry.array_size() != 4) entry.fail("[node, outcome, true_ns, local_ns]");
    ContenderEntry contender;
    contender.node = read_node(entry.element(0), node_count);
    const FieldReader outcome_field = entry.element(1);
    const std::optional<AttemptOutcome> outcome =
        parse_attempt_outcome_name(outcome_field.string());
    if (!outcome) outcome_field.fail("an attempt outcome (won, lost, ...)");
    contender.outcome = *outcome;
    contender.true_ns = entry.element(2).int64();
    contender.local_ns = entry.element(3).int64();
    record.contenders.push_back(contender);
  }

  const FieldReader observed = line.at("observed");
  record.observers_total = observed.at("total").uint64();
  record.first_observed_ns = observed.at("first_true_ns").int64();
  record.last_observed_ns = observed.at("last_true_ns").int64();
  const FieldReader observations = observed.at("list");
  for (std::size_t i = 0; i < observations.array_size(); ++i) {
    const FieldReader entry = observations.element(i);
    if (entry.array_size() != 3) entry.fail("[node, true_ns, local_ns]");
    record.observations.push_back({read_node(entry.element(0), node_count),
                                   entry.element(1).int64(), entry.element(2).int64()});
  }

  const FieldReader renewals = line.at("renewals");
  record.renewals.count = renewals.at("count").uint64();
  record.renewals.first_ns = renewals.at("first_true_ns").int64();
  record.renewals.last_ns = renewals.at("last_true_ns").int64();
  record.renewals.max_gap_ns = renewals.at("max_gap_ns").int64();

  const FieldReader acting = line.at("acting");
  for (std::size_t i = 0; i < acting.array_size(); ++i) {
    const FieldReader entry = acting.element(i);
    if (entry.array_size() != 4) entry.fail("[node, start_ns, end_ns, end_reason]");
    ActingInterval interval;
    interval.node = read_node(entry.element(0), node_count);
    if (interval.node == kNoNode) entry.element(0).fail("a node index");
    interval.epoch = record.epoch;
    interval.start_ns = entry.element(1).int64();
    interval.end_ns = entry.element(2).int64();
    if (interval.end_ns < interval.start_ns) entry.element(2).fail("an end at or after the start");
    interval.end_reason = entry.element(3).string();
    record.acting.push_back(std::move(interval));
  }

  const FieldReader ended = line.at("ended");
  record.ended_true_ns = ended.at("true_ns").int64();
  record.ended_reason = ended.at("reason").string();
  record.ops = read_op_tally(line.at("ops"));
  const FieldReader fenced = line.at("fenced");
  record.fenced_accepted = fenced.at("accepted").uint64();
  record.fenced_rejected = fenced.at("rejected").uint64();
  return record;
}

// With JsonSpanWriter, like the epoch line: a thousand-node run writes a
// timeline line per node start, and with JsonWriter those thousand lines
// cost about as much as a minute's epoch lines. The keys are
// TRACE_FORMAT.md's, in its order; tests/reports/epoch_line_test.cpp
// compares the line with one written by JsonWriter for random events.
void write_timeline_line(std::string& out, const TimelineEvent& event) {
  JsonSpanWriter json(out);
  write_timeline_line(json, event);
  json.finish();
}

void write_timeline_line(JsonSpanWriter& json, const TimelineEvent& event) {
  json.literal("{\"type\":");
  json.string(timeline_kind_name(event.kind));
  json.literal(",\"true_ns\":");
  json.number(std::int64_t{event.true_ns});
  json.literal(",\"node\":");
  write_node(json, event.node);
  json.literal(",\"name\":");
  json.string(event.name);
  json.literal(",\"detail\":");
  json.string(event.detail);
  json.literal(",\"until_ns\":");
  json.number(std::int64_t{event.until_ns});
  json.literal("}");
}

TimelineEvent read_timeline(const FieldReader& line, TimelineKind kind, std::size_t node_count) {
  TimelineEvent event;
  event.kind = kind;
  event.true_ns = line.at("true_ns").int64();
  event.node = read_node(line.at("node"), node_count);
  event.name = line.at("name").string();
  event.detail = line.at("detail").string();
  event.until_ns = line.at("until_ns").int64();
  return event;
}

void write_run_stats(JsonWriter& json, const RunStats& stats) {
  json.begin_object();
  json.field("duration_ns", stats.duration_ns);
  json.field("epochs_created", stats.epochs_created);
  json.field("epochs_led", stats.epochs_led);
  json.field("leader_changes", stats.leader_changes);
  json.field("first_leader_ns", stats.first_leader_ns);
  json.field("leaderless_ns", stats.leaderless_ns);
  json.field("dual_leader_ns", stats.dual_leader_ns);
  json.field("dual_leader_episodes", stats.dual_leader_episodes);
  json.field("leaderless_at_end_ns", stats.leaderless_at_end_ns);
  json.key("failover");
  json.begin_object();
  json.field("count", stats.failover.count);
  json.field("p50_ns", stats.failover.p50_ns);
  json.field("p90_ns", stats.failover.p90_ns);
  json.field("p99_ns", stats.failover.p99_ns);
  json.field("max_ns", stats.failover.max_ns);
  json.field("total_ns", stats.failover.total_ns);
  json.end_object();
  json.key("failover_histogram");
  json.begin_array();
  for (std::uint64_t count : stats.failover_histogram) json.value(count);
  json.end_array();
  json.key("requests");
  json.begin_object();
  json.field("list", stats.list_requests);
  json.field("get", stats.get_requests);
  json.field("put", stats.put_requests);
  json.field("delete", stats.delete_requests);
  json.end_object();
  json.field("cost_micro_usd", stats.cost_micro_usd);
  json.field("cost_per_month_micro_usd", stats.cost_per_month_micro_usd);
  json.field("objects_max", stats.objects_max);
  json.field("objects_final", stats.objects_final);
  json.field("epoch_objects_max", stats.epoch_objects_max);
  json.field("faults_injected", stats.faults_injected);
  json.field("violations", stats.violations);
  json.field("outside_assumptions", stats.outside_assumptions);
  json.field("passed", stats.passed);
  json.end_object();
}

RunStats read_run_stats(const FieldReader& value) {
  RunStats stats;
  stats.duration_ns = value.at("duration_ns").int64();
  stats.epochs_created = value.at("epochs_created").uint64();
  stats.epochs_led = value.at("epochs_led").uint64();
  stats.leader_changes = value.at("leader_changes").uint64();
  stats.first_leader_ns = value.at("first_leader_ns").int64();
  stats.leaderless_ns = value.at("leaderless_ns").int64();
  stats.dual_leader_ns = value.at("dual_leader_ns").int64();
  stats.dual_leader_episodes = value.at("dual_leader_episodes").uint64();
  stats.leaderless_at_end_ns = value.at("leaderless_at_end_ns").int64();
  const FieldReader failover = value.at("failover");
  stats.failover.count = failover.at("count").uint64();
  stats.failover.p50_ns = failover.at("p50_ns").int64();
  stats.failover.p90_ns = failover.at("p90_ns").int64();
  stats.failover.p99_ns = failover.at("p99_ns").int64();
  stats.failover.max_ns = failover.at("max_ns").int64();
  stats.failover.total_ns = failover.at("total_ns").int64();
  const FieldReader histogram = value.at("failover_histogram");
  if (histogram.array_size() != kFailoverBuckets) {
    histogram.fail(fmt::format("an array of {} bucket counts", kFailoverBuckets));
  }
  for (std::size_t i = 0; i < kFailoverBuckets; ++i) {
    stats.failover_histogram[i] = histogram.element(i).uint64();
  }
  const FieldReader requests = value.at("requests");
  stats.list_requests = requests.at("list").uint64();
  stats.get_requests = requests.at("get").uint64();
  stats.put_requests = requests.at("put").uint64();
  stats.delete_requests = requests.at("delete").uint64();
  stats.cost_micro_usd = value.at("cost_micro_usd").int64();
  stats.cost_per_month_micro_usd = value.at("cost_per_month_micro_usd").int64();
  stats.objects_max = value.at("objects_max").uint64();
  stats.objects_final = value.at("objects_final").uint64();
  stats.epoch_objects_max = value.at("epoch_objects_max").uint64();
  stats.faults_injected = value.at("faults_injected").uint64();
  stats.violations = value.at("violations").uint64();
  stats.outside_assumptions = value.at("outside_assumptions").uint64();
  stats.passed = value.at("passed").boolean();
  return stats;
}

void write_violation_fields(JsonWriter& json, const Violation& violation) {
  json.field("property", property_name(violation.property));
  json.field("first_ns", violation.first_ns);
  json.key("nodes");
  json.begin_array();
  for (NodeIndex node : violation.nodes) {
    if (node == kNoNode) {
      json.null();
    } else {
      json.value(node);
    }
  }
  json.end_array();
  json.key("epochs");
  json.begin_array();
  for (Epoch epoch : violation.epochs) json.value(epoch);
  json.end_array();
  json.field("message", violation.message);
  json.field("outside_assumptions", violation.outside_assumptions);
  json.field("assumption", violation.assumption);
}

void write_violation(JsonWriter& json, const Violation& violation) {
  json.begin_object();
  write_violation_fields(json, violation);
  json.end_object();
}

Violation read_violation(const FieldReader& value) {
  Violation violation;
  const FieldReader property = value.at("property");
  const std::optional<Property> parsed = parse_property_name(property.string());
  if (!parsed) property.fail("a property name (S1..S7, L1, L2)");
  violation.property = *parsed;
  violation.first_ns = value.at("first_ns").int64();
  const FieldReader nodes = value.at("nodes");
  for (std::size_t i = 0; i < nodes.array_size(); ++i) {
    const FieldReader node = nodes.element(i);
    violation.nodes.push_back(node.is_null() ? kNoNode : node.uint32());
  }
  const FieldReader epochs = value.at("epochs");
  for (std::size_t i = 0; i < epochs.array_size(); ++i) {
    violation.epochs.push_back(epochs.element(i).uint64());
  }
  violation.message = value.at("message").string();
  violation.outside_assumptions = value.at("outside_assumptions").boolean();
  violation.assumption = value.at("assumption").string();
  return violation;
}

void write_verdict(JsonWriter& json, const Verdict& verdict) {
  json.begin_object();
  json.field("passed", verdict.passed);
  json.key("properties");
  json.begin_array();
  for (const PropertyResult& result : verdict.properties) {
    json.begin_object();
    json.field("property", property_name(result.property));
    json.field("enabled", result.enabled);
    json.field("violations", result.violations);
    json.field("outside_assumptions", result.outside_assumptions);
    json.field("notes", result.notes);
    json.field("note", result.note);
    json.end_object();
  }
  json.end_array();
  json.key("violations");
  json.begin_array();
  for (const Violation& violation : verdict.violations) write_violation(json, violation);
  json.end_array();
  json.field("violations_not_stored", verdict.violations_not_stored);
  json.end_object();
}

Verdict read_verdict(const FieldReader& value) {
  Verdict verdict;
  verdict.passed = value.at("passed").boolean();
  const FieldReader properties = value.at("properties");
  if (properties.array_size() != kPropertyCount) {
    properties.fail(fmt::format("an array of {} property results", kPropertyCount));
  }
  for (std::size_t i = 0; i < kPropertyCount; ++i) {
    const FieldReader entry = properties.element(i);
    PropertyResult& result = verdict.properties[i];
    const FieldReader name = entry.at("property");
    if (name.string() != property_name(kAllProperties[i])) {
      name.fail(
          fmt::format("\"{}\" (properties are listed in order)", property_name(kAllProperties[i])));
    }
    result.property = kAllProperties[i];
    result.enabled = entry.at("enabled").boolean();
    result.violations = entry.at("violations").uint64();
    result.outside_assumptions = entry.at("outside_assumptions").uint64();
    result.notes = entry.at("notes").uint64();
    result.note = entry.at("note").string();
  }
  const FieldReader violations = value.at("violations");
  for (std::size_t i = 0; i < violations.array_size(); ++i) {
    verdict.violations.push_back(read_violation(violations.element(i)));
  }
  verdict.violations_not_stored = value.at("violations_not_stored").uint64();
  return verdict;
}

void write_fault_lists(JsonWriter& json, const FaultCounts& fault_counts,
                       const std::vector<std::string>& faults_never_fired) {
  json.key("fault_counts");
  json.begin_array();
  for (const auto& [name, count] : fault_counts) {
    json.begin_array();
    json.value(name);
    json.value(count);
    json.end_array();
  }
  json.end_array();
  json.key("faults_never_fired");
  json.begin_array();
  for (const std::string& name : faults_never_fired) json.value(name);
  json.end_array();
}

void read_fault_lists(const FieldReader& value, FaultCounts& fault_counts,
                      std::vector<std::string>& faults_never_fired) {
  const FieldReader faults = value.at("fault_counts");
  for (std::size_t i = 0; i < faults.array_size(); ++i) {
    const FieldReader entry = faults.element(i);
    if (entry.array_size() != 2) entry.fail("[name, count]");
    fault_counts.emplace_back(entry.element(0).string(), entry.element(1).uint64());
  }
  const FieldReader never = value.at("faults_never_fired");
  for (std::size_t i = 0; i < never.array_size(); ++i) {
    faults_never_fired.push_back(never.element(i).string());
  }
}

void write_object_samples(JsonWriter& json, const std::vector<ObjectSample>& samples) {
  json.begin_array();
  for (const ObjectSample& sample : samples) {
    json.begin_array();
    json.value(sample.at_ns);
    json.value(sample.objects);
    json.value(sample.epoch_objects);
    json.end_array();
  }
  json.end_array();
}

void write_footer_prefix(std::string& out, const TraceFooter& footer) {
  JsonWriter json(out);
  json.begin_object();
  json.field("type", "footer");
  json.field("end_ns", footer.end_ns);
  // Only for a run that stopped early: a complete run's footer has no such
  // member, so its bytes (and the trace digest) are what they were before
  // the member existed.
  if (!footer.stopped_early.empty()) json.field("stopped_early", footer.stopped_early);
  json.key("requests");
  json.begin_object();
  json.field("list", footer.list_requests);
  json.field("get", footer.get_requests);
  json.field("put", footer.put_requests);
  json.field("delete", footer.delete_requests);
  json.field("cost_micro_usd", footer.cost_micro_usd);
  json.end_object();
  json.field("last_fault_heal_ns", footer.last_fault_heal_ns);
  write_fault_lists(json, footer.fault_counts, footer.faults_never_fired);
  json.field("event_digest", footer.event_digest);
  json.key("objects");
  json.begin_object();
  json.field("max", footer.objects_max);
  json.field("epoch_max", footer.epoch_objects_max);
  json.field("final", footer.objects_final);
  json.key("samples");
  write_object_samples(json, footer.objects);
  json.end_object();
  json.key("counts");
  json.begin_object();
  json.field("epochs", footer.epochs_recorded);
  json.field("timeline", footer.timeline_recorded);
  json.field("timeline_dropped", footer.timeline_dropped);
  json.field("late_facts", footer.late_facts);
  json.end_object();
  json.key("ops_before_first_epoch");
  std::string tally;
  JsonSpanWriter tally_json(tally);
  write_op_tally(tally_json, footer.ops_before_first_epoch);
  tally_json.finish();
  json.raw(tally);
  json.key("summary");
  write_run_stats(json, footer.summary);
  json.key("verdict");
  write_verdict(json, footer.verdict);
  // The object stays open: the writer appends the digest member and the brace.
  HOLO_ASSERT(json.depth() == 1);
}

TraceFooter read_footer(const FieldReader& line) {
  TraceFooter footer;
  footer.end_ns = line.at("end_ns").int64();
  // Absent: the run completed.
  if (const auto stopped = line.optional("stopped_early")) {
    footer.stopped_early = stopped->string();
    if (footer.stopped_early.empty())
      stopped->fail("a non-empty reason (omit it for a complete run)");
  }
  const FieldReader requests = line.at("requests");
  footer.list_requests = requests.at("list").uint64();
  footer.get_requests = requests.at("get").uint64();
  footer.put_requests = requests.at("put").uint64();
  footer.delete_requests = requests.at("delete").uint64();
  footer.cost_micro_usd = requests.at("cost_micro_usd").int64();
  footer.last_fault_heal_ns = line.at("last_fault_heal_ns").int64();
  read_fault_lists(line, footer.fault_counts, footer.faults_never_fired);
  footer.event_digest = line.at("event_digest").string();
  const FieldReader objects = line.at("objects");
  footer.objects_max = objects.at("max").uint64();
  footer.epoch_objects_max = objects.at("epoch_max").uint64();
  footer.objects_final = objects.at("final").uint64();
  const FieldReader samples = objects.at("samples");
  for (std::size_t i = 0; i < samples.array_size(); ++i) {
    const FieldReader entry = samples.element(i);
    if (entry.array_size() != 3) entry.fail("[at_ns, objects, epoch_objects]");
    footer.objects.push_back(
        {entry.element(0).int64(), entry.element(1).uint64(), entry.element(2).uint64()});
  }
  const FieldReader counts = line.at("counts");
  footer.epochs_recorded = counts.at("epochs").uint64();
  footer.timeline_recorded = counts.at("timeline").uint64();
  footer.timeline_dropped = counts.at("timeline_dropped").uint64();
  footer.late_facts = counts.at("late_facts").uint64();
  footer.ops_before_first_epoch = read_op_tally(line.at("ops_before_first_epoch"));
  footer.summary = read_run_stats(line.at("summary"));
  footer.verdict = read_verdict(line.at("verdict"));
  // The writer never records an incomplete run as passed; a file that does
  // was edited, and a report of it would claim a pass nobody checked.
  if (!footer.stopped_early.empty() && footer.verdict.passed) {
    line.at("verdict").at("passed").fail("false when the run stopped early");
  }
  footer.digest = line.at("digest").string();
  return footer;
}

}  // namespace holocron::reports
