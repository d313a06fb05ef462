// Short, human renderings of durations, money and counts for the command
// line's summaries (stdout). Reports have their own formats; these only need
// to be readable and deterministic.
#pragma once

#include <cstdint>
#include <string>

#include "core/time.hpp"

namespace holocron::cli {

// A duration rounded for reading: "0s", "850us", "12ms", "1.234s", "2h5m".
[[nodiscard]] std::string display_duration(Nanos span_ns);
// Micro-dollars as dollars: "$0.0027", "$12.50".
[[nodiscard]] std::string display_usd(std::int64_t micro_usd);
// 1234567 -> "1,234,567".
[[nodiscard]] std::string display_count(std::uint64_t count);
// part / whole as a percentage with two decimals ("0.02%"); "0%" when whole is 0.
[[nodiscard]] std::string display_percent(Nanos part, Nanos whole);

}  // namespace holocron::cli
