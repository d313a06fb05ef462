// What the process is attached to: whether stdout and stderr are terminals,
// and whether color is allowed (https://no-color.org: a non-empty NO_COLOR
// turns it off; so does TERM=dumb). Progress bars and colors are decided here
// once, so every command behaves the same way in a pipe, a CI log and a shell.
#pragma once

namespace holocron::cli {

struct Terminal {
  bool stdout_is_tty = false;
  bool stderr_is_tty = false;
  bool color = false;  // color on stdout is allowed and useful
};

[[nodiscard]] Terminal detect_terminal();

// ANSI color for a word on stdout, or the word alone when color is off.
enum class Tone { kGood, kBad, kDim };
[[nodiscard]] const char* tone_begin(const Terminal& terminal, Tone tone);
[[nodiscard]] const char* tone_end(const Terminal& terminal);

}  // namespace holocron::cli
