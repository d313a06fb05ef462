// Rule (core: lock records, node state): the hand-written codecs are the
// nlohmann/json codecs, only faster. The fast lock decoder gives the same
// record or the same error message as the reference decoder for every body
// (the fuzz corpus, generated bodies, and seeded random mutations of them),
// and the fast node-state encoder writes the reference's bytes for every
// state, whatever its strings hold.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_text.hpp"
#include "core/lock_record.hpp"
#include "core/node_state.hpp"
#include "core/prng.hpp"

using namespace holocron;

namespace {

// How the decoders handled one body, for the tests' coverage counts.
struct Agreement {
  bool canonical = false;  // the fast path accepted it
  bool accepted = false;   // the reference accepted it
};

// Checks that decode_lock_record and its canonical path agree with the
// reference on `body`.
Agreement check_decoders_agree(std::string_view body) {
  const LockDecode reference = decode_lock_record_reference(body);
  const LockDecode decoded = decode_lock_record(body);
  const std::optional<LockRecord> canonical = decode_lock_record_canonical(body);
  INFO("body: " << body);
  REQUIRE(decoded.record.has_value() == reference.record.has_value());
  CHECK(decoded.error == reference.error);
  if (reference.record) CHECK(*decoded.record == *reference.record);
  if (canonical) {
    REQUIRE(reference.record.has_value());
    CHECK(*canonical == *reference.record);
  }
  return Agreement{canonical.has_value(), reference.record.has_value()};
}

// Which bytes a generated string may hold.
enum class Alphabet {
  kPlain,  // printable ASCII and the short escapes: the canonical path's strings
  kAscii,  // also other control characters (written as \u00xx)
  kAny,    // also UTF-8 and bytes that are not UTF-8
};

// Strings from pieces that exercise every escaping rule: plain ASCII, the
// short escapes, other control characters, DEL, '/', valid UTF-8 and bytes
// that are not UTF-8.
std::string random_text(Prng& prng, Alphabet alphabet, std::size_t length_max) {
  static constexpr std::array<std::string_view, 11> kPlainPieces = {
      "node", "-", "7", "e41", "\"", "\\", "/", "\n", "\t\r\b\f", "\x7f", " "};
  static constexpr std::array<std::string_view, 2> kControlPieces = {"\x01", "\x1f"};
  static constexpr std::array<std::string_view, 5> kHighPieces = {"\xc3\xa9", "\xe2\x82\xac",
                                                                  "\xff", "\xc3\x28", "\x80"};
  std::size_t choices = kPlainPieces.size();
  if (alphabet != Alphabet::kPlain) choices += kControlPieces.size();
  if (alphabet == Alphabet::kAny) choices += kHighPieces.size();
  std::string text;
  const std::size_t pieces = prng.below(length_max + 1);
  for (std::size_t i = 0; i < pieces; ++i) {
    std::size_t pick = prng.below(choices);
    if (pick < kPlainPieces.size()) {
      text.append(kPlainPieces[pick]);
      continue;
    }
    pick -= kPlainPieces.size();
    text.append(pick < kControlPieces.size() ? kControlPieces[pick]
                                             : kHighPieces[pick - kControlPieces.size()]);
  }
  return text;
}

Alphabet random_alphabet(Prng& prng) {
  return static_cast<Alphabet>(prng.below(3));
}

std::uint64_t random_unsigned(Prng& prng) {
  static constexpr std::array<std::uint64_t, 6> kEdges = {
      0, 1, 9, 10, static_cast<std::uint64_t>(INT64_MAX), UINT64_MAX};
  if (prng.below(2) == 0) return kEdges[prng.below(kEdges.size())];
  return prng.next() >> prng.below(64);
}

std::int64_t random_signed(Prng& prng) {
  static constexpr std::array<std::int64_t, 6> kEdges = {0, -1, 1, INT64_MIN, INT64_MAX, -10};
  if (prng.below(2) == 0) return kEdges[prng.below(kEdges.size())];
  return static_cast<std::int64_t>(prng.next()) >> prng.below(64);
}

// A record that encode_lock_record accepts, its strings from `alphabet`.
LockRecord random_record(Prng& prng, Alphabet alphabet) {
  LockRecord record;
  record.epoch = std::max<std::uint64_t>(1, random_unsigned(prng));
  record.owner = "n" + random_text(prng, alphabet, 4);
  record.lease_ns = random_signed(prng);
  if (record.lease_ns < 0) record.lease_ns = -(record.lease_ns + 1);
  record.renewals = random_unsigned(prng);
  record.expired = prng.below(2) == 0;
  if (prng.below(4) != 0) {
    record.previous_epoch = std::max<std::uint64_t>(1, random_unsigned(prng));
    record.previous_etag = random_text(prng, alphabet, 5);
  }
  const std::size_t members = prng.below(6);
  for (std::size_t i = 0; i < members; ++i) {
    ViewMember member;
    member.node_id = random_text(prng, alphabet, 3);
    member.role = static_cast<MemberRole>(prng.below(3));
    member.heartbeat_age_ns = random_signed(prng);
    record.members.push_back(std::move(member));
  }
  return record;
}

// True when every string of the record is printable ASCII or uses a short
// escape: what the canonical path must accept.
bool plain(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool short_escape = c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f';
    if ((byte < 0x20 && !short_escape) || byte >= 0x80) return false;
  }
  return true;
}

bool plain_record(const LockRecord& record) {
  bool all = plain(record.owner) && plain(record.previous_etag);
  for (const ViewMember& member : record.members) all = all && plain(member.node_id);
  return all;
}

// One random edit of a body: the kinds of damage and oddities that take a
// body off the canonical path or make it invalid.
void mutate(Prng& prng, std::string& body) {
  // Integers at and beyond every range limit, and forms nlohmann reads as
  // doubles or rejects.
  static constexpr std::array<std::string_view, 12> kNumberTokens = {"-0",
                                                                     "-1",
                                                                     "1.0",
                                                                     "1e3",
                                                                     "01",
                                                                     "0",
                                                                     "18446744073709551615",
                                                                     "18446744073709551616",
                                                                     "9223372036854775807",
                                                                     "9223372036854775808",
                                                                     "-9223372036854775808",
                                                                     "-9223372036854775809"};
  // Whitespace, \u escapes (also a surrogate pair) and other values.
  static constexpr std::array<std::string_view, 12> kOtherTokens = {
      " ",    "\n",    "\\u0041", "\\u00e9", "\\ud83d\\ude00", "null",
      "true", "false", "{}",      "[]",      "\"\"",           ","};
  const auto token = [&prng](bool number) {
    if (number || prng.below(2) == 0) return kNumberTokens[prng.below(kNumberTokens.size())];
    return kOtherTokens[prng.below(kOtherTokens.size())];
  };
  if (body.empty()) {
    body = token(false);
    return;
  }
  const std::size_t at = prng.below(body.size());
  switch (prng.below(7)) {
    case 0:
      body[at] = static_cast<char>(prng.below(256));
      break;
    case 1:
      body.erase(at, 1 + prng.below(4));
      break;
    case 2:
      body.insert(at, token(false));
      break;
    case 3:
      body.resize(at);
      break;
    case 4: {
      // Replace a run of digits (a number) with a token.
      std::size_t start = at;
      while (start < body.size() && (body[start] < '0' || body[start] > '9')) ++start;
      std::size_t end = start;
      while (end < body.size() && body[end] >= '0' && body[end] <= '9') ++end;
      body.replace(start, end - start, token(true));
      break;
    }
    case 5: {
      // Duplicate a slice (repeated keys, repeated members).
      const std::size_t length = prng.below(body.size() - at + 1);
      body.insert(at, body.substr(at, length));
      break;
    }
    default:
      body.insert(at, 1, static_cast<char>(prng.below(128)));
      break;
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("rule lock records: the fast decoder agrees with the reference on the fuzz corpus") {
  const std::filesystem::path root(HOLOCRON_SOURCE_ROOT);
  std::size_t bodies = 0;
  std::size_t canonical = 0;
  for (const char* folder : {"tests/fuzz/corpus/codecs", "tests/fuzz/findings"}) {
    for (const auto& entry : std::filesystem::directory_iterator(root / folder)) {
      if (!entry.is_regular_file()) continue;
      const std::string body = read_file(entry.path());
      INFO("file: " << entry.path().string());
      canonical += check_decoders_agree(body).canonical ? 1 : 0;
      ++bodies;
    }
  }
  CHECK(bodies >= 40);
  // canonical-lock-*.json: bodies as our encoder writes them.
  CHECK(canonical >= 2);
  MESSAGE("corpus bodies: " << bodies << ", on the canonical path: " << canonical);
}

TEST_CASE("rule lock records: the fast decoder reads every plain body our encoder writes") {
  Prng prng(0x10c4);
  std::size_t canonical = 0;
  constexpr std::size_t kRecords = 2000;
  for (std::size_t i = 0; i < kRecords; ++i) {
    const LockRecord record = random_record(prng, random_alphabet(prng));
    const std::string body = encode_lock_record(record);
    const Agreement agreement = check_decoders_agree(body);
    CHECK(agreement.accepted);
    // Bodies of plain strings are the common case and must not fall back.
    if (plain_record(record)) CHECK(agreement.canonical);
    canonical += agreement.canonical ? 1 : 0;
    const std::optional<LockRecord> decoded = decode_lock_record_canonical(body);
    if (decoded) CHECK(*decoded == record);
  }
  CHECK(canonical > kRecords / 4);
  CHECK(canonical < kRecords);
}

TEST_CASE("rule lock records: the fast decoder agrees with the reference on mutated bodies") {
  Prng prng(0xb0d1e5);
  std::size_t canonical = 0;
  std::size_t accepted = 0;
  constexpr std::size_t kBodies = 20000;
  for (std::size_t i = 0; i < kBodies; ++i) {
    std::string body = encode_lock_record(random_record(prng, Alphabet::kPlain));
    const std::size_t edits = 1 + prng.below(3);
    for (std::size_t edit = 0; edit < edits; ++edit) mutate(prng, body);
    const Agreement agreement = check_decoders_agree(body);
    canonical += agreement.canonical ? 1 : 0;
    accepted += agreement.accepted ? 1 : 0;
  }
  MESSAGE("mutated bodies: " << kBodies << ", accepted " << accepted << ", on the canonical path "
                             << canonical);
  // Both outcomes must occur, or the comparison proves nothing.
  CHECK(canonical > 0);
  CHECK(accepted > canonical);
  CHECK(accepted < kBodies);
}

TEST_CASE("rule lock records: every integer edge in every field decodes as the reference does") {
  static constexpr std::array<std::string_view, 20> kNumbers = {"0",
                                                                "1",
                                                                "-0",
                                                                "-1",
                                                                "01",
                                                                "1.0",
                                                                "1e3",
                                                                "1E3",
                                                                "-",
                                                                "+1",
                                                                "00",
                                                                "0.5",
                                                                "-0.0",
                                                                "1 ",
                                                                " 1",
                                                                "9223372036854775807",
                                                                "9223372036854775808",
                                                                "-9223372036854775808",
                                                                "-9223372036854775809",
                                                                "18446744073709551616"};
  static constexpr std::array<std::string_view, 6> kFields = {
      "epoch", "lease_ns", "renewals", "version", "heartbeat_age_ns", "previous"};
  std::size_t canonical = 0;
  for (const std::string_view field : kFields) {
    for (const std::string_view number : kNumbers) {
      std::string body =
          R"({"epoch":@epoch,"expired":false,"format":"holocron.lock","lease_ns":@lease_ns,)"
          R"("owner":"n1","previous":{"epoch":@previous,"etag":"\"e\""},"renewals":@renewals,)"
          R"("version":@version,"view":{"members":[{"heartbeat_age_ns":@heartbeat_age_ns,)"
          R"("node":"n1","role":"leader"}]}})";
      for (const std::string_view other : kFields) {
        const std::string placeholder = "@" + std::string(other);
        const std::size_t at = body.find(placeholder);
        REQUIRE(at != std::string::npos);
        body.replace(at, placeholder.size(), other == field ? number : std::string_view("1"));
      }
      canonical += check_decoders_agree(body).canonical ? 1 : 0;
    }
  }
  CHECK(canonical > 0);
}

TEST_CASE(
    "rule lock records: the canonical path leaves oversized views and bodies to the reference") {
  LockRecord record;
  record.epoch = 3;
  record.owner = "n1";
  record.members.resize(kViewMembersMax, ViewMember{"n", MemberRole::kFollower, 5});
  std::string body = encode_lock_record(record);
  CHECK(decode_lock_record_canonical(body).has_value());
  // One member more than the limit (the encoder drops the extra, so splice it in).
  body.insert(body.size() - 3, R"(,{"heartbeat_age_ns":1,"node":"x","role":"unknown"})");
  CHECK_FALSE(check_decoders_agree(body).accepted);
  record.members.clear();
  record.owner.assign(kLockBodyBytesMax, 'o');
  CHECK_FALSE(check_decoders_agree(encode_lock_record(record)).accepted);
}

TEST_CASE("rule node state: the fast encoder writes exactly what nlohmann/json writes") {
  Prng prng(0x57a7e);
  std::size_t ascii = 0;
  constexpr std::size_t kStates = 3000;
  for (std::size_t i = 0; i < kStates; ++i) {
    const Alphabet alphabet = random_alphabet(prng);
    const bool ascii_only = alphabet != Alphabet::kAny;
    NodeState state;
    state.node_id = "n" + random_text(prng, alphabet, 4);
    state.leader = prng.below(2) == 0;
    state.last_epoch_seen = random_unsigned(prng);
    state.heartbeat_seq = random_unsigned(prng);
    if (state.leader) {
      state.lock_epoch = random_unsigned(prng);
      state.lock_etag = random_text(prng, alphabet, 4);
      // A real lock body, or arbitrary text.
      state.lock_body = prng.below(2) == 0 ? encode_lock_record(random_record(prng, alphabet))
                                           : random_text(prng, alphabet, 12);
    }
    const std::string reference = encode_node_state_reference(state);
    INFO("reference: " << reference);
    CHECK(encode_node_state(state) == reference);
    const std::optional<std::string> fast = encode_node_state_ascii(state);
    if (ascii_only) REQUIRE(fast.has_value());
    if (fast) CHECK(*fast == reference);
    ascii += fast ? 1 : 0;
  }
  // Every state of ASCII strings, and some of the others by chance.
  CHECK(ascii >= kStates * 2 / 3);
  CHECK(ascii < kStates);
}

TEST_CASE(
    "rule node state: NodeStateEncoder writes what encode_node_state writes, state after "
    "state") {
  // One encoder through a node's life: follower, leader renewing (the same
  // body at several heartbeats, then a new one), a non-ASCII body, follower
  // again; every encoding must equal the stateless encoder's.
  Prng prng(0x5eed);
  NodeStateEncoder encoder;
  // The same states through encode_into, into one string that keeps what the
  // previous state left in it (a request entry's body buffer).
  NodeStateEncoder encoder_into;
  std::string into = "left over from an earlier request";
  NodeState state;
  state.node_id = "node-1";
  std::size_t reused = 0;
  for (std::size_t i = 0; i < 2000; ++i) {
    ++state.heartbeat_seq;
    const std::uint64_t step = prng.below(8);
    if (step == 0) {
      state.leader = false;
      state.lock_epoch = 0;
      state.lock_etag.clear();
      state.lock_body.clear();
    } else if (step == 1 || !state.leader) {
      const Alphabet alphabet = random_alphabet(prng);
      state.leader = true;
      state.lock_epoch = 1 + prng.below(100);
      state.lock_etag = random_text(prng, alphabet, 4);
      state.lock_body = prng.below(2) == 0 ? encode_lock_record(random_record(prng, alphabet))
                                           : random_text(prng, alphabet, 12);
    } else {
      ++reused;  // the same body as the previous state
    }
    INFO("state " << i);
    const std::string expected = encode_node_state(state);
    CHECK(encoder.encode(state) == expected);
    encoder_into.encode_into(state, into);
    CHECK(into == expected);
  }
  CHECK(reused > 1000);
}

TEST_CASE("json_string_escaped_bytes counts what append_json_string_escaping_high writes") {
  Prng prng(0xc0de);
  for (std::size_t i = 0; i < 3000; ++i) {
    std::string text;
    const std::size_t length = prng.below(40);
    for (std::size_t at = 0; at < length; ++at) {
      // Every byte value, with plain text, quotes and backslashes more often.
      const std::uint64_t pick = prng.below(4);
      text.push_back(pick == 0   ? static_cast<char>(prng.below(256))
                     : pick == 1 ? "\"\\\n\x01\x7f"[prng.below(5)]
                                 : static_cast<char>('a' + prng.below(26)));
    }
    std::string written;
    append_json_string_escaping_high(written, text);
    CAPTURE(text);
    CHECK(json_string_escaped_bytes(text) == written.size() - 2);
  }
}

TEST_CASE(
    "rule node state: NodeStateEncoder reuses an encoding only when nothing but the seq moved") {
  // The encoder writes only the number when a state differs from the last
  // one in heartbeat_seq alone. Here each state changes one field (often
  // only the sequence number, sometimes nothing at all, sometimes another
  // field with the sequence number kept), so a reuse keyed on too few fields
  // gives a stale encoding.
  Prng prng(0x5ea1);
  NodeStateEncoder encoder;
  NodeState state;
  state.node_id = "node-3";
  state.leader = true;
  state.lock_epoch = 4;
  state.lock_etag = "\"e4-1\"";
  state.lock_body = "{\"epoch\":4}";
  std::array<std::size_t, 8> changes{};
  for (std::size_t i = 0; i < 4000; ++i) {
    const std::uint64_t field = prng.below(changes.size());
    ++changes[field];
    switch (field) {
      case 0:
      case 1:
        state.heartbeat_seq = prng.below(3) == 0 ? prng.next() : state.heartbeat_seq + 1;
        break;
      case 2:
        state.last_epoch_seen = prng.below(2) == 0 ? state.last_epoch_seen + 1 : prng.below(100);
        break;
      case 3:
        state.lock_epoch = state.leader ? 1 + prng.below(100) : 0;
        break;
      case 4:
        state.lock_etag = "\"e" + std::to_string(prng.below(1000)) + "\"";
        break;
      case 5:
        state.lock_body[prng.below(state.lock_body.size())] = "0123456789\"x"[prng.below(12)];
        break;
      case 6:
        state.node_id = prng.below(2) == 0 ? "node-3" : "node-4";
        break;
      default:
        state.leader = !state.leader;
        if (!state.leader) state.lock_epoch = 0;
        break;
    }
    INFO("state " << i << ", field " << field);
    REQUIRE(encoder.encode(state) == encode_node_state(state));
  }
  for (const std::size_t count : changes) CHECK(count > 300);
}

TEST_CASE("rule node state: NodeStateEncoder re-escapes only a changed part, exactly") {
  // A leader's body changes a little at each renewal; here every state
  // changes the previous body a little anywhere (a byte replaced, inserted
  // or removed: quotes, backslashes, control bytes, sometimes a byte >=
  // 0x80), and every encoding must equal the stateless encoder's.
  Prng prng(0xed17);
  NodeStateEncoder encoder;
  NodeState state;
  state.node_id = "node-2";
  state.leader = true;
  state.lock_epoch = 7;
  state.lock_etag = "\"e7-1\"";
  LockRecord record;
  record.epoch = 7;
  record.owner = "node-2";
  record.lease_ns = 15'000'000'000;
  record.members.resize(3, ViewMember{"node-1", MemberRole::kFollower, 120});
  state.lock_body = encode_lock_record(record);
  constexpr char kBytes[] = {'"', '\\', '\n', '\x01', '7', 'a', '}', '\x7f'};
  for (std::size_t i = 0; i < 3000; ++i) {
    ++state.heartbeat_seq;
    std::string& body = state.lock_body;
    const std::uint64_t step = prng.below(10);
    if (step < 4) {
      ++record.renewals;  // the real change: a number near the end
      body = encode_lock_record(record);
    } else if (step < 9 || body.empty()) {
      const std::size_t at = prng.below(body.size() + 1);
      const char byte =
          prng.below(20) == 0 ? '\xc3' : kBytes[prng.below(sizeof(kBytes) / sizeof(kBytes[0]))];
      if (step == 5 || at == body.size()) {
        body.insert(at, 1, byte);
      } else {
        body[at] = byte;
      }
    } else {
      body.erase(prng.below(body.size()), 1);
    }
    INFO("state " << i << ": " << body);
    REQUIRE(encoder.encode(state) == encode_node_state(state));
  }
}
