// Lost responses and partitions: they fire as configured, only for their
// targets and only inside their windows, and repeat for a seed.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "faultmodels/lost_responses.hpp"
#include "faultmodels/partitions.hpp"
#include "faultmodels/targets.hpp"

namespace holocron::faultmodels {
namespace {

TEST_CASE("lost responses: the steady rate applies to every node and repeats for a seed") {
  LostResponsesConfig config;
  config.rate = Ratio{1, 4};
  LostResponseDecider a(config, 5, 3);
  LostResponseDecider b(config, 5, 3);
  int lost = 0;
  for (int i = 0; i < 3000; ++i) {
    const auto node = static_cast<NodeIndex>(i % 3);
    const bool decision = a.lose(node, i);
    REQUIRE(decision == b.lose(node, i));
    lost += decision ? 1 : 0;
  }
  CHECK(lost > 650);
  CHECK(lost < 850);
}

TEST_CASE("lost responses: a window loses everything for its nodes, only inside it") {
  LostResponsesConfig config;
  LostResponseWindow window;
  window.at_ns = seconds(10);
  window.for_ns = seconds(5);
  window.target = NodeTarget{TargetKind::kNodes, {1}};
  config.windows.push_back(window);
  LostResponseDecider decider(config, 5, 3);
  CHECK_FALSE(decider.lose(1, seconds(10) - 1));
  CHECK(decider.lose(1, seconds(10)));
  CHECK(decider.lose(1, seconds(15) - 1));
  CHECK_FALSE(decider.lose(1, seconds(15)));
  CHECK_FALSE(decider.lose(0, seconds(12)));
  CHECK(decider.window_nodes(0) == std::vector<NodeIndex>{1});
}

TEST_CASE("lost responses: a random window target is drawn from the seed") {
  LostResponsesConfig config;
  LostResponseWindow window;
  window.target = NodeTarget{TargetKind::kRandom, {}};
  config.windows.push_back(window);
  std::vector<NodeIndex> picks;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    LostResponseDecider decider(config, seed, 4);
    REQUIRE(decider.window_nodes(0).size() == 1);
    CHECK(decider.window_nodes(0) == LostResponseDecider(config, seed, 4).window_nodes(0));
    picks.push_back(decider.window_nodes(0)[0]);
  }
  // Over 40 seeds, all four nodes get picked.
  for (NodeIndex node = 0; node < 4; ++node) {
    CHECK(std::find(picks.begin(), picks.end(), node) != picks.end());
  }
}

TEST_CASE("resolve_target: leader, random follower, nodes, all") {
  const std::vector<NodeIndex> candidates = {0, 1, 2, 3};
  CHECK(resolve_target({TargetKind::kLeader, {}}, 9, 2, candidates) == std::vector<NodeIndex>{2});
  CHECK(resolve_target({TargetKind::kLeader, {}}, 9, std::nullopt, candidates).empty());
  for (std::uint64_t pick = 0; pick < 20; ++pick) {
    const auto follower = resolve_target({TargetKind::kRandomFollower, {}}, pick, 2, candidates);
    REQUIRE(follower.size() == 1);
    CHECK(follower[0] != 2);
  }
  CHECK(resolve_target({TargetKind::kNodes, {3, 1, 3}}, 0, 0, candidates) ==
        std::vector<NodeIndex>{1, 3});
  CHECK(resolve_target({TargetKind::kAll, {}}, 0, 0, candidates) == candidates);
  CHECK(resolve_target({TargetKind::kRandom, {}}, 6, 0, candidates) == std::vector<NodeIndex>{2});
  CHECK(resolve_target({TargetKind::kRandom, {}}, 6, 0, {}).empty());
}

TEST_CASE("partitions: a scheduled leader partition cuts the leader, in its direction only") {
  PartitionsConfig config;
  config.scheduled.push_back(ScheduledPartition{
      seconds(10), seconds(20), {TargetKind::kLeader, {}}, PartitionDirection::kResponses});
  PartitionSchedule schedule(config, 1, minutes(10));
  REQUIRE(schedule.windows().size() == 1);
  CHECK(schedule.windows()[0].begin_ns == seconds(10));
  CHECK(schedule.windows()[0].end_ns == seconds(30));
  CHECK_FALSE(schedule.responses_blocked(3, seconds(5)));
  CHECK(schedule.begin(0, 3, all_nodes(5)) == std::vector<NodeIndex>{3});
  CHECK(schedule.responses_blocked(3, seconds(10)));
  CHECK_FALSE(schedule.requests_blocked(3, seconds(10)));
  CHECK_FALSE(schedule.responses_blocked(2, seconds(11)));
  CHECK(schedule.responses_blocked(3, seconds(30) - 1));
  CHECK_FALSE(schedule.responses_blocked(3, seconds(30)));
}

TEST_CASE("partitions: random windows arrive at their rate within the run, repeatably") {
  PartitionsConfig config;
  config.random.rate_per_hour = 30;
  config.random.duration = DurationDistribution::uniform(seconds(5), seconds(10));
  PartitionSchedule a(config, 77, hours(10));
  PartitionSchedule b(config, 77, hours(10));
  REQUIRE(a.windows().size() == b.windows().size());
  CHECK(a.windows().size() > 240);
  CHECK(a.windows().size() < 360);
  for (std::size_t i = 0; i < a.windows().size(); ++i) {
    const PartitionWindow& window = a.windows()[i];
    CHECK(window.begin_ns == b.windows()[i].begin_ns);
    CHECK(window.pick == b.windows()[i].pick);
    CHECK(window.begin_ns < hours(10));
    CHECK(window.end_ns - window.begin_ns >= seconds(5));
    CHECK(window.end_ns - window.begin_ns <= seconds(10));
    CHECK(window.random);
    if (i > 0) CHECK(window.begin_ns >= a.windows()[i - 1].begin_ns);
  }
  CHECK_FALSE(a.truncated());
}

TEST_CASE("partitions: a begun random window cuts exactly its drawn node, both ways") {
  PartitionsConfig config;
  config.random.rate_per_hour = 60;
  PartitionSchedule schedule(config, 3, hours(1));
  REQUIRE_FALSE(schedule.windows().empty());
  const PartitionWindow& first = schedule.windows()[0];
  const std::vector<NodeIndex> cut = schedule.begin(0, std::nullopt, all_nodes(5));
  REQUIRE(cut.size() == 1);
  CHECK(schedule.requests_blocked(cut[0], first.begin_ns));
  CHECK(schedule.responses_blocked(cut[0], first.begin_ns));
  CHECK_FALSE(schedule.requests_blocked((cut[0] + 1) % 5, first.begin_ns));
}

}  // namespace
}  // namespace holocron::faultmodels
