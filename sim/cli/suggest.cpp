#include "sim/cli/suggest.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace holocron::cli {
namespace {

// Names longer than this are not typos of a key; comparing them would only
// cost time (the distance table is quadratic).
constexpr std::size_t kMaxComparedLength = 256;

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  HOLO_ASSERT(a.size() <= kMaxComparedLength);
  HOLO_ASSERT(b.size() <= kMaxComparedLength);
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> nearest_name(std::string_view name,
                                        const std::vector<std::string>& candidates) {
  if (name.empty() || name.size() > kMaxComparedLength) return std::nullopt;
  const std::size_t allowed = std::max<std::size_t>(2, name.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const auto& candidate : candidates) {
    if (candidate.size() > kMaxComparedLength) continue;
    const std::size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace holocron::cli
