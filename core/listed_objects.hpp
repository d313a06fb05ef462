// The objects of one LIST page: an immutable, shareable sequence with
// copy-on-write mutation.
//
// Why shared: in a simulated cluster most LIST requests between two writes
// ask for the same page, and copying every listed key into every response was
// the largest cost of a thousand-node run. A store (or a driver's cache) can
// build a page once and hand the same page to every request that asks for it;
// copying a ListedObjects copies a pointer. Readers see a const sequence.
// Writers (tests, hostile-store fuzzing, a store building a page) call the
// mutating members, which first make this handle's page private when another
// handle shares it, so a change is never seen through another response.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/assert.hpp"

namespace holocron {

struct ListedObject {
  std::string key;
  std::string etag;
  friend bool operator==(const ListedObject&, const ListedObject&) = default;
};

class ListedObjects {
 public:
  using value_type = ListedObject;
  using const_iterator = const ListedObject*;
  using iterator = const_iterator;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  ListedObjects() = default;
  ListedObjects(std::initializer_list<ListedObject> values)
      : items_(std::make_shared<std::vector<ListedObject>>(values)) {}
  // Shares an already built page.
  explicit ListedObjects(std::shared_ptr<std::vector<ListedObject>> page)
      : items_(std::move(page)) {}

  [[nodiscard]] std::size_t size() const { return items_ ? items_->size() : 0; }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] const ListedObject* data() const { return items_ ? items_->data() : nullptr; }
  [[nodiscard]] const_iterator begin() const { return data(); }
  [[nodiscard]] const_iterator end() const { return data() + size(); }
  [[nodiscard]] const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
  [[nodiscard]] const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }
  const ListedObject& operator[](std::size_t index) const {
    HOLO_ASSERT(index < size());
    return (*items_)[index];
  }
  [[nodiscard]] const ListedObject& at(std::size_t index) const { return (*this)[index]; }
  [[nodiscard]] const ListedObject& front() const { return (*this)[0]; }
  [[nodiscard]] const ListedObject& back() const {
    HOLO_ASSERT(!empty());
    return (*items_)[size() - 1];
  }
  // True when another handle shares this page (tests of the sharing).
  [[nodiscard]] bool shared() const { return items_ && items_.use_count() > 1; }

  // The page as a vector this handle alone owns: copied first if shared.
  std::vector<ListedObject>& mutate() {
    if (!items_) {
      items_ = std::make_shared<std::vector<ListedObject>>();
    } else if (items_.use_count() > 1) {
      items_ = std::make_shared<std::vector<ListedObject>>(*items_);
    }
    HOLO_ASSERT(items_.use_count() == 1);
    return *items_;
  }
  void clear() {
    // A private page keeps its capacity; a shared one is let go.
    if (items_ && items_.use_count() == 1) {
      items_->clear();
    } else {
      items_.reset();
    }
  }
  void reserve(std::size_t count) { mutate().reserve(count); }
  void push_back(ListedObject value) { mutate().push_back(std::move(value)); }
  void pop_back() {
    HOLO_ASSERT(!empty());
    mutate().pop_back();
  }

  friend bool operator==(const ListedObjects& a, const ListedObjects& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::shared_ptr<std::vector<ListedObject>> items_;
};

}  // namespace holocron
