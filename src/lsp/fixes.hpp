// What `fanout check --fix` would do to a document: the whole fix loop for
// "fix all", and the per-fix check that --fix would not drop it.
#pragma once

#include <string>

#include "fanout/analyzer.hpp"
#include "fanout/diagnostic.hpp"
#include "lsp/analysis.hpp"

namespace fanout::lsp {

/// The document's text after `--fix` (every safe fix, pass after pass),
/// starting from `planned` (Analysis::planned).
std::string fix_all(const Analysis& analysis, const Findings& planned, Analyzer& analyzer);

/// True when `--fix` would apply `fix` on its own: it is `safe` and leaves no
/// more syntax errors than the text had.
bool applies_alone(const Analysis& analysis, const Fix& fix, Analyzer& analyzer);

}  // namespace fanout::lsp
