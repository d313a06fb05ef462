// ScenarioError: the one exception type for bad input at the edge (a scenario
// file, a --set override, a command-line argument). Its message always names
// where the input came from (the file, or "--set"), the JSON path of the field
// and what was expected, so that a user can fix the input without reading
// code. The CLI turns it into exit code 2.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace holocron::cli {

class ScenarioError : public std::runtime_error {
 public:
  // `origin` is the file name (or "--set", "<canonical>"); `path` is the JSON
  // path of the field ("cluster.nodes", "faults.scheduled[2].at"), empty for
  // errors about the whole document.
  ScenarioError(std::string origin, std::string path, const std::string& message)
      : std::runtime_error(format(origin, path, message)),
        origin_(std::move(origin)),
        path_(std::move(path)) {}

  [[nodiscard]] const std::string& origin() const { return origin_; }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  static std::string format(const std::string& origin, const std::string& path,
                            const std::string& message) {
    if (path.empty()) return origin + ": " + message;
    return origin + ": " + path + ": " + message;
  }

  std::string origin_;
  std::string path_;
};

}  // namespace holocron::cli
