// textDocument/hover on a finding: its message, help and fix, then the rule's
// documentation as `fanout explain RULE` prints it.
#pragma once

#include <nlohmann/json.hpp>

#include "lsp/analysis.hpp"

namespace fanout::lsp {

/// The hover for `params.position`, or null when no finding is there.
nlohmann::json hover(const Analysis& analysis, const nlohmann::json& params, AnalyzerCache& analyzers);

}  // namespace fanout::lsp
