#include "core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace holocron::detail {

// Writing to stderr here is the one exception to core's no-IO rule: an
// assertion failure ends the process, and the message is all that is left.
void assertion_failed(const char* expression, const char* file, int line) noexcept {
  std::fprintf(stderr, "holocron: assertion failed: %s\n  at %s:%d\n", expression, file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace holocron::detail
