// Crash, pause and corrupt-object plans: sorted timed actions drawn from the
// seed, firing as configured; the worst-moment pause fires at most count_max
// times.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "faultmodels/corrupt_objects.hpp"
#include "faultmodels/crashes.hpp"
#include "faultmodels/pauses.hpp"

namespace holocron::faultmodels {
namespace {

TEST_CASE("crash plan: scheduled crashes as configured, random ones sorted in between") {
  CrashesConfig config;
  config.scheduled.push_back(
      ScheduledCrash{minutes(30), {TargetKind::kLeader, {}}, seconds(3), CrashMode::kResume});
  config.random.rate_per_hour = 12;
  config.random.restart_after = DurationDistribution::uniform(seconds(1), seconds(2));
  const CrashPlan plan(config, 5, hours(1));
  const CrashPlan again(config, 5, hours(1));
  REQUIRE(plan.actions().size() == again.actions().size());
  CHECK(plan.actions().size() > 3);
  bool found_scheduled = false;
  for (std::size_t i = 0; i < plan.actions().size(); ++i) {
    const CrashAction& action = plan.actions()[i];
    CHECK(action.at_ns == again.actions()[i].at_ns);
    CHECK(action.pick == again.actions()[i].pick);
    if (i > 0) CHECK(action.at_ns >= plan.actions()[i - 1].at_ns);
    if (!action.random) {
      found_scheduled = true;
      CHECK(action.at_ns == minutes(30));
      CHECK(action.mode == CrashMode::kResume);
      CHECK(action.restart_after_ns == seconds(3));
      CHECK(action.target.kind == TargetKind::kLeader);
    } else {
      CHECK(action.restart_after_ns >= seconds(1));
      CHECK(action.restart_after_ns <= seconds(2));
      CHECK(action.at_ns < hours(1));
    }
  }
  CHECK(found_scheduled);
}

TEST_CASE("pause plan: scheduled and random pauses with their durations") {
  PausesConfig config;
  config.scheduled.push_back(ScheduledPause{seconds(5), seconds(15), {TargetKind::kNodes, {1}}});
  config.random.rate_per_hour = 60;
  config.random.duration = DurationDistribution::constant(milliseconds(300));
  const PausePlan plan(config, 8, hours(1));
  CHECK(plan.actions().size() > 40);
  CHECK(plan.actions().size() < 90);
  std::size_t scheduled = 0;
  for (const PauseAction& action : plan.actions()) {
    if (action.random) {
      CHECK(action.for_ns == milliseconds(300));
    } else {
      ++scheduled;
      CHECK(action.at_ns == seconds(5));
      CHECK(action.for_ns == seconds(15));
    }
  }
  CHECK(scheduled == 1);
}

TEST_CASE("worst-moment pauses fire on becoming leader, at most count_max times") {
  LeaderPauses config;
  config.probability = Ratio{1, 1};
  config.for_ns = seconds(12);
  config.count_max = 2;
  config.not_before_ns = seconds(10);
  LeaderPauseDecider decider(config, 1);
  CHECK_FALSE(decider.on_became_leader(0, seconds(5)).has_value());  // too early
  CHECK(decider.on_became_leader(0, seconds(10)) == seconds(12));
  CHECK(decider.on_became_leader(1, seconds(20)) == seconds(12));
  CHECK_FALSE(decider.on_became_leader(2, seconds(30)).has_value());  // used up
  CHECK(decider.fired() == 2);

  config.probability = Ratio{1, 2};
  config.count_max = 1'000;
  config.not_before_ns = 0;
  LeaderPauseDecider a(config, 3);
  LeaderPauseDecider b(config, 3);
  for (int i = 0; i < 200; ++i) REQUIRE(a.on_became_leader(0, i) == b.on_became_leader(0, i));
  CHECK(a.fired() > 70);
  CHECK(a.fired() < 130);
}

TEST_CASE("corrupt-object plan: one action per configured object, bodies from the seed") {
  CorruptObjectsConfig config;
  config.scheduled.push_back(CorruptObject{seconds(30), CorruptKind::kForeignKey, 1});
  config.scheduled.push_back(CorruptObject{seconds(10), CorruptKind::kBadJson, 1});
  config.scheduled.push_back(CorruptObject{seconds(20), CorruptKind::kFutureEpoch, 1000});
  config.scheduled.push_back(CorruptObject{seconds(40), CorruptKind::kEmptyBody, 1});
  config.scheduled.push_back(CorruptObject{seconds(50), CorruptKind::kWrongSchema, 2});
  const CorruptObjectPlan plan(config, 6);
  REQUIRE(plan.actions().size() == 5);
  CHECK(plan.actions()[0].kind == CorruptKind::kBadJson);
  CHECK_FALSE(plan.actions()[0].body.empty());
  CHECK(plan.actions()[1].kind == CorruptKind::kFutureEpoch);
  CHECK(plan.actions()[1].epochs_ahead == 1000);
  CHECK(plan.actions()[1].owner == "intruder-2");
  CHECK(plan.actions()[2].kind == CorruptKind::kForeignKey);
  CHECK_FALSE(plan.actions()[2].foreign_key.empty());
  CHECK(plan.actions()[3].body.empty());
  CHECK(plan.actions()[4].epochs_ahead == 2);
  const CorruptObjectPlan again(config, 6);
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(plan.actions()[i].body == again.actions()[i].body);
    CHECK(plan.actions()[i].foreign_key == again.actions()[i].foreign_key);
  }
  // Different seeds choose different damage.
  std::set<std::string> bodies;
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    bodies.insert(CorruptObjectPlan(config, seed).actions()[0].body);
  }
  CHECK(bodies.size() > 2);
}

}  // namespace
}  // namespace holocron::faultmodels
