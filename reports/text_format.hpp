// Number and text formatting shared by the Markdown and HTML renderers. Every
// derived number (shares, rates, money) is computed in integers and printed
// with a fixed number of decimals, so a report is byte-identical across
// compilers, optimisation levels and machines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace holocron::reports {

// How a number reads: a count, a span of nanoseconds, thousandths, or
// micro-dollars.
enum class ValueUnit : std::uint8_t { kCount, kNanos, kMilli, kMicroUsd };
// The number for people in its unit: "1,234", "1.5s", "12.345", "$0.18".
[[nodiscard]] std::string value_text(std::int64_t value, ValueUnit unit);

// part / whole in millionths (ppm), rounded down; 0 when whole <= 0.
[[nodiscard]] std::int64_t ratio_ppm(std::int64_t part, std::int64_t whole);
// A ppm value as a percentage with `decimals` (0..4) decimals: "12.34%".
[[nodiscard]] std::string percent_text(std::int64_t ppm, int decimals = 2);
// A value in thousandths as a decimal with three decimals: 12345 -> "12.345".
[[nodiscard]] std::string milli_text(std::int64_t milli);
// Micro-dollars as dollars with `decimals` (0..6) decimals, rounded half up:
// (181440, 2) -> "$0.18".
[[nodiscard]] std::string usd_text(std::int64_t micro_usd, int decimals = 2);
// A duration for people: "0s", "250ms", "11.04s", "1h30m" (at most 3
// significant decimals below a second), "-" for a negative placeholder.
[[nodiscard]] std::string duration_text(Nanos span_ns);
// An instant since the run started, like duration_text.
[[nodiscard]] std::string instant_text(Nanos at_ns);
// 1234567 -> "1,234,567".
[[nodiscard]] std::string count_text(std::uint64_t count);

// Elections per hour in thousandths (integer arithmetic).
[[nodiscard]] std::int64_t per_hour_milli(std::uint64_t count, Nanos duration_ns);
// A count over `duration_ns` scaled to 30 days.
[[nodiscard]] std::uint64_t per_month(std::uint64_t count, Nanos duration_ns);

// Escaping for the two output languages.
[[nodiscard]] std::string html_escape(std::string_view text);
// Escapes Markdown table metacharacters (| and newlines) and backticks.
[[nodiscard]] std::string markdown_cell(std::string_view text);

}  // namespace holocron::reports
