#include "sim/cli/report_output.hpp"

#include <filesystem>
#include <fstream>

#include "core/assert.hpp"
#include "reports/render.hpp"
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
  if (!reports::report_format_for_path(path).has_value()) {
    throw ScenarioError(path, "",
                        "unknown report format \"" + extension +
                            "\"; expected a path ending in .json, .md or .html");
  }
}

void create_parent_directories(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  // A failure shows up when the file is opened, with the file's name.
}

void write_text_file(const std::string& path, const std::string& contents) {
  create_parent_directories(path);
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  if (!stream) throw ScenarioError(path, "", "cannot be opened for writing");
  stream << contents;
  stream.flush();
  if (!stream) throw ScenarioError(path, "", "could not be written completely (disk full?)");
}

std::string render_report_text(const reports::RunReport& report, const std::string& extension) {
  const auto format = reports::report_format_for_path("report" + extension);
  HOLO_ASSERT(format.has_value());
  return reports::render_run(report, *format);
}

void write_run_report(const reports::RunReport& report, const std::string& path) {
  check_report_path(path);
  write_text_file(path, render_report_text(report, extension_of(path)));
}

}  // namespace holocron::cli
