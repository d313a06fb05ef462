#include "reports/event_trace.hpp"

#include "core/assert.hpp"
#include "reports/json_writer.hpp"
#include "reports/names.hpp"
#include "reports/trace_codec.hpp"

namespace holocron::reports {
namespace {

void begin_fact(JsonWriter& json, Nanos true_ns, std::string_view fact) {
  json.begin_object();
  json.field("t", true_ns);
  json.field("fact", fact);
}

void node_field(JsonWriter& json, NodeIndex node) {
  json.key("node");
  if (node == kNoNode) {
    json.null();
  } else {
    json.value(node);
  }
}

}  // namespace

EventTraceWriter::EventTraceWriter(std::ostream& out) : out_(out) {
  buffer_.reserve(kFlushBytes + 4096);
}

EventTraceWriter::~EventTraceWriter() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  out_.flush();
}

void EventTraceWriter::finish_line() {
  buffer_.push_back('\n');
  ++lines_;
  if (buffer_.size() < kFlushBytes) return;
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void EventTraceWriter::on_header(const RunHeader& header) {
  JsonWriter json(buffer_);
  json.begin_object();
  json.field("fact", "header");
  json.field("scenario", header.scenario_name);
  json.field("scenario_digest", header.scenario_digest);
  json.field("seed", header.seed);
  json.field("program_version", header.program_version);
  json.field("algorithm", algorithm_name(header.algorithm));
  json.key("nodes");
  json.begin_array();
  for (const std::string& name : header.node_names) json.value(name);
  json.end_array();
  json.field("duration_ns", header.duration_ns);
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_store_op(const StoreOpFact& fact) {
  JsonWriter json(buffer_);
  begin_fact(json, fact.true_ns, "store_op");
  node_field(json, fact.node);
  json.field("op", to_string(fact.op));
  json.field("condition", condition_name(fact.condition));
  json.field("bucket", fact.bucket);
  json.field("key", fact.key);
  json.field("status", to_string(fact.status));
  json.field("applied", fact.applied);
  json.key("epoch");
  if (fact.epoch) {
    json.value(*fact.epoch);
  } else {
    json.null();
  }
  json.field("owner_after", fact.owner_after);
  json.field("list_keys_returned", fact.list_keys_returned);
  json.field("injected", fact.injected);
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_lost_response(const LostResponseFact& fact) {
  JsonWriter json(buffer_);
  begin_fact(json, fact.true_ns, "lost_response");
  node_field(json, fact.node);
  json.field("op", to_string(fact.op));
  json.field("key", fact.key);
  json.field("cause", fact.cause);
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_node_event(const NodeEventFact& fact) {
  HOLO_ASSERT(fact.event != nullptr);
  const Event& event = *fact.event;
  JsonWriter json(buffer_);
  begin_fact(json, fact.true_ns, "node_event");
  json.field("local", fact.local_ns);
  node_field(json, fact.node);
  json.field("kind", event_kind_name(event.kind));
  // Only the fields that the event kind defines (core/elector.hpp).
  switch (event.kind) {
    case EventKind::kBecameLeader:
    case EventKind::kLeaseExtended:
      json.field("epoch", event.epoch);
      json.field("acting_until_local_ns", event.acting_until_local_ns);
      break;
    case EventKind::kStoppedLeading:
      json.field("epoch", event.epoch);
      json.field("stop_reason", stop_reason_name(event.stop_reason));
      break;
    case EventKind::kObservedEpoch:
      json.field("epoch", event.epoch);
      json.field("owner", event.owner);
      break;
    case EventKind::kAttemptEnded:
      json.field("epoch", event.epoch);
      json.field("attempt", attempt_outcome_name(event.attempt));
      break;
    case EventKind::kResumed:
      json.field("epoch", event.epoch);
      json.field("detail", event.detail);
      break;
    case EventKind::kStoreError:
      json.field("op", to_string(event.op));
      json.field("status", to_string(event.status));
      json.field("detail", event.detail);
      break;
    case EventKind::kConfigError:
    case EventKind::kAnomaly:
      json.field("detail", event.detail);
      break;
  }
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_lifecycle(const LifecycleFact& fact) {
  JsonWriter json(buffer_);
  begin_fact(json, fact.true_ns, "lifecycle");
  node_field(json, fact.node);
  json.field("kind", lifecycle_name(fact.kind));
  json.field("duration_ns", fact.duration_ns);
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_acting(const ActingFact& fact) {
  JsonWriter json(buffer_);
  begin_fact(json, fact.true_ns, "acting");
  node_field(json, fact.node);
  json.field("epoch", fact.epoch);
  json.field("started", fact.started);
  json.field("reason", fact.reason);
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_fenced_write(const FencedWriteFact& fact) {
  JsonWriter json(buffer_);
  begin_fact(json, fact.true_ns, "fenced_write");
  node_field(json, fact.node);
  json.field("token", fact.token);
  json.field("accepted", fact.accepted);
  json.field("highest_accepted_before", fact.highest_accepted_before);
  json.field("writer_acting", fact.writer_acting);
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_fault(const FaultFact& fact) {
  JsonWriter json(buffer_);
  begin_fact(json, fact.true_ns, "fault");
  node_field(json, fact.node);
  json.field("model", fact.model);
  json.field("what", fact.what);
  json.field("until_ns", fact.until_ns);
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_assumption(const AssumptionFact& fact) {
  JsonWriter json(buffer_);
  begin_fact(json, fact.true_ns, "assumption");
  node_field(json, fact.node);
  json.field("assumption", fact.assumption);
  json.field("detail", fact.detail);
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_object_count(const ObjectCountFact& fact) {
  JsonWriter json(buffer_);
  begin_fact(json, fact.true_ns, "objects");
  json.field("objects", fact.objects);
  json.field("epoch_objects", fact.epoch_objects);
  json.end_object();
  finish_line();
}

void EventTraceWriter::on_run_end(const RunEnd& end) {
  JsonWriter json(buffer_);
  begin_fact(json, end.end_ns, "run_end");
  json.field("list_requests", end.ops.list_requests);
  json.field("get_requests", end.ops.get_requests);
  json.field("put_requests", end.ops.put_requests);
  json.field("delete_requests", end.ops.delete_requests);
  json.field_fixed("cost_usd", end.ops.cost_usd, 6);
  json.field("last_fault_heal_ns", end.last_fault_heal_ns);
  write_fault_lists(json, end.fault_counts, end.faults_never_fired);
  json.field("event_digest", end.event_digest);
  // As in the per-epoch trace's footer: only for a run that stopped early, so
  // that a complete run's line is what it was before the member existed.
  if (!end.stopped_early.empty()) json.field("stopped_early", end.stopped_early);
  json.end_object();
  finish_line();
}

std::optional<Divergence> first_divergence(std::istream& first, std::istream& second) {
  std::string a;
  std::string b;
  std::uint64_t line = 0;
  while (true) {
    ++line;
    const bool more_a = static_cast<bool>(std::getline(first, a));
    const bool more_b = static_cast<bool>(std::getline(second, b));
    if (!more_a && !more_b) return std::nullopt;
    if (!more_a) a.clear();
    if (!more_b) b.clear();
    if (more_a != more_b || a != b) return Divergence{line, a, b};
  }
}

}  // namespace holocron::reports
