// The corrupt-object plan: objects under the election prefix that no correct
// node wrote. They stand for a hostile or careless neighbour: another tool
// writing into the prefix, a half-finished upload, an operator's hand-edited
// lock file, an older version of the software with a different record
// format, or a lock planted far in the future. A correct core must treat
// them as anomalies (report them, never crash, never elect on them).
//
//   bad_json      an epoch key whose body is not valid JSON
//   foreign_key   a key under the prefix that is not an epoch key
//   future_epoch  a well-formed lock far above the current epoch, owned by
//                 an identity that is no node ("intruder-<i>")
//   empty_body    an epoch key with an empty body
//   wrong_schema  an epoch key whose body is valid JSON but no lock record
//
// The plan gives the engine what to write and when; the engine builds epoch
// keys (and future_epoch's lock body) with the core's key and record codecs,
// at epoch = (highest epoch in the store then) + epochs_ahead. The bodies and
// foreign names are drawn from Prng::derive(seed, "corrupt_objects", i) for
// object i, so each object is independent of the others.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

struct CorruptObjectAction {
  Nanos at_ns = 0;
  CorruptKind kind = CorruptKind::kBadJson;
  std::uint64_t epochs_ahead = 1;  // every kind but foreign_key
  std::string foreign_key;         // foreign_key: the key relative to the election prefix
  std::string body;                // what to write (future_epoch: empty, use the codec)
  std::string owner;               // future_epoch: the owner to record
};

class CorruptObjectPlan {
 public:
  CorruptObjectPlan(const CorruptObjectsConfig& config, std::uint64_t seed);

  // Sorted by at_ns; ties keep configuration order.
  [[nodiscard]] const std::vector<CorruptObjectAction>& actions() const { return actions_; }

 private:
  std::vector<CorruptObjectAction> actions_;
};

}  // namespace holocron::faultmodels
