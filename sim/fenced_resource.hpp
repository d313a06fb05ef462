// The fenced resource: a protected object (think: a database row, a file in a
// shared volume) that the leader writes with its epoch as the fencing token.
// It accepts a write whose token is at least the highest it has accepted and
// rejects lower ones. Counting both is how a run shows whether fencing saved
// it: a rejected write is a stale leader that believed it still led (a pause
// or a clock step outside the algorithm's assumptions) and was stopped here.
#pragma once

#include <cstdint>

#include "core/elector.hpp"

namespace holocron::sim {

struct FencedWriteResult {
  bool accepted = false;
  Epoch highest_accepted_before = 0;
};

class FencedResource {
 public:
  // Applies a write carrying `token` (an epoch, > 0).
  FencedWriteResult write(Epoch token);

  [[nodiscard]] Epoch highest_accepted() const { return highest_accepted_; }
  [[nodiscard]] std::uint64_t accepted() const { return accepted_; }
  [[nodiscard]] std::uint64_t rejected() const { return rejected_; }

 private:
  Epoch highest_accepted_ = 0;
  std::uint64_t accepted_ = 0;
  std::uint64_t rejected_ = 0;
};

}  // namespace holocron::sim
