// Helpers shared by the CLI tests: a scratch directory that is removed at the
// end of the test, and capturing the message of a ScenarioError.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <doctest/doctest.h>

#include "sim/cli/scenario_error.hpp"

namespace holocron::cli::testing {

class ScratchDirectory {
 public:
  ScratchDirectory() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("holocron-cli-test-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter.fetch_add(1)));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // Writes `contents` to a file in the directory and returns its path.
  std::string write(const std::string& name, const std::string& contents) const {
    const auto file = path_ / name;
    std::ofstream stream(file, std::ios::binary);
    stream << contents;
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

// Runs `action`, which must throw a ScenarioError, and returns its message.
inline std::string scenario_error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ScenarioError& error) {
    return error.what();
  }
  FAIL("expected a ScenarioError, but nothing was thrown");
  return {};
}

}  // namespace holocron::cli::testing
