#include "sim/cli/sweep_output.hpp"

#include <system_error>

#include "sim/cli/report_output.hpp"
#include "sim/cli/scenario_error.hpp"

namespace holocron::cli {

void prepare_output_directory(const std::filesystem::path& directory) {
  std::error_code error;
  if (std::filesystem::exists(directory, error) && !std::filesystem::is_directory(directory)) {
    throw ScenarioError(directory.string(), "", "is a file; expected an output directory");
  }
  std::filesystem::create_directories(directory, error);
  if (error) {
    throw ScenarioError(directory.string(), "",
                        "cannot be created as an output directory: " + error.message());
  }
}

void write_sweep_directory(const std::filesystem::path& directory, const SweepIdentity& identity,
                           const SweepAggregate& aggregate) {
  write_text_file((directory / kSweepFileName).string(), write_sweep_identity(identity));
  write_text_file((directory / kSummaryFileName).string(), aggregate.summary_json(identity));
}

}  // namespace holocron::cli
