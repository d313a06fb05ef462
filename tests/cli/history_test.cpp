// holosim history: after a leader crash, the epoch lock objects left in the
// store chain to each other (each names the previous epoch), each has an
// owner that is one of the cluster's nodes, and the owner lists itself as
// leader in its view.
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "sim/cli/command_history.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/cli/scenario_parse.hpp"
#include "tests/cli/test_support.hpp"

namespace holocron::cli {
namespace {

TEST_CASE("history: the lock objects after a leader crash form a chain of leaders") {
  const sim::Scenario scenario =
      load_scenario(testing::scenario_path("leader-crash.json"), {"duration=4m"});
  const auto history = collect_history(scenario, 1);
  // The crash at 2m forces at least a second epoch.
  REQUIRE(history.size() >= 2);
  for (std::size_t index = 0; index < history.size(); ++index) {
    CAPTURE(history[index].key);
    REQUIRE(history[index].record.has_value());
    const LockRecord& record = *history[index].record;
    CHECK(record.epoch == history[index].epoch);
    CHECK(record.owner.rfind("node-", 0) == 0);
    if (index > 0) CHECK(record.previous_epoch == history[index - 1].epoch);
    bool owner_is_leader = false;
    for (const auto& member : record.members) {
      if (member.node_id == record.owner && member.role == MemberRole::kLeader) {
        owner_is_leader = true;
      }
    }
    CHECK(owner_is_leader);
  }
}

TEST_CASE("history: the command prints each epoch with owner, previous epoch and members") {
  std::ostringstream out;
  std::ostringstream err;
  CommandContext context{out, err, Terminal{}, "holosim", true};
  HistoryOptions options;
  options.scenario_path = testing::scenario_path("leader-crash.json");
  options.overrides = {"duration=4m"};
  CHECK(command_history(context, options) == kExitPassed);
  const std::string text = out.str();
  CHECK(text.find("epoch 1  owner node-") != std::string::npos);
  CHECK(text.find("previous 1 (etag ") != std::string::npos);
  CHECK(text.find("heartbeat") != std::string::npos);
}

}  // namespace
}  // namespace holocron::cli
