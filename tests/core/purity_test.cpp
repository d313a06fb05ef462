// Rule (core: sans-IO purity): core/ never reads a clock, sleeps, starts a
// thread, does IO, uses <random> or globals from the environment, and never
// includes anything from sim/, faultmodels/ or reports/. This test reads the
// sources and fails if any forbidden construct appears. (<cstdio> is allowed
// in core/assert.cpp only: an assertion failure prints its message and aborts.)
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct SourceFile {
  std::string name;  // e.g. "core/elector.hpp"
  std::string text;
};

std::vector<SourceFile> core_sources() {
  std::vector<SourceFile> files;
  const std::filesystem::path root = std::filesystem::path(HOLOCRON_SOURCE_ROOT) / "core";
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    const std::string extension = entry.path().extension().string();
    if (extension != ".cpp" && extension != ".hpp") continue;
    std::ifstream in(entry.path());
    std::ostringstream text;
    text << in.rdbuf();
    files.push_back(SourceFile{"core/" + entry.path().filename().string(), text.str()});
  }
  return files;
}

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// True when `word` occurs in `text` not preceded by an identifier character
// (so "time(" matches "time(" and "std::time(" but not "runtime(").
bool contains_token(const std::string& text, const std::string& word) {
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    if (at == 0 || !is_identifier_char(text[at - 1])) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("rule purity: the scan finds the core sources (it cannot pass vacuously)") {
  const auto files = core_sources();
  CHECK(files.size() > 10);
  bool found_interface = false;
  for (const auto& file : files) {
    if (file.name == "core/elector.hpp") {
      found_interface = file.text.find("class Elector") != std::string::npos;
    }
  }
  CHECK(found_interface);
  CHECK(contains_token("x = time(nullptr);", "time("));
  CHECK(contains_token("std::time(nullptr)", "time("));
  CHECK_FALSE(contains_token("runtime(1)", "time("));
}

TEST_CASE("rule purity: no clocks, threads, randomness, IO, environment or outer layers in core/") {
  const std::vector<std::string> forbidden{"<chrono>",
                                           "<thread>",
                                           "<random>",
                                           "<fstream>",
                                           "<iostream>",
                                           "<mutex>",
                                           "<filesystem>",
                                           "std::rand",
                                           "time(",
                                           "clock_gettime",
                                           "getenv",
                                           "#include \"sim/",
                                           "#include \"faultmodels/",
                                           "#include \"reports/"};
  for (const auto& file : core_sources()) {
    for (const auto& word : forbidden) {
      CAPTURE(file.name);
      CAPTURE(word);
      CHECK_FALSE(contains_token(file.text, word));
    }
    if (file.name != "core/assert.cpp") {
      CAPTURE(file.name);
      CHECK_FALSE(contains_token(file.text, "<cstdio>"));
    }
  }
}
