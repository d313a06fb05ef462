// "Did you mean ...?" for misspelt keys and names: the nearest candidate by
// edit distance, when it is near enough to be a plausible typo.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace holocron::cli {

// Levenshtein distance (insertions, deletions, substitutions each cost 1).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `name`, if its distance is small enough to be a
// typo (at most 2, or a third of the name's length for long names). Ties go
// to the earlier candidate, so the answer does not depend on anything but
// the order the caller gives.
[[nodiscard]] std::optional<std::string> nearest_name(std::string_view name,
                                                      const std::vector<std::string>& candidates);

}  // namespace holocron::cli
