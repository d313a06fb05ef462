// The trace vocabulary: the names that traces, reports and the Perfetto export
// use for enums, and their inverses for the trace reader. The core's enums use
// the core's own to_string names (one source of truth); the names of the
// reports' own enums and the parsers live here. These names are part of the
// file format (reports/TRACE_FORMAT.md): they must never change meaning.
#pragma once

#include <optional>
#include <string_view>

#include "core/elector.hpp"
#include "core/store.hpp"
#include "reports/facts.hpp"

namespace holocron::reports {

[[nodiscard]] std::string_view algorithm_name(Algorithm algorithm);
[[nodiscard]] std::optional<Algorithm> parse_algorithm_name(std::string_view name);

[[nodiscard]] std::string_view stop_reason_name(StopReason reason);

[[nodiscard]] std::string_view attempt_outcome_name(AttemptOutcome outcome);
[[nodiscard]] std::optional<AttemptOutcome> parse_attempt_outcome_name(std::string_view name);

[[nodiscard]] std::string_view event_kind_name(EventKind kind);

[[nodiscard]] std::string_view lifecycle_name(LifecycleKind kind);

// "LIST", "GET", "PUT", "DELETE" (core's names) and their lower-case JSON keys.
[[nodiscard]] std::string_view op_key(OpKind op);

[[nodiscard]] std::string_view condition_name(Condition condition);

}  // namespace holocron::reports
