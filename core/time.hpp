// Time in Holocron is an integer count of nanoseconds. No floating point ever
// decides the order of events, so a run is a pure function of its inputs.
//
// `Nanos` is used both for instants (a node's local time, the simulator's true
// time, counted from an arbitrary origin) and for spans; names carry the unit
// last (`lease_ns`, `now_ns`). Signed 64 bits cover +-292 years, so ordinary
// arithmetic cannot overflow in any configuration the options validation
// accepts; `saturating_add` exists for the few places that add untrusted spans.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace holocron {

using Nanos = std::int64_t;

inline constexpr Nanos kNanosPerMicrosecond = 1'000;
inline constexpr Nanos kNanosPerMillisecond = 1'000'000;
inline constexpr Nanos kNanosPerSecond = 1'000'000'000;
inline constexpr Nanos kNanosPerMinute = 60 * kNanosPerSecond;
inline constexpr Nanos kNanosPerHour = 60 * kNanosPerMinute;
inline constexpr Nanos kNanosPerDay = 24 * kNanosPerHour;
inline constexpr Nanos kNanosMax = INT64_MAX;

constexpr Nanos microseconds(std::int64_t count) { return count * kNanosPerMicrosecond; }
constexpr Nanos milliseconds(std::int64_t count) { return count * kNanosPerMillisecond; }
constexpr Nanos seconds(std::int64_t count) { return count * kNanosPerSecond; }
constexpr Nanos minutes(std::int64_t count) { return count * kNanosPerMinute; }
constexpr Nanos hours(std::int64_t count) { return count * kNanosPerHour; }

// a + b, clamped to the representable range instead of wrapping.
constexpr Nanos saturating_add(Nanos a, Nanos b) {
  if (b > 0 && a > kNanosMax - b) return kNanosMax;
  if (b < 0 && a < INT64_MIN - b) return INT64_MIN;
  return a + b;
}

// The outcome of parsing a duration: either a value or a message that says
// what was wrong, for the caller to wrap with the file and field it came from.
struct DurationParse {
  std::optional<Nanos> value;
  std::string error;
};

// Parses "250ms", "10s", "1h", "1h30m", "1.5s", "500us", "100ns", "2d", "0".
// Units: ns, us, ms, s, m, h, d. Components must appear from the largest unit
// to the smallest, each at most once. Negative durations and values past
// INT64_MAX nanoseconds are rejected (fractions below 1 ns are rejected too,
// so that parsing never silently rounds).
[[nodiscard]] DurationParse parse_duration(std::string_view text);

// Formats a duration so that parse_duration(format_duration(x)) == x:
// "0s", "250ms", "1.5s", "1h30m", "-10s".
[[nodiscard]] std::string format_duration(Nanos span_ns);

}  // namespace holocron
