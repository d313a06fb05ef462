#include "sim/cli/terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace holocron::cli {

Terminal detect_terminal() {
  Terminal terminal;
  terminal.stdout_is_tty = ::isatty(STDOUT_FILENO) == 1;
  terminal.stderr_is_tty = ::isatty(STDERR_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  const bool color_refused = (no_color != nullptr && no_color[0] != '\0') ||
                             (term != nullptr && std::strcmp(term, "dumb") == 0);
  terminal.color = terminal.stdout_is_tty && !color_refused;
  return terminal;
}

const char* tone_begin(const Terminal& terminal, Tone tone) {
  if (!terminal.color) return "";
  switch (tone) {
    case Tone::kGood:
      return "\033[32m";
    case Tone::kBad:
      return "\033[1;31m";
    case Tone::kDim:
      return "\033[2m";
  }
  return "";
}

const char* tone_end(const Terminal& terminal) {
  return terminal.color ? "\033[0m" : "";
}

}  // namespace holocron::cli
