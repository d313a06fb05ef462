#include "core/node_state.hpp"

#include <nlohmann/json.hpp>

#include "core/assert.hpp"
#include "core/json_text.hpp"

namespace holocron {

using namespace std::string_view_literals;

namespace {

using Json = nlohmann::json;

constexpr std::string_view kNodeFormat = "holocron.node";

NodeStateDecode failure(std::string message) {
  return NodeStateDecode{std::nullopt, std::move(message)};
}

const Json* find_typed(const Json& object, const char* field, Json::value_t type) {
  const auto found = object.find(field);
  if (found == object.end()) return nullptr;
  // Unsigned integers are also acceptable where an integer is expected.
  if (found->type() != type) return nullptr;
  return &*found;
}

NodeStateDecode decode_document(const Json& document) {
  if (!document.is_object()) return failure("expected a JSON object");
  const Json* format = find_typed(document, "format", Json::value_t::string);
  if (format == nullptr || format->get<std::string>() != kNodeFormat) {
    return failure("field 'format': expected \"holocron.node\"");
  }
  const Json* version = find_typed(document, "version", Json::value_t::number_unsigned);
  if (version == nullptr || version->get<std::uint64_t>() != kNodeStateSchemaVersion) {
    return failure("field 'version': expected 1");
  }
  NodeState state;
  const Json* node = find_typed(document, "node", Json::value_t::string);
  if (node == nullptr) return failure("field 'node': expected a string");
  // The encoder asserts a non-empty node id, so a decoded state must have one.
  if (node->get_ref<const std::string&>().empty()) {
    return failure("field 'node': expected a non-empty string");
  }
  state.node_id = node->get<std::string>();
  const Json* role = find_typed(document, "role", Json::value_t::string);
  if (role == nullptr) return failure("field 'role': expected \"leader\" or \"follower\"");
  const std::string role_name = role->get<std::string>();
  if (role_name != "leader" && role_name != "follower") {
    return failure("field 'role': expected \"leader\" or \"follower\"");
  }
  state.leader = role_name == "leader";
  const Json* seen = find_typed(document, "last_epoch_seen", Json::value_t::number_unsigned);
  const Json* seq = find_typed(document, "heartbeat_seq", Json::value_t::number_unsigned);
  const Json* lock_epoch = find_typed(document, "lock_epoch", Json::value_t::number_unsigned);
  const Json* lock_etag = find_typed(document, "lock_etag", Json::value_t::string);
  const Json* lock_body = find_typed(document, "lock_body", Json::value_t::string);
  if (seen == nullptr) return failure("field 'last_epoch_seen': expected an unsigned integer");
  if (seq == nullptr) return failure("field 'heartbeat_seq': expected an unsigned integer");
  if (lock_epoch == nullptr) return failure("field 'lock_epoch': expected an unsigned integer");
  if (lock_etag == nullptr) return failure("field 'lock_etag': expected a string");
  if (lock_body == nullptr) return failure("field 'lock_body': expected a string");
  state.last_epoch_seen = seen->get<std::uint64_t>();
  state.heartbeat_seq = seq->get<std::uint64_t>();
  state.lock_epoch = lock_epoch->get<std::uint64_t>();
  state.lock_etag = lock_etag->get<std::string>();
  state.lock_body = lock_body->get<std::string>();
  // Only a leader holds a lock; a follower naming a lock epoch is corrupt, and
  // the encoder asserts against it, so it must not get past the decoder.
  if (!state.leader && state.lock_epoch != 0) {
    return failure("field 'lock_epoch': expected 0 for a follower");
  }
  return NodeStateDecode{std::move(state), {}};
}

// The ASCII encoder; `lock_body_json` is state.lock_body already escaped, or
// null to escape it here.
std::optional<std::string> encode_ascii(const NodeState& state, const std::string* lock_body_json) {
  HOLO_ASSERT(!state.node_id.empty());
  HOLO_ASSERT(state.leader || state.lock_epoch == 0);
  // nlohmann's dump() of the reference: keys in sorted order, no spaces.
  std::string out;
  // Room for the strings' worst case (six bytes per byte, as
  // append_json_string_ascii sizes its writes), so that nothing reallocates.
  const std::size_t lock_body_bytes =
      lock_body_json != nullptr ? lock_body_json->size() : 6 * state.lock_body.size();
  out.reserve(192 + 6 * (state.node_id.size() + state.lock_etag.size()) + lock_body_bytes);
  out.append(R"({"format":"holocron.node","heartbeat_seq":)"sv);
  append_json_number(out, state.heartbeat_seq);
  out.append(R"(,"last_epoch_seen":)"sv);
  append_json_number(out, state.last_epoch_seen);
  out.append(R"(,"lock_body":)"sv);
  if (lock_body_json != nullptr) {
    out.append(*lock_body_json);
  } else if (!append_json_string_ascii(out, state.lock_body)) {
    return std::nullopt;
  }
  out.append(R"(,"lock_epoch":)"sv);
  append_json_number(out, state.lock_epoch);
  out.append(R"(,"lock_etag":)"sv);
  if (!append_json_string_ascii(out, state.lock_etag)) return std::nullopt;
  out.append(R"(,"node":)"sv);
  if (!append_json_string_ascii(out, state.node_id)) return std::nullopt;
  out.append(state.leader ? R"(,"role":"leader")"sv : R"(,"role":"follower")"sv);
  out.append(R"(,"version":)"sv);
  append_json_number(out, kNodeStateSchemaVersion);
  out.push_back('}');
  return out;
}

}  // namespace

std::optional<std::string> encode_node_state_ascii(const NodeState& state) {
  return encode_ascii(state, nullptr);
}

std::string NodeStateEncoder::encode(const NodeState& state) {
  if (state.lock_body != lock_body_) {
    lock_body_ = state.lock_body;
    lock_body_json_.clear();
    lock_body_ascii_ = append_json_string_ascii(lock_body_json_, lock_body_);
  }
  // A body with a byte >= 0x80 goes through nlohmann, as in encode_node_state.
  if (!lock_body_ascii_) return encode_node_state_reference(state);
  std::optional<std::string> fast = encode_ascii(state, &lock_body_json_);
  if (fast) return std::move(*fast);
  return encode_node_state_reference(state);
}

std::string encode_node_state(const NodeState& state) {
  std::optional<std::string> fast = encode_node_state_ascii(state);
  if (fast) return std::move(*fast);
  return encode_node_state_reference(state);
}

std::string encode_node_state_reference(const NodeState& state) {
  HOLO_ASSERT(!state.node_id.empty());
  HOLO_ASSERT(state.leader || state.lock_epoch == 0);
  const Json document{{"format", kNodeFormat},
                      {"version", kNodeStateSchemaVersion},
                      {"node", state.node_id},
                      {"role", state.leader ? "leader" : "follower"},
                      {"last_epoch_seen", state.last_epoch_seen},
                      {"heartbeat_seq", state.heartbeat_seq},
                      {"lock_epoch", state.lock_epoch},
                      {"lock_etag", state.lock_etag},
                      {"lock_body", state.lock_body}};
  // "replace": an ETag is store input and may not be valid UTF-8; dump() must
  // not throw out of the core because of it.
  return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

NodeStateDecode decode_node_state(std::string_view body) {
  if (body.size() > kNodeStateBodyBytesMax) return failure("body larger than the limit");
  try {
    const Json document = Json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_discarded()) return failure("not valid JSON");
    return decode_document(document);
  } catch (const Json::exception& error) {
    return failure(std::string("malformed node state: ") + error.what());
  }
}

}  // namespace holocron
