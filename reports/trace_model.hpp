// The per-epoch trace as values: what reports/TRACE_FORMAT.md describes line
// by line. The recorder builds these from facts, the writer prints them, the
// reader parses them back, and every report is computed from them alone, so a
// report rendered live and one rendered from the trace file are the same.
//
// Consumers see a trace as a stream (TraceConsumer): the header, then epoch
// records (ascending epoch) and timeline events (true-time order) as they are
// finalized, then the footer. Streaming keeps the recorder's memory bounded on
// runs with millions of epochs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/elector.hpp"
#include "core/time.hpp"
#include "reports/facts.hpp"
#include "reports/run_stats.hpp"
#include "reports/verdict.hpp"

namespace holocron::reports {

inline constexpr int kTraceFormatVersion = 1;
inline constexpr std::string_view kTraceFormatName = "holocron-trace";

struct TraceHeader {
  int format_version = kTraceFormatVersion;
  RunHeader run;
  // The command that reproduces this run (given by the caller, e.g. the CLI).
  std::string repro_command;
  // Per-epoch lists (contenders, observations) keep at most this many entries;
  // the totals always count all of them.
  std::uint32_t lists_max = 0;
};

struct ContenderEntry {
  NodeIndex node = kNoNode;
  AttemptOutcome outcome = AttemptOutcome::kNone;
  Nanos true_ns = 0;
  Nanos local_ns = 0;  // the contender's clock when its attempt ended
};

struct ObservationEntry {
  NodeIndex node = kNoNode;
  Nanos true_ns = 0;
  Nanos local_ns = 0;
};

// [start_ns, end_ns) in true time. end_reason is the ActingFact's reason
// ("renew_deadline", "crash", ...) or "run_end" when it was still open.
struct ActingInterval {
  NodeIndex node = kNoNode;
  Epoch epoch = 0;
  Nanos start_ns = 0;
  Nanos end_ns = 0;
  std::string end_reason;
};

struct RenewalSummary {
  std::uint64_t count = 0;
  Nanos first_ns = 0;
  Nanos last_ns = 0;
  Nanos max_gap_ns = 0;  // longest time between consecutive renewals
};

// Store operations that arrived while this epoch was the newest created.
struct OpTally {
  std::uint64_t list = 0;
  std::uint64_t get = 0;
  std::uint64_t put = 0;
  std::uint64_t del = 0;
  std::uint64_t failed = 0;    // any status but ok
  std::uint64_t injected = 0;  // status produced by a fault model
  std::uint64_t lost = 0;      // responses lost, dropped or timed out
};

inline constexpr std::size_t kAttemptOutcomeCount = 7;

struct EpochRecord {
  Epoch epoch = 0;
  NodeIndex winner = kNoNode;  // owner of the first committed create
  std::optional<Nanos> created_true_ns;
  std::optional<Nanos> created_local_ns;    // the winner's clock when it learned it won
  std::uint32_t creates = 0;                // committed creates; >1 means recreated
  std::optional<Nanos> deleted_true_ns;     // first committed delete
  std::optional<Nanos> superseded_true_ns;  // when the next epoch was created

  std::uint64_t contenders_total = 0;
  std::array<std::uint64_t, kAttemptOutcomeCount> outcome_counts{};  // by AttemptOutcome
  std::vector<ContenderEntry> contenders;  // the first lists_max, in order

  std::uint64_t observers_total = 0;  // nodes that observed it (first time each)
  Nanos first_observed_ns = 0;
  Nanos last_observed_ns = 0;
  std::vector<ObservationEntry> observations;  // the first lists_max, in order

  RenewalSummary renewals;
  std::vector<ActingInterval> acting;  // every acting interval for this epoch

  // How the epoch's leadership ended: the end of its last acting interval and
  // that interval's reason; "never_acted" (at superseded or run end) if nobody
  // acted for it.
  Nanos ended_true_ns = 0;
  std::string ended_reason;

  OpTally ops;
  std::uint64_t fenced_accepted = 0;  // fenced writes carrying this epoch as token
  std::uint64_t fenced_rejected = 0;
};

enum class TimelineKind : std::uint8_t {
  kFault,       // FaultFact: name = model, detail = what, until_ns
  kAssumption,  // AssumptionFact: name = assumption, detail
  kLifecycle,   // LifecycleFact: name = lifecycle kind, until_ns = end of pause/crash if known
  kNodeError,   // config_error / anomaly events: name = event kind, detail
};
inline constexpr std::size_t kTimelineKindCount = 4;
[[nodiscard]] std::string_view timeline_kind_name(TimelineKind kind);
[[nodiscard]] std::optional<TimelineKind> parse_timeline_kind_name(std::string_view name);

struct TimelineEvent {
  TimelineKind kind = TimelineKind::kFault;
  Nanos true_ns = 0;
  NodeIndex node = kNoNode;
  std::string name;
  std::string detail;
  Nanos until_ns = 0;  // 0 when instantaneous
};

// The object count over time, downsampled to at most kObjectSamplesMax
// buckets of equal width over the run: each sample is the bucket's start and
// the largest counts seen in it.
inline constexpr std::size_t kObjectSamplesMax = 256;
struct ObjectSample {
  Nanos at_ns = 0;
  std::uint64_t objects = 0;
  std::uint64_t epoch_objects = 0;
};

struct TraceFooter {
  Nanos end_ns = 0;
  // Empty for a run that reached its duration; otherwise why it stopped
  // early (RunEnd::stopped_early). Such a run is incomplete: the recorder
  // then also clears verdict.passed, so that nothing reading the footer
  // takes it for a passing run.
  std::string stopped_early;
  std::uint64_t list_requests = 0;
  std::uint64_t get_requests = 0;
  std::uint64_t put_requests = 0;
  std::uint64_t delete_requests = 0;
  std::int64_t cost_micro_usd = 0;
  Nanos last_fault_heal_ns = 0;
  std::vector<std::pair<std::string, std::uint64_t>> fault_counts;
  std::vector<std::string> faults_never_fired;
  std::string event_digest;

  std::vector<ObjectSample> objects;
  std::uint64_t objects_max = 0;
  std::uint64_t epoch_objects_max = 0;
  std::uint64_t objects_final = 0;

  std::uint64_t epochs_recorded = 0;
  std::uint64_t timeline_recorded = 0;
  std::uint64_t timeline_dropped = 0;  // beyond the per-kind limit
  std::uint64_t late_facts = 0;        // about epochs already written
  OpTally ops_before_first_epoch;

  RunStats summary;
  Verdict verdict;
  std::string digest;  // "sha256:<hex>": see TRACE_FORMAT.md for what it covers
};

class TraceConsumer {
 public:
  virtual ~TraceConsumer() = default;
  virtual void on_trace_header(const TraceHeader&) {}
  virtual void on_epoch(const EpochRecord&) {}
  virtual void on_timeline(const TimelineEvent&) {}
  virtual void on_trace_footer(const TraceFooter&) {}
};

// A whole trace in memory (tests, small runs, the reader's convenience form).
struct Trace {
  TraceHeader header;
  std::vector<EpochRecord> epochs;
  std::vector<TimelineEvent> timeline;
  TraceFooter footer;
};

class TraceCollector final : public TraceConsumer {
 public:
  void on_trace_header(const TraceHeader& header) override { trace_.header = header; }
  void on_epoch(const EpochRecord& record) override { trace_.epochs.push_back(record); }
  void on_timeline(const TimelineEvent& event) override { trace_.timeline.push_back(event); }
  void on_trace_footer(const TraceFooter& footer) override { trace_.footer = footer; }
  [[nodiscard]] const Trace& trace() const { return trace_; }
  [[nodiscard]] Trace take() { return std::move(trace_); }

 private:
  Trace trace_;
};

// Streams a trace held in memory to a consumer: header, epochs, timeline,
// footer.
void replay_trace(const Trace& trace, TraceConsumer& consumer);

}  // namespace holocron::reports
