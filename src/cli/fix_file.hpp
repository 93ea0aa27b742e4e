// `--fix` for one file: safe fixes applied pass after pass, each pass checked
// against the original's syntax errors (style.md, Fixes).
#pragma once

#include <cstddef>
#include <string>

#include "fanout/analyzer.hpp"

namespace fanout::cli {

/// The text after fixing, and what is left to report in it.
struct FixedText {
  std::string text;       ///< equals the original when nothing applied
  FileResult result;      ///< the analysis of `text`
  std::size_t applied = 0;
};

/// Applies the `safe` fixes of `first` (the analysis of `original`), re-analyses
/// and repeats, at most 10 passes, until none applies. A fix that would add
/// syntax errors is dropped; its finding stays reported.
FixedText fix_text(Analyzer& analyzer, const std::string& display_path, const std::string& original,
                   SourceKind kind, FileResult first);

}  // namespace fanout::cli
