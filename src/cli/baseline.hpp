// The baseline (README.md, Baseline): ESLint's bulk-suppressions file
// `fanout-suppressions.json`, `{ "path/from/repo/root.js": { "rule-id": { "count": N } } }`.
// Findings up to the recorded count of a rule in a file are not reported.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fanout/analyzer.hpp"

namespace fanout::cli {

inline constexpr const char* kBaselineFile = "fanout-suppressions.json";

/// Repository-relative path (`/` separators) -> rule id -> count.
using BaselineCounts = std::map<std::string, std::map<std::string, std::size_t, std::less<>>, std::less<>>;

/// Baseline files above this size are refused (a file per line and rule:
/// even a vast repository's stays under a few MB).
inline constexpr std::size_t kMaxBaselineBytes = 64u << 20;

/// Reads a baseline file; a missing file is an empty baseline when `optional`.
/// It must be a regular file of at most kMaxBaselineBytes; a symbolic link is
/// followed only to a file under `within` (anywhere when empty).
std::optional<std::string> read_baseline(const std::string& path, bool optional, BaselineCounts& out,
                                         const std::string& within = {});
/// The file's text: keys sorted, two-space indent, final newline (stable diffs).
std::string baseline_text(const BaselineCounts& counts);
std::optional<std::string> write_baseline(const std::string& path, const BaselineCounts& counts);

/// The key of a checked file: its path relative to `repo_root`, `/`-separated.
std::string baseline_key(const std::string& display_path, const std::string& repo_root);

/// Findings of each rule in each checked file (notes about the run aside).
BaselineCounts count_findings(const std::vector<FileResult>& files, const std::vector<std::string>& keys);

struct BaselineOutcome {
  std::size_t suppressed = 0;  ///< findings hidden by the baseline
  std::size_t stale = 0;       ///< recorded findings that no longer occur
  BaselineCounts pruned;       ///< the baseline without them
};

/// Hides, per file and rule, the first `recorded` findings and keeps the
/// rest (which of them is new cannot be told from counts: the last ones in
/// the file are reported). `keys[i]` is the key of `files[i]`; `repo_root`
/// tells whether a recorded file that was not checked still exists.
BaselineOutcome apply_baseline(const BaselineCounts& baseline, std::vector<FileResult>& files,
                               const std::vector<std::string>& keys, const std::string& repo_root);

/// `--suppress-all`: the checked files' counts replace their entries; the
/// entries of files not checked in this run stay.
BaselineCounts merge_counts(const BaselineCounts& baseline, const BaselineCounts& current,
                            const std::vector<std::string>& keys);

/// What `fanout check` asks of the baseline.
struct BaselineRequest {
  std::string location;        ///< --suppressions-location; "" for the repository root's file
  bool suppress_all = false;   ///< write every finding into the file
  bool prune = false;          ///< drop entries that no longer occur
};

/// Reads (or writes) the baseline and removes the findings it covers from
/// `files`; notes on stderr about what was written or is stale. Returns an
/// I/O or format error (exit 2).
std::optional<std::string> run_baseline(const BaselineRequest& request, std::vector<FileResult>& files);

}  // namespace fanout::cli
