// Always-on assertions. They are never compiled out (not even with NDEBUG):
// a simulator that keeps running after an invariant broke produces traces that
// look valid and are not, which is worse than stopping. One condition per
// assertion, so the message names exactly what failed.
#pragma once

namespace holocron::detail {
[[noreturn]] void assertion_failed(const char* expression, const char* file, int line) noexcept;
}  // namespace holocron::detail

#define HOLO_ASSERT(condition)                                               \
  do {                                                                       \
    if (!(condition)) [[unlikely]] {                                         \
      ::holocron::detail::assertion_failed(#condition, __FILE__, __LINE__); \
    }                                                                        \
  } while (false)
