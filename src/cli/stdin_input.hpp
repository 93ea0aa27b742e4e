// `fanout check --stdin --stdin-filename PATH`: the text on standard input
// checked as if it were PATH (editor plugins check unsaved buffers this way).
#pragma once

#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/driver.hpp"

namespace fanout::cli {

/// Reads standard input into `request` as the one file to check, after
/// refusing the flags that name other files or write them. Returns the
/// usage or I/O error.
std::optional<std::string> read_stdin_request(const CheckArgs& args, CheckRequest& request);

}  // namespace fanout::cli
