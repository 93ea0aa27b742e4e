// Rewrites (semantics.md, Rewrites): planning a fix for a finding, applying
// fixes to a text, and writing a fixed file without ever losing data.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fanout/diagnostic.hpp"
#include "fanout/options.hpp"
#include "fanout/rule.hpp"

namespace fanout {

namespace fixer {
struct Layout;
struct Modules;
}  // namespace fixer

/// Plans the rewrite of `Promise.all(E.map(cb))` (or `Array.from(E, cb)`) in
/// the chosen style. Returns a `safe` fix only when semantics.md's gate holds
/// (Promise.all, awaited or returned, callback without a third parameter);
/// otherwise a `display_only` suggestion, or nothing.
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
  /// The file's bindings and import anchor, and its layout (src/fix/parts.hpp):
  /// read once per tree, where each finding of a bundle used to read them again.
  std::shared_ptr<const fixer::Modules> modules;
  std::shared_ptr<const fixer::Layout> layout;
};

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

/// Writes `text` over `path` atomically (temporary file in the same folder,
/// then rename), keeping the file mode. Refuses when the file on disk no
/// longer equals `original`, when it has hard links, and, given `roots`
/// (real paths of the checked folders), when its real path is outside them.
/// Returns an error message, or nullopt on success.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& original,
                                                 const std::string& text, const std::vector<std::string>& roots = {});

}  // namespace fanout
