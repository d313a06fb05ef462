#include "core/node_state.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/assert.hpp"
#include "core/json_text.hpp"

namespace holocron {

using namespace std::string_view_literals;

namespace {

using Json = nlohmann::json;

constexpr std::string_view kNodeFormat = "holocron.node";
// What every ASCII encoding starts with, up to the heartbeat_seq number.
constexpr std::string_view kAsciiHead = R"({"format":"holocron.node","heartbeat_seq":)";

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

// The length of the common prefix of `a` and `b` within their first `limit`
// bytes, compared eight bytes at a time.
std::size_t common_prefix_length(std::string_view a, std::string_view b, std::size_t limit) {
  HOLO_ASSERT(limit <= a.size() && limit <= b.size());
  std::size_t length = 0;
  while (length + 8 <= limit) {
    std::uint64_t left = 0;
    std::uint64_t right = 0;
    std::memcpy(&left, a.data() + length, 8);
    std::memcpy(&right, b.data() + length, 8);
    if (left != right) break;
    length += 8;
  }
  while (length < limit && a[length] == b[length]) ++length;
  return length;
}

// The length of the common suffix of `a` and `b`, at most `limit` bytes.
std::size_t common_suffix_length(std::string_view a, std::string_view b, std::size_t limit) {
  HOLO_ASSERT(limit <= a.size() && limit <= b.size());
  std::size_t length = 0;
  while (length + 8 <= limit) {
    std::uint64_t left = 0;
    std::uint64_t right = 0;
    std::memcpy(&left, a.data() + a.size() - length - 8, 8);
    std::memcpy(&right, b.data() + b.size() - length - 8, 8);
    if (left != right) break;
    length += 8;
  }
  while (length < limit && a[a.size() - length - 1] == b[b.size() - length - 1]) ++length;
  return length;
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
  out.append(kAsciiHead);
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

void NodeStateEncoder::write_with_seq(std::uint64_t seq, std::string& out) const {
  HOLO_ASSERT(last_valid_);
  out.clear();
  out.reserve(last_json_.size() + 20);
  out.append(kAsciiHead);
  append_json_number(out, seq);
  out.append(std::string_view(last_json_).substr(last_seq_end_));
}

void NodeStateEncoder::encode_into(const NodeState& state, std::string& out) {
  if (last_valid_ && same_but_heartbeat_seq(state)) {
    write_with_seq(state.heartbeat_seq, out);
    return;
  }
  out = encode(state);
}

std::string NodeStateEncoder::encode(const NodeState& state) {
  if (last_valid_ && same_but_heartbeat_seq(state)) {
    std::string out;
    write_with_seq(state.heartbeat_seq, out);
    return out;
  }
  last_valid_ = false;
  if (state.lock_body != lock_body_) {
    if (!lock_body_ascii_ || !escape_changed_part(state.lock_body)) {
      lock_body_json_.clear();
      lock_body_ascii_ = append_json_string_ascii(lock_body_json_, state.lock_body);
      known_prefix_valid_ = false;  // a new body: no escaped prefix known
    }
    lock_body_ = state.lock_body;
  }
  // A body with a byte >= 0x80 goes through nlohmann, as in encode_node_state.
  if (!lock_body_ascii_) return encode_node_state_reference(state);
  std::optional<std::string> fast = encode_ascii(state, &lock_body_json_);
  if (!fast) return encode_node_state_reference(state);
  last_state_ = state;
  last_json_ = *fast;
  HOLO_ASSERT(std::string_view(last_json_).substr(0, kAsciiHead.size()) == kAsciiHead);
  last_seq_end_ = last_json_.find(',', kAsciiHead.size());
  HOLO_ASSERT(last_seq_end_ != std::string::npos);
  last_valid_ = true;
  return std::move(*fast);
}

bool NodeStateEncoder::same_but_heartbeat_seq(const NodeState& state) {
  HOLO_ASSERT(last_valid_);
  const std::uint64_t last_seq = last_state_.heartbeat_seq;
  last_state_.heartbeat_seq = state.heartbeat_seq;
  const bool same = last_state_ == state;
  last_state_.heartbeat_seq = last_seq;
  return same;
}

bool NodeStateEncoder::escape_changed_part(std::string_view body) {
  HOLO_ASSERT(lock_body_ascii_);
  const std::string_view old = lock_body_;
  const std::size_t common = std::min(old.size(), body.size());
  const std::size_t prefix = common_prefix_length(old, body, common);
  const std::size_t suffix = common_suffix_length(old, body, common - prefix);
  // The escaped lengths of the old body's changed middle and of the shorter
  // of its prefix and suffix (counted, not written: the old body is ASCII)
  // locate the escaped prefix inside lock_body_json_.
  const std::size_t old_middle_json_bytes =
      json_string_escaped_bytes(old.substr(prefix, old.size() - suffix - prefix));
  HOLO_ASSERT(lock_body_json_.size() >= 2 + old_middle_json_bytes);
  const std::size_t ends_json_bytes = lock_body_json_.size() - 2 - old_middle_json_bytes;
  // The escaped length of the prefix: from the last call's prefix when it
  // is known (a renewal changes the same few digits each time, so only the
  // bytes between the two prefixes are counted), else from the shorter end.
  std::size_t prefix_json_bytes = 0;
  if (known_prefix_valid_) {
    HOLO_ASSERT(known_prefix_ <= old.size());
    prefix_json_bytes =
        prefix >= known_prefix_
            ? known_prefix_json_bytes_ +
                  json_string_escaped_bytes(old.substr(known_prefix_, prefix - known_prefix_))
            : known_prefix_json_bytes_ -
                  json_string_escaped_bytes(old.substr(prefix, known_prefix_ - prefix));
  } else {
    prefix_json_bytes =
        prefix <= suffix
            ? json_string_escaped_bytes(old.substr(0, prefix))
            : ends_json_bytes - json_string_escaped_bytes(old.substr(old.size() - suffix));
  }
  scratch_.clear();
  if (!append_json_string_ascii(scratch_, body.substr(prefix, body.size() - suffix - prefix))) {
    return false;
  }
  // Replace the old middle's escaped text (after the opening quote and the
  // prefix) by the new middle's, without its quotes.
  lock_body_json_.replace(1 + prefix_json_bytes, old_middle_json_bytes, scratch_, 1,
                          scratch_.size() - 2);
  // `body` shares the first `prefix` bytes with the old body, so their
  // escaped length holds for it too.
  known_prefix_ = prefix;
  known_prefix_json_bytes_ = prefix_json_bytes;
  known_prefix_valid_ = true;
  return true;
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
