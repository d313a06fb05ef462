// Corpus replay: every file in tests/fuzz/corpus/<target>/ goes through its
// fuzz target's entry function, in the ordinary test suite, with any compiler.
// The corpus holds the interesting inputs the fuzzers found (each one reached
// code the others did not), so replaying it is a fast regression test of the
// hostile-input paths. A file that makes a target throw fails its test case;
// one that crashes ends the binary, which ./holo test counts as a failure.
// Inputs that still crash are kept in tests/fuzz/findings/ instead, outside
// the replay, until the code they break is fixed.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/fuzz/fuzz_targets.hpp"

namespace holocron::fuzz {
namespace {

namespace fs = std::filesystem;

// A corpus is kept small on purpose (see HOSTILE_INPUTS.md); this is a
// generous bound that catches a corpus dumped unminimised.
constexpr std::size_t kCorpusFilesMax = 400;

std::vector<fs::path> corpus_files(const std::string& target) {
  const fs::path directory = fs::path(HOLOCRON_SOURCE_ROOT) / "tests" / "fuzz" / "corpus" / target;
  std::vector<fs::path> files;
  if (!fs::is_directory(directory)) return files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // a stable order for stable reports
  return files;
}

std::vector<std::uint8_t> read_bytes(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

// Runs every corpus file of `target` and returns how many there were.
std::size_t replay(const std::string& target,
                   const std::function<void(std::span<const std::uint8_t>)>& entry) {
  const auto files = corpus_files(target);
  CHECK(files.size() <= kCorpusFilesMax);
  for (const auto& file : files) {
    const auto bytes = read_bytes(file);
    INFO("corpus file: ", file.string());
    CHECK_NOTHROW(entry(bytes));
  }
  return files.size();
}

TEST_CASE("fuzz replay: scenario parser corpus") {
  CHECK(replay("scenario", fuzz_scenario) > 0);
}

TEST_CASE("fuzz replay: lock-record and node-state decoder corpus") {
  CHECK(replay("codecs", fuzz_codecs) > 0);
}

TEST_CASE("fuzz replay: election core corpus") {
  CHECK(replay("elector", fuzz_elector) > 0);
}

// The targets must themselves be able to fail, or the replay proves nothing.
TEST_CASE("fuzz replay: a broken property is reported, not swallowed") {
  CHECK_THROWS_AS(require(false, "example"), InvariantViolation);
  CHECK_NOTHROW(require(true, "example"));
}

}  // namespace
}  // namespace holocron::fuzz
