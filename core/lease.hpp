// `lease`: the published S3 lock-file scheme. (Design below; the
// implementation is in core/lock_elector.cpp, shared with `stable`.)
#pragma once

#include <memory>

#include "core/elector.hpp"

namespace holocron {

[[nodiscard]] std::unique_ptr<Elector> make_lease_elector(const ElectorOptions& options);

}  // namespace holocron
