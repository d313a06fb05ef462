// Writes the per-epoch trace as JSON Lines (reports/TRACE_FORMAT.md): one
// line per TraceConsumer callback, byte-deterministic, with the footer's
// SHA-256 digest computed as the lines are written.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "reports/sha256.hpp"
#include "reports/trace_model.hpp"

namespace holocron::reports {

class TraceWriter final : public TraceConsumer {
 public:
  // Lines are buffered and handed to `out` in large writes; `out` must
  // outlive the writer. Call nothing after on_trace_footer.
  explicit TraceWriter(std::ostream& out);
  ~TraceWriter() override;

  void on_trace_header(const TraceHeader& header) override;
  void on_epoch(const EpochRecord& record) override;
  void on_timeline(const TimelineEvent& event) override;
  void on_trace_footer(const TraceFooter& footer) override;

  // "sha256:<64 hex digits>", available after on_trace_footer.
  [[nodiscard]] const std::string& digest() const { return digest_; }
  // False when the stream failed (disk full, closed pipe).
  [[nodiscard]] bool ok() const { return out_.good(); }

 private:
  // Lines are hashed and handed on in blocks of this size: large enough that
  // a hash call and a stream write are rare (a thousand-node naive run
  // writes about 100 MB of trace an hour), small enough that the block is
  // still in the first-level cache when SHA-256 reads it back, and that the
  // buffer's few lines stay cached between flushes instead of pushing the
  // simulator's data out of the L2 (a megabyte missed the cache on every
  // byte; 64 KB cost 32,000 more L2 misses a checked minute than 8 KB in
  // cachegrind's model of a 512 KB L2, and 4 KB gave nothing more).
  static constexpr std::size_t kFlushBytes = 1 << 13;

  // Lines are written straight into pending_ and hashed in one piece per
  // flush (kFlushBytes), not line by line: a line is a few hundred
  // bytes, and hashing it alone paid the hash's per-call cost (and, on the
  // SHA extensions, loading and storing the state) thousands of times.
  void append(std::string_view text);
  void hash_pending();
  void flush();

  std::ostream& out_;
  // The text is pending_[0, pending_bytes_); the rest is room kept for the
  // next lines, so that JsonSpanWriter does not zero-fill a kilobyte of it
  // for every line (std::string::resize would).
  std::string pending_;
  std::size_t pending_bytes_ = 0;
  // pending_[unhashed_from_, pending_bytes_) is trace text not yet fed to
  // hash_; what precedes it was hashed already or is not hashed (the header).
  std::size_t unhashed_from_ = 0;
  Sha256 hash_;
  std::string digest_;
  bool header_written_ = false;
  bool footer_written_ = false;
};

}  // namespace holocron::reports
