// Path patterns of the configuration: gitignore syntax for `ignorePatterns`,
// and the same globs (plus `{a,b}`) for `overrides[].files`. Both are matched
// against `/`-separated paths relative to the folder of the config declaring them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fanout::config {

/// One glob: `*` and `?` stay within a path segment, `**` crosses them,
/// `[a-z]` classes, `{a,b}` alternatives. A pattern without a `/` (other than
/// a trailing one) matches the last segment at any depth, as in .gitignore.
bool glob_match(std::string_view pattern, std::string_view path);

/// One `.gitignore` line, parsed.
struct IgnorePattern {
  std::string glob;        ///< without `!`, leading `/` and trailing `/`
  std::string base;        ///< absolute folder the pattern is relative to, no trailing `/`
  bool negated = false;    ///< `!pattern` re-includes
  bool anchored = false;   ///< has a `/` before its end: relative to `base` only
  bool directory_only = false;
};

/// Parses a gitignore line; false for blank lines and `#` comments.
bool parse_ignore_pattern(std::string_view line, const std::string& base, IgnorePattern& out);

/// Whether an absolute, normalised file path is ignored by `patterns` (later
/// ones win; a file inside an ignored folder stays ignored, as in git).
bool is_ignored(const std::vector<IgnorePattern>& patterns, std::string_view absolute_file);

}  // namespace fanout::config
