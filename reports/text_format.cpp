#include "reports/text_format.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "core/int128.hpp"

namespace holocron::reports {
namespace {

constexpr std::int64_t kPow10[] = {1, 10, 100, 1'000, 10'000, 100'000, 1'000'000};

}  // namespace

std::int64_t ratio_ppm(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return 0;
  return static_cast<std::int64_t>(static_cast<Int128>(part) * 1'000'000 / whole);
}

std::string percent_text(std::int64_t ppm, int decimals) {
  HOLO_ASSERT(decimals >= 0);
  HOLO_ASSERT(decimals <= 4);
  // ppm = percent * 10^4; keep `decimals` of those 4 decimals.
  const std::int64_t scale = kPow10[4 - decimals];
  const std::int64_t rounded = (ppm + scale / 2) / scale;
  if (decimals == 0) return fmt::format("{}%", rounded);
  return fmt::format("{}.{:0{}}%", rounded / kPow10[decimals], rounded % kPow10[decimals],
                     decimals);
}

std::string milli_text(std::int64_t milli) {
  const char* sign = milli < 0 ? "-" : "";
  const std::int64_t magnitude = milli < 0 ? -milli : milli;
  return fmt::format("{}{}.{:03}", sign, magnitude / 1000, magnitude % 1000);
}

std::string usd_text(std::int64_t micro_usd, int decimals) {
  HOLO_ASSERT(decimals >= 0);
  HOLO_ASSERT(decimals <= 6);
  const char* sign = micro_usd < 0 ? "-" : "";
  const std::int64_t magnitude = micro_usd < 0 ? -micro_usd : micro_usd;
  const std::int64_t scale = kPow10[6 - decimals];
  const std::int64_t rounded = (magnitude + scale / 2) / scale;
  if (decimals == 0) return fmt::format("{}${}", sign, rounded);
  return fmt::format("{}${}.{:0{}}", sign, rounded / kPow10[decimals], rounded % kPow10[decimals],
                     decimals);
}

std::string duration_text(Nanos span_ns) {
  if (span_ns < 0) return "-";
  if (span_ns < kNanosPerSecond || span_ns >= kNanosPerMinute) {
    // Below a second, round to microseconds; above a minute, to seconds: the
    // exact nanoseconds are in the JSON for anyone who needs them.
    const Nanos unit = span_ns < kNanosPerSecond ? kNanosPerMicrosecond : kNanosPerSecond;
    if (span_ns >= unit) span_ns = (span_ns + unit / 2) / unit * unit;
    return format_duration(span_ns);
  }
  // Between a second and a minute: seconds with up to 3 decimals.
  const Nanos millis = (span_ns + kNanosPerMillisecond / 2) / kNanosPerMillisecond;
  return format_duration(milliseconds(millis));
}

std::string instant_text(Nanos at_ns) {
  return at_ns < 0 ? "-" : duration_text(at_ns);
}

std::string count_text(std::uint64_t count) {
  std::string digits = std::to_string(count);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

std::int64_t per_hour_milli(std::uint64_t count, Nanos duration_ns) {
  if (duration_ns <= 0) return 0;
  return static_cast<std::int64_t>(static_cast<Int128>(count) * kNanosPerHour * 1000 / duration_ns);
}

std::uint64_t per_month(std::uint64_t count, Nanos duration_ns) {
  if (duration_ns <= 0) return 0;
  return static_cast<std::uint64_t>(static_cast<Int128>(count) * (30 * kNanosPerDay) / duration_ns);
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string markdown_cell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string value_text(std::int64_t value, ValueUnit unit) {
  switch (unit) {
    case ValueUnit::kCount:
      return count_text(static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0)));
    case ValueUnit::kNanos:
      return duration_text(value);
    case ValueUnit::kMilli:
      return milli_text(value);
    case ValueUnit::kMicroUsd:
      return usd_text(value, value < 10'000 ? 4 : 2);
  }
  HOLO_UNREACHABLE("unknown ValueUnit");
}

}  // namespace holocron::reports
