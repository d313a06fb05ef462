// The key layout of the election in the object store. Every key the core reads
// or writes is built here, so the layout is documented in exactly one place.
//
// Epoch lock objects (bucket: options.election_bucket):
//   <election_prefix>epoch-<epoch as 20 decimal digits, zero-padded>
//   e.g. "election/epoch-00000000000000000042"
// Twenty digits hold every uint64 value, so lexicographic LIST order (the only
// order S3 offers) is numeric order, and `LIST start-after=<key of n>` returns
// exactly the epochs above n. The original prototype wrote unpadded keys
// ("election/42"), where "10" sorts before "9"; ours are padded on purpose.
// Epoch 0 is never written: it means "no epoch" everywhere in the core.
//
// Node state objects (identity, role, last epoch seen, last lock ETag and a
// heartbeat counter, in one small JSON object, see core/node_state.hpp):
//   layout shared:   bucket options.election_bucket,
//                    key <election_prefix>nodes/<node_id>
//   layout per-node: bucket options.node_bucket (writable only by that node),
//                    key <election_prefix>nodes/<node_id>
// The node keys never start with "<election_prefix>epoch-", so listing the
// epoch prefix never returns them, in either layout.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/elector.hpp"

namespace holocron {

// Digits of a zero-padded epoch number: enough for UINT64_MAX.
inline constexpr std::size_t kEpochDigits = 20;

// "<prefix>epoch-": the LIST prefix under which all epoch objects live.
[[nodiscard]] std::string epoch_list_prefix(std::string_view election_prefix);

// "<prefix>epoch-<20 digits>". The epoch must not be 0.
[[nodiscard]] std::string epoch_key(std::string_view election_prefix, Epoch epoch);

// Writes epoch_key(election_prefix, epoch) into `out`, reusing its capacity
// (the naive hot path builds a key every round).
void write_epoch_key(std::string_view election_prefix, Epoch epoch, std::string& out);

// The epoch that `key` names, or nullopt when the key is not an epoch key of
// this prefix: another prefix, a missing or non-digit suffix, a suffix of the
// wrong length, a value above UINT64_MAX, or epoch 0.
[[nodiscard]] std::optional<Epoch> parse_epoch_key(std::string_view election_prefix,
                                                   std::string_view key);

// write_epoch_key and parse_epoch_key given the LIST prefix,
// epoch_list_prefix(election_prefix), instead of the election prefix: the
// same keys and the same answers. A core keeps that LIST prefix beside the
// fields every input reads, and a naive round that reads only it leaves the
// cache line of its options' election prefix alone (10,000 nodes: one line
// less per node per round; cachegrind with an 8 MB last-level cache).
void write_epoch_key_under(std::string_view list_prefix, Epoch epoch, std::string& out);
[[nodiscard]] std::optional<Epoch> parse_epoch_key_under(std::string_view list_prefix,
                                                         std::string_view key);

// "<prefix>nodes/": the LIST prefix of the node state objects (shared layout).
[[nodiscard]] std::string node_state_list_prefix(std::string_view election_prefix);

// "<prefix>nodes/<node_id>".
[[nodiscard]] std::string node_state_key(std::string_view election_prefix,
                                         std::string_view node_id);

// The node id that a node state key names, or nullopt.
[[nodiscard]] std::optional<std::string_view> parse_node_state_key(std::string_view election_prefix,
                                                                   std::string_view key);

// Where this node's state object lives for options.layout.
struct ObjectLocation {
  std::string bucket;
  std::string key;
};
[[nodiscard]] ObjectLocation node_state_location(const ElectorOptions& options);
// The same for a core with shared options (whose identity fields are ignored).
[[nodiscard]] ObjectLocation node_state_location(const ElectorOptions& shared,
                                                 const ElectorIdentity& identity);

}  // namespace holocron
