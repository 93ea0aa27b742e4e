// The command line (CLI11): `fanout check|rules|explain`.
#pragma once

namespace fanout::cli {

/// Runs fanout with a command line; returns the exit status (cli.md).
int run(int argc, char** argv);

}  // namespace fanout::cli
