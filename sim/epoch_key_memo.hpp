// The last epoch key the engine parsed for a store-operation fact, and its
// epoch. Facts about one key come in runs (in a naive round every node tries
// to create the same next key), and comparing a key with the last one costs
// a fraction of parse_epoch_key's digit loop. The answer is always
// parse_epoch_key's: a memo hit needs the same prefix and the same key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/keys.hpp"

namespace holocron::sim {

class EpochKeyMemo {
 public:
  [[nodiscard]] std::optional<Epoch> parse(std::string_view election_prefix, std::string_view key) {
    if (valid_ && key == key_ && election_prefix == prefix_) return epoch_;
    epoch_ = parse_epoch_key(election_prefix, key);
    prefix_.assign(election_prefix);
    key_.assign(key);
    valid_ = true;
    return epoch_;
  }

 private:
  std::string prefix_;
  std::string key_;
  std::optional<Epoch> epoch_;
  bool valid_ = false;
};

}  // namespace holocron::sim
