// The per-epoch trace: recording, write -> read round trips, determinism,
// bounded memory (records handed on as the run goes) and reader errors.
#include <sstream>

#include <doctest/doctest.h>

#include "reports/json_writer.hpp"
#include "reports/render.hpp"
#include "reports/sha256.hpp"
#include "reports/trace_codec.hpp"
#include "reports/trace_reader.hpp"
#include "reports/trace_writer.hpp"
#include "tests/reports/sample_runs.hpp"

namespace holocron::reports {
namespace {

using testing::record;
using testing::small_naive_run;
using testing::small_stable_run;

Trace read_back(const std::string& text, const TraceReadOptions& options = {}) {
  std::istringstream in(text);
  TraceCollector collector;
  read_trace(in, "trace.jsonl", collector, options);
  return collector.take();
}

std::string write_again(const Trace& trace) {
  std::ostringstream out;
  TraceWriter writer(out);
  replay_trace(trace, writer);
  return out.str();
}

std::string stats_json(const RunStats& stats) {
  std::string out;
  JsonWriter json(out);
  write_run_stats(json, stats);
  return out;
}

std::string error_of(const std::string& text) {
  try {
    (void)read_back(text);
  } catch (const TraceFormatError& error) {
    return error.what();
  }
  return "no error";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

TEST_CASE("json writer integers match std::to_string") {
  std::uint64_t value = 1;
  for (int i = 0; i < 200; ++i) {
    for (std::uint64_t candidate : {value - 1, value, value + 1}) {
      std::string out;
      JsonWriter json(out);
      json.value(candidate);
      CHECK(out == std::to_string(candidate));
      std::string signed_out;
      JsonWriter signed_json(signed_out);
      signed_json.value(-static_cast<std::int64_t>(candidate >> 1));
      CHECK(signed_out == std::to_string(-static_cast<std::int64_t>(candidate >> 1)));
    }
    value = value * 3 + static_cast<std::uint64_t>(i);  // wraps around: covers every length
  }
}

TEST_CASE("json writer escapes strings and keeps numbers exact") {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("text", std::string_view("a\"b\\c\n\x01\xff z"));
  json.field("big", std::uint64_t{18446744073709551615ULL});
  json.field("negative", std::int64_t{-5});
  json.field("min", std::int64_t{INT64_MIN});
  json.field("zero", std::uint64_t{0});
  json.field("ten", std::uint64_t{10});
  json.field_fixed("ratio", 2.0 / 3.0, 3);
  json.field_fixed("tiny_negative", -0.0001, 3);
  json.key("list");
  json.begin_array();
  json.value(true);
  json.null();
  json.end_array();
  json.end_object();
  CHECK(out == R"({"text":"a\"b\\c\n\u0001\ufffd z","big":18446744073709551615,"negative":-5,)"
               R"("min":-9223372036854775808,"zero":0,"ten":10,)"
               R"("ratio":0.667,"tiny_negative":0.000,"list":[true,null]})");
  CHECK_FALSE(nlohmann::json::parse(out).is_discarded());
}

TEST_CASE("json writer keys of every length, first and later, nested") {
  for (std::size_t length = 0; length <= 70; ++length) {
    const std::string name(length, 'k');
    std::string out;
    JsonWriter json(out);
    json.begin_object();
    json.field(name, std::uint64_t{1});
    json.key(name);
    json.begin_object();
    json.field(name, true);
    json.field("b", false);
    json.end_object();
    json.end_object();
    const std::string quoted = "\"" + name + "\":";
    CHECK(out == "{" + quoted + "1," + quoted + "{" + quoted + "true,\"b\":false}}");
  }
}

TEST_CASE("the recorder builds one record per epoch with contenders, observers and acting") {
  const auto run = record(small_stable_run());
  const Trace trace = read_back(run.trace);
  CHECK(trace.header.run.scenario_name == "leader-crash");
  CHECK(trace.header.repro_command == "holosim run scenarios/leader-crash.json --seed 7");
  REQUIRE(trace.epochs.size() == 2);

  const EpochRecord& first = trace.epochs[0];
  CHECK(first.epoch == 1);
  CHECK(first.winner == 0);
  CHECK(first.created_true_ns == milliseconds(200));
  CHECK(first.created_local_ns == milliseconds(240));
  CHECK(first.superseded_true_ns == seconds(33));
  CHECK(first.deleted_true_ns == seconds(100));
  CHECK(first.contenders_total == 2);
  CHECK(first.outcome_counts[static_cast<std::size_t>(AttemptOutcome::kWon)] == 1);
  CHECK(first.outcome_counts[static_cast<std::size_t>(AttemptOutcome::kLost)] == 1);
  CHECK(first.observers_total == 3);
  CHECK(first.last_observed_ns == seconds(1));
  CHECK(first.renewals.count == 10);
  CHECK(first.renewals.max_gap_ns == seconds(2));
  REQUIRE(first.acting.size() == 1);
  CHECK(first.acting[0].start_ns == milliseconds(240));
  CHECK(first.acting[0].end_ns == seconds(22));
  CHECK(first.ended_reason == "crash");
  CHECK(first.ended_true_ns == seconds(22));
  CHECK(first.fenced_accepted == 10);
  CHECK(first.fenced_rejected == 1);
  CHECK(first.ops.get == 31);
  CHECK(first.ops.failed == 12);  // a lost race (412), ten 404 probes and a 500
  CHECK(first.ops.lost == 1);

  const EpochRecord& second = trace.epochs[1];
  CHECK(second.winner == 2);
  CHECK(second.acting.at(0).end_reason == "run_end");
  CHECK(second.acting.at(0).end_ns == seconds(120));
  CHECK(second.observers_total == 3);

  CHECK(trace.timeline.size() == 7);  // 3 starts, crash fault, crash, restart, assumption
  CHECK(trace.footer.verdict.passed);
  CHECK(trace.footer.cost_micro_usd == 252);
  CHECK(trace.footer.objects_max == 5);
  CHECK(trace.footer.digest == run.digest);
}

TEST_CASE("a trace reads back and writes again byte for byte") {
  for (const auto& history : {small_stable_run(), small_naive_run()}) {
    const auto run = record(history);
    const Trace trace = read_back(run.trace);
    CHECK(write_again(trace) == run.trace);
  }
}

TEST_CASE("a report from the trace file equals the live report") {
  for (const auto& history : {small_stable_run(), small_naive_run()}) {
    const auto run = record(history);
    const RunReport offline = build_run_report(read_back(run.trace));
    CHECK(stats_json(offline.stats) == stats_json(run.report.stats));
    CHECK(stats_json(offline.footer.summary) == stats_json(run.report.stats));
    CHECK(offline.intervals.size() == run.report.intervals.size());
    CHECK(offline.footer.digest == run.digest);
    CHECK(run.report.footer.digest == run.digest);
  }
}

TEST_CASE("recording is deterministic") {
  const auto a = record(small_naive_run());
  const auto b = record(small_naive_run());
  CHECK(a.trace == b.trace);
  CHECK(a.digest == b.digest);
  CHECK(a.digest.rfind("sha256:", 0) == 0);
  // A different history gives a different digest.
  auto changed = small_naive_run();
  changed.end.event_digest = "different";
  CHECK(record(changed).digest != a.digest);
  // The header is not covered: the same run under another command digests equal.
  TraceOptions options;
  options.repro_command = "holosim run /elsewhere/steady-state.json --seed 7";
  CHECK(record(small_naive_run(), options).digest == a.digest);
}

// Node 0 wins epoch e at e seconds, and its round ends 900 ms later.
void add_rounds_won_by_node_zero(testing::History& h, Epoch epochs) {
  for (Epoch epoch = 1; epoch <= epochs; ++epoch) {
    h.win(seconds(static_cast<std::int64_t>(epoch)), 0, epoch);
    h.stop(seconds(static_cast<std::int64_t>(epoch)) + milliseconds(900), 0, epoch, "round_ended");
  }
}

struct EpochCounter final : TraceConsumer {
  void on_epoch(const EpochRecord& record) override {
    epochs.push_back(record.epoch);
    observers.push_back(record.observers_total);
  }
  std::vector<Epoch> epochs;
  std::vector<std::uint64_t> observers;
};

// A recorder that keeps four epochs open and tells `counter` of each record.
struct CountedRecorder {
  CountedRecorder() : recorder(options(), &out) { recorder.add_consumer(&counter); }
  static TraceOptions options() {
    TraceOptions options;
    options.open_epochs_max = 4;
    return options;
  }
  EpochCounter counter;
  std::ostringstream out;
  TraceRecorder recorder;
};

TEST_CASE("records are handed on as the run goes, with late facts counted") {
  testing::History h(2, Algorithm::kNaive);
  h.header.duration_ns = seconds(100);
  add_rounds_won_by_node_zero(h, 50);
  h.observed(seconds(60), 1, 3);  // about an epoch long handed on
  CountedRecorder counted;
  const EpochCounter& counter = counted.counter;
  CheckerSet checkers;
  h.replay_all({&checkers, &counted.recorder});
  const RunReport report = counted.recorder.finish(checkers.verdict());
  REQUIRE(counter.epochs.size() == 50);
  for (std::size_t i = 0; i < counter.epochs.size(); ++i) CHECK(counter.epochs[i] == i + 1);
  CHECK(report.footer.late_facts == 1);
  CHECK(report.stats.epochs_created == 50);
  CHECK(report.stats.leader_changes == 0);
}

// Forwards every fact to the recorder, and notes how many records its
// consumer had received when the run end arrived.
struct RunEndProbe final : FactSink {
  RunEndProbe(TraceRecorder& recorder, const std::vector<Epoch>& received)
      : recorder_(recorder), received_(received) {}
  void on_header(const RunHeader& f) override { recorder_.on_header(f); }
  void on_store_op(const StoreOpFact& f) override { recorder_.on_store_op(f); }
  void on_store_op_counts(const StoreOpCountsFact& f) override { recorder_.on_store_op_counts(f); }
  void on_lost_response(const LostResponseFact& f) override { recorder_.on_lost_response(f); }
  void on_node_event(const NodeEventFact& f) override { recorder_.on_node_event(f); }
  void on_lifecycle(const LifecycleFact& f) override { recorder_.on_lifecycle(f); }
  void on_acting(const ActingFact& f) override { recorder_.on_acting(f); }
  void on_fenced_write(const FencedWriteFact& f) override { recorder_.on_fenced_write(f); }
  void on_fault(const FaultFact& f) override { recorder_.on_fault(f); }
  void on_assumption(const AssumptionFact& f) override { recorder_.on_assumption(f); }
  void on_object_count(const ObjectCountFact& f) override { recorder_.on_object_count(f); }
  void on_run_end(const RunEnd& f) override {
    received_before_end = received_.size();
    recorder_.on_run_end(f);
  }
  std::size_t received_before_end = 0;

 private:
  TraceRecorder& recorder_;
  const std::vector<Epoch>& received_;
};

// Settled records reach the consumers in batches (the instruction cache:
// trace_recorder.hpp): a batch must still go out while the run goes, so
// that memory stays bounded, and all of them by the run end.
TEST_CASE("settled records reach the consumers during the run, in order, every one by its end") {
  testing::History h(2, Algorithm::kNaive);
  constexpr Epoch kEpochs = 300;
  h.header.duration_ns = seconds(400);
  add_rounds_won_by_node_zero(h, kEpochs);
  CountedRecorder counted;
  const EpochCounter& counter = counted.counter;
  RunEndProbe probe(counted.recorder, counter.epochs);
  h.replay(probe);
  // All but the open ones and at most one batch were handed on before the end.
  CHECK(probe.received_before_end >= kEpochs - 200);
  CHECK(probe.received_before_end < kEpochs);
  const RunReport report = counted.recorder.finish(CheckerSet{}.verdict());
  REQUIRE(counter.epochs.size() == kEpochs);
  for (std::size_t i = 0; i < counter.epochs.size(); ++i) CHECK(counter.epochs[i] == i + 1);
  CHECK(report.footer.epochs_recorded == kEpochs);
}

// A record settles when it is old enough, and is handed on later, with its
// batch: a fact that arrives between the two is late, and the record the
// consumers get is the one that settled.
TEST_CASE("a settled record waiting for its batch takes no late facts") {
  testing::History h(3, Algorithm::kNaive);
  h.header.duration_ns = seconds(100);
  add_rounds_won_by_node_zero(h, 20);
  // By 20.9 s epochs 1-10 have settled, fewer than a batch: none handed on.
  h.observed(seconds(60), 1, 3);   // epoch 3 settled long ago
  h.observed(seconds(61), 2, 19);  // epoch 19 is still open
  CountedRecorder counted;
  const EpochCounter& counter = counted.counter;
  h.replay(counted.recorder);
  const RunReport report = counted.recorder.finish(CheckerSet{}.verdict());
  REQUIRE(counter.epochs.size() == 20);
  CHECK(counter.observers[2] == 0);
  CHECK(counter.observers[18] == 1);
  CHECK(report.footer.late_facts == 1);
}

// A run stopped by a limit (finding A2): the footer says so, and the verdict
// does not say passed, while a complete run's footer keeps its old bytes.
TEST_CASE("a run that stopped early is recorded in the footer; a complete run's is unchanged") {
  const std::string reason =
      "limits.max_events_in_flight: more than 5 events were in flight at true time 2m";
  const auto complete = record(small_stable_run());
  auto stopped_history = small_stable_run();
  stopped_history.end.stopped_early = reason;
  const auto stopped = record(stopped_history);

  // The complete run's footer has no such member. The checks passed, and
  // the recorder does not change their verdict for a complete run.
  CHECK(complete.trace.find("stopped_early") == std::string::npos);
  CHECK(complete.verdict.passed);
  CHECK(complete.report.footer.verdict.passed);

  // The stopped run's footer names the reason right after end_ns, and its
  // verdict and summary do not say passed, although every check held.
  CHECK(stopped.trace.find(",\"stopped_early\":\"" + reason + "\",\"requests\":") !=
        std::string::npos);
  CHECK(stopped.verdict.passed);  // the checkers' own verdict
  CHECK_FALSE(stopped.report.footer.verdict.passed);
  CHECK_FALSE(stopped.report.stats.passed);
  CHECK(stopped.digest != complete.digest);

  // Both read back, and write again byte for byte.
  const Trace complete_back = read_back(complete.trace);
  const Trace stopped_back = read_back(stopped.trace);
  CHECK(complete_back.footer.stopped_early.empty());
  CHECK(stopped_back.footer.stopped_early == reason);
  CHECK_FALSE(stopped_back.footer.verdict.passed);
  CHECK_FALSE(stopped_back.footer.summary.passed);
  CHECK(stopped_back.footer.verdict.properties[property_index(Property::kS1)].violations == 0);
  CHECK(write_again(complete_back) == complete.trace);
  CHECK(write_again(stopped_back) == stopped.trace);

  // The member is the only difference the early stop makes to the encoding:
  // without it (and with the pass the checks found), the stopped footer
  // encodes exactly as the complete one.
  TraceFooter without = stopped_back.footer;
  without.stopped_early.clear();
  without.verdict.passed = true;
  without.summary.passed = true;
  std::string with_prefix;
  std::string without_prefix;
  std::string complete_prefix;
  write_footer_prefix(with_prefix, stopped_back.footer);
  write_footer_prefix(without_prefix, without);
  write_footer_prefix(complete_prefix, complete_back.footer);
  CHECK(without_prefix == complete_prefix);
  CHECK(with_prefix != complete_prefix);

  // Every rendering says it stopped early instead of PASSED.
  const RunReport report = build_run_report(stopped_back);
  const std::string markdown = render_run_markdown(report);
  CHECK(markdown.find("**STOPPED EARLY**") != std::string::npos);
  CHECK(markdown.find(reason) != std::string::npos);
  CHECK(markdown.find("PASSED") == std::string::npos);
  const std::string html = render_run_html(report);
  CHECK(html.find("STOPPED EARLY") != std::string::npos);
  CHECK(html.find("PASSED") == std::string::npos);
  const std::string json = render_run_json(report);
  CHECK(json.find("\"passed\":false,\"stopped_early\":\"" + reason + "\"") != std::string::npos);
  const std::string text = run_summary_text(report);
  CHECK(text.find("STOPPED EARLY") != std::string::npos);
  CHECK(text.find("stopped early: " + reason) != std::string::npos);
  // A complete run's JSON report has no such member.
  CHECK(render_run_json(build_run_report(complete_back)).find("stopped_early") ==
        std::string::npos);
}

TEST_CASE("the reader refuses a stopped-early footer that claims a pass or gives no reason") {
  auto history = small_stable_run();
  history.end.stopped_early = "limits.max_events_in_flight: more than 5 events";
  const auto stopped = record(history);
  std::vector<std::string> lines = lines_of(stopped.trace);
  TraceReadOptions lenient;
  lenient.verify_digest = false;
  const auto lenient_error = [&](const std::vector<std::string>& edited) {
    try {
      (void)read_back(join(edited), lenient);
    } catch (const TraceFormatError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };

  std::vector<std::string> edited = lines;
  const std::string failed = "\"verdict\":{\"passed\":false";
  const std::size_t verdict_at = edited.back().find(failed);
  REQUIRE(verdict_at != std::string::npos);
  edited.back().replace(verdict_at, failed.size(), "\"verdict\":{\"passed\":true");
  CHECK(lenient_error(edited).find("verdict.passed: expected false when the run stopped early") !=
        std::string::npos);

  edited = lines;
  const std::size_t reason_at = edited.back().find(history.end.stopped_early);
  REQUIRE(reason_at != std::string::npos);
  edited.back().erase(reason_at, history.end.stopped_early.size());
  CHECK(lenient_error(edited).find("stopped_early: expected a non-empty reason") !=
        std::string::npos);
}

TEST_CASE("reader errors name the line and the field") {
  const auto run = record(small_stable_run());
  std::vector<std::string> lines = lines_of(run.trace);
  REQUIRE(lines.size() >= 4);

  CHECK(error_of("") == "trace.jsonl: empty file (expected a trace header line)");
  CHECK(error_of(join({lines[1]})).find("trace.jsonl:1: type: expected \"header\"") == 0);

  std::vector<std::string> broken = lines;
  broken[2] = "{not json";
  CHECK(error_of(join(broken)) == "trace.jsonl:3: not valid JSON");

  broken = lines;
  const std::size_t at = broken[1].find("\"winner\":0");
  REQUIRE(at != std::string::npos);
  broken[1].replace(at, 10, "\"winner\":\"n0\"");
  CHECK(error_of(join(broken)) ==
        "trace.jsonl:2: winner: expected a non-negative integer, got \"n0\"");

  broken = lines;
  const std::size_t acting = broken[1].find("\"acting\":[[0,");
  REQUIRE(acting != std::string::npos);
  broken[1].replace(acting, 14, "\"acting\":[[7,");
  CHECK(error_of(join(broken)) ==
        "trace.jsonl:2: acting[0][0]: expected a node index below 3, got 7");

  broken = lines;
  broken.pop_back();
  CHECK(error_of(join(broken)).find("without a footer") != std::string::npos);

  broken = lines;
  broken.push_back(lines[1]);
  CHECK(error_of(join(broken)).find("after the footer") != std::string::npos);
}

TEST_CASE("the reader detects an edited trace through the digest") {
  const auto run = record(small_stable_run());
  std::vector<std::string> lines = lines_of(run.trace);
  const std::size_t at = lines[1].find("\"creates\":1");
  REQUIRE(at != std::string::npos);
  lines[1].replace(at, 11, "\"creates\":2");
  const std::string edited = join(lines);
  CHECK(error_of(edited).find("digest mismatch") != std::string::npos);
  TraceReadOptions lenient;
  lenient.verify_digest = false;
  CHECK(read_back(edited, lenient).epochs[0].creates == 2);
}

TEST_CASE("a trace larger than the writer's buffer digests as the reader hashes it") {
  // The writer hashes a megabyte at a time; the reader hashes line by line.
  const auto run = record(small_naive_run());
  Trace trace = read_back(run.trace);
  REQUIRE(!trace.epochs.empty());
  const EpochRecord sample = trace.epochs.front();
  trace.epochs.clear();
  for (Epoch epoch = 1; epoch <= 12'000; ++epoch) {
    trace.epochs.push_back(sample);
    trace.epochs.back().epoch = epoch;
  }
  const std::string text = write_again(trace);
  CHECK(text.size() > 3 * (std::size_t{1} << 20));
  const Trace again = read_back(text);  // throws on a digest mismatch
  CHECK(again.epochs.size() == 12'000);
  // And from first principles: everything after the header line, up to the
  // footer's digest member.
  const std::size_t body_at = text.find('\n') + 1;
  const std::size_t digest_at = text.rfind(",\"digest\":");
  REQUIRE(digest_at != std::string::npos);
  CHECK(again.footer.digest == "sha256:" + sha256_hex(text.substr(body_at, digest_at - body_at)));
  // A change in the middle of the second megabyte is caught.
  std::string edited = text;
  const std::size_t middle = edited.find("\"epoch\":6000,");
  REQUIRE(middle != std::string::npos);
  edited.replace(middle, 13, "\"epoch\":6001,");
  CHECK(error_of(edited).find("digest mismatch") != std::string::npos);
}

TEST_CASE("lists are capped while totals count everyone") {
  testing::History h(5, Algorithm::kNaive);
  h.create(seconds(1), 0, 1);
  for (NodeIndex node = 0; node < 5; ++node) {
    h.attempt(seconds(1) + milliseconds(node), node, 1,
              node == 0 ? AttemptOutcome::kWon : AttemptOutcome::kLost);
    h.observed(seconds(1) + milliseconds(node), node, 1);
    h.observed(seconds(2), node, 1);  // not a first observation
  }
  TraceOptions options;
  options.lists_max = 2;
  const auto run = record(h, options);
  const Trace trace = read_back(run.trace);
  REQUIRE(trace.epochs.size() == 1);
  CHECK(trace.epochs[0].contenders_total == 5);
  CHECK(trace.epochs[0].contenders.size() == 2);
  CHECK(trace.epochs[0].observers_total == 5);
  CHECK(trace.epochs[0].observations.size() == 2);
  CHECK(trace.epochs[0].last_observed_ns == seconds(1) + milliseconds(4));
  CHECK(trace.header.lists_max == 2);
}

TEST_CASE("a large cluster's records count every contender and observer without lists") {
  // Above list_nodes_max nodes the recorder keeps no lists and counts
  // attempts and first observations beside the record, copying them in when
  // the record is handed on: the totals must be those of every fact.
  constexpr NodeIndex kNodes = 40;
  testing::History h(kNodes, Algorithm::kNaive);
  h.create(seconds(1), 3, 1);
  for (NodeIndex node = 0; node < kNodes; ++node) {
    const AttemptOutcome outcome = node == 3    ? AttemptOutcome::kWon
                                   : node == 7  ? AttemptOutcome::kLostAfterUnknown
                                   : node == 11 ? AttemptOutcome::kError
                                                : AttemptOutcome::kLost;
    h.attempt(seconds(1) + milliseconds(node), node, 1, outcome);
    h.observed(seconds(2) + milliseconds(node), node, 1);
  }
  h.observed(seconds(3), 5, 1);  // not a first observation
  const auto run = record(h);
  const Trace trace = read_back(run.trace);
  CHECK(trace.header.lists_max == 0);
  REQUIRE(trace.epochs.size() == 1);
  const EpochRecord& epoch = trace.epochs[0];
  const auto count = [&](AttemptOutcome outcome) {
    return epoch.outcome_counts[static_cast<std::size_t>(outcome)];
  };
  CHECK(epoch.contenders_total == kNodes);
  CHECK(count(AttemptOutcome::kWon) == 1);
  CHECK(count(AttemptOutcome::kLostAfterUnknown) == 1);
  CHECK(count(AttemptOutcome::kError) == 1);
  CHECK(count(AttemptOutcome::kLost) == kNodes - 3);
  CHECK(epoch.contenders.empty());
  CHECK(epoch.observers_total == kNodes);
  CHECK(epoch.first_observed_ns == seconds(2));
  CHECK(epoch.last_observed_ns == seconds(2) + milliseconds(kNodes - 1));
  CHECK(epoch.observations.empty());
  CHECK(epoch.created_local_ns.has_value());
}

TEST_CASE("facts about an open epoch reach its record when a newer epoch shares its slot") {
  // The recorder finds open records through a table of 256 slots (epoch %
  // 256): epoch 1 and epoch 257 share one. Epoch 1 stays open (its leader
  // acts) while 257 is created, then late facts about both arrive.
  testing::History h(3);
  h.header.duration_ns = seconds(600);
  h.create(milliseconds(10), 0, 1);
  h.attempt(milliseconds(20), 0, 1, AttemptOutcome::kWon);
  h.act(milliseconds(20), 0, 1);
  for (Epoch epoch = 2; epoch <= 257; ++epoch) {
    h.create(milliseconds(10) * static_cast<Nanos>(epoch), 1, epoch);
  }
  h.attempt(seconds(5), 1, 257, AttemptOutcome::kWon);
  h.attempt(seconds(5) + milliseconds(1), 2, 1, AttemptOutcome::kLost);
  h.observed(seconds(5) + milliseconds(2), 2, 1);
  h.attempt(seconds(5) + milliseconds(3), 2, 257, AttemptOutcome::kLost);
  h.attempt(seconds(5) + milliseconds(4), 2, 1, AttemptOutcome::kLostAfterUnknown);
  h.stop(seconds(6), 0, 1, "resigned");
  const Trace trace = read_back(record(h).trace);
  const auto find = [&](Epoch epoch) -> const EpochRecord& {
    for (const EpochRecord& record : trace.epochs) {
      if (record.epoch == epoch) return record;
    }
    FAIL("no record for epoch " << epoch);
    return trace.epochs.front();
  };
  CHECK(find(1).contenders_total == 3);
  CHECK(find(1).observers_total == 1);
  CHECK(find(257).contenders_total == 2);
  CHECK(find(257).observers_total == 0);
  CHECK(trace.footer.late_facts == 0);
}

// compute_stats walks the intervals' starts and their sorted ends together:
// an end at the instant of a start comes first (intervals are half-open), so
// a handover at one instant is neither a gap nor two leaders at once.
TEST_CASE("stats: a handover at one instant is no failover and no dual leadership") {
  TraceHeader header;
  header.run.node_names = {"n0", "n1", "n2"};
  const auto epoch_with = [](Epoch epoch, NodeIndex node, Nanos start_ns, Nanos end_ns) {
    EpochRecord record;
    record.epoch = epoch;
    record.winner = node;
    record.created_true_ns = start_ns;
    record.acting.push_back({node, epoch, start_ns, end_ns, "superseded"});
    return record;
  };
  ReportBuilder builder;
  builder.on_trace_header(header);
  builder.on_epoch(epoch_with(1, 0, seconds(1), seconds(3)));
  builder.on_epoch(epoch_with(2, 1, seconds(3), seconds(5)));  // at the instant epoch 1 ends
  builder.on_epoch(epoch_with(3, 2, seconds(6), seconds(8)));  // a second's gap
  builder.on_epoch(epoch_with(4, 0, seconds(7), seconds(9)));  // overlaps epoch 3
  TraceFooter footer;
  footer.end_ns = seconds(10);
  builder.on_trace_footer(footer);
  const RunReport report = builder.take();
  CHECK(report.failovers == std::vector<Nanos>{seconds(1)});
  CHECK(report.stats.dual_leader_episodes == 1);
  CHECK(report.stats.dual_leader_ns == seconds(1));
  CHECK(report.dual_leader == std::vector<std::pair<Nanos, Nanos>>{{seconds(7), seconds(8)}});
  CHECK(report.stats.leaderless_ns == seconds(3));  // 0-1 s, 5-6 s, 9-10 s
  CHECK(report.stats.first_leader_ns == seconds(1));
}

// The recorder keeps its open records in a sequence by epoch: a record for
// an epoch below the newest goes in its place, is found there by a search
// once its slot holds a newer epoch, and records are handed on in epoch
// order, whatever order they were opened in.
TEST_CASE("records opened below the newest epoch are found and handed on in epoch order") {
  testing::History h(3);
  h.header.duration_ns = seconds(600);
  h.create(seconds(1), 0, 10);
  h.attempt(seconds(2), 1, 5, AttemptOutcome::kLost);
  h.attempt(seconds(2) + milliseconds(1), 1, 8, AttemptOutcome::kLost);
  h.attempt(seconds(2) + milliseconds(2), 2, 3, AttemptOutcome::kLost);
  h.attempt(seconds(2) + milliseconds(3), 2, 5, AttemptOutcome::kLost);
  h.create(seconds(3), 1, 261);  // 261 % 256 == 5: takes epoch 5's slot
  h.attempt(seconds(4), 0, 5, AttemptOutcome::kLostAfterUnknown);
  h.attempt(seconds(4) + milliseconds(1), 0, 8, AttemptOutcome::kLost);
  const Trace trace = read_back(record(h).trace);
  std::vector<Epoch> epochs;
  std::vector<std::uint64_t> contenders;
  for (const EpochRecord& record : trace.epochs) {
    epochs.push_back(record.epoch);
    contenders.push_back(record.contenders_total);
  }
  CHECK(epochs == std::vector<Epoch>{3, 5, 8, 10, 261});
  CHECK(contenders == std::vector<std::uint64_t>{1, 3, 2, 0, 0});
  CHECK(trace.footer.late_facts == 0);
  CHECK(trace.footer.epochs_recorded == 5);
}

// The recorder resets a handed-on record and reuses it (its map node and
// vectors) for a later epoch: every count must start from zero again. Many
// epochs, each with its own numbers of attempts, observers, renewals and
// acting intervals, handed on every few epochs, in a large cluster (counts
// only) and a small one (lists too).
// ReportBuilder::on_trace_footer takes compute_stats' result when the
// footer's summary is that result and no epoch arrived since (the
// recorder's order); an epoch after compute_stats must count.
TEST_CASE("the report builder reuses computed stats only while no epoch arrived since") {
  TraceHeader header;
  header.run.node_names = {"n0", "n1"};
  EpochRecord first;
  first.epoch = 1;
  first.winner = 0;
  first.created_true_ns = seconds(1);
  first.acting.push_back({0, 1, seconds(1), seconds(3), "superseded"});
  EpochRecord second;
  second.epoch = 2;
  second.winner = 1;
  second.created_true_ns = seconds(5);
  second.acting.push_back({1, 2, seconds(5), seconds(9), "run_end"});
  TraceFooter footer;
  footer.end_ns = seconds(10);

  ReportBuilder fresh;  // computes once, at the footer
  fresh.on_trace_header(header);
  fresh.on_epoch(first);
  fresh.on_epoch(second);
  fresh.on_trace_footer(footer);
  const RunReport expected = fresh.take();
  REQUIRE(expected.stats.epochs_led == 2);
  REQUIRE(expected.failovers.size() == 1);

  ReportBuilder stale;  // computes with one epoch, then sees another
  stale.on_trace_header(header);
  stale.on_epoch(first);
  TraceFooter early = footer;
  early.summary = stale.compute_stats(footer);
  CHECK(early.summary.epochs_led == 1);
  stale.on_epoch(second);
  stale.on_trace_footer(early);
  const RunReport late = stale.take();
  CHECK(late.stats == expected.stats);
  CHECK(late.failovers == expected.failovers);

  ReportBuilder reused;  // the recorder's order: everything, stats, footer
  reused.on_trace_header(header);
  reused.on_epoch(first);
  reused.on_epoch(second);
  TraceFooter summarized = footer;
  summarized.summary = reused.compute_stats(footer);
  reused.on_trace_footer(summarized);
  const RunReport report = reused.take();
  CHECK(report.stats == expected.stats);
  CHECK(report.failovers == expected.failovers);
  REQUIRE(report.nodes.size() == 2);
  CHECK(report.nodes[0].acting_ns == seconds(2));
  CHECK(report.nodes[1].acting_ns == seconds(4));
}

TEST_CASE("records reused for later epochs start fresh") {
  for (const NodeIndex nodes : {NodeIndex{40}, NodeIndex{6}}) {
    CAPTURE(nodes);
    testing::History h(nodes, Algorithm::kNaive);
    h.header.duration_ns = seconds(400);
    constexpr Epoch kEpochs = 120;
    const auto attempts_of = [](Epoch epoch) { return static_cast<NodeIndex>(epoch % 5 + 1); };
    const auto observers_of = [](Epoch epoch) { return static_cast<NodeIndex>(epoch % 3 + 1); };
    const auto renewals_of = [](Epoch epoch) { return epoch % 4; };
    for (Epoch epoch = 1; epoch <= kEpochs; ++epoch) {
      const Nanos t = seconds(static_cast<std::int64_t>(epoch) * 3);
      const auto winner = static_cast<NodeIndex>(epoch % nodes);
      h.create(t, winner, epoch);
      for (NodeIndex i = 0; i < attempts_of(epoch); ++i) {
        const auto node = static_cast<NodeIndex>((winner + i) % nodes);
        h.attempt(t + milliseconds(i + 1), node, epoch,
                  i == 0 ? AttemptOutcome::kWon : AttemptOutcome::kLost);
      }
      for (NodeIndex i = 0; i < observers_of(epoch); ++i) {
        h.observed(t + milliseconds(100 + i), static_cast<NodeIndex>((winner + 1 + i) % nodes),
                   epoch);
      }
      if (epoch % 2 == 0) {
        h.act(t + milliseconds(200), winner, epoch);
        for (std::uint64_t i = 0; i < renewals_of(epoch); ++i) {
          h.lease_extended(t + milliseconds(300 + static_cast<std::int64_t>(i)), winner, epoch);
        }
        h.stop(t + seconds(1), winner, epoch, "round_ended");
      }
    }
    TraceOptions options;
    options.open_epochs_max = 2;
    options.settle_ns = seconds(1);
    const Trace trace = read_back(record(h, options).trace);
    REQUIRE(trace.epochs.size() == kEpochs);
    for (const EpochRecord& record : trace.epochs) {
      CAPTURE(record.epoch);
      CHECK(record.creates == 1);
      CHECK(record.contenders_total == attempts_of(record.epoch));
      CHECK(record.observers_total == observers_of(record.epoch));
      CHECK(record.first_observed_ns ==
            seconds(static_cast<std::int64_t>(record.epoch) * 3) + milliseconds(100));
      CHECK(record.acting.size() == (record.epoch % 2 == 0 ? 1U : 0U));
      CHECK(record.renewals.count == (record.epoch % 2 == 0 ? renewals_of(record.epoch) : 0));
      CHECK(record.contenders.size() == (nodes <= 32 ? attempts_of(record.epoch) : 0U));
      CHECK(record.observations.size() == (nodes <= 32 ? observers_of(record.epoch) : 0U));
    }
  }
}

}  // namespace
}  // namespace holocron::reports
