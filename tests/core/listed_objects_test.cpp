// Rule (store protocol containers): a LIST page (ListedObjects) is shared by
// copies and copied before any change, so no response ever sees another's
// change.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/listed_objects.hpp"

using namespace holocron;

TEST_CASE("ListedObjects: copies share a page; a change copies it first") {
  ListedObjects page{ListedObject{"a", "\"1\""}, ListedObject{"b", "\"2\""}};
  ListedObjects copy = page;
  CHECK(copy.shared());
  CHECK(copy.data() == page.data());
  copy.push_back(ListedObject{"c", "\"3\""});
  CHECK_FALSE(copy.shared());
  CHECK(copy.size() == 3);
  CHECK(page.size() == 2);
  CHECK(page.back().key == "b");
  std::vector<ListedObject>& items = copy.mutate();
  items.front() = ListedObject{std::string(1, 'z'), std::string()};
  CHECK(page[0].key == "a");
  ListedObjects other = page;
  other.clear();
  CHECK(other.empty());
  CHECK(page.size() == 2);
  CHECK(ListedObjects{} == ListedObjects{});
  CHECK(page == ListedObjects{ListedObject{"a", "\"1\""}, ListedObject{"b", "\"2\""}});
}
