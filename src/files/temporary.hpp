// Temporary files fanout writes beside a file it replaces (a fixed source,
// the baseline, the cache, the hook), and the cleanup of those a killed run
// left behind (src/files/ internal).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace fanout::files {

/// Creates `.<name>.fanout-<pid>-<n>.tmp` beside `target` with O_EXCL and
/// mode 0600; returns the open descriptor (or -1, errno set) and the path.
/// The pid in the name lets a later run tell a leftover from a live write.
int create_temporary(const std::string& target, std::string& path);

/// Writes all of `text` to `fd`; false with errno set on failure (a full disk).
bool write_all(int fd, std::string_view text);

/// Writes `text` to a temporary file beside `target` and renames it over
/// `target` (mode `mode`). On any failure the temporary file is removed and
/// the error (errno's text) returned; `target` is then unchanged.
std::optional<std::string> replace_file(const std::string& target, std::string_view text, mode_t mode);

/// The process that created a temporary file named `name`, when the name is
/// one create_temporary makes.
std::optional<pid_t> temporary_owner(std::string_view name);

/// Removes fanout's temporary files in `folder` whose process is gone (a run
/// killed between writing and renaming). Best effort: nothing is reported.
/// Returns how many were removed.
std::size_t remove_stale_temporaries(const std::string& folder);

}  // namespace fanout::files
