// One file's text analysed as the file at its path: the single entry that
// `fanout check`, `check --stdin` and the language server share, so every kind
// of file (its language, from the path) is read the same way by all three.
#pragma once

#include <string>
#include <string_view>

#include "fanout/analyzer.hpp"

namespace fanout {

/// Analyses `text` as the content of `path` (which need not exist), shown as
/// `display`. With `document` (an editor's buffer), plain JavaScript and
/// TypeScript are reparsed incrementally from its previous tree. Without
/// `plan_fixes`, findings carry no fix (Analyzer::analyze).
FileResult analyse_source_text(Analyzer& analyzer, const std::string& path, std::string display,
                               std::string_view text, DocumentTree* document = nullptr, bool plan_fixes = true);

}  // namespace fanout
