// fanout's Diagnostics as LSP diagnostics: the same severity, message, code
// (the rule id, linked to its documentation) and related locations as
// `fanout check` prints.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fanout/diagnostic.hpp"
#include "lsp/line_index.hpp"

namespace fanout::lsp {

/// Where a rule's documentation is published (its README beside the code).
std::string rule_doc_url(std::string_view rule_id);

/// `lines` indexes the text the diagnostic's spans point into; `uri` is the document's.
nlohmann::json lsp_diagnostic(const Diagnostic& diagnostic, const LineIndex& lines, const std::string& uri);

/// A configuration that cannot be read: shown on the document's first line.
nlohmann::json configuration_diagnostic(const std::string& error);

}  // namespace fanout::lsp
