// The fanout executable: everything lives in fanout_core; this only hands
// over the command line.
#include "cli/app.hpp"

int main(int argc, char** argv) { return fanout::cli::run(argc, argv); }
