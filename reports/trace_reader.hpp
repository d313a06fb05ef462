// Reads a per-epoch trace (reports/TRACE_FORMAT.md) back into values and
// streams them to a TraceConsumer. Every problem is a TraceFormatError whose
// message names the file, the line and the field: a trace is input at the
// edge, typically handed to `holosim report TRACE` by a user.
#pragma once

#include <istream>
#include <string>

#include "reports/json_read.hpp"
#include "reports/trace_model.hpp"

namespace holocron::reports {

struct TraceReadOptions {
  // Recompute the SHA-256 digest and fail if it differs from the footer's
  // (the file was edited or cut and patched).
  bool verify_digest = true;
};

// `name` is how messages refer to the input (usually its path).
void read_trace(std::istream& in, const std::string& name, TraceConsumer& consumer,
                const TraceReadOptions& options = {});

// Reads a whole trace file into memory. Throws TraceFormatError, also when
// the file cannot be opened.
[[nodiscard]] Trace read_trace_file(const std::string& path, const TraceReadOptions& options = {});

}  // namespace holocron::reports
