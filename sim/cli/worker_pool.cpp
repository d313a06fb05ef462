#include "sim/cli/worker_pool.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "core/assert.hpp"

namespace holocron::cli {
namespace {

namespace fs = std::filesystem;

// Exit status of a child whose work threw; distinct from assertion aborts
// (a signal) so the finding can say which it was.
constexpr int kChildExceptionStatus = 3;

std::string read_file_or_empty(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return {};
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

std::string stderr_tail(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  std::string tail;
  const std::size_t begin =
      lines.size() > kCrashStderrLinesMax ? lines.size() - kCrashStderrLinesMax : 0;
  for (std::size_t i = begin; i < lines.size(); ++i) tail += (tail.empty() ? "" : " | ") + lines[i];
  if (tail.size() > kCrashStderrBytesMax)
    tail = "..." + tail.substr(tail.size() - kCrashStderrBytesMax);
  return tail;
}

bool write_all(int fd, const std::string& data) {
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t result = ::write(fd, data.data() + written, data.size() - written);
    if (result < 0 && errno == EINTR) continue;
    if (result <= 0) return false;
    written += static_cast<std::size_t>(result);
  }
  return true;
}

// The child: stderr to its file, no core dumps, run, hand back, _exit (never
// return into the parent's stack or run its atexit handlers).
[[noreturn]] void run_child(const SeedWork& work, std::uint64_t seed, const fs::path& out_path,
                            const fs::path& err_path) {
  const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (err_fd >= 0) {
    ::dup2(err_fd, STDERR_FILENO);
    ::close(err_fd);
  }
  const int null_fd = ::open("/dev/null", O_WRONLY);
  if (null_fd >= 0) {
    ::dup2(null_fd, STDOUT_FILENO);
    ::close(null_fd);
  }
  struct rlimit no_core {};
  ::setrlimit(RLIMIT_CORE, &no_core);
  try {
    const std::string output = work(seed);
    const int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out_fd < 0 || !write_all(out_fd, output) || ::close(out_fd) != 0) {
      std::fprintf(stderr, "worker: cannot write its result: %s\n", std::strerror(errno));
      ::_exit(kChildExceptionStatus);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "worker: exception: %s\n", error.what());
    ::_exit(kChildExceptionStatus);
  } catch (...) {
    std::fprintf(stderr, "worker: unknown exception\n");
    ::_exit(kChildExceptionStatus);
  }
  ::_exit(0);
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    const int signal_number = WTERMSIG(status);
    const char* name = sigabbrev_np(signal_number);
    return fmt::format("killed by signal {} (SIG{})", signal_number, name != nullptr ? name : "?");
  }
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  return "ended abnormally";
}

}  // namespace

void run_in_workers(const SeedSequence& seeds, unsigned jobs, const SeedWork& work,
                    const SeedDone& done) {
  HOLO_ASSERT(jobs > 0);
  HOLO_ASSERT(seeds.stride > 0);
  if (seeds.count() == 0) return;

  std::string pattern = (fs::temp_directory_path() / "holosim-workers-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error(
        fmt::format("cannot create a temporary directory for workers: {}", std::strerror(errno)));
  }
  const fs::path scratch(pattern);
  struct Running {
    std::uint64_t seed;
    fs::path out_path;
    fs::path err_path;
  };
  std::map<pid_t, Running> running;
  const std::uint64_t total = seeds.count();
  std::uint64_t issued = 0;

  try {
    while (issued < total || !running.empty()) {
      while (issued < total && running.size() < jobs) {
        const std::uint64_t seed = seeds.first + issued * seeds.stride;
        ++issued;
        Running child{seed, scratch / fmt::format("{}.out", seed),
                      scratch / fmt::format("{}.err", seed)};
        // Flush before forking so that buffered output is not written twice.
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
        const pid_t pid = ::fork();
        if (pid < 0) {
          throw std::runtime_error(fmt::format("fork failed: {}", std::strerror(errno)));
        }
        if (pid == 0) run_child(work, seed, child.out_path, child.err_path);
        running.emplace(pid, std::move(child));
      }
      int status = 0;
      const pid_t pid = ::waitpid(-1, &status, 0);
      if (pid < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(fmt::format("waitpid failed: {}", std::strerror(errno)));
      }
      const auto found = running.find(pid);
      if (found == running.end()) continue;  // not one of ours
      Running child = std::move(found->second);
      running.erase(found);

      WorkerOutcome outcome;
      outcome.seed = child.seed;
      const bool clean_exit = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      std::error_code ignored;
      if (clean_exit && fs::exists(child.out_path, ignored)) {
        outcome.output = read_file_or_empty(child.out_path);
      } else {
        outcome.crashed = true;
        outcome.crash = describe_status(status);
        const std::string tail = stderr_tail(read_file_or_empty(child.err_path));
        if (!tail.empty()) outcome.crash += ": " + tail;
      }
      fs::remove(child.out_path, ignored);
      fs::remove(child.err_path, ignored);
      done(std::move(outcome));
    }
  } catch (...) {
    // Do not leave workers behind: stop and reap the ones still running.
    for (const auto& [pid, child] : running) ::kill(pid, SIGKILL);
    for (const auto& [pid, child] : running) ::waitpid(pid, nullptr, 0);
    std::error_code ignored;
    fs::remove_all(scratch, ignored);
    throw;
  }
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
}

}  // namespace holocron::cli
