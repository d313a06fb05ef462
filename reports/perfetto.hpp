// Export of a run to the Chrome trace event format (JSON), which Perfetto
// (ui.perfetto.dev) and chrome://tracing open: one track per node with one
// slice per epoch it led, a "cluster" track with the intervals where two or
// more nodes acted at once, and instant events for faults, assumption breaks
// and lifecycle changes on the track of the node they hit (the cluster track
// for store-wide ones). Times are microseconds with exactly three decimals,
// so the export is byte-deterministic.
#pragma once

#include <ostream>
#include <string>

#include "reports/run_report.hpp"

namespace holocron::reports {

void write_perfetto(std::ostream& out, const RunReport& report);
[[nodiscard]] std::string perfetto_json(const RunReport& report);

}  // namespace holocron::reports
