#include "core/time.hpp"

#include <array>

#include "core/assert.hpp"
#include "core/int128.hpp"

namespace holocron {
namespace {

struct Unit {
  std::string_view suffix;
  Nanos scale_ns;
};

// Ordered from the largest unit to the smallest; "ms" must be tried before
// "m" and "s", and "ns"/"us" before "s", which the matching below does by
// taking the longest suffix that matches.
constexpr std::array<Unit, 7> kUnits{{
    {"d", kNanosPerDay},
    {"h", kNanosPerHour},
    {"m", kNanosPerMinute},
    {"s", kNanosPerSecond},
    {"ms", kNanosPerMillisecond},
    {"us", kNanosPerMicrosecond},
    {"ns", 1},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Returns the index into kUnits of the unit at the start of `text`, or -1.
int match_unit(std::string_view text) {
  int best = -1;
  std::size_t best_length = 0;
  for (std::size_t i = 0; i < kUnits.size(); ++i) {
    const auto suffix = kUnits[i].suffix;
    if (text.substr(0, suffix.size()) != suffix) continue;
    // A unit must not run on into another letter ("5min" is not "5m" then "in").
    const bool followed_by_letter =
        text.size() > suffix.size() && text[suffix.size()] >= 'a' && text[suffix.size()] <= 'z';
    if (!followed_by_letter && suffix.size() > best_length) {
      best = static_cast<int>(i);
      best_length = suffix.size();
    }
  }
  return best;
}

DurationParse fail(std::string message) { return DurationParse{std::nullopt, std::move(message)}; }

}  // namespace

DurationParse parse_duration(std::string_view text) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  if (text.empty()) return fail("an empty string is not a duration; expected e.g. \"250ms\", \"10s\", \"1h\"");
  if (text[0] == '-') return fail(quoted + " is negative; expected a duration of zero or more");
  if (text == "0") return DurationParse{0, {}};
  Nanos total_ns = 0;
  int last_unit = -1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Integer part.
    std::size_t start = pos;
    Int128 whole = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      whole = whole * 10 + (text[pos] - '0');
      if (whole > static_cast<Int128>(kNanosMax)) return fail(quoted + " is too large");
      ++pos;
    }
    // Optional fraction.
    Int128 fraction_numerator = 0;
    Int128 fraction_denominator = 1;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      const std::size_t fraction_start = pos;
      while (pos < text.size() && is_digit(text[pos])) {
        if (fraction_denominator > static_cast<Int128>(kNanosPerDay)) {
          return fail(quoted + " has more fractional digits than nanoseconds can hold");
        }
        fraction_numerator = fraction_numerator * 10 + (text[pos] - '0');
        fraction_denominator *= 10;
        ++pos;
      }
      if (pos == fraction_start) return fail(quoted + " has a '.' with no digits after it");
    }
    if (pos == start) {
      return fail(quoted + " is not a duration; expected a number followed by a unit (ns, us, ms, s, m, h, d), e.g. \"250ms\"");
    }
    const int unit = match_unit(text.substr(pos));
    if (unit < 0) {
      return fail(quoted + " lacks a unit after the number; expected one of ns, us, ms, s, m, h, d (e.g. \"10s\")");
    }
    if (unit <= last_unit) {
      return fail(quoted + " lists its units out of order or twice; write the largest unit first, e.g. \"1h30m\"");
    }
    last_unit = unit;
    pos += kUnits[static_cast<std::size_t>(unit)].suffix.size();
    const Int128 scale = kUnits[static_cast<std::size_t>(unit)].scale_ns;
    const Int128 fraction_scaled = fraction_numerator * scale;
    if (fraction_scaled % fraction_denominator != 0) {
      return fail(quoted + " is not a whole number of nanoseconds");
    }
    const Int128 component = whole * scale + fraction_scaled / fraction_denominator;
    const Int128 sum = static_cast<Int128>(total_ns) + component;
    if (sum > static_cast<Int128>(kNanosMax)) return fail(quoted + " is too large (more than 292 years)");
    total_ns = static_cast<Nanos>(sum);
  }
  HOLO_ASSERT(total_ns >= 0);
  return DurationParse{total_ns, {}};
}

std::string format_duration(Nanos span_ns) {
  if (span_ns == 0) return "0s";
  if (span_ns < 0) {
    // INT64_MIN has no positive counterpart; it is not a duration any option accepts.
    if (span_ns == INT64_MIN) return "-" + format_duration(kNanosMax);
    return "-" + format_duration(-span_ns);
  }
  // Below a second, use the largest unit that keeps the value whole, with a
  // decimal fraction where needed ("1.5ms").
  auto with_fraction = [](Nanos value, Nanos scale, std::string_view suffix) {
    std::string out = std::to_string(value / scale);
    Nanos remainder = value % scale;
    if (remainder != 0) {
      std::string digits = std::to_string(remainder + scale).substr(1);  // zero-padded
      while (!digits.empty() && digits.back() == '0') digits.pop_back();
      out += "." + digits;
    }
    out += suffix;
    return out;
  };
  if (span_ns < kNanosPerMicrosecond) return std::to_string(span_ns) + "ns";
  if (span_ns < kNanosPerMillisecond) return with_fraction(span_ns, kNanosPerMicrosecond, "us");
  if (span_ns < kNanosPerSecond) return with_fraction(span_ns, kNanosPerMillisecond, "ms");
  std::string out;
  Nanos rest = span_ns;
  if (rest >= kNanosPerHour) {
    out += std::to_string(rest / kNanosPerHour) + "h";
    rest %= kNanosPerHour;
  }
  if (rest >= kNanosPerMinute) {
    out += std::to_string(rest / kNanosPerMinute) + "m";
    rest %= kNanosPerMinute;
  }
  if (rest > 0) out += with_fraction(rest, kNanosPerSecond, "s");
  HOLO_ASSERT(!out.empty());
  return out;
}

}  // namespace holocron
