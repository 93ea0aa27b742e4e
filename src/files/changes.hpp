// The files git says changed, for `fanout check --staged` and
// `--changed-since REF` (src/files/ internal; see changes.cpp for the rules).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/files.hpp"

namespace fanout::files {

/// Lines of the new version of a file, 1-based.
using LineSet = std::set<std::uint32_t>;

/// What a change set selects: the files, and for --changed-since the lines.
struct ChangeSet {
  std::vector<SourcePath> files;               ///< sorted by display path
  /// By display path; a file missing here counts as changed on every line
  /// (a new, untracked file). Empty for --staged, which reports whole files.
  std::map<std::string, LineSet, std::less<>> lines;
  bool whole_files = true;                     ///< --staged: no line filter
  std::string error;                           ///< set: the run stops with exit 2
};

/// The staged version of every added, copied, modified or renamed JS/TS file
/// in the index (`git diff --cached`), limited to `paths` when given.
ChangeSet staged_changes(const std::vector<std::string>& paths);

/// The JS/TS files changed between the merge base of REF and HEAD and the
/// working tree, plus untracked ones, with the lines changed in each.
ChangeSet changes_since(const std::string& ref, const std::vector<std::string>& paths);

/// The new-side line numbers of `git diff -U0` output, by path relative to the
/// repository's top. Exposed for tests.
std::map<std::string, LineSet, std::less<>> parse_zero_context_diff(std::string_view patch);

/// Undoes git's C-style quoting of a path (`"a\tb"`); unquoted text as is.
std::string unquote_git_path(std::string_view text);

}  // namespace fanout::files
