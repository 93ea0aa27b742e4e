// A line-based unified diff (Myers' algorithm) for `--fix-dry-run`. Our own:
// Debian's libdtl-dev would be one more build dependency for ~150 lines.
#pragma once

#include <string>
#include <string_view>

namespace fanout::cli {

/// The unified diff turning `before` into `after`, with git-style `a/` and `b/`
/// headers for `path` and `context` lines around each change, so that
/// `git apply` takes it from the working directory. Empty when equal.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view path,
                         std::size_t context = 3);

}  // namespace fanout::cli
