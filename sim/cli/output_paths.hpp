// Refusing output paths that would destroy data before a command does any
// work: two outputs of one command that name the same file (their writes
// interleave, or the later one replaces the earlier), and an output that
// names one of the command's inputs (the input is truncated before, or
// while, it is read). Both used to exit 0 with the data gone.
#pragma once

#include <string>
#include <vector>

#include "sim/cli/scenario_error.hpp"

namespace holocron::cli {

// A conflict between the paths given to one command. It is a usage error
// (exit 2) like any ScenarioError, but its message starts with the command
// ("holosim run: ..."), as the option parser's usage errors do.
class PathConflictError : public ScenarioError {
 public:
  PathConflictError(const std::string& command, const std::string& message)
      : ScenarioError("holosim " + command, "", message) {}
};

// One file a command reads or writes, with the name the user knows it by: a
// flag ("--trace"), a positional argument ("the scenario FILE") or a
// scenario field ("output.trace in x.json").
struct NamedPath {
  std::string name;
  std::string path;  // empty: not read or written this time; ignored
};

// Whether `a` and `b` name the same file: the same existing file (device and
// inode, so hard links and symbolic links count), or, when they do not both
// exist yet, the same absolute path once "." and ".." and the symbolic links
// of the existing part are resolved. A character device (/dev/null, a
// terminal) is never "the same file": nothing written there is stored, so
// nothing is lost by sharing it.
[[nodiscard]] bool same_file(const std::string& a, const std::string& b);

// Throws PathConflictError when two of `outputs` are the same file, or one
// of `outputs` is one of `inputs`. `command` names the command in the
// message ("run").
void check_output_paths(const std::string& command, const std::vector<NamedPath>& inputs,
                        const std::vector<NamedPath>& outputs);

}  // namespace holocron::cli
