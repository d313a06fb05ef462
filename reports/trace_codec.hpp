// JSON encoding of the trace values (reports/trace_model.hpp), one function
// per record type and direction. The writers emit keys in a fixed order with
// integers only, so equal values always give equal bytes; the readers accept
// exactly what the writers emit and name the field when something is off.
// The layout of every record is documented in reports/TRACE_FORMAT.md.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "reports/json_read.hpp"
#include "reports/json_span_writer.hpp"
#include "reports/json_writer.hpp"
#include "reports/trace_model.hpp"

namespace holocron::reports {

// Whole lines (no trailing newline).
void write_header_line(std::string& out, const TraceHeader& header);
void write_epoch_line(std::string& out, const EpochRecord& record);
void write_timeline_line(std::string& out, const TimelineEvent& event);
// The same lines through a writer the caller finishes (TraceWriter's, which
// writes into room it keeps from line to line).
void write_epoch_line(JsonSpanWriter& json, const EpochRecord& record);
void write_timeline_line(JsonSpanWriter& json, const TimelineEvent& event);
// The footer line up to, not including, its digest member: the writer hashes
// this, then appends `,"digest":"sha256:<hex>"}`.
void write_footer_prefix(std::string& out, const TraceFooter& footer);

// Values shared with the reports and run summaries.
void write_run_stats(JsonWriter& json, const RunStats& stats);
void write_verdict(JsonWriter& json, const Verdict& verdict);
void write_violation(JsonWriter& json, const Violation& violation);
// A violation's members without the braces, for a report that adds members of
// its own (the JSON report adds the repro command) after the trace's ones.
void write_violation_fields(JsonWriter& json, const Violation& violation);
void write_op_tally(JsonSpanWriter& json, const OpTally& tally);
// The members "fault_counts" ([name, count] pairs) and "faults_never_fired"
// (names), in that order, as the footer, the event trace's run end and the
// run summary all write them.
using FaultCounts = std::vector<std::pair<std::string, std::uint64_t>>;
void write_fault_lists(JsonWriter& json, const FaultCounts& fault_counts,
                       const std::vector<std::string>& faults_never_fired);
// The object-count samples as [at_ns, objects, epoch_objects] arrays, as the
// footer and the JSON report both write them.
void write_object_samples(JsonWriter& json, const std::vector<ObjectSample>& samples);

[[nodiscard]] TraceHeader read_header(const FieldReader& line);
[[nodiscard]] EpochRecord read_epoch(const FieldReader& line, std::size_t node_count);
[[nodiscard]] TimelineEvent read_timeline(const FieldReader& line, TimelineKind kind,
                                          std::size_t node_count);
[[nodiscard]] TraceFooter read_footer(const FieldReader& line);

[[nodiscard]] RunStats read_run_stats(const FieldReader& value);
[[nodiscard]] Verdict read_verdict(const FieldReader& value);
[[nodiscard]] Violation read_violation(const FieldReader& value);
// Reads the members write_fault_lists writes, appending to the two lists.
void read_fault_lists(const FieldReader& value, FaultCounts& fault_counts,
                      std::vector<std::string>& faults_never_fired);

}  // namespace holocron::reports
