#include "sim/cli/worker_pool.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
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

fs::path result_path(const fs::path& scratch, std::uint64_t seed) {
  return scratch / fmt::format("{}.out", seed);
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

// Writes a seed's result under a temporary name and renames it into place,
// so the parent never reads a half-written result of a child that died.
bool write_result(const fs::path& out_path, const std::string& output) {
  const fs::path partial_path = fs::path(out_path).concat(".partial");
  const int out_fd = ::open(partial_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (out_fd < 0) return false;
  const bool written = write_all(out_fd, output);
  if (::close(out_fd) != 0 || !written) return false;
  return ::rename(partial_path.c_str(), out_path.c_str()) == 0;
}

// The child: stderr to its file, no core dumps, run its seeds in order,
// hand each result back as it finishes, _exit (never return into the
// parent's stack or run its atexit handlers). The first seed that crashes
// or throws ends the child; the parent knows it as the first seed of the
// batch without a result, and runs the rest of the batch in a new child.
[[noreturn]] void run_child(const SeedWork& work, const std::vector<std::uint64_t>& batch,
                            const fs::path& scratch, const fs::path& err_path) {
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
  for (const std::uint64_t seed : batch) {
    // A crash finding quotes the stderr of its own seed only.
    std::fflush(stderr);
    if (::ftruncate(STDERR_FILENO, 0) == 0) ::lseek(STDERR_FILENO, 0, SEEK_SET);
    try {
      if (!write_result(result_path(scratch, seed), work(seed))) {
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
    std::vector<std::uint64_t> batch;
    fs::path err_path;
  };
  std::map<pid_t, Running> running;
  const std::uint64_t total = seeds.count();
  std::uint64_t issued = 0;
  // Seeds of a batch whose child died before reaching them: run first, in a
  // new child, so that one crash never loses its neighbours.
  std::deque<std::uint64_t> requeued;
  std::uint64_t children = 0;

  // Smaller batches near the end keep both workers busy until the last seed.
  const auto next_batch = [&] {
    const std::uint64_t remaining = requeued.size() + (total - issued);
    const std::uint64_t size =
        std::clamp<std::uint64_t>(remaining / (std::uint64_t{jobs} * 4), 1, kSeedsPerWorkerMax);
    std::vector<std::uint64_t> batch;
    while (batch.size() < size && !requeued.empty()) {
      batch.push_back(requeued.front());
      requeued.pop_front();
    }
    while (batch.size() < size && issued < total) {
      batch.push_back(seeds.first + issued * seeds.stride);
      ++issued;
    }
    HOLO_ASSERT(!batch.empty());
    return batch;
  };

  const auto start_children = [&] {
    while ((issued < total || !requeued.empty()) && running.size() < jobs) {
      Running child{next_batch(), scratch / fmt::format("{}.err", children++)};
      // Flush before forking so that buffered output is not written twice.
      std::cout.flush();
      std::cerr.flush();
      std::fflush(nullptr);
      const pid_t pid = ::fork();
      if (pid < 0) {
        throw std::runtime_error(fmt::format("fork failed: {}", std::strerror(errno)));
      }
      if (pid == 0) run_child(work, child.batch, scratch, child.err_path);
      running.emplace(pid, std::move(child));
    }
  };

  try {
    while (issued < total || !requeued.empty() || !running.empty()) {
      start_children();
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
      // A child that exited cleanly left every result and requeued nothing,
      // so its replacement can start before the results are read: reading
      // and handing over a batch (the sweep parses each seed's summary) took
      // up to a few milliseconds during which a core stood idle, 40 times in
      // a sweep of 400 seeds (strace of holosim sweep scenarios/swarm.json
      // --seeds 1..400 --jobs 2: 54 ms in all). After a crash the new batch
      // must start with the requeued seeds, so it waits for them.
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) start_children();

      std::error_code ignored;
      std::size_t index = 0;
      for (; index < child.batch.size(); ++index) {
        const fs::path out_path = result_path(scratch, child.batch[index]);
        if (!fs::exists(out_path, ignored)) break;
        WorkerOutcome outcome;
        outcome.seed = child.batch[index];
        outcome.output = read_file_or_empty(out_path);
        fs::remove(out_path, ignored);
        done(std::move(outcome));
      }
      if (index < child.batch.size()) {
        // The seed the child was running when it died (a clean exit always
        // leaves every result, so this child did not exit cleanly).
        WorkerOutcome outcome;
        outcome.seed = child.batch[index];
        outcome.crashed = true;
        outcome.crash = describe_status(status);
        const std::string tail = stderr_tail(read_file_or_empty(child.err_path));
        if (!tail.empty()) outcome.crash += ": " + tail;
        fs::remove(fs::path(result_path(scratch, outcome.seed)).concat(".partial"), ignored);
        done(std::move(outcome));
        for (std::size_t rest = child.batch.size(); rest > index + 1; --rest) {
          requeued.push_front(child.batch[rest - 1]);
        }
      }
      fs::remove(child.err_path, ignored);
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
