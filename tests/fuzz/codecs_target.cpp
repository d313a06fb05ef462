// Fuzz target 2: the decoders of store bodies that a hostile or corrupt bucket
// controls, the lock record (core/lock_record.hpp) and the node state
// (core/node_state.hpp). Every input is decoded as both.
//
// Properties: decoding never throws and never crashes (both promise to return
// an error value instead); a decoded value satisfies what the rest of the core
// assumes of it (a lock names a non-zero epoch and an owner; a view is
// bounded); and a decoded value re-encodes to a body that decodes to the same
// value again, so that what a node reads is what it would write. The
// hand-written fast paths (the canonical lock decoder, the ASCII node-state
// encoder) must agree exactly with their nlohmann references.
#include <string>
#include <string_view>

#include "core/lock_record.hpp"
#include "core/node_state.hpp"
#include "tests/fuzz/fuzz_targets.hpp"

namespace holocron::fuzz {
namespace {

void check_lock_record(std::string_view body) {
  LockDecode decoded;
  LockDecode reference;
  try {
    decoded = decode_lock_record(body);
    reference = decode_lock_record_reference(body);
  } catch (const std::exception& error) {
    throw InvariantViolation(std::string("decode_lock_record threw: ") + error.what());
  }
  require(decoded.record.has_value() != !decoded.error.empty(),
          "a lock decode must give either a record or an error message");
  // The hand-written fast path must decide exactly as the nlohmann reference.
  require(decoded.record.has_value() == reference.record.has_value(),
          "the fast lock decoder and the reference disagree on acceptance");
  require(decoded.error == reference.error,
          "the fast lock decoder and the reference give different errors");
  require(!decoded.record || *decoded.record == *reference.record,
          "the fast lock decoder and the reference decode different records");
  if (!decoded.record) return;
  const LockRecord& record = *decoded.record;
  require(record.epoch != 0, "a decoded lock names epoch 0");
  require(!record.owner.empty(), "a decoded lock has no owner");
  require(record.lease_ns >= 0, "a decoded lock has a negative lease");
  require(record.members.size() <= kViewMembersMax, "a decoded view exceeds kViewMembersMax");

  // F11: "previous": {"epoch": 0, "etag": "x"} decodes, and re-encodes as null.
  if (avoiding("F11") && record.previous_epoch == 0 && !record.previous_etag.empty()) return;

  std::string encoded;
  try {
    encoded = encode_lock_record(record);
  } catch (const std::exception& error) {
    throw InvariantViolation(std::string("encode_lock_record of a decoded record threw: ") +
                             error.what());
  }
  const LockDecode again = decode_lock_record(encoded);
  require(again.record.has_value(), "a re-encoded lock record does not decode: " + again.error);
  require(record == *again.record,
          "a lock record changes in a decode/encode/decode round trip: " + encoded);
}

void check_node_state(std::string_view body) {
  NodeStateDecode decoded;
  try {
    decoded = decode_node_state(body);
  } catch (const std::exception& error) {
    throw InvariantViolation(std::string("decode_node_state threw: ") + error.what());
  }
  require(decoded.state.has_value() != !decoded.error.empty(),
          "a node state decode must give either a state or an error message");
  if (!decoded.state) return;
  const NodeState& state = *decoded.state;
  // What encode_node_state asserts of its input: a decoded state that breaks
  // it would abort the process as soon as the core wrote it back.
  if (avoiding("F3") && (state.node_id.empty() || (!state.leader && state.lock_epoch != 0))) {
    return;
  }
  require(!state.node_id.empty(), "a decoded node state has an empty node id");
  require(state.leader || state.lock_epoch == 0,
          "a decoded follower node state names a lock epoch");

  std::string encoded;
  std::string reference;
  try {
    encoded = encode_node_state(state);
    reference = encode_node_state_reference(state);
  } catch (const std::exception& error) {
    throw InvariantViolation(std::string("encode_node_state of a decoded state threw: ") +
                             error.what());
  }
  require(encoded == reference,
          "the fast node state encoder and the reference write different bytes: " + encoded);
  const NodeStateDecode again = decode_node_state(encoded);
  require(again.state.has_value(), "a re-encoded node state does not decode: " + again.error);
  require(state == *again.state,
          "a node state changes in a decode/encode/decode round trip: " + encoded);
}

}  // namespace

void fuzz_codecs(std::span<const std::uint8_t> input) {
  const std::string_view body(reinterpret_cast<const char*>(input.data()), input.size());
  check_lock_record(body);
  check_node_state(body);
}

}  // namespace holocron::fuzz
