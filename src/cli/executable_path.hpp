// Where the running fanout binary lives (src/cli/ internal).
#pragma once

#include <optional>
#include <string>

namespace fanout::cli {

/// The absolute path of the running executable, asked of the operating
/// system (Linux, macOS, FreeBSD); nullopt where it cannot say, and callers
/// then fall back to `fanout` on PATH.
std::optional<std::string> executable_path();

}  // namespace fanout::cli
