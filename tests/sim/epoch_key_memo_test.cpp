// EpochKeyMemo (sim/epoch_key_memo.hpp) answers what parse_epoch_key answers,
// for repeated keys, changed keys, non-epoch keys and a changed prefix.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/keys.hpp"
#include "sim/epoch_key_memo.hpp"

namespace holocron::sim {
namespace {

TEST_CASE("epoch key memo: the same answers as parse_epoch_key") {
  const std::string prefix = "election/";
  std::vector<std::pair<std::string, std::string>> calls;
  for (const Epoch epoch : {Epoch{7}, Epoch{7}, Epoch{8}, Epoch{7}, Epoch{UINT64_MAX}}) {
    std::string key;
    write_epoch_key(prefix, epoch, key);
    calls.emplace_back(prefix, key);
  }
  std::string seven;
  write_epoch_key(prefix, 7, seven);
  calls.emplace_back(prefix, "election/nodes/node-1");
  calls.emplace_back(prefix, "election/nodes/node-1");
  calls.emplace_back(prefix, seven.substr(0, seven.size() - 1));
  calls.emplace_back("other/", seven);  // the same key under another prefix
  calls.emplace_back(prefix, seven);
  calls.emplace_back(prefix, "");
  EpochKeyMemo memo;
  int parsed = 0;
  for (const auto& [call_prefix, key] : calls) {
    INFO(call_prefix, " ", key);
    const std::optional<Epoch> expected = parse_epoch_key(call_prefix, key);
    CHECK(memo.parse(call_prefix, key) == expected);
    if (expected) ++parsed;
  }
  CHECK(parsed == 6);
}

TEST_CASE("epoch key memo: more interleaved keys than entries, and prefixes alternating") {
  EpochKeyMemo memo;
  for (int round = 0; round < 3; ++round) {
    for (const Epoch epoch : {Epoch{1}, Epoch{2}, Epoch{3}, Epoch{4}, Epoch{5}, Epoch{2}}) {
      for (const std::string prefix : {"a/", "b/"}) {
        std::string key;
        write_epoch_key("a/", epoch, key);
        INFO(prefix, " ", key);
        CHECK(memo.parse(prefix, key) == parse_epoch_key(prefix, key));
      }
    }
  }
}

}  // namespace
}  // namespace holocron::sim
