// The per-epoch trace line, written with JsonSpanWriter for speed, against
// the same line written with JsonWriter (the writer the rest of the format
// uses, which tracks nesting and commas itself): random records, including
// absent optionals, negative times, full lists and strings that need escaping
// or are not UTF-8, must give byte-identical lines that read back.
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/prng.hpp"
#include "reports/json_span_writer.hpp"
#include "reports/json_writer.hpp"
#include "reports/names.hpp"
#include "reports/sha256.hpp"
#include "reports/trace_codec.hpp"
#include "reports/trace_writer.hpp"

namespace holocron::reports {
namespace {

void optional_field(JsonWriter& json, std::string_view name, const std::optional<Nanos>& value) {
  json.key(name);
  if (value.has_value()) {
    json.value(*value);
  } else {
    json.null();
  }
}

void node_field(JsonWriter& json, std::string_view name, NodeIndex node) {
  json.key(name);
  if (node == kNoNode) {
    json.null();
  } else {
    json.value(node);
  }
}

void reference_op_tally(JsonWriter& json, const OpTally& tally) {
  json.begin_object();
  json.field("list", tally.list);
  json.field("get", tally.get);
  json.field("put", tally.put);
  json.field("delete", tally.del);
  json.field("failed", tally.failed);
  json.field("injected", tally.injected);
  json.field("lost", tally.lost);
  json.end_object();
}

// The epoch line as it was written before JsonSpanWriter, field by field.
std::string reference_epoch_line(const EpochRecord& record) {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("type", "epoch");
  json.field("epoch", record.epoch);
  node_field(json, "winner", record.winner);
  json.key("created");
  json.begin_object();
  optional_field(json, "true_ns", record.created_true_ns);
  optional_field(json, "local_ns", record.created_local_ns);
  json.field("creates", record.creates);
  json.end_object();
  optional_field(json, "deleted_true_ns", record.deleted_true_ns);
  optional_field(json, "superseded_true_ns", record.superseded_true_ns);

  json.key("contenders");
  json.begin_object();
  json.field("total", record.contenders_total);
  json.key("outcomes");
  json.begin_object();
  for (std::size_t i = 0; i < kAttemptOutcomeCount; ++i) {
    if (record.outcome_counts[i] == 0) continue;
    json.field(attempt_outcome_name(static_cast<AttemptOutcome>(i)), record.outcome_counts[i]);
  }
  json.end_object();
  json.key("list");
  json.begin_array();
  for (const ContenderEntry& entry : record.contenders) {
    json.begin_array();
    json.value(entry.node);
    json.value(attempt_outcome_name(entry.outcome));
    json.value(entry.true_ns);
    json.value(entry.local_ns);
    json.end_array();
  }
  json.end_array();
  json.end_object();

  json.key("observed");
  json.begin_object();
  json.field("total", record.observers_total);
  json.field("first_true_ns", record.first_observed_ns);
  json.field("last_true_ns", record.last_observed_ns);
  json.key("list");
  json.begin_array();
  for (const ObservationEntry& entry : record.observations) {
    json.begin_array();
    json.value(entry.node);
    json.value(entry.true_ns);
    json.value(entry.local_ns);
    json.end_array();
  }
  json.end_array();
  json.end_object();

  json.key("renewals");
  json.begin_object();
  json.field("count", record.renewals.count);
  json.field("first_true_ns", record.renewals.first_ns);
  json.field("last_true_ns", record.renewals.last_ns);
  json.field("max_gap_ns", record.renewals.max_gap_ns);
  json.end_object();

  json.key("acting");
  json.begin_array();
  for (const ActingInterval& interval : record.acting) {
    json.begin_array();
    json.value(interval.node);
    json.value(interval.start_ns);
    json.value(interval.end_ns);
    json.value(interval.end_reason);
    json.end_array();
  }
  json.end_array();

  json.key("ended");
  json.begin_object();
  json.field("true_ns", record.ended_true_ns);
  json.field("reason", record.ended_reason);
  json.end_object();

  json.key("ops");
  reference_op_tally(json, record.ops);
  json.key("fenced");
  json.begin_object();
  json.field("accepted", record.fenced_accepted);
  json.field("rejected", record.fenced_rejected);
  json.end_object();
  json.end_object();
  HOLO_ASSERT(json.depth() == 0);
  return out;
}

// Values that exercise every digit count and the sign.
std::int64_t random_nanos(Prng& prng) {
  switch (prng.next() % 5) {
    case 0:
      return 0;
    case 1:
      return static_cast<std::int64_t>(prng.next() % 1000);
    case 2:
      return -static_cast<std::int64_t>(prng.next() % 1000000000000);
    case 3:
      return static_cast<std::int64_t>(prng.next());  // any sign, up to 19 digits
    default:
      return static_cast<std::int64_t>(prng.next() % 100000000000000);
  }
}

std::uint64_t random_count(Prng& prng) {
  return prng.next() % 3 == 0 ? prng.next() : prng.next() % 5000;
}

std::optional<Nanos> random_optional(Prng& prng) {
  if (prng.next() % 3 == 0) return std::nullopt;
  return random_nanos(prng);
}

// Mostly short plain reasons; sometimes quotes, control bytes, valid and
// invalid UTF-8, and strings long enough to make the writer grow.
std::string random_text(Prng& prng) {
  static constexpr std::string_view kPlain[] = {"renew_deadline", "never_acted", "run_end", "crash",
                                                ""};
  if (prng.next() % 2 == 0) return std::string(kPlain[prng.next() % std::size(kPlain)]);
  std::string text;
  const std::size_t length = prng.next() % 3 == 0 ? 2000 + prng.next() % 3000 : prng.next() % 40;
  for (std::size_t i = 0; i < length; ++i) {
    switch (prng.next() % 6) {
      case 0:
        text += static_cast<char>(prng.next() % 0x20);
        break;
      case 1:
        text += static_cast<char>(0x80 + prng.next() % 0x80);
        break;
      case 2:
        text += "\xc3\xa9";
        break;  // a valid two-byte sequence
      case 3:
        text += "\"\\";
        break;
      default:
        text += static_cast<char>('a' + prng.next() % 26);
        break;
    }
  }
  return text;
}

NodeIndex random_node(Prng& prng) {
  if (prng.next() % 8 == 0) return kNoNode;
  return static_cast<NodeIndex>(prng.next() % 3 == 0 ? prng.next() : prng.next() % 1000);
}

EpochRecord random_record(Prng& prng) {
  EpochRecord record;
  record.epoch = random_count(prng);
  record.winner = random_node(prng);
  record.created_true_ns = random_optional(prng);
  record.created_local_ns = random_optional(prng);
  record.creates = static_cast<std::uint32_t>(prng.next());
  record.deleted_true_ns = random_optional(prng);
  record.superseded_true_ns = random_optional(prng);
  record.contenders_total = random_count(prng);
  for (std::uint64_t& count : record.outcome_counts)
    count = prng.next() % 2 == 0 ? 0 : random_count(prng);
  const std::size_t list_length = prng.next() % 4 == 0 ? prng.next() % 60 : 0;
  for (std::size_t i = 0; i < list_length; ++i) {
    record.contenders.push_back({random_node(prng),
                                 static_cast<AttemptOutcome>(prng.next() % kAttemptOutcomeCount),
                                 random_nanos(prng), random_nanos(prng)});
    record.observations.push_back({random_node(prng), random_nanos(prng), random_nanos(prng)});
  }
  record.observers_total = random_count(prng);
  record.first_observed_ns = random_nanos(prng);
  record.last_observed_ns = random_nanos(prng);
  record.renewals = {random_count(prng), random_nanos(prng), random_nanos(prng),
                     random_nanos(prng)};
  const std::size_t acting_count = prng.next() % 4;
  for (std::size_t i = 0; i < acting_count; ++i) {
    record.acting.push_back({random_node(prng), record.epoch, random_nanos(prng),
                             random_nanos(prng), random_text(prng)});
  }
  record.ended_true_ns = random_nanos(prng);
  record.ended_reason = random_text(prng);
  record.ops = {random_count(prng), random_count(prng), random_count(prng), random_count(prng),
                random_count(prng), random_count(prng), random_count(prng)};
  record.fenced_accepted = random_count(prng);
  record.fenced_rejected = random_count(prng);
  return record;
}

TEST_CASE("the epoch line equals JsonWriter's for random records and reads back") {
  Prng prng(20261127);
  std::string lines;  // one buffer for all: a line is appended after the others
  for (int round = 0; round < 3000; ++round) {
    const EpochRecord record = random_record(prng);
    const std::string expected = reference_epoch_line(record);
    const std::size_t start = lines.size();
    write_epoch_line(lines, record);
    REQUIRE(lines.substr(start) == expected);
    const nlohmann::json parsed = nlohmann::json::parse(lines.substr(start), nullptr, false);
    REQUIRE_FALSE(parsed.is_discarded());
    CHECK(parsed["epoch"].get<std::uint64_t>() == record.epoch);
  }
}

// write_epoch_line claims room for each fixed part once, from bounds on its
// literal text and its numbers (JsonSpanWriter::claim): a record whose every
// number is at its longest (a sign and nineteen digits, or twenty digits),
// with every outcome counted, must still fit (commit asserts it) and equal
// the reference line.
TEST_CASE("the epoch line fits its claimed room with every number at its longest") {
  constexpr auto kLongestNanos = std::numeric_limits<Nanos>::min();
  constexpr auto kLongestCount = std::numeric_limits<std::uint64_t>::max();
  EpochRecord record;
  record.epoch = kLongestCount;
  record.winner = kNoNode - 1;
  record.created_true_ns = kLongestNanos;
  record.created_local_ns = kLongestNanos;
  record.creates = std::numeric_limits<std::uint32_t>::max();
  record.deleted_true_ns = kLongestNanos;
  record.superseded_true_ns = kLongestNanos;
  record.contenders_total = kLongestCount;
  record.outcome_counts.fill(kLongestCount);
  record.observers_total = kLongestCount;
  record.first_observed_ns = kLongestNanos;
  record.last_observed_ns = kLongestNanos;
  record.renewals = {kLongestCount, kLongestNanos, kLongestNanos, kLongestNanos};
  record.ended_true_ns = kLongestNanos;
  record.ended_reason = std::string(40, '\x01') + "\xff\"never_acted\"";
  record.ops = {kLongestCount, kLongestCount, kLongestCount, kLongestCount,
                kLongestCount, kLongestCount, kLongestCount};
  record.fenced_accepted = kLongestCount;
  record.fenced_rejected = kLongestCount;
  const std::string expected = reference_epoch_line(record);
  std::string line;
  write_epoch_line(line, record);
  CHECK(line == expected);
  // Again after other text, through a span writer with no room to spare.
  std::string buffer(4096, 'x');
  std::size_t text_bytes = buffer.size();
  {
    JsonSpanWriter json(buffer, text_bytes);
    write_epoch_line(json, record);
    json.finish();
  }
  REQUIRE(text_bytes == 4096 + expected.size());
  CHECK(buffer.substr(4096, expected.size()) == expected);
}

// The timeline line as JsonWriter writes it (what write_timeline_line wrote
// before it moved to JsonSpanWriter).
std::string reference_timeline_line(const TimelineEvent& event) {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("type", timeline_kind_name(event.kind));
  json.field("true_ns", event.true_ns);
  node_field(json, "node", event.node);
  json.field("name", event.name);
  json.field("detail", event.detail);
  json.field("until_ns", event.until_ns);
  json.end_object();
  return out;
}

TimelineEvent random_timeline_event(Prng& prng) {
  TimelineEvent event;
  event.kind = static_cast<TimelineKind>(prng.next() % kTimelineKindCount);
  event.true_ns = random_nanos(prng);
  event.node = random_node(prng);
  event.name = random_text(prng);
  event.detail = random_text(prng);
  event.until_ns = random_nanos(prng);
  return event;
}

TEST_CASE("the timeline line equals JsonWriter's for random events") {
  Prng prng(20261128);
  std::string lines;
  for (int round = 0; round < 3000; ++round) {
    const TimelineEvent event = random_timeline_event(prng);
    const std::size_t start = lines.size();
    write_timeline_line(lines, event);
    REQUIRE(lines.substr(start) == reference_timeline_line(event));
  }
}

// TraceWriter writes its lines into room it keeps from line to line, whose
// bytes past the text are left from earlier lines (not zero-filled): a line
// shorter than the one before, a flush in mid-run and the digest's range must
// all come out as if each line were written alone.
TEST_CASE("TraceWriter's lines equal the lines written alone, across flushes") {
  Prng prng(20261129);
  std::ostringstream out;
  std::string expected;
  std::string hashed;
  std::string digest;
  {
    TraceWriter writer(out);
    const TraceHeader header;
    writer.on_trace_header(header);
    write_header_line(expected, header);
    expected += '\n';
    for (int round = 0; round < 1500; ++round) {
      std::string line;
      if (prng.next() % 4 == 0) {
        const TimelineEvent event = random_timeline_event(prng);
        writer.on_timeline(event);
        write_timeline_line(line, event);
      } else {
        const EpochRecord record = random_record(prng);
        writer.on_epoch(record);
        write_epoch_line(line, record);
      }
      hashed += line + '\n';
    }
    const TraceFooter footer;
    writer.on_trace_footer(footer);
    std::string footer_prefix;
    write_footer_prefix(footer_prefix, footer);
    hashed += footer_prefix;
    digest = writer.digest();
  }
  expected += hashed;
  Sha256 hash;
  hash.update(hashed);
  CHECK(digest == "sha256:" + hash.hex_digest());
  REQUIRE(out.str().size() > 3 * 65536);  // several flushes
  REQUIRE(out.str().size() > expected.size());
  CHECK(out.str().substr(0, expected.size()) == expected);
  CHECK(out.str().substr(expected.size()) == ",\"digest\":\"" + digest + "\"}\n");
}

// JsonWriter writes its numbers with write_decimal_digits too, so the test
// above cannot see a wrong digit count: this one compares with std::to_string
// at every length's edges (10^k - 1, 10^k, 2^b - 1, 2^b, ...) and at random.
TEST_CASE("write_decimal_digits writes what std::to_string writes, at every length") {
  std::vector<std::uint64_t> numbers = {0, UINT64_MAX, UINT64_MAX - 1};
  std::uint64_t power = 1;
  for (int k = 0; k < 20; ++k) {
    for (const std::uint64_t near : {power - 1, power, power + 1, power + 2})
      numbers.push_back(near);
    if (k < 19) power *= 10;
  }
  for (int bit = 0; bit < 64; ++bit) {
    const std::uint64_t two = std::uint64_t{1} << bit;
    for (const std::uint64_t near : {two - 1, two, two + 1}) numbers.push_back(near);
  }
  // The eight-digit blocks below the top digits, across their range.
  for (std::uint64_t low = 0; low < 100'000'000; low += 9'973) {
    numbers.push_back(low);
    numbers.push_back(123 * std::uint64_t{100'000'000} + low);
    numbers.push_back(18'446'744'073 * std::uint64_t{100'000'000} + low);
  }
  Prng prng(7);
  for (int i = 0; i < 20000; ++i) numbers.push_back(prng.next() >> (prng.next() % 64));
  for (const std::uint64_t number : numbers) {
    char text[kDecimalDigitsMax + 1];
    text[kDecimalDigitsMax] = '#';  // must stay: nothing is written past the digits
    char* const end = write_decimal_digits(text, number);
    REQUIRE(std::string(text, end) == std::to_string(number));
    CHECK(text[kDecimalDigitsMax] == '#');
  }
}

// JsonSpanWriter writes a number of 0 to 9 itself, in line, and leaves the
// others to write_decimal_digits: both sides of that edge, signed and
// unsigned, against std::to_string.
TEST_CASE("the span writer's numbers equal std::to_string around the one-digit shortcut") {
  std::string out;
  std::string expected;
  {
    JsonSpanWriter json(out);
    for (std::int64_t value = -120; value <= 120; ++value) {
      json.number(value);
      json.literal(",");
      expected += std::to_string(value) + ",";
      if (value >= 0) {
        json.number(static_cast<std::uint64_t>(value));
        json.literal(";");
        expected += std::to_string(value) + ";";
      }
    }
    json.number_or_null(std::optional<std::int64_t>(7));
    json.number_or_null(std::optional<std::int64_t>(10));
    json.number_or_null(std::nullopt);
    expected += "710null";
    json.finish();
  }
  CHECK(out == expected);
}

// write_json_string copies the bytes a JSON string may hold as they are and
// escapes the rest; JsonWriter writes its strings with it too, so the line
// tests above cannot see a byte it wrongly copies. Every byte value, between
// plain letters, against what JSON requires.
TEST_CASE("write_json_string copies exactly the printable ASCII bytes, every byte value") {
  for (int value = 0; value < 256; ++value) {
    const char byte = static_cast<char>(value);
    const std::string text = std::string("ab") + byte + "yz";
    std::string out;
    JsonSpanWriter json(out);
    json.string(text);
    json.finish();
    INFO("byte " << value << ": " << out);
    const bool copied = value >= 0x20 && value < 0x80 && byte != '"' && byte != '\\';
    if (copied) {
      CHECK(out == "\"" + text + "\"");
      continue;
    }
    CHECK(out != "\"" + text + "\"");
    const nlohmann::json parsed = nlohmann::json::parse(out, nullptr, false);
    REQUIRE_FALSE(parsed.is_discarded());
    // A lone byte of 0x80 and above is not UTF-8 and becomes U+FFFD.
    const std::string expected = value >= 0x80 ? std::string("ab\xef\xbf\xbdyz") : text;
    CHECK(parsed.get<std::string>() == expected);
  }
}

TEST_CASE("the span writer grows past its first room and trims what it did not write") {
  std::string out = "prefix";
  JsonSpanWriter json(out);
  const std::string long_text(5000, 'x');
  json.literal("[");
  json.string(long_text);
  json.literal(",");
  json.number(std::int64_t{-9223372036854775807 - 1});
  json.literal(",");
  json.number(std::uint64_t{18446744073709551615ULL});
  json.literal(",");
  json.number_or_null(std::nullopt);
  json.literal("]");
  json.finish();
  CHECK(out == "prefix[\"" + long_text + "\",-9223372036854775808,18446744073709551615,null]");
}

}  // namespace
}  // namespace holocron::reports
