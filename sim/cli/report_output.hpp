// Writing a run's election-stability report to a file, in the form its
// extension names (.json, .md, .html), with the renderers of reports/.
#pragma once

#include <string>

#include "reports/run_report.hpp"

namespace holocron::cli {

// Throws ScenarioError unless `path` is empty or ends in .json, .md or .html.
void check_report_path(const std::string& path);

// The report rendered in the form `extension` names (".json", ".md",
// ".html").
[[nodiscard]] std::string render_report_text(const reports::RunReport& report,
                                             const std::string& extension);

// Renders and writes the report. Throws ScenarioError when it cannot be
// written.
void write_run_report(const reports::RunReport& report, const std::string& path);

// Creates the directories above `path` if they are missing (so that
// `--report out/report.html` works in a fresh checkout).
void create_parent_directories(const std::string& path);

// Writes `contents` to `path`, replacing it. Throws ScenarioError.
void write_text_file(const std::string& path, const std::string& contents);

}  // namespace holocron::cli
