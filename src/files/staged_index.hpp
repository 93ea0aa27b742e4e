// What `git diff --cached --diff-filter=ACMR` lists, computed without a git
// process: the index compared with HEAD's tree. A pre-commit hook is fanout's
// most frequent run, and starting git cost it more than the check itself
// (src/files/ internal).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "files/object_store.hpp"

namespace fanout::files {

struct StagedEntry {
  std::string path;  ///< relative to the top of the work tree
  std::uint32_t mode = 0;
  std::string blob;  ///< the staged object's id, 40 hex digits
};

/// The index entries that are added, copied, modified or renamed relative to
/// HEAD (a renamed file is its new name, as git's `R` lists it), by path,
/// for the plain repository `git_dir` (a `.git` folder) in `repository`.
/// GIT_INDEX_FILE names the index as it does for git (relative to the top
/// of the work tree). nullopt whenever git could answer otherwise: an
/// environment or repository setting that moves or changes what git reads
/// (another object folder, object format or ref storage, replace refs,
/// grafts), an index or object this does not read. The caller then asks git.
std::optional<std::vector<StagedEntry>> staged_without_git(const std::string& git_dir, const std::string& repository,
                                                           ObjectStore& objects);

}  // namespace fanout::files
