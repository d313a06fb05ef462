// Helpers shared by the CLI tests: a scratch directory that is removed at the
// end of the test, running a shell command with its output captured, the
// paths of the built holosim and the shipped scenarios, and capturing the
// message of a ScenarioError.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
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

// What a command run through the shell did.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  if (stream) contents << stream.rdbuf();
  return contents.str();
}

// Runs `command` with /bin/sh, stdout and stderr captured in files of
// `scratch` (so large outputs cannot block a pipe).
inline CommandResult run_shell(const ScratchDirectory& scratch, const std::string& command) {
  static std::atomic<int> counter{0};
  const int id = counter.fetch_add(1);
  const auto out_path = scratch.path() / ("stdout-" + std::to_string(id));
  const auto err_path = scratch.path() / ("stderr-" + std::to_string(id));
  const std::string full = command + " >'" + out_path.string() + "' 2>'" + err_path.string() + "'";
  const int status = std::system(full.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_whole_file(out_path);
  result.err = read_whole_file(err_path);
  return result;
}

// The holosim binary of this build (tests/cli/meson.build makes the test
// depend on it).
inline std::string holosim_path() {
  return HOLOCRON_BUILD_ROOT "/sim/cli/holosim";
}

// A shipped scenario file.
inline std::string scenario_path(const std::string& name) {
  return HOLOCRON_SOURCE_ROOT "/scenarios/" + name;
}

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
