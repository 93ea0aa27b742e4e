// Reading the files fanout looks for itself in a repository (configuration,
// `extends` targets, baseline, cache) with the guards sources get: a
// committed symlink to /dev/zero, a FIFO or a 4 GB file must be refused, not
// read (src/files/ internal; implemented in read.cpp).
#pragma once

#include <cstddef>
#include <string>

namespace fanout::files {

/// The text of one such file, or why it was not read.
struct OwnFile {
  enum class Status { ok, missing, refused } status = Status::ok;
  std::string text;
  std::string error;  ///< missing or refused: what follows "PATH: " in a message
};

/// Reads `path` when it is a regular file of at most `max_bytes`. A symbolic
/// link is followed only to a regular file under the folder `within` (the
/// repository), checked on the link's real path; with `within` empty, to any
/// regular file (a path the user named). Never blocks on a FIFO or device.
OwnFile read_own_file(const std::string& path, std::size_t max_bytes, const std::string& within);

/// "1 MiB", "64 KiB": a size limit as messages show it.
std::string size_limit_text(std::size_t bytes);

}  // namespace fanout::files
