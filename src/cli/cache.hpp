// `--cache`: each file's findings kept between runs, keyed by the file's
// content hash, the fanout version and the file's effective configuration.
// A cache file that is corrupt, foreign or from another version is ignored,
// never trusted; it is written atomically (temporary file, then rename).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/diagnostic.hpp"
#include "fanout/options.hpp"

namespace fanout::cli {

/// What `stat` says about a file: when all three match, its content is
/// taken as unchanged without reading it.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  bool operator==(const FileStamp&) const = default;
};

/// `stat` of a path; nullopt when it cannot be read.
std::optional<FileStamp> stamp_of(const std::string& path);

/// A fast 64-bit hash of a file's content (xxh3).
std::uint64_t content_hash(std::string_view text);

/// The effective configuration as a hash: every field of AnalysisOptions.
std::uint64_t options_hash(const AnalysisOptions& options);

/// One file's cached outcome.
struct CacheEntry {
  FileStamp stamp;
  std::uint64_t content = 0;     ///< content_hash of the text analysed
  std::uint64_t options = 0;     ///< options_hash of its configuration
  bool parsed = false;
  std::vector<Diagnostic> diagnostics;
  std::vector<Suppressed> suppressed;
};

/// Caches above this size are refused (a few hundred bytes per file checked).
inline constexpr std::size_t kMaxCacheBytes = 256u << 20;

class ResultCache {
 public:
  /// Reads `path`; anything but a well-formed cache of this version is an
  /// empty cache. A file that is no regular file, is too large, or a link
  /// leading out of the repository is also refused: `error` then says so.
  static ResultCache load(const std::string& path, std::string* error = nullptr);

  const CacheEntry* find(const std::string& display) const;
  /// Records entries (single-threaded, after the run); keeps the others.
  void store(const std::string& display, CacheEntry entry) { entries_[display] = std::move(entry); }
  /// Writes atomically; returns an error message on failure.
  std::optional<std::string> save() const;

 private:
  std::string path_;
  std::map<std::string, CacheEntry, std::less<>> entries_;
};

}  // namespace fanout::cli
