// `fanout check` without the command line: discovery, reading, analysis on
// worker threads, and `--fix`. Output order never depends on the threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fanout/analyzer.hpp"
#include "fanout/files.hpp"
#include "fanout/options.hpp"
#include "fanout/report.hpp"

namespace fanout::cli {

/// `output`: --fix with --stdin, the fixed text goes to CheckOutcome::fixed_text.
enum class FixMode : std::uint8_t { none, apply, dry_run, output };

/// The configuration of one file, from configuration discovery.
struct FileOptions {
  std::shared_ptr<const AnalysisOptions> options;  ///< null: `CheckRequest::analysis`
  bool ignored = false;                            ///< skipped silently (`ignorePatterns`)
};

/// Resolves one file's options on the calling thread before analysis; an
/// error (an invalid configuration) stops the run.
using ConfigureFile = std::function<std::optional<std::string>(const SourcePath&, FileOptions&)>;

/// What to check and how.
struct CheckRequest {
  std::vector<std::string> paths;   ///< none means "."
  /// --staged / --changed-since: these files (from git) instead of discovering `paths`.
  std::optional<std::vector<SourcePath>> files;
  /// --stdin: the text of the one file in `files`, checked instead of reading it.
  std::optional<std::string> text;
  AnalysisOptions analysis;
  ConfigureFile configure;          ///< unset: `analysis` for every file
  unsigned jobs = 1;                ///< worker threads, each with its own Analyzer
  FixMode fix = FixMode::none;
  bool progress = false;            ///< may draw a progress line on stderr for long runs
  std::string cache_location;       ///< --cache: the cache file; empty: no cache
};

/// A package that --fix imported where the nearest package.json does not
/// declare it, and in how many files (semantics.md, Rewrites).
struct UndeclaredImport {
  AddedImport import;       ///< one of the statements added (they differ only by name)
  std::size_t files = 0;
  bool all_require = true;  ///< every statement added is a `require(...)`
};

/// Everything a run produced, in display-path order.
struct CheckOutcome {
  std::vector<FileResult> files;    ///< every file checked or skipped; unreadable ones are left out
  RunSummary summary;
  std::vector<std::string> errors;  ///< discovery, read and write problems: each one means exit 2
  bool aborted = false;             ///< a configuration error stopped the run before analysis
  std::string diff;                 ///< dry run: the unified diff of every file `--fix` would change
  std::size_t fixes_applied = 0;    ///< over all files (dry run: that would be applied)
  std::size_t files_fixed = 0;
  std::optional<std::string> fixed_text;  ///< FixMode::output: the text after fixing, when checked
  std::vector<UndeclaredImport> undeclared_imports;  ///< by package and package.json, first seen first
};

CheckOutcome run_check(const CheckRequest& request);

/// The note for a file that is not checked (binary, too large): `why`.
FileResult skipped_file(const std::string& display, const std::string& why);

}  // namespace fanout::cli
