// Reading git's index file (gitformat-index(5), versions 2 to 4) for
// --staged, so that a pre-commit hook needs no git process
// (src/files/ internal).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fanout::files {

struct IndexEntry {
  std::string path;  ///< relative to the top of the work tree, '/'-separated
  std::uint32_t mode = 0;  ///< 0100644, 0100755, 0120000 or 0160000
  std::array<char, 20> id{};  ///< the staged object's id, raw
  int stage = 0;     ///< 0, or 1-3 for the sides of a conflict
};

struct GitIndex {
  std::vector<IndexEntry> entries;  ///< by path, then stage, as git keeps them
  /// The cache-tree extension's valid directories: "" for the top, "src/"
  /// for a folder, mapped to the tree id (raw) the index holds there.
  std::map<std::string, std::string, std::less<>> trees;
};

/// The index in `bytes`; nullopt when it is damaged, unsorted, or uses what
/// this reader does not know (a mandatory extension such as a split or
/// sparse index, `git add -N` entries): the caller then asks git.
std::optional<GitIndex> parse_git_index(std::string_view bytes);

}  // namespace fanout::files
