#include "reports/trace_writer.hpp"

#include "core/assert.hpp"
#include "reports/trace_codec.hpp"

namespace holocron::reports {

TraceWriter::TraceWriter(std::ostream& out) : out_(out) {
  pending_.reserve(kFlushBytes + 4096);
}

TraceWriter::~TraceWriter() {
  // Without a footer the digest is never read; flushing still hands the
  // lines written so far to the stream.
  if (!footer_written_) flush();
}

void TraceWriter::end_line() {
  pending_.push_back('\n');
  if (pending_.size() >= kFlushBytes) flush();
}

void TraceWriter::hash_pending() {
  HOLO_ASSERT(unhashed_from_ <= pending_.size());
  if (unhashed_from_ == pending_.size()) return;
  hash_.update(std::string_view(pending_).substr(unhashed_from_));
  unhashed_from_ = pending_.size();
}

void TraceWriter::flush() {
  hash_pending();
  if (!pending_.empty()) {
    out_.write(pending_.data(), static_cast<std::streamsize>(pending_.size()));
    pending_.clear();
  }
  unhashed_from_ = 0;
}

void TraceWriter::on_trace_header(const TraceHeader& header) {
  HOLO_ASSERT(!header_written_);
  HOLO_ASSERT(pending_.empty());
  header_written_ = true;
  write_header_line(pending_, header);
  pending_.push_back('\n');
  // The header says what was run and by which binary; the digest covers what
  // happened, so the same run from another directory or build digests equal.
  unhashed_from_ = pending_.size();
}

void TraceWriter::on_epoch(const EpochRecord& record) {
  HOLO_ASSERT(header_written_);
  HOLO_ASSERT(!footer_written_);
  write_epoch_line(pending_, record);
  end_line();
}

void TraceWriter::on_timeline(const TimelineEvent& event) {
  HOLO_ASSERT(header_written_);
  HOLO_ASSERT(!footer_written_);
  write_timeline_line(pending_, event);
  end_line();
}

void TraceWriter::on_trace_footer(const TraceFooter& footer) {
  HOLO_ASSERT(header_written_);
  HOLO_ASSERT(!footer_written_);
  footer_written_ = true;
  // The digest covers every line after the header and the footer up to its
  // own digest member.
  write_footer_prefix(pending_, footer);
  hash_pending();
  digest_ = "sha256:" + hash_.hex_digest();
  pending_ += ",\"digest\":\"";
  pending_ += digest_;
  pending_ += "\"}\n";
  out_.write(pending_.data(), static_cast<std::streamsize>(pending_.size()));
  pending_.clear();
  unhashed_from_ = 0;
  out_.flush();
}

}  // namespace holocron::reports
