// The holosim command line: `holosim COMMAND [OPTIONS]`, parsed with
// Boost.Program_options into the option structs of commands.hpp. Part of the
// executable only (the library and the tests never link Boost).
#pragma once

namespace holocron::cli {

// The whole program: parses argv, runs the command, returns the exit code.
int holosim_main(int argc, char** argv);

}  // namespace holocron::cli
