#include "sim/cli/display.hpp"

#include <fmt/format.h>

#include "core/int128.hpp"

namespace holocron::cli {

std::string display_duration(Nanos span_ns) {
  if (span_ns < 0) return "-" + display_duration(-span_ns);
  // Below a millisecond keep microseconds; below a minute keep
  // milliseconds; above that, whole seconds are precise enough to read.
  if (span_ns < kNanosPerMillisecond) {
    return format_duration(span_ns / kNanosPerMicrosecond * kNanosPerMicrosecond);
  }
  if (span_ns < kNanosPerMinute) {
    return format_duration(span_ns / kNanosPerMillisecond * kNanosPerMillisecond);
  }
  return format_duration(span_ns / kNanosPerSecond * kNanosPerSecond);
}

std::string display_usd(std::int64_t micro_usd) {
  const bool negative = micro_usd < 0;
  const std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-(micro_usd + 1)) + 1
                                           : static_cast<std::uint64_t>(micro_usd);
  const std::uint64_t dollars = magnitude / 1'000'000;
  const std::uint64_t micros = magnitude % 1'000'000;
  // Four decimals show a cent's hundredth, which is where request costs of
  // short runs live; larger amounts keep cents.
  std::string text = dollars >= 100 ? fmt::format("${}.{:02}", dollars, micros / 10'000)
                                    : fmt::format("${}.{:04}", dollars, micros / 100);
  return negative ? "-" + text : text;
}

std::string display_count(std::uint64_t count) {
  std::string digits = std::to_string(count);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string display_percent(Nanos part, Nanos whole) {
  if (whole <= 0) return "0%";
  // Integer arithmetic in hundredths of a percent, so the text never depends
  // on floating-point formatting.
  const auto basis_points =
      static_cast<std::int64_t>((static_cast<Int128>(part) * 10'000 + whole / 2) / whole);
  return fmt::format("{}.{:02}%", basis_points / 100, basis_points % 100);
}

}  // namespace holocron::cli
