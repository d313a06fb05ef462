#include "sim/cli/report_output.hpp"

#include <filesystem>
#include <fstream>

#include "reports/json_writer.hpp"
#include "reports/trace_codec.hpp"
#include "sim/cli/scenario_error.hpp"

namespace holocron::cli {
namespace {

std::string extension_of(const std::string& path) {
  return std::filesystem::path(path).extension().string();
}

}  // namespace

void check_report_path(const std::string& path) {
  if (path.empty()) return;
  const auto extension = extension_of(path);
  if (extension != ".json" && extension != ".md" && extension != ".html") {
    throw ScenarioError(path, "",
                        "unknown report format \"" + extension +
                            "\"; expected a path ending in .json, .md or .html");
  }
}

void write_text_file(const std::string& path, const std::string& contents) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  if (!stream) throw ScenarioError(path, "", "cannot be opened for writing");
  stream << contents;
  stream.flush();
  if (!stream) throw ScenarioError(path, "", "could not be written completely (disk full?)");
}

std::string render_report_text(const reports::RunReport& report, const std::string& extension) {
  (void)extension;
  std::string text;
  reports::JsonWriter json(text);
  json.begin_object();
  json.field("scenario", report.header.run.scenario_name);
  json.field("seed", report.header.run.seed);
  json.key("summary");
  reports::write_run_stats(json, report.stats);
  json.key("verdict");
  reports::write_verdict(json, report.footer.verdict);
  json.end_object();
  text += "\n";
  return text;
}

void write_run_report(const reports::RunReport& report, const std::string& path) {
  check_report_path(path);
  write_text_file(path, render_report_text(report, extension_of(path)));
}

}  // namespace holocron::cli
