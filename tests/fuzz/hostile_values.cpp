#include "tests/fuzz/hostile_values.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "tests/fuzz/fuzz_targets.hpp"

namespace holocron::fuzz {
namespace {

using Json = nlohmann::json;

// Bounds that keep one crafted response small: the target is about the
// core's decisions, not about the cost of huge pages.
constexpr std::size_t kExtraListedObjectsMax = 8;
constexpr std::size_t kCraftedMembersMax = 4;
constexpr std::size_t kRawBodyBytesMax = 256;
constexpr std::size_t kCraftedStringBytesMax = 24;

constexpr Nanos kHeartbeatAges[] = {-1, 0, 1'000'000'000, INT64_MAX, INT64_MIN, 1};

const ModelStore::Object* nth_object(const ModelStore& store, std::uint64_t index) {
  if (store.objects().empty()) return nullptr;
  auto it = store.objects().begin();
  std::advance(it, static_cast<std::ptrdiff_t>(index % store.objects().size()));
  return &it->second;
}

// Any epoch, including the ones at the integer limits.
Epoch any_epoch(ByteReader& in, Epoch around) {
  switch (in.below(10)) {
    case 0:
    case 1:
      return around;
    case 2:
      return around + 1;  // wraps to 0 at the limit, on purpose
    case 3:
      return around - 1;
    case 4:
      return around + 1 + in.below(16);
    case 5:
      return 1;
    case 6:
      return UINT64_MAX;
    case 7:
      return UINT64_MAX - in.below(4);
    case 8:
      return (Epoch{1} << 63) + in.below(3) - 1;
    default:
      return in.u64();
  }
}

std::string hostile_owner(ByteReader& in, const HostileContext& context) {
  switch (in.below(5)) {
    case 0:
    case 1:
      return context.node_id;
    case 2:
      return "n2";
    case 3:
      return "";
    default:
      return printable(in, kCraftedStringBytesMax);
  }
}

}  // namespace

std::string raw_epoch_key(std::string_view prefix, Epoch epoch) {
  std::string digits(kEpochDigits, '0');
  for (std::size_t i = kEpochDigits; i > 0 && epoch != 0; --i) {
    digits[i - 1] = static_cast<char>('0' + epoch % 10);
    epoch /= 10;
  }
  return std::string(prefix) + "epoch-" + digits;
}

Epoch hostile_epoch(ByteReader& in, Epoch around) {
  const Epoch epoch = any_epoch(in, around);
  // F4 (naive), F12 (stable, lease): an epoch at the limit makes epoch + 1
  // wrap; steer clear when asked.
  if ((avoiding("F4") || avoiding("F12")) && epoch > UINT64_MAX - 64) return epoch - 64;
  return epoch;
}

std::string printable(ByteReader& in, std::size_t max_bytes) {
  std::string text = in.string(max_bytes);
  for (char& c : text) c = static_cast<char>(' ' + static_cast<unsigned char>(c) % 95);
  return text;
}

std::string hostile_key(ByteReader& in, const HostileContext& context) {
  const std::string& prefix = context.election_prefix;
  switch (in.below(8)) {
    case 0:
    case 1:
    case 2:
      return raw_epoch_key(prefix, hostile_epoch(in, context.around));
    case 3:  // unpadded, as the prototype wrote them
      return prefix + "epoch-" + std::to_string(hostile_epoch(in, context.around));
    case 4:  // twenty nines: above UINT64_MAX
      return prefix + "epoch-" + std::string(kEpochDigits, '9');
    case 5:
      return prefix + "nodes/" + in.string(kCraftedStringBytesMax);
    case 6:
      return "other/" + raw_epoch_key("", hostile_epoch(in, context.around));
    default:
      return prefix + in.string(kCraftedStringBytesMax);
  }
}

std::string hostile_etag(ByteReader& in, const ModelStore& store) {
  switch (in.below(5)) {
    case 0:
      if (const auto* object = nth_object(store, in.byte())) return object->etag;
      return "\"e1\"";
    case 1:
      return "";
    case 2:
      return "\"forged-" + std::to_string(in.byte()) + "\"";
    default:
      return in.string(kCraftedStringBytesMax);
  }
}

std::string crafted_lock_body(ByteReader& in, const HostileContext& context) {
  Json members = Json::array();
  const std::size_t member_count = static_cast<std::size_t>(in.below(kCraftedMembersMax + 1));
  for (std::size_t i = 0; i < member_count; ++i) {
    static constexpr const char* kRoles[] = {"leader", "follower", "unknown", "boss"};
    members.push_back(Json{{"node", hostile_owner(in, context)},
                           {"role", in.pick(kRoles)},
                           {"heartbeat_age_ns", in.pick(kHeartbeatAges)}});
  }
  static constexpr std::int64_t kLeases[] = {10'000'000'000, 0, -1, INT64_MAX};
  Json document{{"format", "holocron.lock"},
                {"version", 1},
                {"epoch", hostile_epoch(in, context.around)},
                {"owner", hostile_owner(in, context)},
                {"lease_ns", in.pick(kLeases)},
                {"renewals", in.below(4) == 0 ? in.u64() : in.below(4)},
                {"expired", in.boolean()},
                {"previous", nullptr},
                {"view", Json{{"members", std::move(members)}}}};
  if (in.boolean()) {
    document["previous"] = Json{{"epoch", hostile_epoch(in, context.around)},
                                {"etag", printable(in, kCraftedStringBytesMax)}};
  }
  // Occasionally one field of the wrong type or missing altogether.
  switch (in.below(8)) {
    case 0:
      document["epoch"] = -1;
      break;
    case 1:
      document.erase("owner");
      break;
    case 2:
      document["version"] = 2;
      break;
    case 3:
      document["renewals"] = "7";
      break;
    default:
      break;
  }
  return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string crafted_node_state_body(ByteReader& in, const HostileContext& context,
                                    const ModelStore& store, const std::string& election_bucket) {
  Json document{
      {"format", "holocron.node"},
      {"version", 1},
      {"node", in.below(4) == 0 ? hostile_owner(in, context) : context.node_id},
      {"role", in.boolean() ? "leader" : "follower"},
      {"last_epoch_seen", in.below(3) == 0 ? Epoch{0} : hostile_epoch(in, context.around)},
      {"heartbeat_seq", in.below(100)},
      {"lock_epoch", Epoch{0}},
      {"lock_etag", ""},
      {"lock_body", ""}};
  if (in.below(3) != 0) {
    // Point at an existing lock object: the coherent resume a real crashed
    // leader leaves behind (or, with the fuzzer's help, an almost coherent one).
    for (const auto& [address, object] : store.objects()) {
      if (address.first != election_bucket) continue;
      const auto epoch = parse_epoch_key(context.election_prefix, address.second);
      if (!epoch || in.below(3) == 0) continue;
      document["role"] = "leader";
      document["lock_epoch"] = *epoch;
      document["lock_etag"] = in.below(4) == 0 ? hostile_etag(in, store) : object.etag;
      document["lock_body"] = in.below(4) == 0 ? crafted_lock_body(in, context) : object.body;
      if (document["last_epoch_seen"].get<Epoch>() < *epoch) document["last_epoch_seen"] = *epoch;
      break;
    }
  }
  if (in.below(8) == 0) document["heartbeat_seq"] = -3;
  return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string hostile_body(ByteReader& in, const HostileContext& context, const ModelStore& store,
                         const std::string& election_bucket) {
  switch (in.below(6)) {
    case 0:
    case 1:
      return crafted_lock_body(in, context);
    case 2:
      return crafted_node_state_body(in, context, store, election_bucket);
    case 3:
      if (const auto* object = nth_object(store, in.byte())) return object->body;
      return "{}";
    case 4:
      return "";
    default:
      return in.string(kRawBodyBytesMax);
  }
}

void perturb_list(ByteReader& in, const HostileContext& context, const ModelStore& store,
                  StoreResponse& response) {
  const std::size_t extra = static_cast<std::size_t>(in.below(kExtraListedObjectsMax + 1));
  for (std::size_t i = 0; i < extra; ++i) {
    ListedObject object{hostile_key(in, context), hostile_etag(in, store)};
    const std::size_t at = static_cast<std::size_t>(in.below(response.objects.size() + 1));
    std::vector<ListedObject>& objects = response.objects.mutate();
    objects.insert(objects.begin() + static_cast<std::ptrdiff_t>(at), std::move(object));
  }
  switch (in.below(4)) {
    case 0:
      if (!response.objects.empty()) {
        std::vector<ListedObject>& objects = response.objects.mutate();
        std::reverse(objects.begin(), objects.end());
      }
      break;
    case 1:
      if (!response.objects.empty()) response.objects.pop_back();
      break;
    default:
      break;
  }
  if (in.below(3) == 0 && context.flip_truncated) response.truncated = !response.truncated;
}

}  // namespace holocron::fuzz
