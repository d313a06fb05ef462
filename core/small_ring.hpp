// A first-in first-out ring of values that holds its first few values inside
// the object and moves to the heap only when it outgrows them: the part of
// std::deque that GcAgeTracker uses (push at the back, pop at the front,
// index from the front), without deque's 80-byte header and separately
// allocated blocks. A naive core notes one sample a round and usually holds
// one or two, so with 10,000 cores every note touched two to three cold
// cache lines of a deque; here it touches the ring's one line, next to the
// core's other per-round fields.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/assert.hpp"

namespace holocron {

template <typename T, std::size_t kInline>
class SmallRing {
  static_assert(kInline >= 1);
  static_assert((kInline & (kInline - 1)) == 0, "the capacity doubles from a power of two");

 public:
  SmallRing() = default;
  // Not copied or moved: nothing needs it, and a copy of a large ring would
  // be a hidden cost.
  SmallRing(const SmallRing&) = delete;
  SmallRing& operator=(const SmallRing&) = delete;

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t capacity() const { return heap_ ? heap_capacity_ : kInline; }

  // The index-th value from the front (0: the oldest).
  [[nodiscard]] const T& operator[](std::size_t index) const {
    HOLO_ASSERT(index < size_);
    return data()[(head_ + index) & (capacity() - 1)];
  }
  [[nodiscard]] const T& front() const { return (*this)[0]; }
  [[nodiscard]] const T& back() const { return (*this)[size_ - 1]; }

  void push_back(const T& value) {
    if (size_ == capacity()) grow();
    HOLO_ASSERT(size_ < capacity());
    data()[(head_ + size_) & (capacity() - 1)] = value;
    ++size_;
  }

  void pop_front() {
    HOLO_ASSERT(size_ > 0);
    head_ = static_cast<std::uint32_t>((head_ + 1) & (capacity() - 1));
    --size_;
  }

  // Keeps the capacity, like std::deque keeps none but no caller cares.
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  [[nodiscard]] T* data() { return heap_ ? heap_.get() : inline_.data(); }
  [[nodiscard]] const T* data() const { return heap_ ? heap_.get() : inline_.data(); }

  // Twice the capacity, the values moved to its front in order.
  void grow() {
    const std::size_t old_capacity = capacity();
    const std::size_t new_capacity = old_capacity * 2;
    HOLO_ASSERT(new_capacity <= UINT32_MAX);
    auto grown = std::make_unique<T[]>(new_capacity);
    for (std::size_t i = 0; i < size_; ++i) grown[i] = (*this)[i];
    heap_ = std::move(grown);
    heap_capacity_ = static_cast<std::uint32_t>(new_capacity);
    head_ = 0;
  }

  std::uint32_t head_ = 0;  // the index of the front value in data()
  std::uint32_t size_ = 0;
  std::uint32_t heap_capacity_ = 0;  // a power of two, when heap_ is set
  std::unique_ptr<T[]> heap_;        // null while the values fit inline_
  std::array<T, kInline> inline_{};
};

}  // namespace holocron
