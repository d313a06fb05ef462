// Every checker with a constructed history where it must fire and one where
// it must not.
#include <algorithm>

#include <doctest/doctest.h>

#include "reports/checkers.hpp"
#include "tests/reports/history.hpp"

namespace holocron::reports {
namespace {

using testing::History;

// Runs only `property` over the history.
Verdict check_only(Property property, const History& history, CheckerOptions options = {}) {
  options.enabled.fill(false);
  options.enabled[property_index(property)] = true;
  CheckerSet checkers(options);
  history.replay(checkers);
  return checkers.verdict();
}

const PropertyResult& result_of(const Verdict& verdict, Property property) {
  return verdict.properties[property_index(property)];
}

// A healthy stable run: n0 wins epoch 1 and renews until the end.
History healthy_run() {
  History history(3);
  history.list(seconds(1), 0).list(seconds(1), 1);
  history.win(seconds(1), 0, 1);
  history.create(seconds(1) + milliseconds(5), 1, 1, false);
  history.attempt(seconds(1) + milliseconds(30), 1, 1, AttemptOutcome::kLost);
  history.observed(seconds(1) + milliseconds(30), 1, 1).observed(seconds(2), 2, 1);
  for (int i = 1; i <= 20; ++i) {
    history.renew(seconds(1 + 2 * i), 0, 1);
    history.lease_extended(seconds(1 + 2 * i) + milliseconds(20), 0, 1);
    history.fenced(seconds(1 + 2 * i) + milliseconds(30), 0, 1, true, 1, true);
    history.get(seconds(2 * i), 1, 1).get(seconds(2 * i), 2, 1);
  }
  return history;
}

TEST_CASE("all checkers pass a healthy stable run") {
  CheckerSet checkers;
  healthy_run().replay(checkers);
  const Verdict verdict = checkers.verdict();
  CHECK(verdict.passed);
  CHECK(verdict.violations.empty());
  for (const PropertyResult& result : verdict.properties) {
    CHECK(result.enabled);
    CHECK(result.violations == 0);
  }
}

TEST_CASE("S1 fires when a create commits while the epoch object exists") {
  History history(2);
  history.create(seconds(1), 0, 1).create(seconds(2), 1, 1);
  const Verdict verdict = check_only(Property::kS1, history);
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 1);
  const Violation& violation = verdict.violations[0];
  CHECK(violation.property == Property::kS1);
  CHECK(violation.first_ns == seconds(2));
  CHECK(violation.nodes == std::vector<NodeIndex>{0, 1});
  CHECK(violation.epochs == std::vector<Epoch>{1});
  CHECK(violation.message.find("two winners") != std::string::npos);
}

TEST_CASE("S1 does not fire for losers, retries that find their own commit, or recreation") {
  History history(2);
  history.create(seconds(1), 0, 1)
      .create(seconds(1), 1, 1, false)  // lost the race: 412
      .create(seconds(2), 0, 1, false)  // a retry that finds its own commit: 412
      .create(seconds(3), 0, 2)
      .remove(seconds(4), 0, 1)   // garbage collection
      .create(seconds(5), 1, 1);  // recreated: S7's business, not a second winner
  const Verdict verdict = check_only(Property::kS1, history);
  CHECK(verdict.passed);
  CHECK(result_of(verdict, Property::kS1).violations == 0);
}

TEST_CASE("S2 fires when a node acts for an epoch the store did not give it") {
  History history(2);
  history.win(seconds(1), 0, 1);
  history.act(seconds(2), 1, 1);  // n1 acts for n0's epoch
  history.act(seconds(3), 1, 7);  // and for an epoch nobody created
  const Verdict verdict = check_only(Property::kS2, history);
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 2);
  CHECK(verdict.violations[0].first_ns == seconds(2));
  CHECK(verdict.violations[0].nodes == std::vector<NodeIndex>{1, 0});
  CHECK(verdict.violations[0].epochs == std::vector<Epoch>{1});
  CHECK(verdict.violations[1].epochs == std::vector<Epoch>{7});
  CHECK(verdict.violations[1].message.find("no create") != std::string::npos);
}

TEST_CASE("S2 does not fire for winners, including a resumed winner after GC") {
  History history(2);
  history.win(seconds(1), 0, 1);
  history.stop(seconds(5), 0, 1, "crash");
  history.create(seconds(20), 1, 2).act(seconds(20), 1, 2).stop(seconds(30), 1, 2);
  history.remove(seconds(31), 1, 1);
  history.act(seconds(32), 0, 1);  // n0 did win epoch 1 (S7 and S5 judge the rest)
  const Verdict verdict = check_only(Property::kS2, history);
  CHECK(verdict.passed);
}

TEST_CASE("S3 fires when a node leads an epoch below one it saw") {
  History history(2);
  history.observed(seconds(1), 1, 5);
  history.became_leader(seconds(2), 1, 3);
  const Verdict verdict = check_only(Property::kS3, history);
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].first_ns == seconds(2));
  CHECK(verdict.violations[0].nodes == std::vector<NodeIndex>{1});
  CHECK(verdict.violations[0].epochs == std::vector<Epoch>{3, 5});
}

TEST_CASE("S3 fires when a restarted node tries an epoch it had seen before the crash") {
  History history(2);
  history.observed(seconds(1), 1, 5);
  history.lifecycle(seconds(2), 1, LifecycleKind::kCrashed);
  history.lifecycle(seconds(3), 1, LifecycleKind::kRestarted);
  history.attempt(seconds(4), 1, 4, AttemptOutcome::kLost);
  history.attempt(seconds(5), 1, 4, AttemptOutcome::kLost);  // a retry: reported once
  const Verdict verdict = check_only(Property::kS3, history);
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].first_ns == seconds(4));
  CHECK(verdict.violations[0].epochs == std::vector<Epoch>{4, 5});
}

TEST_CASE("S3 does not fire for in-flight races or progress after a restart") {
  History history(2);
  history.observed(seconds(1), 1, 4);
  // n1 sent a create of 5, then learned of 5 (and 6) before its answer came.
  history.observed(seconds(2), 1, 6);
  history.attempt(seconds(2) + milliseconds(10), 1, 5, AttemptOutcome::kLost);
  history.lifecycle(seconds(3), 1, LifecycleKind::kCrashed);
  history.lifecycle(seconds(4), 1, LifecycleKind::kRestarted);
  history.observed(seconds(5), 1, 6);
  history.attempt(seconds(6), 1, 7, AttemptOutcome::kWon);
  history.became_leader(seconds(6), 1, 7);
  const Verdict verdict = check_only(Property::kS3, history);
  CHECK(verdict.passed);
}

TEST_CASE("S4 fires when the resource accepts a lower token") {
  History history(2);
  history.fenced(seconds(1), 0, 5, true, 0, true);
  history.fenced(seconds(2), 1, 3, true, 5, false);
  const Verdict verdict = check_only(Property::kS4, history);
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].first_ns == seconds(2));
  CHECK(verdict.violations[0].nodes == std::vector<NodeIndex>{1});
  CHECK(verdict.violations[0].epochs == std::vector<Epoch>{3, 5});
  CHECK(verdict.violations[0].message.find("no longer acting") != std::string::npos);
}

TEST_CASE("S4 catches a resource that forgot what it accepted") {
  History history(2);
  history.fenced(seconds(1), 0, 5, true, 0, true);
  history.fenced(seconds(2), 1, 3, true, 0, true);  // the resource claims it saw nothing
  CHECK_FALSE(check_only(Property::kS4, history).passed);
}

TEST_CASE("S4 does not fire for rejections and equal or higher tokens") {
  History history(2);
  history.fenced(seconds(1), 0, 3, true, 0, true);
  history.fenced(seconds(2), 0, 3, true, 3, true);
  history.fenced(seconds(3), 1, 2, false, 3, false);  // fencing held
  history.fenced(seconds(4), 1, 5, true, 3, true);
  CHECK(check_only(Property::kS4, history).passed);
}

TEST_CASE("S5 fires on two leaders at one instant within the assumptions") {
  History history(3, Algorithm::kNaive);
  history.win(seconds(1), 0, 1);
  history.win(seconds(2), 1, 2);  // n0 has not stopped acting
  history.stop(seconds(3), 0, 1, "round_ended");
  const Verdict verdict = check_only(Property::kS5, history);
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 1);
  const Violation& violation = verdict.violations[0];
  CHECK(violation.first_ns == seconds(2) + milliseconds(20));
  CHECK(violation.nodes == std::vector<NodeIndex>{0, 1});
  CHECK(violation.epochs == std::vector<Epoch>{1, 2});
  CHECK_FALSE(violation.outside_assumptions);
}

TEST_CASE("S5 reports overlaps after an assumption break as outside the assumptions") {
  History history(3);
  history.win(seconds(1), 0, 1);
  history.assumption(seconds(5), 0, "clock_step", "stepped back 20s");
  history.win(seconds(8), 1, 2);
  history.stop(seconds(9), 0, 1, "clock_jump");
  const Verdict verdict = check_only(Property::kS5, history);
  CHECK(verdict.passed);  // outside the assumptions: reported, not a failure
  const PropertyResult& result = result_of(verdict, Property::kS5);
  CHECK(result.violations == 0);
  CHECK(result.outside_assumptions == 1);
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].outside_assumptions);
  CHECK(verdict.violations[0].assumption.find("clock_step on n0") != std::string::npos);
  CHECK(verdict.violations[0].assumption.find("stepped back 20s") != std::string::npos);
}

TEST_CASE("S5 assumption windows expire, and pauses extend them") {
  CheckerOptions options;
  options.assumption_window_ns = seconds(10);
  {
    History history(3);
    history.assumption(seconds(1), 0, "clock_step", "stepped back 20s");
    history.win(seconds(20), 0, 1);
    history.win(seconds(21), 1, 2);  // the break was long ago: a real violation
    const Verdict verdict = check_only(Property::kS5, history, options);
    CHECK(result_of(verdict, Property::kS5).violations == 1);
  }
  {
    History history(3);
    history.win(seconds(1), 0, 1);
    history.lifecycle(seconds(2), 0, LifecycleKind::kPaused, seconds(30));
    history.stop(seconds(7), 0, 1, "deadline");  // its acting deadline passes in the pause
    history.assumption(seconds(2), 0, "pause_bound", "paused 30s");
    history.lifecycle(seconds(32), 0, LifecycleKind::kUnpaused);
    history.win(seconds(35), 1, 2);
    history.act(seconds(36), 0, 1);  // the zombie still believes it leads
    const Verdict verdict = check_only(Property::kS5, history, options);
    CHECK(verdict.passed);
    CHECK(result_of(verdict, Property::kS5).outside_assumptions == 1);
  }
}

TEST_CASE("S5 keeps a node whose clock drifts beyond the bound outside the assumptions all run") {
  CheckerOptions options;
  options.assumption_window_ns = seconds(10);
  // The engine reports a drift beyond the bound once, at the start: the
  // drift itself lasts the run, so an overlap long after it is still
  // outside the assumptions (a window would have expired at 11 s).
  History history(3);
  history.assumption(0, 1, "drift_bound", "drifts by 400000 ppm");
  history.win(seconds(1), 0, 1);
  history.win(seconds(600), 1, 2);  // n1, fast by 40%, takes over while n0 still acts
  const Verdict verdict = check_only(Property::kS5, history, options);
  CHECK(verdict.passed);
  const PropertyResult& result = result_of(verdict, Property::kS5);
  CHECK(result.violations == 0);
  CHECK(result.outside_assumptions == 1);
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].assumption.find("drift_bound on n1") != std::string::npos);
}

TEST_CASE(
    "S5 keeps a leader whose clock broke while it acted outside the assumptions until it stops") {
  CheckerOptions options;
  options.assumption_window_ns = seconds(10);
  History history(3);
  history.win(seconds(1), 0, 1);
  history.assumption(seconds(5), 0, "clock_step", "stepped back 1h");  // while n0 acts
  history.win(seconds(8), 1, 2).stop(seconds(9), 1, 2);                // overlap 1, in the window
  history.win(seconds(40), 2, 3);  // overlap 2, long after the window: n0 still acts on it
  history.stop(seconds(41), 0, 1, "superseded");
  history.win(seconds(60), 1, 4);  // n1 and n2, neither broken: a real violation
  const Verdict verdict = check_only(Property::kS5, history, options);
  const PropertyResult& result = result_of(verdict, Property::kS5);
  CHECK(result.outside_assumptions == 2);
  CHECK(result.violations == 1);
  REQUIRE(verdict.violations.size() == 3);
  CHECK(verdict.violations[1].first_ns / seconds(1) == 40);  // win() acts just after its create
  CHECK(verdict.violations[1].outside_assumptions);
  CHECK(verdict.violations[2].first_ns / seconds(1) == 60);
  CHECK_FALSE(verdict.violations[2].outside_assumptions);

  // A renewal confirmed after the break sets a deadline measured after it:
  // from then on the leader is judged as any other, after a window.
  History renewed(3);
  renewed.win(seconds(1), 0, 1);
  renewed.assumption(seconds(5), 0, "pause_bound", "paused 4s");
  renewed.lease_extended(seconds(12), 0, 1);
  renewed.win(seconds(40), 1, 2);  // n0 still acts, on a deadline from its renewal
  const Verdict renewed_verdict = check_only(Property::kS5, renewed, options);
  CHECK(result_of(renewed_verdict, Property::kS5).violations == 1);
  CHECK(result_of(renewed_verdict, Property::kS5).outside_assumptions == 0);
}

TEST_CASE("S5 does not fire for handovers that only touch") {
  History history(3, Algorithm::kNaive);
  history.win(seconds(1), 0, 1);
  // n1 starts at the very instant n0 stops, its fact delivered first.
  history.create(seconds(2), 1, 2).act(seconds(3), 1, 2).stop(seconds(3), 0, 1, "round_ended");
  history.stop(seconds(4), 1, 2, "round_ended");
  history.win(seconds(5), 2, 3);
  const Verdict verdict = check_only(Property::kS5, history);
  CHECK(verdict.passed);
  CHECK(result_of(verdict, Property::kS5).outside_assumptions == 0);
}

TEST_CASE("S5 judges writes by nodes that no longer act") {
  History rejected(2);
  rejected.win(seconds(1), 0, 1).stop(seconds(7), 0, 1).win(seconds(20), 1, 2);
  rejected.fenced(seconds(21), 1, 2, true, 1, true);
  rejected.fenced(seconds(22), 0, 1, false, 2, false);  // the zombie is fenced off
  const Verdict held = check_only(Property::kS5, rejected);
  CHECK(held.passed);
  CHECK(result_of(held, Property::kS5).notes == 1);
  CHECK(result_of(held, Property::kS5).note.find("fencing held") != std::string::npos);

  History accepted(2);
  accepted.win(seconds(1), 0, 1).stop(seconds(7), 0, 1).win(seconds(20), 1, 2);
  accepted.fenced(seconds(22), 0, 1, true, 0, false);  // a resource without fencing
  const Verdict broken = check_only(Property::kS5, accepted);
  CHECK_FALSE(broken.passed);
  REQUIRE(broken.violations.size() == 1);
  CHECK(broken.violations[0].first_ns == seconds(22));
  CHECK(broken.violations[0].nodes == std::vector<NodeIndex>{0, 1});
  CHECK(broken.violations[0].epochs == std::vector<Epoch>{1, 2});
}

TEST_CASE("S6 fires when someone other than the owner changes a lock object") {
  History history(2);
  history.win(seconds(1), 0, 1);
  history.renew(seconds(3), 1, 1);        // n1 renews n0's lock
  history.renew(seconds(5), 0, 1, "n1");  // n0 hands its lock to n1
  const Verdict verdict = check_only(Property::kS6, history);
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 2);
  CHECK(verdict.violations[0].first_ns == seconds(3));
  CHECK(verdict.violations[0].nodes == std::vector<NodeIndex>{1, 0});
  CHECK(verdict.violations[0].epochs == std::vector<Epoch>{1});
  CHECK(verdict.violations[1].first_ns == seconds(5));
}

TEST_CASE("S6 does not fire for the owner's renewals and resignation") {
  History history(2);
  history.win(seconds(1), 0, 1);
  history.renew(seconds(3), 0, 1).renew(seconds(5), 0, 1).renew(seconds(7), 0, 1);
  history.store(seconds(8), 1, OpKind::kPut, Condition::kIfMatch, 1, Status::kPreconditionFailed,
                false);  // a rejected write by someone else changes nothing
  CHECK(check_only(Property::kS6, history).passed);
}

TEST_CASE("S7 fires when the newest epoch is deleted or a recreated key acts") {
  History history(2);
  history.create(seconds(1), 0, 1).create(seconds(2), 0, 2);
  history.remove(seconds(3), 1, 2);  // the newest
  history.create(seconds(4), 0, 3);
  history.remove(seconds(4), 1, 1);  // no longer the newest: fine
  history.create(seconds(5), 1, 1);  // recreated by a stalled node
  history.act(seconds(6), 1, 1);
  const Verdict verdict = check_only(Property::kS7, history);
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 2);
  CHECK(verdict.violations[0].first_ns == seconds(3));
  CHECK(verdict.violations[0].epochs == std::vector<Epoch>{2});
  CHECK(verdict.violations[1].first_ns == seconds(6));
  CHECK(verdict.violations[1].nodes == std::vector<NodeIndex>{1});
  CHECK(verdict.violations[1].message.find("recreated") != std::string::npos);
}

TEST_CASE("S7 does not fire for garbage collection of old epochs") {
  History history(2);
  for (Epoch epoch = 1; epoch <= 5; ++epoch) history.win(seconds(epoch), 0, epoch);
  history.remove(seconds(6), 0, 1).remove(seconds(6), 0, 2);
  history.create(seconds(7), 1, 1);  // recreated, but nobody acts on it
  CHECK(check_only(Property::kS7, history).passed);
}

TEST_CASE("L1 fires when no leader appears within the bound after the last heal") {
  History history(2);
  history.win(seconds(1), 0, 1);
  history.fault(seconds(2), 0, "partition", "begin", seconds(10));
  history.stop(seconds(8), 0, 1, "renew_deadline");
  const Verdict verdict = check_only(Property::kL1, history);  // bound 15 s, end 60 s
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].first_ns == seconds(25));
  CHECK(verdict.violations[0].message.find("the end of the run") != std::string::npos);
}

TEST_CASE("L1 does not fire when a leader appears in time, and notes inconclusive runs") {
  History in_time(2);
  in_time.win(seconds(1), 0, 1);
  in_time.fault(seconds(2), 0, "crash", "crash");
  in_time.stop(seconds(2), 0, 1, "crash");
  in_time.end.last_fault_heal_ns = seconds(20);
  in_time.win(seconds(30), 1, 2);
  CHECK(check_only(Property::kL1, in_time).passed);

  History late(2);
  late.win(seconds(1), 0, 1);
  late.fault(seconds(2), 0, "partition", "begin", seconds(50));
  late.stop(seconds(8), 0, 1);
  const Verdict verdict = check_only(Property::kL1, late);
  CHECK(verdict.passed);
  CHECK(result_of(verdict, Property::kL1).notes == 1);
  CHECK(result_of(verdict, Property::kL1).note.find("inconclusive") != std::string::npos);
  CHECK(inconclusive(result_of(verdict, Property::kL1)));
  CHECK_FALSE(inconclusive(result_of(check_only(Property::kL1, in_time), Property::kL1)));
}

TEST_CASE("L1 judges every leaderless stretch after the heal, not only the one the heal falls in") {
  // A leader in time after the heal, then lost for good at 30 s with no
  // fault to explain it: bound 15 s, end 60 s.
  History lost(2);
  lost.win(seconds(1), 0, 1);
  lost.fault(seconds(2), 0, "partition", "begin", seconds(10));
  lost.stop(seconds(8), 0, 1, "renew_deadline");
  lost.win(seconds(12), 1, 2);
  lost.stop(seconds(30), 1, 2, "resigned");
  const Verdict verdict = check_only(Property::kL1, lost);
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 1);
  CHECK(verdict.violations[0].first_ns == seconds(45));
  CHECK(verdict.violations[0].message.find("from 30s") != std::string::npos);
  CHECK(verdict.violations[0].message.find("no fault left to heal since 10s") != std::string::npos);

  // Two long stretches are two violations; a short one between is none.
  History twice(2);
  twice.win(seconds(1), 0, 1).stop(seconds(2), 0, 1);
  twice.win(seconds(20), 1, 2).stop(seconds(21), 1, 2);
  twice.win(seconds(22), 0, 3).stop(seconds(23), 0, 3);
  twice.win(seconds(40), 1, 4);
  CHECK(result_of(check_only(Property::kL1, twice), Property::kL1).violations == 2);

  // With faults at a steady rate all run, a later stretch is not judged: a
  // lost renewal may cost a failover longer than the bound.
  History steady = lost;
  steady.end.steady_faults = true;
  CHECK(check_only(Property::kL1, steady).passed);
}

History flapping_stable_run() {
  History history(3);
  // Leadership moves n0 -> n1 -> n2 -> n0 in a one-minute run with no faults.
  history.win(seconds(1), 0, 1).stop(seconds(10), 0, 1);
  history.win(seconds(12), 1, 2).stop(seconds(20), 1, 2);
  history.win(seconds(22), 2, 3).stop(seconds(30), 2, 3);
  history.win(seconds(32), 0, 4);
  return history;
}

TEST_CASE("L2 fires when stable keeps changing leader without faults") {
  const Verdict verdict = check_only(Property::kL2, flapping_stable_run());
  CHECK_FALSE(verdict.passed);
  REQUIRE(verdict.violations.size() == 1);
  // One change is allowed in a run shorter than an hour: the second is the violation.
  CHECK(verdict.violations[0].first_ns == seconds(22) + milliseconds(20));
  CHECK(verdict.violations[0].nodes == std::vector<NodeIndex>{1, 2});
  CHECK(verdict.violations[0].message.find("3 times") != std::string::npos);
}

TEST_CASE("L2 does not fire with faults, for other algorithms, or for a steady leader") {
  History with_fault = flapping_stable_run();
  with_fault.fault(seconds(40), 1, "latency", "spike");
  CHECK(check_only(Property::kL2, with_fault).passed);

  History naive = flapping_stable_run();
  naive.header.algorithm = Algorithm::kNaive;
  CHECK(check_only(Property::kL2, naive).passed);

  CHECK(check_only(Property::kL2, healthy_run()).passed);
}

TEST_CASE("L2: injected store errors and lost responses are faults; 409s and timeouts are not") {
  // Store errors and lost responses reach the checkers per request, not as
  // FaultFacts; before this, L2 called a brownout run "a run with no faults".
  History brownout = flapping_stable_run();
  brownout.store(seconds(5), 1, OpKind::kGet, Condition::kNone, 1, Status::kSlowDown, false, {},
                 "store_errors.brownout");
  CHECK(check_only(Property::kL2, brownout).passed);
  CHECK(result_of(check_only(Property::kL2, brownout), Property::kL2).note.find("not judged") !=
        std::string::npos);

  History lost = flapping_stable_run();
  lost.lost(seconds(5), 1, OpKind::kPut, "lost_response");
  CHECK(check_only(Property::kL2, lost).passed);

  // A 409 answers racing conditional writes, as S3 does without any fault,
  // and a timeout alone is a slow store: L2 still judges these runs.
  History conflict = flapping_stable_run();
  conflict.store(seconds(5), 1, OpKind::kPut, Condition::kIfNoneMatch, 2, Status::kConflict, false,
                 {}, "store_errors.conflict");
  CHECK_FALSE(check_only(Property::kL2, conflict).passed);
  History timeout = flapping_stable_run();
  timeout.lost(seconds(5), 1, OpKind::kGet, "timeout");
  CHECK_FALSE(check_only(Property::kL2, timeout).passed);
}

TEST_CASE("violations beyond the stored limit are counted, not stored") {
  CheckerOptions options;
  options.violations_stored_max = 2;
  History history(2, Algorithm::kNaive);
  for (Epoch epoch = 1; epoch <= 5; ++epoch) {
    history.win(seconds(2 * epoch), 0, epoch);
    history.act(seconds(2 * epoch) + milliseconds(500), 1, epoch);
  }
  CheckerSet checkers(options);
  history.replay(checkers);
  const Verdict verdict = checkers.verdict();
  CHECK(verdict.properties[property_index(Property::kS2)].violations == 5);
  std::size_t stored_s2 = 0;
  for (const Violation& violation : verdict.violations)
    stored_s2 += violation.property == Property::kS2;
  CHECK(stored_s2 == 2);
  CHECK(verdict.violations_not_stored >= 3);
  CHECK(std::is_sorted(
      verdict.violations.begin(), verdict.violations.end(),
      [](const Violation& a, const Violation& b) { return a.first_ns < b.first_ns; }));
}

TEST_CASE("disabled checkers report nothing") {
  CheckerOptions options;
  options.enabled[property_index(Property::kS1)] = false;
  History history(2);
  history.win(seconds(1), 0, 1).create(seconds(2), 1, 1);
  CheckerSet checkers(options);
  history.replay(checkers);
  const Verdict verdict = checkers.verdict();
  CHECK(verdict.passed);
  CHECK_FALSE(verdict.properties[property_index(Property::kS1)].enabled);
}

}  // namespace
}  // namespace holocron::reports

namespace holocron::reports {
namespace {

TEST_CASE("checkers also work standalone, each with its own ledger") {
  testing::History history(2);
  history.create(seconds(1), 0, 1).create(seconds(2), 1, 1);  // S1
  history.act(seconds(3), 1, 1);                              // S2
  SingleWinnerChecker s1;
  GrantedEpochChecker s2;
  history.replay_all({&s1, &s2});
  CHECK(s1.violation_count() == 1);
  CHECK(s2.violation_count() == 0);  // the second create made n1 an owner too
  REQUIRE(s1.violations().size() == 1);
  CHECK(s1.violations()[0].first_ns == seconds(2));
}

}  // namespace
}  // namespace holocron::reports
