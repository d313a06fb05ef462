// Constructed runs shared by the trace, report and golden tests, and a helper
// that records one the way holosim does (checkers + trace recorder).
#pragma once

#include <sstream>
#include <string>

#include "reports/checkers.hpp"
#include "reports/trace_recorder.hpp"
#include "tests/reports/history.hpp"

namespace holocron::reports::testing {

// A small stable run with a bit of everything: a contested first election, a
// leader crash, a failover, renewals, faults, an assumption break, lost
// responses, object counts and a fenced resource.
inline History small_stable_run() {
  History h(3);
  h.header.scenario_name = "leader-crash";
  h.header.duration_ns = seconds(120);
  h.lifecycle(0, 0, LifecycleKind::kStarted)
      .lifecycle(0, 1, LifecycleKind::kStarted)
      .lifecycle(0, 2, LifecycleKind::kStarted);
  h.list(milliseconds(100), 0).list(milliseconds(110), 1).list(milliseconds(120), 2);
  h.objects(milliseconds(100), 3, 0);
  // Epoch 1: n0 and n1 race; n0 wins.
  h.create(milliseconds(200), 0, 1);
  h.create(milliseconds(210), 1, 1, false);
  h.objects(milliseconds(200), 4, 1);
  h.attempt(milliseconds(240), 0, 1, AttemptOutcome::kWon);
  h.became_leader(milliseconds(240), 0, 1);
  h.act(milliseconds(240), 0, 1);
  h.attempt(milliseconds(250), 1, 1, AttemptOutcome::kLost);
  h.observed(milliseconds(240), 0, 1).observed(milliseconds(250), 1, 1);
  h.observed(seconds(1), 2, 1);
  for (int i = 1; i <= 10; ++i) {
    h.renew(seconds(2 * i), 0, 1);
    h.lease_extended(seconds(2 * i) + milliseconds(30), 0, 1);
    h.fenced(seconds(2 * i) + milliseconds(40), 0, 1, true, 1, true);
    h.get(seconds(2 * i) + milliseconds(5), 1, 1).get(seconds(2 * i) + milliseconds(7), 2, 1);
  }
  h.get(seconds(21), 2, 1, Status::kInternalError);
  h.lost(seconds(21), 2, OpKind::kGet, "lost_response");
  // n0 crashes at 22 s; n2 takes over after the lease.
  h.fault(seconds(22), 0, "crash", "crash", seconds(40));
  h.lifecycle(seconds(22), 0, LifecycleKind::kCrashed, seconds(18));
  h.stop(seconds(22), 0, 1, "crash");
  for (int i = 0; i < 5; ++i) {
    h.get(seconds(23 + 2 * i), 1, 2, Status::kNotFound)
        .get(seconds(23 + 2 * i), 2, 2, Status::kNotFound);
  }
  h.create(seconds(33), 2, 2);
  h.create(seconds(33) + milliseconds(3), 1, 2, false);
  h.objects(seconds(33), 5, 2);
  h.attempt(seconds(33) + milliseconds(40), 2, 2, AttemptOutcome::kWon);
  h.became_leader(seconds(33) + milliseconds(40), 2, 2);
  h.act(seconds(33) + milliseconds(40), 2, 2);
  h.attempt(seconds(33) + milliseconds(45), 1, 2, AttemptOutcome::kLost);
  h.observed(seconds(33) + milliseconds(40), 2, 2).observed(seconds(33) + milliseconds(45), 1, 2);
  h.lifecycle(seconds(40), 0, LifecycleKind::kRestarted);
  h.list(seconds(40) + milliseconds(50), 0);
  h.observed(seconds(40) + milliseconds(100), 0, 2);
  h.assumption(seconds(50), 1, "clock_step", "stepped forward 2s");
  for (int i = 0; i < 30; ++i) {
    h.renew(seconds(35 + 2 * i), 2, 2);
    h.lease_extended(seconds(35 + 2 * i) + milliseconds(25), 2, 2);
    h.fenced(seconds(35 + 2 * i) + milliseconds(30), 2, 2, true, i == 0 ? 1 : 2, true);
  }
  h.fenced(seconds(41), 0, 1, false, 2, false);  // the restarted n0 had a stale write queued
  h.remove(seconds(100), 2, 1);
  h.objects(seconds(100), 4, 1);
  h.end.ops.list_requests = 4;
  h.end.ops.get_requests = 31;
  h.end.ops.put_requests = 44;
  h.end.ops.delete_requests = 1;
  h.end.ops.cost_usd = 0.000252;
  h.end.last_fault_heal_ns = seconds(40);
  h.end.fault_counts = {{"crash/crash", 1}, {"store_errors/500", 1}};
  h.end.faults_never_fired = {"partition"};
  h.end.event_digest = "0123456789abcdef";
  return h;
}

// A naive run with overlapping leaders, to exercise the S5 parts.
inline History small_naive_run() {
  History h(3, Algorithm::kNaive);
  h.header.scenario_name = "steady-state";
  h.header.duration_ns = seconds(10);
  for (Epoch epoch = 1; epoch <= 8; ++epoch) {
    const Nanos round_ns = seconds(static_cast<std::int64_t>(epoch));
    const NodeIndex winner = static_cast<NodeIndex>(epoch % 3);
    h.list(round_ns, winner);
    h.win(round_ns + milliseconds(50), winner, epoch);
    h.objects(round_ns + milliseconds(50), epoch, epoch);
    // The previous leader stops only at its next round: 300 ms of overlap.
    if (epoch > 1) {
      h.stop(round_ns + milliseconds(370), static_cast<NodeIndex>((epoch - 1) % 3), epoch - 1,
             "round_ended");
    }
  }
  h.end.ops.list_requests = 8;
  h.end.ops.put_requests = 8;
  h.end.ops.cost_usd = 0.00008;
  h.end.event_digest = "fedcba9876543210";
  return h;
}

struct RecordedRun {
  std::string trace;
  RunReport report;
  Verdict verdict;
  std::string digest;
};

inline RecordedRun record(const History& history, TraceOptions options = {},
                          CheckerOptions checker_options = {}) {
  if (options.repro_command.empty()) {
    options.repro_command = "holosim run scenarios/" + history.header.scenario_name +
                            ".json --seed " + std::to_string(history.header.seed);
  }
  std::ostringstream out;
  CheckerSet checkers(checker_options);
  TraceRecorder recorder(options, &out);
  history.replay_all({&checkers, &recorder});
  RecordedRun run;
  run.verdict = checkers.verdict();
  run.report = recorder.finish(run.verdict);
  run.digest = recorder.digest();
  run.trace = out.str();
  return run;
}

}  // namespace holocron::reports::testing
