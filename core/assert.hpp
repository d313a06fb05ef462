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

// Marks a point that control must never reach (the end of a switch over every
// enumerator, say). Unlike HOLO_ASSERT(false), the compiler sees the call is
// [[noreturn]] at every optimisation level, so -Wreturn-type stays quiet at -O0.
#define HOLO_UNREACHABLE(message) \
  ::holocron::detail::assertion_failed("unreachable: " message, __FILE__, __LINE__)
