#include "reports/trace_writer.hpp"

#include "core/assert.hpp"
#include "reports/trace_codec.hpp"

namespace holocron::reports {

TraceWriter::TraceWriter(std::ostream& out) : out_(out) {
  pending_.reserve(kFlushBytes + 4096);
}

TraceWriter::~TraceWriter() {
  flush();
}

void TraceWriter::finish_line(bool hashed) {
  line_.push_back('\n');
  if (hashed) hash_.update(line_);
  pending_ += line_;
  line_.clear();
  if (pending_.size() >= kFlushBytes) flush();
}

void TraceWriter::flush() {
  if (pending_.empty()) return;
  out_.write(pending_.data(), static_cast<std::streamsize>(pending_.size()));
  pending_.clear();
}

void TraceWriter::on_trace_header(const TraceHeader& header) {
  HOLO_ASSERT(!header_written_);
  header_written_ = true;
  write_header_line(line_, header);
  // The header says what was run and by which binary; the digest covers what
  // happened, so the same run from another directory or build digests equal.
  finish_line(false);
}

void TraceWriter::on_epoch(const EpochRecord& record) {
  HOLO_ASSERT(header_written_);
  HOLO_ASSERT(!footer_written_);
  write_epoch_line(line_, record);
  finish_line(true);
}

void TraceWriter::on_timeline(const TimelineEvent& event) {
  HOLO_ASSERT(header_written_);
  HOLO_ASSERT(!footer_written_);
  write_timeline_line(line_, event);
  finish_line(true);
}

void TraceWriter::on_trace_footer(const TraceFooter& footer) {
  HOLO_ASSERT(header_written_);
  HOLO_ASSERT(!footer_written_);
  footer_written_ = true;
  write_footer_prefix(line_, footer);
  hash_.update(line_);
  digest_ = "sha256:" + hash_.hex_digest();
  line_ += ",\"digest\":\"";
  line_ += digest_;
  line_ += "\"}\n";
  pending_ += line_;
  line_.clear();
  flush();
  out_.flush();
}

}  // namespace holocron::reports
