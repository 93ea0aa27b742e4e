// Finding the files to check and reading them safely (src/files/).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fanout {

struct ReadResult;

/// A file to check: how to open it, and how to show it.
struct SourcePath {
  std::string path;      ///< as given or found (openable from the working directory)
  std::string display;   ///< relative to the working directory when under it, `/` separators
  std::string blob;      ///< --staged: the git object id of the staged content, read instead of `path`
  /// --staged: that content, read for every staged file by one `git cat-file --batch`
  std::shared_ptr<const ReadResult> staged;
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

/// Files above this size are skipped: a parse tree takes up to ~200 bytes
/// per source byte (dense minified code), so this keeps one file under ~2 GB,
/// while the largest hand-written or compiled sources (typescript.js, 9 MB)
/// are still checked. Generated bundles are the usual files above it.
inline constexpr std::size_t kMaxSourceBytes = 10u * 1024 * 1024;

/// The result of reading one file.
struct ReadResult {
  enum class Status { ok, binary, too_large, error } status = Status::ok;
  std::string text;
  std::string error;     ///< for `binary`, `too_large` and `error`: why
};

/// Reads a file without blocking on FIFOs or devices; a file with a NUL byte
/// whose start is not text (many control bytes, or not UTF-8) is `binary`,
/// more than kMaxSourceBytes `too_large` (both are skipped, not errors); a
/// NUL inside a string or comment of a text file is read like any character. Invalid UTF-8 is kept as is (tree-sitter reads it as U+FFFD).
/// `buffer`'s storage is reused for the text: a worker reading thousands of
/// files into one buffer spares the allocator and the kernel a fresh,
/// zero-filled mapping per file.
ReadResult read_source(const std::string& path, std::string buffer = {});

/// The checks read_source() makes, for text already in memory (standard
/// input, an editor's buffer): `too_large` or `binary` as a file would be.
ReadResult read_text(std::string text);
/// The binary-file policy read_source applies (and --staged to git's blobs).
bool is_binary(std::string_view text);

/// The staged blob when `source.blob` is set (--staged), else the file.
ReadResult read_source(const SourcePath& source, std::string buffer = {});

}  // namespace fanout
