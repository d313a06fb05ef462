#include "reports/trace_writer.hpp"

#include "core/assert.hpp"
#include "reports/trace_codec.hpp"

namespace holocron::reports {

TraceWriter::TraceWriter(std::ostream& out) : out_(out) {
  pending_.resize(kFlushBytes + 4096);
}

TraceWriter::~TraceWriter() {
  // Without a footer the digest is never read; flushing still hands the
  // lines written so far to the stream.
  if (!footer_written_) flush();
}

void TraceWriter::append(std::string_view text) {
  if (pending_.size() - pending_bytes_ < text.size()) pending_.resize(pending_bytes_ + text.size());
  text.copy(pending_.data() + pending_bytes_, text.size());
  pending_bytes_ += text.size();
}

void TraceWriter::hash_pending() {
  HOLO_ASSERT(unhashed_from_ <= pending_bytes_);
  if (unhashed_from_ == pending_bytes_) return;
  hash_.update(std::string_view(pending_).substr(unhashed_from_, pending_bytes_ - unhashed_from_));
  unhashed_from_ = pending_bytes_;
}

void TraceWriter::flush() {
  hash_pending();
  if (pending_bytes_ != 0) {
    out_.write(pending_.data(), static_cast<std::streamsize>(pending_bytes_));
    pending_bytes_ = 0;
  }
  unhashed_from_ = 0;
}

void TraceWriter::on_trace_header(const TraceHeader& header) {
  HOLO_ASSERT(!header_written_);
  HOLO_ASSERT(pending_bytes_ == 0);
  header_written_ = true;
  std::string line;
  write_header_line(line, header);
  append(line);
  append("\n");
  // The header says what was run and by which binary; the digest covers what
  // happened, so the same run from another directory or build digests equal.
  unhashed_from_ = pending_bytes_;
}

void TraceWriter::on_epoch(const EpochRecord& record) {
  HOLO_ASSERT(header_written_);
  HOLO_ASSERT(!footer_written_);
  JsonSpanWriter json(pending_, pending_bytes_);
  write_epoch_line(json, record);
  json.literal("\n");
  json.finish();
  if (pending_bytes_ >= kFlushBytes) flush();
}

void TraceWriter::on_timeline(const TimelineEvent& event) {
  HOLO_ASSERT(header_written_);
  HOLO_ASSERT(!footer_written_);
  JsonSpanWriter json(pending_, pending_bytes_);
  write_timeline_line(json, event);
  json.literal("\n");
  json.finish();
  if (pending_bytes_ >= kFlushBytes) flush();
}

void TraceWriter::on_trace_footer(const TraceFooter& footer) {
  HOLO_ASSERT(header_written_);
  HOLO_ASSERT(!footer_written_);
  footer_written_ = true;
  // The digest covers every line after the header and the footer up to its
  // own digest member.
  std::string line;
  write_footer_prefix(line, footer);
  append(line);
  hash_pending();
  digest_ = "sha256:" + hash_.hex_digest();
  append(",\"digest\":\"");
  append(digest_);
  append("\"}\n");
  out_.write(pending_.data(), static_cast<std::streamsize>(pending_bytes_));
  pending_bytes_ = 0;
  unhashed_from_ = 0;
  out_.flush();
}

}  // namespace holocron::reports
