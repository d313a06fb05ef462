// Rule (foundation): time is integer nanoseconds; durations parse from and
// print to strings such that the two round-trip exactly.
#include <doctest/doctest.h>

#include "core/time.hpp"

using namespace holocron;

TEST_CASE("parse_duration accepts every unit and compound forms") {
  CHECK(parse_duration("250ms").value == milliseconds(250));
  CHECK(parse_duration("10s").value == seconds(10));
  CHECK(parse_duration("1h").value == hours(1));
  CHECK(parse_duration("1h30m").value == hours(1) + minutes(30));
  CHECK(parse_duration("1.5s").value == milliseconds(1500));
  CHECK(parse_duration("500us").value == microseconds(500));
  CHECK(parse_duration("100ns").value == 100);
  CHECK(parse_duration("2d").value == 2 * kNanosPerDay);
  CHECK(parse_duration("0").value == 0);
  CHECK(parse_duration("0s").value == 0);
  CHECK(parse_duration("1m30s").value == seconds(90));
  CHECK(parse_duration("1s500ms").value == milliseconds(1500));
}

TEST_CASE("parse_duration rejects malformed input with a message") {
  for (const char* bad : {"", "-1s", "10", "s", "1.s", "1x", "5min", "1s1h", "1s1s",
                          "1.0000000001s", "99999999999999999999s", "300y", "1h 30m"}) {
    CAPTURE(bad);
    const auto parsed = parse_duration(bad);
    CHECK_FALSE(parsed.value.has_value());
    CHECK_FALSE(parsed.error.empty());
  }
  CHECK(parse_duration("5min").error.find("unit") != std::string::npos);
  CHECK(parse_duration("-1s").error.find("negative") != std::string::npos);
}

TEST_CASE("format_duration prints the shortest exact form") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(milliseconds(250)) == "250ms");
  CHECK(format_duration(milliseconds(1500)) == "1.5s");
  CHECK(format_duration(hours(1) + minutes(30)) == "1h30m");
  CHECK(format_duration(microseconds(1500)) == "1.5ms");
  CHECK(format_duration(7) == "7ns");
  CHECK(format_duration(-seconds(10)) == "-10s");
  CHECK(format_duration(hours(1) + milliseconds(5)) == "1h0.005s");
}

TEST_CASE("format and parse round-trip across magnitudes") {
  for (Nanos value :
       {Nanos{1}, Nanos{999}, Nanos{1001}, milliseconds(1) + 1, seconds(59) + 7,
        hours(25) + minutes(1) + 3, kNanosPerDay * 365 * 200 + 123456789, kNanosMax}) {
    CAPTURE(value);
    const auto parsed = parse_duration(format_duration(value));
    REQUIRE(parsed.value.has_value());
    CHECK(*parsed.value == value);
  }
}

TEST_CASE("saturating_add clamps instead of wrapping") {
  CHECK(saturating_add(kNanosMax, 1) == kNanosMax);
  CHECK(saturating_add(INT64_MIN, -1) == INT64_MIN);
  CHECK(saturating_add(seconds(1), seconds(2)) == seconds(3));
}
