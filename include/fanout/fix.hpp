// Rewrites (semantics.md, Rewrites): planning a fix for a finding, applying
// fixes to a text, and writing a fixed file without ever losing data.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fanout/analyzer.hpp"
#include "fanout/diagnostic.hpp"
#include "fanout/options.hpp"
#include "fanout/rule.hpp"

namespace fanout {

namespace fixer {
struct Modules;
}  // namespace fixer

/// Facts every rewrite in one file needs that each cost a walk of the whole
/// tree (how it writes imports, names in use): filled on first use, shared by
/// the findings of one tree (a bundle has hundreds), never across trees.
struct RewriteFacts {
  /// How an added import or require is written, in the file's own habits.
  struct ImportStyle {
    char quote = '\'';        ///< as the file's first module specifier
    bool semicolons = true;   ///< as most of its first statements
    bool var_only = false;    ///< an ES5 file that never uses `let`/`const`
  };
  std::optional<ImportStyle> import_style;
  std::optional<std::set<std::string>> taken;
  /// The file's module system, bindings, import anchor, layout and project
  /// (package.json, tsconfig.json; src/fix/parts.hpp): read once per tree,
  /// where each finding of a bundle used to read them again.
  std::shared_ptr<const fixer::Modules> modules;
};

/// Plans the rewrite of `Promise.all(E.map(cb))` (or `Array.from(E, cb)`) in
/// the chosen style (`automatic`: the first that fits the file and project).
/// Returns a `safe` fix only when every clause of semantics.md's "When a
/// rewrite is safe" holds; otherwise a `display_only` suggestion that fits the
/// sink, or nothing when the finding is no promise combinator.
std::optional<Fix> plan_rewrite(const Finding& finding, const Semantic& semantic,
                                const FixOptions& options, RewriteFacts* facts = nullptr);

/// The result of applying fixes to one text.
struct AppliedFixes {
  std::string text;
  std::size_t applied = 0;    ///< fixes applied
  std::size_t skipped = 0;    ///< overlapping fixes left for a later pass
};

/// Applies the given fixes' edits in one pass: sorted, overlapping fixes skipped.
AppliedFixes apply_fixes(const std::string& text, const std::vector<const Fix*>& fixes);

/// The text after fixing, and what is left to report in it.
struct FixedText {
  std::string text;       ///< equals the original when nothing applied
  FileResult result;      ///< the analysis of `text`
  std::size_t applied = 0;
};

/// The fix loop: applies the `safe` fixes of `first` (the analysis of
/// `original`; `unsafe` ones too under --fix-unsafe), re-analyses and repeats,
/// at most 10 passes, until none applies. A pass that adds syntax errors is
/// bisected: the culprit fixes are dropped (their findings stay reported) and
/// the rest applied. `--fix`, `--fix-dry-run` and every test call this.
FixedText fix_text(Analyzer& analyzer, const std::string& display_path, const std::string& original,
                   SourceKind kind, FileResult first);
inline FixedText fix_text(Analyzer& analyzer, const std::string& display_path, const std::string& original,
                          Language language, FileResult first) {
  return fix_text(analyzer, display_path, original, source_kind_of(language), std::move(first));
}

/// Writes `text` over `path` atomically (temporary file in the same folder,
/// then rename), keeping the file mode. Refuses when the file on disk no
/// longer equals `original`, when it has hard links, and, given `roots`
/// (real paths of the checked folders), when its real path is outside them.
/// Returns an error message, or nullopt on success.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& original,
                                                 const std::string& text, const std::vector<std::string>& roots = {});

}  // namespace fanout
