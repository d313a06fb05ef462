// The body of a node state object: what a node persists about itself so that a
// fresh process given the same identity can resume it (a "virtual node"), and
// whose changing ETag doubles as the node's heartbeat.
//
// Schema (version 1):
//   {"format": "holocron.node", "version": 1, "node": "node-3",
//    "role": "leader",             // or "follower"
//    "last_epoch_seen": 42,        // epochs seen never go backwards, also across restarts
//    "heartbeat_seq": 17,          // incremented by every write of this object
//    "lock_epoch": 42,             // leader only: the epoch it leads (0 otherwise)
//    "lock_etag": "\"e42-9\"",     // leader only: the ETag of its last confirmed lock write
//    "lock_body": "{...}"}         // leader only: that lock object's exact body, so a
//                                  // resumed leader can renew in one round trip
// Where the object lives depends on the layout; see core/keys.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/elector.hpp"

namespace holocron {

inline constexpr int kNodeStateSchemaVersion = 1;
// Larger bodies are rejected unparsed (a lock body plus a little).
inline constexpr std::size_t kNodeStateBodyBytesMax = (1 << 20) + 4096;

struct NodeState {
  std::string node_id;
  bool leader = false;
  Epoch last_epoch_seen = 0;
  std::uint64_t heartbeat_seq = 0;
  Epoch lock_epoch = 0;
  std::string lock_etag;
  std::string lock_body;

  bool operator==(const NodeState&) const = default;
};

struct NodeStateDecode {
  std::optional<NodeState> state;
  std::string error;
};

// Encodes a state as nlohmann/json's dump() of the schema's object would,
// byte for byte: by hand (encode_node_state_ascii) when every string is
// ASCII (lock bodies always are, and node ids and ETags are in every shipped
// scenario), and through nlohmann
// (encode_node_state_reference) otherwise, which handles UTF-8 and replaces
// invalid bytes. The heartbeat rewrites this object all the time, and the
// nlohmann tree and dump were a quarter of a simulated seed.
[[nodiscard]] std::string encode_node_state(const NodeState& state);
// The two paths on their own, for the differential tests: nullopt when a
// string holds a byte of 0x80 or above.
[[nodiscard]] std::optional<std::string> encode_node_state_ascii(const NodeState& state);
[[nodiscard]] std::string encode_node_state_reference(const NodeState& state);
[[nodiscard]] NodeStateDecode decode_node_state(std::string_view body);

// encode_node_state for the successive states of one node, byte for byte,
// reusing the escaped lock body of the previous state: as it is while the
// body stays the same (a leader's heartbeats between two renewals), and
// around the part that changed otherwise (a renewal changes only the
// renewals count near the body's end). Escaping the whole body again (every
// quote of the lock JSON) was the largest single function of a swarm seed.
class NodeStateEncoder {
 public:
  [[nodiscard]] std::string encode(const NodeState& state);
  // encode(state) written into `out`, reusing its buffer: a heartbeat that
  // only counts up (the common case) allocates nothing.
  void encode_into(const NodeState& state, std::string& out);

 private:
  // Rewrites lock_body_json_ for `body` by escaping only what differs from
  // lock_body_ (escaping maps each byte on its own, so the escaped common
  // prefix and suffix stay). False, with nothing changed, when a byte >= 0x80
  // is involved.
  bool escape_changed_part(std::string_view body);
  // The last encoding with heartbeat_seq `seq`, written into `out`
  // (last_valid_ must hold).
  void write_with_seq(std::uint64_t seq, std::string& out) const;
  // Whether `state` equals last_state_ in every field but heartbeat_seq
  // (NodeState's defaulted ==, so a field added later is compared too).
  [[nodiscard]] bool same_but_heartbeat_seq(const NodeState& state);

  // The last state the ASCII path encoded, and its encoding: a state that
  // differs from it only in heartbeat_seq (every heartbeat between two
  // renewals) is that encoding with another number near its start, so only
  // the number is written (the whole encoding was 1,080 instructions a
  // heartbeat).
  NodeState last_state_;
  std::string last_json_;
  std::size_t last_seq_end_ = 0;  // the end of last_json_'s heartbeat_seq number
  bool last_valid_ = false;

  std::string lock_body_;                // the body escaped last
  std::string lock_body_json_ = "\"\"";  // its JSON string, quotes included
  bool lock_body_ascii_ = true;          // false: the body has a byte >= 0x80
  std::string scratch_;                  // escaped pieces
  // The escaped length of lock_body_'s first known_prefix_ bytes (the
  // common prefix of the last change), so that the next change counts only
  // the bytes between the two prefixes.
  std::size_t known_prefix_ = 0;
  std::size_t known_prefix_json_bytes_ = 0;
  bool known_prefix_valid_ = false;
};

}  // namespace holocron
