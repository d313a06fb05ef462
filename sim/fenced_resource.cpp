#include "sim/fenced_resource.hpp"

#include "core/assert.hpp"

namespace holocron::sim {

FencedWriteResult FencedResource::write(Epoch token) {
  HOLO_ASSERT(token > 0);
  FencedWriteResult result;
  result.highest_accepted_before = highest_accepted_;
  if (token < highest_accepted_) {
    ++rejected_;
    return result;
  }
  result.accepted = true;
  highest_accepted_ = token;
  ++accepted_;
  HOLO_ASSERT(highest_accepted_ >= result.highest_accepted_before);
  return result;
}

}  // namespace holocron::sim
