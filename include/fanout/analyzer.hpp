// The per-file pipeline: pre-filter, parse, walk with rule dispatch, describe,
// and plan fixes. Used by the CLI driver, the tests and the fuzzer.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fanout/diagnostic.hpp"
#include "fanout/options.hpp"
#include "fanout/sources.hpp"
#include "fanout/source_file.hpp"
#include "fanout/syntax.hpp"

namespace fanout {

/// The outcome of analysing one file.
struct FileResult {
  std::shared_ptr<const SourceFile> file;  ///< kept for code frames and fixes
  std::vector<Diagnostic> diagnostics;     ///< sorted by position, then rule id
  std::vector<Suppressed> suppressed;      ///< findings silenced by comments, in the same order
  bool parsed = false;                     ///< false when the pre-filter skipped it
  std::optional<std::string> output;       ///< --fix --stdin: the fixed text (ESLint's `output`)
};

class ParserPool;
class DocumentTree;

/// The source kind of a plain text in `language`.
SourceKind source_kind_of(Language language);

/// Reusable per-thread analysis state (one tree-sitter parser per language).
class Analyzer {
 public:
  explicit Analyzer(const AnalysisOptions& options);
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /// Pre-filters, parses and checks `text`: the one per-file entry of the
  /// check driver, the tests and the editor. `kind` (sources.hpp, by the
  /// path's ending) decides what is read: the whole file, or a component's
  /// script blocks; Flow files are recognised by their pragma. The text is
  /// copied into the result only when the pre-filter lets the file through,
  /// so a caller that reads many files into one reused buffer can pass a view.
  /// With `document` (an editor's buffer), a plain JavaScript or TypeScript
  /// text is reparsed incrementally from its last tree, and the new tree is
  /// left there. Without `plan_fixes` the findings carry no fix (the
  /// editor's diagnostics: fixes are planned when a code action asks).
  FileResult analyze(std::string display_path, std::string_view text, SourceKind kind,
                     DocumentTree* document = nullptr, bool plan_fixes = true);
  /// The same for a plain JavaScript, TypeScript or TSX text.
  FileResult analyze(std::string display_path, std::string_view text, Language language,
                     DocumentTree* document = nullptr);
  const AnalysisOptions& options() const;

  /// Parses `text` and tells whether it has any ERROR or MISSING node.
  bool has_syntax_error(const std::string& text, Language language);
  /// Counts ERROR and MISSING nodes in every block the analysis reads (the
  /// fixer compares before and after).
  std::size_t syntax_error_count(const std::string& text, SourceKind kind);
  std::size_t syntax_error_count(const std::string& text, Language language);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fanout
