// Which time windows cover an instant, answered cheaply for the queries a
// simulation makes: at non-decreasing true times. A run can carry hundreds of
// windows (a week of swarm-drawn brownouts), and a scan of all of them on
// every store request would dominate the run; the cursor keeps the windows
// already begun and not yet over, and advances over the rest once.
//
// Queries that go back in time are still answered correctly: the cursor then
// starts over from the first window (slower, never wrong).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/assert.hpp"
#include "core/time.hpp"

namespace holocron::faultmodels {

struct TimeWindow {
  Nanos begin_ns = 0;
  Nanos end_ns = 0;  // exclusive
};

class WindowCursor {
 public:
  WindowCursor() = default;
  explicit WindowCursor(std::vector<TimeWindow> windows) : windows_(std::move(windows)) {
    by_begin_.resize(windows_.size());
    for (std::size_t i = 0; i < windows_.size(); ++i) by_begin_[i] = i;
    std::stable_sort(by_begin_.begin(), by_begin_.end(), [&](std::size_t a, std::size_t b) {
      return windows_[a].begin_ns < windows_[b].begin_ns;
    });
    HOLO_ASSERT(by_begin_.size() == windows_.size());
  }

  // The indices (into the constructor's vector, ascending) of the windows
  // with begin_ns <= true_ns < end_ns.
  const std::vector<std::size_t>& covering(Nanos true_ns) {
    if (true_ns < last_ns_) {
      next_ = 0;
      open_.clear();
    }
    last_ns_ = true_ns;
    bool added = false;
    while (next_ < by_begin_.size() && windows_[by_begin_[next_]].begin_ns <= true_ns) {
      open_.push_back(by_begin_[next_++]);
      added = true;
    }
    std::erase_if(open_, [&](std::size_t index) { return windows_[index].end_ns <= true_ns; });
    if (added) std::sort(open_.begin(), open_.end());
    HOLO_ASSERT(next_ <= by_begin_.size());
    return open_;
  }

  [[nodiscard]] bool empty() const { return windows_.empty(); }

 private:
  std::vector<TimeWindow> windows_;
  std::vector<std::size_t> by_begin_;  // indices sorted by begin_ns
  std::size_t next_ = 0;               // by_begin_[next_..] have not begun yet
  std::vector<std::size_t> open_;      // begun, maybe not over (pruned per query)
  Nanos last_ns_ = INT64_MIN;
};

}  // namespace holocron::faultmodels
