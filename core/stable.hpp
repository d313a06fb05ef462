// `stable`: the algorithm we recommend. (Design and timing argument below; the
// implementation is in core/lock_elector.cpp, shared with `lease`.)
#pragma once

#include <memory>

#include "core/elector.hpp"

namespace holocron {

[[nodiscard]] std::unique_ptr<Elector> make_stable_elector(const ElectorOptions& options);

}  // namespace holocron
