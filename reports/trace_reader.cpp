#include "reports/trace_reader.hpp"

#include <fstream>

#include <fmt/format.h>

#include "reports/sha256.hpp"
#include "reports/trace_codec.hpp"

namespace holocron::reports {
namespace {

// A trace line longer than this is not one we wrote (the largest lines are
// epoch records with lists_max entries, far below it).
constexpr std::size_t kLineBytesMax = 64 << 20;

constexpr std::string_view kDigestKey = ",\"digest\":\"";

[[noreturn]] void fail_at(const JsonSource& source, const std::string& message) {
  throw TraceFormatError(source_prefix(source) + message);
}

}  // namespace

void read_trace(std::istream& in, const std::string& name, TraceConsumer& consumer,
                const TraceReadOptions& options) {
  JsonSource source{name, 0};
  std::string line;
  Sha256 hash;
  bool have_header = false;
  bool have_footer = false;
  std::size_t node_count = 0;
  while (std::getline(in, line)) {
    ++source.line;
    if (have_footer) fail_at(source, "unexpected line after the footer (the footer must be last)");
    if (line.size() > kLineBytesMax) fail_at(source, "line too long to be a trace record");
    const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    if (parsed.is_discarded()) fail_at(source, "not valid JSON");
    const FieldReader record(parsed, "", source);
    const FieldReader type_field = record.at("type");
    const std::string type = type_field.string();
    if (!have_header) {
      if (type != "header") type_field.fail("\"header\" (the first line must be the header)");
      const TraceHeader header = read_header(record);
      node_count = header.run.node_names.size();
      have_header = true;
      consumer.on_trace_header(header);
      continue;
    }
    if (type == "epoch") {
      hash.update(line);
      hash.update("\n");
      consumer.on_epoch(read_epoch(record, node_count));
    } else if (const std::optional<TimelineKind> kind = parse_timeline_kind_name(type)) {
      hash.update(line);
      hash.update("\n");
      consumer.on_timeline(read_timeline(record, *kind, node_count));
    } else if (type == "footer") {
      TraceFooter footer = read_footer(record);
      const std::size_t digest_at = line.rfind(kDigestKey);
      if (digest_at == std::string::npos) fail_at(source, "footer without a digest member last");
      const std::string expected = footer.digest;
      if (options.verify_digest) {
        hash.update(std::string_view(line).substr(0, digest_at));
        const std::string actual = "sha256:" + hash.hex_digest();
        if (actual != expected) {
          fail_at(source, fmt::format("digest mismatch: the footer says {} but the trace hashes "
                                      "to {} (the file was modified or truncated)",
                                      expected, actual));
        }
      }
      have_footer = true;
      consumer.on_trace_footer(footer);
    } else if (type == "header") {
      type_field.fail("a record type other than \"header\" (only the first line is a header)");
    } else {
      type_field.fail(
          "\"epoch\", \"fault\", \"assumption\", \"lifecycle\", \"node_error\" or "
          "\"footer\"");
    }
  }
  if (in.bad()) fail_at(source, "read error");
  if (!have_header) throw TraceFormatError(name + ": empty file (expected a trace header line)");
  if (!have_footer) {
    throw TraceFormatError(fmt::format(
        "{}: ends after line {} without a footer (the run did not finish or the file was cut)",
        name, source.line));
  }
}

Trace read_trace_file(const std::string& path, const TraceReadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceFormatError(path + ": cannot open the trace file");
  TraceCollector collector;
  read_trace(in, path, collector, options);
  return collector.take();
}

}  // namespace holocron::reports
