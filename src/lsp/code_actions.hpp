// textDocument/codeAction: the rewrite as a quick fix when `--fix` would
// apply it, unsafe rewrites as separate actions, a suppression comment, and
// "fix all safe fan-outs in file" (source.fixAll).
#pragma once

#include <nlohmann/json.hpp>

#include "lsp/analysis.hpp"

namespace fanout::lsp {

/// The kind of the fix-all action (VS Code runs it on save under source.fixAll).
inline constexpr const char* kFixAllKind = "source.fixAll.fanout";

/// `document_changes`: the client takes versioned `documentChanges` edits.
nlohmann::json code_actions(const Analysis& analysis, const nlohmann::json& params, AnalyzerCache& analyzers,
                            bool document_changes);

}  // namespace fanout::lsp
