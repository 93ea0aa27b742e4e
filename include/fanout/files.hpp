// Finding the files to check and reading them safely (src/files/).
#pragma once

#include <string>
#include <vector>

namespace fanout {

/// A file to check: how to open it, and how to show it.
struct SourcePath {
  std::string path;      ///< as given or found (openable from the working directory)
  std::string display;   ///< relative to the working directory when under it, `/` separators
  std::string blob;      ///< --staged: the git object id of the staged content, read instead of `path`
};

/// A path that could not be walked or read; reported on stderr, exit 2 at the end.
struct PathError {
  std::string path;
  std::string message;
};

struct Discovery {
  std::vector<SourcePath> files;   ///< sorted by display path, no duplicates
  std::vector<PathError> errors;
};

/// Walks `paths` (files or folders; none means "."), per cli.md: folders are
/// walked recursively for the JS/TS extensions, honouring .gitignore exactly as
/// git does inside a work tree, never entering node_modules or .git unless
/// named directly. Files named directly are always included.
Discovery discover(const std::vector<std::string>& paths);

/// The display form of a path: relative to the working directory when under
/// it, with `/` separators.
std::string display_path(const std::string& path);

/// The result of reading one file.
struct ReadResult {
  enum class Status { ok, binary, error } status = Status::ok;
  std::string text;
  std::string error;     ///< for `binary` and `error`: why
};

/// Reads a file without blocking on FIFOs or devices; a NUL byte makes it
/// `binary`. Invalid UTF-8 is kept as is (tree-sitter reads it as U+FFFD).
ReadResult read_source(const std::string& path);

/// The staged blob when `source.blob` is set (--staged), else the file.
ReadResult read_source(const SourcePath& source);

}  // namespace fanout
