// Reading an enumeration from a scenario file by the names that the owning
// module's to_string gives, so that the file format and the traces always
// spell a value the same way. Internal to the scenario parser.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cli/field_reader.hpp"

namespace holocron::cli {

template <typename Enum, std::size_t N>
[[nodiscard]] Enum enum_field(FieldReader& reader, std::string_view key,
                              std::optional<Enum> fallback, const std::array<Enum, N>& values) {
  std::vector<std::string> names;
  names.reserve(N);
  for (const Enum value : values) names.emplace_back(to_string(value));
  const auto index = reader.choice_of(key, fallback.has_value(), names);
  if (!index) return *fallback;
  return values[*index];
}

}  // namespace holocron::cli
