// holosim: the deterministic election simulator's command line.
#include "sim/cli/command_line.hpp"

int main(int argc, char** argv) {
  return holocron::cli::holosim_main(argc, argv);
}
