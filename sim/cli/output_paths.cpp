#include "sim/cli/output_paths.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace holocron::cli {
namespace {

namespace fs = std::filesystem;

// The path as an absolute path with the existing part's symbolic links, "."
// and ".." resolved; the text itself (made lexically normal) when the file
// system cannot say.
fs::path normalised(const std::string& text) {
  std::error_code error;
  fs::path path = fs::absolute(text, error);
  if (error) return fs::path(text).lexically_normal();
  const fs::path canonical = fs::weakly_canonical(path, error);
  return (error ? path : canonical).lexically_normal();
}

bool is_character_device(const fs::file_status& status) {
  return fs::is_character_file(status);
}

// `"a"` when both spell the path the same way; otherwise both spellings, so
// that the user sees why two different-looking paths are one file.
std::string both_paths(const NamedPath& first, const NamedPath& second) {
  if (first.path == second.path) return fmt::format("\"{}\"", first.path);
  return fmt::format("\"{}\" and \"{}\" (the same file)", first.path, second.path);
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
  std::error_code error_a;
  std::error_code error_b;
  const fs::file_status status_a = fs::status(a, error_a);
  const fs::file_status status_b = fs::status(b, error_b);
  if (is_character_device(status_a) || is_character_device(status_b)) return false;
  if (fs::exists(status_a) && fs::exists(status_b)) {
    std::error_code error;
    const bool equivalent = fs::equivalent(a, b, error);
    if (!error) return equivalent;
  }
  return normalised(a) == normalised(b);
}

void check_output_paths(const std::string& command, const std::vector<NamedPath>& inputs,
                        const std::vector<NamedPath>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const NamedPath& output = outputs[i];
    if (output.path.empty()) continue;
    for (const NamedPath& input : inputs) {
      if (input.path.empty() || !same_file(output.path, input.path)) continue;
      throw PathConflictError(
          command, fmt::format("{} would overwrite {}, {} it reads; give {} another path",
                               output.name, both_paths(output, input), input.name, output.name));
    }
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      const NamedPath& other = outputs[j];
      if (other.path.empty() || !same_file(output.path, other.path)) continue;
      throw PathConflictError(
          command, fmt::format("{} and {} both write {}; give each its own file", output.name,
                               other.name, both_paths(output, other)));
    }
  }
}

}  // namespace holocron::cli
