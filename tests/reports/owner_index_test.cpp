// OwnerIndex (reports/owner_index.hpp): the writer's-own-name shortcut gives
// what the map gives, including for duplicate names and unknown writers.
#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/prng.hpp"

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

// The index is a hash table probed linearly; a std::map built
// the same way (the first of equal names wins) is the reference. Names are
// drawn from a small alphabet so that duplicates, prefixes of other names
// and the empty name all occur.
TEST_CASE("owner index: agrees with a map for random names and lookups") {
  Prng prng(7);
  const auto random_name = [&prng] {
    std::string name;
    const std::size_t length = prng.next() % 4;
    for (std::size_t i = 0; i < length; ++i) name += static_cast<char>('a' + prng.next() % 3);
    return name;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> names(prng.next() % 40);
    for (std::string& name : names) name = random_name();
    std::map<std::string, NodeIndex> first_by_name;
    for (std::size_t i = 0; i < names.size(); ++i) {
      first_by_name.emplace(names[i], static_cast<NodeIndex>(i));
    }
    OwnerIndex owners;
    owners.set_node_names(names);
    for (int lookup = 0; lookup < 50; ++lookup) {
      const std::string owner = random_name();
      const auto writer = static_cast<NodeIndex>(prng.next() % (names.size() + 2));
      NodeIndex expected = writer;
      if (!owner.empty()) {
        const auto found = first_by_name.find(owner);
        expected = found == first_by_name.end() ? kNoNode : found->second;
      }
      REQUIRE(owners.owner_index(owner, writer) == expected);
    }
  }
}

}  // namespace
}  // namespace holocron::reports
