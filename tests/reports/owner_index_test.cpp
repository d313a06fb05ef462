// OwnerIndex (reports/owner_index.hpp): the writer's-own-name shortcut gives
// what the map gives, including for duplicate names and unknown writers.
#include <doctest/doctest.h>

#include "reports/owner_index.hpp"

namespace holocron::reports {
namespace {

TEST_CASE("owner index: own name, another node's name, a stranger, no owner") {
  OwnerIndex owners;
  owners.set_node_names({"node-1", "node-2", "node-3"});
  CHECK(owners.owner_index("node-2", 1) == 1);
  CHECK(owners.owner_index("node-3", 1) == 2);
  CHECK(owners.owner_index("node-1", kNoNode) == 0);  // planted objects have no writer
  CHECK(owners.owner_index("intruder", 1) == kNoNode);
  CHECK(owners.owner_index("node-", 0) == kNoNode);
  CHECK(owners.owner_index("", 2) == 2);
  CHECK(owners.owner_index("", kNoNode) == kNoNode);
}

TEST_CASE("owner index: duplicate names resolve to the first, as the map does") {
  OwnerIndex owners;
  owners.set_node_names({"a", "b", "a"});
  CHECK(owners.owner_index("a", 2) == 0);
  CHECK(owners.owner_index("a", 0) == 0);
  CHECK(owners.owner_index("b", 2) == 1);
  // Names set again replace the old ones.
  owners.set_node_names({"x", "y"});
  CHECK(owners.owner_index("y", 1) == 1);
  CHECK(owners.owner_index("a", 0) == kNoNode);
}

}  // namespace
}  // namespace holocron::reports
