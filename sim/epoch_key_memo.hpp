// The last two epoch keys the engine parsed for store-operation facts, and
// their epochs. Facts about one key come in runs (in a naive round every node
// tries to create the same next key), and comparing a key with a remembered
// one costs a fraction of parse_epoch_key's digit loop. The answer is always
// parse_epoch_key's: a memo hit needs the same prefix and the same key.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/keys.hpp"

namespace holocron::sim {

class EpochKeyMemo {
 public:
  [[nodiscard]] std::optional<Epoch> parse(std::string_view election_prefix, std::string_view key) {
    for (const Entry& entry : entries_) {
      if (entry.valid && key == entry.key && election_prefix == entry.prefix) return entry.epoch;
    }
    // Two entries, the older replaced: creates of the next key and garbage
    // collection's deletes of old keys interleave.
    Entry& entry = entries_[next_];
    next_ = 1 - next_;
    entry.epoch = parse_epoch_key(election_prefix, key);
    entry.prefix.assign(election_prefix);
    entry.key.assign(key);
    entry.valid = true;
    return entry.epoch;
  }

 private:
  struct Entry {
    std::string prefix;
    std::string key;
    std::optional<Epoch> epoch;
    bool valid = false;
  };
  std::array<Entry, 2> entries_;
  std::size_t next_ = 0;
};

}  // namespace holocron::sim
