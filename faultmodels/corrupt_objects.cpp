#include "faultmodels/corrupt_objects.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/assert.hpp"
#include "core/prng.hpp"

namespace holocron::faultmodels {
namespace {

// Each list holds the kinds of damage seen in practice, one picked per object.
constexpr std::array<std::string_view, 5> kBadJsonBodies{{
    R"({"epoch": 7, "owner": "node-1", "lease)",  // a truncated upload
    "not json at all", R"({"epoch": , "owner": })",
    "\xff\xfe garbage",                     // bytes that are not UTF-8
    R"({"epoch": 7, "owner": "node-1"}})",  // trailing junk
}};
constexpr std::array<std::string_view, 5> kForeignKeys{{
    "README.txt",
    "lock",
    "epoch-latest",
    "tmp/upload-0001",
    "00000000000000000042.bak",
}};
constexpr std::array<std::string_view, 4> kWrongSchemaBodies{{
    R"({"hello": "world"})",
    "[1, 2, 3]",
    R"({"epoch": "seven", "owner": 12})",
    "null",
}};

template <std::size_t N>
std::string pick_from(Prng& prng, const std::array<std::string_view, N>& choices) {
  return std::string(choices[prng.below(N)]);
}

}  // namespace

CorruptObjectPlan::CorruptObjectPlan(const CorruptObjectsConfig& config, std::uint64_t seed) {
  for (std::size_t i = 0; i < config.scheduled.size(); ++i) {
    const CorruptObject& object = config.scheduled[i];
    Prng prng = Prng::derive(seed, "corrupt_objects", i);
    CorruptObjectAction action;
    action.at_ns = object.at_ns;
    action.kind = object.kind;
    action.epochs_ahead = object.epochs_ahead;
    switch (object.kind) {
      case CorruptKind::kBadJson:
        action.body = pick_from(prng, kBadJsonBodies);
        break;
      case CorruptKind::kForeignKey:
        action.foreign_key = pick_from(prng, kForeignKeys);
        action.body = "not an epoch";
        break;
      case CorruptKind::kFutureEpoch:
        action.owner = "intruder-" + std::to_string(i);
        break;
      case CorruptKind::kEmptyBody:
        break;
      case CorruptKind::kWrongSchema:
        action.body = pick_from(prng, kWrongSchemaBodies);
        break;
    }
    actions_.push_back(std::move(action));
  }
  std::stable_sort(
      actions_.begin(), actions_.end(),
      [](const CorruptObjectAction& a, const CorruptObjectAction& b) { return a.at_ns < b.at_ns; });
  HOLO_ASSERT(actions_.size() == config.scheduled.size());
}

}  // namespace holocron::faultmodels
