// The election-stability report in its three forms: JSON for machines (the
// schema is documented in reports/REPORT_FORMAT.md), Markdown for pull
// requests, and one self-contained HTML page with inline SVG charts for
// people (no scripts, fonts or styles from the network). Each exists for one
// run, a sweep of seeds, and a comparison of algorithms.
//
// Every renderer is a pure function of its input: the same report gives the
// same bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "reports/run_report.hpp"
#include "reports/sweep.hpp"

namespace holocron::reports {

enum class ReportFormat : std::uint8_t { kJson, kMarkdown, kHtml };

// By file extension: .json, .md / .markdown, .html / .htm.
[[nodiscard]] std::optional<ReportFormat> report_format_for_path(std::string_view path);

[[nodiscard]] std::string render_run_json(const RunReport& report);
[[nodiscard]] std::string render_run_markdown(const RunReport& report);
[[nodiscard]] std::string render_run_html(const RunReport& report);
[[nodiscard]] std::string render_run(const RunReport& report, ReportFormat format);

[[nodiscard]] std::string render_sweep_json(const SweepReport& report);
[[nodiscard]] std::string render_sweep_markdown(const SweepReport& report);
[[nodiscard]] std::string render_sweep_html(const SweepReport& report);
[[nodiscard]] std::string render_sweep(const SweepReport& report, ReportFormat format);

[[nodiscard]] std::string render_comparison_json(const ComparisonReport& report);
[[nodiscard]] std::string render_comparison_markdown(const ComparisonReport& report);
[[nodiscard]] std::string render_comparison_html(const ComparisonReport& report);
[[nodiscard]] std::string render_comparison(const ComparisonReport& report, ReportFormat format);

// The few lines `holosim run` prints: leader changes, failover p50/p99,
// leaderless and dual-leader time, store requests and cost, the verdict, and
// each stored violation with the command that reproduces it.
[[nodiscard]] std::string run_summary_text(const RunReport& report);

}  // namespace holocron::reports
