// The text the Markdown and HTML reports share (reports/render_text.hpp): the
// golden reports hold lists of one item only, so the separators are pinned
// here.
#include <doctest/doctest.h>

#include "reports/render_text.hpp"

namespace holocron::reports {
namespace {

TEST_CASE("render_text: node, epoch and name lists") {
  const std::vector<std::string> names = {"n0", "n1", "n2"};
  CHECK(node_list_text(names, {}).empty());
  CHECK(node_list_text(names, {2, kNoNode, 0}) == "n2, the store, n0");
  CHECK(epoch_list_text({7, 12}) == "7, 12");
  CHECK(name_list_text({"partition", "crash"}) == "partition, crash");
}

TEST_CASE("render_text: a seed's violation counts in property order") {
  std::array<std::uint64_t, kPropertyCount> violations{};
  CHECK(violation_counts_text(violations).empty());
  violations[property_index(Property::kS5)] = 7;
  violations[property_index(Property::kS1)] = 2;
  CHECK(violation_counts_text(violations) == "S1 x2, S5 x7");
}

}  // namespace
}  // namespace holocron::reports
