// The exit codes of every holosim command. Scripts rely on them, so they are
// part of the interface and never change meaning.
#pragma once

namespace holocron::cli {

inline constexpr int kExitPassed = 0;         // every check passed
inline constexpr int kExitCheckFailed = 1;    // a check failed (a finding)
inline constexpr int kExitBadInput = 2;       // bad input or usage
inline constexpr int kExitInternalError = 3;  // a bug in holosim itself

}  // namespace holocron::cli
