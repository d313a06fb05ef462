// Fuzzer-chosen values that a hostile or corrupt store can hand to the
// election core: epoch numbers near the integer limits, keys that are not
// epochs (unpadded, too long, another prefix, arbitrary bytes), ETags that
// change without a write or are not valid UTF-8, and bodies that are corrupt
// lock records, foreign node states or plain garbage. The elector target uses
// them to perturb the model store's honest answers.
#pragma once

#include <string>
#include <string_view>

#include "core/elector.hpp"
#include "core/store.hpp"
#include "tests/fuzz/byte_reader.hpp"
#include "tests/fuzz/model_store.hpp"

namespace holocron::fuzz {

// What the hostile values are built around.
struct HostileContext {
  std::string node_id;          // the elector under test
  std::string election_prefix;  // its key layout
  Epoch around = 1;             // the epoch the current request is about (or the newest known)
  bool flip_truncated = true;   // whether perturb_list may lie about "truncated"
};

// The epoch key of `epoch` exactly as core/keys.hpp spells it, but total:
// epoch 0 gives the all-zero key (which the core must reject, not assert on).
[[nodiscard]] std::string raw_epoch_key(std::string_view prefix, Epoch epoch);

// An epoch near `around`, or at an integer limit, or arbitrary.
[[nodiscard]] Epoch hostile_epoch(ByteReader& in, Epoch around);

// A printable ASCII string (valid UTF-8) of at most max_bytes, for the
// fields of crafted JSON documents.
[[nodiscard]] std::string printable(ByteReader& in, std::size_t max_bytes);

// A key a LIST may return under the election prefix (or not quite).
[[nodiscard]] std::string hostile_key(ByteReader& in, const HostileContext& context);

// An ETag: an existing one, an empty one, a fresh one, or arbitrary bytes.
[[nodiscard]] std::string hostile_etag(ByteReader& in, const ModelStore& store);

// A lock-record body: well-formed with fuzzer-chosen fields, or subtly wrong.
[[nodiscard]] std::string crafted_lock_body(ByteReader& in, const HostileContext& context);

// A node-state body for context.node_id (or another node), possibly pointing
// at an object in `store` so that a resume has something coherent to renew.
[[nodiscard]] std::string crafted_node_state_body(ByteReader& in, const HostileContext& context,
                                                  const ModelStore& store,
                                                  const std::string& election_bucket);

// Any body: crafted lock, crafted node state, an existing object's body, or bytes.
[[nodiscard]] std::string hostile_body(ByteReader& in, const HostileContext& context,
                                       const ModelStore& store, const std::string& election_bucket);

// Perturbs an honest LIST page: extra hostile keys, shuffled order, a wrong
// truncated flag.
void perturb_list(ByteReader& in, const HostileContext& context, const ModelStore& store,
                  StoreResponse& response);

}  // namespace holocron::fuzz
