// EpochKeyMemo (sim/epoch_key_memo.hpp) answers what parse_epoch_key answers,
// for repeated keys, changed keys, non-epoch keys and a changed prefix.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/keys.hpp"
#include "core/prng.hpp"
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

// Keys that differ from a remembered one in a single byte at any position,
// long keys (a hundred more digits) and prefixes of every length.
TEST_CASE("epoch key memo: one-byte differences anywhere, and long keys") {
  Prng prng(11);
  EpochKeyMemo memo;
  for (int round = 0; round < 4000; ++round) {
    const std::size_t prefix_length = prng.next() % 12;
    std::string prefix(prefix_length, 'p');
    if (prefix_length > 0) prefix.back() = '/';
    std::string key;
    write_epoch_key(prefix, 1 + (prng.next() % 4 == 0 ? prng.next() / 2 : prng.next() % 50), key);
    if (prng.next() % 8 == 0) key += std::string(100, '0');
    std::string changed = key;
    if (!changed.empty()) {
      const std::size_t position = prng.next() % changed.size();
      changed[position] = static_cast<char>('0' + prng.next() % 10);
    }
    for (const std::string& probe : {key, changed, key}) {
      INFO(prefix, " ", probe);
      REQUIRE(memo.parse(prefix, probe) == parse_epoch_key(prefix, probe));
    }
  }
}

}  // namespace
}  // namespace holocron::sim
